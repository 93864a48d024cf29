//! # detente
//!
//! Simulate sanctions-for-prisoners diplomacy: governments hold prisoners that
//! others want freed and impose sanctions that others want lifted; they trade
//! one for the other in deals that follow exchange rules.
//!
//! (The guided tour is written as the layers land.)
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
pub mod negotiate;
pub mod report;
pub mod simulate;

pub use error::{Error, Result};

/// The names most programs need: `use detente::prelude::*;`.
pub mod prelude {
    pub use crate::deal::{Concession, ConcessionKind, Deal, Staging, UndoLog};
    pub use crate::generate::DealGenerator;
    pub use crate::model::{
        Authority, GovernmentId, GovernmentKind, GovernmentSpec, PrisonerId, PrisonerSpec,
        PrisonerStatus, RecognitionLevel, ReliefKind, ReliefOption, SanctionId, SanctionSpec,
        State, World, WorldBuilder,
    };
    pub use crate::rules::{Rejected, Rule, Rulebook, Violation, ViolationKind};
    pub use crate::table::Table;
}
