//! Issue 6, item 4: every operation of the contract, run as each of seven
//! principals, against the expected outcomes in `authorization.table`.
//! Every cell runs, and a failure lists every cell that disagrees.
#![allow(clippy::unwrap_used)]

#[path = "matrix_setup.rs"]
mod matrix_setup;

use std::time::Instant;

use serde_json::Value;

use crate::common::*;
use matrix_setup::{Principal, World};

const TABLE: &str = include_str!("authorization.table");
const CONTRACT: &str = include_str!("../operations.graphql");

/// What a cell may hold besides `ok`: the contract's error codes.
const CODES: [&str; 7] = [
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "BAD_USER_INPUT",
    "CONFLICT",
    "RATE_LIMITED",
    "INTERNAL",
];

/// One row of the table: an operation and the outcome per principal, in
/// the order of [`Principal::ALL`].
#[derive(Debug)]
struct Row {
    operation: String,
    expected: Vec<String>,
}

/// Parses the table, checking its header and every cell.
fn parse_table(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    let (_, header) = lines.next().ok_or("the table has no header line")?;
    let mut columns: Vec<&str> = Principal::ALL.iter().map(|p| p.column()).collect();
    columns.insert(0, "operation");
    let found: Vec<&str> = header.split_whitespace().collect();
    if found != columns {
        return Err(format!(
            "the header must be `{}`, not `{header}`",
            columns.join(" ")
        ));
    }
    let mut rows = Vec::new();
    for (number, line) in lines {
        let cells: Vec<&str> = line.split_whitespace().collect();
        if cells.len() != columns.len() {
            return Err(format!(
                "line {number}: {} cells, expected {}: `{line}`",
                cells.len(),
                columns.len()
            ));
        }
        if let Some(bad) = cells[1..]
            .iter()
            .find(|cell| **cell != "ok" && !CODES.contains(cell))
        {
            return Err(format!("line {number}: `{bad}` is neither ok nor an error code"));
        }
        rows.push(Row {
            operation: cells[0].to_owned(),
            expected: cells[1..].iter().map(|c| (*c).to_owned()).collect(),
        });
    }
    Ok(rows)
}

/// The names of the contract's operations, in document order.
fn contract_operations() -> Vec<String> {
    CONTRACT
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("query ")
                .or_else(|| line.strip_prefix("mutation "))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            Some(name)
        })
        .collect()
}

/// A cell's outcome: the first error's code, or `ok` when every field the
/// operation asked for came back non-null.
fn outcome(body: &Value) -> String {
    if body.get("errors").is_some() {
        return error_code(body).unwrap_or("(error without a code)").to_owned();
    }
    match body["data"].as_object() {
        Some(fields) if !fields.is_empty() && fields.values().all(|v| !v.is_null()) => "ok".to_owned(),
        _ => "(null data)".to_owned(),
    }
}

/// What the server said, shortened for the mismatch listing.
fn evidence(body: &Value) -> String {
    match body.get("errors") {
        Some(errors) => errors[0]["message"].to_string().chars().take(120).collect(),
        None => format!(
            "data: {}",
            body["data"].to_string().chars().take(80).collect::<String>()
        ),
    }
}

#[test]
fn the_table_names_every_operation_of_the_contract_once() {
    let rows = parse_table(TABLE).unwrap_or_else(|e| panic!("authorization.table: {e}"));
    let in_table: Vec<&str> = rows.iter().map(|r| r.operation.as_str()).collect();
    let contract = contract_operations();
    assert!(contract.len() >= 31, "the contract's operations: {contract:?}");
    let mut missing: Vec<&String> = contract
        .iter()
        .filter(|op| !in_table.contains(&op.as_str()))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "no row in authorization.table for {missing:?}"
    );
    let mut unknown: Vec<&str> = in_table
        .iter()
        .copied()
        .filter(|op| !contract.iter().any(|c| c == op))
        .collect();
    unknown.sort_unstable();
    assert!(
        unknown.is_empty(),
        "rows for operations the contract lacks: {unknown:?}"
    );
    assert_eq!(in_table.len(), contract.len(), "an operation has two rows");
}

#[tokio::test]
async fn every_operation_as_every_principal_gets_what_the_table_says() {
    let rows = parse_table(TABLE).unwrap_or_else(|e| panic!("authorization.table: {e}"));
    let started = Instant::now();
    let app = spawn_app().await;
    let world = World::build(&app).await;

    let mut mismatches = Vec::new();
    let mut cells = 0;
    for row in &rows {
        for (&who, expected) in Principal::ALL.iter().zip(&row.expected) {
            let variables = world.variables(&app, &row.operation, who).await;
            // These end the caller's sessions or account: a twin stands in.
            let bearer = if matches!(
                row.operation.as_str(),
                "DeleteMyAccount" | "ChangePassword" | "SignOutEverywhere"
            ) {
                world.twin(&app, who).await
            } else {
                world.bearer(who).map(str::to_owned)
            };
            let body = app.op(bearer.as_deref(), &row.operation, variables).await;
            let got = outcome(&body);
            cells += 1;
            if got != *expected {
                mismatches.push(format!(
                    "  {:<20} {:<12} expected {:<16} got {:<16} {}",
                    row.operation,
                    who.column(),
                    expected,
                    got,
                    evidence(&body)
                ));
            }
        }
    }
    world.assert_standing_unchanged(&app).await;
    assert!(
        mismatches.is_empty(),
        "{} of {cells} cells disagree with tests/black_box/authorization.table:\n  \
         {:<20} {:<12} {:<25} {:<20} server said\n{}",
        mismatches.len(),
        "operation",
        "principal",
        "expected",
        "got",
        mismatches.join("\n")
    );
    eprintln!("authorization matrix: {cells} cells in {:.1?}", started.elapsed());
}
