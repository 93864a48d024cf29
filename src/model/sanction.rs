//! Sanctions, the relief they allow and who may grant it.

use super::GovernmentId;
use serde::{Deserialize, Serialize};

/// Who can relieve a sanction.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Authority {
    /// The executive alone (US general licences under IEEPA).
    Executive,
    /// A legislature must approve; it does so with this probability when the
    /// relief is executed.
    Legislative {
        /// Probability in [0, 1] that the legislature approves.
        approval_probability: f64,
    },
    /// Every member of the imposing bloc must agree (EU Council decisions).
    Unanimity,
}

/// A form of relief. What each form is worth is a fraction of the full
/// relief value (see [`ReliefOption::value_fraction`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReliefKind {
    /// A general licence: new transactions allowed, the entity stays listed and
    /// frozen assets stay frozen (OFAC Belarus GL 11 for Belavia, GL 13 for potash).
    Licence,
    /// Removal from the list.
    Delist,
    /// A time-limited suspension that lapses unless renewed (the EU in 2015).
    Suspend,
    /// Partial easing by a fraction of the sanction.
    Ease,
    /// Release of frozen funds (possibly through a third-country escrow).
    Unfreeze,
}

/// One form of relief a sanction allows, and what it is worth.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct ReliefOption {
    /// The form.
    pub kind: ReliefKind,
    /// Relief level it brings, as a fraction of full relief in (0, 1]: a
    /// licence may be worth 0.6 of a delisting.
    pub value_fraction: f64,
    /// For suspensions: the longest suspension, in rounds.
    pub max_rounds: Option<u32>,
}

/// Why a list of relief forms cannot be a sanction's [`ReliefForms`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BadRelief {
    /// The same kind listed twice.
    #[error("relief form {0:?} listed twice")]
    Twice(ReliefKind),
    /// A value fraction outside (0, 1].
    #[error("relief form {kind:?}: value fraction {fraction} is not in (0, 1]")]
    Fraction {
        /// The form.
        kind: ReliefKind,
        /// The fraction given.
        fraction: f64,
    },
    /// A longest run on a form that is not a suspension.
    #[error("relief form {0:?} has max_rounds, which only a suspension takes")]
    MaxRounds(ReliefKind),
}

/// The forms of relief a sanction allows, at most one of each kind.
///
/// Kept inline and small (a value fraction per [`ReliefKind`], 0 for a
/// form not allowed, and a suspension's longest run) rather than as a list
/// on the heap: the simulator reads the relief of every sanction between
/// each negotiating pair while it sets up, and at 30,000 sanctions a
/// pointer to chase, or a cache line more, per sanction was a cache miss
/// per pair (BENCHMARKS.md, set-up). Iteration is in [`ReliefKind`] order,
/// whatever the order of the scenario.
///
/// ```
/// use detente::model::{BadRelief, ReliefForms, ReliefKind, ReliefOption};
/// let licence = ReliefOption { kind: ReliefKind::Licence, value_fraction: 0.6, max_rounds: None };
/// let delist = ReliefOption { kind: ReliefKind::Delist, value_fraction: 1.0, max_rounds: None };
/// let forms = ReliefForms::new([delist, licence]).unwrap();
/// assert_eq!(forms.get(ReliefKind::Licence), Some(licence));
/// assert_eq!(forms.get(ReliefKind::Ease), None);
/// assert_eq!(forms.iter().map(|o| o.kind).collect::<Vec<_>>(), [ReliefKind::Licence, ReliefKind::Delist]);
/// // What the forms could not hold is refused, never silently dropped.
/// assert_eq!(ReliefForms::new([delist, delist]), Err(BadRelief::Twice(ReliefKind::Delist)));
/// let lasting = ReliefOption { max_rounds: Some(4), ..licence };
/// assert_eq!(ReliefForms::new([lasting]), Err(BadRelief::MaxRounds(ReliefKind::Licence)));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReliefForms {
    /// Slot `kind as usize`: the form's value fraction, 0 when the form is
    /// not allowed.
    fractions: [f64; RELIEF_KINDS],
    /// The suspension's longest run, in rounds.
    suspend_rounds: Option<u32>,
}

/// How many kinds of relief there are, in [`ReliefKind`] order.
const RELIEF_KINDS: usize = 5;
const KINDS: [ReliefKind; RELIEF_KINDS] = [
    ReliefKind::Licence,
    ReliefKind::Delist,
    ReliefKind::Suspend,
    ReliefKind::Ease,
    ReliefKind::Unfreeze,
];

impl ReliefForms {
    /// The forms `options` lists, or why they cannot be one sanction's: a
    /// kind listed twice, a fraction outside (0, 1], or `max_rounds` on a
    /// form other than a suspension.
    pub fn new(options: impl IntoIterator<Item = ReliefOption>) -> Result<Self, BadRelief> {
        let mut forms = ReliefForms::default();
        for o in options {
            if !(o.value_fraction > 0.0 && o.value_fraction <= 1.0) {
                return Err(BadRelief::Fraction {
                    kind: o.kind,
                    fraction: o.value_fraction,
                });
            }
            if o.max_rounds.is_some() && o.kind != ReliefKind::Suspend {
                return Err(BadRelief::MaxRounds(o.kind));
            }
            let slot = &mut forms.fractions[o.kind as usize];
            if *slot > 0.0 {
                return Err(BadRelief::Twice(o.kind));
            }
            *slot = o.value_fraction;
            if o.kind == ReliefKind::Suspend {
                forms.suspend_rounds = o.max_rounds;
            }
        }
        Ok(forms)
    }

    /// The form of kind `kind`, if allowed.
    #[inline]
    pub fn get(&self, kind: ReliefKind) -> Option<ReliefOption> {
        let value_fraction = self.fractions[kind as usize];
        (value_fraction > 0.0).then(|| ReliefOption {
            kind,
            value_fraction,
            max_rounds: if kind == ReliefKind::Suspend {
                self.suspend_rounds
            } else {
                None
            },
        })
    }

    /// Every form allowed, in [`ReliefKind`] order.
    pub fn iter(&self) -> impl Iterator<Item = ReliefOption> + '_ {
        KINDS.iter().filter_map(|&k| self.get(k))
    }

    /// How many forms are allowed.
    pub fn len(&self) -> usize {
        self.fractions.iter().filter(|&&f| f > 0.0).count()
    }

    /// Whether no relief is allowed at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A sanction programme.
///
/// Laid out in declaration order, what the simulator's set-up reads of
/// each sanction first (ids, imposer, target, relief), so that it shares
/// one cache line (see [`ReliefForms`]).
#[derive(Clone, Debug, PartialEq)]
#[repr(C)]
pub struct Sanction {
    /// Dense id.
    pub id: super::SanctionId,
    /// The imposing government or bloc.
    pub imposer: GovernmentId,
    /// The target.
    pub target: GovernmentId,
    /// The forms of relief it allows.
    pub relief: ReliefForms,
    /// Funds frozen under it (for [`ReliefKind::Unfreeze`]).
    pub frozen_funds: f64,
    /// Cost per round to the target while fully in force.
    pub cost_to_target: f64,
    /// Cost per round to the imposer while fully in force.
    pub cost_to_imposer: f64,
    /// Who may relieve it.
    pub authority: Authority,
    /// Key from the scenario file.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Sector: `potash`, `aviation`, `finance`, `individuals`, ...
    pub sector: String,
}

impl Sanction {
    /// The option of the given kind, if this sanction allows it.
    pub fn relief_option(&self, kind: ReliefKind) -> Option<ReliefOption> {
        self.relief.get(kind)
    }
}
