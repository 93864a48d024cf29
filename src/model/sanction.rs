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
#[derive(Clone, Debug, PartialEq)]
pub struct ReliefOption {
    /// The form.
    pub kind: ReliefKind,
    /// Relief level it brings, as a fraction of full relief in (0, 1]: a
    /// licence may be worth 0.6 of a delisting.
    pub value_fraction: f64,
    /// For suspensions: the longest suspension, in rounds.
    pub max_rounds: Option<u32>,
}

/// The forms of relief a sanction allows, at most one of each kind.
///
/// Kept inline, one slot per [`ReliefKind`], rather than as a list on the
/// heap: the simulator reads the relief of every sanction between each
/// negotiating pair while it sets up, and at 30,000 sanctions a pointer to
/// chase per sanction was a cache miss per pair (BENCHMARKS.md, set-up).
/// Iteration is in [`ReliefKind`] order, whatever the order of the scenario.
///
/// ```
/// use detente::model::{ReliefForms, ReliefKind, ReliefOption};
/// let licence = ReliefOption { kind: ReliefKind::Licence, value_fraction: 0.6, max_rounds: None };
/// let delist = ReliefOption { kind: ReliefKind::Delist, value_fraction: 1.0, max_rounds: None };
/// let forms = ReliefForms::new([delist.clone(), licence.clone()]).unwrap();
/// assert_eq!(forms.get(ReliefKind::Licence), Some(&licence));
/// assert_eq!(forms.get(ReliefKind::Ease), None);
/// assert_eq!(forms.iter().map(|o| o.kind).collect::<Vec<_>>(), [ReliefKind::Licence, ReliefKind::Delist]);
/// // A kind listed twice is refused, never silently dropped.
/// assert_eq!(ReliefForms::new([delist.clone(), delist]), Err(ReliefKind::Delist));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReliefForms {
    /// Slot `kind as usize`.
    slots: [Option<ReliefOption>; RELIEF_KINDS],
}

/// How many kinds of relief there are.
const RELIEF_KINDS: usize = 5;

impl ReliefForms {
    /// The forms `options` lists, or the first kind listed twice.
    pub fn new(options: impl IntoIterator<Item = ReliefOption>) -> Result<Self, ReliefKind> {
        let mut forms = ReliefForms::default();
        for option in options {
            let slot = &mut forms.slots[option.kind as usize];
            if slot.is_some() {
                return Err(option.kind);
            }
            *slot = Some(option);
        }
        Ok(forms)
    }

    /// The form of kind `kind`, if allowed.
    #[inline]
    pub fn get(&self, kind: ReliefKind) -> Option<&ReliefOption> {
        self.slots[kind as usize].as_ref()
    }

    /// Every form allowed, in [`ReliefKind`] order.
    pub fn iter(&self) -> impl Iterator<Item = &ReliefOption> {
        self.into_iter()
    }

    /// How many forms are allowed.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no relief is allowed at all.
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }
}

impl<'a> IntoIterator for &'a ReliefForms {
    type Item = &'a ReliefOption;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Option<ReliefOption>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.slots.iter().flatten()
    }
}

/// A sanction programme.
#[derive(Clone, Debug, PartialEq)]
pub struct Sanction {
    /// Dense id.
    pub id: super::SanctionId,
    /// Key from the scenario file.
    pub key: String,
    /// Display name.
    pub name: String,
    /// The imposing government or bloc.
    pub imposer: GovernmentId,
    /// The target.
    pub target: GovernmentId,
    /// Sector: `potash`, `aviation`, `finance`, `individuals`, ...
    pub sector: String,
    /// Cost per round to the target while fully in force.
    pub cost_to_target: f64,
    /// Cost per round to the imposer while fully in force.
    pub cost_to_imposer: f64,
    /// Who may relieve it.
    pub authority: Authority,
    /// The forms of relief it allows.
    pub relief: ReliefForms,
    /// Funds frozen under it (for [`ReliefKind::Unfreeze`]).
    pub frozen_funds: f64,
}

impl Sanction {
    /// The option of the given kind, if this sanction allows it.
    pub fn relief_option(&self, kind: ReliefKind) -> Option<&ReliefOption> {
        self.relief.get(kind)
    }
}
