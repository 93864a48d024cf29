//! # detente
//!
//! Simulate sanctions-for-prisoners diplomacy: governments hold prisoners
//! that others want freed and impose sanctions that others want lifted; they
//! trade one for the other in deals that follow exchange rules.
//!
//! ## A guided tour
//!
//! **1. A world from a scenario file.** Scenario files (JSON, or TOML with
//! the same schema) list governments and blocs, prisoners (named, or pools
//! such as "1,201 political prisoners held by Belarus" expanded at load
//! time), sanctions with the relief they allow, valuations and rules. Every
//! mistake in a file is reported with its JSON path ([`scenario`]). The
//! scenarios shipped with the crate are compiled into it
//! ([`scenario::shipped`]); your own files load with [`scenario::load`].
//!
//! ```
//! use detente::prelude::*;
//!
//! fn main() -> Result<()> {
//!     let (scenario, world, rules) = shipped("belarus_2025")?;
//!     let held = world
//!         .government_by_code("BLR")
//!         .map_or(0, |blr| world.held_by(blr).count());
//!     assert_eq!(held, 1265);
//!     assert_eq!(scenario.round.as_deref(), Some("month"));
//!     assert!(!rules.is_empty());
//!     Ok(())
//! }
//! ```
//!
//! **2. Deals, checked by the rules.** A [`deal::Deal`] is a set of
//! concessions: releases (with a destination), general licences, delistings,
//! suspensions, easing, unfreezing of funds, recognition. A
//! [`table::Table`] holds a world, its [`rules::Rulebook`] and the current
//! [`model::State`]; playing an illegal deal returns every typed violation
//! and changes nothing, like an illegal move in a chess engine.
//!
//! ```
//! use detente::prelude::*;
//!
//! fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
//!     let (_, world, rules) = shipped("belarus_2025")?;
//!     let government = |code| world.government_by_code(code).ok_or(format!("no {code}"));
//!     let (usa, blr, ltu) = (government("USA")?, government("BLR")?, government("LTU")?);
//!     let tsikhanouski = world.prisoner_by_key("tsikhanouski").ok_or("no Tsikhanouski")?;
//!     let eu_sectoral = world.sanction_by_key("eu_sectoral").ok_or("no EU sanction")?;
//!     let mut table = Table::new(&world, &rules);
//!
//!     // June 2025: an envoy's visit for a release (Belarus moves first).
//!     let june = Deal::new()
//!         .release(blr, usa, tsikhanouski, ltu)
//!         .recognition(usa, blr, RecognitionLevel::EnvoyVisit)
//!         .staged(Staging::Sequential { first: blr });
//!     let played = table.play(&june)?;
//!     assert!(played.delta[usa.index()] > 0.0 && played.delta[blr.index()] > 0.0);
//!
//!     // The US cannot relieve an EU sanction: the deal is refused and
//!     // the table is left as it was.
//!     let suspend = ConcessionKind::Suspend { sanction: eu_sectoral, rounds: 3 };
//!     let wrong = Deal::new().with(usa, blr, suspend);
//!     let refused = table.play(&wrong).err().ok_or("the US relieved an EU sanction")?;
//!     assert!(refused.violates("imposer_relieves"));
//!     assert_eq!(table.history().len(), 1);
//!     Ok(())
//! }
//! ```
//!
//! **3. Apply and undo for search.** Searches mutate one state in place and
//! undo through an [`deal::UndoLog`]; nothing is cloned per node.
//!
//! ```
//! use detente::prelude::*;
//!
//! fn main() -> Result<()> {
//!     let (_, world, _) = shipped("toy_bilateral")?;
//!     let mut state = State::initial(&world);
//!     let start = state.clone();
//!     let mut log = UndoLog::new();
//!     let mut candidates = Vec::new();
//!     DealGenerator::default().candidates(&world, &state, &mut candidates);
//!     assert!(!candidates.is_empty());
//!     for deal in &candidates {
//!         state.apply(&world, deal, &mut log);
//!         state.undo(&mut log);
//!     }
//!     assert_eq!(state, start);
//!     Ok(())
//! }
//! ```
//!
//! **4. A seeded experiment.** A [`simulate::Simulation`] runs a scenario's
//! dynamics (arrests, talks, deals, defections) many times; the same seed
//! gives the same results on any number of threads.
//!
//! ```
//! use detente::prelude::*;
//!
//! fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
//!     let (scenario, _, _) = shipped("belarus_2025")?;
//!     let simulation = Simulation::from_scenario(&scenario)?;
//!     let config = ExperimentConfig { runs: 16, rounds: 6, seed: 7 };
//!     let results = simulation.experiment(&config);
//!     assert_eq!(results.runs, 16);
//!     assert!(results.held_at_end.quantiles().mean > 0.0);
//!     assert_eq!(results, simulation.experiment(&config));
//!     Ok(())
//! }
//! ```
//!
//! ## Layers
//!
//! * [`model`]: the static world graph (petgraph `StableGraph` behind typed
//!   ids) and the dynamic [`model::State`] (dense arrays).
//! * [`deal`], [`payoff`], [`rules`], [`table`], [`generate`]: deals with
//!   apply/undo, discounted payoff deltas, the rulebook, checked play, and
//!   the candidate-deal generator.
//! * [`scenario`]: the file format, pools, validation.
//! * [`negotiate`], [`simulate`], [`explore`], [`analysis`], [`exchange`], [`mediator`],
//!   [`conflict`], [`report`]: the engines and reports built on the core.
//! * [`history`]: real cases as scenario files with their recorded deals,
//!   replayed against the rules; implied valuations; the record of a pair's
//!   deals defined once ([`history::record`]) and set beside a simulation.
//! * [`calibrate`]: behavioural parameters fitted to that record by ABC-SMC
//!   from the scenario's own `calibration` section, with the fit written
//!   back beside the values (the shipped Belarus scenario is fitted so);
//!   the revolving-door likelihood is one part of it; backtests
//!   ([`calibrate::backtest`]) fit the record up to a cutoff and score the
//!   forecast of the rest against what happened and naive forecasts.
//!
//! ## Feature flags
//!
//! * `plots` (default): SVG figures (plotters, SVG backend only: no system
//!   font or C library) and the HTML report that inlines them. Without it
//!   the library still writes JSON, CSV and Graphviz DOT.
//!
//! ## Determinism
//!
//! Every random draw comes from a generator built by [`rng`] from an explicit
//! seed (ChaCha8, whose stream is fixed across platforms and versions); run
//! `i` of an experiment with seed `s` uses the stream `(s, i)`, so results do
//! not depend on the number of threads.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod budget;
pub mod error;
pub mod limits;
pub mod rng;

pub mod deal;
pub mod generate;
pub mod model;
pub mod payoff;
pub mod rules;
pub mod scenario;
pub mod table;

pub mod analysis;
pub mod calibrate;
pub mod conflict;
pub mod exchange;
pub mod explore;
pub mod history;
pub mod mediator;
pub mod negotiate;
pub mod report;
pub mod shard;
pub mod simulate;

pub use budget::Budget;
pub use error::{Error, Result};
/// petgraph, whose graph [`model::World::graph`] returns: use its algorithms
/// through this path so that the versions match.
pub use petgraph;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The names a first program needs: `use detente::prelude::*;`.
///
/// It brings the crate's [`Error`] and [`Result`] (so
/// `fn main() -> Result<()>` works with `?`), loading
/// ([`load`](scenario::load) for a file, [`shipped`](scenario::shipped) for
/// a scenario compiled into the crate), the world and its ids, deals and the
/// rules that check them, and a seeded experiment.
pub mod prelude {
    pub use crate::deal::{Concession, ConcessionKind, Deal, DealMenu, Staging, UndoLog};
    pub use crate::error::{Error, Result};
    pub use crate::generate::DealGenerator;
    pub use crate::model::{
        Authority, GovernmentId, GovernmentKind, GovernmentSpec, PrisonerId, PrisonerSpec,
        PrisonerStatus, RecognitionLevel, ReliefKind, ReliefOption, SanctionId, SanctionSpec,
        State, World, WorldBuilder,
    };
    pub use crate::rules::{Rejected, Rule, Rulebook, Violation, ViolationKind};
    pub use crate::scenario::{Scenario, load, shipped};
    pub use crate::simulate::{ExperimentConfig, Simulation};
    pub use crate::table::Table;
}
