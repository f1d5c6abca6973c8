//! The contract's GraphQL documents, copied into `tests/operations.graphql`,
//! split so that each test sends one operation with the fragments it uses.

const DOCUMENT: &str = include_str!("../../operations.graphql");

/// Top-level definitions (operations and fragments) of the document.
fn definitions() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for line in DOCUMENT.lines() {
        let starts_definition = ["query ", "mutation ", "fragment "]
            .iter()
            .any(|k| line.starts_with(k));
        if starts_definition {
            let name: String = line
                .split_whitespace()
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((name, String::new()));
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some((_, text)) = found.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    found
}

/// The operation `name` followed by every fragment it spreads.
pub fn operation(name: &str) -> String {
    let definitions = definitions();
    let (_, text) = definitions
        .iter()
        .find(|(n, t)| n == name && !t.starts_with("fragment"))
        .unwrap_or_else(|| panic!("no operation {name} in the contract"));
    let mut document = text.clone();
    for (fragment, body) in definitions.iter().filter(|(_, t)| t.starts_with("fragment")) {
        if text.contains(&format!("...{fragment}")) {
            document.push_str(body);
        }
    }
    document
}
