//! `dynamics.mediator`: a third party that, between the pairs' talks,
//! offers every government the best multilateral package at the state
//! ([`crate::mediator::best_package`]). Bilateral talks never find a swap
//! that needs three parties; a mediator does.

use super::error::Errors;
use super::schema::{is_default, is_one, one};
use crate::mediator::{Objective, PackageOptions};
use serde::{Deserialize, Serialize};

/// The most candidate concessions a simulated mediator may weigh: the
/// package search is a branch and bound over them, run every round of
/// every run.
pub const MAX_MEDIATOR_CANDIDATES: usize = 64;

/// `dynamics.mediator`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediatorSettings {
    /// Probability that the mediator convenes in a round, in [0, 1]
    /// (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub probability: f64,
    /// What the package maximises (default `surplus`; or `nash_product`,
    /// `normalised_sum`, `normalised_product`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub objective: Objective,
    /// The most governments in one package (default: the rulebook's
    /// `max_parties`, else 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_parties: Option<usize>,
    /// Candidate concessions weighed, from 1 to
    /// [`MAX_MEDIATOR_CANDIDATES`] (default 16).
    #[serde(default = "sixteen", skip_serializing_if = "is_sixteen")]
    pub max_candidates: usize,
    /// Search nodes per round before the mediator settles for the best
    /// package found so far (default 100,000).
    #[serde(
        default = "hundred_thousand",
        skip_serializing_if = "is_hundred_thousand"
    )]
    pub node_limit: usize,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn sixteen() -> usize {
    16
}
fn is_sixteen(x: &usize) -> bool {
    *x == 16
}
fn hundred_thousand() -> usize {
    100_000
}
fn is_hundred_thousand(x: &usize) -> bool {
    *x == 100_000
}

impl Default for MediatorSettings {
    fn default() -> Self {
        Self {
            probability: 1.0,
            objective: Objective::Surplus,
            max_parties: None,
            max_candidates: sixteen(),
            node_limit: hundred_thousand(),
            note: String::new(),
        }
    }
}

impl MediatorSettings {
    /// The package search these settings ask for.
    ///
    /// ```
    /// use detente::scenario::MediatorSettings;
    /// let m = MediatorSettings { max_parties: Some(3), ..MediatorSettings::default() };
    /// assert_eq!(m.package_options().max_parties, Some(3));
    /// assert_eq!(m.package_options().max_candidates, Some(16));
    /// ```
    pub fn package_options(&self) -> PackageOptions {
        PackageOptions {
            objective: self.objective,
            max_parties: self.max_parties,
            max_candidates: Some(self.max_candidates),
            budget: crate::Budget::unlimited().with_nodes(self.node_limit as u64),
        }
    }

    /// Every mistake in the section, with its JSON path under `path`.
    pub(crate) fn validate(&self, errors: &mut Errors, path: &str) {
        let p = self.probability;
        if !p.is_finite() || !(0.0..=1.0).contains(&p) {
            errors.push(
                format!("{path}.probability"),
                format!("expected a probability in [0, 1], found {p}"),
            );
        }
        if let Some(m) = self.max_parties
            && m < 2
        {
            errors.push(
                format!("{path}.max_parties"),
                format!("expected at least 2 parties, found {m}"),
            );
        }
        if !(1..=MAX_MEDIATOR_CANDIDATES).contains(&self.max_candidates) {
            errors.push(
                format!("{path}.max_candidates"),
                format!(
                    "expected 1 to {MAX_MEDIATOR_CANDIDATES} candidates, found {}",
                    self.max_candidates
                ),
            );
        }
        if self.node_limit == 0 {
            errors.push(
                format!("{path}.node_limit"),
                "expected a node limit of at least 1",
            );
        }
    }
}
