use std::fmt;

/// The dot budget a round gets when its opener names none.
pub const DEFAULT_DOT_BUDGET: u32 = 10;
/// The largest dot budget a round may have.
pub const MAX_DOT_BUDGET: u32 = 1000;
/// The highest value a SCORE mark may carry (the lowest is 0).
pub const MAX_SCORE: i64 = 5;

/// How a ranked round turns positions into an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RankedRule {
    /// Points for every finding a ballot puts strictly below.
    Borda,
    /// The Schulze method with winning votes (the default).
    #[default]
    Schulze,
}

/// The counting method of a round, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// Each member spreads up to `budget` dots, at most `max_per_item` on one finding.
    Dot { budget: u32, max_per_item: u32 },
    /// Each member approves any number of findings (value 1).
    Approval,
    /// Each member scores findings 0..=5; unmarked findings count 0.
    Score,
    /// Each member gives positions 1..=n (1 = most important), ties allowed.
    Ranked(RankedRule),
}

impl Method {
    /// A DOT method from the opener's optional parameters: budget defaults
    /// to 10 and must be 1..=1000; `max_per_item` defaults to the budget and
    /// must be 1..=budget.
    pub fn dot(budget: Option<u32>, max_per_item: Option<u32>) -> Result<Method, MethodError> {
        let budget = budget.unwrap_or(DEFAULT_DOT_BUDGET);
        if !(1..=MAX_DOT_BUDGET).contains(&budget) {
            return Err(MethodError::BudgetOutOfRange { budget });
        }
        let max_per_item = max_per_item.unwrap_or(budget);
        if !(1..=budget).contains(&max_per_item) {
            return Err(MethodError::MaxPerItemOutOfRange { max_per_item, budget });
        }
        Ok(Method::Dot { budget, max_per_item })
    }

    /// A RANKED method; the rule defaults to Schulze.
    pub fn ranked(rule: Option<RankedRule>) -> Method {
        Method::Ranked(rule.unwrap_or_default())
    }

    /// The inclusive range a single mark's value must fall in, for a round
    /// of `candidates` findings.
    pub fn value_range(&self, candidates: usize) -> (i64, i64) {
        match *self {
            Method::Dot { max_per_item, .. } => (1, i64::from(max_per_item)),
            Method::Approval => (1, 1),
            Method::Score => (0, MAX_SCORE),
            Method::Ranked(_) => (1, i64::try_from(candidates).unwrap_or(i64::MAX)),
        }
    }
}

/// Why a round's counting parameters were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodError {
    /// The dot budget is not within 1..=1000.
    BudgetOutOfRange { budget: u32 },
    /// The per-finding maximum is not within 1..=budget.
    MaxPerItemOutOfRange { max_per_item: u32, budget: u32 },
}

impl fmt::Display for MethodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MethodError::BudgetOutOfRange { budget } => write!(
                f,
                "the dot budget must be between 1 and {MAX_DOT_BUDGET}, not {budget}"
            ),
            MethodError::MaxPerItemOutOfRange { max_per_item, budget } => write!(
                f,
                "the most dots on one finding must be between 1 and the budget ({budget}), \
                 not {max_per_item}"
            ),
        }
    }
}

impl std::error::Error for MethodError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_defaults() {
        assert_eq!(
            Method::dot(None, None),
            Ok(Method::Dot {
                budget: 10,
                max_per_item: 10
            })
        );
        assert_eq!(
            Method::dot(Some(25), None),
            Ok(Method::Dot {
                budget: 25,
                max_per_item: 25
            })
        );
        assert_eq!(
            Method::dot(None, Some(3)),
            Ok(Method::Dot {
                budget: 10,
                max_per_item: 3
            })
        );
    }

    #[test]
    fn dot_limits() {
        assert!(Method::dot(Some(1), Some(1)).is_ok());
        assert!(Method::dot(Some(1000), Some(1000)).is_ok());
        assert_eq!(
            Method::dot(Some(0), None),
            Err(MethodError::BudgetOutOfRange { budget: 0 })
        );
        assert_eq!(
            Method::dot(Some(1001), None),
            Err(MethodError::BudgetOutOfRange { budget: 1001 })
        );
        assert_eq!(
            Method::dot(Some(5), Some(0)),
            Err(MethodError::MaxPerItemOutOfRange {
                max_per_item: 0,
                budget: 5
            })
        );
        assert_eq!(
            Method::dot(None, Some(11)),
            Err(MethodError::MaxPerItemOutOfRange {
                max_per_item: 11,
                budget: 10
            })
        );
    }

    #[test]
    fn method_errors_read_plainly() {
        let budget = MethodError::BudgetOutOfRange { budget: 0 }.to_string();
        assert_eq!(budget, "the dot budget must be between 1 and 1000, not 0");
        let per_item = MethodError::MaxPerItemOutOfRange {
            max_per_item: 11,
            budget: 10,
        }
        .to_string();
        assert!(per_item.contains("between 1 and the budget (10)"));
    }

    #[test]
    fn ranked_defaults_to_schulze() {
        assert_eq!(Method::ranked(None), Method::Ranked(RankedRule::Schulze));
        assert_eq!(
            Method::ranked(Some(RankedRule::Borda)),
            Method::Ranked(RankedRule::Borda)
        );
    }

    #[test]
    fn value_ranges() {
        assert_eq!(
            Method::dot(Some(9), Some(4)).map(|m| m.value_range(3)),
            Ok((1, 4))
        );
        assert_eq!(Method::Approval.value_range(3), (1, 1));
        assert_eq!(Method::Score.value_range(3), (0, 5));
        assert_eq!(Method::ranked(None).value_range(7), (1, 7));
    }
}
