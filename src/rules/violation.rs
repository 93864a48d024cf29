//! Typed rule violations.

use crate::model::{
    FavourId, GovernmentId, PrisonerId, PrisonerStatus, ReliefKind, SanctionId, World,
};
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

/// Ids print as `g4`, `p0`, `s1`; [`Violation::describe`] names them.
impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Names(None))
    }
}

impl Violation {
    /// The violation in words, naming governments, prisoners and sanctions
    /// by their scenario codes and keys (ids the world does not have print
    /// as `g4`, `p0`, `s1`).
    ///
    /// ```
    /// use detente::deal::Deal;
    /// use detente::prelude::*;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = WorldBuilder::new("toy");
    /// let usa = b.government(GovernmentSpec::new("USA"))?;
    /// let blr = b.government(GovernmentSpec::new("BLR"))?;
    /// let p = b.prisoner(PrisonerSpec::new("znak", blr, blr))?;
    /// let world = b.build()?;
    /// let deal = Deal::new().release(usa, blr, p, usa); // USA does not hold him
    /// let rejected = Rulebook::standard()
    ///     .check(&world, &mut State::initial(&world), &deal, &mut UndoLog::new(), &mut Vec::new())
    ///     .unwrap_err();
    /// let v = rejected.violations.iter().find(|v| v.rule == "holder_releases").unwrap();
    /// assert_eq!(
    ///     v.describe(&world),
    ///     "rule `holder_releases` (concession 0): USA neither has custody of znak nor is their legal holder"
    /// );
    /// # Ok(()) }
    /// ```
    pub fn describe(&self, world: &World) -> String {
        struct Named<'a>(&'a Violation, &'a World);
        impl fmt::Display for Named<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write(f, Names(Some(self.1)))
            }
        }
        Named(self, world).to_string()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, names: Names<'_>) -> fmt::Result {
        write!(f, "rule `{}`", self.rule)?;
        if let Some(i) = self.concession {
            write!(f, " (concession {i})")?;
        }
        write!(f, ": ")?;
        self.kind.write(f, names)
    }
}

impl Rejected {
    /// Every violation in words, naming ids by the world's codes and keys
    /// ([`Violation::describe`]), joined by `; `.
    pub fn describe(&self, world: &World) -> String {
        let all: Vec<String> = self.violations.iter().map(|v| v.describe(world)).collect();
        format!("deal rejected: {}", all.join("; "))
    }
}

/// The snake_case name serde gives a unit enum value (`licence`, `released`).
fn snake<T: Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A sentence a user can read; ids print as `g4`, `p0`, `s1` (see
/// [`Violation::describe`] for the scenario's codes and keys).
impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Names(None))
    }
}

/// How ids are written: by the world's codes and keys when there is one,
/// else as `g4`, `p0`, `s1` (and for an id the world does not have).
#[derive(Clone, Copy)]
struct Names<'w>(Option<&'w World>);

impl Names<'_> {
    fn g(self, g: GovernmentId) -> String {
        self.0
            .and_then(|w| w.government(g))
            .map_or_else(|| g.to_string(), |x| x.code.clone())
    }
    fn p(self, p: PrisonerId) -> String {
        self.0
            .and_then(|w| w.prisoner(p))
            .map_or_else(|| p.to_string(), |x| x.key.clone())
    }
    fn s(self, s: SanctionId) -> String {
        self.0
            .and_then(|w| w.sanction(s))
            .map_or_else(|| s.to_string(), |x| x.key.clone())
    }
    fn favour(self, f: FavourId) -> String {
        self.0
            .and_then(|w| w.favour(f))
            .map_or_else(|| f.to_string(), |x| x.key.clone())
    }
    /// `a, b are` (or `a is` for one): prisoners with the verb that agrees
    /// (none when both verbs are empty).
    fn ps(self, list: &[PrisonerId], one: &str, many: &str) -> String {
        let joined = list
            .iter()
            .map(|&p| self.p(p))
            .collect::<Vec<_>>()
            .join(", ");
        let verb = if list.len() == 1 { one } else { many };
        if verb.is_empty() {
            joined
        } else {
            format!("{joined} {verb}")
        }
    }
}

impl ViolationKind {
    fn write(&self, f: &mut fmt::Formatter<'_>, n: Names<'_>) -> fmt::Result {
        use ViolationKind::*;
        match self {
            UnknownId { what, id } => write!(f, "there is no {what} with id {id}"),
            SelfConcession { government } => write!(f, "{} concedes to itself", n.g(*government)),
            NotHolder { prisoner, by } => {
                let (prisoner, by) = (n.p(*prisoner), n.g(*by));
                write!(
                    f,
                    "{by} neither has custody of {prisoner} nor is their legal holder"
                )
            }
            NotHeld { prisoner, status } => {
                let prisoner = n.p(*prisoner);
                write!(
                    f,
                    "{prisoner} is not in custody (status: {})",
                    snake(status)
                )
            }
            DuplicateRelease { prisoner } => {
                write!(f, "{} is released twice in one deal", n.p(*prisoner))
            }
            NotImposer { sanction, by } => {
                write!(f, "{} did not impose {}", n.g(*by), n.s(*sanction))
            }
            ReliefNotAllowed { sanction, kind } => {
                let sanction = n.s(*sanction);
                write!(f, "{sanction} does not allow relief by `{}`", snake(kind))
            }
            ReliefBeyondLevel { sanction, level } => write!(
                f,
                "relief on {} would not raise its relief level (already {level}), or the easing fraction is outside (0, 1]",
                n.s(*sanction)
            ),
            SuspensionTooLong {
                sanction,
                rounds,
                max,
            } => write!(
                f,
                "suspension of {} for {rounds} rounds, more than the {max} allowed",
                n.s(*sanction)
            ),
            NothingToReimpose { sanction } => {
                write!(
                    f,
                    "{} is fully in force: nothing to reimpose",
                    n.s(*sanction)
                )
            }
            FundsExceeded {
                sanction,
                amount,
                frozen,
            } => write!(
                f,
                "unfreezing {amount} under {}: the amount must be positive and at most the {frozen} still frozen",
                n.s(*sanction)
            ),
            MemberVeto {
                bloc,
                member,
                delta,
                reservation,
            } => write!(
                f,
                "{} vetoes relief by {}: its payoff change {delta} is below its reservation value {reservation}",
                n.g(*member),
                n.g(*bloc)
            ),
            OneSided { party } => write!(f, "{} gives nothing or receives nothing", n.g(*party)),
            NotRational {
                party,
                delta,
                reservation,
            } => write!(
                f,
                "{}'s payoff change {delta} is below its reservation value {reservation}",
                n.g(*party)
            ),
            DestinationRefuses {
                prisoner,
                destination,
            } => write!(
                f,
                "{} does not take {} into exile",
                n.g(*destination),
                n.p(*prisoner)
            ),
            NotThirdCountry {
                prisoner,
                destination,
            } => write!(
                f,
                "{} must be sent to a third country, not to {}",
                n.p(*prisoner),
                n.g(*destination)
            ),
            TooManyParties { count, max } => {
                write!(
                    f,
                    "{count} governments take part, more than the {max} allowed"
                )
            }
            MissingMustHave { by, prisoners } => write!(
                f,
                "{} takes part but its must-have {} not released",
                n.g(*by),
                n.ps(prisoners, "is", "are")
            ),
            SplitsTogether { released, left } => write!(
                f,
                "{} released without {}, who must go together",
                n.ps(released, "is", "are"),
                n.ps(left, "", "")
            ),
            CrossesRedLine { by, prisoner } => write!(
                f,
                "{} is released across a red line drawn by {}",
                n.p(*prisoner),
                n.g(*by)
            ),
            StagingNotAllowed { reason } => f.write_str(reason),
            FavourParties { favour, from, to } => write!(
                f,
                "{} gives {} favour {}, which is not theirs to give or receive",
                n.g(*from),
                n.g(*to),
                n.favour(*favour)
            ),
            FavourGiven { favour } => {
                write!(f, "favour {} has been given already", n.favour(*favour))
            }
            Custom { message } => f.write_str(message),
        }
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
