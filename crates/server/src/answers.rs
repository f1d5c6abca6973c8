//! Answers to forum reads, kept in memory and checked against the forums'
//! revisions before each use.
//!
//! The database bumps a forum's revision in the transaction of every write
//! to anything the forum shows, its people included (migration 9's
//! triggers, so no write path can forget). An answer is kept with the
//! revisions read *before* it was computed, so it is at least as new as
//! they say: while they are unchanged, on any server sharing the database,
//! running the request again would give the same answer. What changes by the
//! clock alone (a round or a decision reaching its closing time) bounds how
//! long an answer is kept.
//!
//! Only single queries whose one root field is `forum(slug:)` or
//! `priorities(forumId:)` are kept, per caller and per exact request: they
//! read nothing outside the forums they name (every forum, for `priorities`
//! without one) and the people in them.
//!
//! The memory they take is bounded by a `moka` cache weighing each answer
//! by its bytes.

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection};
use async_graphql::{Name, Request, Value};
use axum::body::Bytes;
use chrono::{DateTime, Utc};
use coforum_app::AppState;
use coforum_app::auth::principal::Caller;
use coforum_app::reads::{AllRevisions, revisions};
use coforum_domain::account::PlatformRole;
use coforum_domain::ids::{ForumId, UserId};
use coforum_domain::permissions::Credential;
use coforum_graphql::context::runs_a_mutation;
use moka::sync::Cache;

/// Memory for kept answers, all callers together.
const BUDGET_BYTES: u64 = 16 * 1024 * 1024;
/// A larger answer is not kept: it would crowd out the others.
const LARGEST_KEPT: usize = 1024 * 1024;

/// Distinct documents whose plan is remembered.
const PLANS_KEPT: u64 = 256;

/// Shared by every request of one server; create once.
pub struct Answers {
    /// By document and the operation chosen in it: one document may hold a
    /// query and a mutation, and only the query may be kept.
    plans: Cache<(String, Option<String>), Plan>,
    kept: Cache<Key, Answer>,
}

/// What a request's document is, worked out from its one parse and
/// remembered, so a kept answer is given without parsing at all.
#[derive(Clone)]
pub(crate) struct Plan {
    /// The root field, when the answer may be kept.
    pub(crate) shape: Option<Shape>,
    pub(crate) mutation: bool,
}

/// A request worth keeping, with what its answer depends on, read before
/// it runs.
pub struct Watched {
    key: Key,
    revisions: Revisions,
}

/// The revisions an answer depends on.
#[derive(Clone, PartialEq, Eq)]
enum Revisions {
    /// One forum's.
    Of(ForumId, i64),
    /// Every forum's, summed up in one row (`priorities` without a forum:
    /// hundreds of forums would otherwise be hundreds of rows a request).
    All(AllRevisions),
}

/// Who asked, and exactly what: a kept answer is only ever given back for
/// the same request bytes from the same caller.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Who asks, and whether with an API token: not which session, so a
    /// person's sessions share their answers.
    caller: Option<(UserId, PlatformRole, bool)>,
    request: Bytes,
}

/// The root field a keepable query asks for.
#[derive(Clone)]
pub(crate) enum Shape {
    Forum { slug: Argument },
    Priorities { forum_id: Argument },
}

#[derive(Clone)]
pub(crate) enum Argument {
    Absent,
    Literal(Value),
    Variable(Name),
}

#[derive(Clone)]
struct Answer {
    revisions: Revisions,
    until: Option<DateTime<Utc>>,
    body: Bytes,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            plans: Cache::new(PLANS_KEPT),
            kept: Cache::builder()
                .max_capacity(BUDGET_BYTES)
                .weigher(|key: &Key, answer: &Answer| {
                    u32::try_from(key.request.len() + answer.body.len()).unwrap_or(u32::MAX)
                })
                .build(),
        }
    }
}

impl Answers {
    /// The plan of `request`'s document: remembered, or read from its parse
    /// (which is kept in the request for execution). A document that does
    /// not parse has no plan to remember: execution reports it.
    pub(crate) fn plan(&self, request: &mut Request) -> Plan {
        let key = (request.query.clone(), request.operation_name.clone());
        if let Some(plan) = self.plans.get(&key) {
            return plan;
        }
        let Ok(document) = request.parsed_query() else {
            return Plan {
                shape: None,
                mutation: false,
            };
        };
        let operation = key.1.as_deref();
        let plan = Plan {
            shape: shape_of(document, operation),
            mutation: runs_a_mutation(document, operation),
        };
        self.plans.insert(key, plan.clone());
        plan
    }

    /// The forums' revisions a request of `shape` depends on, read now.
    /// `request_bytes` identify the request exactly (the POST body, or the
    /// GET query string).
    pub async fn watch(
        &self,
        state: &AppState,
        caller: &Caller,
        shape: Shape,
        request: &Request,
        request_bytes: Bytes,
    ) -> Option<Watched> {
        let revisions = match shape {
            Shape::Forum { slug } => {
                let Value::String(slug) = slug.value(request)? else {
                    return None;
                };
                let (id, revision) = revisions::of_slug(state, &slug).await.ok()??;
                Revisions::Of(id, revision)
            }
            Shape::Priorities { forum_id } => match forum_id.value(request) {
                None | Some(Value::Null) => Revisions::All(revisions::of_all(state).await.ok()?),
                Some(Value::String(id)) => {
                    let id: ForumId = id.parse().ok()?;
                    Revisions::Of(id, revisions::of_forum(state, id).await.ok()??)
                }
                Some(_) => return None,
            },
        };
        let caller = caller.actor().map(|actor| {
            let by_token = actor.credential == Credential::ApiToken;
            (actor.user_id, actor.platform_role, by_token)
        });
        Some(Watched {
            key: Key {
                caller,
                request: request_bytes,
            },
            revisions,
        })
    }

    /// The kept answer to `watched`, if its forums have not changed since
    /// and no deadline has passed.
    pub fn kept(&self, watched: &Watched) -> Option<Bytes> {
        let answer = self.kept.get(&watched.key)?;
        let current = answer.revisions == watched.revisions
            && answer.until.is_none_or(|until| revisions::now() < until);
        current.then(|| answer.body.clone())
    }

    /// Keeps `body`, the successful answer to `watched`, until its forums
    /// change or their next deadline comes.
    pub async fn keep(&self, state: &AppState, watched: Watched, body: Bytes) {
        if body.len() > LARGEST_KEPT {
            return;
        }
        let forum_ids = match watched.revisions {
            Revisions::Of(id, _) => vec![id],
            Revisions::All(_) => match revisions::each(state).await {
                Ok(all) => all.into_iter().map(|(id, _)| id).collect(),
                Err(_) => return,
            },
        };
        let Ok(until) = revisions::next_deadline(state, &forum_ids).await else {
            return;
        };
        if until.is_some_and(|until| until <= revisions::now()) {
            return;
        }
        let answer = Answer {
            revisions: watched.revisions,
            until,
            body,
        };
        self.kept.insert(watched.key, answer);
    }
}

impl Argument {
    fn of(field: &async_graphql::parser::types::Field, name: &str) -> Option<Self> {
        Some(match field.get_argument(name).map(|value| &value.node) {
            None => Self::Absent,
            Some(async_graphql_value::Value::Variable(variable)) => Self::Variable(variable.clone()),
            Some(value) => Self::Literal(value.clone().into_const()?),
        })
    }

    /// The argument's value in `request`; None when absent.
    fn value(&self, request: &Request) -> Option<Value> {
        match self {
            Self::Absent => None,
            Self::Literal(value) => Some(value.clone()),
            Self::Variable(name) => request.variables.get(name).cloned(),
        }
    }
}

/// The one root field of the operation `operation_name` picks in
/// `document`, when it is a query whose answer may be kept.
fn shape_of(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<Shape> {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), None) => operation,
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name)?,
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()?
        }
        _ => return None,
    };
    let operation = &operation.node;
    if operation.ty != OperationType::Query || !operation.directives.is_empty() {
        return None;
    }
    let mut shape = None;
    for item in &operation.selection_set.node.items {
        let Selection::Field(field) = &item.node else {
            return None;
        };
        let field = &field.node;
        if !field.directives.is_empty() {
            return None;
        }
        shape = match (field.name.node.as_str(), shape) {
            ("__typename", shape) => shape,
            ("forum", None) => Some(Shape::Forum {
                slug: Argument::of(field, "slug")?,
            }),
            ("priorities", None) => Some(Shape::Priorities {
                forum_id: Argument::of(field, "forumId")?,
            }),
            _ => return None,
        };
    }
    shape
}
