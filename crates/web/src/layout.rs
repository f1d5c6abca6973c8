//! What every page shares: the header, the error summary, notices, and
//! turning a template or a refusal into an answer.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use coforum_app::ErrorCode;
use url::Url;

use super::codes::ForumRole;
use super::gql::Refused;
use super::visitor::{Me, Visitor};

/// One problem with what was typed: `id` is the input it is about (the
/// error summary links to it), `text` says how to put it right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub id: String,
    pub text: String,
}

/// The header, error summary and notice of a page.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub title: String,
    pub me: Option<Me>,
    pub csrf: String,
    pub notice: Option<String>,
    pub errors: Vec<FieldError>,
    /// The link in the header that is the current section.
    pub section: &'static str,
}

impl Chrome {
    pub fn new(visitor: &Visitor, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            me: visitor.me.clone(),
            csrf: visitor.csrf.clone(),
            notice: None,
            errors: Vec::new(),
            section: "",
        }
    }

    pub fn section(mut self, section: &'static str) -> Self {
        self.section = section;
        self
    }

    pub fn notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    pub fn errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The `<title>`: "Error: " first when the page shows errors, as GOV.UK does.
    pub fn full_title(&self) -> String {
        let prefix = if self.errors.is_empty() { "" } else { "Error: " };
        format!("{prefix}{} - coforum", self.title)
    }

    /// The error for the input `id`, if any.
    pub fn error_for(&self, id: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.id == id).map(|e| e.text.as_str())
    }

    pub fn has_error(&self, id: &str) -> bool {
        self.error_for(id).is_some()
    }

    pub fn is_officer(&self) -> bool {
        self.me.as_ref().is_some_and(Me::is_officer)
    }

    pub fn is_admin(&self) -> bool {
        self.me.as_ref().is_some_and(Me::is_admin)
    }

    /// Facilitators of the forum where the visitor's role is `role`, and admins.
    pub fn facilitates(&self, role: Option<ForumRole>) -> bool {
        self.me.as_ref().is_some_and(|m| m.facilitates(role))
    }

    pub fn my_id(&self) -> &str {
        self.me.as_ref().map_or("", |m| m.id.as_str())
    }

    pub fn is_current(&self, section: &str) -> bool {
        self.section == section
    }
}

/// Renders a template with `status`.
pub fn render(template: &impl Template, status: StatusCode) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a page could not be rendered");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with this page.",
            )
                .into_response()
        }
    }
}

/// Renders a page with 200 OK.
pub fn ok(template: &impl Template) -> Response {
    render(template, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage<'a> {
    c: Chrome,
    heading: &'a str,
    text: &'a str,
}

/// A page that says what went wrong and what to do.
pub fn problem(visitor: &Visitor, status: StatusCode, heading: &str, text: &str) -> Response {
    let page = ProblemPage {
        c: Chrome::new(visitor, heading),
        heading,
        text,
    };
    render(&page, status)
}

/// The page for a refused read: sign in, not allowed, not there, or broken.
pub fn refused(visitor: &Visitor, refusal: &Refused, path: &str) -> Response {
    match refusal.code() {
        ErrorCode::Unauthenticated => {
            Redirect::to(&format!("/sign-in?next={}", urlencode(path))).into_response()
        }
        ErrorCode::Forbidden => problem(
            visitor,
            StatusCode::FORBIDDEN,
            "You cannot see this page",
            "Only members of this forum can see this. Ask the forum's facilitator for an invite link.",
        ),
        ErrorCode::NotFound => not_found(visitor),
        ErrorCode::BadUserInput | ErrorCode::Conflict => {
            let text = refusal.0.first().map_or("", |e| e.message.as_str());
            problem(visitor, StatusCode::BAD_REQUEST, "Sorry, that did not work", text)
        }
        _ => problem(
            visitor,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Sorry, there is a problem with the service",
            "Try again later.",
        ),
    }
}

pub fn not_found(visitor: &Visitor) -> Response {
    problem(
        visitor,
        StatusCode::NOT_FOUND,
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    )
}

/// A form that was sent, as name and value pairs in order.
#[derive(Clone, Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The last value of `name`, or "": a checkbox after a hidden field of
    /// the same name overrides it when ticked.
    pub fn last(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name` (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Percent-encodes a query value.
pub fn urlencode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Only a path on this site may be a place to go back to after signing in;
/// anything else goes to the start page. Browsers forgive a lot in a
/// `Location` (they drop tabs and newlines, read `\\` as `/`), so the rule
/// is strict: printable ASCII only (the paths we send are percent-encoded),
/// one leading `/` and no backslash; and joined on a fixed base, the
/// address must keep the base's origin.
pub fn safe_next(next: &str) -> &str {
    const BASE: &str = "http://coforum.invalid/";
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let same_origin = || {
        let base = Url::parse(BASE).ok()?;
        let joined = base.join(next).ok()?;
        Some(joined.origin() == base.origin())
    };
    if plain && same_origin() == Some(true) {
        next
    } else {
        "/"
    }
}

/// Maps a refused form to errors on its inputs. `fields` pairs the API's
/// field names with (input id, label). Errors about no input go first, on
/// the first input.
pub fn form_errors(refusal: &Refused, fields: &[(&str, &str, &str)]) -> Vec<FieldError> {
    let first_id = fields.first().map_or("main-content", |(_, id, _)| id);
    refusal
        .0
        .iter()
        .map(|error| {
            let known = error
                .field
                .as_deref()
                .and_then(|f| fields.iter().find(|(name, _, _)| *name == f));
            match known {
                Some((_, id, label)) => FieldError {
                    id: (*id).to_owned(),
                    text: format!("{label} {}", error.rule()),
                },
                None => FieldError {
                    id: first_id.to_owned(),
                    text: friendly(error.code, &error.message),
                },
            }
        })
        .collect()
}

/// Plain words for a refusal that is not about one input.
pub fn friendly(code: ErrorCode, message: &str) -> String {
    match code {
        ErrorCode::Unauthenticated => "Please sign in again.".to_owned(),
        ErrorCode::Forbidden => "You are not allowed to do this.".to_owned(),
        ErrorCode::NotFound => "We could not find that. It may have been removed.".to_owned(),
        ErrorCode::Internal => "Sorry, something went wrong. Try again later.".to_owned(),
        _ => sentence(message),
    }
}

/// A message as a sentence: a capital first and a full stop last.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gql::GqlError;

    #[test]
    fn errors_land_on_their_inputs() {
        let refusal = Refused(vec![
            GqlError {
                code: ErrorCode::BadUserInput,
                field: Some("title".into()),
                message: "title: must be 3 to 200 characters long".into(),
            },
            GqlError {
                code: ErrorCode::Conflict,
                field: None,
                message: "the round is closed".into(),
            },
        ]);
        let errors = form_errors(
            &refusal,
            &[
                ("title", "finding-title", "Title"),
                ("body", "finding-body", "Details"),
            ],
        );
        assert_eq!(errors[0].id, "finding-title");
        assert_eq!(errors[0].text, "Title must be 3 to 200 characters long");
        assert_eq!(errors[1].id, "finding-title");
        assert_eq!(errors[1].text, "The round is closed.");
    }

    #[test]
    fn next_is_only_a_local_path() {
        for fine in [
            "/",
            "/forums/inspire",
            "/forums/inspire/findings?theme=carers&after=abc",
            "/join/abc-DEF_123",
            "/improvements/1#comments",
            "/%2F/evil.example",
            "/forums/a%20b",
            "/a/../b",
        ] {
            assert_eq!(safe_next(fine), fine, "{fine:?}");
        }
        for nasty in [
            "",
            "forums",
            "//evil.example",
            "///evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            " /forums",
            "/ /evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}",
            "/\u{a0}/evil.example",
            "/\u{3000}/evil.example",
            "/\u{2028}/evil.example",
            "/\u{ff0f}evil.example",
            "/\u{202e}",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "data:text/html,hi",
            "/\t/",
        ] {
            assert_eq!(safe_next(nasty), "/", "{nasty:?}");
        }
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("/a b?c=d"), "/a%20b%3Fc%3Dd");
    }
}
