//! The contract's documents the pages run, copied exactly from the public
//! contract (`tests/operations.graphql`), each with the fragments it uses.

/// `ForumBySlug` from the contract.
pub const FORUM_BY_SLUG: &str = r#"query ForumBySlug($slug: String!, $first: Int, $after: String, $theme: String) {
  forum(slug: $slug) {
    id
    slug
    name
    description
    memberCount
    myRole
    members { role user { id displayName } }
    findings(first: $first, after: $after, theme: $theme) {
      totalCount
      edges { cursor node { id title source themes } }
      pageInfo { hasNextPage endCursor }
    }
    rounds { id title state method }
    improvements { id title status }
  }
}"#;

/// `ProposeImprovement` from the contract.
pub const PROPOSE_IMPROVEMENT: &str = r#"mutation ProposeImprovement($input: ProposeImprovementInput!) {
  proposeImprovement(input: $input) {
    id title summary status revision
    coAuthors { id }
    findings { id }
    forum { id }
  }
}"#;

/// `ReviseImprovement` from the contract.
pub const REVISE_IMPROVEMENT: &str = r#"mutation ReviseImprovement($input: ReviseImprovementInput!) {
  reviseImprovement(input: $input) {
    id title summary revision
    revisions { number title summary note createdAt author { id } }
  }
}"#;

/// `AddCoAuthor` from the contract.
pub const ADD_CO_AUTHOR: &str = r#"mutation AddCoAuthor($improvementId: ID!, $userId: ID!) {
  addCoAuthor(improvementId: $improvementId, userId: $userId) { id coAuthors { id } }
}"#;

/// `OpenDecision` from the contract.
pub const OPEN_DECISION: &str = r#"mutation OpenDecision($input: OpenDecisionInput!) {
  openDecision(input: $input) { id status decision { rule quorum closesAt state } }
}"#;

/// `CastDecisionVote` from the contract.
pub const CAST_DECISION_VOTE: &str = r#"mutation CastDecisionVote($input: CastDecisionVoteInput!) {
  castDecisionVote(input: $input) { id decision { voteCount } }
}"#;

/// `RecordProgress` from the contract.
pub const RECORD_PROGRESS: &str = r#"mutation RecordProgress($input: RecordProgressInput!) {
  recordProgress(input: $input) {
    id status
    progress { note percentComplete status createdAt author { id } }
  }
}"#;

/// `Improvement` from the contract.
pub const IMPROVEMENT: &str = r#"query Improvement($id: ID!) {
  improvement(id: $id) {
    id title summary status revision
    forum { slug }
    coAuthors { id displayName }
    findings { id title }
    decision { rule quorum state outcome agree disagree abstain block turnout quorumMet }
    myVote { position reason }
    comments { id body parentId author { displayName } }
    progress { note percentComplete status createdAt }
  }
}"#;
