//! The members' web client: server-rendered pages at `/`. Every page runs
//! the public contract's operations in-process as the signed-in person, so
//! the web client can do nothing the API cannot. Forms post plain HTML and
//! work without JavaScript.

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use secrecy::ExposeSecret as _;

use coforum_app::state::AppState;
use coforum_graphql::CoforumSchema;

/// The account page: your data, deleting your account.
mod account;
/// Changing your email: the form, and the link's page.
mod account_email;
/// Your sessions: ending one, signing out everywhere.
mod account_sessions;
/// Accounts: sign in, sign out, register, join with an invite.
mod auth;
/// Ballots: the voting form for each method.
mod ballots;
/// SVG bar chart of theme trends, drawn on the server.
mod chart;
/// The schema's enums, as the pages' generated types use them.
mod codes;
/// Comments on findings and improvements: add, reply, hide.
mod comments;
/// CSRF tokens bound to the session, or before sign-in to a pre-session.
mod csrf;
/// CSV downloads of the officers' tables.
mod csv;
/// Decisions on improvements (open, vote, close) and recording progress.
mod decisions;
/// The feedback log: "Tell us", the work queue, items, the report.
mod feedback;
/// "Add a finding", in three steps.
mod finding_new;
/// Findings: the list with theme filter and paging, and one finding.
mod findings;
/// The start page and a forum's home page.
mod forum;
/// Running an operation in-process.
mod gql;
/// "Suggest an improvement": the form, and proposing one.
mod improvement_new;
/// Improvements: the page and co-authors.
mod improvements;
/// Facilitators' invites.
mod invites;
/// The layout, error summary and refusal pages.
mod layout;
/// A forum's members: roles and removal.
mod members;
/// "What's new", the choice of emails, and one-click unsubscribe.
mod notices;
/// The officers' dashboard: priorities across forums and theme trends.
mod officers;
/// The admins' view of the mail outbox.
mod outbox;
/// What the improvement pages do alike: read a document, send a form.
mod page;
/// A forgotten password: a link by email, then a new password.
mod password_reset;
/// How a forum's priorities changed over its published votes.
mod priority_history;
/// The priority history chart, drawn as SVG.
mod rank_chart;
/// One refresh for pages that bring the same old refresh token together.
mod refreshes;
/// Changing an improvement, and its revisions side by side.
mod revisions;
/// What "Start a vote" holds and how each step checks it.
mod round_form;
/// "Start a vote", in five steps.
mod round_new;
/// Rounds: the page with results, and closing one.
mod rounds;
/// The session's cookies.
mod session;
/// CSS, JavaScript and the icon, built into the binary.
mod statics;
/// Forms in short steps that post their drafts, never put them in addresses.
mod steps;
/// Who is visiting, CSRF checks and security headers.
mod visitor;
/// Plain words for codes, dates and numbers.
mod words;
/// "You said, we did".
mod you_said;

/// What the pages need: the application, its schema, the refreshes this
/// process made a moment ago, and the key of the forms' CSRF tokens.
#[derive(Clone)]
pub struct WebState {
    pub app: AppState,
    pub schema: CoforumSchema,
    refreshes: Arc<refreshes::RecentRefreshes>,
    csrf: csrf::CsrfKey,
}

/// The web client's routes, with their middleware and state applied.
pub fn router(app: AppState, schema: CoforumSchema) -> Router {
    let web = WebState {
        csrf: csrf::CsrfKey::derive(app.config.jwt_secret.expose_secret()),
        app,
        schema,
        refreshes: Arc::new(refreshes::RecentRefreshes::new(refreshes::SHARE_FOR)),
    };
    let pages = Router::new()
        .route("/", get(forum::start))
        .route("/help", get(forum::help))
        .route("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route("/account", get(account::page))
        .route("/account/my-data.json", get(account::my_data))
        .route("/account/password", post(account::change_password))
        .route("/account/delete", post(account::delete))
        .route("/account/email", post(account_email::request))
        .route("/account/sessions/{id}/end", post(account_sessions::end))
        .route("/account/sign-out-everywhere", post(account_sessions::everywhere))
        .route(
            "/confirm-email/{token}",
            get(account_email::confirm_page).post(account_email::confirm),
        )
        .route("/register", get(auth::register_page).post(auth::register))
        .route("/join/{code}", get(auth::join_page).post(auth::join))
        .route(
            "/forgot-password",
            get(password_reset::forgot_page).post(password_reset::forgot),
        )
        .route(
            "/reset-password/{token}",
            get(password_reset::reset_page).post(password_reset::reset),
        )
        .route("/forums/{slug}", get(forum::forum_home))
        .route("/forums/{slug}/findings", get(findings::list))
        .route(
            "/forums/{slug}/findings/new",
            get(finding_new::new_page).post(finding_new::step),
        )
        .route("/findings/{id}", get(findings::show))
        .route("/findings/{id}/comments", post(comments::on_finding))
        .route("/improvements/{id}/comments", post(comments::on_improvement))
        .route("/comments/{id}/hide", post(comments::hide))
        .route(
            "/forums/{slug}/rounds/new",
            get(round_new::new_page).post(round_new::step),
        )
        .route("/rounds/{id}", get(rounds::show))
        .route("/rounds/{id}/close", post(rounds::close))
        .route("/rounds/{id}/publish", post(rounds::publish))
        .route("/rounds/{id}/vote", get(ballots::page).post(ballots::cast))
        .route(
            "/forums/{slug}/improvements/new",
            get(improvement_new::new_page).post(improvement_new::propose),
        )
        .route("/improvements/{id}", get(improvements::show))
        .route(
            "/improvements/{id}/revise",
            get(revisions::revise_page).post(revisions::revise),
        )
        .route("/improvements/{id}/revisions", get(revisions::revisions))
        .route("/improvements/{id}/co-authors", post(improvements::add_co_author))
        .route(
            "/improvements/{id}/progress",
            get(decisions::progress_page).post(decisions::record_progress),
        )
        .route(
            "/improvements/{id}/decision",
            get(decisions::open_page).post(decisions::open),
        )
        .route("/improvements/{id}/decision/close", post(decisions::close))
        .route("/improvements/{id}/vote", post(decisions::vote))
        .route("/forums/{slug}/you-said-we-did", get(you_said::page))
        .route("/forums/{slug}/priorities", get(priority_history::page))
        .route("/forums/{slug}/invites", get(invites::page).post(invites::create))
        .route("/forums/{slug}/invites/email", post(invites::by_email))
        .route("/forums/{slug}/members", get(members::list))
        .route("/forums/{slug}/members/{id}/role", post(members::set_role))
        .route(
            "/forums/{slug}/members/{id}/remove",
            get(members::confirm_remove).post(members::remove),
        )
        .route("/admin/outbox", get(outbox::page))
        .route("/whats-new", get(notices::whats_new))
        .route(
            "/account/notifications",
            get(notices::settings).post(notices::save_settings),
        )
        .route(
            "/unsubscribe/{token}",
            get(notices::unsubscribe_page).post(notices::unsubscribe),
        )
        .route(
            "/tell-us",
            get(feedback::tell_us::page).post(feedback::tell_us::send),
        )
        .route("/tell-us/thank-you", get(feedback::tell_us::thank_you))
        .route("/feedback", get(feedback::queue::page))
        .route("/feedback/new", get(feedback::new::page).post(feedback::new::log))
        .route("/feedback/report", get(feedback::report::page))
        .route("/feedback/report.csv", get(feedback::report::download))
        .route(
            "/feedback/raise",
            get(feedback::raise::page).post(feedback::raise::raise),
        )
        .route("/feedback/{id}", get(feedback::item::show))
        .route("/feedback/{id}/acknowledge", post(feedback::actions::acknowledge))
        .route("/feedback/{id}/assign", post(feedback::actions::assign))
        .route("/feedback/{id}/extend", post(feedback::actions::extend))
        .route("/feedback/{id}/respond", post(feedback::actions::respond))
        .route("/feedback/{id}/escalate", post(feedback::actions::escalate))
        .route("/feedback/{id}/ombudsman", post(feedback::ombudsman::record))
        .route(
            "/feedback/{id}/remedies/{remedy}/done",
            post(feedback::ombudsman::remedy_done),
        )
        .route("/officers", get(officers::dashboard))
        .route("/officers/priorities.csv", get(officers::priorities_csv))
        .route("/officers/trends.csv", get(officers::trends_csv))
        .fallback(forum::not_found)
        .layer(middleware::from_fn_with_state(web.clone(), visitor::visit))
        .with_state(web);
    Router::new()
        .route("/static/{file}", get(statics::file))
        .merge(pages)
        .layer(middleware::from_fn(visitor::security_headers))
}
