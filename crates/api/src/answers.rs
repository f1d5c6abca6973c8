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

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection};
use async_graphql::{Name, Request, Value};
use axum::body::Bytes;
use chrono::{DateTime, Utc};
use coforum_domain::account::PlatformRole;
use coforum_domain::ids::{ForumId, UserId};
use coforum_domain::permissions::Credential;
use coforum_persistence::repos::forums;
use coforum_persistence::{ConnectionTrait, now};
use lru::LruCache;

use crate::auth::principal::Caller;

/// Memory for kept answers, all callers together.
const BUDGET_BYTES: usize = 16 * 1024 * 1024;
/// A larger answer is not kept: it would crowd out the others.
const LARGEST_KEPT: usize = 1024 * 1024;
/// Distinct query documents whose shape is remembered.
const SHAPES_KEPT: usize = 256;

/// Shared by every request of one server; create once.
pub struct Answers {
    /// By document and the operation chosen in it: one document may hold a
    /// query and a mutation, and only the query may be kept.
    shapes: Mutex<LruCache<ShapeKey, Option<Shape>>>,
    kept: Mutex<Kept>,
}

/// A document, and the name of the operation to run in it.
type ShapeKey = (String, Option<String>);

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
    All(forums::AllRevisions),
}

/// Who asked, and exactly what: a kept answer is only ever given back for
/// the same request bytes from the same caller.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    caller: Option<(UserId, PlatformRole, Credential)>,
    request: Bytes,
}

/// The root field a keepable query asks for.
#[derive(Clone)]
enum Shape {
    Forum { slug: Argument },
    Priorities { forum_id: Argument },
}

#[derive(Clone)]
enum Argument {
    Absent,
    Literal(Value),
    Variable(Name),
}

struct Answer {
    revisions: Revisions,
    until: Option<DateTime<Utc>>,
    body: Bytes,
}

struct Kept {
    answers: LruCache<Key, Answer>,
    bytes: usize,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            shapes: Mutex::new(LruCache::new(
                NonZeroUsize::new(SHAPES_KEPT).unwrap_or(NonZeroUsize::MIN),
            )),
            kept: Mutex::new(Kept {
                answers: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }
}

impl Answers {
    /// The forums' revisions `request` depends on, read now; None when its
    /// answer is not one to keep. `request_bytes` identify the request
    /// exactly (the POST body, or the GET query string).
    pub async fn watch(
        &self,
        conn: &impl ConnectionTrait,
        caller: &Caller,
        request: &Request,
        request_bytes: Bytes,
    ) -> Option<Watched> {
        let shape = self.shape_of(request)?;
        let revisions = match shape {
            Shape::Forum { slug } => {
                let Value::String(slug) = slug.value(request)? else {
                    return None;
                };
                let (id, revision) = forums::revision_by_slug(conn, &slug).await.ok()??;
                Revisions::Of(id, revision)
            }
            Shape::Priorities { forum_id } => match forum_id.value(request) {
                None | Some(Value::Null) => Revisions::All(forums::all_revisions(conn).await.ok()?),
                Some(Value::String(id)) => {
                    let id: ForumId = id.parse().ok()?;
                    Revisions::Of(id, forums::revision_of(conn, id).await.ok()??)
                }
                Some(_) => return None,
            },
        };
        let caller = caller
            .actor()
            .map(|actor| (actor.user_id, actor.platform_role, actor.credential));
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
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let answer = kept.answers.get(&watched.key)?;
        let current = answer.revisions == watched.revisions && answer.until.is_none_or(|until| now() < until);
        current.then(|| answer.body.clone())
    }

    /// Keeps `body`, the successful answer to `watched`, until its forums
    /// change or their next deadline comes.
    pub async fn keep(&self, conn: &impl ConnectionTrait, watched: Watched, body: Bytes) {
        if body.len() > LARGEST_KEPT {
            return;
        }
        let forum_ids = match watched.revisions {
            Revisions::Of(id, _) => vec![id],
            Revisions::All(_) => match forums::revisions(conn).await {
                Ok(all) => all.into_iter().map(|(id, _)| id).collect(),
                Err(_) => return,
            },
        };
        let Ok(until) = forums::next_deadline(conn, &forum_ids).await else {
            return;
        };
        if until.is_some_and(|until| until <= now()) {
            return;
        }
        let answer = Answer {
            revisions: watched.revisions,
            until,
            body,
        };
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.insert(watched.key, answer);
    }

    fn shape_of(&self, request: &Request) -> Option<Shape> {
        let key = (request.query.clone(), request.operation_name.clone());
        let mut shapes = self.shapes.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = shapes.get(&key) {
            return known.clone();
        }
        drop(shapes);
        let shape = async_graphql::parser::parse_query(&request.query)
            .ok()
            .and_then(|document| shape_of(&document, request.operation_name.as_deref()));
        let mut shapes = self.shapes.lock().unwrap_or_else(PoisonError::into_inner);
        shapes.put(key, shape.clone());
        shape
    }
}

impl Kept {
    fn insert(&mut self, key: Key, answer: Answer) {
        let size = answer.body.len() + key.request.len();
        if let Some(replaced) = self.answers.pop(&key) {
            self.bytes -= replaced.body.len() + key.request.len();
        }
        while self.bytes + size > BUDGET_BYTES {
            let Some((old_key, old)) = self.answers.pop_lru() else {
                break;
            };
            self.bytes -= old.body.len() + old_key.request.len();
        }
        self.bytes += size;
        self.answers.put(key, answer);
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

/// The one root field of the operation `request` runs, when it is a query
/// whose answer may be kept.
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
