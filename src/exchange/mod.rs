//! Multilateral exchange clearing: cycles and chains of releases.
//!
//! Many real exchanges are not bilateral: on 1 August 2024 seven governments
//! released 26 people in one operation because no two of them alone had a
//! deal both would accept. Structurally this is a barter-exchange market,
//! the problem kidney paired donation solves: a directed graph in which an
//! arc means "this party holds what that party wants", and the best set of
//! vertex-disjoint cycles (and chains started by a unilateral, altruistic
//! release) of bounded length.
//!
//! * [`ExchangeGraph`]: parties and weighted arcs; read PrefLib `.wmd`
//!   files with [`read_wmd`].
//! * [`enumerate`]: every cycle and chain under length [`Caps`].
//! * [`clear`]: the exact maximum-weight packing, with an LP bound as its
//!   certificate ([`Clearing`]).
//!
//! The module knows nothing of worlds, rules or payoffs (it depends only on
//! the crate's error type and RNG helpers): [`crate::mediator`] builds
//! exchange graphs and multilateral packages from a world.

mod clear;
mod enumerate;
mod error;
mod graph;
mod lp;
mod wmd;

pub use clear::{ChosenExchange, ClearOptions, Clearing, clear, clear_exchanges};
pub use enumerate::{Caps, Exchange, ExchangeKind, Exchanges, MAX_CAP, enumerate};
pub use error::ExchangeError;
pub use graph::{ExchangeGraph, MAX_WEIGHT, MAX_WEIGHT_RATIO, Party, VertexId};
pub use wmd::{parse_wmd, parse_wmd_with, read_wmd};
