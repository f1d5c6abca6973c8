//! The checked-in `schema.graphql` is the schema the server serves.

const CHECKED_IN: &str = include_str!("../../schema.graphql");

#[test]
fn the_checked_in_schema_matches_the_server() {
    let served = coforum_graphql::export_sdl();
    assert!(
        served == CHECKED_IN,
        "schema.graphql is out of date: run `cargo run -- export-schema > schema.graphql`\n\
         (first differing line: {:?})",
        served
            .lines()
            .zip(CHECKED_IN.lines())
            .find(|(a, b)| a != b)
            .map_or_else(
                || "(one is a prefix of the other)".to_owned(),
                |(a, b)| format!("served {a:?}, checked in {b:?}")
            ),
    );
}

/// Rust's names for the schema's types must not leak into it: every type
/// is named as the contract names it.
#[test]
fn no_type_in_the_schema_carries_a_rust_suffix() {
    let sdl = coforum_graphql::export_sdl();
    let leaked: Vec<&str> = sdl
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            ["type ", "enum ", "input ", "scalar ", "interface ", "union "]
                .iter()
                .find_map(|kind| line.strip_prefix(kind))
        })
        .filter_map(|rest| rest.split([' ', '{']).next())
        .filter(|name| name.ends_with("Gql"))
        .collect();
    assert!(
        leaked.is_empty(),
        "types named after their Rust structs: {leaked:?}"
    );
}
