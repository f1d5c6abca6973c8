//! Who is visiting: resolved once per page request from the session cookies
//! (refreshing an expired access token in-process), with the CSRF check on
//! every POST and the security headers on every answer.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::Cookie;

use super::codes::ForumRole;
use super::csrf::{Binding, CSRF_FIELD, PRE_SESSION_COOKIE, new_pre_session, plausible_pre_session};
use super::refreshes::Pair;
use super::session::{self, ACCESS_COOKIE, REFRESH_COOKIE, clear_cookie, read_cookie, set_cookie};
use super::{WebState, gql, layout};
use coforum_app::auth::principal::{Caller, resolve_named};
use coforum_app::client::Client;
use coforum_domain::account::PlatformRole;
use graphql_client::GraphQLQuery;

/// The signed-in person: the caller the session names, with the name they
/// go by (read with the session, so no query asks who is visiting).
#[derive(Clone, Debug)]
pub struct Me {
    pub id: String,
    pub display_name: String,
    pub platform_role: PlatformRole,
    /// Notifications not yet read: the count beside "What's new".
    pub unread: u64,
}

impl Me {
    /// Officers and admins: they see every forum and the dashboard.
    pub fn is_officer(&self) -> bool {
        matches!(self.platform_role, PlatformRole::Officer | PlatformRole::Admin)
    }

    /// The complaints team and admins: they work the feedback log.
    pub fn is_complaints_team(&self) -> bool {
        matches!(self.platform_role, PlatformRole::Complaints | PlatformRole::Admin)
    }

    /// Who sees the "Feedback" link: the team, admins and officers (who
    /// log items and read the report).
    pub fn sees_feedback(&self) -> bool {
        self.is_complaints_team() || self.platform_role == PlatformRole::Officer
    }

    pub fn is_admin(&self) -> bool {
        self.platform_role == PlatformRole::Admin
    }

    /// Facilitators of a forum (`role` is theirs there, as the page read
    /// it), and admins.
    pub fn facilitates(&self, role: Option<ForumRole>) -> bool {
        self.is_admin() || role == Some(ForumRole::Facilitator)
    }
}

/// Swapping a refresh token for a new pair.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/refresh_session.graphql"
)]
pub struct RefreshSession;

/// What every page handler knows about the request.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub caller: Caller,
    pub me: Option<Me>,
    pub csrf: String,
    /// Reached over HTTPS (as a trusted proxy says): cookies are then `Secure`.
    pub secure: bool,
    /// The address and device cookie, for signing in.
    pub client: Client,
    /// The refresh token, for signing out.
    pub refresh_token: Option<String>,
}

/// The middleware around every page: resolves the visitor, checks CSRF on
/// POST, and adds cookies and security headers to the answer.
pub async fn visit(State(web): State<WebState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let headers = &parts.headers;
    let client = parts
        .extensions
        .get::<Client>()
        .cloned()
        .unwrap_or_else(Client::unknown);
    let secure = client.https;
    let mut cookies = Vec::new();

    let pre_session = match read_cookie(headers, PRE_SESSION_COOKIE).filter(|id| plausible_pre_session(id)) {
        Some(id) => id,
        None => {
            let id = new_pre_session();
            cookies.push(set_cookie(PRE_SESSION_COOKIE, &id, secure));
            id
        }
    };

    let mut refresh_token = read_cookie(headers, REFRESH_COOKIE);
    let access = read_cookie(headers, ACCESS_COOKIE);
    let mut caller = Caller(None);
    let mut name = None;
    // The access token that speaks for the visitor, if any: its session is
    // what the CSRF token binds to.
    let mut live_access = None;
    let resolved = match &access {
        Some(token) => resolve_named(&web.app, Some(&format!("Bearer {token}")))
            .await
            .ok(),
        None => None,
    };
    match (resolved, refresh_token.clone()) {
        (Some((found, found_name)), _) => {
            caller = found;
            name = found_name;
            live_access = access;
        }
        (None, Some(refresh)) => match refresh_session(&web, &refresh).await {
            Some(((found, found_name), access, refresh)) => {
                caller = found;
                name = found_name;
                cookies.push(set_cookie(ACCESS_COOKIE, &access, secure));
                cookies.push(set_cookie(REFRESH_COOKIE, &refresh, secure));
                refresh_token = Some(refresh);
                live_access = Some(access);
            }
            None => {
                cookies.push(clear_cookie(ACCESS_COOKIE, secure));
                cookies.push(clear_cookie(REFRESH_COOKIE, secure));
                refresh_token = None;
            }
        },
        (None, None) => {
            if access.is_some() {
                cookies.push(clear_cookie(ACCESS_COOKIE, secure));
            }
        }
    }
    // A refresh keeps the session id, so its forms' tokens stay good.
    let session = live_access
        .filter(|_| caller.actor().is_some())
        .and_then(|token| web.app.access_tokens.verify(&token))
        .map(|claims| claims.session_id);
    let binding = match session {
        Some(id) => Binding::Session(id),
        None => Binding::PreSession(&pre_session),
    };
    let csrf = web.csrf.token(binding);
    let unread = match caller.actor() {
        Some(_) => coforum_app::notices::mine::unread_count(&web.app, &caller)
            .await
            .unwrap_or_else(|err| {
                tracing::warn!(error = %err, "the count of unread news could not be read");
                0
            }),
        None => 0,
    };
    let me = caller.actor().zip(name).map(|(actor, display_name)| Me {
        id: actor.user_id.to_string(),
        display_name,
        platform_role: actor.platform_role,
        unread,
    });
    let visitor = Visitor {
        caller,
        me,
        csrf,
        secure,
        client,
        refresh_token,
    };

    let body = if parts.method == Method::POST {
        let Ok(bytes) = to_bytes(body, web.app.config.limits.max_body_bytes).await else {
            return finish(
                layout::problem(
                    &visitor,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "That was too much to send",
                    "Please send less text at once.",
                )
                .into_response(),
                cookies,
            );
        };
        let field = form_urlencoded_field(&bytes, CSRF_FIELD);
        // One-click unsubscribe comes from mail programs, with no cookies:
        // the signed link is its authority, and it can only turn mail off.
        let one_click = parts.uri.path().starts_with("/unsubscribe/");
        if !one_click && !web.csrf.verify(binding, field.as_deref()) {
            let page = layout::problem(
                &visitor,
                StatusCode::FORBIDDEN,
                "Sorry, that did not work",
                "This can happen if the page was open for a long time, or if cookies are switched off. \
                 Go back, reload the page, and try again.",
            );
            return finish(page.into_response(), cookies);
        }
        Body::from(bytes)
    } else {
        body
    };
    parts.extensions.insert(visitor);
    let response = next.run(Request::from_parts(parts, body)).await;
    finish(response, cookies)
}

/// Adds our cookies (unless the handler set the same ones) and the headers.
fn finish(mut response: Response, cookies: Vec<Cookie<'static>>) -> Response {
    let already = session::names_set(response.headers());
    let ours = cookies
        .into_iter()
        .filter(|cookie| !already.iter().any(|name| name == cookie.name()));
    session::append(response.headers_mut(), ours);
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Swaps the refresh token for a new pair through the contract's
/// `RefreshSession`; None when it no longer works. Pages that bring the same
/// old token together share one swap (see `refreshes`).
async fn refresh_session(
    web: &WebState,
    refresh: &str,
) -> Option<((Caller, Option<String>), String, String)> {
    let pair = web
        .refreshes
        .share(refresh, || async {
            let variables = refresh_session::Variables {
                refresh_token: refresh.to_owned(),
            };
            let data = gql::query::<RefreshSession>(web, Caller(None), variables)
                .await
                .ok()?;
            Some(Pair {
                access_token: data.refresh_session.access_token,
                refresh_token: data.refresh_session.refresh_token,
            })
        })
        .await?;
    // Checked here for every page: a shared pair of a session that has
    // ended since does not sign anyone in.
    let caller = resolve_named(&web.app, Some(&format!("Bearer {}", pair.access_token)))
        .await
        .ok()?;
    Some((caller, pair.access_token, pair.refresh_token))
}

/// The first value of `name` in a url-encoded form body.
fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Security headers for every page and file of the web client.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
