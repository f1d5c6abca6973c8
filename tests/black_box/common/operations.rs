//! The contract's GraphQL documents (`tests/operations.graphql`): each test
//! sends one operation with the fragments it spreads, read by the same code
//! as the load benchmark's requests.

/// The operation `name` followed by every fragment it spreads.
pub fn operation(name: &str) -> String {
    coforum_bench::load::contract::operation(name).unwrap_or_else(|e| panic!("{e}"))
}
