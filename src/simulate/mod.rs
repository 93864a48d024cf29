//! Simulation over time: events between rounds, the round-by-round runner,
//! Monte Carlo experiments and sweeps.
//!
//! A [`Simulation`] compiles a world, its rulebook and the scenario's
//! [`dynamics`](crate::scenario::Dynamics) once. A run then goes round by
//! round up to the horizon:
//!
//! 1. **talks**: every pair `(demander, holder)` with something to trade
//!    meets with the scenario's talks probability and runs a short
//!    alternating-offers session with each government's
//!    [`Strategy`](crate::negotiate::Strategy); time-dependent strategies
//!    concede over the whole horizon. An agreed deal must pass the
//!    [`Rulebook`](crate::rules::Rulebook); a sequential deal's second mover
//!    may defect (less likely as trust grows), and relief given to a holder
//!    who defects snaps back;
//! 2. **events**, drawn from the run's generator: suspensions lapse unless
//!    renewed; sentences end, pardons and health crises (deaths, medical
//!    releases) as binomial counts per group with uniform picks; new
//!    arrests (Poisson, rising with the price paid per prisoner in past
//!    deals when the elasticity is above zero: the revolving door);
//!    escalation after an arrest spike; changes of government that rescale
//!    valuations.
//!
//! An [`ExperimentConfig`] runs many runs in parallel; run `i` draws from
//! `rng::derived(seed, &[i])`, and [`ExperimentResults`] aggregates exactly
//! (count histograms, exact sums), so results are bit-identical for any
//! number of threads and partial results over disjoint runs merge exactly
//! ([`Simulation::run_range`], [`ExperimentResults::merge`], [`Sweep`]).
//! Under a [`crate::Budget`] (runs, wall time) an experiment or sweep stops
//! at a chunk boundary and returns results flagged `truncated`, exact for
//! the runs they cover ([`Simulation::experiment_with_limits`]).
//!
//! A [`Comparison`] runs a baseline and variants of it (JSON-path
//! settings) on the same random streams and keeps the per-run differences.
//!
//! ```
//! use detente::simulate::{ExperimentConfig, Simulation};
//! let scenario = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
//! let sim = Simulation::from_scenario(&scenario)?;
//! let results = sim.experiment(&ExperimentConfig { runs: 16, rounds: 12, seed: 2025 });
//! let b = results.brief();
//! // Prisoners are conserved in every run, so on average too.
//! let (held, freed, dead, new) = (b.held_at_end.mean, b.freed.mean, b.deceased.mean, b.arrested.mean);
//! assert!((held + freed + dead - (f64::from(b.initial_held) + new)).abs() < 1e-9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compare;
mod diagnose;
mod experiment;
mod invariants;
mod limits;
mod observed;
mod opening;
mod pair_index;
mod pairs;
mod results;
mod roster;
mod runner;
mod session;
mod simulation;
mod stats;
mod sweep;
mod tables;
mod trajectory;

pub use compare::{Comparison, ComparisonResults, DiffStats, DiffSummary, Streams, VariantResults};
pub use experiment::{ExperimentConfig, Progress};
pub use limits::{LimitedResults, LimitedSweepResults};
pub use observed::{GivenCounts, PairCount, PairObservations};
pub use pairs::UnformedReason;
pub use results::{Brief, Counters, DealShape, ExperimentResults, MergeError, ReliefStats};
pub use runner::{DealNote, RunSummary};
pub use simulation::{Simulation, StrategyFactory, UnformedPair};
pub use stats::{CountHistogram, ExactSum, FloatStats, LogHistogram, Quantiles};
pub(crate) use sweep::set as set_json_path;
pub use sweep::{Axis, PointResults, Sweep, SweepPoint, SweepResults};
pub use tables::{RoundTable, RunTable, RunTableError};
pub use trajectory::{DealRecord, Event, PackageRecord, ReleaseCause, RoundRecord, Trajectory};

/// Errors of the simulation layer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SimulateError {
    /// The scenario is invalid.
    #[error(transparent)]
    Scenario(#[from] crate::scenario::ScenarioErrors),
    /// The dynamics do not fit the world.
    #[error("dynamics: {0}")]
    Dynamics(String),
    /// A sweep axis is malformed.
    #[error("sweep: {0}")]
    Sweep(String),
    /// A comparison's variant or parameter draw is malformed.
    #[error("compare: {0}")]
    Compare(String),
}
