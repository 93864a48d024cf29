//! Validating a [`Scenario`] and building its [`World`].
//!
//! Validation walks the whole file and reports every mistake with its JSON
//! path before anything is built, so a user fixes a file in one pass.

use super::error::{Errors, ScenarioErrors, unknown_id};
use super::schema::*;
use crate::model::{
    Authority, CountryCode, GovernmentId, GovernmentKind, GovernmentSpec, PrisonerSpec, ReliefKind,
    ReliefOption, SanctionSpec, World, WorldBuilder,
};
use crate::rules::{Rule, Rulebook};
use std::collections::{BTreeMap, BTreeSet};

/// The scenario's bounds are the crate's one size budget: a file asking for
/// a billion prisoners is refused with an error instead of exhausting memory.
pub use crate::limits::Limits;

/// Largest magnitude of a value, cost, reservation or amount. Payoffs sum
/// values over up to [`Limits::max_prisoners`] prisoners and over many
/// rounds; with values near `f64::MAX` those sums overflow to infinity and
/// `inf - inf` puts NaN into reports. 1e15 × 2e7 prisoners × 1e6 rounds is
/// still far below `f64::MAX`.
const MAX_MAGNITUDE: f64 = 1e15;

/// Bytes a prisoner costs, plus per valuation entry, per tag or dependant
/// (a `String` cloned into every pool member) and per citizenship; used
/// only for the budget, which bounds the process, not just its heap.
///
/// Measured (`cargo test --test reliability_limits`, counting allocator):
/// building a world of bare prisoners and its state peaks at 336 heap
/// bytes a prisoner, one with two valuations and a tag at 621. The process
/// needs more address space than its heap peak: a world of 4,001,264
/// Belarus pool members (about 621 heap bytes each) aborted under a 4 GiB
/// `ulimit -v`, so more than 1,073 bytes each. 1,024 bytes a bare prisoner
/// (about 3x its heap peak) refuses that file at load time with its path.
const BYTES_PER_PRISONER: u64 = 1024;
const BYTES_PER_VALUE: u64 = 56;
/// Measured: 20,000 members with 6 short tags and dependants peak at about
/// 170 heap bytes a string (the `String`, its text, the vectors' growth).
const BYTES_PER_STRING: u64 = 160;
const BYTES_PER_CITIZENSHIP: u64 = 8;
/// Bytes a government costs in a built world and its state (entity, code,
/// graph node, per-government rows): measured peak 338 heap bytes a
/// government at 1,000 and 4,000 governments, with half again of margin.
const BYTES_PER_GOVERNMENT: u64 = 512;

/// Bytes one prisoner (or pool member) needs, by what it carries.
fn person_bytes(person: Person<'_>) -> u64 {
    let strings: u64 = person
        .tags
        .iter()
        .chain(person.dependants)
        .map(|t| BYTES_PER_STRING + t.len() as u64)
        .sum();
    BYTES_PER_PRISONER
        + BYTES_PER_VALUE * person.valued_by.len() as u64
        + strings
        + BYTES_PER_CITIZENSHIP * person.citizenship.len() as u64
}

/// `bytes` for people: `512 KiB`, `37 MiB`, `4.0 GiB`.
fn human(bytes: u64) -> String {
    match bytes {
        b if b < 1 << 20 => format!("{} KiB", b.div_ceil(1 << 10)),
        b if b < 1 << 30 => format!("{} MiB", b.div_ceil(1 << 20)),
        b => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
    }
}

impl Scenario {
    /// The scenario's rulebook.
    pub fn rulebook(&self) -> Rulebook {
        self.rules.clone().into()
    }

    /// About how many bytes the built world and one [`State`] need: the
    /// figure [`Limits::memory_budget`] is compared with.
    ///
    /// ```
    /// let s = detente::scenario::Scenario::from_json_str(r#"{
    ///   "name": "toy",
    ///   "governments": [{"id": "USA"}, {"id": "BLR"}],
    ///   "pools": [{"id": "political", "count": 1000, "held_by": "BLR"}]
    /// }"#).unwrap();
    /// assert!(s.memory_estimate() > 1000 * 100);
    /// ```
    ///
    /// [`State`]: crate::model::State
    pub fn memory_estimate(&self) -> u64 {
        let n_gov = self.governments.len() as u64;
        let named: u64 = self
            .prisoners
            .iter()
            .map(|e| person_bytes(e.person()))
            .sum();
        self.pools
            .iter()
            .fold(BYTES_PER_GOVERNMENT * n_gov + named, |b, e| {
                let n = u64::from(e.count) + u64::from(e.reserve);
                b.saturating_add(n.saturating_mul(person_bytes(e.person())))
            })
    }

    /// Checks everything without building, under default [`Limits`].
    ///
    /// # Errors
    /// Every mistake found, each with its JSON path.
    pub fn validate(&self) -> Result<(), ScenarioErrors> {
        self.validate_with(&Limits::default()).map(|_| ())
    }

    /// Validates and builds the world under default [`Limits`].
    ///
    /// ```
    /// let s = detente::scenario::Scenario::from_json_str(r#"{
    ///   "name": "toy",
    ///   "governments": [{"id": "USA"}, {"id": "BLR"}],
    ///   "pools": [{"id": "political", "count": 3, "held_by": "BLR", "valued_by": {"USA": 0.5}}]
    /// }"#).unwrap();
    /// let world = s.build().unwrap();
    /// assert_eq!(world.prisoners().len(), 3);
    /// ```
    ///
    /// # Errors
    /// Every mistake found, each with its JSON path.
    pub fn build(&self) -> Result<World, ScenarioErrors> {
        self.build_with(&Limits::default())
    }

    /// Validates and builds the world under `limits`.
    ///
    /// # Errors
    /// Every mistake found, each with its JSON path; a scenario whose
    /// expansion exceeds `limits` is refused with the size it would need.
    pub fn build_with(&self, limits: &Limits) -> Result<World, ScenarioErrors> {
        let ids = self.validate_with(limits)?;
        self.construct(&ids)
            .map_err(|e| ScenarioErrors::one("$", e.to_string()))
    }

    fn validate_with(&self, limits: &Limits) -> Result<Ids, ScenarioErrors> {
        let mut v = Validator {
            errors: Errors::default(),
            ids: Ids::default(),
        };
        v.governments(self);
        v.sources(self);
        v.people(self, limits);
        super::families::validate(self, &mut v.errors);
        v.sanctions(self);
        v.valuations(self);
        v.allies(self);
        v.rules(self);
        super::demands::validate(self, &mut v.errors);
        if let Some(r) = &self.record {
            let codes: Vec<&str> = self.governments.iter().map(|g| g.id.as_str()).collect();
            super::record_ref::validate(r, &codes, &mut v.errors);
        }
        if let Some(d) = &self.dynamics {
            d.validate(self, &mut v.errors);
            // Results keep per-round aggregates, so rounds size memory.
            if let Some(rounds) = d.rounds
                && let Err(e) = limits.check("rounds", u64::from(rounds), limits.max_rounds)
            {
                v.errors.push("$.dynamics.rounds", e.to_string());
            }
        }
        if let Some(c) = &self.calibration {
            c.validate(self, &mut v.errors);
        }
        v.errors.finish()?;
        Ok(v.ids)
    }

    fn construct(&self, ids: &Ids) -> Result<World, crate::model::BuildError> {
        let mut b = WorldBuilder::new(&self.name);
        let g = |code: &str| ids.gov[code].0;
        for e in &self.governments {
            b.government(GovernmentSpec {
                code: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind,
                discount: e.discount,
                audience_cost: e.audience_cost,
                reservation: e.reservation,
                accepts_exiles: e.accepts_exiles,
            })?;
        }
        for e in &self.governments {
            for m in &e.members {
                b.membership(g(m), g(&e.id))?;
            }
            for m in &e.mediates {
                b.mediation(g(&e.id), g(m))?;
            }
        }
        let tags = TagValues::new(self, ids);
        let mut named = BTreeMap::new();
        for e in &self.prisoners {
            let spec = person_spec(&e.id, e.name.clone(), e.person(), ids);
            let p = b.prisoner(spec)?;
            named.insert(e.id.as_str(), p);
            for (by, value) in tags.resolve(
                &e.tags,
                g(&e.held_by),
                &[&e.valued_by, &ids.specific_prisoner(&e.id)],
                &g,
            ) {
                b.value_prisoner(by, p, value)?;
            }
        }
        for e in &self.pools {
            let spec = person_spec(&e.id, None, e.person(), ids);
            let values = tags.resolve(
                &e.tags,
                g(&e.held_by),
                &[&e.valued_by, &ids.specific_pool(&e.id)],
                &g,
            );
            b.pool(&e.id, spec, e.count, e.reserve, &values)?;
        }
        super::families::build(self, &mut b, |key| named.get(key).copied())?;
        for e in &self.sanctions {
            let s = b.sanction(SanctionSpec {
                key: e.id.clone(),
                name: if e.name.is_empty() {
                    e.id.clone()
                } else {
                    e.name.clone()
                },
                imposer: g(&e.imposer),
                target: g(&e.target),
                sector: e.sector.clone(),
                cost_to_target: e.cost_to_target,
                cost_to_imposer: e.cost_to_imposer,
                authority: e.authority,
                relief: e
                    .relief
                    .iter()
                    .map(|r| ReliefOption {
                        kind: r.kind,
                        value_fraction: r.value_fraction,
                        max_rounds: r.max_rounds,
                    })
                    .collect(),
                frozen_funds: e.frozen_funds,
            })?;
            let mut values = e.valued_by.clone();
            values.extend(ids.specific_sanction(&e.id));
            for (by, value) in values {
                b.value_sanction(g(&by), s, value)?;
            }
        }
        for v in &self.valuations {
            if let Some(from) = &v.recognition_from {
                let to = v.recognition_to.as_deref().unwrap_or(&v.by);
                b.value_recognition(g(&v.by), g(from), g(to), v.value)?;
            } else if v.funds {
                b.value_funds(g(&v.by), v.value)?;
            }
        }
        super::demands::add(self, &mut b, &g)?;
        super::allies::construct(self, &mut b, &g)?;
        b.build()
    }
}

/// A validated person's spec. A citizenship names a government when one has
/// that code; otherwise validation has checked it is a country code.
fn person_spec(key: &str, name: Option<String>, person: Person<'_>, ids: &Ids) -> PrisonerSpec {
    let g = |code: &str| ids.gov[code].0;
    let custodian = g(person.held_by);
    let (governments, codes): (Vec<&String>, Vec<&String>) = person
        .citizenship
        .iter()
        .partition(|c| ids.gov.contains_key(c.as_str()));
    PrisonerSpec {
        key: key.to_string(),
        name,
        custodian,
        on_behalf_of: person.on_behalf_of.map(g),
        citizenships: if person.citizenship.is_empty() {
            vec![custodian]
        } else {
            governments.into_iter().map(|c| g(c)).collect()
        },
        citizenship_codes: codes.into_iter().filter_map(|c| c.parse().ok()).collect(),
        tags: person.tags.to_vec(),
        sentence_rounds: person.sentence_rounds,
        health_hazard: person.health_hazard,
        accepts_exile: person.accepts_exile,
        dependants: person.dependants.to_vec(),
        release_to: person.release_to.map(g),
    }
}

/// What validation learned that building needs.
#[derive(Debug, Default)]
struct Ids {
    gov: BTreeMap<String, (GovernmentId, GovernmentKind)>,
    people: BTreeSet<String>,
    pools: BTreeSet<String>,
    sanctions: BTreeSet<String>,
    /// `valuations[]` entries that name one prisoner, pool or sanction.
    specific: Vec<(Target, String, String, f64)>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Target {
    Prisoner,
    Pool,
    Sanction,
}

impl Ids {
    fn specific_of(&self, t: Target, key: &str) -> BTreeMap<String, f64> {
        self.specific
            .iter()
            .filter(|(tt, k, _, _)| *tt == t && k == key)
            .map(|(_, _, by, v)| (by.clone(), *v))
            .collect()
    }
    fn specific_prisoner(&self, key: &str) -> BTreeMap<String, f64> {
        self.specific_of(Target::Prisoner, key)
    }
    fn specific_pool(&self, key: &str) -> BTreeMap<String, f64> {
        self.specific_of(Target::Pool, key)
    }
    fn specific_sanction(&self, key: &str) -> BTreeMap<String, f64> {
        self.specific_of(Target::Sanction, key)
    }
}

/// Tag valuations in file order, resolved per prisoner.
struct TagValues<'a> {
    entries: Vec<(&'a str, Option<GovernmentId>, GovernmentId, f64)>,
}

impl<'a> TagValues<'a> {
    fn new(s: &'a Scenario, ids: &Ids) -> Self {
        let entries = s
            .valuations
            .iter()
            .filter_map(|v| {
                let tag = v.tag.as_deref()?;
                let held = v.held_by.as_ref().map(|h| ids.gov[h].0);
                Some((tag, held, ids.gov[&v.by].0, v.value))
            })
            .collect();
        Self { entries }
    }

    /// Tag values (last matching entry wins per government), overridden by
    /// the specific maps in order of increasing precedence.
    fn resolve(
        &self,
        tags: &[String],
        holder: GovernmentId,
        specific: &[&BTreeMap<String, f64>],
        g: &impl Fn(&str) -> GovernmentId,
    ) -> Vec<(GovernmentId, f64)> {
        let mut out: BTreeMap<GovernmentId, f64> = BTreeMap::new();
        for &(tag, held, by, value) in &self.entries {
            if tags.iter().any(|t| t == tag) && held.is_none_or(|h| h == holder) {
                out.insert(by, value);
            }
        }
        for map in specific {
            for (by, value) in *map {
                out.insert(g(by), *value);
            }
        }
        out.into_iter().collect()
    }
}

pub(super) struct Validator {
    pub(super) errors: Errors,
    ids: Ids,
}

impl Validator {
    pub(super) fn finite(&mut self, path: String, x: f64) -> bool {
        if !x.is_finite() {
            self.errors
                .push(path, format!("expected a finite number, found {x}"));
            false
        } else if x.abs() > MAX_MAGNITUDE {
            self.errors.push(
                path,
                format!(
                    "expected a number between -1e15 and 1e15, found {x:e} (larger magnitudes overflow payoff sums)"
                ),
            );
            false
        } else {
            true
        }
    }

    fn in_range(&mut self, path: String, x: f64, lo: f64, hi: f64, what: &str) {
        if self.finite(path.clone(), x) && !(lo..=hi).contains(&x) {
            self.errors
                .push(path, format!("expected {what}, found {x}"));
        }
    }

    pub(super) fn gov_ref(
        &mut self,
        path: String,
        code: &str,
    ) -> Option<(GovernmentId, GovernmentKind)> {
        let found = self.ids.gov.get(code).copied();
        if found.is_none() {
            // Listed in the file's order, which is the ids' order.
            let mut known: Vec<(usize, &str)> = self
                .ids
                .gov
                .iter()
                .map(|(code, (id, _))| (id.index(), code.as_str()))
                .collect();
            known.sort_unstable();
            let message = unknown_id(
                "government",
                code,
                known.into_iter().map(|(_, code)| code),
                "$.governments",
            );
            self.errors.push(path, message);
        }
        found
    }

    /// A citizenship: a government's code, or else an ISO 3166-1 style
    /// country code of a state outside the world.
    fn citizenship(&mut self, path: String, code: &str) {
        if self.ids.gov.contains_key(code) {
            return;
        }
        if let Err(bad) = code.parse::<CountryCode>() {
            let mut known: Vec<(usize, &str)> = self
                .ids
                .gov
                .iter()
                .map(|(code, (id, _))| (id.index(), code.as_str()))
                .collect();
            known.sort_unstable();
            let known: Vec<String> = known.iter().map(|(_, c)| format!("`{c}`")).collect();
            self.errors.push(
                path,
                format!(
                    "{bad} and names no government (governments: {})",
                    known.join(", ")
                ),
            );
        }
    }

    fn state_ref(&mut self, path: String, code: &str, role: &str) {
        if let Some((_, GovernmentKind::Bloc)) = self.gov_ref(path.clone(), code) {
            self.errors
                .push(path, format!("`{code}` is a bloc; {role} must be a state"));
        }
    }

    fn governments(&mut self, s: &Scenario) {
        if s.governments.is_empty() {
            self.errors
                .push("$.governments", "expected at least one government");
        }
        for (i, e) in s.governments.iter().enumerate() {
            let p = format!("$.governments[{i}]");
            if e.id.trim().is_empty() {
                self.errors
                    .push(format!("{p}.id"), "expected a non-empty id");
            } else if self.ids.gov.contains_key(&e.id) {
                self.errors.push(
                    format!("{p}.id"),
                    format!("duplicate government id `{}`", e.id),
                );
            } else {
                self.ids
                    .gov
                    .insert(e.id.clone(), (GovernmentId::new(i), e.kind));
            }
            if !(e.discount.is_finite() && e.discount > 0.0 && e.discount <= 1.0) {
                self.errors.push(
                    format!("{p}.discount"),
                    format!("expected a discount factor in (0, 1], found {}", e.discount),
                );
            }
            self.finite(format!("{p}.audience_cost"), e.audience_cost);
            self.finite(format!("{p}.reservation"), e.reservation);
            if e.kind == GovernmentKind::State && !e.members.is_empty() {
                self.errors.push(
                    format!("{p}.members"),
                    "only a bloc (kind \"bloc\") has members",
                );
            }
        }
        for (i, e) in s.governments.iter().enumerate() {
            for (j, m) in e.members.iter().enumerate() {
                self.gov_ref(format!("$.governments[{i}].members[{j}]"), m);
            }
            for (j, m) in e.mediates.iter().enumerate() {
                self.gov_ref(format!("$.governments[{i}].mediates[{j}]"), m);
            }
        }
        self.bloc_cycles(s);
    }

    fn bloc_cycles(&mut self, s: &Scenario) {
        let members: BTreeMap<&str, &[String]> = s
            .governments
            .iter()
            .map(|e| (e.id.as_str(), e.members.as_slice()))
            .collect();
        for (i, e) in s.governments.iter().enumerate() {
            // Depth-first from each bloc; reaching itself again is a cycle.
            let mut stack: Vec<&str> = e.members.iter().map(String::as_str).collect();
            let mut seen = BTreeSet::new();
            while let Some(g) = stack.pop() {
                if g == e.id {
                    self.errors.push(
                        format!("$.governments[{i}].members"),
                        format!("circular bloc membership: `{}` is (through its members) a member of itself", e.id),
                    );
                    break;
                }
                if seen.insert(g) {
                    stack.extend(
                        members
                            .get(g)
                            .into_iter()
                            .flat_map(|m| m.iter().map(String::as_str)),
                    );
                }
            }
        }
    }

    fn sources(&mut self, s: &Scenario) {
        let mut seen = BTreeSet::new();
        for (i, src) in s.sources.iter().enumerate() {
            if !seen.insert(src.id.as_str()) {
                self.errors.push(
                    format!("$.sources[{i}].id"),
                    format!("duplicate source id `{}`", src.id),
                );
            }
        }
        let check = |errors: &mut Errors, path: String, refs: &[String]| {
            for (j, r) in refs.iter().enumerate() {
                if !seen.contains(r.as_str()) {
                    errors.push(
                        format!("{path}.sources[{j}]"),
                        unknown_id("source", r, seen.iter().copied(), "$.sources"),
                    );
                }
            }
        };
        for (i, e) in s.governments.iter().enumerate() {
            check(&mut self.errors, format!("$.governments[{i}]"), &e.sources);
        }
        for (i, e) in s.prisoners.iter().enumerate() {
            check(&mut self.errors, format!("$.prisoners[{i}]"), &e.sources);
        }
        for (i, e) in s.pools.iter().enumerate() {
            check(&mut self.errors, format!("$.pools[{i}]"), &e.sources);
        }
        for (i, e) in s.sanctions.iter().enumerate() {
            check(&mut self.errors, format!("$.sanctions[{i}]"), &e.sources);
        }
        for (i, e) in s.valuations.iter().enumerate() {
            check(&mut self.errors, format!("$.valuations[{i}]"), &e.sources);
        }
        for (i, e) in s.alliances.iter().enumerate() {
            check(&mut self.errors, format!("$.alliances[{i}]"), &e.sources);
        }
        for (i, e) in s.favours.iter().enumerate() {
            check(&mut self.errors, format!("$.favours[{i}]"), &e.sources);
        }
    }

    fn person(&mut self, p: &str, person: Person<'_>) {
        self.state_ref(
            format!("{p}.held_by"),
            person.held_by,
            "a prisoner's custodian",
        );
        if let Some(h) = person.on_behalf_of {
            self.state_ref(format!("{p}.on_behalf_of"), h, "a prisoner's legal holder");
        }
        for (j, c) in person.citizenship.iter().enumerate() {
            self.citizenship(format!("{p}.citizenship[{j}]"), c);
        }
        if let Some(r) = person.release_to {
            self.gov_ref(format!("{p}.release_to"), r);
        }
        self.in_range(
            format!("{p}.health_hazard"),
            person.health_hazard,
            0.0,
            1.0,
            "a probability in [0, 1]",
        );
        for (by, v) in person.valued_by {
            self.gov_ref(format!("{p}.valued_by.{by}"), by);
            self.finite(format!("{p}.valued_by.{by}"), *v);
        }
    }

    fn people(&mut self, s: &Scenario, limits: &Limits) {
        for (i, e) in s.prisoners.iter().enumerate() {
            let p = format!("$.prisoners[{i}]");
            if !self.ids.people.insert(e.id.clone()) {
                self.errors.push(
                    format!("{p}.id"),
                    format!("duplicate prisoner id `{}`", e.id),
                );
            }
            self.person(&p, e.person());
        }
        let mut total = s.prisoners.len() as u64;
        // Recognition is sparse now (a state holds the levels granted, not a
        // government × government table), so governments cost memory
        // linearly.
        let n_gov = s.governments.len() as u64;
        let gov_bytes = BYTES_PER_GOVERNMENT.saturating_mul(n_gov);
        let mut bytes = gov_bytes;
        if bytes > limits.memory_budget {
            self.errors.push(
                "$.governments",
                format!(
                    "{n_gov} governments need about {} on their own, more than the memory budget of {}",
                    human(bytes),
                    human(limits.memory_budget)
                ),
            );
        }
        bytes += s
            .prisoners
            .iter()
            .map(|e| person_bytes(e.person()))
            .sum::<u64>();
        let mut over_budget = bytes > limits.memory_budget;
        if over_budget && gov_bytes <= limits.memory_budget {
            self.errors.push(
                "$.prisoners",
                format!(
                    "the named prisoners need about {}, more than the memory budget of {}",
                    human(bytes),
                    human(limits.memory_budget)
                ),
            );
        }
        for (i, e) in s.pools.iter().enumerate() {
            let p = format!("$.pools[{i}]");
            if self.ids.people.contains(&e.id) || !self.ids.pools.insert(e.id.clone()) {
                self.errors.push(
                    format!("{p}.id"),
                    format!("duplicate prisoner or pool id `{}`", e.id),
                );
            }
            if e.count == 0 && e.reserve == 0 {
                self.errors.push(
                    format!("{p}.count"),
                    "expected a pool of at least one prisoner",
                );
            }
            self.person(&p, e.person());
            let n = u64::from(e.count) + u64::from(e.reserve);
            total += n;
            bytes = bytes.saturating_add(n.saturating_mul(person_bytes(e.person())));
            // Report the pool that crosses a limit, once per limit.
            let field = if e.reserve > e.count {
                "reserve"
            } else {
                "count"
            };
            if total > limits.max_prisoners && total - n <= limits.max_prisoners {
                self.errors.push(
                    format!("{p}.{field}"),
                    format!(
                        "pools expand to {total} prisoners, more than the limit of {}",
                        limits.max_prisoners
                    ),
                );
            } else if total <= limits.max_prisoners && bytes > limits.memory_budget && !over_budget
            {
                over_budget = true;
                self.errors.push(
                    format!("{p}.{field}"),
                    format!(
                        "the world would need about {}, more than the memory budget of {}",
                        human(bytes),
                        human(limits.memory_budget)
                    ),
                );
            }
        }
    }

    fn sanctions(&mut self, s: &Scenario) {
        for (i, e) in s.sanctions.iter().enumerate() {
            let p = format!("$.sanctions[{i}]");
            if !self.ids.sanctions.insert(e.id.clone()) {
                self.errors.push(
                    format!("{p}.id"),
                    format!("duplicate sanction id `{}`", e.id),
                );
            }
            let imposer = self.gov_ref(format!("{p}.imposer"), &e.imposer);
            self.gov_ref(format!("{p}.target"), &e.target);
            if e.imposer == e.target {
                self.errors.push(
                    format!("{p}.target"),
                    format!("`{}` cannot sanction itself", e.target),
                );
            }
            self.finite(format!("{p}.cost_to_target"), e.cost_to_target);
            self.finite(format!("{p}.cost_to_imposer"), e.cost_to_imposer);
            match e.authority {
                Authority::Legislative {
                    approval_probability,
                } => self.in_range(
                    format!("{p}.authority.approval_probability"),
                    approval_probability,
                    0.0,
                    1.0,
                    "a probability in [0, 1]",
                ),
                Authority::Unanimity => {
                    if let Some((_, GovernmentKind::State)) = imposer {
                        self.errors.push(
                            format!("{p}.authority"),
                            format!("unanimity needs a bloc imposer; `{}` is a state", e.imposer),
                        );
                    }
                }
                Authority::Executive => {}
            }
            let mut kinds = BTreeSet::new();
            for (j, r) in e.relief.iter().enumerate() {
                let rp = format!("{p}.relief[{j}]");
                if !kinds.insert(r.kind) {
                    self.errors.push(
                        format!("{rp}.kind"),
                        format!(
                            "relief form `{}` listed twice",
                            serde_json::to_value(r.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        ),
                    );
                }
                if !(r.value_fraction.is_finite()
                    && r.value_fraction > 0.0
                    && r.value_fraction <= 1.0)
                {
                    self.errors.push(
                        format!("{rp}.value_fraction"),
                        format!("expected a fraction in (0, 1], found {}", r.value_fraction),
                    );
                }
                if r.max_rounds.is_some() && r.kind != ReliefKind::Suspend {
                    self.errors.push(
                        format!("{rp}.max_rounds"),
                        "only a suspension has max_rounds",
                    );
                }
                if r.kind == ReliefKind::Unfreeze && e.frozen_funds <= 0.0 {
                    self.errors.push(
                        format!("{rp}.kind"),
                        "unfreeze relief needs frozen_funds > 0 on the sanction",
                    );
                }
            }
            if self.finite(format!("{p}.frozen_funds"), e.frozen_funds) && e.frozen_funds < 0.0 {
                self.errors.push(
                    format!("{p}.frozen_funds"),
                    "expected a non-negative amount",
                );
            }
            for (by, v) in &e.valued_by {
                self.gov_ref(format!("{p}.valued_by.{by}"), by);
                self.finite(format!("{p}.valued_by.{by}"), *v);
            }
        }
    }

    fn valuations(&mut self, s: &Scenario) {
        let mut specific_seen = BTreeSet::new();
        for (i, v) in s.valuations.iter().enumerate() {
            let p = format!("$.valuations[{i}]");
            self.gov_ref(format!("{p}.by"), &v.by);
            self.finite(format!("{p}.value"), v.value);
            let selectors = [
                v.prisoner.is_some(),
                v.pool.is_some(),
                v.tag.is_some(),
                v.sanction.is_some(),
                v.recognition_from.is_some(),
                v.funds,
            ];
            if selectors.iter().filter(|x| **x).count() != 1 {
                self.errors.push(
                    p.clone(),
                    "expected exactly one of `prisoner`, `pool`, `tag`, `sanction`, `recognition_from`, `funds`",
                );
                continue;
            }
            if v.held_by.is_some() && v.tag.is_none() {
                self.errors.push(
                    format!("{p}.held_by"),
                    "`held_by` narrows a `tag` valuation only",
                );
            }
            if v.recognition_to.is_some() && v.recognition_from.is_none() {
                self.errors.push(
                    format!("{p}.recognition_to"),
                    "`recognition_to` goes with `recognition_from`",
                );
            }
            let specific = [
                (
                    Target::Prisoner,
                    &v.prisoner,
                    &self.ids.people,
                    "prisoner",
                    "$.prisoners",
                ),
                (Target::Pool, &v.pool, &self.ids.pools, "pool", "$.pools"),
                (
                    Target::Sanction,
                    &v.sanction,
                    &self.ids.sanctions,
                    "sanction",
                    "$.sanctions",
                ),
            ];
            let mut found = None;
            for (t, key, known, what, list) in specific {
                if let Some(k) = key {
                    if known.contains(k) {
                        found = Some((t, k.clone()));
                    } else {
                        found = None;
                        self.errors.push(
                            format!("{p}.{what}"),
                            unknown_id(what, k, known.iter().map(String::as_str), list),
                        );
                    }
                }
            }
            if let Some((t, k)) = found {
                let inline = match t {
                    Target::Prisoner => {
                        s.prisoners.iter().find(|e| e.id == k).map(|e| &e.valued_by)
                    }
                    Target::Pool => s.pools.iter().find(|e| e.id == k).map(|e| &e.valued_by),
                    Target::Sanction => {
                        s.sanctions.iter().find(|e| e.id == k).map(|e| &e.valued_by)
                    }
                };
                if inline.is_some_and(|m| m.contains_key(&v.by))
                    || !specific_seen.insert((t as u8, k.clone(), v.by.clone()))
                {
                    self.errors.push(
                        p.clone(),
                        format!("`{}`'s value for `{k}` is given twice", v.by),
                    );
                }
                self.ids.specific.push((t, k, v.by.clone(), v.value));
            }
            if let Some(tag) = &v.tag {
                let carried = s
                    .prisoners
                    .iter()
                    .map(|e| &e.tags)
                    .chain(s.pools.iter().map(|e| &e.tags))
                    .any(|tags| tags.contains(tag));
                if !carried {
                    // A misspelt tag would otherwise silently value no one.
                    self.errors.push(
                        format!("{p}.tag"),
                        format!("no prisoner or pool has the tag `{tag}`, so this valuation would change nothing"),
                    );
                }
            }
            if let Some(h) = &v.held_by {
                self.gov_ref(format!("{p}.held_by"), h);
            }
            if let Some(f) = &v.recognition_from {
                self.gov_ref(format!("{p}.recognition_from"), f);
            }
            if let Some(t) = &v.recognition_to {
                self.gov_ref(format!("{p}.recognition_to"), t);
            }
        }
    }

    fn rules(&mut self, s: &Scenario) {
        for (i, r) in s.rules.iter().enumerate() {
            if let Rule::MaxParties { max } = r
                && *max < 2
            {
                self.errors.push(
                    format!("$.rules[{i}].max"),
                    format!("expected at least 2 parties, found {max}"),
                );
            }
        }
    }
}
