//! Scenario files: the format (JSON, or TOML with the same schema), pools
//! expanded at load time, and validation that names the JSON path of every
//! mistake.
//!
//! ```
//! use detente::scenario::Scenario;
//! let err = Scenario::from_json_str(r#"{
//!   "name": "typo",
//!   "governments": [{"id": "USA", "discount": 1.5}, {"id": "BLR"}],
//!   "prisoners": [{"id": "x", "held_by": "BLRR"}]
//! }"#).unwrap().validate().unwrap_err();
//! assert!(err.has_path("$.governments[0].discount"));
//! assert!(err.has_path("$.prisoners[0].held_by"));
//! ```
//!
//! # Which mistakes are reported together
//! [`load`] reports, in one [`ScenarioErrors`]:
//! - for a file that is not well-formed JSON or TOML (a syntax error, a
//!   truncated file, unreadable bytes), the first such error only;
//! - for well-formed JSON, every unknown field, then the first other
//!   mistake of shape (a wrong type, a missing field, an unknown enum
//!   variant) if there is one, or else every semantic mistake (unknown ids,
//!   out-of-range values, duplicates, rule conflicts) of the file read
//!   without its unknown fields;
//! - for well-formed TOML, the first mistake of shape if there is one, or
//!   else every semantic mistake.

mod allies;
mod build;
mod calibration;
mod demands;
mod dynamics;
mod error;
mod families;
mod ladder;
mod mediator;
mod parse;
mod record_ref;
mod schema;
mod shipped;

pub use build::Limits;
pub use calibration::{
    Calibration, MAX_PARTICLES, MethodEntry, ParameterEntry, Prior, SummaryEntry, SummaryKind,
};
pub use demands::DemandEntry;
pub use dynamics::{
    DefectionDynamics, Dynamics, EscalationEntry, GovernmentChange, HealthDynamics, HolderDynamics,
    NegotiationSettings, StagingChoice, StrategySpec, SuspensionDynamics,
};
pub use error::{ScenarioError, ScenarioErrors};
pub use families::{DependantEntry, FamilyEntry};
pub use ladder::{Episodes, Gesture, GestureKind, Ladder, MAX_EPISODE_ROUNDS};
pub use mediator::{MAX_MEDIATOR_CANDIDATES, MediatorSettings};
pub use record_ref::RecordRef;
pub use schema::{
    AllianceEntry, FavourEntry, GovernmentEntry, PoolEntry, PrisonerEntry, ReliefEntry,
    SanctionEntry, Scenario, Source, ValuationEntry,
};
pub use shipped::{ShippedFile, ShippedKind, shipped, shipped_file, shipped_files};

/// Reads, validates and builds a scenario file: the scenario, its world and its rulebook.
///
/// # Errors
/// Every mistake found, each with its JSON path; which ones are found
/// together is said in the [module docs](self).
pub fn load(
    path: impl AsRef<std::path::Path>,
) -> Result<(Scenario, crate::model::World, crate::rules::Rulebook), ScenarioErrors> {
    let (scenario, world) = parse::read_and_build(path.as_ref())?;
    let rules = scenario.rulebook();
    Ok((scenario, world, rules))
}
