//! Real history: recorded deals as case files, replayed against the
//! rulebook, and what the record implies.
//!
//! * [`Case`]: the case file format: a scenario plus the dated steps of the
//!   record ([`CaseStep`]: deals, refused offers, unilateral releases,
//!   arrests and re-arrests, new sanctions), each citing its sources.
//! * [`replay()`]: applies the steps in order and reports, per step, whether
//!   the deal was legal and individually rational, and why not.
//! * [`HistoryRule`]: rules the record needs beyond the built-in rulebook
//!   (funds confirmed in escrow before the plane leaves).
//! * [`implied()`]: the inverse problem: bounds on unknown valuations from
//!   the deals that happened, by linear programming.
//!
//! The revolving door (arrest and release rates fitted to a stock series)
//! is part of the one calibration API:
//! [`crate::calibrate::revolving_door`].
//!
//! ```
//! use detente::history::{Case, replay};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let case = Case::from_path("examples/scenarios/history/belarus_2024_2025.json")?;
//! let replay = replay(&case)?;
//! assert!(replay.all_legal());
//! // Statkevich refused exile in September 2025 and stayed in prison.
//! assert!(replay.steps.iter().any(|s| s.refused_exile == 1));
//! # Ok(()) }
//! ```

// The series format and its calendar live with the revolving-door fit;
// this crate-private name keeps the history code's paths short.
pub(crate) use crate::calibrate::revolving_door as calibrate;
mod case;
mod implied;
mod lp;
pub mod record;
mod replay;
mod rules;

pub use case::{
    Broker, BrokerRole, Case, CaseEvent, CaseOutcome, CaseStep, Give, People, StagingEntry,
};
pub use implied::{
    Bound, Implied, ImpliedError, ImpliedModel, SeriesBounds, StepBounds, Target, Unknown, implied,
    implied_all,
};
pub use replay::{PartyCheck, Replay, StepReport, replay, replay_world};
pub use rules::HistoryRule;
