use axum::response::Html;

/// Until the members' web client is served here, the start page says what
/// runs and where the API is.
pub async fn home() -> Html<&'static str> {
    Html(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>coforum</title></head>
<body>
<main>
<h1>coforum is running</h1>
<p>The API is at <a href="/graphql">/graphql</a> (open it in a browser to explore it).</p>
</main>
</body>
</html>"#,
    )
}
