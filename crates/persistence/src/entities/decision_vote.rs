use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision_votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub decision_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub voter_id: Uuid,
    pub position: String,
    pub reason: Option<String>,
    pub cast_at: DateTimeUtc,
    /// How a facilitator recorded it for the voter (`PHONE`, `PAPER`,
    /// `IN_PERSON`, `ADVOCATE`); null when the voter cast it.
    pub assistance: Option<String>,
    pub assisted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
