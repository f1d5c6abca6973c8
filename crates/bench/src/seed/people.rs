//! Accounts, forums and memberships: who is in the council.

use anyhow::{Context as _, anyhow};
use argon2::password_hash::PasswordHasher as _;
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use coforum_app::AppState;
use coforum_domain::account::{DisplayName, Email, PlatformRole};
use coforum_domain::forum::{ForumRole, NewForum};
use coforum_domain::ids::{ForumId, UserId};
use coforum_persistence::ConnectionTrait;
use coforum_persistence::repos::{forums, users};
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};

use super::plan::Plan;
use super::words::{FIRST_NAMES, FORUMS, LAST_NAMES, LOCALITIES};

/// The password of the officer and the login accounts (hashed at the product's cost).
pub const LOGIN_PASSWORD: &str = "bench login password";
/// The password of every other member (hashed at argon2id's minimum cost).
pub const VOTER_PASSWORD: &str = "bench voter password";
pub const OFFICER_EMAIL: &str = "officer@bench.example.org";
/// Three years: how far back findings and memberships go.
pub const HISTORY_DAYS: i64 = 3 * 365;

/// Every seeded account, by index.
#[derive(Debug, Default)]
pub struct People {
    pub ids: Vec<UserId>,
    pub emails: Vec<String>,
    /// True for members whose hash is the cheap one: the load driver's voters.
    pub voters: Vec<bool>,
}

/// A forum and its people, by index into [`People`].
#[derive(Clone, Debug)]
pub struct SeededForum {
    pub index: usize,
    pub id: ForumId,
    pub slug: String,
    pub facilitator: usize,
    /// Every member, the facilitator first.
    pub members: Vec<usize>,
    /// How much bigger than average this forum is meant to be.
    pub weight: f64,
}

/// The council's accounts and forums, as the rest of the generator builds on.
#[derive(Debug)]
pub struct Council {
    pub officer: UserId,
    pub people: People,
    pub login_emails: Vec<String>,
    pub forums: Vec<SeededForum>,
}

/// An argon2id hash at the smallest parameters argon2 allows (8 KiB, one
/// pass, one lane). The product's verifier reads the parameters from the
/// stored hash, so these bench-only accounts sign in in microseconds.
pub fn cheap_hash(password: &str) -> anyhow::Result<String> {
    let params = Params::new(Params::MIN_M_COST, Params::MIN_T_COST, Params::MIN_P_COST, None)
        .map_err(|e| anyhow!("argon2 parameters: {e}"))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow!("argon2 hash: {e}"))
}

/// A forum's slug and name: the twenty kinds once each, then again per locality.
fn forum_identity(index: usize, plan: &Plan) -> (String, String, String) {
    let (slug, name, description) = FORUMS[index % FORUMS.len()];
    let round = index / FORUMS.len();
    if plan.forums <= FORUMS.len() {
        return (slug.to_owned(), name.to_owned(), description.to_owned());
    }
    let (place_slug, place) = LOCALITIES[round % LOCALITIES.len()];
    let repeat = round / LOCALITIES.len();
    let slug = match repeat {
        0 => format!("{slug}-{place_slug}"),
        n => format!("{slug}-{place_slug}-{}", n + 1),
    };
    let name = match repeat {
        0 => format!("{name} ({place})"),
        n => format!("{name} ({place} {})", n + 1),
    };
    (slug, name, description.to_owned())
}

/// How many forums a member joins: most one, some two or three.
fn forums_per_member(rng: &mut StdRng, forums: usize) -> usize {
    let wanted = match rng.random_range(0..100) {
        0..50 => 1,
        50..82 => 2,
        _ => 3,
    };
    wanted.min(forums)
}

/// `count` distinct forums drawn in proportion to their weights.
fn pick_forums(rng: &mut StdRng, cumulative: &[f64], count: usize) -> Vec<usize> {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let mut picked = Vec::with_capacity(count);
    while picked.len() < count {
        let x = rng.random_range(0.0..total);
        let forum = cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1);
        if !picked.contains(&forum) {
            picked.push(forum);
        }
    }
    picked
}

fn display_name(index: usize) -> String {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let last = LAST_NAMES[(index / FIRST_NAMES.len() + index * 7) % LAST_NAMES.len()];
    format!("{first} {last}")
}

fn voter_email(index: usize, name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('.'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect();
    format!("{local}.{index}@bench.example.org")
}

async fn add_user(
    conn: &impl ConnectionTrait,
    email: &str,
    name: &str,
    hash: &str,
    role: PlatformRole,
) -> anyhow::Result<UserId> {
    let user = users::insert(
        conn,
        &Email::parse("email", email)?,
        &DisplayName::parse(name)?,
        hash.to_owned(),
        role,
    )
    .await
    .with_context(|| format!("adding {email}"))?;
    Ok(user.id)
}

/// Creates the officer, the login accounts, the members and the forums, and
/// puts members in forums, in one transaction.
pub async fn seed_council(
    state: &AppState,
    plan: &Plan,
    rng: &mut StdRng,
    now: DateTime<Utc>,
) -> anyhow::Result<Council> {
    let login_hash = state
        .passwords
        .hash(LOGIN_PASSWORD.into())
        .await
        .map_err(|e| anyhow!("hashing the login password: {e}"))?;
    let voter_hash = tokio::task::spawn_blocking(|| cheap_hash(VOTER_PASSWORD)).await??;
    let txn = state.db.begin().await?;

    let officer = add_user(
        &txn,
        OFFICER_EMAIL,
        "Olu Adeyemi (officer)",
        &login_hash,
        PlatformRole::Officer,
    )
    .await?;

    let mut seeded = Vec::with_capacity(plan.forums);
    for index in 0..plan.forums {
        let (slug, name, description) = forum_identity(index, plan);
        let forum = forums::insert(&txn, &NewForum::parse(&slug, &name, &description)?).await?;
        seeded.push(SeededForum {
            index,
            id: forum.id,
            slug,
            facilitator: 0,
            members: Vec::new(),
            // Skewed: a few large forums, many small ones.
            weight: 0.35 + 2.5 * rng.random_range(0.0..1.0_f64).powi(2),
        });
    }
    let cumulative: Vec<f64> = seeded
        .iter()
        .scan(0.0, |sum, forum| {
            *sum += forum.weight;
            Some(*sum)
        })
        .collect();

    let mut people = People::default();
    for index in 0..plan.members {
        let name = display_name(index);
        let email = voter_email(index, &name);
        let id = add_user(&txn, &email, &name, &voter_hash, PlatformRole::None).await?;
        people.ids.push(id);
        people.emails.push(email);
        people.voters.push(true);
        // The first members seed one forum each, so none is empty.
        let mut joins = if index < plan.forums {
            vec![index]
        } else {
            let count = forums_per_member(rng, plan.forums);
            pick_forums(rng, &cumulative, count)
        };
        joins.sort_unstable();
        for forum in joins {
            seeded[forum].members.push(index);
        }
    }
    let mut login_emails = Vec::with_capacity(plan.login_accounts);
    for n in 0..plan.login_accounts {
        let email = format!("login.{:02}@bench.example.org", n + 1);
        let name = format!("{} (login)", display_name(plan.members + n));
        let id = add_user(&txn, &email, &name, &login_hash, PlatformRole::None).await?;
        let index = people.ids.len();
        people.ids.push(id);
        people.emails.push(email.clone());
        people.voters.push(false);
        login_emails.push(email);
        seeded[n % plan.forums].members.push(index);
    }

    for forum in &mut seeded {
        forum.facilitator = *forum
            .members
            .first()
            .ok_or_else(|| anyhow!("forum {} has no members", forum.slug))?;
        for (position, &member) in forum.members.iter().enumerate() {
            let role = if position == 0 {
                ForumRole::Facilitator
            } else {
                ForumRole::Member
            };
            let joined_at = now - Duration::minutes(rng.random_range(60..HISTORY_DAYS * 24 * 60));
            forums::add_member(&txn, forum.id, people.ids[member], role, joined_at).await?;
        }
    }
    txn.commit().await?;
    Ok(Council {
        officer,
        people,
        login_emails,
        forums: seeded,
    })
}

/// A random generator for one forum's content, independent of the order
/// forums are seeded in (they may be seeded concurrently).
pub fn forum_rng(seed: u64, forum: usize) -> StdRng {
    StdRng::seed_from_u64(seed ^ (forum as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

#[cfg(test)]
mod tests {
    use super::*;
    use coforum_app::auth::passwords::PasswordHasher;

    /// The product's verifier takes the cost from the stored hash, so a
    /// bench voter's cheap hash signs in like any other.
    #[tokio::test]
    async fn a_minimum_cost_hash_verifies_with_the_products_verifier() -> anyhow::Result<()> {
        let hash = cheap_hash(VOTER_PASSWORD)?;
        assert!(hash.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{hash}");
        let hasher = PasswordHasher::new(1);
        let verify = |password: &str| hasher.verify(password.into(), Some(hash.clone()));
        assert!(verify(VOTER_PASSWORD).await.map_err(|e| anyhow!("{e}"))?);
        assert!(
            !verify("not the voter password")
                .await
                .map_err(|e| anyhow!("{e}"))?
        );
        Ok(())
    }

    #[test]
    fn two_hundred_forums_have_distinct_valid_slugs() {
        let plan = Plan::at_scale(10);
        let slugs: std::collections::HashSet<String> =
            (0..plan.forums).map(|i| forum_identity(i, &plan).0).collect();
        assert_eq!(slugs.len(), plan.forums);
        for slug in &slugs {
            assert!(coforum_domain::forum::Slug::parse(slug).is_ok(), "{slug}");
        }
    }
}
