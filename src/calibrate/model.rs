//! A scenario as a [`Model`]: its `calibration` section names the fields
//! to fit and the recorded summaries; a particle's parameters are written
//! into the scenario's JSON by the sweep's path setter, and its summaries
//! are means over `runs_per_particle` seeded runs.

use std::path::Path;

use serde_json::Value;

use super::abc::{AbcSettings, Model, abc_smc};
use super::observe::observe;
use super::posterior::Posterior;
use super::revolving_door::{Likelihood, Rates};
use super::{CalibrateError, Observed};
use crate::budget::Budget;
use crate::history::record::Targets;
use crate::scenario::{Prior, Scenario, SummaryEntry, SummaryKind};
use crate::simulate::{RunSummary, Simulation, set_json_path};

/// The revolving door's likelihood as one term of the distance: the
/// deviance of a stock series ([`Likelihood::deviance`]) at the rates some
/// of the parameters set, times `weight`. A parameter index left `None`
/// takes its value from `fixed`.
#[derive(Clone, Debug)]
pub struct RevolvingDoorTerm {
    /// The series' likelihood.
    pub likelihood: Likelihood,
    /// Index of the parameter that is the arrests per month.
    pub arrests: Option<usize>,
    /// Index of the parameter that is the hazard of leaving on one's own.
    pub release_hazard: Option<usize>,
    /// Index of the parameter that is the response of arrests to the price.
    pub price_response: Option<usize>,
    /// Rates not among the parameters.
    pub fixed: Rates,
    /// Weight of the deviance in the squared distance.
    pub weight: f64,
}

impl RevolvingDoorTerm {
    /// The weighted deviance at `theta`.
    pub fn deviance(&self, theta: &[f64]) -> f64 {
        let at = |i: Option<usize>, x: f64| i.and_then(|i| theta.get(i).copied()).unwrap_or(x);
        let rates = Rates {
            arrests: at(self.arrests, self.fixed.arrests),
            release_hazard: at(self.release_hazard, self.fixed.release_hazard),
            price_response: at(self.price_response, self.fixed.price_response),
        };
        self.weight * self.likelihood.deviance(&rates)
    }
}

/// A scenario with a `calibration` section, ready to calibrate.
///
/// ```no_run
/// use detente::calibrate::ScenarioModel;
/// let s = detente::scenario::Scenario::from_path("my_scenario.json")?;
/// let model = ScenarioModel::new(&s)?;
/// let posterior = model.calibrate(detente::Budget::unlimited())?;
/// let fitted = model.fitted_scenario(&posterior)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ScenarioModel {
    base: Value,
    params: Vec<(String, Prior)>,
    summaries: Vec<SummaryEntry>,
    observed: Vec<Observed>,
    /// Runs per particle (default: the section's `method.runs_per_particle`).
    pub runs_per_particle: u32,
    /// The engine's settings (default: the section's `method`).
    pub settings: AbcSettings,
    /// An extra likelihood term, if any.
    pub revolving_door: Option<RevolvingDoorTerm>,
    /// Per summary: whether its recorded value was read from the record
    /// ([`ScenarioModel::with_record`]) rather than given in the section.
    from_record: Vec<bool>,
}

impl ScenarioModel {
    /// The model of `scenario`'s `calibration` section. Every parameter path
    /// is tried at its prior's median, so a path that does not exist or a
    /// field that refuses a number is reported before any work.
    ///
    /// # Errors
    /// [`CalibrateError::Scenario`] naming the JSON path of the mistake.
    pub fn new(scenario: &Scenario) -> Result<Self, CalibrateError> {
        let c = scenario.calibration.as_ref().ok_or_else(|| {
            CalibrateError::Scenario(
                "$.calibration: the scenario has no calibration section".into(),
            )
        })?;
        scenario
            .validate()
            .map_err(|e| CalibrateError::Scenario(e.to_string()))?;
        let base = serde_json::to_value(scenario)
            .map_err(|e| CalibrateError::Scenario(format!("$: {e}")))?;
        let params: Vec<(String, Prior)> = c
            .parameters
            .iter()
            .map(|p| (p.path.clone(), p.prior))
            .collect();
        let observed = c
            .summaries
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let value = s.observed.ok_or_else(|| {
                    CalibrateError::Scenario(format!(
                        "$.calibration.summaries[{i}].observed: not given, and not yet read from the record (calibrate::observe)"
                    ))
                })?;
                Ok(Observed {
                    name: s.name(),
                    value,
                    source: s.source.clone(),
                    scale: s.scale,
                    weight: s.weight,
                })
            })
            .collect::<Result<Vec<_>, CalibrateError>>()?;
        let m = &c.method;
        let model = ScenarioModel {
            base,
            params,
            summaries: c.summaries.clone(),
            observed,
            runs_per_particle: m.runs_per_particle,
            settings: AbcSettings {
                particles: m.particles,
                generations: m.generations,
                quantile: m.quantile,
                seed: m.seed,
                ..AbcSettings::default()
            },
            revolving_door: None,
            from_record: vec![false; c.summaries.len()],
        };
        for (i, (path, prior)) in model.params.iter().enumerate() {
            let mut doc = model.base.clone();
            set_json_path(&mut doc, path, prior.quantile(0.5).into()).map_err(|e| {
                CalibrateError::Scenario(format!("$.calibration.parameters[{i}].path: {e}"))
            })?;
            let s: Scenario = serde_json::from_value(doc).map_err(|e| {
                CalibrateError::Scenario(format!(
                    "$.calibration.parameters[{i}].path: `{path}`: {e}"
                ))
            })?;
            Simulation::from_scenario(&s).map_err(|e| {
                CalibrateError::Scenario(format!(
                    "$.calibration.parameters[{i}].path: `{path}`: {e}"
                ))
            })?;
        }
        let sim = Simulation::from_scenario(scenario)
            .map_err(|e| CalibrateError::Scenario(e.to_string()))?;
        for (i, s) in model.summaries.iter().enumerate() {
            if let Some([d, h]) = &s.pair
                && pair_index(&sim, d, h).is_none()
            {
                return Err(CalibrateError::Scenario(format!(
                    "$.calibration.summaries[{i}].pair: {d} and {h} do not negotiate in this scenario"
                )));
            }
        }
        Ok(model)
    }

    /// The model of `scenario`, whose summaries without an `observed`
    /// value read it from the scenario's `record` (its files relative to
    /// `base`, the scenario file's folder), the one definition of what the
    /// record counts. A scenario without a `record` is [`ScenarioModel::new`].
    ///
    /// # Errors
    /// [`CalibrateError::Scenario`]: a record that cannot be read, or a
    /// summary it cannot answer (see [`observe`](super::observe)), or as
    /// [`ScenarioModel::new`].
    ///
    /// ```
    /// use detente::calibrate::ScenarioModel;
    /// use detente::scenario::Scenario;
    /// let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios/belarus_2025.json");
    /// let s = Scenario::from_path(&path)?;
    /// let model = ScenarioModel::with_record(s, path.parent().unwrap())?;
    /// // The first deal's round, the deals and the people freed come from the record.
    /// assert!(model.observed().iter().any(|o| o.name.starts_with("deals USA-BLR")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_record(mut scenario: Scenario, base: &Path) -> Result<Self, CalibrateError> {
        let (Some(spec), Some(cal)) = (&scenario.record, scenario.calibration.as_mut()) else {
            return Self::new(&scenario);
        };
        let targets = Targets::load(spec, base)
            .map_err(|e| CalibrateError::Scenario(format!("record: {e}")))?;
        let from_record: Vec<bool> = cal.summaries.iter().map(|s| s.observed.is_none()).collect();
        observe(cal, &targets)?;
        let mut model = Self::new(&scenario)?;
        model.from_record = from_record;
        Ok(model)
    }

    /// The scenario with `post`'s fitted values written in
    /// ([`Posterior::write_scenario`]), as JSON. Summaries that read their
    /// value from the record are written without it, so the record stays
    /// their one source.
    ///
    /// # Errors
    /// As [`Posterior::write_scenario`].
    pub fn fitted_scenario(&self, post: &Posterior) -> Result<Value, CalibrateError> {
        let mut doc = post.write_scenario(&self.base)?;
        if let Some(Value::Array(entries)) = doc.pointer_mut("/calibration/summaries") {
            for (e, _) in entries
                .iter_mut()
                .zip(&self.from_record)
                .filter(|(_, r)| **r)
            {
                if let Some(obj) = e.as_object_mut() {
                    obj.remove("observed");
                    obj.remove("source");
                }
            }
        }
        Ok(doc)
    }

    /// The parameters: paths and priors.
    pub fn parameters(&self) -> &[(String, Prior)] {
        &self.params
    }

    /// The recorded summaries.
    pub fn observed(&self) -> &[Observed] {
        &self.observed
    }

    /// The scenario as JSON, before any parameter is set.
    pub fn base(&self) -> &Value {
        &self.base
    }

    /// The scenario with parameters `theta`.
    ///
    /// # Errors
    /// [`CalibrateError::Scenario`] when a value does not fit its field.
    pub fn scenario_at(&self, theta: &[f64]) -> Result<Scenario, CalibrateError> {
        let mut doc = self.base.clone();
        for ((path, _), &x) in self.params.iter().zip(theta) {
            set_json_path(&mut doc, path, x.into())
                .map_err(|e| CalibrateError::Scenario(e.to_string()))?;
        }
        serde_json::from_value(doc).map_err(|e| CalibrateError::Scenario(format!("{theta:?}: {e}")))
    }

    /// Runs the calibration with the model's settings.
    ///
    /// # Errors
    /// As [`abc_smc`].
    pub fn calibrate(&self, budget: Budget) -> Result<Posterior, CalibrateError> {
        abc_smc(self, &self.params, &self.observed, &self.settings, budget)
    }
}

/// Where a summary looks in a run, resolved against one simulation.
struct Resolved {
    kind: SummaryKind,
    pair: Option<u32>,
    rounds: u32,
    within: Option<u32>,
    sanction: Option<usize>,
    given: Option<crate::deal::Given>,
}

fn pair_index(sim: &Simulation, d: &str, h: &str) -> Option<u32> {
    let w = sim.world();
    let (d, h) = (w.government_by_code(d)?, w.government_by_code(h)?);
    sim.pairs()
        .iter()
        .position(|&p| p == (d, h))
        .and_then(|i| u32::try_from(i).ok())
}

impl Resolved {
    fn of(sim: &Simulation, s: &SummaryEntry) -> Self {
        let w = sim.world();
        Resolved {
            kind: s.kind,
            // Checked by ScenarioModel::new; a pair that stopped
            // negotiating at some parameters simply has no deals.
            pair: s
                .pair
                .as_ref()
                .map(|[d, h]| pair_index(sim, d, h).unwrap_or(u32::MAX)),
            rounds: s.rounds.unwrap_or(sim.default_rounds()),
            within: s.rounds,
            sanction: s
                .sanction
                .as_ref()
                .map(|k| w.sanction_by_key(k).map_or(usize::MAX, |x| x.index())),
            given: s.given,
        }
    }

    fn value(&self, run: &RunSummary) -> f64 {
        let deals = || {
            run.deal_log
                .iter()
                .filter(|d| self.pair.is_none_or(|p| d.pair == p))
        };
        match self.kind {
            SummaryKind::Deals => deals().filter(|d| d.round < self.rounds).count() as f64,
            SummaryKind::FreedInDeals => deals()
                .filter(|d| d.round < self.rounds)
                .map(|d| f64::from(d.released))
                .sum(),
            SummaryKind::FirstDealRound => {
                let first = match self.pair {
                    Some(_) => deals().map(|d| d.round).min(),
                    None => run.first_deal_round,
                };
                // With `rounds` stated, a first deal at or after it is
                // "none within the rounds", as the record reads it.
                match self.within {
                    Some(r) => f64::from(first.filter(|&f| f < r).unwrap_or(r)),
                    None => f64::from(first.unwrap_or(run.rounds)),
                }
            }
            SummaryKind::Stock => {
                let i = (self.rounds as usize).min(run.stock.len().saturating_sub(1));
                run.stock.get(i).copied().map_or(f64::NAN, f64::from)
            }
            SummaryKind::ReliefRuns => {
                let any = match self.sanction {
                    Some(k) => run.relief_granted.get(k).copied().unwrap_or(false),
                    None => run.relief_granted.iter().any(|&g| g),
                };
                f64::from(u8::from(any))
            }
            SummaryKind::GivenRuns => {
                let gave = self
                    .given
                    .is_some_and(|g| deals().any(|d| d.round < self.rounds && d.given.contains(g)));
                f64::from(u8::from(gave))
            }
        }
    }
}

impl Model for ScenarioModel {
    type Error = CalibrateError;

    /// Means over `runs_per_particle` runs; run `i` draws from
    /// `rng::derived(seed, &[i])`, on the calling thread (particles are
    /// the parallel unit).
    fn simulate(&self, theta: &[f64], seed: u64) -> Result<Vec<f64>, CalibrateError> {
        let scenario = self.scenario_at(theta)?;
        let sim = Simulation::from_scenario(&scenario)
            .map_err(|e| CalibrateError::Scenario(format!("{theta:?}: {e}")))?;
        let resolved: Vec<Resolved> = self
            .summaries
            .iter()
            .map(|s| Resolved::of(&sim, s))
            .collect();
        let mut sums = vec![0.0; resolved.len()];
        let runs = self.runs_per_particle.max(1);
        sim.for_each_run(sim.default_rounds(), seed, 0..u64::from(runs), |run| {
            for (x, r) in sums.iter_mut().zip(&resolved) {
                *x += r.value(run);
            }
        });
        Ok(sums.into_iter().map(|x| x / f64::from(runs)).collect())
    }

    fn extra_distance(&self, theta: &[f64]) -> f64 {
        self.revolving_door
            .as_ref()
            .map_or(0.0, |t| t.deviance(theta))
    }
}
