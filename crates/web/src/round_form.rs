//! What "Start a vote" holds (see `round_new`): the answers of its steps,
//! how each step checks them, and the `OpenRound` input they make.

use super::codes::VotingMethod;
use super::layout::{FieldError, Fields};
use super::round_new::open_round;
use super::steps::{Draft, code, error};

/// The methods, in the order the form offers them, each with a hint.
pub const METHODS: [(&str, &str); 4] = [
    ("RANKED", "Put the findings in order. Good for a short list."),
    ("DOT", "Spread some dots. More dots means more important."),
    (
        "APPROVAL",
        "Tick every finding that matters. Simple for everyone.",
    ),
    ("SCORE", "Give each finding a score from 0 to 5."),
];

/// A vote may close itself after 1 day to about 10 years.
pub const MAX_DAYS: i64 = 3650;

/// What the "start a vote" form holds, as typed.
#[derive(Clone, Debug)]
pub struct NewRound {
    pub title: String,
    pub method: String,
    pub tally: String,
    pub budget: String,
    pub max_per_item: String,
    pub findings: Vec<String>,
    pub days: String,
    pub secret: bool,
    pub hide_results: bool,
    /// The result becomes the forum's priorities when the vote closes.
    pub publish: bool,
    /// The least turnout for that, as a percentage typed (empty: any).
    pub min_turnout: String,
}

impl Default for NewRound {
    /// A ranked, secret vote whose results show when it closes.
    fn default() -> Self {
        NewRound {
            title: String::new(),
            method: "RANKED".to_owned(),
            tally: String::new(),
            budget: String::new(),
            max_per_item: String::new(),
            findings: Vec::new(),
            days: String::new(),
            secret: true,
            hide_results: true,
            publish: true,
            min_turnout: String::new(),
        }
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

impl Draft for NewRound {
    const STEPS: u8 = 5;

    fn answers(&self) -> Vec<(&'static str, String)> {
        let mut answers = vec![("title", self.title.clone()), ("method", self.method.clone())];
        answers.extend(self.findings.iter().map(|id| ("findingIds", id.clone())));
        answers.extend([
            ("tally", self.tally.clone()),
            ("budget", self.budget.clone()),
            ("maxPerItem", self.max_per_item.clone()),
            ("days", self.days.clone()),
            ("secret", yes_no(self.secret)),
            ("hideResults", yes_no(self.hide_results)),
            ("publish", yes_no(self.publish)),
            ("minTurnout", self.min_turnout.clone()),
        ]);
        answers
    }

    fn step_of(name: &str) -> u8 {
        match name {
            "title" | "round-title" | "method" => 1,
            "findingIds" | "findings" => 2,
            "publish" | "publishAsPriorities" | "minTurnout" | "min-turnout" => 4,
            _ => 3,
        }
    }

    fn errors(&self, step: u8) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match step {
            1 => {
                if self.title.trim().is_empty() {
                    errors.push(error("round-title", "Enter a name for the vote"));
                }
                if self.method().is_none() {
                    errors.push(error("method", "Choose how people will vote"));
                }
            }
            2 if self.findings.len() < 2 => {
                errors.push(error("findings", "Choose 2 or more findings"));
            }
            3 => {
                if self.is_dot() {
                    check_number(&mut errors, &self.budget, "budget", "The number of dots");
                    check_number(
                        &mut errors,
                        &self.max_per_item,
                        "max-per-item",
                        "The most dots on one",
                    );
                }
                if let Some(days) = check_number(&mut errors, &self.days, "days", "The number of days")
                    && !(1..=MAX_DAYS).contains(&days)
                {
                    errors.push(error(
                        "days",
                        "The number of days must be 1 or more, and 3650 or less",
                    ));
                }
            }
            4 if self.publish => {
                if let Some(percent) = check_number(
                    &mut errors,
                    &self.min_turnout,
                    "min-turnout",
                    "The share of members",
                ) && !(0..=100).contains(&percent)
                {
                    errors.push(error(
                        "min-turnout",
                        "The share of members must be 0 or more, and 100 or less",
                    ));
                }
            }
            _ => {}
        }
        errors
    }
}

/// Reads a whole number typed in a box: None when empty or not a number
/// (then with an error).
fn check_number(errors: &mut Vec<FieldError>, text: &str, id: &str, what: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse::<i64>().ok();
    if parsed.is_none() {
        errors.push(error(id, &format!("{what} must be a whole number")));
    }
    parsed
}

impl NewRound {
    pub fn from_fields(form: &Fields) -> Self {
        NewRound {
            title: form.get("title").to_owned(),
            method: form.get("method").to_owned(),
            tally: form.get("tally").to_owned(),
            budget: form.get("budget").trim().to_owned(),
            max_per_item: form.get("maxPerItem").trim().to_owned(),
            findings: form.all("findingIds"),
            days: form.get("days").trim().to_owned(),
            // A ticked box comes after its hidden "no", so the last wins.
            secret: form.last("secret") == "yes",
            hide_results: form.last("hideResults") == "yes",
            // "yes" unless the form said otherwise, as the API's default.
            publish: form.get("publish") != "no",
            min_turnout: form.get("minTurnout").trim().to_owned(),
        }
    }

    /// The method chosen (one the form offers).
    pub fn method(&self) -> Option<VotingMethod> {
        code(&self.method).filter(|_| METHODS.iter().any(|(m, _)| *m == self.method))
    }

    pub fn is_dot(&self) -> bool {
        self.method() == Some(VotingMethod::Dot)
    }

    pub fn is_ranked(&self) -> bool {
        self.method() == Some(VotingMethod::Ranked)
    }

    /// The `OpenRound` input, for answers that pass every step.
    pub fn input(&self, forum_id: &str) -> Option<open_round::OpenRoundInput> {
        let dot = |n: &str| n.parse::<i64>().ok().filter(|_| self.is_dot());
        let closes =
            self.days.parse::<i64>().ok().map(|days| {
                (chrono::Utc::now() + chrono::Duration::days(days.clamp(1, MAX_DAYS))).to_rfc3339()
            });
        Some(open_round::OpenRoundInput {
            forum_id: forum_id.to_owned(),
            title: self.title.clone(),
            finding_ids: self.findings.clone(),
            method: self.method()?,
            tally: code(&self.tally).filter(|_| self.is_ranked()),
            budget: dot(&self.budget),
            max_per_item: dot(&self.max_per_item),
            closes_at: closes,
            secret: self.secret,
            hide_results_until_closed: self.hide_results,
            publish_as_priorities: self.publish,
            min_turnout: self.min_turnout_share(),
        })
    }

    /// The least turnout as the API takes it (0 to 1); 0 when not asked for.
    pub fn min_turnout_share(&self) -> f64 {
        let percent = self.min_turnout.parse::<i32>().unwrap_or(0).clamp(0, 100);
        f64::from(percent) / 100.0
    }

    /// Where the vote's result goes, in words for "Check your answers".
    pub fn publish_text(&self) -> String {
        match self.min_turnout.parse::<i32>() {
            _ if !self.publish => "No, it does not change the forum's priorities".to_owned(),
            Ok(percent) if percent > 0 => {
                format!("Yes, if at least {percent}% of members vote")
            }
            _ => "Yes, however many members vote".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::codes::TallyRule;
    use super::super::steps::form;
    use super::*;

    #[test]
    fn answers_survive_the_hidden_fields_they_travel_in() {
        let f = NewRound {
            title: "What first?".to_owned(),
            method: "DOT".to_owned(),
            budget: "12".to_owned(),
            findings: vec!["a".to_owned(), "b".to_owned()],
            secret: false,
            ..NewRound::default()
        };
        let pairs = f.answers().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let back = NewRound::from_fields(&Fields(pairs));
        assert_eq!(back.findings, f.findings);
        assert_eq!(back.budget, "12");
        assert!(!back.secret);
        assert!(back.hide_results);
    }

    #[test]
    fn an_unticked_box_says_no_and_a_ticked_one_yes() {
        let unticked = NewRound::from_fields(&form(&[("secret", "no"), ("hideResults", "no")]));
        assert!(!unticked.secret && !unticked.hide_results);
        let ticked = NewRound::from_fields(&form(&[("secret", "no"), ("secret", "yes")]));
        assert!(ticked.secret);
    }

    #[test]
    fn each_step_checks_its_own_answers() {
        let f = NewRound {
            method: "DOT".to_owned(),
            budget: "ten".to_owned(),
            days: "0".to_owned(),
            findings: vec!["a".to_owned()],
            ..NewRound::default()
        };
        let ids = |step| f.errors(step).into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(1), vec!["round-title"]);
        assert_eq!(ids(2), vec!["findings"]);
        assert_eq!(ids(3), vec!["budget", "days"]);
        assert!(ids(4).is_empty(), "any turnout by default");
        // Every error's input is on the step that checks it.
        for (id, step) in [
            ("round-title", 1),
            ("findings", 2),
            ("budget", 3),
            ("max-per-item", 3),
            ("days", 3),
            ("publish", 4),
            ("min-turnout", 4),
            ("minTurnout", 4),
        ] {
            assert_eq!(NewRound::step_of(id), step, "{id}");
        }
    }

    #[test]
    fn settings_of_another_method_are_left_out() {
        let f = NewRound {
            title: "What first?".to_owned(),
            method: "RANKED".to_owned(),
            budget: "12".to_owned(),
            tally: "BORDA".to_owned(),
            days: "7".to_owned(),
            ..NewRound::default()
        };
        let input = f.input("forum-1").expect("every step passes");
        assert!(input.budget.is_none());
        assert_eq!(input.tally, Some(TallyRule::Borda));
        assert!(input.closes_at.is_some());
        let approval = NewRound {
            method: "APPROVAL".to_owned(),
            ..f
        };
        assert!(
            approval
                .input("forum-1")
                .expect("every step passes")
                .tally
                .is_none()
        );
    }

    #[test]
    fn the_least_turnout_is_a_percentage_of_members_from_0_to_100() {
        let asked = |publish: &str, percent: &str| {
            NewRound::from_fields(&form(&[("publish", publish), ("minTurnout", percent)]))
        };
        let half = asked("yes", "50");
        assert!(half.errors(4).is_empty());
        assert_eq!(half.min_turnout_share(), 0.5);
        assert_eq!(half.publish_text(), "Yes, if at least 50% of members vote");
        for bad in ["101", "-1", "half"] {
            let ids: Vec<String> = asked("yes", bad).errors(4).into_iter().map(|e| e.id).collect();
            assert_eq!(ids, vec!["min-turnout"], "{bad}");
        }
        let practice = asked("no", "");
        assert!(!practice.publish);
        assert_eq!(
            practice.publish_text(),
            "No, it does not change the forum's priorities"
        );
        let defaults = NewRound::from_fields(&form(&[]));
        assert!(defaults.publish);
        assert_eq!(defaults.min_turnout_share(), 0.0);
        let input = NewRound {
            title: "Practice".to_owned(),
            publish: false,
            min_turnout: "30".to_owned(),
            ..NewRound::default()
        }
        .input("forum-1")
        .expect("every step passes");
        assert!(!input.publish_as_priorities);
        assert_eq!(input.min_turnout, 0.3);
    }
}
