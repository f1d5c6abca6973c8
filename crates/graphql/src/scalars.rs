use async_graphql::Enum;

/// What a person is to the platform as a whole.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "PlatformRole", remote = "coforum_domain::account::PlatformRole")]
pub enum PlatformRoleGql {
    Admin,
    Officer,
    None,
}

/// What a person is to one forum.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ForumRole", remote = "coforum_domain::forum::ForumRole")]
pub enum ForumRoleGql {
    Member,
    Facilitator,
}

/// Where a finding came from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "FindingSource", remote = "coforum_domain::finding::FindingSource")]
pub enum FindingSourceGql {
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
#[graphql(name = "FindingStatus", remote = "coforum_domain::finding::FindingStatus")]
pub enum FindingStatusGql {
    Open,
    Prioritised,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "VotingMethod", remote = "coforum_domain::round::VotingMethod")]
pub enum VotingMethodGql {
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
#[graphql(name = "TallyRule", remote = "coforum_domain::tally::RankedRule")]
pub enum TallyRuleGql {
    Schulze,
    Borda,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "RoundState", remote = "coforum_domain::round::RoundState")]
pub enum RoundStateGql {
    Open,
    Closed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(
    name = "ImprovementStatus",
    remote = "coforum_domain::improvement::ImprovementStatus"
)]
pub enum ImprovementStatusGql {
    Draft,
    InDecision,
    Agreed,
    InProgress,
    Delivered,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "DecisionRule", remote = "coforum_domain::improvement::DecisionRule")]
pub enum DecisionRuleGql {
    /// Agreed when agree > disagree + block.
    Majority,
    /// Agreed when nobody blocks and agree > disagree.
    Consent,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Position", remote = "coforum_domain::improvement::Position")]
pub enum PositionGql {
    Agree,
    Disagree,
    Abstain,
    /// Needs a reason.
    Block,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(
    name = "DecisionOutcome",
    remote = "coforum_domain::improvement::DecisionOutcome"
)]
pub enum DecisionOutcomeGql {
    Agreed,
    NotAgreed,
    NoQuorum,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "DecisionState", remote = "coforum_domain::improvement::DecisionState")]
pub enum DecisionStateGql {
    Open,
    Closed,
}
