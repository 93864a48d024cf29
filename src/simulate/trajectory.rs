//! The full record of one run, for inspection and tests: what each round
//! of talks agreed and what was carried out, every event, and the state of
//! the world after each round. Only recorded on request (it allocates).

use crate::deal::Deal;
use crate::model::{GovernmentId, PrisonerId, SanctionId, State};
use crate::rules::Violation;
use serde::{Deserialize, Serialize};

/// Why a prisoner left custody outside a deal.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseCause {
    /// The sentence ended.
    EndOfSentence,
    /// A unilateral pardon.
    Pardon,
    /// A medical release after a health crisis.
    Medical,
}

/// Something that happened between rounds of talks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A prisoner was freed without a deal.
    Freed {
        /// Who.
        prisoner: PrisonerId,
        /// Why.
        cause: ReleaseCause,
    },
    /// A prisoner died in custody.
    Died {
        /// Who.
        prisoner: PrisonerId,
    },
    /// Someone at large was arrested.
    Arrested {
        /// Who.
        prisoner: PrisonerId,
        /// By whom.
        by: GovernmentId,
    },
    /// A suspension lapsed: the sanction is back in force.
    Lapsed {
        /// The sanction.
        sanction: SanctionId,
    },
    /// A suspension was renewed.
    Renewed {
        /// The sanction.
        sanction: SanctionId,
    },
    /// Relief was reimposed (after a defection or an escalation).
    Snapback {
        /// The sanction.
        sanction: SanctionId,
    },
    /// A government escalated after an arrest spike.
    Escalation {
        /// Who escalated.
        by: GovernmentId,
        /// Against whom.
        against: GovernmentId,
        /// Arrests in the round that triggered it.
        arrests: u32,
    },
    /// A government changed; its valuations are now scaled by `scale`.
    GovernmentChange {
        /// The government.
        government: GovernmentId,
        /// New valuation factor.
        scale: f64,
    },
}

/// A deal agreed in talks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealRecord {
    /// The government that wanted prisoners.
    pub demander: GovernmentId,
    /// The government that held them.
    pub holder: GovernmentId,
    /// What was agreed, in words.
    pub description: String,
    /// The agreed deal.
    pub deal: Deal,
    /// Whether the agreed deal passed the rulebook (only deals that pass are
    /// carried out).
    pub passed: bool,
    /// The violations when it did not pass.
    pub violations: Vec<Violation>,
    /// The party that failed to deliver its part of a sequential deal.
    pub defector: Option<GovernmentId>,
    /// Prisoners actually freed.
    pub released: Vec<PrisonerId>,
    /// Each government's discounted payoff change from what was carried out
    /// (including snapback after a defection).
    pub delta: Vec<f64>,
    /// The state before the deal (for checking the record; not serialized).
    #[serde(skip)]
    pub before: Option<State>,
}

/// A multilateral package the mediator carried out
/// ([`crate::scenario::MediatorSettings`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageRecord {
    /// The governments taking part.
    pub parties: Vec<GovernmentId>,
    /// What was traded, in words.
    pub description: String,
    /// The deal.
    pub deal: Deal,
    /// Prisoners actually freed.
    pub released: Vec<PrisonerId>,
    /// Each government's discounted payoff change.
    pub delta: Vec<f64>,
    /// The participants' total payoff change, as the mediator computed it.
    pub surplus: f64,
    /// The state before the package (for checking the record; not serialized).
    #[serde(skip)]
    pub before: Option<State>,
}

/// One round of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundRecord {
    /// Round index (0-based).
    pub round: u32,
    /// Pairs that talked this round, as `(demander, holder)`.
    pub talks: Vec<(GovernmentId, GovernmentId)>,
    /// Deals agreed this round (passed or not).
    pub deals: Vec<DealRecord>,
    /// Packages the mediator carried out this round (after the talks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<PackageRecord>,
    /// Events after the talks, in the order they happened.
    pub events: Vec<Event>,
    /// Prisoners in custody at the end of the round.
    pub held: u32,
    /// Prisoners freed so far (all causes).
    pub released: u32,
    /// Prisoners who died in custody so far.
    pub deceased: u32,
    /// Prisoners arrested so far.
    pub arrested: u32,
    /// Relief level of each sanction at the end of the round.
    pub relief: Vec<f64>,
    /// Each government's discounted payoff so far.
    pub payoff: Vec<f64>,
    /// Trust of each negotiating pair at the end of the round.
    pub trust: Vec<f64>,
}

/// A whole run, round by round.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// Prisoners in custody at the start.
    pub initial_held: u32,
    /// The rounds.
    pub rounds: Vec<RoundRecord>,
}
