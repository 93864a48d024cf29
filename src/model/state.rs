//! The dynamic part of a world: who is held, what is relieved, which round.
//!
//! A `State` is a handful of dense arrays indexed by id (recognition, granted
//! between few of the many pairs of governments, is a sparse list), so it is
//! cheap to copy, hash and compare. Search mutates one state in place with
//! [`State::apply`](crate::deal) and undoes through an [`UndoLog`](crate::deal::UndoLog).

use super::recognition::RecognitionTable;
use super::{FavourId, GovernmentId, PrisonerId, SanctionId, World};
use crate::model::ReliefKind;
use serde::{Deserialize, Serialize};

/// Where a prisoner is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrisonerStatus {
    /// In custody of [`State::location`].
    Held,
    /// Released to [`State::location`] (exile when that is not a country of
    /// citizenship).
    Released,
    /// Died in custody.
    Deceased,
    /// Never arrested in this run: a reserve member of a pool who may be arrested.
    AtLarge,
}

/// Relief in force on a sanction.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReliefState {
    /// Relief level in [0, 1]: 0 the sanction fully in force, 1 fully relieved.
    pub level: f64,
    /// The form of the relief in force, if any.
    pub kind: Option<ReliefKind>,
    /// Round at which a suspension lapses (`None`: no expiry).
    pub expires: Option<u32>,
    /// Frozen funds released so far.
    pub unfrozen: f64,
}

impl ReliefState {
    /// No relief.
    pub const NONE: ReliefState = ReliefState {
        level: 0.0,
        kind: None,
        expires: None,
        unfrozen: 0.0,
    };
}

/// Recognition one government grants another.
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum RecognitionLevel {
    /// None.
    #[default]
    None = 0,
    /// A phone call or a letter from the head of government.
    Call = 1,
    /// An envoy's visit (Kellogg in Minsk, June 2025).
    EnvoyVisit = 2,
    /// A reopened embassy.
    Embassy = 3,
}

impl RecognitionLevel {
    /// Numeric level 0..=3.
    pub fn value(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_u8(v: u8) -> Self {
        match v {
            0 => Self::None,
            1 => Self::Call,
            2 => Self::EnvoyVisit,
            _ => Self::Embassy,
        }
    }
}

/// The dynamic state of a world.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub(crate) status: Vec<PrisonerStatus>,
    pub(crate) location: Vec<GovernmentId>,
    pub(crate) relief: Vec<ReliefState>,
    pub(crate) recognition: RecognitionTable,
    /// Per favour: whether it has been given.
    pub(crate) favours: Vec<bool>,
    pub(crate) n_gov: usize,
    pub(crate) round: u32,
    pub(crate) counts: Counts,
}

/// How many prisoners are in each status.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counts {
    /// In custody.
    pub held: u32,
    /// Released.
    pub released: u32,
    /// Died in custody.
    pub deceased: u32,
    /// At large (reserve, never arrested in this run).
    pub at_large: u32,
}

impl Counts {
    pub(crate) fn slot(&mut self, s: PrisonerStatus) -> &mut u32 {
        match s {
            PrisonerStatus::Held => &mut self.held,
            PrisonerStatus::Released => &mut self.released,
            PrisonerStatus::Deceased => &mut self.deceased,
            PrisonerStatus::AtLarge => &mut self.at_large,
        }
    }
}

impl State {
    /// The starting state of `world`: prisoners in custody (reserve pool
    /// members at large), no relief, no recognition, round 0.
    pub fn initial(world: &World) -> Self {
        let mut counts = Counts::default();
        let mut status = Vec::with_capacity(world.prisoners().len());
        let mut location = Vec::with_capacity(world.prisoners().len());
        for p in world.prisoners() {
            let s = if p.starts_at_large {
                PrisonerStatus::AtLarge
            } else {
                PrisonerStatus::Held
            };
            *counts.slot(s) += 1;
            status.push(s);
            location.push(if p.starts_at_large {
                p.citizenships.first().copied().unwrap_or(p.custodian)
            } else {
                p.custodian
            });
        }
        let n_gov = world.governments().len();
        State {
            status,
            location,
            relief: vec![ReliefState::NONE; world.sanctions().len()],
            recognition: RecognitionTable::default(),
            favours: vec![false; world.favours().len()],
            n_gov,
            round: 0,
            counts,
        }
    }

    /// The current round (0-based).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// Moves the clock to `round`.
    pub fn set_round(&mut self, round: u32) {
        self.round = round;
    }

    /// Status of prisoner `p`.
    ///
    /// # Panics
    /// If `p` is not a prisoner of the world this state was made from.
    #[inline]
    pub fn status(&self, p: PrisonerId) -> PrisonerStatus {
        self.status[p.index()]
    }

    /// Where prisoner `p` is: the custodian while held, the destination once released.
    ///
    /// # Panics
    /// If `p` is not a prisoner of the world this state was made from.
    #[inline]
    pub fn location(&self, p: PrisonerId) -> GovernmentId {
        self.location[p.index()]
    }

    /// Whether `p` is in custody.
    #[inline]
    pub fn is_held(&self, p: PrisonerId) -> bool {
        self.status.get(p.index()) == Some(&PrisonerStatus::Held)
    }

    /// Relief in force on sanction `s`.
    ///
    /// # Panics
    /// If `s` is not a sanction of the world this state was made from.
    #[inline]
    pub fn relief(&self, s: SanctionId) -> ReliefState {
        self.relief[s.index()]
    }

    /// Recognition `from` grants `to`.
    pub fn recognition(&self, from: GovernmentId, to: GovernmentId) -> RecognitionLevel {
        match self.recognition_key(from, to) {
            Some(key) => RecognitionLevel::from_u8(self.recognition.get(key)),
            None => RecognitionLevel::None,
        }
    }

    /// The recognition table's key of `(from, to)`, `None` when either is
    /// not a government of this state's world.
    pub(crate) fn recognition_key(&self, from: GovernmentId, to: GovernmentId) -> Option<u64> {
        let (f, t) = (from.index(), to.index());
        (f < self.n_gov && t < self.n_gov).then(|| f as u64 * self.n_gov as u64 + t as u64)
    }

    /// Whether favour `f` has been given (`false` for an unknown id).
    pub fn favour_given(&self, f: FavourId) -> bool {
        self.favours.get(f.index()).copied().unwrap_or(false)
    }

    /// Prisoner counts by status.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Ids of prisoners in custody, in id order.
    pub fn held(&self) -> impl Iterator<Item = PrisonerId> + '_ {
        self.status
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == PrisonerStatus::Held)
            .map(|(i, _)| PrisonerId::new(i))
    }

    /// A 64-bit fingerprint of the whole state, stable across runs and
    /// platforms (for transposition tables and golden tests).
    pub fn fingerprint(&self) -> u64 {
        use crate::rng::splitmix;
        let mut h = splitmix(self.round as u64);
        for (i, (s, l)) in self.status.iter().zip(&self.location).enumerate() {
            h = splitmix(h ^ ((i as u64) << 32 | (*s as u64) << 24 | l.0 as u64));
        }
        for r in &self.relief {
            h = splitmix(h ^ r.level.to_bits());
            h = splitmix(h ^ r.unfrozen.to_bits() ^ (r.kind.map_or(9, |k| k as u64) << 56));
            h = splitmix(h ^ r.expires.map_or(u64::MAX, u64::from));
        }
        // Keys and levels exactly as the dense table's non-zero cells were
        // hashed, so fingerprints did not change with the sparse table.
        for (key, v) in self.recognition.iter() {
            h = splitmix(h ^ (key << 8 | v as u64));
        }
        // Only given favours are hashed, so fingerprints of worlds without
        // favours are what they were before favours existed.
        for (i, _) in self.favours.iter().enumerate().filter(|(_, given)| **given) {
            h = splitmix(h ^ (i as u64) << 16 ^ 0xfa);
        }
        h
    }

    // Low-level setters used by deals and by the negotiation engine's events;
    // each keeps `counts` in step with `status`.
    pub(crate) fn set_prisoner(&mut self, p: usize, s: PrisonerStatus, at: GovernmentId) {
        let old = self.status[p];
        *self.counts.slot(old) -= 1;
        *self.counts.slot(s) += 1;
        self.status[p] = s;
        self.location[p] = at;
    }
}
