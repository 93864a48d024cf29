//! World-level multilateral deals: what a mediator can put on the table.
//!
//! [`crate::exchange`] clears an abstract barter market and knows nothing of
//! governments, rules or payoffs. This module is where the world meets it:
//!
//! * [`best_package`]: the best multilateral package of concessions at a
//!   state (releases, recognition, relief), individually rational for every
//!   participant under the rulebook, or why there is none ([`NoPackage`]).
//! * [`best_packages`]: the `k` best packages with distinct releases, a
//!   required set of parties and prisoners, and the report of the
//!   candidates the `max_candidates` cap cut ([`CandidateReport`]).
//! * [`check_package`]: whether a given package is legal and individually
//!   rational, and if not, which rule and whose payoff fail.
//! * [`Objective`]: what a package maximises, including two objectives
//!   whose choice does not depend on any government's unit of value.
//! * [`prisoner_graph`]: the prisoner-level exchange graph of a world at a
//!   state, ready for [`crate::exchange::clear`].
//!
//! The simulator's mediator and the explorer's package move both call
//! [`best_package`]'s search, so the two engines see the same packages.

mod check;
mod cut;
mod demands;
mod diagnose;
mod normalise;
mod package;
mod prisoner_graph;
mod query;

pub use check::{PackageCheck, Shortfall, check_package};
pub use cut::{CandidateReport, Cut, CutReason};
pub use diagnose::{DIAGNOSIS_PACKAGES, Failure, FailureCount, NoPackage};
pub(crate) use package::find_package;
pub use package::{
    Binding, Objective, Package, PackageOptions, PackageOutcome, best_package, mediator_package,
};
pub use prisoner_graph::{PrisonerExchange, prisoner_graph};
pub use query::{PackageQuery, PackageSearch, Required, best_packages};
