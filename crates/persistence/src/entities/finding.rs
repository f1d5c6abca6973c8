use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "findings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub forum_id: Uuid,
    pub title: String,
    pub body: String,
    pub source: String,
    pub reference: Option<String>,
    pub received_at: DateTimeUtc,
    pub status: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    /// A safeguarding review finding's latest answer, and why.
    pub response: Option<String>,
    pub response_reason: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
