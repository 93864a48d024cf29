//! Typed ids: dense indices into a [`World`](super::World)'s tables.
//!
//! Ids are small `Copy` newtypes. They index dense arrays in the world and in
//! the [`State`](super::State), which is what makes payoffs and apply/undo
//! cheap; the petgraph `NodeIndex` behind each entity stays private.
//!
//! Without the world an id prints as `g3`, `p12`, `s1` (`Display` and
//! `Debug` alike); with it, reports name the scenario's codes and keys
//! ([`Deal::describe`](crate::deal::Deal::describe),
//! [`Violation::describe`](crate::rules::Violation::describe)).
//!
//! ```
//! use detente::model::{GovernmentId, PrisonerId};
//! assert_eq!(format!("{:?}", (GovernmentId(3), PrisonerId(12))), "(g3, p12)");
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The dense index of this id.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id with dense index `i`.
            ///
            /// # Panics
            /// If `i` does not fit in a `u32` (worlds that large are refused
            /// when they are built).
            #[inline]
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).expect("id fits in u32"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }

        /// Compact, as [`Display`](fmt::Display): an id cannot know its
        /// name without the world, and a deal's `Debug` stays readable.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
}

id_type!(
    /// A government or a bloc of governments (such as the EU).
    GovernmentId,
    "g"
);
id_type!(
    /// A prisoner (named, or one member of an expanded pool).
    PrisonerId,
    "p"
);
id_type!(
    /// A sanction programme: one imposer, one target, one sector.
    SanctionId,
    "s"
);
id_type!(
    /// A favour: a transferable consideration one government can give
    /// another once (see [`Favour`](super::Favour)).
    FavourId,
    "f"
);
