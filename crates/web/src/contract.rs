//! The contract's documents the pages run, copied exactly from the public
//! contract (`tests/operations.graphql`), each with the fragments it uses.

/// `CreateInvite` from the contract.
pub const CREATE_INVITE: &str = r#"mutation CreateInvite($input: CreateInviteInput!) {
  createInvite(input: $input) { code role expiresAt }
}"#;

/// `Forums` from the contract.
pub const FORUMS: &str = r#"query Forums {
  forums { id slug name description memberCount }
}"#;

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

/// `AddFinding` from the contract.
pub const ADD_FINDING: &str = r#"mutation AddFinding($input: AddFindingInput!) {
  addFinding(input: $input) {
    id title body source themes reference receivedAt status
    forum { id slug }
  }
}"#;

/// `OpenRound` from the contract.
pub const OPEN_ROUND: &str = r#"mutation OpenRound($input: OpenRoundInput!) {
  openRound(input: $input) {
    id title state method tally budget maxPerItem secret hideResultsUntilClosed closesAt
    findings { id }
  }
}"#;

/// `Priorities` from the contract.
pub const PRIORITIES: &str = r#"query Priorities($forumId: ID, $theme: String, $first: Int) {
  priorities(forumId: $forumId, theme: $theme, first: $first) {
    rank
    score
    normalizedScore
    tied
    finding { id title source themes forum { slug name } }
    round { id title method closedAt result { turnout } }
    improvements { id title status }
  }
}"#;

/// `ThemeTrends` from the contract.
pub const THEME_TRENDS: &str = r#"query ThemeTrends($forumId: ID, $from: DateTime!, $to: DateTime!) {
  themeTrends(forumId: $forumId, from: $from, to: $to) {
    theme
    total
    periods { period count }
    bySource { source count }
  }
}"#;

/// `YouSaidWeDid` from the contract.
pub const YOU_SAID_WE_DID: &str = r#"query YouSaidWeDid($forumId: ID) {
  youSaidWeDid(forumId: $forumId) {
    agreedAt
    improvement { id title status forum { slug } }
    findings { id title source }
    latestProgress { note percentComplete status createdAt }
  }
}"#;
