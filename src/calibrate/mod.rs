//! Calibration: fitting a scenario's behavioural parameters to the record.
//!
//! * [`abc_smc`]: simulation-based inference by ABC-SMC (sequential Monte
//!   Carlo approximate Bayesian computation) for any [`Model`] that turns
//!   parameters and a seed into summary statistics: seeded, parallel over
//!   particles (rayon), bit-identical for any number of threads, under a
//!   [`crate::Budget`]. The result is a [`Posterior`]: per parameter its
//!   median, 90% interval and width relative to the prior (a parameter the
//!   data do not narrow stays marked as a guess), the effective sample
//!   size, and the fit to every summary.
//! * [`ScenarioModel`]: a scenario whose `calibration` section
//!   ([`crate::scenario::Calibration`]) declares the fields to fit, their
//!   priors, and the recorded summaries; [`Posterior::write_scenario`]
//!   writes the fitted values back with a note of what was fitted, to
//!   which data, by which method.
//! * [`observe`]: the recorded values of those summaries, read from the
//!   scenario's `record` (one definition of the record, in
//!   [`crate::history::record`]).
//! * [`revolving_door`]: arrest and release rates fitted to a stock series
//!   by maximum likelihood; its likelihood joins a simulation-based fit as
//!   one term of the distance ([`RevolvingDoorTerm`]).
//! * [`sbc`]: the check that the method recovers known parameters.
//! * [`backtest`]: calibrate on the record up to a cutoff, forecast the
//!   rest, and score the forecast against the record and naive baselines.

mod abc;
pub mod backtest;
mod model;
mod observe;
mod posterior;
pub mod revolving_door;
mod sbc;

pub use abc::{AbcSettings, Model, abc_smc};
pub use model::{RevolvingDoorTerm, ScenarioModel};
pub use observe::observe;
pub use posterior::{GUESS_WIDTH, Generation, ParameterSummary, Posterior, SummaryFit};
pub use sbc::{SbcReplicate, SbcReport, sbc};

use serde::{Deserialize, Serialize};

/// The budget of a calibration whose caller sets none: 45 seconds of wall
/// time, so that a default fit of anything the loader accepts ends within a
/// minute (the fit then reports the generations it finished, flagged in
/// [`Posterior::truncated`]). The shipped Belarus fit takes about 6
/// minutes; reproducing it needs a larger budget.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(detente::calibrate::default_budget().max_time, Some(Duration::from_secs(45)));
/// ```
pub fn default_budget() -> crate::Budget {
    crate::Budget::unlimited().with_time(std::time::Duration::from_secs(45))
}

/// Why a calibration could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrateError {
    /// The scenario or its `calibration` section is wrong (the message
    /// starts with the JSON path).
    #[error("{0}")]
    Scenario(String),
    /// The settings, priors or summaries are unusable.
    #[error("calibration settings: {0}")]
    Settings(String),
    /// The model failed on some parameters.
    #[error("the model failed: {0}")]
    Model(String),
    /// The budget ran out before the draws from the prior were complete:
    /// there is no generation to report.
    #[error("the calibration stopped at its {0} before its first generation was complete")]
    NoGeneration(crate::budget::Stopped),
}

/// One recorded summary: the value the simulations are compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    /// Name.
    pub name: String,
    /// Recorded value.
    pub value: f64,
    /// Where it comes from.
    pub source: String,
    /// Its scale in the distance (`None`: the spread of the summary over
    /// draws from the prior, 1.4826 × its median absolute deviation).
    pub scale: Option<f64>,
    /// Its weight in the distance.
    pub weight: f64,
}

impl Observed {
    /// `value` named `name`, weight 1, scale from the prior predictive.
    ///
    /// ```
    /// let o = detente::calibrate::Observed::new("stock r12", 1135.0);
    /// assert_eq!((o.weight, o.scale), (1.0, None));
    /// ```
    pub fn new(name: impl Into<String>, value: f64) -> Self {
        Self {
            name: name.into(),
            value,
            source: String::new(),
            scale: None,
            weight: 1.0,
        }
    }
}
