//! `calibration`: which fields of the scenario a simulation-based
//! calibration fits, on which priors, against which recorded summaries, and
//! by how much work ([`crate::calibrate`] runs it).
//!
//! Nothing about what to fit is hard-coded: a scenario declares its own
//! parameters (by the same JSON paths as a sweep's axes) and the summaries
//! of the record they are compared with, each citing its source.

use super::Scenario;
use super::error::Errors;
use serde::{Deserialize, Serialize};

/// The `calibration` section of a scenario file.
///
/// ```
/// use detente::scenario::{Calibration, Prior, SummaryKind};
/// let c: Calibration = serde_json::from_str(r#"{
///   "parameters": [{"path": "dynamics.holders[0].arrest_rate", "prior": {"uniform": [20, 60]}}],
///   "summaries": [{"kind": "stock", "rounds": 12, "observed": 1135, "source": "viasna_2025"}]
/// }"#)?;
/// assert_eq!(c.parameters[0].prior, Prior::Uniform([20.0, 60.0]));
/// assert_eq!(c.summaries[0].kind, SummaryKind::Stock);
/// assert_eq!(c.method.particles, 200);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// The fields to fit.
    pub parameters: Vec<ParameterEntry>,
    /// The recorded summaries the simulations are compared with.
    pub summaries: Vec<SummaryEntry>,
    /// How much work, and the seed.
    #[serde(default)]
    pub method: MethodEntry,
    /// Remarks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One field to fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterEntry {
    /// Path in the scenario file, as for a sweep axis
    /// (`dynamics.holders[0].arrest_rate`).
    pub path: String,
    /// Prior range.
    pub prior: Prior,
    /// Why this range.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A bounded prior.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prior {
    /// Uniform on `[lo, hi]`.
    Uniform([f64; 2]),
    /// Uniform in the logarithm on `[lo, hi]` (`0 < lo`): for a rate whose
    /// order of magnitude is unknown.
    LogUniform([f64; 2]),
}

impl Prior {
    /// `[lo, hi]`.
    pub fn bounds(&self) -> [f64; 2] {
        match *self {
            Prior::Uniform(b) | Prior::LogUniform(b) => b,
        }
    }

    /// The value at quantile `q` of the prior.
    ///
    /// ```
    /// use detente::scenario::Prior;
    /// assert_eq!(Prior::Uniform([0.0, 10.0]).quantile(0.5), 5.0);
    /// assert!((Prior::LogUniform([1.0, 100.0]).quantile(0.5) - 10.0).abs() < 1e-12);
    /// ```
    pub fn quantile(&self, q: f64) -> f64 {
        match *self {
            Prior::Uniform([lo, hi]) => lo + q * (hi - lo),
            Prior::LogUniform([lo, hi]) => (lo.ln() + q * (hi.ln() - lo.ln())).exp(),
        }
    }

    /// What is wrong with the range, if anything.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        let [lo, hi] = self.bounds();
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Some("expected finite bounds [lo, hi] with lo < hi");
        }
        if matches!(self, Prior::LogUniform(_)) && lo <= 0.0 {
            return Some("a log-uniform prior needs 0 < lo");
        }
        None
    }
}

/// What a summary measures, in the mean over a particle's runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryKind {
    /// Deals (of `pair`, else of every pair) in the first `rounds` rounds.
    Deals,
    /// People freed in deals (of `pair`, else of every pair) in the first
    /// `rounds` rounds.
    FreedInDeals,
    /// The round index (0 for the first) of the first deal (of `pair`, else
    /// of any pair); a run without one counts as its number of rounds. With
    /// `rounds` stated, only the first `rounds` rounds are looked at: a
    /// first deal in round `rounds` or later counts as `rounds`, as the
    /// record's does.
    FirstDealRound,
    /// Prisoners held after `rounds` rounds.
    Stock,
    /// The share of runs in which relief on `sanction` (else on any
    /// sanction) was granted at some point of the run.
    ReliefRuns,
    /// The share of runs in which a deal (of `pair`, else of any pair) in
    /// the first `rounds` rounds gave the kind `given` (`delist`,
    /// `licence`, ...): what separates a licence from a delisting.
    GivenRuns,
}

/// One recorded summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryEntry {
    /// What it measures.
    pub kind: SummaryKind,
    /// `[demander, holder]` government ids, for the per-pair kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<[String; 2]>,
    /// The first N rounds it covers (`deals`, `freed_in_deals`: required;
    /// `stock`: the round after which it is counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<u32>,
    /// A sanction id, for `relief_runs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanction: Option<String>,
    /// The kind of concession, for `given_runs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<crate::deal::Given>,
    /// The recorded value; absent, it is read from the scenario's
    /// `record` by [`calibrate::observe`](crate::calibrate::observe), so
    /// that the record is defined once, in
    /// [`history::record`](crate::history::record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    /// Where the recorded value comes from (a source id, a case step).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// A declared scale for the distance (default: the spread of the
    /// summary over draws from the prior).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// Weight in the distance (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

impl SummaryEntry {
    /// A short name: `deals USA-BLR r12`.
    pub fn name(&self) -> String {
        let kind = match self.kind {
            SummaryKind::Deals => "deals",
            SummaryKind::FreedInDeals => "freed_in_deals",
            SummaryKind::FirstDealRound => "first_deal_round",
            SummaryKind::Stock => "stock",
            SummaryKind::ReliefRuns => "relief_runs",
            SummaryKind::GivenRuns => "given_runs",
        };
        let mut s = kind.to_string();
        if let Some([d, h]) = &self.pair {
            s += &format!(" {d}-{h}");
        }
        if let Some(x) = &self.sanction {
            s += &format!(" {x}");
        }
        if let Some(g) = self.given {
            s += &format!(" {}", g.name());
        }
        if let Some(r) = self.rounds {
            s += &format!(" r{r}");
        }
        s
    }
}

/// How much work a calibration may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodEntry {
    /// Particles per generation.
    #[serde(default = "particles")]
    pub particles: usize,
    /// Generations after the draws from the prior, each with a smaller
    /// tolerance.
    #[serde(default = "generations")]
    pub generations: u32,
    /// Each generation's tolerance is this quantile of the previous
    /// generation's distances (0 < q < 1).
    #[serde(default = "half")]
    pub quantile: f64,
    /// Simulation runs per particle (its summaries are means over them).
    #[serde(default = "runs")]
    pub runs_per_particle: u32,
    /// Seed of the calibration.
    #[serde(default)]
    pub seed: u64,
    /// The date of the last data used (`YYYY-MM-DD`), written beside the
    /// fitted values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_cutoff: Option<String>,
}

impl Default for MethodEntry {
    fn default() -> Self {
        Self {
            particles: particles(),
            generations: generations(),
            quantile: half(),
            runs_per_particle: runs(),
            seed: 0,
            data_cutoff: None,
        }
    }
}

fn one() -> f64 {
    1.0
}
fn is_one(x: &f64) -> bool {
    *x == 1.0
}
fn particles() -> usize {
    200
}
fn generations() -> u32 {
    4
}
fn half() -> f64 {
    0.5
}
fn runs() -> u32 {
    100
}

/// Most particles a file may ask for: each holds its parameters and
/// summaries, and each generation simulates every one at least once.
pub const MAX_PARTICLES: usize = 100_000;

impl Calibration {
    /// Records every mistake of the section with its JSON path.
    pub(crate) fn validate(&self, scenario: &Scenario, errors: &mut Errors) {
        let at = "$.calibration";
        if self.parameters.is_empty() {
            errors.push(
                format!("{at}.parameters"),
                "expected at least one parameter",
            );
        }
        for (i, p) in self.parameters.iter().enumerate() {
            if let Some(why) = p.prior.problem() {
                errors.push(format!("{at}.parameters[{i}].prior"), why);
            }
            for (j, q) in self.parameters.iter().enumerate().take(i) {
                if q.path.trim_start_matches("$.") == p.path.trim_start_matches("$.") {
                    errors.push(
                        format!("{at}.parameters[{i}].path"),
                        format!("`{}` is already parameter {j}", p.path),
                    );
                }
            }
        }
        if self.summaries.is_empty() {
            errors.push(format!("{at}.summaries"), "expected at least one summary");
        }
        let gov = |id: &str| scenario.governments.iter().any(|g| g.id == id);
        for (i, s) in self.summaries.iter().enumerate() {
            let here = format!("{at}.summaries[{i}]");
            if s.observed.is_some_and(|x| !x.is_finite()) {
                errors.push(format!("{here}.observed"), "expected a finite number");
            }
            if s.observed.is_none() && scenario.record.is_none() {
                errors.push(
                    format!("{here}.observed"),
                    "expected a number: the scenario has no `record` to read it from",
                );
            }
            if (s.kind == SummaryKind::GivenRuns) != s.given.is_some() {
                errors.push(
                    format!("{here}.given"),
                    "expected a concession kind for `given_runs`, and only for it",
                );
            }
            if s.scale.is_some_and(|x| !(x.is_finite() && x > 0.0)) {
                errors.push(format!("{here}.scale"), "expected a number above 0");
            }
            if !(s.weight.is_finite() && s.weight >= 0.0) {
                errors.push(format!("{here}.weight"), "expected a number of at least 0");
            }
            let needs_rounds = matches!(
                s.kind,
                SummaryKind::Deals
                    | SummaryKind::FreedInDeals
                    | SummaryKind::Stock
                    | SummaryKind::GivenRuns
            );
            if needs_rounds && s.rounds.is_none() {
                errors.push(format!("{here}.rounds"), "this kind needs `rounds`");
            }
            if let Some([d, h]) = &s.pair {
                for (k, id) in [d, h].into_iter().enumerate() {
                    if !gov(id) {
                        errors.push(format!("{here}.pair[{k}]"), format!("no government `{id}`"));
                    }
                }
            }
            if let Some(x) = &s.sanction
                && !scenario.sanctions.iter().any(|e| &e.id == x)
            {
                errors.push(format!("{here}.sanction"), format!("no sanction `{x}`"));
            }
        }
        let m = &self.method;
        if m.particles < 2 || m.particles > MAX_PARTICLES {
            errors.push(
                format!("{at}.method.particles"),
                format!("expected from 2 to {MAX_PARTICLES}"),
            );
        }
        if !(m.quantile > 0.0 && m.quantile < 1.0) {
            errors.push(format!("{at}.method.quantile"), "expected 0 < quantile < 1");
        }
        if m.runs_per_particle == 0 {
            errors.push(
                format!("{at}.method.runs_per_particle"),
                "expected at least 1",
            );
        }
    }
}
