//! The rooms hold: each crate depends only on what its job allows
//! (docs/architecture.md), read from `cargo metadata`, so a new `use` of a
//! forbidden crate fails here before it reaches review.

use std::collections::BTreeMap;
use std::process::Command;

/// Each crate, the workspace crates it may use, and the outside crates it
/// must never use directly.
const ROOMS: &[(&str, &[&str], &[&str])] = &[
    (
        "coforum-domain",
        &[],
        &[
            "tokio",
            "sea-orm",
            "axum",
            "async-graphql",
            "askama",
            "hyper",
            "tower",
            "reqwest",
        ],
    ),
    (
        "coforum-persistence",
        &["coforum-domain", "coforum-migration"],
        &["axum", "async-graphql", "askama", "hyper"],
    ),
    (
        "coforum-mail",
        &["coforum-domain", "coforum-persistence"],
        &["axum", "async-graphql", "sea-orm", "hyper", "tower-http"],
    ),
    (
        "coforum-app",
        &["coforum-domain", "coforum-persistence", "coforum-mail"],
        &[
            "axum",
            "async-graphql",
            "askama",
            "sea-orm",
            "hyper",
            "tower-http",
        ],
    ),
    (
        "coforum-graphql",
        &["coforum-app", "coforum-domain"],
        &["axum", "sea-orm", "askama", "hyper", "tower-http"],
    ),
    (
        "coforum-server",
        &["coforum-graphql", "coforum-app", "coforum-domain"],
        &["askama", "sea-orm"],
    ),
    (
        "coforum-web",
        &["coforum-graphql", "coforum-app", "coforum-domain"],
        &["sea-orm", "hyper"],
    ),
];

/// Normal (non-dev, non-build) dependencies of every workspace package.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let mut found = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let names = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| d["name"].as_str().expect("name").to_owned())
            .collect();
        found.insert(package["name"].as_str().expect("name").to_owned(), names);
    }
    found
}

#[test]
fn every_crate_depends_only_on_what_its_room_allows() {
    let found = dependencies();
    let mut broken = Vec::new();
    for (name, allowed_inside, forbidden) in ROOMS {
        let deps = found
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is in the workspace"));
        for dep in deps {
            if dep.starts_with("coforum-") && !allowed_inside.contains(&dep.as_str()) {
                broken.push(format!("{name} depends on {dep}"));
            }
            if forbidden.contains(&dep.as_str()) {
                broken.push(format!("{name} depends on {dep}, which its room forbids"));
            }
        }
    }
    assert!(broken.is_empty(), "the rooms do not hold:\n{}", broken.join("\n"));
}

#[test]
fn the_production_binary_does_not_link_the_benchmark() {
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).expect("metadata is JSON");
    let root = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "coforum")
        .expect("the coforum package");
    let bench = root["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .find(|d| d["name"] == "coforum-bench" && d["kind"].is_null())
        .expect("coforum-bench, for seed-bench");
    assert_eq!(
        bench["optional"], true,
        "coforum-bench must stay behind the bench feature"
    );
}

#[test]
fn every_room_is_in_the_workspace_and_checked() {
    let found = dependencies();
    let unchecked: Vec<&String> = found
        .keys()
        .filter(|name| !["coforum", "coforum-bench", "coforum-migration"].contains(&name.as_str()))
        .filter(|name| !ROOMS.iter().any(|(room, _, _)| room == name))
        .collect();
    assert!(
        unchecked.is_empty(),
        "crates with no room in the table: {unchecked:?}"
    );
}
