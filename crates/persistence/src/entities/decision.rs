use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub improvement_id: Uuid,
    pub rule: String,
    pub quorum: f64,
    pub closes_at: Option<DateTimeUtc>,
    pub state: String,
    pub opened_by: Uuid,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub outcome: Option<String>,
    pub agree: Option<i32>,
    pub disagree: Option<i32>,
    pub abstain: Option<i32>,
    pub block: Option<i32>,
    pub eligible_count: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
