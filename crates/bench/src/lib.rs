//! coforum at the scale of a whole council: a data generator and a load
//! benchmark that drives the real server over HTTP.

/// The load driver behind `coforum-loadbench`.
pub mod load;
/// What the generator made, for the load driver to use.
pub mod manifest;
/// `coforum seed-bench`: fills a database with a realistic council.
pub mod seed;
