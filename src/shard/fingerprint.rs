//! Fingerprints: everything that determines a shard's numbers, so shards
//! of different experiments are never merged into one result.

use serde::{Deserialize, Serialize};

use super::ShardError;
use super::canonical::{canonical_json, canonical_sha256};
use crate::scenario::Scenario;
use crate::simulate::{Axis, Simulation, Sweep};

/// What determines the numbers of a shard: two shards merge only when their
/// fingerprints are equal. Hashes are SHA-256 of the
/// [canonical JSON](super::canonical_json) of the scenario as loaded (its
/// serialized [`Scenario`], defaults filled in, whatever the file format),
/// so a change anywhere in the scenario (a value, an arrest rate, a
/// description) makes a different fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// Version of this crate (`CARGO_PKG_VERSION`): a new version may
    /// simulate differently.
    pub crate_version: String,
    /// The scenario's name, for messages (the hash below decides).
    pub scenario_name: String,
    /// SHA-256 of the whole scenario's canonical JSON.
    pub scenario_sha256: String,
    /// SHA-256 of the canonical JSON of its `dynamics` (`null` when none).
    pub dynamics_sha256: String,
    /// `(government, strategy)` as the simulation resolved them, by id.
    pub strategies: Vec<(String, String)>,
    /// Sweep axes (none for a plain experiment).
    pub axes: Vec<Axis>,
    /// Runs (per point, in a sweep).
    pub runs: u64,
    /// Rounds per run.
    pub rounds: u32,
    /// The experiment's seed.
    pub seed: u64,
    /// The plan: number of shards the job list is split into.
    pub shards: usize,
    /// The plan: number of jobs (points x runs).
    pub jobs: u64,
}

impl Fingerprint {
    /// The fingerprint of `runs` runs of `rounds` rounds of `sim` (built
    /// from `scenario`) under `seed`, split into `shards` shards.
    ///
    /// # Errors
    /// [`ShardError::Format`] when the scenario does not serialize.
    pub fn experiment(
        scenario: &Scenario,
        sim: &Simulation,
        (runs, rounds, seed): (u64, u32, u64),
        shards: usize,
    ) -> Result<Fingerprint, ShardError> {
        Self::build(scenario, sim, &[], (runs, rounds, seed), shards, runs)
    }

    /// The fingerprint of a sweep of `axes` over `scenario` (`runs` per
    /// point), split into `shards` shards. Strategies are those of the
    /// first point (the axes say what changes).
    ///
    /// # Errors
    /// [`ShardError::Format`] when the scenario does not serialize;
    /// [`ShardError::Invalid`] when points x runs overflows.
    pub fn sweep(
        scenario: &Scenario,
        sweep: &Sweep,
        axes: &[Axis],
        (runs, rounds, seed): (u64, u32, u64),
        shards: usize,
    ) -> Result<Fingerprint, ShardError> {
        let jobs = u64::try_from(sweep.points().len())
            .ok()
            .and_then(|p| p.checked_mul(runs))
            .ok_or_else(|| ShardError::Invalid("points x runs overflows".into()))?;
        let first = sweep
            .simulation(0)
            .map_err(|e| ShardError::Invalid(e.to_string()))?;
        Self::build(scenario, &first, axes, (runs, rounds, seed), shards, jobs)
    }

    fn build(
        scenario: &Scenario,
        sim: &Simulation,
        axes: &[Axis],
        (runs, rounds, seed): (u64, u32, u64),
        shards: usize,
        jobs: u64,
    ) -> Result<Fingerprint, ShardError> {
        let w = sim.world();
        Ok(Fingerprint {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_name: w.name().to_string(),
            scenario_sha256: hash(scenario)?,
            dynamics_sha256: hash(&scenario.dynamics)?,
            strategies: w
                .governments()
                .iter()
                .map(|g| g.code.clone())
                .zip(sim.strategy_names.iter().cloned())
                .collect(),
            axes: axes.to_vec(),
            runs,
            rounds,
            seed,
            shards,
            jobs,
        })
    }

    /// The first component in which `self` and `other` differ, with both
    /// values in words, or `None` when they are equal. Components are
    /// compared from the most telling: version, scenario name, plan, runs,
    /// rounds, seed, axes, strategies, dynamics, then the whole scenario.
    ///
    /// ```
    /// use detente::shard::Fingerprint;
    /// use detente::simulate::Simulation;
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/toy_bilateral.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let a = Fingerprint::experiment(&s, &sim, (100, 12, 7), 4)?;
    /// let b = Fingerprint::experiment(&s, &sim, (100, 12, 8), 4)?;
    /// assert_eq!(a.first_difference(&a), None);
    /// assert_eq!(a.first_difference(&b), Some(("seed", "7".into(), "8".into())));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_difference(&self, other: &Fingerprint) -> Option<(&'static str, String, String)> {
        let pairs: [(&'static str, String, String); 11] = [
            (
                "crate_version",
                self.crate_version.clone(),
                other.crate_version.clone(),
            ),
            (
                "scenario_name",
                self.scenario_name.clone(),
                other.scenario_name.clone(),
            ),
            ("shards", self.shards.to_string(), other.shards.to_string()),
            ("jobs", self.jobs.to_string(), other.jobs.to_string()),
            ("runs", self.runs.to_string(), other.runs.to_string()),
            ("rounds", self.rounds.to_string(), other.rounds.to_string()),
            ("seed", self.seed.to_string(), other.seed.to_string()),
            ("axes", text(&self.axes), text(&other.axes)),
            (
                "strategies",
                text(&self.strategies),
                text(&other.strategies),
            ),
            (
                "dynamics_sha256",
                self.dynamics_sha256.clone(),
                other.dynamics_sha256.clone(),
            ),
            (
                "scenario_sha256",
                self.scenario_sha256.clone(),
                other.scenario_sha256.clone(),
            ),
        ];
        pairs.into_iter().find(|(_, a, b)| a != b)
    }

    /// The same fingerprint for the merged result: one shard of the whole
    /// job list.
    pub(crate) fn whole(&self) -> Fingerprint {
        Fingerprint {
            shards: 1,
            ..self.clone()
        }
    }
}

fn hash<T: Serialize + ?Sized>(value: &T) -> Result<String, ShardError> {
    canonical_sha256(value).map_err(|e| ShardError::Format(e.to_string()))
}

fn text<T: Serialize + ?Sized>(value: &T) -> String {
    canonical_json(value).unwrap_or_else(|e| format!("<{e}>"))
}
