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
//! mistake in a file is reported with its JSON path ([`scenario`]).
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (scenario, world, rules) = detente::scenario::load("examples/scenarios/belarus_2025.json")?;
//! let blr = world.government_by_code("BLR").unwrap();
//! assert_eq!(world.held_by(blr).count(), 1265);
//! assert_eq!(scenario.round.as_deref(), Some("month"));
//! assert!(!rules.is_empty());
//! # Ok(()) }
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
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (_, world, rules) = detente::scenario::load("examples/scenarios/belarus_2025.json")?;
//! let code = |c| world.government_by_code(c).unwrap();
//! let (usa, blr, ltu) = (code("USA"), code("BLR"), code("LTU"));
//! let tsikhanouski = world.prisoner_by_key("tsikhanouski").unwrap();
//! let mut table = Table::new(&world, &rules);
//!
//! // June 2025: an envoy's visit for a release (Belarus moves first).
//! let june = Deal::new()
//!     .release(blr, usa, tsikhanouski, ltu)
//!     .recognition(usa, blr, RecognitionLevel::EnvoyVisit)
//!     .staged(Staging::Sequential { first: blr });
//! let played = table.play(&june)?;
//! assert!(played.delta[usa.index()] > 0.0 && played.delta[blr.index()] > 0.0);
//!
//! // The US cannot relieve an EU sanction.
//! let eu_sectoral = world.sanction_by_key("eu_sectoral").unwrap();
//! let wrong = Deal::new().with(usa, blr, ConcessionKind::Suspend { sanction: eu_sectoral, rounds: 3 });
//! assert!(table.play(&wrong).unwrap_err().violates("imposer_relieves"));
//! assert_eq!(table.history().len(), 1);
//! # Ok(()) }
//! ```
//!
//! **3. Apply and undo for search.** Searches mutate one state in place and
//! undo through an [`deal::UndoLog`]; nothing is cloned per node.
//!
//! ```
//! use detente::prelude::*;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (_, world, _) = detente::scenario::load("examples/scenarios/toy_bilateral.json")?;
//! let mut state = State::initial(&world);
//! let start = state.clone();
//! let mut log = UndoLog::new();
//! let mut candidates = Vec::new();
//! DealGenerator::default().candidates(&world, &state, &mut candidates);
//! for deal in &candidates {
//!     state.apply(&world, deal, &mut log);
//!     state.undo(&mut log);
//! }
//! assert_eq!(state, start);
//! # Ok(()) }
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
//! * [`negotiate`], [`simulate`], [`explore`], [`analysis`], [`exchange`],
//!   [`conflict`], [`report`]: the engines and reports built on the core.
//! * [`history`]: real cases as scenario files with their recorded deals,
//!   replayed against the rules; implied valuations and the revolving door
//!   calibrated from the record.
//!
//! ## Determinism
//!
//! Every random draw comes from a generator built by [`rng`] from an explicit
//! seed (ChaCha8, whose stream is fixed across platforms and versions); run
//! `i` of an experiment with seed `s` uses the stream `(s, i)`, so results do
//! not depend on the number of threads.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod error;
pub mod rng;

pub mod deal;
pub mod generate;
pub mod model;
pub mod payoff;
pub mod rules;
pub mod scenario;
pub mod table;

pub mod analysis;
pub mod conflict;
pub mod exchange;
pub mod explore;
pub mod history;
pub mod negotiate;
pub mod report;
pub mod shard;
pub mod simulate;

pub use error::{Error, Result};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The names most programs need: `use detente::prelude::*;`.
pub mod prelude {
    pub use crate::deal::{Concession, ConcessionKind, Deal, DealMenu, Staging, UndoLog};
    pub use crate::generate::DealGenerator;
    pub use crate::model::{
        Authority, GovernmentId, GovernmentKind, GovernmentSpec, PrisonerId, PrisonerSpec,
        PrisonerStatus, RecognitionLevel, ReliefKind, ReliefOption, SanctionId, SanctionSpec,
        State, World, WorldBuilder,
    };
    pub use crate::rules::{Rejected, Rule, Rulebook, Violation, ViolationKind};
    pub use crate::table::Table;
}
