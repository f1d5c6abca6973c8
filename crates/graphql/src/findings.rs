use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use coforum_app::reads::FindingCursor;
use coforum_domain::finding;
use coforum_domain::finding::{FindingDraft, normalize_theme};
use coforum_domain::ids::{FindingId, ForumId};
use coforum_domain::permissions::ForumAction;
use coforum_domain::priorities::page_size;

use super::context::{caller, loader, require_in_forum, require_inside_forum, state};
use super::forums::{Forum, load_forum};
use super::ids::parse_id;
use super::scalars::{FindingSource, FindingStatus};
use coforum_app::error::{AppError, AppResult};
use coforum_app::ops::findings as finding_ops;

type Result<T> = async_graphql::Result<T>;

/// Something the forum learned: from an audit, a complaint, a compliment, a
/// safeguarding review, an engagement event or a survey.
pub struct Finding(pub finding::Finding);

#[Object]
impl Finding {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Exactly as written.
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn source(&self) -> FindingSource {
        self.0.source.into()
    }
    /// Lower-case, alphabetical.
    async fn themes(&self) -> &[String] {
        &self.0.themes
    }
    /// The source's own reference (a complaint number, an audit id).
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at
    }
    async fn status(&self) -> FindingStatus {
        self.0.status.into()
    }
    /// A safeguarding review finding's latest answer (null until answered).
    async fn response(&self) -> Option<super::learning::FindingResponse> {
        self.0.answer.as_ref().map(|a| a.response.into())
    }
    /// Why it was not implemented, or any note with the answer.
    async fn response_reason(&self) -> Option<&str> {
        self.0.answer.as_ref().and_then(|a| a.reason.as_deref())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn forum(&self, ctx: &Context<'_>) -> Result<Forum> {
        Ok(load_forum(ctx, self.0.forum_id).await?)
    }
    /// Oldest first; threads by parentId.
    #[graphql(complexity = "super::list_bounds::cost(super::list_bounds::COMMENTS, child_complexity)")]
    async fn comments(&self, ctx: &Context<'_>) -> Result<Vec<super::comments::Comment>> {
        let subject = coforum_domain::comment::Subject::Finding(self.0.id);
        Ok(super::comments::comments_on(ctx, subject).await?)
    }
    /// Improvements designed from this finding, newest first.
    #[graphql(
        complexity = "super::list_bounds::cost(super::list_bounds::IMPROVEMENTS_OF_FINDING, child_complexity)"
    )]
    async fn improvements(&self, ctx: &Context<'_>) -> Result<Vec<super::improvements::Improvement>> {
        Ok(improvements_of_finding(ctx, self.0.id).await?)
    }
}

/// Improvements linked to a finding (the caller already reads its forum).
pub async fn improvements_of_finding(
    ctx: &Context<'_>,
    id: FindingId,
) -> AppResult<Vec<super::improvements::Improvement>> {
    let found = loader(ctx)
        .load_one(super::loaders::ImprovementsOfFinding(id))
        .await?
        .unwrap_or_default();
    Ok(found.into_iter().map(super::improvements::Improvement).collect())
}

/// Loads a finding the caller may read; others are told it does not exist.
pub async fn load_finding(ctx: &Context<'_>, id: FindingId) -> AppResult<Finding> {
    let finding = loader(ctx)
        .load_one(id)
        .await?
        .ok_or(AppError::NotFound("finding"))?;
    require_inside_forum(ctx, finding.forum_id, ForumAction::Read, "finding").await?;
    Ok(Finding(finding))
}

#[derive(SimpleObject)]
pub struct PageInfo {
    pub(crate) has_next_page: bool,
    pub(crate) end_cursor: Option<String>,
}

#[derive(SimpleObject)]
pub struct FindingEdge {
    cursor: String,
    node: Finding,
}

/// A page of a forum's findings, newest first.
#[derive(SimpleObject)]
pub struct FindingConnection {
    /// All findings that match, on every page.
    total_count: u64,
    edges: Vec<FindingEdge>,
    page_info: PageInfo,
}

fn encode_cursor(finding: &finding::Finding) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", finding.received_at.to_rfc3339(), finding.id))
}

fn decode_cursor(cursor: &str) -> AppResult<FindingCursor> {
    let bad = || AppError::invalid("after", "is not a cursor this list gave out");
    let text = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(text).map_err(|_| bad())?;
    let (at, id) = text.split_once('|').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    Ok((at, id.parse().map_err(|_| bad())?))
}

pub const DEFAULT_FINDINGS_PAGE: i64 = 20;
pub const MAX_FINDINGS_PAGE: i64 = 100;

/// The `findings` connection of a forum.
pub async fn findings_page(
    ctx: &Context<'_>,
    forum_id: ForumId,
    first: Option<i64>,
    after: Option<String>,
    theme: Option<String>,
) -> AppResult<FindingConnection> {
    require_in_forum(ctx, forum_id, ForumAction::Read).await?;
    let first = page_size("first", first, DEFAULT_FINDINGS_PAGE, MAX_FINDINGS_PAGE)?;
    let after = after.as_deref().map(decode_cursor).transpose()?;
    let theme = theme.as_deref().map(normalize_theme).transpose()?;
    let page =
        coforum_app::reads::findings::page(state(ctx), forum_id, theme.as_deref(), after, first).await?;
    let (total_count, has_next_page) = (page.total_count, page.has_next_page);
    let edges: Vec<FindingEdge> = page
        .findings
        .into_iter()
        .map(|finding| FindingEdge {
            cursor: encode_cursor(&finding),
            node: Finding(finding),
        })
        .collect();
    Ok(FindingConnection {
        total_count,
        page_info: PageInfo {
            has_next_page,
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        },
        edges,
    })
}

#[derive(InputObject)]
pub struct AddFindingInput {
    forum_id: ID,
    /// 3 to 200 characters.
    title: String,
    /// Up to 20,000 characters, kept exactly as written.
    body: String,
    source: FindingSource,
    /// Up to 10, each up to 40 characters; trimmed, lower-cased, deduplicated.
    themes: Vec<String>,
    reference: Option<String>,
    /// When the council received it; now when omitted.
    received_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct FindingQuery;

#[Object]
impl FindingQuery {
    async fn finding(&self, ctx: &Context<'_>, id: ID) -> Result<Finding> {
        let id: FindingId = parse_id("id", &id)?;
        caller(ctx).signed_in()?;
        Ok(load_finding(ctx, id).await?)
    }
}

#[derive(Default)]
pub struct FindingMutation;

#[Object]
impl FindingMutation {
    /// Members, facilitators, officers and admins.
    async fn add_finding(&self, ctx: &Context<'_>, input: AddFindingInput) -> Result<Finding> {
        let forum_id = parse_id("forumId", &input.forum_id)?;
        let draft = FindingDraft {
            title: &input.title,
            body: &input.body,
            source: input.source.into(),
            themes: &input.themes,
            reference: input.reference.as_deref(),
            received_at: input.received_at,
        };
        let finding = finding_ops::add_finding(state(ctx), caller(ctx), forum_id, draft).await?;
        Ok(Finding(finding))
    }
}
