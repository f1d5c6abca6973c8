//! The web client's own read queries, for fields a page
//! shows that the contract's documents do not ask for. They read the same
//! public schema as any client.

/// What the improvement pages need beyond the contract's `Improvement`.
pub const IMPROVEMENT_EXTRAS: &str = r#"query WebImprovementExtras($id: ID!) {
  improvement(id: $id) {
    createdAt agreedAt
    forum { id name myRole members { user { id displayName } } }
    revisions { number title summary note createdAt author { displayName } }
    decision { closesAt voteCount votes { position reason voter { displayName } } }
    comments { id hidden createdAt author { displayName } }
  }
}"#;
