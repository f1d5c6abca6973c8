//! The HTTP surface: routes, headers, content negotiation, batches and limits.
#![allow(clippy::unwrap_used)]

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::common::*;

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

async fn post(app: &TestApp, body: &Value) -> Response {
    app.client
        .post(app.url("/graphql"))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// `/graphql?query=…`, encoded.
fn get_url(app: &TestApp, query: &str) -> reqwest::Url {
    reqwest::Url::parse_with_params(&app.url("/graphql"), [("query", query)]).unwrap()
}

fn register_input(email: &str) -> Value {
    json!({ "input": { "email": email, "password": PASSWORD, "displayName": "Batch" } })
}

#[tokio::test]
async fn health_answers_ok_while_the_database_answers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({ "status": "ok" }));
}

#[tokio::test]
async fn a_browser_gets_graphiql() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("text/html"));
    let page = response.text().await.unwrap().to_lowercase();
    assert!(page.contains("graphiql"), "{page}");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_echoes_the_callers() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    for path in ["/health", "/", "/no-such-page"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        seen.push(header(&response, "x-request-id").to_owned());
    }
    let response = post(&app, &json!({ "query": operation("Forums") })).await;
    seen.push(header(&response, "x-request-id").to_owned());
    assert!(seen.iter().all(|id| !id.is_empty()));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "each request has its own id");

    let response = app
        .client
        .post(app.url("/graphql"))
        .header("x-request-id", "trace-me-42")
        .json(&json!({ "query": operation("Forums") }))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&response, "x-request-id"), "trace-me-42");
}

#[tokio::test]
async fn the_answer_takes_the_media_type_asked_for_and_is_never_cached() {
    let app = spawn_app().await;
    let cases = [
        (
            Some("application/graphql-response+json"),
            "application/graphql-response+json",
        ),
        (Some("application/json"), "application/json"),
        (None, "application/json"),
    ];
    for (accept, expected) in cases {
        let mut request = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": operation("Forums") }));
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-type"), expected, "Accept: {accept:?}");
        assert_eq!(header(&response, "cache-control"), "no-store");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["data"]["forums"], json!([]));
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_or_an_unacceptable_answer_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "text/plain")
        .body(r#"{"query":"{ forums { id } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "text/plain")
        .json(&json!({ "query": "{ forums { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn queries_run_over_get_but_mutations_do_not() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.forum(&admin, "inspire").await;
    let response = app
        .client
        .get(get_url(&app, "{ forums { slug } }"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["forums"], json!([{ "slug": "inspire" }]));

    let response = app
        .client
        .get(app.url("/graphql?query=mutation{logout(refreshToken:\"x\")}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);

    let register = r#"mutation { register(input: { email: "get@example.org", password: "a long enough password", displayName: "Get" }) { accessToken } }"#;
    let response = app.client.get(get_url(&app, register)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_code(&app.login("get@example.org", PASSWORD).await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = spawn_app_with(|c| c.limits.max_body_bytes = 1024).await;
    let padding = " ".repeat(2048);
    let query = format!("{{ forums {{ id }} {padding}}}");
    let response = post(&app, &json!({ "query": query })).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let response = post(&app, &json!({ "query": "{ forums { id } }" })).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_batch_answers_each_operation_in_order() {
    let app = spawn_app().await;
    let batch = json!([
        { "query": "{ forums { id } }" },
        { "query": "query Two { second: forums { slug } }" },
    ]);
    let response = post(&app, &batch).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!([{ "data": { "forums": [] } }, { "data": { "second": [] } }])
    );
}

#[tokio::test]
async fn a_batch_over_the_limit_is_refused_whole() {
    let app = spawn_app_with(|c| c.limits.max_batch = 3).await;
    let emails: Vec<String> = (0..4).map(|i| format!("batch{i}@example.org")).collect();
    let batch: Vec<Value> = emails
        .iter()
        .map(|email| json!({ "query": operation("Register"), "variables": register_input(email) }))
        .collect();
    let response = post(&app, &Value::Array(batch.clone())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    for email in &emails {
        assert_code(&app.login(email, PASSWORD).await, "UNAUTHENTICATED");
    }
    // Exactly at the limit is fine.
    let response = post(&app, &Value::Array(batch[..3].to_vec())).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body.as_array().unwrap().len(), 3);
    assert!(
        body.as_array().unwrap().iter().all(|r| r.get("errors").is_none()),
        "{body}"
    );
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_408_and_leaves_nothing_behind() {
    let app = spawn_app_with(|c| c.limits.request_timeout = std::time::Duration::from_millis(1)).await;
    // Hashing a password alone takes longer than a millisecond.
    let body = json!({ "query": operation("Register"), "variables": register_input("slow@example.org") });
    let response = post(&app, &body).await;
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    // Checked through a patient server on the same database.
    let patient = spawn_app_on(&app.database_url).await;
    assert_code(
        &patient.login("slow@example.org", PASSWORD).await,
        "UNAUTHENTICATED",
    );
}

/// Asserts the document was refused before anything ran: an error and no data.
#[track_caller]
fn assert_refused_whole(body: &Value) -> String {
    assert!(body["data"].is_null(), "{body}");
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

#[tokio::test]
async fn a_query_nested_deeper_than_the_limit_is_refused() {
    let app = spawn_app_with(|c| c.limits.max_depth = 4).await;
    let admin = app.admin().await;
    app.forum(&admin, "inspire").await;
    let shallow = "{ forum(slug: \"inspire\") { members { user { id } } } }";
    let deep = "{ forum(slug: \"inspire\") { members { user { memberships { forum { id } } } } } }";
    let body = app.graphql(Some(&admin.access_token), shallow, json!({})).await;
    assert_eq!(body["data"]["forum"]["members"], json!([]), "{body}");
    let body = app.graphql(Some(&admin.access_token), deep, json!({})).await;
    assert_refused_whole(&body);
}

#[tokio::test]
async fn a_query_with_too_many_aliases_is_refused() {
    let app = spawn_app_with(|c| c.limits.max_aliases = 2).await;
    let two = "{ a: forums { id } b: forums { id } }";
    let three = "{ a: forums { id } b: forums { id } c: forums { id } }";
    let body = app.graphql(None, two, json!({})).await;
    assert_eq!(body["data"], json!({ "a": [], "b": [] }), "{body}");
    let message = assert_refused_whole(&app.graphql(None, three, json!({})).await);
    assert!(message.contains("aliases"), "{message}");
}

#[tokio::test]
async fn a_query_more_complex_than_the_limit_is_refused() {
    // `forums` weighs 100 forums: two fields cost 200, six 600.
    let app = spawn_app_with(|c| c.limits.max_complexity = 300).await;
    let body = app.graphql(None, "{ forums { id slug } }", json!({})).await;
    assert_eq!(body["data"]["forums"], json!([]), "{body}");
    let costly = "{ forums { id slug name description memberCount createdAt } }";
    assert_refused_whole(&app.graphql(None, costly, json!({})).await);
}

const INTROSPECTION: &str = "{ __schema { types { name } } }";

#[tokio::test]
async fn introspection_is_on_by_default() {
    let app = spawn_app().await;
    let body = app.graphql(None, INTROSPECTION, json!({})).await;
    let types = body["data"]["__schema"]["types"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(types.iter().any(|t| t["name"] == "Forum"));
}

#[tokio::test]
async fn introspection_can_be_switched_off() {
    let app = spawn_app_with(|c| c.limits.introspection = false).await;
    // The schema is not disclosed (async-graphql answers null, not an error).
    let body = app.graphql(None, INTROSPECTION, json!({})).await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
    let body = app
        .graphql(None, "{ __type(name: \"Forum\") { fields { name } } }", json!({}))
        .await;
    assert!(body["data"]["__type"].is_null(), "{body}");
    // Other queries still run.
    let body = app.graphql(None, "{ forums { id } }", json!({})).await;
    assert_eq!(body["data"]["forums"], json!([]), "{body}");
}

// The server means to label these (its error-code extension matches
// "Invalid value"), but they are raised while validating, before it runs.
#[tokio::test]
async fn a_variable_of_the_wrong_type_or_enum_is_bad_user_input() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let forum = app.forum(&admin, "inspire").await;
    let sam = app.register("sam@example.org", "Sam").await;
    let token = Some(admin.access_token.as_str());

    let body = app
        .op(
            token,
            "GrantPlatformRole",
            json!({ "userId": sam.user_id, "role": "KING" }),
        )
        .await;
    let role = app.ok(Some(&sam.access_token), "Me", json!({})).await["me"]["platformRole"].clone();
    assert_eq!(role, "NONE");
    assert_code(&body, "BAD_USER_INPUT");

    let input = json!({ "input": { "forumId": forum, "role": "MEMBER", "maxUses": "many" } });
    assert_code(&app.op(token, "CreateInvite", input).await, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_batch_with_a_bad_token_is_answered_as_a_batch() {
    let app = spawn_app().await;
    let batch = json!([{ "query": "{ forums { id } }" }, { "query": "{ forums { slug } }" }]);
    let response = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth("not-a-token")
        .json(&batch)
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    let answers = body.as_array().unwrap_or_else(|| panic!("not an array: {body}"));
    assert_eq!(answers.len(), 2);
    for answer in answers {
        assert_code(answer, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn with_graphql_response_json_a_bad_token_is_401_and_an_invalid_document_400() {
    let app = spawn_app().await;
    let send = |token: Option<&str>, query: &str| {
        let mut request = app
            .client
            .post(app.url("/graphql"))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let response = send(Some("not-a-token"), "{ forums { id } }").await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_code(&response.json().await.unwrap(), "UNAUTHENTICATED");
    let response = send(None, "{ forums { nope } }").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.json::<Value>().await.unwrap()["errors"][0]["message"].is_string());
}

// GraphQL over HTTP: once execution started (a field raised the error and
// null bubbled up to `data`), the answer is 2xx; 4xx is for requests that
// never ran. The server's own comment says the same.
#[tokio::test]
async fn with_graphql_response_json_an_executed_request_is_200_even_when_data_is_null() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": operation("Me") }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_code(&body, "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["path"], json!(["me"]), "the field ran: {body}");
    assert_eq!(status, StatusCode::OK);
}
