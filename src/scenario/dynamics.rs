//! The optional `dynamics` section of a scenario: what happens between
//! rounds (arrests, end of sentences, health, pardons, defection and
//! trust, lapsing suspensions, escalation, changes of government) and how
//! governments negotiate. The simulation layer ([`crate::simulate`]) reads
//! it; every number is checked here, with its JSON path.

use super::error::{Errors, unknown_id};
use super::ladder::{Episodes, Gesture, GestureKind, Ladder};
use super::mediator::MediatorSettings;
use super::schema::{Scenario, is_default, is_one, is_yes, one, yes};
use crate::deal::DealMenu;
use crate::model::GovernmentKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `dynamics`: events between rounds and negotiation settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dynamics {
    /// Default number of rounds of a run (default 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<u32>,
    /// Per holder: new arrests, their response to the price paid in past
    /// deals, and unilateral pardons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holders: Vec<HolderDynamics>,
    /// Whether prisoners with a `sentence_rounds` are freed when it ends:
    /// with probability `1 / sentence_rounds` per round (a geometric time
    /// left with that mean). Default true.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub end_of_sentence: bool,
    /// Health crises (each prisoner's `health_hazard` per round).
    #[serde(default, skip_serializing_if = "is_default")]
    pub health: HealthDynamics,
    /// Defection from sequential deals, trust and snapback.
    #[serde(default, skip_serializing_if = "is_default")]
    pub defection: DefectionDynamics,
    /// Suspensions: renewal when they lapse.
    #[serde(default, skip_serializing_if = "is_default")]
    pub suspensions: SuspensionDynamics,
    /// Escalation after an arrest spike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalation: Vec<EscalationEntry>,
    /// Changes of government that change valuations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub government_changes: Vec<GovernmentChange>,
    /// How governments negotiate.
    #[serde(default, skip_serializing_if = "is_default")]
    pub negotiation: NegotiationSettings,
    /// A mediator offering multilateral packages between the pairs' talks
    /// (none by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediator: Option<MediatorSettings>,
    /// Unilateral moves that build a pair's standing (see
    /// [`Ladder`]); none by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gestures: Vec<Gesture>,
    /// Why the numbers are what they are; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `dynamics.holders[]`: one holding government's arrests and pardons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderDynamics {
    /// The holding government (a state).
    pub id: String,
    /// Expected new arrests per round before any deal (Poisson), drawn
    /// from the reserve of its pools (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub arrest_rate: f64,
    /// Moral hazard ("revolving door"): the arrest rate is multiplied by
    /// `1 + elasticity * min(price / reference_price, 1)`, where `price` is
    /// what the holder has received per prisoner released in deals so far:
    /// arrests rise with the price up to `elasticity` more (0.75 = 75% more)
    /// and stay there for higher prices. 0 turns the feedback off (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub elasticity: f64,
    /// The price per prisoner (in value units the holder receives) from
    /// which the arrest rate is `1 + elasticity` times the base (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub reference_price: f64,
    /// Probability per round that a held prisoner is pardoned without a
    /// deal (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub pardon_rate: f64,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `dynamics.health`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthDynamics {
    /// Share of health crises that end in a medical release rather than a
    /// death in custody, in [0, 1] (default 0: every crisis is a death).
    #[serde(default, skip_serializing_if = "is_default")]
    pub medical_release_share: f64,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// `dynamics.defection`: in a sequential deal the second mover fails to
/// deliver with probability `probability * (1 - trust)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefectionDynamics {
    /// Defection probability at zero trust, in [0, 1] (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub probability: f64,
    /// Trust between each pair at the start, in [0, 1] (default 0.5).
    #[serde(default = "half", skip_serializing_if = "is_half")]
    pub initial_trust: f64,
    /// After a deal carried out in full, trust moves this share of the way
    /// to 1, in [0, 1] (default 0.2).
    #[serde(default = "fifth", skip_serializing_if = "is_fifth")]
    pub trust_gain: f64,
    /// After a defection, trust loses this share of itself, in [0, 1]
    /// (default 0.5).
    #[serde(default = "half", skip_serializing_if = "is_half")]
    pub trust_loss: f64,
    /// Whether relief given to a holder who then fails to release is
    /// reimposed at once (default true).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub snapback: bool,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn half() -> f64 {
    0.5
}
fn is_half(x: &f64) -> bool {
    *x == 0.5
}
fn fifth() -> f64 {
    0.2
}
fn is_fifth(x: &f64) -> bool {
    *x == 0.2
}

impl Default for DefectionDynamics {
    fn default() -> Self {
        Self {
            probability: 0.0,
            initial_trust: 0.5,
            trust_gain: 0.2,
            trust_loss: 0.5,
            snapback: true,
            note: String::new(),
        }
    }
}

/// `dynamics.suspensions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspensionDynamics {
    /// Probability that a suspension is renewed (for as long again) when it
    /// would lapse, in [0, 1] (default 0: suspensions lapse).
    #[serde(default, skip_serializing_if = "is_default")]
    pub renewal_probability: f64,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// `dynamics.escalation[]`: after a round in which `against` arrests at
/// least `spike` times its base arrest rate, `by` escalates with
/// `probability`: it reimposes relief it gave `against` and imposes the
/// listed dormant sanctions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationEntry {
    /// The escalating government or bloc.
    pub by: String,
    /// The holder whose arrests trigger it.
    pub against: String,
    /// Trigger: arrests in a round at least this multiple of the base
    /// arrest rate (default 1.5).
    #[serde(default = "one_and_half")]
    pub spike: f64,
    /// Probability of escalating after a spike, in [0, 1] (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub probability: f64,
    /// Reimpose relief in force that `by` gave `against` (default true).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub snapback: bool,
    /// Keys of sanctions by `by` on `against` that start dormant (fully
    /// relieved) and come into force on escalation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanctions: Vec<String>,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn one_and_half() -> f64 {
    1.5
}

/// `dynamics.government_changes[]`: with `probability` per round the
/// government changes, and the new one values everything it valued times a
/// factor drawn uniformly from `scale`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernmentChange {
    /// The government.
    pub government: String,
    /// Probability per round, in [0, 1].
    pub probability: f64,
    /// `[low, high]` range of the new valuation factor, `0 <= low <= high`
    /// (default `[0.5, 1.5]`).
    #[serde(default = "default_scale")]
    pub scale: [f64; 2],
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn default_scale() -> [f64; 2] {
    [0.5, 1.5]
}

/// A strategy named in a scenario file: `"boulware"`, `"linear"`,
/// `"conceder"`, `"hardliner"`, `"tit_for_tat"`, `"frequency"`, `"lookahead"`, or
/// `{"time_based": {"exponent": 2.0}}`, `{"random": {"p_accept": 0.2}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StrategySpec {
    /// Time-dependent, exponent 4: holds out, concedes near the horizon.
    #[default]
    Boulware,
    /// Time-dependent, exponent 1.
    Linear,
    /// Time-dependent, exponent 0.25: concedes early.
    Conceder,
    /// Never concedes.
    Hardliner,
    /// Time-dependent with a given exponent.
    TimeBased {
        /// Concession exponent (> 0; `e > 1` Boulware, `e < 1` conceder).
        exponent: f64,
    },
    /// Concedes as much as the other side conceded.
    TitForTat,
    /// Random offers, accepting a rational offer with `p_accept`.
    Random {
        /// Probability of accepting a rational offer, in [0, 1].
        p_accept: f64,
    },
    /// Boulware that models the opponent from the frequency of its offers.
    Frequency,
    /// Plans each move by solving the rest of the session as a game with the
    /// explorer ([`Lookahead`](crate::negotiate::Lookahead), defaults).
    Lookahead,
}

/// How agreed deals are carried out.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StagingChoice {
    /// At a venue when some government mediates for both parties,
    /// otherwise in sequence with the first mover the rulebook's
    /// `sequencing` rule asks for (the holder when it names none).
    #[default]
    Auto,
    /// All at once (mediated): nobody can defect.
    Mediated,
    /// The holder releases first; the demander may defect.
    HolderFirst,
    /// The demander gives first; the holder may defect.
    DemanderFirst,
}

/// `dynamics.negotiation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegotiationSettings {
    /// Strategy per government id (default for others: `default_strategy`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strategies: BTreeMap<String, StrategySpec>,
    /// Strategy of governments not listed (default boulware).
    #[serde(default, skip_serializing_if = "is_default")]
    pub default_strategy: StrategySpec,
    /// Probability that a pair with something to trade talks in a round, in
    /// [0, 1] (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub talks_probability: f64,
    /// Alternating-offers steps per round of talks (each side acts once
    /// per step; default 2). Time-based strategies concede over the whole
    /// horizon: their clock runs across rounds.
    #[serde(default = "two", skip_serializing_if = "is_two")]
    pub steps_per_round: u32,
    /// How deals are carried out (default auto).
    #[serde(default, skip_serializing_if = "is_default")]
    pub staging: StagingChoice,
    /// The deals on offer (batch sizes, relief forms, suspension rounds,
    /// easing fraction, recognition steps), written as fields of
    /// `negotiation` itself.
    #[serde(flatten)]
    pub menu: DealMenu,
    /// Whether each side sees the other's utilities (default false).
    #[serde(default, skip_serializing_if = "is_default")]
    pub public_utilities: bool,
    /// Talks in episodes with their own deadline (default: one clock over
    /// the whole horizon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episodes: Option<Episodes>,
    /// A cap on each concession that grows with the pair's standing
    /// (default: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ladder: Option<Ladder>,
    /// Why the numbers are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn two() -> u32 {
    2
}
fn is_two(x: &u32) -> bool {
    *x == 2
}

impl Default for NegotiationSettings {
    fn default() -> Self {
        Self {
            strategies: BTreeMap::new(),
            default_strategy: StrategySpec::default(),
            talks_probability: 1.0,
            steps_per_round: 2,
            staging: StagingChoice::Auto,
            menu: DealMenu::default(),
            public_utilities: false,
            episodes: None,
            ladder: None,
            note: String::new(),
        }
    }
}

/// Checks a probability, rate or factor and reports it at `path`.
fn check(errors: &mut Errors, path: String, x: f64, ok: bool, what: &str) {
    if !x.is_finite() || !ok {
        errors.push(path, format!("expected {what}, found {x}"));
    }
}

fn probability(errors: &mut Errors, path: String, x: f64) {
    check(
        errors,
        path,
        x,
        (0.0..=1.0).contains(&x),
        "a probability in [0, 1]",
    );
}

impl Dynamics {
    /// Every mistake in the section, with its JSON path.
    pub(crate) fn validate(&self, s: &Scenario, errors: &mut Errors) {
        let govs: BTreeMap<&str, GovernmentKind> = s
            .governments
            .iter()
            .map(|g| (g.id.as_str(), g.kind))
            .collect();
        let gov = |errors: &mut Errors, path: String, code: &str, state: bool| match govs.get(code)
        {
            None => errors.push(
                path,
                unknown_id(
                    "government",
                    code,
                    s.governments.iter().map(|g| g.id.as_str()),
                    "$.governments",
                ),
            ),
            Some(GovernmentKind::Bloc) if state => errors.push(
                path,
                format!("`{code}` is a bloc; a holder of prisoners must be a state"),
            ),
            Some(_) => {}
        };
        let p = "$.dynamics";
        if self.rounds == Some(0) {
            errors.push(format!("{p}.rounds"), "expected at least 1 round");
        }
        let sources: Vec<&str> = s.sources.iter().map(|x| x.id.as_str()).collect();
        for (j, r) in self.sources.iter().enumerate() {
            if !sources.contains(&r.as_str()) {
                errors.push(
                    format!("{p}.sources[{j}]"),
                    unknown_id("source", r, sources.iter().copied(), "$.sources"),
                );
            }
        }
        let mut seen = Vec::new();
        for (i, h) in self.holders.iter().enumerate() {
            let hp = format!("{p}.holders[{i}]");
            gov(errors, format!("{hp}.id"), &h.id, true);
            if seen.contains(&h.id.as_str()) {
                errors.push(
                    format!("{hp}.id"),
                    format!("holder `{}` listed twice", h.id),
                );
            }
            seen.push(&h.id);
            check(
                errors,
                format!("{hp}.arrest_rate"),
                h.arrest_rate,
                (0.0..=1e9).contains(&h.arrest_rate),
                "a mean number of arrests per round from 0 to 1e9",
            );
            check(
                errors,
                format!("{hp}.elasticity"),
                h.elasticity,
                (0.0..=1e6).contains(&h.elasticity),
                "an elasticity from 0 to 1e6",
            );
            check(
                errors,
                format!("{hp}.reference_price"),
                h.reference_price,
                h.reference_price > 0.0 && h.reference_price <= 1e15,
                "a price above 0",
            );
            probability(errors, format!("{hp}.pardon_rate"), h.pardon_rate);
            for (j, r) in h.sources.iter().enumerate() {
                if !sources.contains(&r.as_str()) {
                    errors.push(
                        format!("{hp}.sources[{j}]"),
                        unknown_id("source", r, sources.iter().copied(), "$.sources"),
                    );
                }
            }
        }
        probability(
            errors,
            format!("{p}.health.medical_release_share"),
            self.health.medical_release_share,
        );
        let d = &self.defection;
        let dp = format!("{p}.defection");
        probability(errors, format!("{dp}.probability"), d.probability);
        probability(errors, format!("{dp}.initial_trust"), d.initial_trust);
        probability(errors, format!("{dp}.trust_gain"), d.trust_gain);
        probability(errors, format!("{dp}.trust_loss"), d.trust_loss);
        probability(
            errors,
            format!("{p}.suspensions.renewal_probability"),
            self.suspensions.renewal_probability,
        );
        for (i, e) in self.escalation.iter().enumerate() {
            let ep = format!("{p}.escalation[{i}]");
            gov(errors, format!("{ep}.by"), &e.by, false);
            gov(errors, format!("{ep}.against"), &e.against, true);
            check(
                errors,
                format!("{ep}.spike"),
                e.spike,
                e.spike > 0.0 && e.spike <= 1e9,
                "a multiple of the base arrest rate above 0",
            );
            probability(errors, format!("{ep}.probability"), e.probability);
            if !self.holders.iter().any(|h| h.id == e.against) {
                errors.push(
                    format!("{ep}.against"),
                    format!(
                        "`{}` has no entry in $.dynamics.holders, so it has no arrest rate to spike",
                        e.against
                    ),
                );
            }
            for (j, key) in e.sanctions.iter().enumerate() {
                match s.sanctions.iter().find(|x| &x.id == key) {
                    None => errors.push(
                        format!("{ep}.sanctions[{j}]"),
                        unknown_id(
                            "sanction",
                            key,
                            s.sanctions.iter().map(|x| x.id.as_str()),
                            "$.sanctions",
                        ),
                    ),
                    Some(x) if x.imposer != e.by || x.target != e.against => errors.push(
                        format!("{ep}.sanctions[{j}]"),
                        format!(
                            "sanction `{key}` is imposed by `{}` on `{}`, not by `{}` on `{}`",
                            x.imposer, x.target, e.by, e.against
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        for (i, c) in self.government_changes.iter().enumerate() {
            let cp = format!("{p}.government_changes[{i}]");
            gov(errors, format!("{cp}.government"), &c.government, false);
            probability(errors, format!("{cp}.probability"), c.probability);
            let [lo, hi] = c.scale;
            let ok = lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi && hi <= 1e6;
            if !ok {
                errors.push(
                    format!("{cp}.scale"),
                    format!(
                        "expected [low, high] with 0 <= low <= high <= 1e6, found [{lo}, {hi}]"
                    ),
                );
            }
        }
        if let Some(m) = &self.mediator {
            m.validate(errors, &format!("{p}.mediator"));
        }
        for (i, g) in self.gestures.iter().enumerate() {
            let gp = format!("{p}.gestures[{i}]");
            let holder_moves = g.kind == GestureKind::Release;
            gov(errors, format!("{gp}.by"), &g.by, holder_moves);
            gov(errors, format!("{gp}.to"), &g.to, !holder_moves);
            g.validate(errors, &gp);
        }
        let n = &self.negotiation;
        let np = format!("{p}.negotiation");
        if let Some(e) = &n.episodes {
            e.validate(errors, &format!("{np}.episodes"));
        }
        if let Some(l) = &n.ladder {
            l.validate(errors, &format!("{np}.ladder"));
        }
        for (code, spec) in &n.strategies {
            gov(errors, format!("{np}.strategies.{code}"), code, false);
            spec.validate(errors, format!("{np}.strategies.{code}"));
        }
        n.default_strategy
            .validate(errors, format!("{np}.default_strategy"));
        probability(
            errors,
            format!("{np}.talks_probability"),
            n.talks_probability,
        );
        if n.steps_per_round == 0 || n.steps_per_round > 1000 {
            errors.push(
                format!("{np}.steps_per_round"),
                format!(
                    "expected 1 to 1000 steps per round, found {}",
                    n.steps_per_round
                ),
            );
        }
        if n.menu.batches.is_empty() || n.menu.batches.len() > 16 {
            errors.push(format!("{np}.batches"), "expected 1 to 16 batch sizes");
        }
        for (j, &b) in n.menu.batches.iter().enumerate() {
            if b == 0 {
                errors.push(
                    format!("{np}.batches[{j}]"),
                    "expected a batch of at least 1 prisoner",
                );
            }
        }
        check(
            errors,
            format!("{np}.ease_fraction"),
            n.menu.ease_fraction,
            n.menu.ease_fraction > 0.0 && n.menu.ease_fraction <= 1.0,
            "an easing fraction in (0, 1]",
        );
        if n.menu.suspend_rounds == 0 {
            errors.push(
                format!("{np}.suspend_rounds"),
                "expected a suspension of at least 1 round",
            );
        }
        if n.menu.recognition_steps > 3 {
            errors.push(
                format!("{np}.recognition_steps"),
                format!(
                    "expected 0 to 3 recognition steps, found {}",
                    n.menu.recognition_steps
                ),
            );
        }
    }
}

impl StrategySpec {
    fn validate(&self, errors: &mut Errors, path: String) {
        match *self {
            StrategySpec::TimeBased { exponent } => check(
                errors,
                format!("{path}.time_based.exponent"),
                exponent,
                exponent > 0.0,
                "an exponent above 0",
            ),
            StrategySpec::Random { p_accept } => {
                probability(errors, format!("{path}.random.p_accept"), p_accept)
            }
            _ => {}
        }
    }
}
