use coforum_domain::account::{DisplayName, Email, PlatformRole, normalize_email};
use coforum_domain::forum::{ForumRole, NewForum};
use coforum_persistence::now;
use coforum_persistence::repos::{forums, users};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Findings, rounds, improvements and progress: a forum with a history.
mod activity;
/// The council's feedback log: a year of complaints and compliments.
mod feedback;

/// Every demo account signs in with this password.
pub(crate) const DEMO_PASSWORD: &str = "coforum-demo";

pub(crate) struct DemoAccount {
    pub email: &'static str,
    pub display_name: &'static str,
    pub role: PlatformRole,
    /// (forum slug, role) pairs.
    pub forums: &'static [(&'static str, ForumRole)],
}

const INSPIRE: &str = "inspire";
const AUTISM: &str = "autism-better-together";

pub(crate) const DEMO_FORUMS: [(&str, &str, &str); 2] = [
    (
        INSPIRE,
        "Inspire Adult Social Care Improvement Forum",
        "People with lived experience of adult social care prioritise audit findings and co-design \
         improvements: public information, assessment frameworks, and how people's needs are met.",
    ),
    (
        AUTISM,
        "Autism Better Together",
        "A lived experience group that shapes services for autistic people. It co-produced the \
         all-age autism strategy, new residential respite and the design of autism training.",
    ),
];

pub(crate) const DEMO_ACCOUNTS: [DemoAccount; 7] = [
    DemoAccount {
        email: "admin@example.org",
        display_name: "Alex (admin)",
        role: PlatformRole::Admin,
        forums: &[],
    },
    DemoAccount {
        email: "officer@example.org",
        display_name: "Olu (council officer)",
        role: PlatformRole::Officer,
        forums: &[],
    },
    DemoAccount {
        email: "complaints@example.org",
        display_name: "Kim (complaints team)",
        role: PlatformRole::Complaints,
        forums: &[],
    },
    DemoAccount {
        email: "facilitator@example.org",
        display_name: "Fran (facilitator)",
        role: PlatformRole::None,
        forums: &[
            (INSPIRE, ForumRole::Facilitator),
            (AUTISM, ForumRole::Facilitator),
        ],
    },
    DemoAccount {
        email: "member@example.org",
        display_name: "Sam",
        role: PlatformRole::None,
        forums: &[(INSPIRE, ForumRole::Member), (AUTISM, ForumRole::Member)],
    },
    DemoAccount {
        email: "priya@example.org",
        display_name: "Priya",
        role: PlatformRole::None,
        forums: &[(INSPIRE, ForumRole::Member)],
    },
    DemoAccount {
        email: "jordan@example.org",
        display_name: "Jordan",
        role: PlatformRole::None,
        forums: &[(AUTISM, ForumRole::Member)],
    },
];

/// Loads the demo forums and accounts, unless they are already there.
/// Returns false when there was nothing to do. Refuses a database that has
/// accounts but not the demo: the demo's admin signs in with a password
/// printed for all to see, which must never open a real database.
pub async fn load(state: &AppState) -> AppResult<bool> {
    if already_loaded(state).await? {
        return Ok(false);
    }
    let password_hash = state.passwords.hash(DEMO_PASSWORD.into()).await?;
    let txn = state.db.begin().await?;
    if users::count(&txn).await? > 0 {
        return Err(AppError::conflict(
            "this database already has accounts, and the demo would add an admin whose password is public. \
             Use --demo only with a new, empty database",
        ));
    }
    let mut forum_ids = Vec::new();
    let mut people = activity::People::default();
    for (slug, name, description) in DEMO_FORUMS {
        let forum = forums::insert(&txn, &NewForum::parse(slug, name, description)?).await?;
        forum_ids.push((slug, forum.id));
    }
    for account in &DEMO_ACCOUNTS {
        let email = Email::parse("email", account.email)?;
        let name = DisplayName::parse(account.display_name)?;
        let user = users::insert(&txn, &email, &name, password_hash.clone(), account.role)
            .await
            .map_err(|_| AppError::conflict(format!("{} already has an account", account.email)))?;
        people.add(account.email, user.id, account.role);
        for (slug, role) in account.forums {
            let forum_id = forum_ids
                .iter()
                .find(|(s, _)| s == slug)
                .map(|(_, id)| *id)
                .ok_or(AppError::NotFound("forum"))?;
            forums::add_member(&txn, forum_id, user.id, *role, now()).await?;
        }
    }
    txn.commit().await?;
    let team = people.id("complaints@example.org")?;
    let raised = feedback::load(state, team).await?;
    activity::load(state, &people, &forum_ids, raised).await?;
    Ok(true)
}

/// True when an earlier `--demo` loaded the demo here: both its forums and
/// all its accounts are there (they are made in one transaction). Accounts
/// people made since do not matter.
async fn already_loaded(state: &AppState) -> AppResult<bool> {
    let conn = state.db.conn();
    for (slug, _, _) in DEMO_FORUMS {
        if forums::find_by_slug(conn, slug).await?.is_none() {
            return Ok(false);
        }
    }
    let keys: Vec<String> = DEMO_ACCOUNTS.iter().map(|a| normalize_email(a.email)).collect();
    Ok(users::count_with_email_keys(conn, &keys).await? == keys.len() as u64)
}

/// The sign-in details to print for a newcomer.
pub fn sign_in_help() -> String {
    let mut text = format!("Demo accounts (password for all: {DEMO_PASSWORD}):\n");
    for account in &DEMO_ACCOUNTS {
        text.push_str(&format!("  {:<26} {}\n", account.email, account.display_name));
    }
    text
}
