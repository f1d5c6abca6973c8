use async_graphql::Enum;

/// What a person is to the platform as a whole.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::account::PlatformRole")]
pub enum PlatformRole {
    Admin,
    Officer,
    /// The council's complaints team: works the feedback log.
    Complaints,
    None,
}

/// What a person is to one forum.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::forum::ForumRole")]
pub enum ForumRole {
    Member,
    Facilitator,
}

/// Where a finding came from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::finding::FindingSource")]
pub enum FindingSource {
    Audit,
    Complaint,
    Compliment,
    SafeguardingReview,
    Engagement,
    Survey,
    Other,
}

/// OPEN until the finding has been ranked in a closed round.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::finding::FindingStatus")]
pub enum FindingStatus {
    Open,
    Prioritised,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::round::VotingMethod")]
pub enum VotingMethod {
    /// Spread a budget of dots.
    Dot,
    /// Approve any number of findings.
    Approval,
    /// Score each finding 0 to 5.
    Score,
    /// Put findings in order of importance.
    Ranked,
}

/// How RANKED ballots are counted.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::tally::RankedRule")]
pub enum TallyRule {
    Schulze,
    Borda,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::round::RoundState")]
pub enum RoundState {
    Open,
    Closed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::improvement::ImprovementStatus")]
pub enum ImprovementStatus {
    Draft,
    InDecision,
    Agreed,
    InProgress,
    Delivered,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::improvement::DecisionRule")]
pub enum DecisionRule {
    /// Agreed when agree > disagree + block.
    Majority,
    /// Agreed when nobody blocks and agree > disagree.
    Consent,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::improvement::Position")]
pub enum Position {
    Agree,
    Disagree,
    Abstain,
    /// Needs a reason.
    Block,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::improvement::DecisionOutcome")]
pub enum DecisionOutcome {
    Agreed,
    NotAgreed,
    NoQuorum,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "coforum_domain::improvement::DecisionState")]
pub enum DecisionState {
    Open,
    Closed,
}

/// A calendar day in England, "YYYY-MM-DD".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub chrono::NaiveDate);

#[async_graphql::Scalar(name = "Date")]
impl async_graphql::ScalarType for Date {
    fn parse(value: async_graphql::Value) -> async_graphql::InputValueResult<Self> {
        match &value {
            async_graphql::Value::String(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| async_graphql::InputValueError::custom("a date is written YYYY-MM-DD")),
            _ => Err(async_graphql::InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> async_graphql::Value {
        async_graphql::Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}
