//! The world: governments, prisoners and sanctions as a graph, and the
//! dynamic [`State`] that changes during a run.
//!
//! The [`World`] is static after construction and shared read-only by every
//! run and search thread; everything that changes lives in a small [`State`]
//! of dense arrays indexed by the typed ids.

mod alliances;
mod builder;
mod country;
mod demands;
mod family;
mod favours;
mod government;
mod ids;
mod prisoner;
mod recognition;
mod sanction;
mod state;
mod values;
mod world;

pub use alliances::{Alliance, Alliances};
pub use builder::{BuildError, GovernmentSpec, PrisonerSpec, SanctionSpec, WorldBuilder};
pub use country::{BadCountryCode, CountryCode};
pub use demands::{Demand, Demands};
pub use family::{Dependant, Family, FamilyId, PeopleCount};
pub use favours::{Favour, FavourSpec};
pub use government::{Government, GovernmentKind};
pub use ids::{FavourId, GovernmentId, PrisonerId, SanctionId};
pub use prisoner::Prisoner;
pub use sanction::{Authority, BadRelief, ReliefForms, ReliefKind, ReliefOption, Sanction};
pub use state::{Counts, PrisonerStatus, RecognitionLevel, ReliefState, State};
pub use values::{RecognitionValue, Valuations, ValueRows};
pub use world::{Edge, Node, Pool, World, WorldGraph};
