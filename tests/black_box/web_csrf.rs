//! The web client's CSRF tokens are bound to the browser's session: a form
//! shown before sign-in, or in another session, does not post; one shown
//! before a refresh of the access token still does.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use crate::common::*;
use crate::web_sessions::expired;

/// A browser without JavaScript: it keeps the cookies it is given and does
/// not follow redirects, so the tests see each answer.
#[derive(Clone)]
pub struct Browser {
    client: reqwest::Client,
    base: String,
    pub cookies: BTreeMap<String, String>,
}

/// One answer: its status, `Location` and body.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    /// The value of the first form's hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let (_, rest) = self
            .body
            .split_once(r#"name="csrf" value=""#)
            .unwrap_or_else(|| panic!("no csrf field in {}", self.body));
        rest.split('"').next().unwrap().to_owned()
    }
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.url(""),
            cookies: BTreeMap::new(),
        }
    }

    /// A browser signed in with `session`'s tokens.
    pub fn signed_in(app: &TestApp, session: &Session) -> Self {
        let mut browser = Self::new(app);
        browser.set("cf_access", &session.access_token);
        browser.set("cf_refresh", &session.refresh_token);
        browser
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self.client.post(format!("{}{path}", self.base)).form(form);
        self.send(request).await
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let header: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let response = request.header("cookie", header.join("; ")).send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let (name, rest) = set.split_once('=').unwrap();
            let value = rest.split(';').next().unwrap_or_default();
            if value.is_empty() || set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.set(name, value);
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        Page {
            status,
            location,
            body: response.text().await.unwrap(),
        }
    }
}

/// Signs in through the form, with the token the sign-in page showed.
async fn sign_in(browser: &mut Browser, email: &str) -> String {
    let page = browser.get("/sign-in").await;
    assert_eq!(page.status, 200);
    let before = page.csrf();
    let form = [
        ("csrf", before.as_str()),
        ("next", "/"),
        ("email", email),
        ("password", PASSWORD),
    ];
    let signed_in = browser.post("/sign-in", &form).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert!(browser.cookies.contains_key("cf_access"));
    before
}

const REFUSED: u16 = 403;

#[tokio::test]
async fn a_token_from_before_sign_in_is_refused_after_it() {
    let app = spawn_app().await;
    app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::new(&app);
    assert_eq!(browser.get("/").await.status, 200);
    let old_pre_session = browser.cookies.get("cf_presession").cloned();
    let before = sign_in(&mut browser, "sam@example.org").await;

    let stale = browser.post("/sign-out", &[("csrf", before.as_str())]).await;
    assert_eq!(stale.status, REFUSED, "{}", stale.body);
    assert!(browser.cookies.contains_key("cf_access"), "still signed in");
    assert!(old_pre_session.is_some());
    assert_ne!(
        browser.cookies.get("cf_presession"),
        old_pre_session.as_ref(),
        "sign-in mints a new pre-session"
    );

    let fresh = browser.get("/").await.csrf();
    assert_ne!(fresh, before);
    let out = browser.post("/sign-out", &[("csrf", fresh.as_str())]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some("/sign-in?signed_out=1"));
    assert!(!browser.cookies.contains_key("cf_access"));

    // Signed out, neither the session's token nor the old pre-session's works.
    let page = browser.get("/sign-in").await;
    assert_ne!(browser.cookies.get("cf_presession"), old_pre_session.as_ref());
    for stale in [before.as_str(), fresh.as_str()] {
        let form = [
            ("csrf", stale),
            ("email", "sam@example.org"),
            ("password", PASSWORD),
        ];
        assert_eq!(browser.post("/sign-in", &form).await.status, REFUSED);
    }
    let own = page.csrf();
    let form = [
        ("csrf", own.as_str()),
        ("email", "sam@example.org"),
        ("password", PASSWORD),
    ];
    assert_eq!(browser.post("/sign-in", &form).await.status, 303);
}

#[tokio::test]
async fn a_token_from_one_session_is_refused_in_another() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let other = session(
        &app.login("sam@example.org", PASSWORD).await["data"]["login"],
        &sam.email,
    );

    let mut first = Browser::signed_in(&app, &sam);
    let token = first.get("/").await.csrf();
    // Everything the first browser had, but the other session's tokens.
    let mut second = first.clone();
    second.set("cf_access", &other.access_token);
    second.set("cf_refresh", &other.refresh_token);
    let refused = second.post("/sign-out", &[("csrf", token.as_str())]).await;
    assert_eq!(refused.status, REFUSED, "{}", refused.body);

    let own = second.get("/").await.csrf();
    assert_ne!(own, token);
    assert_eq!(
        second.post("/sign-out", &[("csrf", own.as_str())]).await.status,
        303
    );
    assert_eq!(
        first.post("/sign-out", &[("csrf", token.as_str())]).await.status,
        303
    );
}

#[tokio::test]
async fn a_token_stays_good_when_the_access_token_is_refreshed() {
    let app = spawn_app().await;
    let sam = app.register("sam@example.org", "Sam").await;
    let mut browser = Browser::signed_in(&app, &sam);
    let token = browser.get("/").await.csrf();

    // The access token expires: the next page refreshes the session.
    browser.set("cf_access", &expired(&sam.access_token));
    let page = browser.get("/").await;
    assert!(page.body.contains("Signed in as Sam"), "{}", page.body);
    assert_ne!(browser.cookies["cf_refresh"], sam.refresh_token, "refreshed");
    assert_eq!(page.csrf(), token);

    // A form shown before the refresh still posts after it.
    browser.set("cf_access", &expired(&browser.cookies["cf_access"].clone()));
    let out = browser.post("/sign-out", &[("csrf", token.as_str())]).await;
    assert_eq!(out.status, 303, "{}", out.body);
}
