//! Governments and blocs.

use super::GovernmentId;
use serde::{Deserialize, Serialize};

/// Whether a government acts alone or is a bloc of member governments.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GovernmentKind {
    /// A sovereign government.
    #[default]
    State,
    /// A bloc (the EU): it imposes sanctions, holds no prisoners, and relieves
    /// its sanctions only when every member agrees.
    Bloc,
}

/// A government (or bloc) in a [`World`](super::World).
#[derive(Clone, Debug, PartialEq)]
pub struct Government {
    /// Dense id.
    pub id: GovernmentId,
    /// Short code from the scenario file, such as `USA` or `BLR`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// State or bloc.
    pub kind: GovernmentKind,
    /// Discount factor per round, in (0, 1].
    pub discount: f64,
    /// Domestic audience cost of each concession this government makes.
    pub audience_cost: f64,
    /// The least payoff change this government accepts from a deal
    /// (individual rationality).
    pub reservation: f64,
    /// Whether it takes in prisoners exiled by other governments.
    pub accepts_exiles: bool,
    /// Blocs this government is a member of.
    pub blocs: Vec<GovernmentId>,
    /// Members, when this is a bloc.
    pub members: Vec<GovernmentId>,
    /// Governments between which this one mediates or hosts exchanges.
    pub mediates: Vec<GovernmentId>,
}

impl Government {
    /// Whether this is a bloc.
    pub fn is_bloc(&self) -> bool {
        self.kind == GovernmentKind::Bloc
    }
}
