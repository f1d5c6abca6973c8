//! The fixture behind the authorization matrix: seven principals, the forums
//! they stand in, and for each (operation, principal) cell variables that are
//! valid apart from who asks.
//!
//! What no cell changes is made once: the principals, forums A, B and C, two
//! findings, an open round, a closed round, a comment, an improvement in
//! decision and an agreed one. Whatever a cell would use up (a round or a
//! decision to close, a draft to revise or open, a refresh token, an API
//! token to revoke) is made afresh for that cell, so no cell's outcome
//! depends on the cells run before it.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};

use crate::co_design::*;
use crate::common::*;
use crate::feedback_support::{complaint, feedback_input};
use crate::support::*;

/// Who asks: the eight columns of `authorization.table`, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    OtherForum,
    Member,
    Facilitator,
    Officer,
    Complaints,
    ApiToken,
    Admin,
}

impl Principal {
    pub const ALL: [Self; 8] = [
        Self::Anonymous,
        Self::OtherForum,
        Self::Member,
        Self::Facilitator,
        Self::Officer,
        Self::Complaints,
        Self::ApiToken,
        Self::Admin,
    ];

    /// Its column's heading in the table.
    pub fn column(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::OtherForum => "other-forum",
            Self::Member => "member",
            Self::Facilitator => "facilitator",
            Self::Officer => "officer",
            Self::Complaints => "complaints",
            Self::ApiToken => "api-token",
            Self::Admin => "admin",
        }
    }
}

pub const SLUG_A: &str = "matrix-a";
const SLUG_B: &str = "matrix-b";
const SLUG_C: &str = "matrix-c";

pub struct World {
    pub admin: Session,
    pub officer: Session,
    /// On the council's complaints team (platform role COMPLAINTS).
    pub complaints: Session,
    pub api_token: String,
    pub member: Session,
    pub facilitator: Session,
    pub other: Session,
    /// Signed in, in no forum: the account anonymous logs in as, and the one
    /// `GrantPlatformRole` promotes.
    pub bystander: Session,
    pub forum_a: String,
    forum_b: String,
    /// An unlimited MEMBER invite to forum C, which nothing else uses.
    join_code: String,
    findings: Vec<String>,
    open_round: String,
    closed_round: String,
    in_decision: String,
    agreed: String,
    /// A complaint the officer logged: the one officers may read.
    feedback: String,
    /// A finding of forum A from a safeguarding review, to answer.
    safeguarding: String,
}

impl World {
    pub async fn build(app: &TestApp) -> Self {
        let admin = app.admin().await;
        let officer = app.officer(&admin).await;
        let complaints = app.complaints_team(&admin).await;
        let api_token = api_token(app, &officer).await;
        let forum_a = app.forum(&admin, SLUG_A).await;
        let forum_b = app.forum(&admin, SLUG_B).await;
        let forum_c = app.forum(&admin, SLUG_C).await;
        let member = app.member(&admin, &forum_a, "MEMBER").await;
        let facilitator = app.member(&admin, &forum_a, "FACILITATOR").await;
        let other = app.member(&admin, &forum_b, "MEMBER").await;
        let bystander = app
            .register(&format!("bystander-{}@example.org", short_id()), "Bystander")
            .await;
        let join_code = app.invite(&admin, &forum_c, "MEMBER").await;

        let mut findings = Vec::new();
        for i in 0..2 {
            let input = with(
                finding_input(&forum_a, &format!("Matrix finding {i}")),
                json!({ "themes": ["transport"], "receivedAt": received(i) }),
            );
            let finding = added(app, &facilitator.access_token, input).await;
            findings.push(finding["id"].as_str().unwrap().to_owned());
        }
        commented(app, &member, &findings[0], "We heard this too.", None).await;

        // A closed round, so Priorities has a ranking to show, and an open one.
        let fac = &facilitator.access_token;
        let closed_round = open_id(app, fac, &forum_a, &findings, "APPROVAL", json!({})).await;
        vote(app, &member, &closed_round, &[(&findings[0], 1)]).await;
        close(app, fac, &closed_round).await;
        let open_round = open_id(app, fac, &forum_a, &findings, "APPROVAL", json!({})).await;

        let mut world = Self {
            admin,
            officer,
            complaints,
            api_token,
            member,
            facilitator,
            other,
            bystander,
            forum_a,
            forum_b,
            join_code,
            findings,
            open_round,
            closed_round,
            in_decision: String::new(),
            agreed: String::new(),
            feedback: String::new(),
            safeguarding: String::new(),
        };
        let review = with(
            finding_input(&world.forum_a, "Deaf and blind people need specialist assessors"),
            json!({ "source": "SAFEGUARDING_REVIEW" }),
        );
        world.safeguarding = added(app, &world.facilitator.access_token, review).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        world.feedback = complaint(app, &world.officer, "ADULT_SOCIAL_CARE").await;
        world.in_decision = world.new_decision(app).await;
        world.agreed = world.draft(app, "Agreed").await;
        opened(app, &world.facilitator, &world.agreed, "MAJORITY", 0.0).await;
        voted(app, &world.member, &world.agreed, "AGREE").await;
        let result = closed(app, &world.facilitator, &world.agreed).await;
        assert_eq!(result["status"], "AGREED", "{result}");
        world
    }

    /// The Authorization bearer `who` sends, if any.
    pub fn bearer(&self, who: Principal) -> Option<&str> {
        match who {
            Principal::Anonymous => None,
            Principal::ApiToken => Some(&self.api_token),
            _ => Some(&self.person(who).access_token),
        }
    }

    /// A fresh bearer that stands where `who` stands, for the operations
    /// that end the caller's own account (`DeleteMyAccount`): the world's
    /// principals must outlive every cell. The fresh admin is a second one,
    /// so deleting it leaves the platform an admin.
    pub async fn twin(&self, app: &TestApp, who: Principal) -> Option<String> {
        let person = match who {
            Principal::Anonymous => return None,
            Principal::OtherForum => app.member(&self.admin, &self.forum_b, "MEMBER").await,
            Principal::Member => app.member(&self.admin, &self.forum_a, "MEMBER").await,
            Principal::Facilitator => app.member(&self.admin, &self.forum_a, "FACILITATOR").await,
            Principal::Officer => app.officer(&self.admin).await,
            Principal::Complaints => app.complaints_team(&self.admin).await,
            Principal::ApiToken => {
                let officer = app.officer(&self.admin).await;
                return Some(api_token(app, &officer).await);
            }
            Principal::Admin => app.admin().await,
        };
        Some(person.access_token)
    }

    /// The account behind `who` (anonymous: the bystander's; an API token:
    /// its officer's).
    fn person(&self, who: Principal) -> &Session {
        match who {
            Principal::Anonymous => &self.bystander,
            Principal::OtherForum => &self.other,
            Principal::Member => &self.member,
            Principal::Facilitator => &self.facilitator,
            Principal::Officer | Principal::ApiToken => &self.officer,
            Principal::Complaints => &self.complaints,
            Principal::Admin => &self.admin,
        }
    }

    /// A fresh draft in forum A proposed by the member (its co-author).
    async fn draft(&self, app: &TestApp, title: &str) -> String {
        let improvement = proposed(app, &self.member, &self.forum_a, title, &[&self.findings[0]]).await;
        improvement["id"].as_str().unwrap().to_owned()
    }

    /// A fresh draft whose decision the facilitator has opened.
    async fn new_decision(&self, app: &TestApp) -> String {
        let id = self.draft(app, "In decision").await;
        opened(app, &self.facilitator, &id, "MAJORITY", 0.0).await;
        id
    }

    /// A fresh action on the agreed improvement, owned by the member.
    async fn fresh_action(&self, app: &TestApp) -> String {
        let input = json!({ "input": {
            "improvementId": self.agreed,
            "title": format!("Action {}", short_id()),
            "ownerId": self.member.user_id,
            "dueOn": in_a_month(),
        } });
        let data = app.ok(Some(&self.admin.access_token), "AddAction", input).await;
        data["addAction"]["id"].as_str().unwrap().to_owned()
    }

    /// A fresh complaint on `route`, logged by the complaints team.
    async fn fresh_complaint(&self, app: &TestApp, route: &str) -> String {
        complaint(app, &self.complaints, route).await
    }

    /// A remedy not yet done, asked for on the officer's complaint.
    async fn fresh_remedy(&self, app: &TestApp) -> String {
        let input = json!({ "input": {
            "id": self.feedback,
            "referredAt": chrono::Utc::now().to_rfc3339(),
            "remedies": [format!("Remedy {}", short_id())],
        } });
        let data = app
            .ok(Some(&self.admin.access_token), "RecordOmbudsman", input)
            .await;
        let remedies = data["recordOmbudsman"]["ombudsman"]["remedies"]
            .as_array()
            .unwrap();
        remedies.last().unwrap()["id"].as_str().unwrap().to_owned()
    }

    /// A fresh refresh token of `who`'s account, from a new sign-in.
    async fn refresh_token(&self, app: &TestApp, who: Principal) -> String {
        let body = app.login(&self.person(who).email, PASSWORD).await;
        body["data"]["login"]["refreshToken"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {body}"))
            .to_owned()
    }

    /// The id of a fresh session of `who`'s account, from a new sign-in.
    async fn session_id(&self, app: &TestApp, who: Principal) -> String {
        let body = app.login(&self.person(who).email, PASSWORD).await;
        let access = body["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {body}"));
        let data = app.ok(Some(access), "MySessions", json!({})).await;
        let sessions = data["mySessions"].as_array().unwrap();
        let current = sessions.iter().find(|s| s["current"] == true).unwrap();
        current["id"].as_str().unwrap().to_owned()
    }

    /// The variables of `operation` for `who`: valid apart from who asks.
    pub async fn variables(&self, app: &TestApp, operation: &str, who: Principal) -> Value {
        let tag = format!("{}-{}", who.column(), short_id());
        let fac = &self.facilitator.access_token;
        match operation {
            "Register" => json!({ "input": {
                "email": format!("register-{tag}@example.org"),
                "password": PASSWORD,
                "displayName": "Newcomer",
            } }),
            "Login" => json!({ "input": { "email": self.person(who).email, "password": PASSWORD } }),
            "RefreshSession" | "Logout" => json!({ "refreshToken": self.refresh_token(app, who).await }),
            "RequestPasswordReset" => json!({ "email": self.person(who).email }),
            "ResetPassword" => {
                let email = format!("reset-{tag}@example.org");
                app.register(&email, "Forgetful").await;
                json!({ "token": app.reset_token(&email).await, "newPassword": PASSWORD })
            }
            "Me"
            | "Forums"
            | "ExportMyData"
            | "MyNotificationSettings"
            | "MySessions"
            | "SignOutEverywhere" => {
                json!({})
            }
            "UpdateNotificationSettings" => {
                json!({ "settings": [{ "kind": "PROGRESS", "delivery": "DAILY_DIGEST" }] })
            }
            "MyNotifications" => json!({ "first": 5 }),
            "MarkNotificationsRead" => json!({ "ids": [] }),
            "DeleteMyAccount" => json!({ "password": PASSWORD }),
            "ChangePassword" => {
                json!({ "currentPassword": PASSWORD, "newPassword": "a new passphrase here" })
            }
            "RequestEmailChange" => {
                json!({ "newEmail": format!("moved-{tag}@example.org"), "password": PASSWORD })
            }
            "ConfirmEmailChange" => {
                let email = format!("moving-{tag}@example.org");
                let mover = app.register(&email, "Mover").await;
                let new_email = format!("moved-{tag}@example.org");
                json!({ "token": app.email_change_token(&mover, &new_email).await })
            }
            "EndSession" => json!({ "id": self.session_id(app, who).await }),
            "GrantPlatformRole" => json!({ "userId": self.bystander.user_id, "role": "OFFICER" }),
            "CreateApiToken" => json!({ "name": format!("Reports {tag}") }),
            "RevokeApiToken" => {
                let data = app
                    .ok(
                        Some(&self.officer.access_token),
                        "CreateApiToken",
                        json!({ "name": format!("To revoke {tag}") }),
                    )
                    .await;
                json!({ "id": data["createApiToken"]["apiToken"]["id"] })
            }
            "CreateForum" => json!({ "input": {
                "slug": format!("m-{tag}"),
                "name": "A new forum",
                "description": "Made by the matrix",
            } }),
            "CreateInvite" => json!({ "input": { "forumId": self.forum_a, "role": "MEMBER" } }),
            "InviteByEmail" => json!({ "input": {
                "forumId": self.forum_a,
                "role": "MEMBER",
                "emails": [format!("invitee-{tag}@example.org")],
            } }),
            "JoinForum" => json!({ "code": self.join_code }),
            "SetForumRole" => {
                let fresh = app.member(&self.admin, &self.forum_a, "MEMBER").await;
                json!({ "forumId": self.forum_a, "userId": fresh.user_id, "role": "FACILITATOR" })
            }
            "RemoveMember" => {
                let fresh = app.member(&self.admin, &self.forum_a, "MEMBER").await;
                json!({ "forumId": self.forum_a, "userId": fresh.user_id })
            }
            "ForumBySlug" => json!({ "slug": SLUG_A }),
            "AddFinding" => json!({ "input": finding_input(&self.forum_a, "Heard at the matrix") }),
            "Finding" => json!({ "id": self.findings[0] }),
            "OpenRound" => json!({ "input": round_input(&self.forum_a, &self.findings, "APPROVAL") }),
            "CastBallot" => ballot(&self.open_round, &[(&self.findings[0], 1)]),
            "CloseRound" => {
                let round = open_id(app, fac, &self.forum_a, &self.findings, "APPROVAL", json!({})).await;
                json!({ "id": round })
            }
            "Round" | "MyBallotDetail" => json!({ "id": self.open_round }),
            "CastBallotFor" => {
                let voter = app.member(&self.admin, &self.forum_a, "MEMBER").await;
                let mut input = ballot(&self.open_round, &[(&self.findings[0], 1)]);
                input["input"]["voterId"] = json!(voter.user_id);
                input["input"]["assistance"] = json!("PHONE");
                input
            }
            "CastDecisionVoteFor" => {
                let voter = app.member(&self.admin, &self.forum_a, "MEMBER").await;
                json!({ "input": {
                    "improvementId": self.in_decision,
                    "voterId": voter.user_id,
                    "position": "AGREE",
                    "assistance": "PAPER",
                } })
            }
            // Publishing the closed round again leaves it the priorities.
            "PublishPriorities" => json!({ "roundId": self.closed_round }),
            "Priorities" | "YouSaidWeDid" | "PriorityHistory" => json!({ "forumId": self.forum_a }),
            "ThemeTrends" => json!({
                "forumId": self.forum_a,
                "from": "2024-01-01T00:00:00Z",
                "to": "2025-01-01T00:00:00Z",
            }),
            "ProposeImprovement" => {
                json!({ "input": proposal(&self.forum_a, "Easy read letters", &[&self.findings[0]]) })
            }
            "ReviseImprovement" => json!({ "input": {
                "id": self.draft(app, "To revise").await,
                "title": format!("Revised by {tag}"),
                "note": "Clearer",
            } }),
            "AddCoAuthor" => json!({
                "improvementId": self.draft(app, "To co-author").await,
                "userId": self.facilitator.user_id,
            }),
            "AddComment" => json!({ "input": { "subjectId": self.findings[0], "body": "Me too." } }),
            "OpenDecision" => {
                let id = self.draft(app, "To decide").await;
                json!({ "input": decision_terms(&id, "MAJORITY", 0.5) })
            }
            "CastDecisionVote" => {
                json!({ "input": { "improvementId": self.in_decision, "position": "AGREE" } })
            }
            "CloseDecision" => json!({ "improvementId": self.new_decision(app).await }),
            "RecordProgress" => {
                json!({ "input": report(&self.agreed, "Letters redrafted", 50, "IN_PROGRESS") })
            }
            "Improvement" => json!({ "id": self.agreed }),
            "LogFeedback" => feedback_input("COMPLAINT", Some("CORPORATE"), None),
            "SubmitFeedback" => {
                json!({ "input": { "kind": "COMPLIMENT", "summary": "Thank you for the day centre" } })
            }
            "AcknowledgeFeedback" => json!({ "id": self.fresh_complaint(app, "CORPORATE").await }),
            "AssignFeedback" => json!({ "id": self.feedback, "handlerId": self.complaints.user_id }),
            "ExtendFeedback" => json!({ "input": {
                "id": self.fresh_complaint(app, "ADULT_SOCIAL_CARE").await,
                "respondBy": (chrono::Utc::now() + chrono::Duration::days(400)).format("%Y-%m-%d").to_string(),
                "reason": "Agreed with the person on the phone",
            } }),
            "RespondToFeedback" => json!({ "input": {
                "id": self.fresh_complaint(app, "CORPORATE").await,
                "outcome": "PARTLY_UPHELD",
                "response": "We are sorry the visits were late.",
            } }),
            "EscalateFeedback" => {
                let id = self.fresh_complaint(app, "CORPORATE").await;
                crate::feedback_support::respond(app, &self.admin, &id, "NOT_UPHELD").await;
                json!({ "id": id, "reason": "The person is not satisfied" })
            }
            "RecordOmbudsman" => json!({ "input": {
                "id": self.feedback,
                "referredAt": chrono::Utc::now().to_rfc3339(),
                "outcome": "UPHELD",
                "remedies": ["Apologise in writing"],
            } }),
            "CompleteRemedy" => json!({ "id": self.fresh_remedy(app).await }),
            "RaiseFinding" => json!({ "input": {
                "forumId": self.forum_a,
                "feedbackIds": [self.feedback],
                "title": "Care visits run late",
                "body": "Several people told us their carers came late.",
            } }),
            "AddAction" => json!({ "input": {
                "improvementId": self.agreed,
                "title": format!("Action {tag}"),
                "ownerId": self.member.user_id,
                "dueOn": in_a_month(),
            } }),
            "UpdateAction" => {
                json!({ "input": { "id": self.fresh_action(app).await, "status": "IN_PROGRESS" } })
            }
            "LearningPlan" => json!({ "forumId": self.forum_a }),
            "RespondToFinding" => json!({ "findingId": self.safeguarding, "response": "IMPLEMENTED" }),
            "SafeguardingReport" => json!({ "from": "2020-01-01T00:00:00Z", "to": "2031-01-01T00:00:00Z" }),
            "FeedbackItem" => json!({ "id": self.feedback }),
            "FeedbackLog" => json!({ "first": 5 }),
            "FeedbackReport" => json!({ "from": "2020-01-01T00:00:00Z", "to": "2031-01-01T00:00:00Z" }),
            other => panic!("the matrix has no variables for {other}: add them to matrix_setup.rs"),
        }
    }

    /// After every cell, each principal still stands where it started: no
    /// cell changed the standing the next cells rely on.
    pub async fn assert_standing_unchanged(&self, app: &TestApp) {
        let expected = [
            (Principal::OtherForum, "NONE", None),
            (Principal::Member, "NONE", Some("MEMBER")),
            (Principal::Facilitator, "NONE", Some("FACILITATOR")),
            (Principal::Officer, "OFFICER", None),
            (Principal::Complaints, "COMPLAINTS", None),
            (Principal::Admin, "ADMIN", None),
        ];
        for (who, platform_role, role_in_a) in expected {
            let body = app.me(&self.person(who).access_token).await;
            let me = &body["data"]["me"];
            assert_eq!(me["platformRole"], platform_role, "{who:?}: {body}");
            let in_a: Vec<&Value> = me["memberships"]
                .as_array()
                .unwrap_or_else(|| panic!("{who:?}: {body}"))
                .iter()
                .filter(|m| m["forum"]["slug"] == SLUG_A)
                .map(|m| &m["role"])
                .collect();
            let role_in_a: Vec<Value> = role_in_a.into_iter().map(Value::from).collect();
            assert_eq!(
                in_a,
                role_in_a.iter().collect::<Vec<_>>(),
                "{who:?} in {SLUG_A}: {body}"
            );
        }
        let body = app.me(&self.api_token).await;
        assert_eq!(body["data"]["me"]["id"], self.officer.user_id.as_str(), "{body}");
    }
}

/// A due day a month from now, as the API writes days.
fn in_a_month() -> String {
    (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string()
}
