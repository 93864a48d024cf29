//! Deals: sets of concessions between governments, applied to a [`State`]
//! in place and undone through an [`UndoLog`].
//!
//! A [`Deal`] is data; whether it is allowed is the [`rules`](crate::rules)'
//! business, and what it is worth to whom is computed by
//! [`payoff`](crate::payoff) from the changes it made.
//!
//! [`State`]: crate::model::State

mod apply;
mod describe;
mod given;
mod menu;
mod release;
mod together;

pub use apply::{Applied, UndoLog};
pub(crate) use describe::{code, kind_words};
pub use given::{Given, GivenSet};
pub use menu::{BatchOrder, DealMenu};
pub(crate) use menu::{Held, frozen_left, in_custody, rank_held, rank_prisoners, tradable};
pub use release::ReleaseKind;
pub(crate) use together::keep_together;

use crate::model::{
    CountryCode, FavourId, GovernmentId, PrisonerId, RecognitionLevel, ReliefKind, SanctionId,
};
use serde::{Deserialize, Serialize};

/// What one concession gives.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConcessionKind {
    /// Free a prisoner and send them to `destination` (their own country, or
    /// exile to a third country that accepts them).
    Release {
        /// Who is freed.
        prisoner: PrisonerId,
        /// The party they are released to (whose acceptance the exile rules
        /// check).
        destination: GovernmentId,
        /// The legal form (default: unstated, so older files still load).
        #[serde(default, skip_serializing_if = "ReleaseKind::is_unstated")]
        how: ReleaseKind,
        /// The country where they land when it is not the destination's
        /// (Aug 2024: released to the US, landed in Germany); need not be a
        /// government of the world.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        venue: Option<CountryCode>,
    },
    /// Grant a general licence: new transactions allowed, the entity stays
    /// listed and frozen assets stay frozen.
    Licence {
        /// The sanction licensed.
        sanction: SanctionId,
    },
    /// Remove the sanction's listing.
    Delist {
        /// The sanction delisted.
        sanction: SanctionId,
    },
    /// Suspend the sanction for a number of rounds; it lapses back into force
    /// unless renewed.
    Suspend {
        /// The sanction suspended.
        sanction: SanctionId,
        /// For how many rounds.
        rounds: u32,
    },
    /// Ease the sanction by a fraction of full relief.
    Ease {
        /// The sanction eased.
        sanction: SanctionId,
        /// Fraction in (0, 1].
        fraction: f64,
    },
    /// Put a relieved sanction back into force (snapback).
    Reimpose {
        /// The sanction reimposed.
        sanction: SanctionId,
    },
    /// Release frozen funds, possibly into a third-country escrow first
    /// (Iran 2023: $6bn moved to Qatari banks).
    Unfreeze {
        /// The sanction under which the funds are frozen.
        sanction: SanctionId,
        /// Amount released.
        amount: f64,
        /// The escrow holder, if any.
        escrow: Option<GovernmentId>,
    },
    /// Recognition: a call, an envoy's visit, a reopened embassy.
    Recognition {
        /// The level granted.
        level: RecognitionLevel,
    },
    /// A favour declared in the scenario (a credit owed, a side payment,
    /// visas): given by its `from` to its `to`, at most once. What it is
    /// worth is the favour's own `value` and `cost` (see
    /// [`Favour`](crate::model::Favour)).
    Favour {
        /// The favour given.
        favour: FavourId,
    },
}

impl ConcessionKind {
    /// The release of `prisoner` to `destination`, form unstated, landing
    /// at the destination.
    pub const fn release(prisoner: PrisonerId, destination: GovernmentId) -> Self {
        Self::Release {
            prisoner,
            destination,
            how: ReleaseKind::Unstated,
            venue: None,
        }
    }

    /// The sanction this concession relieves or reimposes, if any.
    pub fn sanction(&self) -> Option<SanctionId> {
        match *self {
            Self::Licence { sanction }
            | Self::Delist { sanction }
            | Self::Suspend { sanction, .. }
            | Self::Ease { sanction, .. }
            | Self::Reimpose { sanction }
            | Self::Unfreeze { sanction, .. } => Some(sanction),
            Self::Release { .. } | Self::Recognition { .. } | Self::Favour { .. } => None,
        }
    }

    /// The prisoner this concession releases, if any.
    pub fn prisoner(&self) -> Option<PrisonerId> {
        match *self {
            Self::Release { prisoner, .. } => Some(prisoner),
            _ => None,
        }
    }

    /// The favour this concession gives, if any.
    pub fn favour(&self) -> Option<FavourId> {
        match *self {
            Self::Favour { favour } => Some(favour),
            _ => None,
        }
    }

    /// The relief form of a sanction concession (`None` for releases,
    /// recognition, favours and reimposition).
    pub fn relief_kind(&self) -> Option<ReliefKind> {
        match self {
            Self::Licence { .. } => Some(ReliefKind::Licence),
            Self::Delist { .. } => Some(ReliefKind::Delist),
            Self::Suspend { .. } => Some(ReliefKind::Suspend),
            Self::Ease { .. } => Some(ReliefKind::Ease),
            Self::Unfreeze { .. } => Some(ReliefKind::Unfreeze),
            _ => None,
        }
    }
}

/// One government gives another something.
///
/// No `deny_unknown_fields` here: serde cannot combine it with `flatten` (it
/// refused every concession, `kind` included); the flattened
/// [`ConcessionKind`] denies unknown fields instead, so typos are still
/// refused.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Concession {
    /// Who gives.
    pub from: GovernmentId,
    /// Who it is given to (the government that asked for it).
    pub to: GovernmentId,
    /// What is given.
    #[serde(flatten)]
    pub kind: ConcessionKind,
}

/// How the parties' concessions are carried out in time.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "staging", rename_all = "snake_case", deny_unknown_fields)]
pub enum Staging {
    /// All concessions at once, at a venue or through a mediator when one is
    /// named (no party bears the risk that the other defects).
    #[default]
    Simultaneous,
    /// All concessions at once at a neutral venue (Abu Dhabi, Ankara, Muscat).
    AtVenue {
        /// The venue or mediator.
        venue: GovernmentId,
    },
    /// One party carries out its part first and bears the risk that the
    /// others do not.
    Sequential {
        /// The party that moves first.
        first: GovernmentId,
    },
}

/// A deal: concessions exchanged among governments, and how they are staged.
///
/// ```
/// use detente::deal::Deal;
/// use detente::model::{GovernmentId, PrisonerId, SanctionId};
/// let (usa, blr) = (GovernmentId(0), GovernmentId(1));
/// let deal = Deal::new()
///     .release(blr, usa, PrisonerId(0), GovernmentId(2))
///     .licence(usa, blr, SanctionId(0));
/// assert_eq!(deal.parties(), vec![usa, blr]);
/// ```
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    /// The concessions, in the order they are carried out.
    pub concessions: Vec<Concession>,
    /// Timing.
    #[serde(default)]
    pub staging: Staging,
}

impl Deal {
    /// An empty deal (passing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a concession.
    pub fn with(mut self, from: GovernmentId, to: GovernmentId, kind: ConcessionKind) -> Self {
        self.concessions.push(Concession { from, to, kind });
        self
    }

    /// Adds the release of `prisoner` by `from`, for `to`, sent to `destination`.
    pub fn release(
        self,
        from: GovernmentId,
        to: GovernmentId,
        prisoner: PrisonerId,
        destination: GovernmentId,
    ) -> Self {
        self.with(from, to, ConcessionKind::release(prisoner, destination))
    }

    /// Adds the release of `prisoner` by `from`, for `to`, in the form
    /// `how`, landing in `venue` (`None`: at the destination).
    ///
    /// ```
    /// use detente::deal::{ConcessionKind, Deal, ReleaseKind};
    /// use detente::model::{GovernmentId, PrisonerId};
    /// let (usa, rus) = (GovernmentId(0), GovernmentId(1));
    /// let deal = Deal::new().release_as(rus, usa, PrisonerId(0), usa, ReleaseKind::Pardon, "DEU".parse().ok());
    /// let ConcessionKind::Release { how, venue, .. } = deal.concessions[0].kind else { unreachable!() };
    /// assert_eq!((how, venue.unwrap().as_str()), (ReleaseKind::Pardon, "DEU"));
    /// ```
    pub fn release_as(
        self,
        from: GovernmentId,
        to: GovernmentId,
        prisoner: PrisonerId,
        destination: GovernmentId,
        how: ReleaseKind,
        venue: Option<CountryCode>,
    ) -> Self {
        self.with(
            from,
            to,
            ConcessionKind::Release {
                prisoner,
                destination,
                how,
                venue,
            },
        )
    }

    /// Adds a general licence on `sanction` by `from` for `to`.
    pub fn licence(self, from: GovernmentId, to: GovernmentId, sanction: SanctionId) -> Self {
        self.with(from, to, ConcessionKind::Licence { sanction })
    }

    /// Adds recognition at `level` from `from` to `to`.
    pub fn recognition(
        self,
        from: GovernmentId,
        to: GovernmentId,
        level: RecognitionLevel,
    ) -> Self {
        self.with(from, to, ConcessionKind::Recognition { level })
    }

    /// Adds favour `favour`, given by `from` to `to`.
    pub fn favour(self, from: GovernmentId, to: GovernmentId, favour: FavourId) -> Self {
        self.with(from, to, ConcessionKind::Favour { favour })
    }

    /// Sets the staging.
    pub fn staged(mut self, staging: Staging) -> Self {
        self.staging = staging;
        self
    }

    /// Whether the deal has no concessions.
    pub fn is_empty(&self) -> bool {
        self.concessions.is_empty()
    }

    /// The governments that give or receive, in id order, without repeats.
    pub fn parties(&self) -> Vec<GovernmentId> {
        let mut v: Vec<GovernmentId> = self
            .concessions
            .iter()
            .flat_map(|c| [c.from, c.to])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}
