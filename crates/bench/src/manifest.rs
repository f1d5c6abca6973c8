use serde::{Deserialize, Serialize};

/// Written by `coforum seed-bench --manifest <file>`, read by the load driver.
/// Ids are GraphQL `ID`s exactly as the API accepts them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub scale: u32,
    /// An officer (production-cost password hash): `Priorities` across all forums.
    pub officer: Account,
    /// Accounts with production-cost password hashes, for the `Login` row.
    pub login_accounts: Vec<Account>,
    /// Every forum's slug, for `ForumBySlug`.
    pub forum_slugs: Vec<String>,
    /// Closed rounds of every method, for `Round` with its result.
    pub closed_round_ids: Vec<String>,
    /// Open `APPROVAL` rounds waiting for ballots, for `CastBallot`.
    pub ballot_boxes: Vec<BallotBox>,
    /// The password of every voter in `ballot_boxes`. Their hashes use
    /// argon2id's minimum cost so the driver can sign thousands in quickly;
    /// the `Login` row uses `login_accounts` instead.
    pub voter_password: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub password: String,
}

/// An open round and the members who have not voted in it yet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BallotBox {
    pub round_id: String,
    /// The round's findings; a valid ballot approves between 1 and `max_approvals` of them.
    pub finding_ids: Vec<String>,
    pub max_approvals: u32,
    pub voter_emails: Vec<String>,
}
