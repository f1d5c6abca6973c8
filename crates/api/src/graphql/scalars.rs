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
