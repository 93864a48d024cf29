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
    pub relief: Vec<ReliefOption>,
    /// Funds frozen under it (for [`ReliefKind::Unfreeze`]).
    pub frozen_funds: f64,
}

impl Sanction {
    /// The option of the given kind, if this sanction allows it.
    pub fn relief_option(&self, kind: ReliefKind) -> Option<&ReliefOption> {
        self.relief.iter().find(|r| r.kind == kind)
    }
}
