//! `serve`'s choices (`--log-format`, `--registration`) are checked by clap,
//! from flags and environment alike: a typo stops the command before it
//! touches the database, naming the choices, rather than serving with a
//! default.

use serde_json::{Value, json};

use super::Cli;

/// (flag, environment variable, a typo, clap's list of the choices)
const CHOICES: [(&str, &str, &str, &str); 2] = [
    (
        "--log-format",
        "COFORUM_LOG_FORMAT",
        "jsn",
        "[possible values: text, json]",
    ),
    (
        "--registration",
        "COFORUM_REGISTRATION",
        "invite",
        "[possible values: open, invite-only]",
    ),
];

#[test]
fn an_unknown_choice_stops_serve_and_names_the_choices() {
    let cli = Cli::sqlite();
    for (flag, variable, typo, choices) in CHOICES {
        let by_flag = cli.command(&["serve", "--listen", "127.0.0.1:0", flag, typo]);
        let mut by_variable = cli.command(&["serve", "--listen", "127.0.0.1:0"]);
        by_variable.env(variable, typo);
        for command in [by_flag, by_variable] {
            let output = cli.run_to_end(command);
            let stderr = String::from_utf8_lossy(&output.stderr);
            // 2: clap's exit code for a usage error.
            assert_eq!(output.status.code(), Some(2), "{flag} {typo}: {stderr}");
            assert!(stderr.contains(&format!("invalid value '{typo}'")), "{stderr}");
            assert!(stderr.contains(choices), "{stderr}");
        }
    }
    assert!(!cli.dir.path().join("coforum.db").exists(), "no database is made");
}

#[tokio::test]
async fn the_choices_given_are_the_ones_served() {
    let cli = Cli::new().await;
    let server = cli.serve(&["--registration", "invite-only", "--log-format", "json"]);
    let input = json!({ "email": "sam@example.org", "password": "a long password", "displayName": "Sam" });
    let body = server.graphql(None, "Register", json!({ "input": input })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{body}");
    assert!(server.stop().success());

    let log = std::fs::read_to_string(cli.dir.path().join("serve.log")).unwrap();
    assert!(!log.trim().is_empty(), "serve logged nothing");
    for line in log.lines().filter(|line| !line.trim().is_empty()) {
        let parsed: Result<Value, _> = serde_json::from_str(line);
        assert!(parsed.is_ok(), "not a JSON log line: {line}");
    }
}
