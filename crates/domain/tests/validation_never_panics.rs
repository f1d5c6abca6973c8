//! Fuzzing the domain's validation with arbitrary input: every parser
//! answers Ok or a named refusal, and never panics.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use coforum_domain::account::{DisplayName, Email, NewPassword, api_token_name, normalize_email};
use coforum_domain::comment::comment_body;
use coforum_domain::finding::{FindingDraft, FindingSource, NewFinding};
use coforum_domain::forum::{ForumRole, InviteTerms, NewForum};
use coforum_domain::ids::FindingId;
use coforum_domain::improvement::{
    DecisionRule, DecisionTerms, Design, ImprovementStatus, Position, ProgressReport, Vote, revision_note,
};
use coforum_domain::priorities::{months_between, page_size};
use coforum_domain::round::{NewRound, RoundRequest, VotingMethod};
use coforum_domain::tally::{self, Mark, Method, RankedRule};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,300}",
        Just(String::new()),
        Just(" ".repeat(50))
    ]
}

fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    (-4_000_000_000i64..4_000_000_000i64).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default())
}

fn any_method() -> impl Strategy<Value = Method> {
    prop_oneof![
        (1u32..50, 1u32..50).prop_map(|(budget, cap)| Method::Dot {
            budget,
            max_per_item: cap.min(budget)
        }),
        Just(Method::Approval),
        Just(Method::Score),
        Just(Method::Ranked(RankedRule::Schulze)),
        Just(Method::Ranked(RankedRule::Borda)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn account_fields(email in any_text(), name in any_text(), password in any_text()) {
        let _ = Email::parse("email", &email);
        let _ = normalize_email(&email);
        let _ = DisplayName::parse(&name);
        let _ = NewPassword::parse(&password);
        let _ = api_token_name(&name);
    }

    #[test]
    fn forums_and_invites(slug in any_text(), name in any_text(), text in any_text(),
                          uses in any::<Option<i64>>(), hours in any::<Option<i64>>(), now in any_time()) {
        let _ = NewForum::parse(&slug, &name, &text);
        let _ = InviteTerms::parse(ForumRole::Member, uses, hours, now);
    }

    #[test]
    fn findings(title in any_text(), body in any_text(), themes in prop::collection::vec(any_text(), 0..15),
                reference in any::<Option<String>>(), received in any::<Option<i64>>(), now in any_time()) {
        let draft = FindingDraft {
            title: &title,
            body: &body,
            source: FindingSource::Survey,
            themes: &themes,
            reference: reference.as_deref(),
            received_at: received.and_then(|s| DateTime::from_timestamp(s % 10_000_000_000, 0)),
        };
        let _ = NewFinding::parse(draft, now);
    }

    #[test]
    fn rounds(title in any_text(), n in 0usize..600, budget in any::<Option<i64>>(), cap in any::<Option<i64>>(),
              method in 0u8..4, ahead in any::<Option<i32>>(), now in any_time()) {
        let ids: Vec<FindingId> = (0..n).map(|_| FindingId::new()).collect();
        let method = [VotingMethod::Dot, VotingMethod::Approval, VotingMethod::Score, VotingMethod::Ranked][method as usize];
        let request = RoundRequest {
            title: &title,
            finding_ids: &ids,
            method,
            tally: None,
            budget,
            max_per_item: cap,
            closes_at: ahead.map(|s| now + Duration::seconds(i64::from(s))),
            secret: true,
            hide_results_until_closed: true,
            publish_as_priorities: true,
            min_turnout: budget.and_then(|b| i32::try_from(b).ok()).map_or(0.0, |b| f64::from(b) / 100.0),
        };
        let _ = NewRound::parse(request, now);
    }

    #[test]
    fn arbitrary_ballots_are_validated_or_refused_and_tallies_never_panic(
        method in any_method(),
        candidates in 0usize..30,
        raw in prop::collection::vec(prop::collection::vec((0usize..40, any::<i64>()), 0..40), 0..30),
    ) {
        let ballots: Vec<_> = raw
            .iter()
            .filter_map(|marks| {
                let marks: Vec<Mark> = marks.iter().map(|&(c, v)| Mark::new(c, v)).collect();
                tally::validate_ballot(&method, candidates, &marks).ok()
            })
            .collect();
        let ranking = tally::tally(&method, candidates, &ballots);
        prop_assert_eq!(ranking.len(), candidates);
    }

    #[test]
    fn improvements_and_decisions(title in any_text(), summary in any_text(), note in any_text(),
                                  quorum in any::<f64>(), percent in any::<i64>(), reason in any::<Option<String>>(),
                                  now in any_time()) {
        let _ = Design::parse(&title, &summary);
        let _ = revision_note(&note);
        let _ = DecisionTerms::parse(DecisionRule::Consent, quorum, Some(now), now);
        let _ = ProgressReport::parse(&note, percent, ImprovementStatus::InProgress);
        let _ = ProgressReport::parse(&note, percent, ImprovementStatus::Delivered);
        let _ = Vote::parse(Position::Block, reason.as_deref());
        let _ = comment_body(&summary);
    }

    #[test]
    fn report_ranges(from in any_time(), to in any_time(), first in any::<Option<i64>>()) {
        let _ = months_between(from, to);
        let _ = page_size("first", first, 50, 500);
    }
}
