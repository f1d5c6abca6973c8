use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub voter_id: Uuid,
    pub cast_at: DateTimeUtc,
    /// Position and value per mark, in position order (see `repos::ballots`).
    #[sea_orm(column_type = "Blob")]
    pub marks: Vec<u8>,
    /// How a facilitator recorded it for the voter (`PHONE`, `PAPER`,
    /// `IN_PERSON`, `ADVOCATE`); null when the voter cast it.
    pub assistance: Option<String>,
    pub assisted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
