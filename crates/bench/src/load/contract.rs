//! The contract's documents, sent exactly as written: each request carries
//! one operation and the fragments it spreads, not the whole file, so the
//! server parses what a real client would send.

use anyhow::{Context as _, bail};

/// `tests/operations.graphql`, the copy of the shared contract.
const DOCUMENT: &str = include_str!("../../../../tests/operations.graphql");

/// Top-level definitions of the document as (name, text), comments left out.
fn definitions() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for line in DOCUMENT.lines() {
        let starts_definition = ["query ", "mutation ", "fragment "]
            .iter()
            .any(|keyword| line.starts_with(keyword));
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
pub fn operation(name: &str) -> anyhow::Result<String> {
    let definitions = definitions();
    let Some((_, text)) = definitions
        .iter()
        .find(|(n, text)| n == name && !text.starts_with("fragment"))
    else {
        bail!("the contract has no operation named {name}");
    };
    let mut document = text.clone();
    for (fragment, body) in definitions
        .iter()
        .filter(|(_, text)| text.starts_with("fragment"))
    {
        if text.contains(&format!("...{fragment}")) {
            document.push_str(body);
        }
    }
    Ok(document)
}

/// A request body for `operation` with `variables`, serialised once.
pub fn body(operation_name: &str, variables: serde_json::Value) -> anyhow::Result<bytes::Bytes> {
    let query = operation(operation_name)?;
    let body = serde_json::json!({
        "query": query,
        "operationName": operation_name,
        "variables": variables,
    });
    let bytes = serde_json::to_vec(&body).context("serialising a request body")?;
    Ok(bytes.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_comes_with_the_fragments_it_spreads() {
        let login = operation("Login").expect("Login is in the contract");
        assert!(login.starts_with("mutation Login"));
        assert!(login.contains("fragment Session on AuthPayload"));
        let round = operation("Round").expect("Round is in the contract");
        assert!(round.contains("fragment RoundResult on Round"));
        assert!(!round.contains("fragment Session"));
    }

    #[test]
    fn an_unknown_operation_is_an_error() {
        assert!(operation("Nothing").is_err());
        assert!(operation("Session").is_err(), "a fragment is not an operation");
    }
}
