//! Every permission rule of the contract's "Roles" section. The API asks
//! these functions; no resolver decides on its own who may do what.

use crate::account::PlatformRole;
use crate::forum::{ForumRole, ForumSettings};
use crate::ids::{SessionId, UserId};

/// How the caller proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Credential {
    /// A signed-in person: an access token of this session.
    Session(SessionId),
    /// An officer's read-only API token.
    ApiToken,
}

impl Credential {
    /// The session the caller signed in with; none for an API token.
    pub fn session(self) -> Option<SessionId> {
        match self {
            Self::Session(id) => Some(id),
            Self::ApiToken => None,
        }
    }
}

/// A signed-in caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub platform_role: PlatformRole,
    pub credential: Credential,
}

/// Why a caller is refused, in the contract's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody is signed in.
    Unauthenticated,
    /// Signed in, but the role does not allow it.
    Forbidden,
    /// The object is inside a forum the caller may not read: they learn
    /// nothing, not even that it exists.
    NotFound,
}

/// Actions on the platform as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformAction {
    CreateForum,
    GrantPlatformRole,
    CreateApiToken,
    /// Revoke a token that belongs to `owner`.
    RevokeApiToken {
        owner: UserId,
    },
    /// See the private parts of `owner`'s account (email, memberships).
    SeeAccount {
        owner: UserId,
    },
    ReadAuditLog,
    /// Join a forum with an invite.
    JoinForum,
    /// Delete one's own account (signed in, not with an API token).
    DeleteOwnAccount,
    /// Download everything held about oneself (signed in, not with an API
    /// token: a token is for reports, and this holds personal data).
    ExportOwnData,
    /// Read the mail outbox, sent or not: admins, signed in (its emails
    /// hold sign-in links, so no API token reads it).
    ReadOutbox,
    /// Read one's own notifications and choose how to hear of them (signed
    /// in, not with an API token: a token is for reports).
    OwnNotifications,
    /// Ask to change one's own email address (signed in: a token is not
    /// the person).
    ChangeOwnEmail,
    /// List and end one's own sessions: an API token is no session.
    ManageOwnSessions,
    /// The safeguarding report: officers and admins, and their API tokens.
    ReadSafeguardingReport,
    /// Choose a forum's settings (who records progress): admins.
    SetForumSettings,
}

/// Actions inside one forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForumAction {
    /// Read members, findings, rounds, improvements and results.
    Read,
    AddFinding,
    /// Cast a ballot or a decision vote.
    Vote,
    /// Propose and co-author improvements.
    Participate,
    /// Comment on findings and improvements, and report a comment: members,
    /// and council officers (their comments are marked as theirs).
    Comment,
    /// Invite, open and close rounds and decisions, hide comments and see
    /// reported ones.
    Facilitate,
    /// See a round's running result before it closes.
    SeeRunningResult,
    /// Record progress on an agreed improvement: officers, and the forum's
    /// facilitators where its settings allow.
    RecordProgress(ForumSettings),
    /// Add and update the actions of an agreed improvement's plan.
    PlanActions,
    /// Answer a safeguarding review finding (implemented, in hand, not).
    AnswerFinding,
}

impl PlatformAction {
    /// Refused to API tokens: every write, and the export of personal data.
    fn needs_a_session(self) -> bool {
        !matches!(
            self,
            Self::SeeAccount { .. } | Self::ReadAuditLog | Self::ReadSafeguardingReport
        )
    }
}

impl ForumAction {
    fn writes(self) -> bool {
        !matches!(self, Self::Read | Self::SeeRunningResult)
    }
}

fn signed_in(actor: Option<&Actor>) -> Result<&Actor, Refusal> {
    actor.ok_or(Refusal::Unauthenticated)
}

fn allow_if(allowed: bool) -> Result<(), Refusal> {
    if allowed { Ok(()) } else { Err(Refusal::Forbidden) }
}

/// May `actor` do `action` on the platform?
pub fn authorize(actor: Option<&Actor>, action: PlatformAction) -> Result<(), Refusal> {
    let actor = signed_in(actor)?;
    if action.needs_a_session() && actor.credential == Credential::ApiToken {
        return Err(Refusal::Forbidden);
    }
    let role = actor.platform_role;
    let admin = role == PlatformRole::Admin;
    allow_if(match action {
        PlatformAction::CreateForum
        | PlatformAction::GrantPlatformRole
        | PlatformAction::ReadAuditLog
        | PlatformAction::ReadOutbox
        | PlatformAction::SetForumSettings => admin,
        PlatformAction::CreateApiToken | PlatformAction::ReadSafeguardingReport => {
            admin || role == PlatformRole::Officer
        }
        PlatformAction::JoinForum
        | PlatformAction::DeleteOwnAccount
        | PlatformAction::ExportOwnData
        | PlatformAction::OwnNotifications
        | PlatformAction::ChangeOwnEmail
        | PlatformAction::ManageOwnSessions => true,
        PlatformAction::RevokeApiToken { owner } | PlatformAction::SeeAccount { owner } => {
            admin || owner == actor.user_id
        }
    })
}

/// May `actor`, whose role in the forum is `forum_role`, do `action` there?
///
/// Voting and co-designing are acts of membership: platform roles do not
/// grant them, so a round's turnout counts only the forum's own members.
/// Commenting is open to council officers (and admins) too: they answer
/// members in the conversation, marked as officers.
pub fn authorize_in_forum(
    actor: Option<&Actor>,
    forum_role: Option<ForumRole>,
    action: ForumAction,
) -> Result<(), Refusal> {
    let actor = signed_in(actor)?;
    if action.writes() && actor.credential == Credential::ApiToken {
        return Err(Refusal::Forbidden);
    }
    let admin = actor.platform_role == PlatformRole::Admin;
    let officer = actor.platform_role == PlatformRole::Officer;
    let staff = reads_every_forum(actor);
    let member = forum_role.is_some();
    let facilitator = forum_role == Some(ForumRole::Facilitator);
    allow_if(match action {
        ForumAction::Read => member || staff,
        ForumAction::AddFinding => member || officer || admin,
        ForumAction::Vote | ForumAction::Participate => member,
        ForumAction::Comment => member || officer || admin,
        ForumAction::Facilitate => facilitator || admin,
        ForumAction::SeeRunningResult => facilitator || officer || admin,
        ForumAction::RecordProgress(settings) => {
            officer || admin || (facilitator && settings.facilitators_record_progress)
        }
        ForumAction::AnswerFinding => officer || admin,
        ForumAction::PlanActions => facilitator || officer || admin,
    })
}

/// Like [`authorize_in_forum`], for an object addressed by id inside the
/// forum: a caller who may not read the forum is told it does not exist.
pub fn authorize_inside_forum(
    actor: Option<&Actor>,
    forum_role: Option<ForumRole>,
    action: ForumAction,
) -> Result<(), Refusal> {
    match authorize_in_forum(actor, forum_role, ForumAction::Read) {
        Err(Refusal::Forbidden) => Err(Refusal::NotFound),
        Err(refusal) => Err(refusal),
        Ok(()) => authorize_in_forum(actor, forum_role, action),
    }
}

/// Revising an improvement and inviting co-authors: members of the forum
/// who are already its co-authors.
pub fn authorize_co_author(
    actor: Option<&Actor>,
    forum_role: Option<ForumRole>,
    is_co_author: bool,
) -> Result<(), Refusal> {
    authorize_inside_forum(actor, forum_role, ForumAction::Participate)?;
    allow_if(is_co_author)
}

/// Mutations that need no sign-in (register, login, refreshing and ending
/// a session) are still writes: an API token may not send them.
pub fn authorize_open_mutation(actor: Option<&Actor>) -> Result<(), Refusal> {
    match actor {
        Some(actor) if actor.credential == Credential::ApiToken => Err(Refusal::Forbidden),
        _ => Ok(()),
    }
}

/// Officers, the complaints team and admins read every forum; everyone
/// else only their own.
pub fn reads_every_forum(actor: &Actor) -> bool {
    matches!(
        actor.platform_role,
        PlatformRole::Admin | PlatformRole::Officer | PlatformRole::Complaints
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: PlatformRole, credential: Credential) -> Actor {
        Actor {
            user_id: UserId::new(),
            platform_role: role,
            credential,
        }
    }

    fn person(role: PlatformRole) -> Actor {
        actor(role, Credential::Session(SessionId::new()))
    }

    const DEFAULTS: ForumSettings = ForumSettings {
        facilitators_record_progress: false,
    };

    const FORUM_ACTIONS: [ForumAction; 8] = [
        ForumAction::Read,
        ForumAction::AddFinding,
        ForumAction::Vote,
        ForumAction::Participate,
        ForumAction::Comment,
        ForumAction::Facilitate,
        ForumAction::SeeRunningResult,
        ForumAction::RecordProgress(DEFAULTS),
    ];

    /// The contract's roles as a table: which forum actions each standing allows.
    fn allowed(actor: Option<&Actor>, role: Option<ForumRole>) -> Vec<ForumAction> {
        FORUM_ACTIONS
            .into_iter()
            .filter(|&a| authorize_in_forum(actor, role, a).is_ok())
            .collect()
    }

    #[test]
    fn anonymous_callers_must_sign_in() {
        for action in FORUM_ACTIONS {
            assert_eq!(
                authorize_in_forum(None, None, action),
                Err(Refusal::Unauthenticated)
            );
        }
        assert_eq!(
            authorize(None, PlatformAction::CreateForum),
            Err(Refusal::Unauthenticated)
        );
    }

    #[test]
    fn members_read_add_vote_and_participate() {
        use ForumAction::*;
        let member = person(PlatformRole::None);
        assert_eq!(
            allowed(Some(&member), Some(ForumRole::Member)),
            vec![Read, AddFinding, Vote, Participate, Comment]
        );
    }

    #[test]
    fn facilitators_also_facilitate_and_see_running_results() {
        use ForumAction::*;
        let facilitator = person(PlatformRole::None);
        assert_eq!(
            allowed(Some(&facilitator), Some(ForumRole::Facilitator)),
            vec![
                Read,
                AddFinding,
                Vote,
                Participate,
                Comment,
                Facilitate,
                SeeRunningResult
            ]
        );
    }

    #[test]
    fn facilitators_record_progress_only_where_an_admin_allows_it() {
        let facilitator = person(PlatformRole::None);
        let role = Some(ForumRole::Facilitator);
        let allowed = ForumSettings {
            facilitators_record_progress: true,
        };
        assert_eq!(
            authorize_in_forum(Some(&facilitator), role, ForumAction::RecordProgress(DEFAULTS)),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            authorize_in_forum(Some(&facilitator), role, ForumAction::RecordProgress(allowed)),
            Ok(())
        );
        // The setting is for facilitators: members still may not.
        let member = person(PlatformRole::None);
        assert_eq!(
            authorize_in_forum(
                Some(&member),
                Some(ForumRole::Member),
                ForumAction::RecordProgress(allowed)
            ),
            Err(Refusal::Forbidden)
        );
        let token = actor(PlatformRole::Officer, Credential::ApiToken);
        assert_eq!(
            authorize_in_forum(Some(&token), None, ForumAction::RecordProgress(allowed)),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn only_admins_choose_a_forums_settings() {
        assert!(
            authorize(
                Some(&person(PlatformRole::Admin)),
                PlatformAction::SetForumSettings
            )
            .is_ok()
        );
        for role in [PlatformRole::Officer, PlatformRole::None] {
            assert_eq!(
                authorize(Some(&person(role)), PlatformAction::SetForumSettings),
                Err(Refusal::Forbidden)
            );
        }
        let token = actor(PlatformRole::Admin, Credential::ApiToken);
        assert_eq!(
            authorize(Some(&token), PlatformAction::SetForumSettings),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn officers_read_add_findings_comment_and_record_progress_but_do_not_vote() {
        use ForumAction::*;
        let officer = person(PlatformRole::Officer);
        assert_eq!(
            allowed(Some(&officer), None),
            vec![
                Read,
                AddFinding,
                Comment,
                SeeRunningResult,
                RecordProgress(DEFAULTS)
            ]
        );
    }

    #[test]
    fn admins_do_everything_but_act_as_members_only_when_they_are_members() {
        use ForumAction::*;
        let admin = person(PlatformRole::Admin);
        assert_eq!(
            allowed(Some(&admin), None),
            vec![
                Read,
                AddFinding,
                Comment,
                Facilitate,
                SeeRunningResult,
                RecordProgress(DEFAULTS)
            ]
        );
        assert_eq!(
            allowed(Some(&admin), Some(ForumRole::Member)),
            FORUM_ACTIONS.to_vec()
        );
    }

    #[test]
    fn outsiders_are_forbidden_in_the_forum_and_not_told_what_is_inside() {
        let outsider = person(PlatformRole::None);
        assert!(allowed(Some(&outsider), None).is_empty());
        assert_eq!(
            authorize_in_forum(Some(&outsider), None, ForumAction::Read),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            authorize_inside_forum(Some(&outsider), None, ForumAction::Vote),
            Err(Refusal::NotFound)
        );
        let member = person(PlatformRole::None);
        assert_eq!(
            authorize_inside_forum(Some(&member), Some(ForumRole::Member), ForumAction::Facilitate),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn api_tokens_read_what_their_officer_reads_and_write_nothing() {
        let token = actor(PlatformRole::Officer, Credential::ApiToken);
        assert_eq!(
            allowed(Some(&token), None),
            vec![ForumAction::Read, ForumAction::SeeRunningResult]
        );
        for action in [
            PlatformAction::CreateApiToken,
            PlatformAction::CreateForum,
            PlatformAction::RevokeApiToken { owner: token.user_id },
        ] {
            assert_eq!(authorize(Some(&token), action), Err(Refusal::Forbidden));
        }
        assert_eq!(
            authorize(Some(&token), PlatformAction::JoinForum),
            Err(Refusal::Forbidden)
        );
        let admin_token = actor(PlatformRole::Admin, Credential::ApiToken);
        assert_eq!(
            authorize(Some(&admin_token), PlatformAction::GrantPlatformRole),
            Err(Refusal::Forbidden)
        );
        assert!(authorize(Some(&admin_token), PlatformAction::ReadAuditLog).is_ok());
    }

    #[test]
    fn platform_actions_follow_the_roles() {
        let admin = person(PlatformRole::Admin);
        let officer = person(PlatformRole::Officer);
        let member = person(PlatformRole::None);
        for action in [PlatformAction::CreateForum, PlatformAction::GrantPlatformRole] {
            assert!(authorize(Some(&admin), action).is_ok());
            assert_eq!(authorize(Some(&officer), action), Err(Refusal::Forbidden));
            assert_eq!(authorize(Some(&member), action), Err(Refusal::Forbidden));
        }
        assert!(authorize(Some(&officer), PlatformAction::CreateApiToken).is_ok());
        assert!(authorize(Some(&member), PlatformAction::JoinForum).is_ok());
        assert_eq!(
            authorize(Some(&member), PlatformAction::CreateApiToken),
            Err(Refusal::Forbidden)
        );
    }

    #[test]
    fn accounts_are_private_to_their_owner_and_admins() {
        let owner = person(PlatformRole::None);
        let other = person(PlatformRole::Officer);
        let admin = person(PlatformRole::Admin);
        let see = PlatformAction::SeeAccount { owner: owner.user_id };
        assert!(authorize(Some(&owner), see).is_ok());
        assert!(authorize(Some(&admin), see).is_ok());
        assert_eq!(authorize(Some(&other), see), Err(Refusal::Forbidden));
    }

    #[test]
    fn api_tokens_send_no_mutation_even_one_that_needs_no_sign_in() {
        assert_eq!(authorize_open_mutation(None), Ok(()));
        assert_eq!(authorize_open_mutation(Some(&person(PlatformRole::None))), Ok(()));
        let token = actor(PlatformRole::Officer, Credential::ApiToken);
        assert_eq!(authorize_open_mutation(Some(&token)), Err(Refusal::Forbidden));
    }

    #[test]
    fn only_co_authors_revise() {
        let member = person(PlatformRole::None);
        let role = Some(ForumRole::Member);
        assert!(authorize_co_author(Some(&member), role, true).is_ok());
        assert_eq!(
            authorize_co_author(Some(&member), role, false),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            authorize_co_author(Some(&member), None, true),
            Err(Refusal::NotFound)
        );
        let officer = person(PlatformRole::Officer);
        assert_eq!(
            authorize_co_author(Some(&officer), None, false),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            authorize_co_author(None, None, false),
            Err(Refusal::Unauthenticated)
        );
    }

    #[test]
    fn only_officers_and_admins_read_every_forum() {
        assert!(reads_every_forum(&person(PlatformRole::Admin)));
        assert!(reads_every_forum(&person(PlatformRole::Officer)));
        assert!(!reads_every_forum(&person(PlatformRole::None)));
    }

    #[test]
    fn everyone_signed_in_manages_their_own_account_but_no_api_token() {
        for action in [
            PlatformAction::DeleteOwnAccount,
            PlatformAction::ExportOwnData,
            PlatformAction::ChangeOwnEmail,
            PlatformAction::ManageOwnSessions,
        ] {
            for role in [
                PlatformRole::Admin,
                PlatformRole::Officer,
                PlatformRole::Complaints,
                PlatformRole::None,
            ] {
                assert_eq!(authorize(Some(&person(role)), action), Ok(()));
                let token = actor(role, Credential::ApiToken);
                assert_eq!(authorize(Some(&token), action), Err(Refusal::Forbidden));
            }
            assert_eq!(authorize(None, action), Err(Refusal::Unauthenticated));
        }
    }
}
