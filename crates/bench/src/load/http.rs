//! Requests to `/graphql`: prepared once, sent many times, judged cheaply.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};

/// A request ready to send: its body is serialised once, before the clock starts.
#[derive(Clone, Debug)]
pub struct PreparedRequest {
    pub body: Bytes,
    pub authorization: Option<HeaderValue>,
}

impl PreparedRequest {
    pub fn anonymous(body: Bytes) -> Self {
        Self {
            body,
            authorization: None,
        }
    }

    pub fn signed_in(body: Bytes, access_token: &str) -> anyhow::Result<Self> {
        let header = HeaderValue::from_str(&format!("Bearer {access_token}"))
            .context("an access token that is not a valid header value")?;
        Ok(Self {
            body,
            authorization: Some(header),
        })
    }
}

/// What the load loop needs to know about an answer.
pub enum Outcome {
    Ok,
    /// Not 200, or a body with `"errors"`: the text says which, for the report.
    Failed(String),
}

/// One simulated client: its own connection pool holding a single
/// keep-alive HTTP/1.1 connection, as a browser tab or an integration would,
/// and an address of its own, as members at home have. The server trusts
/// the loopback as its proxy (see `server`), so `X-Forwarded-For` names the
/// address, and the per-address sign-in limit sees many clients, not one.
#[derive(Clone)]
pub struct GraphqlClient {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    address: HeaderValue,
}

/// Addresses handed to clients in turn: 10.0.0.1, 10.0.0.2, …
static NEXT_ADDRESS: AtomicU32 = AtomicU32::new(1);

impl GraphqlClient {
    pub fn new(base_url: &reqwest::Url) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .timeout(Duration::from_secs(60))
            .build()
            .context("building an HTTP client")?;
        let endpoint = base_url.join("/graphql").context("the GraphQL address")?;
        let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed).to_be_bytes();
        let address = HeaderValue::from_str(&format!("10.{}.{}.{}", n[1], n[2], n[3]))
            .context("a client address that is not a header value")?;
        Ok(Self {
            http,
            endpoint,
            address,
        })
    }

    async fn send(&self, request: &PreparedRequest) -> reqwest::Result<(reqwest::StatusCode, Bytes)> {
        let mut builder = self
            .http
            .post(self.endpoint.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/graphql-response+json")
            .header("x-forwarded-for", self.address.clone())
            .body(request.body.clone());
        if let Some(authorization) = &request.authorization {
            builder = builder.header(AUTHORIZATION, authorization.clone());
        }
        let response = builder.send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        Ok((status, body))
    }

    /// Sends `request` and only checks the status and that no `"errors"`
    /// key appears: parsing every answer would steal the server's CPU on
    /// this shared machine.
    pub async fn send_and_check(&self, request: &PreparedRequest) -> Outcome {
        match self.send(request).await {
            Err(error) => Outcome::Failed(format!("transport: {error}")),
            Ok((status, body)) if status != reqwest::StatusCode::OK || has_errors(&body) => {
                let excerpt = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
                Outcome::Failed(format!("{status}: {excerpt}"))
            }
            Ok(_) => Outcome::Ok,
        }
    }

    /// Sends `request` outside the measurement and returns its `data`,
    /// failing on any error: for setup and for counting afterwards.
    pub async fn data(&self, request: &PreparedRequest) -> anyhow::Result<serde_json::Value> {
        let (status, body) = self.send(request).await.context("sending a setup request")?;
        let mut answer: serde_json::Value =
            serde_json::from_slice(&body).with_context(|| format!("{status}: an answer that is not JSON"))?;
        if status != reqwest::StatusCode::OK || answer.get("errors").is_some() {
            bail!("{status}: {answer}");
        }
        Ok(answer["data"].take())
    }
}

fn has_errors(body: &[u8]) -> bool {
    const ERRORS_KEY: &[u8] = b"\"errors\"";
    body.windows(ERRORS_KEY.len()).any(|window| window == ERRORS_KEY)
}

#[cfg(test)]
mod tests {
    use super::has_errors;

    #[test]
    fn an_errors_key_is_found_anywhere_in_the_body() {
        assert!(has_errors(br#"{"errors":[{"message":"no"}]}"#));
        assert!(has_errors(br#"{"data":null,"errors":[]}"#));
        assert!(!has_errors(br#"{"data":{"__typename":"Query"}}"#));
        assert!(!has_errors(br#"{"data":{"title":"errors in letters"}}"#));
    }
}
