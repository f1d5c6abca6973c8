//! The invites page's list: each invite of the forum with who it is for,
//! how many joined with it and how many more can, and when it stops
//! working; and withdrawing one.

use graphql_client::GraphQLQuery;

use super::codes::{ForumRole, InviteState};
use super::gql::{self, Refused};
use super::layout::refused;
use super::visitor::Visitor;
use super::{WebState, words};
use axum::response::Response;

/// The schema's `DateTime`, as the API writes it (RFC 3339).
type DateTime = String;

/// The forum's invites: the page's list, with a button to withdraw each
/// that still works.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/forum_invites.graphql",
    extern_enums("ForumRole", "InviteState"),
    response_derives = "Clone, Debug"
)]
pub struct WebForumInvites;

/// `WithdrawInvite`: no one can join with it any more.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/withdraw_invite.graphql",
    response_derives = "Debug"
)]
pub struct WithdrawInvite;

/// One invite in the list.
pub type Listed = web_forum_invites::WebForumInvitesForumInvites;

/// The forum's invites, newest first.
pub async fn listed(web: &WebState, v: &Visitor, slug: &str, path: &str) -> Result<Vec<Listed>, Response> {
    let variables = web_forum_invites::Variables {
        slug: slug.to_owned(),
    };
    Ok(gql::query::<WebForumInvites>(web, v.caller, variables)
        .await
        .map_err(|r| refused(v, &r, path))?
        .forum
        .map(|f| f.invites)
        .unwrap_or_default())
}

/// Runs `WithdrawInvite` for invite `id`.
pub async fn withdraw(web: &WebState, v: &Visitor, id: String) -> Result<(), Refused> {
    gql::query::<WithdrawInvite>(web, v.caller, withdraw_invite::Variables { id })
        .await
        .map(|_| ())
}

/// Those people can still join with.
pub fn open(invites: &[Listed]) -> Vec<&Listed> {
    invites.iter().filter(|i| i.state == InviteState::Open).collect()
}

/// Those that no longer work: expired, used up or withdrawn.
pub fn old(invites: &[Listed]) -> Vec<&Listed> {
    invites.iter().filter(|i| i.state != InviteState::Open).collect()
}

/// One invite in a sentence or two: who it is for, how many joined
/// with it and how many more can, and when it stops working.
pub fn describe(i: &Listed) -> String {
    let who = match i.role {
        ForumRole::Member => "For members.",
        ForumRole::Facilitator => "For facilitators.",
    };
    let joined = match i.uses {
        0 => "No one has joined with it yet.".to_owned(),
        1 => "1 person has joined with it.".to_owned(),
        n => format!("{n} people have joined with it."),
    };
    let left = match (i.state, i.uses_left) {
        (InviteState::Open, None) => " Anyone with the link can join.".to_owned(),
        (InviteState::Open, Some(1)) => " 1 more person can join.".to_owned(),
        (InviteState::Open, Some(n)) => format!(" {n} more people can join."),
        _ => String::new(),
    };
    let when = match (i.state, &i.withdrawn_at) {
        (InviteState::Withdrawn, Some(at)) => format!(" Withdrawn on {}.", words::date_time(at)),
        (InviteState::Withdrawn, None) => " Withdrawn.".to_owned(),
        (InviteState::UsedUp, _) => " Used up.".to_owned(),
        (InviteState::Expired, _) => format!(" Expired on {}.", words::date_time(&i.expires_at)),
        (InviteState::Open, _) => format!(" It works until {}.", words::date_time(&i.expires_at)),
    };
    format!("{who} {joined}{left}{when}")
}
