//! The Ombudsman on an item's page: recording the referral (again, to add
//! what it found and the remedies it asked for), and marking each remedy
//! done.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use chrono::{NaiveDate, TimeZone as _, Utc};
use chrono_tz::Europe::London;
use graphql_client::GraphQLQuery;

use super::DateTime;
use super::actions::{Sent, act};
use super::codes::OmbudsmanOutcome;
use super::item::{DateParts, Drafts};
use super::today;
use crate::WebState;
use crate::layout::Fields;
use crate::page::error;
use crate::visitor::Visitor;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/record_ombudsman.graphql",
    extern_enums("OmbudsmanOutcome"),
    response_derives = "Debug"
)]
pub struct RecordOmbudsman;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/complete_remedy.graphql",
    response_derives = "Debug"
)]
pub struct CompleteRemedy;

/// The time to record for a referral on `date`: now if it is today, else
/// the end of that day in England (after anything received that day).
fn referred_at(date: NaiveDate) -> String {
    if date >= today() {
        return Utc::now().to_rfc3339();
    }
    date.and_hms_opt(23, 59, 0)
        .and_then(|at| London.from_local_datetime(&at).earliest())
        .map(|at| at.with_timezone(&Utc).to_rfc3339())
        .unwrap_or_default()
}

/// `POST /feedback/{id}/ombudsman`.
pub async fn record(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Response> {
    let form = Fields(form);
    let d = Drafts {
        referred: DateParts::from(&form, "referred"),
        ombudsman_outcome: form.get("ombudsmanOutcome").to_owned(),
        remedies: form.get("remedies").to_owned(),
        ..Drafts::default()
    };
    let mut errors = Vec::new();
    let date = d.referred.date();
    if date.is_none() {
        errors.push(error(
            "referred-day",
            "Enter the date it was referred as day, month and year, for example 27 3 2027",
        ));
    }
    let remedies: Vec<String> = d
        .remedies
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let variables = || record_ombudsman::Variables {
        input: record_ombudsman::RecordOmbudsmanInput {
            id: id.clone(),
            referred_at: date.map(referred_at).unwrap_or_default(),
            outcome: crate::codes::from_form::<OmbudsmanOutcome>(&d.ombudsman_outcome),
            remedies: Some(remedies),
        },
    };
    let fields = [
        ("referredAt", "referred-day", "The date it was referred"),
        ("remedies", "ombudsman-remedies", "Each remedy"),
        ("id", "referred-day", "It"),
    ];
    let sent = Sent {
        id: &id,
        errors,
        fields: &fields,
        drafts: d.clone(),
        done: "referred",
    };
    act::<RecordOmbudsman>(&web, &v, sent, variables).await
}

/// `POST /feedback/{id}/remedies/{remedy}/done`.
pub async fn remedy_done(
    State(web): State<WebState>,
    Extension(v): Extension<Visitor>,
    Path((id, remedy)): Path<(String, String)>,
) -> Result<Response, Response> {
    let variables = || complete_remedy::Variables { id: remedy.clone() };
    let button = format!("remedy-{remedy}");
    let fields = [("id", button.as_str(), "The remedy")];
    let sent = Sent {
        id: &id,
        errors: Vec::new(),
        fields: &fields,
        drafts: Drafts::default(),
        done: "remedy",
    };
    act::<CompleteRemedy>(&web, &v, sent, variables).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_past_referral_is_recorded_at_the_end_of_its_day_in_england() {
        let summer = NaiveDate::from_ymd_opt(2022, 7, 1).unwrap_or_default();
        assert_eq!(referred_at(summer), "2022-07-01T22:59:00+00:00");
        let winter = NaiveDate::from_ymd_opt(2022, 12, 1).unwrap_or_default();
        assert_eq!(referred_at(winter), "2022-12-01T23:59:00+00:00");
    }
}
