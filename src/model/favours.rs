//! Favours: transferable considerations that are neither prisoners, nor
//! relief, nor recognition (a credit owed, a side payment, visas, a trade
//! concession).
//!
//! A favour is declared once per scenario with who gives it, who receives
//! it, what the receiver gains and what the giver pays; a deal gives it at
//! most once (the [`State`](super::State) keeps a granted flag per favour),
//! so "A releases X; B owes A a favour" is a deal of two concessions.

use super::{FavourId, GovernmentId};

/// A favour of a [`World`](super::World).
#[derive(Clone, Debug, PartialEq)]
pub struct Favour {
    /// Dense id.
    pub id: FavourId,
    /// Key from the scenario file, unique among favours.
    pub key: String,
    /// Who can give it.
    pub from: GovernmentId,
    /// Who receives it.
    pub to: GovernmentId,
    /// What `to` gains when it is given (at least 0).
    pub value: f64,
    /// What `from` pays to give it (at least 0).
    pub cost: f64,
}

/// What a favour needs to be added to a [`WorldBuilder`](super::WorldBuilder).
#[derive(Clone, Debug, PartialEq)]
pub struct FavourSpec {
    /// Key, unique among favours.
    pub key: String,
    /// Who can give it.
    pub from: GovernmentId,
    /// Who receives it.
    pub to: GovernmentId,
    /// What `to` gains (finite, at least 0).
    pub value: f64,
    /// What `from` pays (finite, at least 0).
    pub cost: f64,
}

impl FavourSpec {
    /// A favour `key` from `from` to `to` worth `value` to `to`, costing
    /// `from` nothing.
    pub fn new(key: &str, from: GovernmentId, to: GovernmentId, value: f64) -> Self {
        Self {
            key: key.to_string(),
            from,
            to,
            value,
            cost: 0.0,
        }
    }
}
