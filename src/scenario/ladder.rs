//! Talks that can climb a ladder: `dynamics.negotiation.episodes`,
//! `dynamics.negotiation.ladder` and `dynamics.gestures`.
//!
//! Without them a pair's strategies concede over the whole horizon, so a
//! run's deals come late and all at once. Real talks go in episodes (an
//! envoy's visit, a round of calls) with their own deadline, and each
//! honoured deal makes a larger next step acceptable: the 2025 Belarus
//! releases went 3, 1, 14, 52, 123 for a visit, a visit, an airline
//! licence and a potash licence. These three settings express that; each
//! is optional, and a scenario without them behaves as before.

use super::error::Errors;
use serde::{Deserialize, Serialize};

/// `dynamics.negotiation.episodes`: each pair's talks run in episodes of
/// `rounds` rounds. A time-based strategy's clock runs over the episode,
/// not the horizon; an episode ends with a deal or after its rounds, and
/// the next one starts afresh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Episodes {
    /// Rounds in an episode (at least 1).
    pub rounds: u32,
    /// Why the number is what it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// `dynamics.negotiation.ladder`: the most a single concession may be
/// worth to the holder grows with the pair's standing, the number of
/// deals honoured so far plus the credit of gestures:
/// `cap = first_price * growth^standing`. Concessions worth more to the
/// holder (a delisting before any deal, say) are off the table until the
/// standing reaches them, so a deal's price, and with it the batch the
/// holder will release for it, grows step by step. With a ladder a deal
/// gives one concession from the ordered menu (the deal space's
/// `concession` issue) for its batches of prisoners.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// Cap on one concession's value to the holder before any deal
    /// (above 0, in the scenario's utility units).
    pub first_price: f64,
    /// Factor by which the cap grows per unit of standing (at least 1).
    pub growth: f64,
    /// Standing from which a delisting may be offered at all, whatever its
    /// value (default 0): the top rung of the ladder, above every licence.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delist_from: f64,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Ladder {
    /// The cap on one concession's value to the holder at `standing`.
    ///
    /// ```
    /// use detente::scenario::Ladder;
    /// let l = Ladder { first_price: 5.0, growth: 2.0, delist_from: 0.0, note: String::new() };
    /// assert_eq!(l.cap(0.0), 5.0);
    /// assert_eq!(l.cap(3.0), 40.0);
    /// ```
    pub fn cap(&self, standing: f64) -> f64 {
        self.first_price * self.growth.powf(standing)
    }
}

/// What a gesture does.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GestureKind {
    /// The holder frees `count` of the prisoners the other side values
    /// most, without a deal (a goodwill release).
    Release,
    /// The demander raises recognition of the holder by one level (an
    /// envoy's visit), without a deal.
    Visit,
}

/// `dynamics.gestures[i]`: a unilateral move between a pair, drawn each
/// round with `probability`, that raises the pair's standing by `credit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gesture {
    /// Who makes it: the holder for a release, the demander for a visit.
    pub by: String,
    /// To whom.
    pub to: String,
    /// What it does.
    pub kind: GestureKind,
    /// Probability per round, in [0, 1].
    pub probability: f64,
    /// Prisoners freed by a release gesture (default 1; ignored by visits).
    #[serde(default = "one_prisoner")]
    pub count: u32,
    /// Standing it adds to the pair (default 0.5 of an honoured deal).
    #[serde(default = "half")]
    pub credit: f64,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn one_prisoner() -> u32 {
    1
}
fn half() -> f64 {
    0.5
}

/// The most rounds an episode may last (a guard against sizes that mean
/// nothing, not a model limit).
pub const MAX_EPISODE_ROUNDS: u32 = 10_000;

impl Episodes {
    pub(crate) fn validate(&self, errors: &mut Errors, path: &str) {
        if self.rounds == 0 || self.rounds > MAX_EPISODE_ROUNDS {
            errors.push(
                format!("{path}.rounds"),
                format!(
                    "expected 1 to {MAX_EPISODE_ROUNDS} rounds per episode, found {}",
                    self.rounds
                ),
            );
        }
    }
}

impl Ladder {
    pub(crate) fn validate(&self, errors: &mut Errors, path: &str) {
        if !(self.delist_from.is_finite() && (0.0..=1e6).contains(&self.delist_from)) {
            errors.push(
                format!("{path}.delist_from"),
                format!(
                    "expected a standing from 0 to 1e6, found {}",
                    self.delist_from
                ),
            );
        }
        if !(self.first_price.is_finite() && self.first_price > 0.0) {
            errors.push(
                format!("{path}.first_price"),
                format!("expected a price above 0, found {}", self.first_price),
            );
        }
        if !(self.growth.is_finite() && (1.0..=1e6).contains(&self.growth)) {
            errors.push(
                format!("{path}.growth"),
                format!(
                    "expected a growth factor from 1 to 1e6, found {}",
                    self.growth
                ),
            );
        }
    }
}

impl Gesture {
    pub(crate) fn validate(&self, errors: &mut Errors, path: &str) {
        if !(self.probability.is_finite() && (0.0..=1.0).contains(&self.probability)) {
            errors.push(
                format!("{path}.probability"),
                format!(
                    "expected a probability in [0, 1], found {}",
                    self.probability
                ),
            );
        }
        if !(self.credit.is_finite() && (0.0..=100.0).contains(&self.credit)) {
            errors.push(
                format!("{path}.credit"),
                format!("expected a credit from 0 to 100, found {}", self.credit),
            );
        }
        if self.kind == GestureKind::Release && self.count == 0 {
            errors.push(
                format!("{path}.count"),
                "expected a release of at least 1 prisoner",
            );
        }
        if self.by == self.to {
            errors.push(
                format!("{path}.to"),
                format!("expected a government other than `{}`", self.by),
            );
        }
    }
}
