//! The scenario file format (JSON or TOML, same schema).
//!
//! Every struct refuses unknown fields, so a typo is an error, never a
//! silently ignored setting. Numbers that users rarely set have defaults,
//! documented on each field.

use crate::model::{Authority, ReliefKind};
use crate::rules::Rule;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// Serde defaults and skip tests, shared with the `dynamics` section.
pub(super) fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}
pub(super) fn one() -> f64 {
    1.0
}
pub(super) fn is_one(x: &f64) -> bool {
    *x == 1.0
}
pub(super) fn yes() -> bool {
    true
}
pub(super) fn is_yes(b: &bool) -> bool {
    *b
}
fn standard_rules() -> Vec<Rule> {
    Rule::all()
}

/// A map that refuses a key given twice. JSON allows repeated keys and a
/// plain map keeps the last silently, so `{"USA": 1.5, "USA": 15}` would
/// quietly change a value.
fn unique_keys<'de, D>(d: D) -> Result<BTreeMap<String, f64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = BTreeMap<String, f64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map from government ids to numbers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = m.next_entry::<String, f64>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!("duplicate key `{k}`")));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name.
    pub name: String,
    /// What the scenario is about.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What one round stands for (`"month"`), for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// Sources the numbers come from, referred to by id in `sources` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Governments and blocs.
    pub governments: Vec<GovernmentEntry>,
    /// Named prisoners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prisoners: Vec<PrisonerEntry>,
    /// Pools of anonymous prisoners, expanded at load time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<PoolEntry>,
    /// Families: named prisoners who leave as one unit with their
    /// dependants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub families: Vec<super::FamilyEntry>,
    /// Dependants: people who are never traded but leave with a family.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependants: Vec<super::DependantEntry>,
    /// Sanctions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanctions: Vec<SanctionEntry>,
    /// Valuations by selector (tags, recognition, funds, or any single entity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub valuations: Vec<ValuationEntry>,
    /// Hard demands: must-haves, together-groups and red lines
    /// (see [`DemandEntry`](super::DemandEntry)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demands: Vec<super::DemandEntry>,
    /// Alliance weights: who gains from whose material gains (see
    /// [`Alliances`](crate::model::Alliances)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alliances: Vec<AllianceEntry>,
    /// Favours: considerations one government can give another once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub favours: Vec<FavourEntry>,
    /// The exchange rules (default: every built-in rule with default settings).
    #[serde(default = "standard_rules")]
    pub rules: Vec<Rule>,
    /// Events between rounds and negotiation settings for simulations
    /// (see [`Dynamics`](super::Dynamics)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamics: Option<super::Dynamics>,
    /// The real record this scenario reproduces, for comparisons (see
    /// [`RecordRef`](super::RecordRef)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<super::RecordRef>,
    /// What a simulation-based calibration fits and against which record
    /// (see [`Calibration`](super::Calibration)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<super::Calibration>,
}

/// A source: where numbers come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id used in `sources` fields.
    pub id: String,
    /// What it is (publisher, title, date).
    pub title: String,
    /// Where it was read, if public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `governments[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernmentEntry {
    /// Short code such as `USA`, unique.
    pub id: String,
    /// Display name (default: the id).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `state` (default) or `bloc`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: crate::model::GovernmentKind,
    /// Members, for a bloc (ids of states).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Discount factor per round, in (0, 1] (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub discount: f64,
    /// Domestic audience cost of each concession it makes (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub audience_cost: f64,
    /// Least acceptable payoff change from a deal (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub reservation: f64,
    /// Whether it takes in exiles (default true).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub accepts_exiles: bool,
    /// Governments it mediates for or hosts exchanges with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mediates: Vec<String>,
    /// Why the numbers are what they are; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

macro_rules! person_entry {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*

            /// Custodian (a state, not a bloc).
            pub held_by: String,
            /// Legal holder when custody is held on someone else's behalf.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub on_behalf_of: Option<String>,
            /// Citizenships (default: the custodian's).
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub citizenship: Vec<String>,
            /// Tags: `political`, `journalist`, `dual_national`, `nobel_laureate`, ...
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub tags: Vec<String>,
            /// Rounds of sentence left (absent: indefinite or unknown).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub sentence_rounds: Option<u32>,
            /// Probability per round of a health crisis, in [0, 1] (default 0).
            #[serde(default, skip_serializing_if = "is_default")]
            pub health_hazard: f64,
            /// Whether they accept exile (default true).
            #[serde(default = "yes", skip_serializing_if = "is_yes")]
            pub accepts_exile: bool,
            /// Dependants travelling with them when released.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub dependants: Vec<String>,
            /// Default destination of a release.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub release_to: Option<String>,
            /// Value of their release to each government (negative: lost leverage).
            #[serde(default, deserialize_with = "unique_keys", skip_serializing_if = "BTreeMap::is_empty")]
            pub valued_by: BTreeMap<String, f64>,
            /// Why the numbers are what they are; guesses are marked as guesses.
            #[serde(default, skip_serializing_if = "String::is_empty")]
            pub note: String,
            /// Ids of entries in the scenario's `sources`.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub sources: Vec<String>,
        }

        impl $name {
            /// The fields shared with the other person entry, so validation
            /// and building handle both kinds with one piece of code.
            pub(crate) fn person(&self) -> Person<'_> {
                Person {
                    held_by: &self.held_by,
                    on_behalf_of: self.on_behalf_of.as_deref(),
                    citizenship: &self.citizenship,
                    tags: &self.tags,
                    sentence_rounds: self.sentence_rounds,
                    health_hazard: self.health_hazard,
                    accepts_exile: self.accepts_exile,
                    dependants: &self.dependants,
                    release_to: self.release_to.as_deref(),
                    valued_by: &self.valued_by,
                }
            }
        }
    };
}

/// A borrowed view of the fields that named prisoners and pools share.
///
/// serde's `flatten` would express the sharing in the types, but it switches
/// off `deny_unknown_fields`, so the entries repeat the fields (through
/// `person_entry!`) and this view joins them again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Person<'a> {
    pub held_by: &'a str,
    pub on_behalf_of: Option<&'a str>,
    pub citizenship: &'a [String],
    pub tags: &'a [String],
    pub sentence_rounds: Option<u32>,
    pub health_hazard: f64,
    pub accepts_exile: bool,
    pub dependants: &'a [String],
    pub release_to: Option<&'a str>,
    pub valued_by: &'a BTreeMap<String, f64>,
}

person_entry!(
    /// `prisoners[]`: a named prisoner.
    PrisonerEntry {
        /// Key, unique among prisoners and pools.
        pub id: String,
        /// Public name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
    }
);

person_entry!(
    /// `pools[]`: `count` alike prisoners in custody (and `reserve` at large
    /// who may be arrested during a run), expanded at load time.
    PoolEntry {
        /// Key, unique among prisoners and pools.
        pub id: String,
        /// Members in custody at the start.
        pub count: u32,
        /// Members at large who may be arrested during a run (default 0).
        #[serde(default, skip_serializing_if = "is_default")]
        pub reserve: u32,
    }
);

/// `sanctions[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanctionEntry {
    /// Key, unique.
    pub id: String,
    /// Display name (default: the id).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Imposing government or bloc.
    pub imposer: String,
    /// Target government.
    pub target: String,
    /// Sector: `potash`, `aviation`, `finance`, `individuals`, ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sector: String,
    /// Cost per round to the target while in force (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub cost_to_target: f64,
    /// Cost per round to the imposer while in force (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub cost_to_imposer: f64,
    /// Who may relieve it (default executive).
    #[serde(default = "executive", skip_serializing_if = "is_executive")]
    pub authority: Authority,
    /// Forms of relief allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relief: Vec<ReliefEntry>,
    /// Funds frozen under it (default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub frozen_funds: f64,
    /// Value of its full relief to each government.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub valued_by: BTreeMap<String, f64>,
    /// Why the numbers are what they are; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

fn executive() -> Authority {
    Authority::Executive
}
fn is_executive(a: &Authority) -> bool {
    *a == Authority::Executive
}

/// `sanctions[].relief[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefEntry {
    /// The form.
    pub kind: ReliefKind,
    /// Relief level it brings, as a fraction of full relief, in (0, 1] (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub value_fraction: f64,
    /// For suspensions, the longest allowed, in rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rounds: Option<u32>,
}

/// `valuations[]`: what `by` gains from one thing, named by exactly one
/// selector: `prisoner`, `pool`, `tag` (optionally narrowed by `held_by`),
/// `sanction`, `recognition_from` (recognition granted to `recognition_to`,
/// default `by`, value per level) or `funds` (per unit received).
///
/// Precedence for a prisoner: a value given for the prisoner itself beats
/// one for its pool, which beats tag entries; among tag entries the last in
/// the file wins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuationEntry {
    /// Who gains.
    pub by: String,
    /// How much.
    pub value: f64,
    /// A named prisoner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prisoner: Option<String>,
    /// Every member of a pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// Every prisoner with this tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// With `tag`: only prisoners held by this government.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_by: Option<String>,
    /// A sanction's full relief.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanction: Option<String>,
    /// Recognition granted by this government.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_from: Option<String>,
    /// With `recognition_from`: granted to this government (default `by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_to: Option<String>,
    /// Funds received, per unit.
    #[serde(default, skip_serializing_if = "is_default")]
    pub funds: bool,
    /// Why the numbers are what they are; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `alliances[]`: `by` gains `weight` per unit of `of`'s own material
/// payoff change (`{"by": "POL", "of": "USA", "weight": 0.3}`). Weights are
/// per ordered pair, finite, and may be negative (a rival loses when the
/// other gains); they apply to material payoffs only and never compound
/// through chains of allies (see [`Alliances`](crate::model::Alliances)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceEntry {
    /// Who gains.
    pub by: String,
    /// Whose gains it shares (a different government).
    pub of: String,
    /// Share per unit of `of`'s material change.
    pub weight: f64,
    /// Why the number is what it is; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `favours[]`: a consideration `from` can give `to` once (a credit owed, a
/// side payment, visas, a trade concession), worth `value` to `to` and
/// costing `from` `cost` (`{"id": "pol_credit", "from": "USA", "to": "POL",
/// "value": 1.0, "cost": 0.2}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FavourEntry {
    /// Key, unique among favours.
    pub id: String,
    /// Who gives it.
    pub from: String,
    /// Who receives it.
    pub to: String,
    /// What `to` gains when it is given (finite, at least 0).
    pub value: f64,
    /// What giving it costs `from` (finite, at least 0; default 0).
    #[serde(default, skip_serializing_if = "is_default")]
    pub cost: f64,
    /// Why the numbers are what they are; guesses are marked as guesses.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Ids of entries in the scenario's `sources`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}
