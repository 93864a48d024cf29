//! The case file format: a scenario plus the recorded sequence of dated
//! steps (deals, refused offers and events outside deals), each citing its
//! sources.
//!
//! Steps name governments by code, prisoners by key and sanctions by key,
//! so a case reads like the record it transcribes. A release can name
//! prisoners, or take `count` members of a pool (the ones still held with
//! the lowest ids: pool members are interchangeable).

use super::rules::HistoryRule;
use crate::deal::{Concession, ConcessionKind, Deal, ReleaseKind, Staging};
use crate::model::{
    CountryCode, GovernmentId, PrisonerId, PrisonerStatus, RecognitionLevel, State, World,
};
use crate::scenario::{Scenario, ScenarioError, ScenarioErrors};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A whole case file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Short id such as `belarus_2025`.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// Ids of the records in the sourced data set this case transcribes
    /// (`BY-2025-12-13`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
    /// The world before the first step, its valuations and rules.
    pub scenario: Scenario,
    /// Rules the record needs beyond the scenario's rulebook.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_rules: Vec<HistoryRule>,
    /// Sanctions not yet in force when the record starts; an `impose` event
    /// puts them in force (new sanctions announced on the day of a deal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_in_force: Vec<String>,
    /// The recorded steps, oldest first.
    pub steps: Vec<CaseStep>,
    /// Facts of the record left out of the case, and why (unconfirmed, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omitted: Vec<String>,
    /// Inverse problems to solve on this record (see [implied valuations](super::implied())).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implied: Vec<super::implied::ImpliedModel>,
}

/// One dated step of the record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStep {
    /// Date as recorded (`2025-12-13`, or a range `2024-08-16/2024-12-28`),
    /// possibly with words saying how precise it is (`after 2020`). Every
    /// date in it must exist on the calendar.
    pub date: String,
    /// Round of the scenario's clock (months since the case starts, for a
    /// monthly scenario). Rounds never go back.
    pub round: u32,
    /// Short label used in reports.
    pub label: String,
    /// Id of the record in the data set.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub record: String,
    /// Ids of entries in the scenario's `sources` backing this step's numbers.
    pub sources: Vec<String>,
    /// Whether the deal was carried out, or offered and refused.
    #[serde(default, skip_serializing_if = "CaseOutcome::is_accepted")]
    pub outcome: CaseOutcome,
    /// How the deal was carried out in time.
    #[serde(default, skip_serializing_if = "StagingEntry::is_simultaneous")]
    pub staging: StagingEntry,
    /// The concessions of the deal (empty for a step of events only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gives: Vec<Give>,
    /// Events outside the deal on the same day, applied after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<CaseEvent>,
    /// Who obtained this step's releases, as the record's parties say: the
    /// government that asked for them and took part (a visit, an escort, a
    /// licence), or one that only mediated for another. What counts as a
    /// deal of a pair is defined from it in
    /// [`record::deals`](super::record::deals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brokered_by: Option<Broker>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The government that obtained a step's releases, and in which role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Broker {
    /// Its code.
    pub by: String,
    /// Its role in the record.
    pub role: BrokerRole,
    /// What it did, in words (`escort by US officials`).
    pub how: String,
    /// Ids of entries in the scenario's `sources` saying so.
    pub sources: Vec<String>,
}

/// A broker's role, as the data set's `parties[].roles` name it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerRole {
    /// It asked for the people freed and gave or did something for them.
    Demander,
    /// It mediated for another government that asked for them.
    Mediator,
}

/// Whether a recorded deal happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseOutcome {
    /// Carried out.
    #[default]
    Accepted,
    /// Offered and refused by `by` (Russia refused to add Whelan to the
    /// Griner–Bout exchange). Replay checks the deal but does not apply it.
    Refused {
        /// The government that refused.
        by: String,
    },
}

impl CaseOutcome {
    fn is_accepted(&self) -> bool {
        *self == CaseOutcome::Accepted
    }
}

/// [`Staging`] with governments named by code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "staging", rename_all = "snake_case", deny_unknown_fields)]
pub enum StagingEntry {
    /// All at once.
    #[default]
    Simultaneous,
    /// All at once at a neutral venue.
    AtVenue {
        /// The venue.
        venue: String,
    },
    /// One party carries out its part first.
    Sequential {
        /// The party that moves first.
        first: String,
    },
}

impl StagingEntry {
    fn is_simultaneous(&self) -> bool {
        *self == StagingEntry::Simultaneous
    }
}

/// Who is released, arrested or pardoned: named prisoners and/or `count`
/// members of a pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Named prisoners, by key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prisoners: Vec<String>,
    /// A pool, by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// How many members of `pool`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub count: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One concession of a recorded deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Give {
    /// `from` frees people for `to`, sent to `destination` (default: each
    /// prisoner's default destination).
    Release {
        /// Who frees them.
        from: String,
        /// For whom.
        to: String,
        /// Who.
        #[serde(flatten)]
        people: People,
        /// Where they go.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<String>,
        /// The legal form, when the record states it.
        #[serde(default, skip_serializing_if = "ReleaseKind::is_unstated")]
        how: ReleaseKind,
        /// The country where they land, when not the destination's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        venue: Option<CountryCode>,
    },
    /// A general licence (listed, nothing unfrozen).
    Licence {
        /// Who grants it.
        from: String,
        /// For whom.
        to: String,
        /// The sanction.
        sanction: String,
    },
    /// Removal from the list.
    Delist {
        /// Who delists.
        from: String,
        /// For whom.
        to: String,
        /// The sanction.
        sanction: String,
    },
    /// A time-limited suspension.
    Suspend {
        /// Who suspends.
        from: String,
        /// For whom.
        to: String,
        /// The sanction.
        sanction: String,
        /// For how many rounds.
        rounds: u32,
    },
    /// Partial easing.
    Ease {
        /// Who eases.
        from: String,
        /// For whom.
        to: String,
        /// The sanction.
        sanction: String,
        /// Fraction of full relief, in (0, 1].
        fraction: f64,
    },
    /// Frozen funds released, possibly into a third-country escrow.
    Unfreeze {
        /// Who releases them.
        from: String,
        /// For whom.
        to: String,
        /// The sanction they are frozen under.
        sanction: String,
        /// Amount.
        amount: f64,
        /// Escrow holder (Qatar in 2023).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        escrow: Option<String>,
    },
    /// A relieved sanction put back into force.
    Reimpose {
        /// Who reimposes.
        from: String,
        /// Against whom.
        to: String,
        /// The sanction.
        sanction: String,
    },
    /// Recognition: a call or letter, an envoy's visit, an embassy.
    Recognition {
        /// Who grants it.
        from: String,
        /// To whom.
        to: String,
        /// Level.
        level: RecognitionLevel,
    },
    /// A favour the scenario declares (`favours[]`), given once.
    Favour {
        /// Who gives it.
        from: String,
        /// To whom.
        to: String,
        /// The favour's id in the scenario.
        favour: String,
    },
}

/// Something that happens outside a deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseEvent {
    /// A unilateral release (amnesty, pardon on petition, end of sentence).
    Pardon {
        /// Who frees them.
        by: String,
        /// Who.
        #[serde(flatten)]
        people: People,
        /// Where they go (default: freed at home, in the custodian's country).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<String>,
    },
    /// Arrest, or re-arrest of people freed before (Statkevich and Dziadok,
    /// freed in 2015, jailed again after 2020). A pool's `count` takes
    /// reserve members at large.
    Arrest {
        /// Who arrests them.
        by: String,
        /// Who.
        #[serde(flatten)]
        people: People,
    },
    /// A sanction listed in `not_in_force` is imposed (the US sanctioned
    /// Iran's intelligence ministry on the day of the 2023 exchange).
    Impose {
        /// The sanction.
        sanction: String,
    },
}

impl Case {
    /// Parses a case from JSON text.
    ///
    /// # Errors
    /// Malformed JSON, unknown fields, wrong types: one error with its JSON path.
    pub fn from_json_str(text: &str) -> Result<Case, ScenarioErrors> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut de = serde_json::Deserializer::from_str(text);
        let case: Case = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = json_path(&e.path().to_string());
            ScenarioErrors::one(path, e.into_inner().to_string())
        })?;
        de.end().map_err(|e| {
            ScenarioErrors::one("$", format!("unexpected text after the case: {e}"))
        })?;
        Ok(case)
    }

    /// Reads a case file.
    ///
    /// # Errors
    /// Unreadable file, or as for [`Case::from_json_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Case, ScenarioErrors> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ScenarioErrors::one("$", format!("cannot read {}: {e}", path.display()))
        })?;
        Self::from_json_str(&text)
    }

    /// The case as pretty JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).expect("a case always serializes")
    }

    /// Builds the scenario's world and checks every reference in the steps
    /// and unknowns against it.
    ///
    /// # Errors
    /// Every mistake, each with its JSON path (`$.scenario...` for the scenario).
    pub fn build(&self) -> Result<World, ScenarioErrors> {
        let world = self.scenario.build().map_err(|e| {
            ScenarioErrors(
                e.0.into_iter()
                    .map(|x| ScenarioError {
                        path: format!("$.scenario{}", x.path.trim_start_matches('$')),
                        message: x.message,
                    })
                    .collect(),
            )
        })?;
        let mut errors = Vec::new();
        let mut err = |path: String, message: String| errors.push(ScenarioError { path, message });
        let sources: Vec<&str> = self
            .scenario
            .sources
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        for (i, s) in self.not_in_force.iter().enumerate() {
            if world.sanction_by_key(s).is_none() {
                err(
                    format!("$.not_in_force[{i}]"),
                    format!("unknown sanction `{s}`"),
                );
            }
        }
        let mut last_round = 0;
        for (i, step) in self.steps.iter().enumerate() {
            let p = format!("$.steps[{i}]");
            if step.round < last_round {
                err(
                    format!("{p}.round"),
                    format!(
                        "round {} comes before the previous step's {last_round}",
                        step.round
                    ),
                );
            }
            last_round = step.round;
            if let Err(message) = check_date(&step.date) {
                err(format!("{p}.date"), message);
            }
            if step.sources.is_empty() {
                err(
                    format!("{p}.sources"),
                    "every step cites at least one source".into(),
                );
            }
            for (k, s) in step.sources.iter().enumerate() {
                if !sources.contains(&s.as_str()) {
                    err(format!("{p}.sources[{k}]"), format!("unknown source `{s}`"));
                }
            }
            if step.gives.is_empty() && step.events.is_empty() {
                err(p.clone(), "a step needs a deal (`gives`) or events".into());
            }
            if let CaseOutcome::Refused { by } = &step.outcome {
                check_gov(&world, &format!("{p}.outcome.by"), by, &mut err);
                if !step.events.is_empty() {
                    err(
                        format!("{p}.events"),
                        "a refused offer has no events".into(),
                    );
                }
            }
            match &step.staging {
                StagingEntry::Simultaneous => {}
                StagingEntry::AtVenue { venue: g } | StagingEntry::Sequential { first: g } => {
                    check_gov(&world, &format!("{p}.staging"), g, &mut err)
                }
            }
            for (k, g) in step.gives.iter().enumerate() {
                check_give(&world, &format!("{p}.gives[{k}]"), g, &mut err);
            }
            if let Some(b) = &step.brokered_by {
                let q = format!("{p}.brokered_by");
                check_gov(&world, &format!("{q}.by"), &b.by, &mut err);
                if b.sources.is_empty() {
                    err(
                        format!("{q}.sources"),
                        "a broker cites at least one source".into(),
                    );
                }
                for (k, s) in b.sources.iter().enumerate() {
                    if !sources.contains(&s.as_str()) {
                        err(format!("{q}.sources[{k}]"), format!("unknown source `{s}`"));
                    }
                }
                if step.gives.is_empty()
                    && !step
                        .events
                        .iter()
                        .any(|e| matches!(e, CaseEvent::Pardon { .. }))
                {
                    err(q, "a broker needs a release in the step".into());
                }
            }
            for (k, e) in step.events.iter().enumerate() {
                let q = format!("{p}.events[{k}]");
                match e {
                    CaseEvent::Pardon {
                        by,
                        people,
                        destination,
                    } => {
                        check_gov(&world, &format!("{q}.by"), by, &mut err);
                        check_people(&world, &q, people, &mut err);
                        if let Some(d) = destination {
                            check_gov(&world, &format!("{q}.destination"), d, &mut err);
                        }
                    }
                    CaseEvent::Arrest { by, people } => {
                        check_gov(&world, &format!("{q}.by"), by, &mut err);
                        check_people(&world, &q, people, &mut err);
                    }
                    CaseEvent::Impose { sanction } => {
                        if world.sanction_by_key(sanction).is_none() {
                            err(
                                format!("{q}.sanction"),
                                format!("unknown sanction `{sanction}`"),
                            );
                        } else if !self.not_in_force.contains(sanction) {
                            err(
                                format!("{q}.sanction"),
                                format!(
                                    "`{sanction}` is in force from the start: list it in `not_in_force` to impose it during the record"
                                ),
                            );
                        }
                    }
                }
            }
        }
        for (m, model) in self.implied.iter().enumerate() {
            model.check(&world, &format!("$.implied[{m}]"), &mut err);
        }
        if errors.is_empty() {
            Ok(world)
        } else {
            Err(ScenarioErrors(errors))
        }
    }

    /// The state before the first step: the world's initial state with the
    /// sanctions in `not_in_force` fully lifted.
    pub fn initial_state(&self, world: &World) -> State {
        let mut state = State::initial(world);
        for key in &self.not_in_force {
            if let Some(s) = world.sanction_by_key(key) {
                state.relief[s.index()] = crate::model::ReliefState {
                    level: 1.0,
                    ..crate::model::ReliefState::NONE
                };
            }
        }
        state
    }

    /// The scenario's rulebook with the case's extra rules.
    pub fn rulebook(&self) -> crate::rules::Rulebook {
        self.extra_rules
            .iter()
            .fold(self.scenario.rulebook(), |book, r| {
                book.with_custom(r.clone())
            })
    }
}

/// `$.a.b[3]` from serde_path_to_error's `a.b[3]` (`.` for the root).
fn json_path(p: &str) -> String {
    match p {
        "." | "" => "$".to_string(),
        s if s.starts_with('[') => format!("${s}"),
        s => format!("$.{s}"),
    }
}

fn check_gov(world: &World, path: &str, code: &str, err: &mut impl FnMut(String, String)) {
    if world.government_by_code(code).is_none() {
        err(path.to_string(), format!("unknown government `{code}`"));
    }
}

fn check_people(world: &World, path: &str, people: &People, err: &mut impl FnMut(String, String)) {
    for (i, key) in people.prisoners.iter().enumerate() {
        if world.prisoner_by_key(key).is_none() {
            err(
                format!("{path}.prisoners[{i}]"),
                format!("unknown prisoner `{key}`"),
            );
        }
    }
    match (&people.pool, people.count) {
        (Some(pool), _) if !world.pools().iter().any(|p| &p.key == pool) => {
            err(format!("{path}.pool"), format!("unknown pool `{pool}`"))
        }
        (Some(_), 0) => err(
            format!("{path}.count"),
            "a pool needs a count of at least 1".into(),
        ),
        (None, n) if n > 0 => err(format!("{path}.count"), "`count` needs a `pool`".into()),
        (None, _) if people.prisoners.is_empty() => err(
            path.to_string(),
            "name prisoners or a pool and count".into(),
        ),
        _ => {}
    }
}

fn check_give(world: &World, path: &str, give: &Give, err: &mut impl FnMut(String, String)) {
    let (from, to) = give.parties();
    check_gov(world, &format!("{path}.from"), from, err);
    check_gov(world, &format!("{path}.to"), to, err);
    if let Some(s) = give.sanction()
        && world.sanction_by_key(s).is_none()
    {
        err(
            format!("{path}.sanction"),
            format!("unknown sanction `{s}`"),
        );
    }
    match give {
        Give::Release {
            people,
            destination,
            ..
        } => {
            check_people(world, path, people, err);
            if let Some(d) = destination {
                check_gov(world, &format!("{path}.destination"), d, err);
            }
        }
        // A zero-round suspension would lapse before it took effect, yet
        // the replay would still price it as relief.
        Give::Suspend { rounds: 0, .. } => err(
            format!("{path}.rounds"),
            "a suspension lasts at least one round".into(),
        ),
        Give::Favour { favour, .. } if world.favour_by_key(favour).is_none() => err(
            format!("{path}.favour"),
            format!("unknown favour `{favour}`"),
        ),
        Give::Unfreeze {
            escrow: Some(e),
            amount,
            ..
        } => {
            check_gov(world, &format!("{path}.escrow"), e, err);
            if !(amount.is_finite() && *amount > 0.0) {
                err(
                    format!("{path}.amount"),
                    format!("expected a positive amount, found {amount}"),
                );
            }
        }
        _ => {}
    }
}

/// Checks a step's recorded date: every full date in it (`YYYY-MM-DD`)
/// must be a calendar date, every partial one (`MM-DD`) a possible day of
/// the year, and a range `from/to` of full dates must not run backwards.
/// Free text around them (`2022 (before 12-08)`, `after 2020`) records how
/// precise the source is and is kept; an empty date (a generated step) has
/// nothing to check.
fn check_date(date: &str) -> Result<(), String> {
    let mut full = Vec::new();
    for token in date.split(|c: char| !(c.is_ascii_digit() || c == '-')) {
        let parts: Vec<&str> = token.split('-').collect();
        let valid = match parts.as_slice() {
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                let day = super::calibrate::days(token);
                full.extend(day);
                day.is_some()
            }
            [m, d] if m.len() == 2 && d.len() == 2 => {
                let (m, d) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
                // A leap year allows every day a month-day can name.
                (1..=12).contains(&m) && (1..=super::calibrate::days_in_month(2000, m)).contains(&d)
            }
            [single] => single.chars().all(|c| c.is_ascii_digit()),
            _ => false,
        };
        if !valid {
            return Err(format!(
                "`{date}`: `{token}` is not a calendar date of the form YYYY-MM-DD"
            ));
        }
    }
    if date.contains('/') && full.windows(2).any(|w| w[1] < w[0]) {
        return Err(format!("`{date}`: the range ends before it starts"));
    }
    Ok(())
}

impl Give {
    /// Giver and receiver codes.
    pub fn parties(&self) -> (&str, &str) {
        match self {
            Give::Release { from, to, .. }
            | Give::Licence { from, to, .. }
            | Give::Delist { from, to, .. }
            | Give::Suspend { from, to, .. }
            | Give::Ease { from, to, .. }
            | Give::Unfreeze { from, to, .. }
            | Give::Reimpose { from, to, .. }
            | Give::Recognition { from, to, .. }
            | Give::Favour { from, to, .. } => (from, to),
        }
    }

    /// The sanction key, for relief and reimposition.
    pub fn sanction(&self) -> Option<&str> {
        match self {
            Give::Licence { sanction, .. }
            | Give::Delist { sanction, .. }
            | Give::Suspend { sanction, .. }
            | Give::Ease { sanction, .. }
            | Give::Unfreeze { sanction, .. }
            | Give::Reimpose { sanction, .. } => Some(sanction),
            Give::Release { .. } | Give::Recognition { .. } | Give::Favour { .. } => None,
        }
    }
}

/// The prisoners `people` names: the named ones, then the first
/// `count` pool members that pass `pick`. Fewer than `count` when
/// the pool runs out (replay reports the shortfall).
pub(crate) fn resolve_people(
    world: &World,
    people: &People,
    pick: impl Fn(PrisonerId) -> bool,
) -> Vec<PrisonerId> {
    let mut out: Vec<PrisonerId> = people
        .prisoners
        .iter()
        .filter_map(|k| world.prisoner_by_key(k))
        .collect();
    if let Some(pool) = people
        .pool
        .as_ref()
        .and_then(|k| world.pools().iter().find(|p| &p.key == k))
    {
        out.extend(
            pool.members()
                .filter(|&p| pick(p))
                .take(people.count as usize),
        );
    }
    out
}

/// Government id of a code already checked by [`Case::build`].
pub(crate) fn gov(world: &World, code: &str) -> GovernmentId {
    world
        .government_by_code(code)
        .expect("codes are checked when the case is built")
}

impl CaseStep {
    /// The step's deal at `state` (pool members resolved to the ones held
    /// now). Codes and keys must have been checked by [`Case::build`].
    pub fn deal(&self, world: &World, state: &State) -> Deal {
        let mut deal = Deal::new();
        let sanction = |k: &str| {
            world
                .sanction_by_key(k)
                .expect("keys are checked when the case is built")
        };
        for g in &self.gives {
            let (from, to) = g.parties();
            let (from, to) = (gov(world, from), gov(world, to));
            let mut kinds = Vec::new();
            let mut push = |kind| kinds.push(kind);
            match g {
                Give::Release {
                    people,
                    destination,
                    how,
                    venue,
                    ..
                } => {
                    // Pool members already taken by an earlier concession of
                    // this deal are skipped, so two releases from one pool
                    // free different people.
                    let taken: Vec<PrisonerId> = deal
                        .concessions
                        .iter()
                        .filter_map(|c| c.kind.prisoner())
                        .collect();
                    let free = |p: PrisonerId| {
                        state.status(p) == PrisonerStatus::Held && !taken.contains(&p)
                    };
                    for p in resolve_people(world, people, free) {
                        let destination = destination.as_deref().map_or_else(
                            || world.prisoners()[p.index()].default_destination(),
                            |d| gov(world, d),
                        );
                        push(ConcessionKind::Release {
                            prisoner: p,
                            destination,
                            how: *how,
                            venue: *venue,
                        });
                    }
                }
                Give::Licence { sanction: s, .. } => push(ConcessionKind::Licence {
                    sanction: sanction(s),
                }),
                Give::Delist { sanction: s, .. } => push(ConcessionKind::Delist {
                    sanction: sanction(s),
                }),
                Give::Suspend {
                    sanction: s,
                    rounds,
                    ..
                } => push(ConcessionKind::Suspend {
                    sanction: sanction(s),
                    rounds: *rounds,
                }),
                Give::Ease {
                    sanction: s,
                    fraction,
                    ..
                } => push(ConcessionKind::Ease {
                    sanction: sanction(s),
                    fraction: *fraction,
                }),
                Give::Unfreeze {
                    sanction: s,
                    amount,
                    escrow,
                    ..
                } => push(ConcessionKind::Unfreeze {
                    sanction: sanction(s),
                    amount: *amount,
                    escrow: escrow.as_deref().map(|e| gov(world, e)),
                }),
                Give::Reimpose { sanction: s, .. } => push(ConcessionKind::Reimpose {
                    sanction: sanction(s),
                }),
                Give::Recognition { level, .. } => {
                    push(ConcessionKind::Recognition { level: *level })
                }
                Give::Favour { favour, .. } => push(ConcessionKind::Favour {
                    favour: world
                        .favour_by_key(favour)
                        .expect("keys are checked when the case is built"),
                }),
            }
            deal.concessions
                .extend(kinds.into_iter().map(|kind| Concession { from, to, kind }));
        }
        deal.staging = match &self.staging {
            StagingEntry::Simultaneous => Staging::Simultaneous,
            StagingEntry::AtVenue { venue } => Staging::AtVenue {
                venue: gov(world, venue),
            },
            StagingEntry::Sequential { first } => Staging::Sequential {
                first: gov(world, first),
            },
        };
        deal
    }

    /// A step transcribing `deal` (whose prisoners must be named prisoners,
    /// not pool members), for building synthetic records from generated deals.
    pub fn from_deal(
        world: &World,
        deal: &Deal,
        round: u32,
        label: &str,
        source: &str,
    ) -> CaseStep {
        let code = |g: GovernmentId| world.code(g).to_string();
        let key = |s: crate::model::SanctionId| {
            world
                .sanction(s)
                .map_or_else(String::new, |x| x.key.clone())
        };
        let gives = deal
            .concessions
            .iter()
            .map(|c| {
                let (from, to) = (code(c.from), code(c.to));
                match c.kind {
                    ConcessionKind::Release {
                        prisoner,
                        destination,
                        how,
                        venue,
                    } => Give::Release {
                        from,
                        to,
                        people: People {
                            prisoners: vec![
                                world
                                    .prisoner(prisoner)
                                    .map_or_else(String::new, |p| p.key.clone()),
                            ],
                            ..People::default()
                        },
                        destination: Some(code(destination)),
                        how,
                        venue,
                    },
                    ConcessionKind::Licence { sanction } => Give::Licence {
                        from,
                        to,
                        sanction: key(sanction),
                    },
                    ConcessionKind::Delist { sanction } => Give::Delist {
                        from,
                        to,
                        sanction: key(sanction),
                    },
                    ConcessionKind::Suspend { sanction, rounds } => Give::Suspend {
                        from,
                        to,
                        sanction: key(sanction),
                        rounds,
                    },
                    ConcessionKind::Ease { sanction, fraction } => Give::Ease {
                        from,
                        to,
                        sanction: key(sanction),
                        fraction,
                    },
                    ConcessionKind::Reimpose { sanction } => Give::Reimpose {
                        from,
                        to,
                        sanction: key(sanction),
                    },
                    ConcessionKind::Unfreeze {
                        sanction,
                        amount,
                        escrow,
                    } => Give::Unfreeze {
                        from,
                        to,
                        sanction: key(sanction),
                        amount,
                        escrow: escrow.map(code),
                    },
                    ConcessionKind::Recognition { level } => Give::Recognition { from, to, level },
                    ConcessionKind::Favour { favour } => Give::Favour {
                        from,
                        to,
                        favour: world
                            .favour(favour)
                            .map_or_else(String::new, |f| f.key.clone()),
                    },
                }
            })
            .collect();
        CaseStep {
            date: String::new(),
            round,
            label: label.to_string(),
            record: String::new(),
            sources: vec![source.to_string()],
            outcome: CaseOutcome::Accepted,
            staging: match deal.staging {
                Staging::Simultaneous => StagingEntry::Simultaneous,
                Staging::AtVenue { venue } => StagingEntry::AtVenue { venue: code(venue) },
                Staging::Sequential { first } => StagingEntry::Sequential { first: code(first) },
            },
            gives,
            events: Vec::new(),
            brokered_by: None,
            note: String::new(),
        }
    }
}
