//! Arbitrary input to every mutation of the contract: the server answers
//! with a clean refusal or a result, never a 500 and never INTERNAL.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::common::*;

const MUTATIONS: [&str; 21] = [
    "Register",
    "Login",
    "RefreshSession",
    "Logout",
    "GrantPlatformRole",
    "CreateApiToken",
    "RevokeApiToken",
    "CreateForum",
    "CreateInvite",
    "JoinForum",
    "AddFinding",
    "OpenRound",
    "CastBallot",
    "CloseRound",
    "ProposeImprovement",
    "ReviseImprovement",
    "AddCoAuthor",
    "AddComment",
    "OpenDecision",
    "CastDecisionVote",
    "CloseDecision",
];

/// A small deterministic generator (xorshift), so a failure replays.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn value(&mut self, depth: u32) -> Value {
        let strings = [
            "",
            " ",
            "a",
            "ADMIN",
            "MEMBER",
            "DOT",
            "RANKED",
            "CONSENT",
            "BLOCK",
            "DELIVERED",
            "00000000-0000-0000-0000-000000000000",
            "01a2167f-5a81-7262-96e0-180cb4f308e9",
            "not-an-id",
            "😀🏳️‍🌈",
            "\u{0}\u{1b}[31m",
            "'; DROP TABLE users; --",
            "<script>alert(1)</script>",
            "2026-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "x@y",
            "someone@example.org",
        ];
        match self.next() % if depth > 2 { 6 } else { 9 } {
            0 => Value::Null,
            1 => json!(self.next().is_multiple_of(2)),
            2 => json!((self.next() as i64) % 1_000_000_000_000),
            3 => json!(*self.pick(&[0, -1, 1, 5, 10, 101, 500, 501, i32::MAX as i64, i64::MAX])),
            4 => json!(self.pick(&strings).to_string()),
            5 => json!("x".repeat((self.next() % 30_000) as usize)),
            6 => json!(f64::from((self.next() % 300) as u32) / 100.0),
            7 => Value::Array((0..self.next() % 5).map(|_| self.value(depth + 1)).collect()),
            _ => {
                let keys = [
                    "email",
                    "password",
                    "displayName",
                    "inviteCode",
                    "slug",
                    "name",
                    "description",
                    "forumId",
                    "role",
                    "maxUses",
                    "expiresInHours",
                    "title",
                    "body",
                    "source",
                    "themes",
                    "findingIds",
                    "method",
                    "tally",
                    "budget",
                    "maxPerItem",
                    "closesAt",
                    "roundId",
                    "marks",
                    "findingId",
                    "value",
                    "id",
                    "summary",
                    "note",
                    "subjectId",
                    "parentId",
                    "improvementId",
                    "rule",
                    "quorum",
                    "position",
                    "reason",
                    "percentComplete",
                    "status",
                ];
                let mut object = serde_json::Map::new();
                for _ in 0..self.next() % 8 {
                    object.insert(self.pick(&keys).to_string(), self.value(depth + 1));
                }
                Value::Object(object)
            }
        }
    }
}

#[tokio::test]
async fn arbitrary_variables_to_every_mutation_never_answer_500_or_internal() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.forum(&admin, "fuzz").await;
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    for round in 0..40 {
        for name in MUTATIONS {
            let top = [
                "input",
                "refreshToken",
                "userId",
                "role",
                "name",
                "id",
                "code",
                "improvementId",
            ];
            let mut variables = serde_json::Map::new();
            for _ in 0..noise.next() % 4 {
                variables.insert(noise.pick(&top).to_string(), noise.value(0));
            }
            let token = if round % 2 == 0 {
                Some(admin.access_token.as_str())
            } else {
                None
            };
            let response = app
                .client
                .post(app.url("/graphql"))
                .json(&json!({ "query": operation(name), "variables": Value::Object(variables.clone()) }))
                .bearer_auth(token.unwrap_or(""))
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            assert!(
                status.is_success() || status.is_client_error(),
                "{name} {variables:?}: {status}"
            );
            let codes: Vec<&str> = body["errors"]
                .as_array()
                .map(|errors| {
                    errors
                        .iter()
                        .filter_map(|e| e["extensions"]["code"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            assert!(!codes.contains(&"INTERNAL"), "{name} {variables:?}: {body}");
            if let Some(errors) = body["errors"].as_array() {
                assert_eq!(codes.len(), errors.len(), "every error has a code: {body}");
            }
        }
    }
}
