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
