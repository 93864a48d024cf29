//! What a demander gave for a release, in kinds: the vocabulary shared by
//! the record ([`history::record`](crate::history::record)) and the
//! simulator's observations, so both count the same things.

use super::{ConcessionKind, Deal};
use crate::model::GovernmentId;
use serde::{Deserialize, Serialize};

/// A kind of concession the demander gives the holder in a deal.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Given {
    /// Recognition: a call, an envoy's visit, an embassy.
    Recognition,
    /// A general licence.
    Licence,
    /// Removal from the list.
    Delist,
    /// A time-limited suspension.
    Suspend,
    /// Partial easing.
    Ease,
    /// Frozen funds released.
    Unfreeze,
    /// A favour declared in the scenario.
    Favour,
    /// Prisoners of the demander's released in return (a swap).
    Swap,
}

impl Given {
    /// Every kind, in the order of [`GivenSet`]'s bits and of reports.
    pub const ALL: [Given; 8] = [
        Given::Recognition,
        Given::Licence,
        Given::Delist,
        Given::Suspend,
        Given::Ease,
        Given::Unfreeze,
        Given::Favour,
        Given::Swap,
    ];

    /// The kind of `kind`, or `None` for a reimposition (a penalty, not
    /// something given).
    pub fn of(kind: &ConcessionKind) -> Option<Given> {
        Some(match kind {
            ConcessionKind::Release { .. } => Given::Swap,
            ConcessionKind::Licence { .. } => Given::Licence,
            ConcessionKind::Delist { .. } => Given::Delist,
            ConcessionKind::Suspend { .. } => Given::Suspend,
            ConcessionKind::Ease { .. } => Given::Ease,
            ConcessionKind::Unfreeze { .. } => Given::Unfreeze,
            ConcessionKind::Recognition { .. } => Given::Recognition,
            ConcessionKind::Favour { .. } => Given::Favour,
            ConcessionKind::Reimpose { .. } => return None,
        })
    }

    /// Its name in files and reports (`licence`, `delist`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Given::Recognition => "recognition",
            Given::Licence => "licence",
            Given::Delist => "delist",
            Given::Suspend => "suspend",
            Given::Ease => "ease",
            Given::Unfreeze => "unfreeze",
            Given::Favour => "favour",
            Given::Swap => "swap",
        }
    }

    fn bit(self) -> u8 {
        1 << Given::ALL.iter().position(|&g| g == self).unwrap_or(0)
    }
}

/// A set of [`Given`] kinds, as bits: small enough to log per deal without
/// allocating.
///
/// ```
/// use detente::deal::{Given, GivenSet};
/// let mut s = GivenSet::default();
/// s.insert(Given::Licence);
/// assert!(s.contains(Given::Licence) && !s.contains(Given::Delist));
/// assert_eq!(s.iter().collect::<Vec<_>>(), [Given::Licence]);
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GivenSet(pub u8);

impl GivenSet {
    /// Adds `g`.
    pub fn insert(&mut self, g: Given) {
        self.0 |= g.bit();
    }

    /// Whether `g` is in the set.
    pub fn contains(self, g: Given) -> bool {
        self.0 & g.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, in [`Given::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Given> {
        Given::ALL.into_iter().filter(move |&g| self.contains(g))
    }

    /// What `by` gave in `deal` (its concessions to anyone: in a bilateral
    /// deal, to the holder).
    pub fn given_by(deal: &Deal, by: GovernmentId) -> GivenSet {
        let mut s = GivenSet::default();
        for c in deal.concessions.iter().filter(|c| c.from == by) {
            if let Some(g) = Given::of(&c.kind) {
                s.insert(g);
            }
        }
        s
    }
}
