//! Building a [`World`]: specs of governments, prisoners and sanctions,
//! checked as they are added, then assembled into the graph and the dense
//! value tables.

use super::family::{Dependant, Family};
use super::values::{RecognitionValue, Valuations, ValueRows};
use super::world::{Edge, Node, Pool, World};
use super::{
    Alliance, Alliances, Authority, CountryCode, Demand, Demands, Favour, FavourId, FavourSpec,
    Government, GovernmentId, GovernmentKind, Prisoner, PrisonerId, ReliefForms, ReliefOption,
    Sanction, SanctionId,
};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet};

/// What a government needs to be added to a [`WorldBuilder`].
#[derive(Clone, Debug, PartialEq)]
pub struct GovernmentSpec {
    /// Short code, unique in the world.
    pub code: String,
    /// Display name (defaults to the code when empty).
    pub name: String,
    /// State or bloc.
    pub kind: GovernmentKind,
    /// Discount factor per round in (0, 1].
    pub discount: f64,
    /// Audience cost per concession made.
    pub audience_cost: f64,
    /// Least acceptable payoff change from a deal.
    pub reservation: f64,
    /// Whether it takes in exiles.
    pub accepts_exiles: bool,
}

impl GovernmentSpec {
    /// A state with code `code`, discount 1, no audience cost, reservation 0,
    /// accepting exiles.
    pub fn new(code: &str) -> Self {
        Self {
            code: code.to_string(),
            name: String::new(),
            kind: GovernmentKind::State,
            discount: 1.0,
            audience_cost: 0.0,
            reservation: 0.0,
            accepts_exiles: true,
        }
    }
}

/// What a prisoner needs to be added to a [`WorldBuilder`].
#[derive(Clone, Debug, PartialEq)]
pub struct PrisonerSpec {
    /// Key, unique in the world.
    pub key: String,
    /// Public name.
    pub name: Option<String>,
    /// Custodian.
    pub custodian: GovernmentId,
    /// Legal holder when different from the custodian.
    pub on_behalf_of: Option<GovernmentId>,
    /// Citizenships that are governments of the world.
    pub citizenships: Vec<GovernmentId>,
    /// Citizenships of countries that are not governments of the world.
    pub citizenship_codes: Vec<CountryCode>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sentence left, in rounds.
    pub sentence_rounds: Option<u32>,
    /// Health hazard per round.
    pub health_hazard: f64,
    /// Accepts exile.
    pub accepts_exile: bool,
    /// Dependants travelling with them: shorthand for a family of this
    /// prisoner alone (for a pool, one per member), keyed by the prisoner.
    pub dependants: Vec<String>,
    /// Default destination of a release.
    pub release_to: Option<GovernmentId>,
}

impl PrisonerSpec {
    /// A prisoner held by `custodian`, a citizen of `citizen`.
    pub fn new(key: &str, custodian: GovernmentId, citizen: GovernmentId) -> Self {
        Self {
            key: key.to_string(),
            name: None,
            custodian,
            on_behalf_of: None,
            citizenships: vec![citizen],
            citizenship_codes: Vec::new(),
            tags: Vec::new(),
            sentence_rounds: None,
            health_hazard: 0.0,
            accepts_exile: true,
            dependants: Vec::new(),
            release_to: None,
        }
    }
}

/// What a sanction needs to be added to a [`WorldBuilder`].
#[derive(Clone, Debug, PartialEq)]
pub struct SanctionSpec {
    /// Key, unique in the world.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Imposer.
    pub imposer: GovernmentId,
    /// Target.
    pub target: GovernmentId,
    /// Sector.
    pub sector: String,
    /// Cost per round to the target.
    pub cost_to_target: f64,
    /// Cost per round to the imposer.
    pub cost_to_imposer: f64,
    /// Authority to relieve it.
    pub authority: Authority,
    /// Relief forms allowed.
    pub relief: Vec<ReliefOption>,
    /// Frozen funds.
    pub frozen_funds: f64,
}

impl SanctionSpec {
    /// An executive sanction from `imposer` on `target` allowing the given relief.
    pub fn new(
        key: &str,
        imposer: GovernmentId,
        target: GovernmentId,
        relief: Vec<ReliefOption>,
    ) -> Self {
        Self {
            key: key.to_string(),
            name: key.to_string(),
            imposer,
            target,
            sector: String::new(),
            cost_to_target: 0.0,
            cost_to_imposer: 0.0,
            authority: Authority::Executive,
            relief,
            frozen_funds: 0.0,
        }
    }
}

/// Why a [`WorldBuilder`] refused an entity.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A code or key used twice.
    #[error("duplicate {kind} `{key}`")]
    Duplicate {
        /// `government`, `prisoner` or `sanction`.
        kind: &'static str,
        /// The repeated key.
        key: String,
    },
    /// An id that is not in the world yet.
    #[error("unknown {kind} id {id}")]
    UnknownId {
        /// What kind of id.
        kind: &'static str,
        /// The id.
        id: u32,
    },
    /// Something else that makes the world inconsistent.
    #[error("{0}")]
    Invalid(String),
    /// The world would need more than `u32::MAX` entities.
    #[error("too many {0}")]
    TooMany(&'static str),
}

/// Builds a [`World`] entity by entity.
///
/// ```
/// use detente::model::*;
/// # fn main() -> Result<(), BuildError> {
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA"))?;
/// let blr = b.government(GovernmentSpec::new("BLR"))?;
/// let p = b.prisoner(PrisonerSpec::new("kalesnikava", blr, blr))?;
/// b.value_prisoner(usa, p, 5.0)?;
/// let world = b.build()?;
/// assert_eq!(world.prisoners().len(), 1);
/// assert_eq!(world.valuations().prisoner(usa, p), 5.0);
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct WorldBuilder {
    name: String,
    governments: Vec<Government>,
    pub(super) prisoners: Vec<Prisoner>,
    pub(super) families: Vec<Family>,
    sanctions: Vec<Sanction>,
    pools: Vec<Pool>,
    prisoner_values: Vec<Vec<(GovernmentId, f64)>>,
    sanction_values: Vec<Vec<(GovernmentId, f64)>>,
    /// In the order last set; a value set again leaves a hole where it was.
    recognition: Vec<Option<RecognitionValue>>,
    funds: Vec<f64>,
    demands: Vec<Demand>,
    alliances: Vec<Alliance>,
    favours: Vec<Favour>,
    gov_codes: BTreeMap<String, GovernmentId>,
    prisoner_keys: BTreeMap<String, PrisonerId>,
    sanction_keys: BTreeMap<String, SanctionId>,
    // What the checks of each addition look up, so that building a world
    // stays O(n log n) in its entities: a scan of everything added so far
    // made a world of 100,000 favours, alliances or demands quadratic.
    pool_keys: BTreeSet<String>,
    favour_keys: BTreeSet<String>,
    allied: BTreeSet<(GovernmentId, GovernmentId)>,
    /// `(mediator, party)`.
    mediated: BTreeSet<(GovernmentId, GovernmentId)>,
    /// `(member, bloc)`.
    joined: BTreeSet<(GovernmentId, GovernmentId)>,
    /// `(by, from, to)` to its place in `recognition`.
    recognised: BTreeMap<(GovernmentId, GovernmentId, GovernmentId), usize>,
    /// `(by, prisoner)` of must-haves and of red lines.
    must_haves: BTreeSet<(GovernmentId, PrisonerId)>,
    red_lines: BTreeSet<(GovernmentId, PrisonerId)>,
}

impl WorldBuilder {
    /// An empty world called `name`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    fn check_gov(&self, g: GovernmentId) -> Result<(), BuildError> {
        if g.index() < self.governments.len() {
            Ok(())
        } else {
            Err(BuildError::UnknownId {
                kind: "government",
                id: g.0,
            })
        }
    }

    /// Adds a government or bloc.
    ///
    /// # Errors
    /// [`BuildError::Duplicate`] when the code is taken.
    pub fn government(&mut self, spec: GovernmentSpec) -> Result<GovernmentId, BuildError> {
        if self.gov_codes.contains_key(&spec.code) {
            return Err(BuildError::Duplicate {
                kind: "government",
                key: spec.code,
            });
        }
        let id = GovernmentId(
            u32::try_from(self.governments.len())
                .map_err(|_| BuildError::TooMany("governments"))?,
        );
        self.gov_codes.insert(spec.code.clone(), id);
        self.funds.push(0.0);
        self.governments.push(Government {
            id,
            name: if spec.name.is_empty() {
                spec.code.clone()
            } else {
                spec.name
            },
            code: spec.code,
            kind: spec.kind,
            discount: spec.discount,
            audience_cost: spec.audience_cost,
            reservation: spec.reservation,
            accepts_exiles: spec.accepts_exiles,
            blocs: Vec::new(),
            members: Vec::new(),
            mediates: Vec::new(),
        });
        Ok(id)
    }

    /// Makes `member` a member of `bloc`.
    ///
    /// # Errors
    /// When either id is unknown, `bloc` is not a bloc, or the membership
    /// would make a bloc a member of itself (directly or through other blocs).
    pub fn membership(
        &mut self,
        member: GovernmentId,
        bloc: GovernmentId,
    ) -> Result<(), BuildError> {
        self.check_gov(member)?;
        self.check_gov(bloc)?;
        if !self.governments[bloc.index()].is_bloc() {
            return Err(BuildError::Invalid(format!(
                "`{}` is not a bloc",
                self.governments[bloc.index()].code
            )));
        }
        if member == bloc || self.bloc_reaches(bloc, member) {
            return Err(BuildError::Invalid(format!(
                "bloc membership of `{}` in `{}` would be circular",
                self.governments[member.index()].code,
                self.governments[bloc.index()].code
            )));
        }
        if self.joined.insert((member, bloc)) {
            self.governments[member.index()].blocs.push(bloc);
            self.governments[bloc.index()].members.push(member);
        }
        Ok(())
    }

    // Whether `from` is (transitively) a member of `to`. Visits only the
    // blocs above `from`: a table over every government per membership
    // made adding memberships quadratic in governments.
    fn bloc_reaches(&self, from: GovernmentId, to: GovernmentId) -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(g) = stack.pop() {
            if g == to {
                return true;
            }
            if seen.insert(g) {
                stack.extend(&self.governments[g.index()].blocs);
            }
        }
        false
    }

    /// Records that `mediator` mediates for (or hosts exchanges with) `party`.
    ///
    /// # Errors
    /// When either id is unknown.
    pub fn mediation(
        &mut self,
        mediator: GovernmentId,
        party: GovernmentId,
    ) -> Result<(), BuildError> {
        self.check_gov(mediator)?;
        self.check_gov(party)?;
        if self.mediated.insert((mediator, party)) {
            self.governments[mediator.index()].mediates.push(party);
        }
        Ok(())
    }

    /// Adds a prisoner.
    ///
    /// # Errors
    /// Duplicate key, unknown government ids, or custody by a bloc.
    pub fn prisoner(&mut self, spec: PrisonerSpec) -> Result<PrisonerId, BuildError> {
        self.add_prisoner(spec, None, false)
    }

    fn add_prisoner(
        &mut self,
        spec: PrisonerSpec,
        pool: Option<u32>,
        at_large: bool,
    ) -> Result<PrisonerId, BuildError> {
        self.check_gov(spec.custodian)?;
        for &c in spec
            .citizenships
            .iter()
            .chain(&spec.on_behalf_of)
            .chain(&spec.release_to)
        {
            self.check_gov(c)?;
        }
        for holder in std::iter::once(spec.custodian).chain(spec.on_behalf_of) {
            if self.governments[holder.index()].is_bloc() {
                return Err(BuildError::Invalid(format!(
                    "prisoner `{}` is held by bloc `{}`; blocs hold no prisoners",
                    spec.key,
                    self.governments[holder.index()].code
                )));
            }
        }
        let id = PrisonerId(
            u32::try_from(self.prisoners.len()).map_err(|_| BuildError::TooMany("prisoners"))?,
        );
        if pool.is_none() {
            if self.prisoner_keys.contains_key(&spec.key) {
                return Err(BuildError::Duplicate {
                    kind: "prisoner",
                    key: spec.key,
                });
            }
            self.prisoner_keys.insert(spec.key.clone(), id);
        }
        self.prisoners.push(Prisoner {
            id,
            key: spec.key,
            name: spec.name,
            custodian: spec.custodian,
            on_behalf_of: spec.on_behalf_of,
            citizenships: spec.citizenships,
            citizenship_codes: spec.citizenship_codes,
            tags: spec.tags,
            sentence_rounds: spec.sentence_rounds,
            health_hazard: spec.health_hazard,
            accepts_exile: spec.accepts_exile,
            family: None,
            release_to: spec.release_to,
            pool,
            starts_at_large: at_large,
        });
        if !spec.dependants.is_empty() {
            let dependants = spec
                .dependants
                .into_iter()
                .map(|key| Dependant { key, name: None })
                .collect();
            let key = self.prisoners[id.index()].key.clone();
            self.family(&key, &[id], dependants)?;
        }
        self.prisoner_values.push(Vec::new());
        Ok(id)
    }

    /// Adds a pool: `held` anonymous prisoners in custody and `reserve` at
    /// large, all alike (`template`'s key becomes `key#n`). Valuations given
    /// with `values` apply to every member.
    ///
    /// # Errors
    /// As for [`WorldBuilder::prisoner`]; a pool key already used.
    pub fn pool(
        &mut self,
        key: &str,
        template: PrisonerSpec,
        held: u32,
        reserve: u32,
        values: &[(GovernmentId, f64)],
    ) -> Result<std::ops::Range<PrisonerId>, BuildError> {
        if self.pool_keys.contains(key) || self.prisoner_keys.contains_key(key) {
            return Err(BuildError::Duplicate {
                kind: "pool",
                key: key.to_string(),
            });
        }
        for &(g, _) in values {
            self.check_gov(g)?;
        }
        let pool_index = self.pools.len() as u32;
        let first = PrisonerId::new(self.prisoners.len());
        let total = held as usize + reserve as usize;
        self.prisoners.reserve(total);
        self.prisoner_values.reserve(total);
        for n in 0..total {
            let mut spec = template.clone();
            spec.key = format!("{key}#{n}");
            let id = self.add_prisoner(spec, Some(pool_index), n >= held as usize)?;
            self.prisoner_values[id.index()].extend_from_slice(values);
        }
        self.pool_keys.insert(key.to_string());
        self.pools.push(Pool {
            key: key.to_string(),
            first,
            held,
            reserve,
            custodian: template.custodian,
        });
        Ok(first..PrisonerId::new(self.prisoners.len()))
    }

    /// Adds a sanction.
    ///
    /// # Errors
    /// Duplicate key, unknown ids, a sanction whose imposer is its target,
    /// unanimity authority on a non-bloc imposer, or relief forms that
    /// [`ReliefForms::new`] refuses.
    pub fn sanction(&mut self, spec: SanctionSpec) -> Result<SanctionId, BuildError> {
        self.check_gov(spec.imposer)?;
        self.check_gov(spec.target)?;
        if spec.imposer == spec.target {
            return Err(BuildError::Invalid(format!(
                "sanction `{}` is imposed by its own target",
                spec.key
            )));
        }
        if self.sanction_keys.contains_key(&spec.key) {
            return Err(BuildError::Duplicate {
                kind: "sanction",
                key: spec.key,
            });
        }
        let id = SanctionId(
            u32::try_from(self.sanctions.len()).map_err(|_| BuildError::TooMany("sanctions"))?,
        );
        let relief = ReliefForms::new(spec.relief)
            .map_err(|e| BuildError::Invalid(format!("sanction `{}`: {e}", spec.key)))?;
        self.sanction_keys.insert(spec.key.clone(), id);
        self.sanctions.push(Sanction {
            id,
            key: spec.key,
            name: spec.name,
            imposer: spec.imposer,
            target: spec.target,
            sector: spec.sector,
            cost_to_target: spec.cost_to_target,
            cost_to_imposer: spec.cost_to_imposer,
            authority: spec.authority,
            relief,
            frozen_funds: spec.frozen_funds,
        });
        self.sanction_values.push(Vec::new());
        Ok(id)
    }

    /// Sets what `by` gains from prisoner `p`'s release (replacing an earlier value).
    ///
    /// # Errors
    /// Unknown ids.
    pub fn value_prisoner(
        &mut self,
        by: GovernmentId,
        p: PrisonerId,
        value: f64,
    ) -> Result<(), BuildError> {
        self.check_gov(by)?;
        let row = self
            .prisoner_values
            .get_mut(p.index())
            .ok_or(BuildError::UnknownId {
                kind: "prisoner",
                id: p.0,
            })?;
        set_entry(row, by, value);
        Ok(())
    }

    /// Sets what `by` gains from full relief of sanction `s`.
    ///
    /// # Errors
    /// Unknown ids.
    pub fn value_sanction(
        &mut self,
        by: GovernmentId,
        s: SanctionId,
        value: f64,
    ) -> Result<(), BuildError> {
        self.check_gov(by)?;
        let row = self
            .sanction_values
            .get_mut(s.index())
            .ok_or(BuildError::UnknownId {
                kind: "sanction",
                id: s.0,
            })?;
        set_entry(row, by, value);
        Ok(())
    }

    /// Sets what `by` gains per level of recognition `from` grants `to`.
    ///
    /// # Errors
    /// Unknown ids.
    pub fn value_recognition(
        &mut self,
        by: GovernmentId,
        from: GovernmentId,
        to: GovernmentId,
        per_level: f64,
    ) -> Result<(), BuildError> {
        for g in [by, from, to] {
            self.check_gov(g)?;
        }
        // As if the earlier value were removed and this one appended.
        let at = self.recognition.len();
        if let Some(was) = self.recognised.insert((by, from, to), at) {
            self.recognition[was] = None;
        }
        self.recognition.push(Some(RecognitionValue {
            by,
            from,
            to,
            per_level,
        }));
        Ok(())
    }

    /// Sets what `by` gains per unit of funds it receives.
    ///
    /// # Errors
    /// Unknown id.
    pub fn value_funds(&mut self, by: GovernmentId, per_unit: f64) -> Result<(), BuildError> {
        self.check_gov(by)?;
        self.funds[by.index()] = per_unit;
        Ok(())
    }

    /// The prisoner added with key `key`, if any.
    pub fn prisoner_by_key(&self, key: &str) -> Option<PrisonerId> {
        self.prisoner_keys.get(key).copied()
    }

    /// Adds a hard demand ([`Demand`]).
    ///
    /// ```
    /// use detente::model::*;
    /// # fn main() -> Result<(), BuildError> {
    /// let mut b = WorldBuilder::new("toy");
    /// let (usa, rus) = (b.government(GovernmentSpec::new("USA"))?, b.government(GovernmentSpec::new("RUS"))?);
    /// let griner = b.prisoner(PrisonerSpec::new("griner", rus, usa))?;
    /// b.demand(Demand::MustHave { by: usa, prisoners: vec![griner] })?;
    /// assert!(b.demand(Demand::RedLine { by: usa, prisoners: vec![griner] }).is_err());
    /// let world = b.build()?;
    /// assert!(world.demands().is_must_have(usa, griner));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// An unknown id, an empty list, a prisoner listed twice, a together
    /// demand of fewer than two prisoners, or a prisoner that is both a
    /// must-have and a red line of the same government.
    pub fn demand(&mut self, demand: Demand) -> Result<(), BuildError> {
        if let Some(by) = demand.by() {
            self.check_gov(by)?;
        }
        let prisoners = demand.prisoners();
        for p in prisoners {
            if p.index() >= self.prisoners.len() {
                return Err(BuildError::UnknownId {
                    kind: "prisoner",
                    id: p.0,
                });
            }
        }
        let mut sorted = prisoners.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != prisoners.len() {
            return Err(BuildError::Invalid(
                "a demand lists a prisoner twice".into(),
            ));
        }
        let least = if matches!(demand, Demand::Together { .. }) {
            2
        } else {
            1
        };
        if prisoners.len() < least {
            return Err(BuildError::Invalid(format!(
                "a demand of this kind needs at least {least} prisoner(s)"
            )));
        }
        // A must-have clashes with a red line of the same government on a
        // common prisoner.
        let (mine, other) = match demand {
            Demand::MustHave { by, .. } => (Some(by), &self.red_lines),
            Demand::RedLine { by, .. } => (Some(by), &self.must_haves),
            _ => (None, &self.red_lines),
        };
        if let Some(by) = mine {
            if prisoners.iter().any(|&p| other.contains(&(by, p))) {
                return Err(BuildError::Invalid(
                    "a government makes the same prisoner both a must-have and a red line".into(),
                ));
            }
            let kept = match demand {
                Demand::MustHave { .. } => &mut self.must_haves,
                _ => &mut self.red_lines,
            };
            kept.extend(prisoners.iter().map(|&p| (by, p)));
        }
        self.demands.push(demand);
        Ok(())
    }

    /// Declares that `by` gains `weight` per unit of `of`'s own material
    /// payoff change (see [`Alliances`]); a negative weight makes `by` a
    /// rival of `of`.
    ///
    /// # Errors
    /// Unknown ids, `by == of`, a weight that is not finite, or a second
    /// weight for the same ordered pair.
    pub fn alliance(
        &mut self,
        by: GovernmentId,
        of: GovernmentId,
        weight: f64,
    ) -> Result<(), BuildError> {
        self.check_gov(by)?;
        self.check_gov(of)?;
        let code = |g: GovernmentId| self.governments[g.index()].code.clone();
        if by == of {
            return Err(BuildError::Invalid(format!(
                "`{}` cannot be its own ally",
                code(by)
            )));
        }
        if !weight.is_finite() {
            return Err(BuildError::Invalid(format!(
                "alliance weight of `{}` on `{}` is not finite",
                code(by),
                code(of)
            )));
        }
        if !self.allied.insert((by, of)) {
            return Err(BuildError::Duplicate {
                kind: "alliance",
                key: format!("{} -> {}", code(by), code(of)),
            });
        }
        self.alliances.push(Alliance { by, of, weight });
        Ok(())
    }

    /// Adds a favour `spec.from` can give `spec.to` once.
    ///
    /// # Errors
    /// Unknown ids, `from == to`, a repeated key, or a value or cost that
    /// is negative or not finite.
    pub fn favour(&mut self, spec: FavourSpec) -> Result<FavourId, BuildError> {
        self.check_gov(spec.from)?;
        self.check_gov(spec.to)?;
        if spec.from == spec.to {
            return Err(BuildError::Invalid(format!(
                "favour `{}` is given by a government to itself",
                spec.key
            )));
        }
        if !(spec.value.is_finite()
            && spec.value >= 0.0
            && spec.cost.is_finite()
            && spec.cost >= 0.0)
        {
            return Err(BuildError::Invalid(format!(
                "favour `{}` needs a finite value and cost, both at least 0",
                spec.key
            )));
        }
        if self.favour_keys.contains(&spec.key) {
            return Err(BuildError::Duplicate {
                kind: "favour",
                key: spec.key,
            });
        }
        let id = FavourId(
            u32::try_from(self.favours.len()).map_err(|_| BuildError::TooMany("favours"))?,
        );
        self.favour_keys.insert(spec.key.clone());
        self.favours.push(Favour {
            id,
            key: spec.key,
            from: spec.from,
            to: spec.to,
            value: spec.value,
            cost: spec.cost,
        });
        Ok(id)
    }

    /// Finishes the world: builds the graph and the dense value tables.
    ///
    /// # Errors
    /// Currently none beyond what the adders check; kept fallible so that
    /// whole-world checks can be added without breaking callers.
    pub fn build(self) -> Result<World, BuildError> {
        let mut graph = StableDiGraph::with_capacity(
            self.governments.len() + self.prisoners.len() + self.sanctions.len(),
            self.prisoners.len() * 3 + self.sanctions.len() * 3,
        );
        let gov_nodes: Vec<NodeIndex> = self
            .governments
            .iter()
            .map(|g| graph.add_node(Node::Government(g.id)))
            .collect();
        for g in &self.governments {
            for b in &g.blocs {
                graph.add_edge(
                    gov_nodes[g.id.index()],
                    gov_nodes[b.index()],
                    Edge::MemberOf,
                );
            }
            for m in &g.mediates {
                graph.add_edge(
                    gov_nodes[g.id.index()],
                    gov_nodes[m.index()],
                    Edge::Mediates,
                );
            }
        }
        for (p, values) in self.prisoners.iter().zip(&self.prisoner_values) {
            let n = graph.add_node(Node::Prisoner(p.id));
            graph.add_edge(gov_nodes[p.custodian.index()], n, Edge::Holds);
            if let Some(h) = p.on_behalf_of {
                graph.add_edge(gov_nodes[h.index()], n, Edge::Claims);
            }
            for c in &p.citizenships {
                graph.add_edge(n, gov_nodes[c.index()], Edge::CitizenOf);
            }
            for &(g, w) in values {
                graph.add_edge(gov_nodes[g.index()], n, Edge::Values { weight: w });
            }
        }
        for (s, values) in self.sanctions.iter().zip(&self.sanction_values) {
            let n = graph.add_node(Node::Sanction(s.id));
            graph.add_edge(gov_nodes[s.imposer.index()], n, Edge::Imposes);
            graph.add_edge(n, gov_nodes[s.target.index()], Edge::Targets);
            for &(g, w) in values {
                graph.add_edge(gov_nodes[g.index()], n, Edge::Values { weight: w });
            }
        }
        let values = Valuations {
            prisoners: ValueRows::from_rows(self.prisoner_values),
            sanctions: ValueRows::from_rows(self.sanction_values),
            recognition: self.recognition.into_iter().flatten().collect(),
            funds: self.funds,
        };
        let demands = Demands::new(self.demands, self.prisoners.len());
        Ok(World {
            name: self.name,
            graph,
            governments: self.governments,
            prisoners: self.prisoners,
            sanctions: self.sanctions,
            pools: self.pools,
            families: self.families,
            values,
            demands,
            alliances: Alliances::new(self.alliances),
            favours: self.favours,
            gov_codes: self.gov_codes,
            prisoner_keys: self.prisoner_keys,
            sanction_keys: self.sanction_keys,
        })
    }
}

fn set_entry(row: &mut Vec<(GovernmentId, f64)>, g: GovernmentId, v: f64) {
    match row.iter_mut().find(|e| e.0 == g) {
        Some(e) => e.1 = v,
        None => row.push((g, v)),
    }
}
