//! Typed rule violations.

use crate::model::{FavourId, GovernmentId, PrisonerId, PrisonerStatus, ReliefKind, SanctionId};
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
    /// A deal `by` takes part in leaves one of its must-haves in custody
    /// ([`Demand::MustHave`](crate::model::Demand::MustHave)).
    MissingMustHave {
        /// The government that demands them.
        by: GovernmentId,
        /// Its must-haves still held and not released by the deal, in id order.
        prisoners: Vec<PrisonerId>,
    },
    /// A deal releases part of a together-group and leaves the rest in
    /// custody ([`Demand::Together`](crate::model::Demand::Together)).
    SplitsTogether {
        /// The group's members the deal releases, in id order.
        released: Vec<PrisonerId>,
        /// The members it leaves in custody, in id order.
        left: Vec<PrisonerId>,
    },
    /// A deal releases a prisoner behind a red line
    /// ([`Demand::RedLine`](crate::model::Demand::RedLine)).
    CrossesRedLine {
        /// The government that drew the line.
        by: GovernmentId,
        /// The prisoner.
        prisoner: PrisonerId,
    },
    /// A favour given by a government other than its giver, or to one other
    /// than its receiver.
    FavourParties {
        /// The favour.
        favour: FavourId,
        /// Who gives it in the deal.
        from: GovernmentId,
        /// To whom.
        to: GovernmentId,
    },
    /// A favour given already, or twice in one deal.
    FavourGiven {
        /// The favour.
        favour: FavourId,
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
        write!(f, ": {}", self.kind)
    }
}

/// The snake_case name serde gives a unit enum value (`licence`, `released`).
fn snake<T: Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A sentence a user can read; ids print as `g4`, `p0`, `s1`.
impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ViolationKind::*;
        match self {
            UnknownId { what, id } => write!(f, "there is no {what} with id {id}"),
            SelfConcession { government } => write!(f, "{government} concedes to itself"),
            NotHolder { prisoner, by } => {
                write!(
                    f,
                    "{by} neither has custody of {prisoner} nor is their legal holder"
                )
            }
            NotHeld { prisoner, status } => {
                write!(
                    f,
                    "{prisoner} is not in custody (status: {})",
                    snake(status)
                )
            }
            DuplicateRelease { prisoner } => write!(f, "{prisoner} is released twice in one deal"),
            NotImposer { sanction, by } => write!(f, "{by} did not impose {sanction}"),
            ReliefNotAllowed { sanction, kind } => {
                write!(f, "{sanction} does not allow relief by `{}`", snake(kind))
            }
            ReliefBeyondLevel { sanction, level } => write!(
                f,
                "relief on {sanction} would not raise its relief level (already {level}), or the easing fraction is outside (0, 1]"
            ),
            SuspensionTooLong {
                sanction,
                rounds,
                max,
            } => write!(
                f,
                "suspension of {sanction} for {rounds} rounds, more than the {max} allowed"
            ),
            NothingToReimpose { sanction } => {
                write!(f, "{sanction} is fully in force: nothing to reimpose")
            }
            FundsExceeded {
                sanction,
                amount,
                frozen,
            } => write!(
                f,
                "unfreezing {amount} under {sanction}: the amount must be positive and at most the {frozen} still frozen"
            ),
            MemberVeto {
                bloc,
                member,
                delta,
                reservation,
            } => write!(
                f,
                "{member} vetoes relief by {bloc}: its payoff change {delta} is below its reservation value {reservation}"
            ),
            OneSided { party } => write!(f, "{party} gives nothing or receives nothing"),
            NotRational {
                party,
                delta,
                reservation,
            } => write!(
                f,
                "{party}'s payoff change {delta} is below its reservation value {reservation}"
            ),
            DestinationRefuses {
                prisoner,
                destination,
            } => write!(f, "{destination} does not take {prisoner} into exile"),
            NotThirdCountry {
                prisoner,
                destination,
            } => write!(
                f,
                "{prisoner} must be sent to a third country, not to {destination}"
            ),
            TooManyParties { count, max } => {
                write!(
                    f,
                    "{count} governments take part, more than the {max} allowed"
                )
            }
            MissingMustHave { by, prisoners } => write!(
                f,
                "{by} takes part but its must-have {} not released",
                ids(prisoners, "is", "are")
            ),
            SplitsTogether { released, left } => write!(
                f,
                "{} released without {}, who must go together",
                ids(released, "is", "are"),
                ids(left, "", "")
            ),
            CrossesRedLine { by, prisoner } => {
                write!(f, "{prisoner} is released across a red line drawn by {by}")
            }
            StagingNotAllowed { reason } => f.write_str(reason),
            FavourParties { favour, from, to } => write!(
                f,
                "{from} gives {to} favour {favour}, which is not theirs to give or receive"
            ),
            FavourGiven { favour } => write!(f, "favour {favour} has been given already"),
            Custom { message } => f.write_str(message),
        }
    }
}

/// `p1, p4 are` (or `p1 is` for one id): a list of ids with the verb
/// that agrees with it (none when both verbs are empty).
fn ids(list: &[PrisonerId], one: &str, many: &str) -> String {
    let joined = list
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let verb = if list.len() == 1 { one } else { many };
    if verb.is_empty() {
        joined
    } else {
        format!("{joined} {verb}")
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
