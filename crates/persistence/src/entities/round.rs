use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub forum_id: Uuid,
    pub title: String,
    pub method: String,
    pub tally: Option<String>,
    pub budget: Option<i32>,
    pub max_per_item: Option<i32>,
    pub secret: bool,
    pub hide_results: bool,
    pub closes_at: Option<DateTimeUtc>,
    pub state: String,
    pub opened_by: Uuid,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub eligible_count: Option<i32>,
    pub ballot_count: Option<i32>,
    /// Running totals of a DOT, APPROVAL or SCORE round (see `repos::rounds`).
    pub totals: Option<Vec<u8>>,
    pub publish_as_priorities: bool,
    pub min_turnout: f64,
    /// When the round's result became the forum's priorities (see `repos::rounds::latest_published`).
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
