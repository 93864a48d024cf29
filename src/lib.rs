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

pub mod model;
pub mod deal;
pub mod rules;
pub mod scenario;

pub mod analysis;
pub mod conflict;
pub mod exchange;
pub mod explore;
pub mod negotiate;
pub mod report;

pub use error::{Error, Result};
