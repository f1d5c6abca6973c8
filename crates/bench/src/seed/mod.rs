//! Placeholder module: the generator is being written (issue 7).
