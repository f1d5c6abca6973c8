use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub reference: String,
    pub kind: String,
    pub route: Option<String>,
    pub channel: String,
    pub stage: i16,
    pub status: String,
    pub received_at: DateTimeUtc,
    pub escalated_at: Option<DateTimeUtc>,
    pub summary: String,
    pub details: Option<String>,
    pub person_name: Option<String>,
    pub contact: Option<String>,
    pub adjustments: Option<String>,
    pub service: Option<String>,
    pub forum_id: Option<Uuid>,
    pub logged_by: Option<Uuid>,
    pub handler_id: Option<Uuid>,
    pub acknowledge_by: Option<Date>,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub respond_by: Option<Date>,
    pub extended_to: Option<Date>,
    pub responded_at: Option<DateTimeUtc>,
    pub responded_by: Option<Uuid>,
    pub stage_one_responder: Option<Uuid>,
    pub outcome: Option<String>,
    pub response: Option<String>,
    pub learning: Option<String>,
    pub ombudsman_referred_at: Option<DateTimeUtc>,
    pub ombudsman_outcome: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
