//! World-level multilateral deals: what a mediator can put on the table.
//!
//! [`crate::exchange`] clears an abstract barter market and knows nothing of
//! governments, rules or payoffs. This module is where the world meets it:
//!
//! * [`best_package`]: the best multilateral package of concessions at a
//!   state (releases, recognition, relief), individually rational for every
//!   participant under the rulebook, or which governments' constraints bind.
//! * [`prisoner_graph`]: the prisoner-level exchange graph of a world at a
//!   state, ready for [`crate::exchange::clear`].
//!
//! The simulator's mediator and the explorer's package move both call
//! [`best_package`], so the two engines see the same packages.

mod demands;
mod package;
mod prisoner_graph;

pub(crate) use package::find_package;
pub use package::{
    Binding, Objective, Package, PackageOptions, PackageOutcome, best_package, mediator_package,
};
pub use prisoner_graph::{PrisonerExchange, prisoner_graph};
