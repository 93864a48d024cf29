//! Negotiation: outcome spaces, utilities, protocols and strategies.
//!
//! The layer is generic: an [`OutcomeSpace`] is a product of discrete
//! [`Issue`]s, each party values outcomes through a [`Utility`]
//! ([`LinearAdditive`] or [`TableUtility`], with a reservation value and a
//! discount per round), and a protocol ([`Sao`] for bilateral and stacked
//! multilateral alternating offers, [`SimultaneousExchange`] for a
//! mediated exchange) asks each party's [`Strategy`] to propose and respond.
//! A domain layer builds the space and utilities from a `World`; textbook
//! domains (the NegMAS peer benchmark in [`domains`], discrete Rubinstein
//! bargaining) run on the same types. [`tournament`] pits strategies
//! against each other over many domains and ranks them.
//!
//! ```
//! use detente::negotiate::{domains, Sao, TimeBased};
//! // NegMAS's benchmark instance k = 0 with 3 issues of 10 values.
//! let (space, ua, ub) = domains::negmas_instance(3, 42, 0)?;
//! let (mut a, mut b) = (TimeBased::boulware(), TimeBased::conceder());
//! let r = Sao::new(100).run(&space, &[&ua, &ub], &mut [&mut a, &mut b])?;
//! assert_eq!(space.values(r.agreement.unwrap()), vec![5, 3, 3]);
//! assert_eq!(r.steps, 51);
//! # Ok::<(), detente::negotiate::NegotiateError>(())
//! ```

pub(crate) mod deal_space;
pub mod domains;
mod outcome_index;
mod sao;
mod simultaneous;
mod space;
pub mod strategy;
pub mod tournament;
mod utility;

pub use deal_space::DealSpace;
pub use outcome_index::OutcomeIndex;
pub use sao::{NegotiationResult, Sao};
pub use simultaneous::{ExchangeResult, Execution, SimultaneousExchange};
pub use space::{Issue, Outcome, OutcomeSpace};
pub use strategy::{
    FrequencyModel, Lookahead, Offer, RandomStrategy, Response, SpePlan, Strategy, SubgamePerfect,
    TimeBased, TitForTat, View,
};
pub use utility::{LinearAdditive, TableUtility, Utility};

/// Errors of the negotiation layer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NegotiateError {
    /// An outcome space needs at least one issue, each with a value.
    #[error("outcome space has no issue or an issue has no value")]
    EmptySpace,
    /// The number of outcomes overflows the index type.
    #[error("outcome space too large to index")]
    SpaceTooLarge,
    /// An outcome's value indices do not fit the space.
    #[error("bad outcome: {0}")]
    BadOutcome(String),
    /// A utility function was given inconsistent or non-finite numbers.
    #[error("bad utility: {0}")]
    BadUtility(String),
    /// The parties given to a protocol do not fit it.
    #[error("bad parties: {0}")]
    Parties(String),
    /// A protocol parameter is out of range.
    #[error("bad parameter: {0}")]
    Parameter(String),
    /// A strategy offered an outcome outside the space.
    #[error("party {party} proposed {outcome:?}, outside the outcome space")]
    InvalidProposal {
        /// The offending party.
        party: usize,
        /// What it proposed.
        outcome: Outcome,
    },
}
