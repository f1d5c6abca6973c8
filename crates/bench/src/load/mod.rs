//! Placeholder module: the load driver is being written (issue 7).
