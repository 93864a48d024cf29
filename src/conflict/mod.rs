//! Conflict analysis in the Graph Model for Conflict Resolution (GMCR).
//!
//! Decision makers own yes/no options; a state is the set of options taken;
//! each decision maker ranks the feasible states; stability concepts say
//! which states nobody can profitably leave. This module builds a model
//! ([`Conflict`] → [`ConflictModel`]), analyses it for Nash, GMR, SMR, SEQ, SIM and
//! SEQ+SIM ([`ConflictModel::analyze`]), explains each verdict ([`ConflictModel::explain`]),
//! analyses coalitions ([`Agents`]), reachability from the status quo
//! ([`ConflictModel::status_quo_analysis`]) and inverse problems ([`ConflictModel::inverse`]), and reads the
//! crate's own JSON layout and the GMCR+ one ([`gmcrplus`]).
//!
//! States are numbered as in GMCR+: by ascending decimal code (Σ 2^i over
//! options taken) among feasible states, from 1 ([`StateId::number`]).
//!
//! ```
//! use detente::conflict::{examples, Concept};
//! let model = examples::prisoners_dilemma().compile()?;
//! let analysis = model.analyze(&Default::default());
//! let nums = |v: Vec<detente::conflict::StateId>| v.iter().map(|s| s.number()).collect::<Vec<_>>();
//! assert_eq!(nums(analysis.equilibria(Concept::Nash)), vec![1]);    // mutual defection
//! assert_eq!(nums(analysis.equilibria(Concept::Seq)), vec![1, 4]);  // and mutual cooperation
//! # Ok::<(), detente::conflict::ConflictError>(())
//! ```

mod agents;
mod error;
pub mod examples;
mod explain;
pub mod gmcrplus;
mod inverse;
mod model;
mod prefs;
mod report;
mod stability;
mod states;
mod status_quo;
mod world;

pub use agents::Agents;
pub use error::ConflictError;
pub use explain::{Deterrent, Explanation, ImprovementCheck, Transition};
pub use gmcrplus::{load_file, load_str};
pub use inverse::{
    Chain, Freedom, Infeasibility, Inverse, InverseResult, Link, Obligation, Reason, Relation,
};
pub use model::{
    Condition, Conflict, ConflictModel, DEFAULT_STATE_LIMIT, Direction, DmId, DmSpec, OptionId,
    OptionSpec, Preferences, RankEntry,
};
pub use prefs::MAX_CONDITIONS;
pub use stability::{
    Analysis, AnalysisOptions, Concept, Responses, SimResponses, default_analysis_budget,
};
pub use states::{MAX_OPTIONS, Pattern, StateId, StateSpace};
pub use status_quo::{Moves, StatusQuo};
pub use world::{WorldConflict, WorldOption, belarus_2025};
