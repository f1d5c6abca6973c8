//! The schema's enums, shared by every page's generated types (the
//! documents name them as `extern_enums`), so a page matches a role or a
//! method as a value, never as a string. The test below keeps them equal
//! to `schema.graphql`.

use serde::{Deserialize, Serialize};

/// A round's voting method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VotingMethod {
    Dot,
    Approval,
    Score,
    Ranked,
}

/// Whether a round takes ballots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoundState {
    Open,
    Closed,
}

/// How ranked ballots are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TallyRule {
    Schulze,
    Borda,
}

/// What a person is to one forum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ForumRole {
    Member,
    Facilitator,
}

/// Whether people can still join with an invite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InviteState {
    Open,
    Expired,
    UsedUp,
    Withdrawn,
}

/// Where a finding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingSource {
    Audit,
    Complaint,
    Compliment,
    SafeguardingReview,
    Engagement,
    Survey,
    Other,
}

/// Whether a finding has been ranked in a closed round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingStatus {
    Open,
    Prioritised,
}

/// Where an improvement is, from draft to done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImprovementStatus {
    Draft,
    InDecision,
    Agreed,
    InProgress,
    Delivered,
}

/// How a decision is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionRule {
    Majority,
    Consent,
}

/// Whether a decision takes votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionState {
    Open,
    Closed,
}

/// How a closed decision came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionOutcome {
    Agreed,
    NotAgreed,
    NoQuorum,
}

/// What a member thinks of a plan being decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Position {
    Agree,
    Disagree,
    Abstain,
    Block,
}

/// A schema value as a form sent it (`"BLOCK"`), or `None`.
pub fn from_form<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).ok()
}

impl DecisionRule {
    /// The rule, in one line.
    pub fn words(self) -> &'static str {
        match self {
            Self::Majority => "Majority: agreed if more people agree than disagree or block.",
            Self::Consent => "Consent: agreed if nobody blocks and more people agree than disagree.",
        }
    }
}

impl DecisionOutcome {
    /// The outcome, in plain words.
    pub fn words(self) -> &'static str {
        match self {
            Self::Agreed => "Agreed",
            Self::NotAgreed => "Not agreed: it goes back to be changed",
            Self::NoQuorum => "Not enough people voted: it goes back to be changed",
        }
    }
}

impl Position {
    /// Every position, in the order the vote form lists them.
    pub const ALL: [Self; 4] = [Self::Agree, Self::Disagree, Self::Abstain, Self::Block];

    /// The schema's value, as the form sends it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Agree => "AGREE",
            Self::Disagree => "DISAGREE",
            Self::Abstain => "ABSTAIN",
            Self::Block => "BLOCK",
        }
    }

    /// The position, in plain words.
    pub fn words(self) -> &'static str {
        match self {
            Self::Agree => "Agree",
            Self::Disagree => "Disagree",
            Self::Abstain => "Not sure, or no view",
            Self::Block => "Block (I cannot live with this)",
        }
    }
}

impl FindingSource {
    /// The source, in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Self::Audit => "Audit",
            Self::Complaint => "Complaint",
            Self::Compliment => "Compliment",
            Self::SafeguardingReview => "Safeguarding review",
            Self::Engagement => "Event or meeting",
            Self::Survey => "Survey",
            Self::Other => "Other",
        }
    }
}

impl ImprovementStatus {
    /// The status, in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::InDecision => "Being decided",
            Self::Agreed => "Agreed",
            Self::InProgress => "Being done",
            Self::Delivered => "Done",
        }
    }

    /// The tag colour that goes with the status (the word always says it too).
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::Agreed | Self::Delivered => "tag-green",
            Self::InDecision | Self::InProgress => "tag-blue",
            Self::Draft => "tag-grey",
        }
    }
}

impl ForumRole {
    /// The role, as a word.
    pub fn name(self) -> &'static str {
        match self {
            Self::Facilitator => "Facilitator",
            Self::Member => "Member",
        }
    }
}

impl VotingMethod {
    /// The method, as a short name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dot => "Dots",
            Self::Approval => "Tick the ones you agree with",
            Self::Score => "Give each a score",
            Self::Ranked => "Put them in order",
        }
    }

    /// The method explained in one line.
    pub fn help(self) -> &'static str {
        match self {
            Self::Dot => "You have some dots. Put more dots on the things that matter most to you.",
            Self::Approval => "Tick every one you think is important. You can tick as many as you like.",
            Self::Score => {
                "Give each one a score from 0 to 5. 5 means very important. 0 means not important."
            }
            Self::Ranked => "Put them in order. 1 is the most important to you.",
        }
    }

    /// What a score means for this method, as a column heading.
    pub fn score_heading(self) -> &'static str {
        match self {
            Self::Dot => "Dots",
            Self::Approval => "Ticks",
            Self::Score => "Average score (0 to 5)",
            Self::Ranked => "Points",
        }
    }
}

impl RoundState {
    /// The tag colour that goes with the state (the word always says it too).
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::Open => "tag-green",
            Self::Closed => "tag-grey",
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The values of `enum name { ... }` in the schema.
    pub(crate) fn schema_values(name: &str) -> Vec<String> {
        let sdl = include_str!("../../../schema.graphql");
        let start = sdl
            .find(&format!("\nenum {name} {{"))
            .unwrap_or_else(|| panic!("no enum {name} in the schema"));
        let body = &sdl[start..];
        let body = &body[body.find('{').unwrap_or(0) + 1..body.find('}').unwrap_or(0)];
        let mut values = Vec::new();
        let mut in_doc = false;
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with("\"\"\"") {
                // A one-line description opens and closes on the same line.
                in_doc = !(in_doc || line.len() > 3 && line.ends_with("\"\"\""));
                continue;
            }
            if !in_doc {
                values.push(line.to_owned());
            }
        }
        values
    }

    pub(crate) fn names<T: Serialize>(values: &[T]) -> Vec<String> {
        values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn the_enums_are_the_schemas() {
        use VotingMethod as M;
        assert_eq!(
            names(&[M::Dot, M::Approval, M::Score, M::Ranked]),
            schema_values("VotingMethod")
        );
        assert_eq!(
            names(&[RoundState::Open, RoundState::Closed]),
            schema_values("RoundState")
        );
        assert_eq!(
            names(&[TallyRule::Schulze, TallyRule::Borda]),
            schema_values("TallyRule")
        );
        assert_eq!(
            names(&[ForumRole::Member, ForumRole::Facilitator]),
            schema_values("ForumRole")
        );
        use FindingSource as S;
        let sources = [
            S::Audit,
            S::Complaint,
            S::Compliment,
            S::SafeguardingReview,
            S::Engagement,
            S::Survey,
            S::Other,
        ];
        assert_eq!(names(&sources), schema_values("FindingSource"));
        assert_eq!(
            names(&[FindingStatus::Open, FindingStatus::Prioritised]),
            schema_values("FindingStatus")
        );
        use ImprovementStatus as I;
        let statuses = [I::Draft, I::InDecision, I::Agreed, I::InProgress, I::Delivered];
        assert_eq!(names(&statuses), schema_values("ImprovementStatus"));
        use DecisionRule as R;
        assert_eq!(names(&[R::Majority, R::Consent]), schema_values("DecisionRule"));
        use DecisionState as D;
        assert_eq!(names(&[D::Open, D::Closed]), schema_values("DecisionState"));
        use DecisionOutcome as O;
        let outcomes = [O::Agreed, O::NotAgreed, O::NoQuorum];
        assert_eq!(names(&outcomes), schema_values("DecisionOutcome"));
        assert_eq!(names(&Position::ALL), schema_values("Position"));
        let codes: Vec<&str> = Position::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes, schema_values("Position"));
        use InviteState as V;
        let invites = [V::Open, V::Expired, V::UsedUp, V::Withdrawn];
        assert_eq!(names(&invites), schema_values("InviteState"));
        assert_eq!(from_form::<Position>("BLOCK"), Some(Position::Block));
        assert_eq!(from_form::<Position>(""), None);
    }
}
