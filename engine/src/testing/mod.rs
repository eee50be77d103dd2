//! Synthetic data and the brute-force oracle, for tests and benchmarks only
//! (the `synthetic` feature). Every synthetic record says so in its name
//! and source.

pub mod oracle;
pub mod synthetic;
