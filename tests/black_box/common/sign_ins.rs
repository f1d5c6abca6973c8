//! Signing in as a particular client: from an address (as a trusted
//! proxy would name it), with a device cookie, over `/graphql` or through
//! the web client's sign-in form.

use serde_json::{Value, json};

use super::{TestApp, operation};

/// How a request presents itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Via<'a> {
    /// Sent as `X-Forwarded-For`.
    pub forwarded_for: Option<&'a str>,
    /// Sent as `X-Forwarded-Proto`.
    pub forwarded_proto: Option<&'a str>,
    /// The `cf_device` cookie's value.
    pub device: Option<&'a str>,
}

impl<'a> Via<'a> {
    pub fn address(address: &'a str) -> Self {
        Self {
            forwarded_for: Some(address),
            ..Self::default()
        }
    }

    pub fn device(device: &'a str) -> Self {
        Self {
            device: Some(device),
            ..Self::default()
        }
    }

    pub fn with_device(self, device: &'a str) -> Self {
        Self {
            device: Some(device),
            ..self
        }
    }

    fn apply(self, mut request: reqwest::RequestBuilder, cookies: &[String]) -> reqwest::RequestBuilder {
        if let Some(address) = self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        if let Some(proto) = self.forwarded_proto {
            request = request.header("x-forwarded-proto", proto);
        }
        let mut cookies = cookies.to_vec();
        if let Some(device) = self.device {
            cookies.push(format!("cf_device={device}"));
        }
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        request
    }
}

/// What a sign-in answered.
#[derive(Debug)]
pub struct Attempt {
    pub status: u16,
    /// The JSON body (`/graphql`) or `Null` (the web client's pages).
    pub body: Value,
    /// The page's HTML (web client) or empty.
    pub html: String,
    /// Every `Set-Cookie` line.
    pub set_cookies: Vec<String>,
}

impl Attempt {
    /// The whole `Set-Cookie` line for `name`, if one was set.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .map(String::as_str)
            .find(|line| line.starts_with(&format!("{name}=")))
    }

    /// The device cookie's new value, if one was set.
    pub fn device_cookie(&self) -> Option<String> {
        let line = self.set_cookie("cf_device")?;
        let value = line.strip_prefix("cf_device=")?.split(';').next()?;
        Some(value.to_owned())
    }

    pub fn code(&self) -> Option<&str> {
        super::error_code(&self.body)
    }

    pub fn signed_in(&self) -> bool {
        self.body["data"]["login"]["accessToken"].is_string()
    }
}

async fn attempt(response: reqwest::Response) -> Attempt {
    let status = response.status().as_u16();
    let set_cookies = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    let html = if body.is_null() { text } else { String::new() };
    Attempt {
        status,
        body,
        html,
        set_cookies,
    }
}

/// A form body, percent-encoded.
fn form(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    /// The contract's `Login` over `/graphql`, presented as `via`.
    pub async fn login_via(&self, via: Via<'_>, email: &str, password: &str) -> Attempt {
        let request = self.client.post(self.url("/graphql")).json(&json!({
            "query": operation("Login"),
            "variables": { "input": { "email": email, "password": password } }
        }));
        attempt(via.apply(request, &[]).send().await.unwrap()).await
    }

    /// The web client's sign-in form, posted as `via`. Redirects are not
    /// followed: a sign-in that worked answers 303.
    pub async fn web_sign_in_via(&self, via: Via<'_>, email: &str, password: &str) -> Attempt {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        // The form's CSRF token is bound to the pre-session its page set.
        let page = self.page_via(via, "/sign-in").await;
        let pre_session = page.set_cookie("cf_presession").expect("a pre-session cookie");
        let pre_session = pre_session.split(';').next().unwrap().to_owned();
        let (_, rest) = page
            .html
            .split_once(r#"name="csrf" value=""#)
            .unwrap_or_else(|| panic!("no csrf field in {}", page.html));
        let csrf = rest.split('"').next().unwrap();
        let body = form(&[
            ("csrf", csrf),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ]);
        let request = client
            .post(self.url("/sign-in"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        attempt(via.apply(request, &[pre_session]).send().await.unwrap()).await
    }

    /// Any page, as `via`.
    pub async fn page_via(&self, via: Via<'_>, path: &str) -> Attempt {
        attempt(
            via.apply(self.client.get(self.url(path)), &[])
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}
