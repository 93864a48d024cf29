//! Typed rule violations.

use crate::model::{GovernmentId, PrisonerId, PrisonerStatus, ReliefKind, SanctionId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong with a deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "violation", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ViolationKind {
    /// A concession names a government, prisoner or sanction that does not exist.
    UnknownId {
        /// Which kind of id.
        what: String,
        /// The id.
        id: u32,
    },
    /// A concession's giver and receiver are the same government.
    SelfConcession {
        /// The government.
        government: GovernmentId,
    },
    /// A release by a government that neither has custody nor is the legal holder.
    NotHolder {
        /// The prisoner.
        prisoner: PrisonerId,
        /// Who tried to release.
        by: GovernmentId,
    },
    /// A release of someone not in custody.
    NotHeld {
        /// The prisoner.
        prisoner: PrisonerId,
        /// Their status.
        status: PrisonerStatus,
    },
    /// The same prisoner released twice in one deal.
    DuplicateRelease {
        /// The prisoner.
        prisoner: PrisonerId,
    },
    /// Relief or reimposition by a government that did not impose the sanction.
    NotImposer {
        /// The sanction.
        sanction: SanctionId,
        /// Who tried.
        by: GovernmentId,
    },
    /// A form of relief the sanction does not allow.
    ReliefNotAllowed {
        /// The sanction.
        sanction: SanctionId,
        /// The form asked for.
        kind: ReliefKind,
    },
    /// Relief that would not raise the relief level (already relieved that far),
    /// or an easing fraction outside (0, 1].
    ReliefBeyondLevel {
        /// The sanction.
        sanction: SanctionId,
        /// Relief level in force.
        level: f64,
    },
    /// A suspension longer than the sanction allows.
    SuspensionTooLong {
        /// The sanction.
        sanction: SanctionId,
        /// Rounds asked for.
        rounds: u32,
        /// The most allowed.
        max: u32,
    },
    /// Reimposition of a sanction that is fully in force.
    NothingToReimpose {
        /// The sanction.
        sanction: SanctionId,
    },
    /// More funds unfrozen than remain frozen, or a non-positive amount.
    FundsExceeded {
        /// The sanction.
        sanction: SanctionId,
        /// Amount asked for.
        amount: f64,
        /// Amount still frozen.
        frozen: f64,
    },
    /// A member of a bloc vetoes relief that needs unanimity.
    MemberVeto {
        /// The bloc.
        bloc: GovernmentId,
        /// The member.
        member: GovernmentId,
        /// The member's payoff change.
        delta: f64,
        /// The member's reservation value.
        reservation: f64,
    },
    /// A party gives nothing or receives nothing.
    OneSided {
        /// The party.
        party: GovernmentId,
    },
    /// A party's payoff change is below its reservation value.
    NotRational {
        /// The party.
        party: GovernmentId,
        /// Its payoff change.
        delta: f64,
        /// Its reservation value.
        reservation: f64,
    },
    /// A release to a country that does not take the prisoner.
    DestinationRefuses {
        /// The prisoner.
        prisoner: PrisonerId,
        /// The destination.
        destination: GovernmentId,
    },
    /// A release into the custodian's own hands or country, where the rule
    /// requires exile to a third country.
    NotThirdCountry {
        /// The prisoner.
        prisoner: PrisonerId,
        /// The destination.
        destination: GovernmentId,
    },
    /// Too many governments in one deal.
    TooManyParties {
        /// Parties in the deal.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// The deal's staging is not allowed by the rulebook.
    StagingNotAllowed {
        /// Why.
        reason: String,
    },
    /// A rule added by the user.
    Custom {
        /// What the rule says is wrong.
        message: String,
    },
}

/// A violation: which rule, which concession (when one is to blame) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// The rule's name, as in the scenario file (`holder_releases`, ...).
    pub rule: String,
    /// Index of the offending concession in the deal, if one is to blame.
    pub concession: Option<usize>,
    /// What is wrong.
    pub kind: ViolationKind,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule `{}`", self.rule)?;
        if let Some(i) = self.concession {
            write!(f, " (concession {i})")?;
        }
        write!(f, ": {:?}", self.kind)
    }
}

/// A deal the rulebook refused, with every violation found.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("deal rejected: {}", .violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("; "))]
pub struct Rejected {
    /// All violations, in rule order then concession order.
    pub violations: Vec<Violation>,
}

impl Rejected {
    /// Whether any violation comes from the rule named `rule`.
    pub fn violates(&self, rule: &str) -> bool {
        self.violations.iter().any(|v| v.rule == rule)
    }
}
