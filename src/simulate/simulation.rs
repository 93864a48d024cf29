//! A [`Simulation`]: a world, its rulebook and the scenario's dynamics,
//! compiled once into dense tables that every run shares read-only.

use std::sync::Arc;

use super::SimulateError;
use super::pair_index::{GovPair, PairIndex};
use super::pairs::{Pair, PairSetup};
use super::roster::Roster;
use crate::deal::Held;
use crate::model::{GovernmentId, PrisonerStatus, SanctionId, State, World};
use crate::negotiate::deal_space::Gives;
use crate::negotiate::{FrequencyModel, Lookahead, RandomStrategy, Strategy, TimeBased, TitForTat};
use crate::rules::{FirstMover, Rule, Rulebook};
use crate::scenario::{Dynamics, GestureKind, Scenario, StagingChoice, StrategySpec};

/// Makes a fresh strategy for one side of one negotiation pair at the start
/// of each run; the argument is a seed drawn from the run's generator (for
/// strategies that draw random numbers).
pub type StrategyFactory = Arc<dyn Fn(u64) -> Box<dyn Strategy> + Send + Sync>;

/// Prisoners that share a holder and hazards: a pool, or one named prisoner.
/// Members are consecutive ids `first..first + len`.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub first: u32,
    pub len: u32,
    pub holder: GovernmentId,
    /// Per-round probability that a sentence ends.
    pub sentence: f64,
    /// Per-round probability of a health crisis.
    pub health: f64,
    /// Per-round probability of a unilateral pardon (from the holder).
    pub pardon: f64,
}

/// A holder's arrest and pardon settings, by government index.
#[derive(Clone, Debug, Default)]
pub(crate) struct HolderModel {
    pub arrest_rate: f64,
    pub elasticity: f64,
    pub reference_price: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct Escalation {
    pub by: GovernmentId,
    pub against: GovernmentId,
    pub spike: f64,
    pub probability: f64,
    pub snapback: bool,
    pub dormant: Vec<SanctionId>,
}

/// A gesture of `dynamics.gestures`, tied to the pair it builds standing in.
#[derive(Clone, Debug)]
pub(crate) struct GestureModel {
    pub pair: usize,
    pub kind: GestureKind,
    pub probability: f64,
    pub count: u32,
    pub credit: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub government: GovernmentId,
    pub probability: f64,
    pub scale: [f64; 2],
}

/// A world, its rulebook and its dynamics, ready to run. Build one from a
/// scenario with [`Simulation::from_scenario`]; `&Simulation` is `Sync` and
/// shared by every run and thread.
///
/// ```
/// use detente::simulate::{ExperimentConfig, Simulation};
/// let scenario = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let sim = Simulation::from_scenario(&scenario)?;
/// let results = sim.experiment(&ExperimentConfig { runs: 8, rounds: 6, seed: 1 });
/// assert_eq!(results.runs, 8);
/// assert!(results.held_at_end.quantiles().mean > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Simulation {
    pub(crate) world: World,
    pub(crate) rules: Rulebook,
    pub(crate) dynamics: Dynamics,
    pub(crate) initial: State,
    pub(crate) initial_held: u32,
    pub(crate) groups: Vec<Group>,
    /// Group of each prisoner.
    pub(crate) group_of: Vec<u32>,
    pub(crate) holders: Vec<HolderModel>,
    pub(crate) escalation: Vec<Escalation>,
    pub(crate) changes: Vec<Change>,
    pub(crate) pairs: Vec<Pair>,
    pub(crate) gestures: Vec<GestureModel>,
    /// Ordered pairs with a demand but no talks, and why.
    pub(crate) unformed: Vec<UnformedPair>,
    /// Who is held and at large per group at the start.
    pub(crate) roster: Roster,
    /// Per government: groups it holds with members at large (who may be arrested).
    pub(crate) arrestable: Vec<Vec<u32>>,
    /// Where each prisoner goes when freed without a deal: home if the
    /// custodian is (or may be) their country, else their first
    /// citizenship. Kept dense because sentences and pardons free hundreds
    /// of prisoners per run and a prisoner record spans several cache lines.
    pub(crate) free_destination: Vec<GovernmentId>,
    /// For each prisoner, a prisoner of the same group whose valuation row
    /// is identical (the group's first member when it matches, else the
    /// prisoner itself). Pool members share their row, so payoffs of
    /// releases read one hot row per pool instead of scattered ones; the
    /// sums are the same numbers in the same order.
    pub(crate) value_row: Vec<u32>,
    /// Strategy factory per government.
    pub(crate) strategies: Vec<StrategyFactory>,
    pub(crate) strategy_names: Vec<String>,
    /// [`Rulebook::violation_rules`], the index of the dense per-rule
    /// refusal counts each run keeps.
    pub(crate) rule_names: Vec<String>,
}

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation")
            .field("world", &self.world.name())
            .field("pairs", &self.pairs.len())
            .field("strategies", &self.strategy_names)
            .finish()
    }
}

impl Simulation {
    /// Validates and builds `scenario`'s world, rulebook and dynamics
    /// (defaults when the scenario has no `dynamics` section).
    ///
    /// # Errors
    /// Every mistake in the scenario, with its JSON path.
    pub fn from_scenario(scenario: &Scenario) -> Result<Self, SimulateError> {
        let world = scenario.build()?;
        let rules = scenario.rulebook();
        let dynamics = scenario.dynamics.clone().unwrap_or_default();
        Self::new(world, rules, dynamics)
    }

    /// A simulation of `world` under `rules` and `dynamics`.
    ///
    /// # Errors
    /// [`SimulateError::Dynamics`] when `dynamics` names a government or
    /// sanction the world does not have.
    pub fn new(world: World, rules: Rulebook, dynamics: Dynamics) -> Result<Self, SimulateError> {
        let gov = |code: &str, path: &str| {
            world.government_by_code(code).ok_or_else(|| {
                SimulateError::Dynamics(format!("{path}: unknown government `{code}`"))
            })
        };
        let n_gov = world.governments().len();
        let mut holders = vec![HolderModel::default(); n_gov];
        let mut pardon = vec![0.0; n_gov];
        for (i, h) in dynamics.holders.iter().enumerate() {
            let g = gov(&h.id, &format!("$.dynamics.holders[{i}].id"))?;
            holders[g.index()] = HolderModel {
                arrest_rate: h.arrest_rate,
                elasticity: h.elasticity,
                reference_price: h.reference_price,
            };
            pardon[g.index()] = h.pardon_rate;
        }
        let groups_and_map = groups(&world, &dynamics, &pardon);
        let (groups, group_of) = groups_and_map;
        let mut escalation = Vec::new();
        let mut initial = State::initial(&world);
        for (i, e) in dynamics.escalation.iter().enumerate() {
            let p = format!("$.dynamics.escalation[{i}]");
            let mut dormant = Vec::new();
            for key in &e.sanctions {
                let s = world.sanction_by_key(key).ok_or_else(|| {
                    SimulateError::Dynamics(format!("{p}.sanctions: unknown sanction `{key}`"))
                })?;
                // A dormant sanction starts fully relieved and comes into
                // force on escalation.
                initial.relief[s.index()].level = 1.0;
                initial.relief[s.index()].kind = Some(crate::model::ReliefKind::Delist);
                dormant.push(s);
            }
            escalation.push(Escalation {
                by: gov(&e.by, &format!("{p}.by"))?,
                against: gov(&e.against, &format!("{p}.against"))?,
                spike: e.spike,
                probability: e.probability,
                snapback: e.snapback,
                dormant,
            });
        }
        let mut changes = Vec::new();
        for (i, c) in dynamics.government_changes.iter().enumerate() {
            changes.push(Change {
                government: gov(
                    &c.government,
                    &format!("$.dynamics.government_changes[{i}]"),
                )?,
                probability: c.probability,
                scale: c.scale,
            });
        }
        let neg = &dynamics.negotiation;
        let first_mover = rules.rules().iter().find_map(|r| match r {
            Rule::Sequencing { first_mover, .. } => *first_mover,
            _ => None,
        });
        // Only pairs where the demander values a prisoner the holder holds
        // can talk (`Pair::build` refuses the others), so they are found
        // from the valuation rows instead of trying every pair of
        // governments; the venue of a pair is then a merge of two short
        // sorted lists instead of a scan of every government.
        let mediators = mediators_by_member(&world);
        let candidates = candidate_pairs(&world);
        let imposed = sanctions_by_pair(&world);
        let favoured = PairIndex::new(
            world
                .favours()
                .iter()
                .filter(|f| f.value > 0.0)
                .map(|f| ((f.from, f.to), f.id))
                .collect(),
        );
        // Grouped by grant, in the world's order within each (a stable
        // sort), so each pair's values are one slice summed as before.
        let mut recognition = world.valuations().recognition.clone();
        recognition.sort_by_key(|r| (r.from, r.to));
        // Reserved up front: a `Pair` is large, and growing the vector by
        // doubling would copy every pair built so far, again and again.
        let mut pairs = Vec::with_capacity(candidates.len());
        let mut unformed = Vec::new();
        // Both indexes are in key order, so the sanctions of each pair are
        // found by walking forward, not searched for.
        let (mut imposed_at, mut favoured_at, mut recognised_at) = (0, 0, 0);
        let mut setup = PairSetup::new(&world);
        // Read in random holder order: kept as one dense array.
        let blocs: Vec<bool> = world.governments().iter().map(|g| g.is_bloc()).collect();
        for (((dg, hg), held), own) in candidates.iter().zip(candidates.mirrors()) {
            if dg == hg || blocs[hg.index()] {
                continue;
            }
            let venue = first_common(mediators.keys_of(dg), mediators.keys_of(hg));
            let staging = match neg.staging {
                StagingChoice::Auto => match (venue, first_mover) {
                    (Some(v), _) => PairStaging::Venue(v),
                    (None, Some(FirstMover::Demander)) => PairStaging::DemanderFirst,
                    (None, _) => PairStaging::HolderFirst,
                },
                StagingChoice::Mediated => {
                    venue.map_or(PairStaging::Simultaneous, PairStaging::Venue)
                }
                StagingChoice::HolderFirst => PairStaging::HolderFirst,
                StagingChoice::DemanderFirst => PairStaging::DemanderFirst,
            };
            let ever_held = held.iter().copied();
            // The demander's own prisoners the holder values: what it can
            // give in a swap.
            let own = own.iter().copied();
            let gives = Gives {
                imposed: imposed.seek(&mut imposed_at, (dg, hg)).iter().copied(),
                favours: favoured.seek(&mut favoured_at, (dg, hg)).iter().copied(),
                // Walked forward as the pairs go, like the indexes' seek.
                recognition: {
                    let grant = |i: usize| recognition.get(i).map(|r| (r.from, r.to));
                    while grant(recognised_at).is_some_and(|k| k < (dg, hg)) {
                        recognised_at += 1;
                    }
                    let mut to = recognised_at;
                    while grant(to) == Some((dg, hg)) {
                        to += 1;
                    }
                    &recognition[recognised_at..to]
                },
            };
            let built = Pair::build(
                &world,
                &initial,
                [dg, hg],
                neg,
                staging,
                ever_held,
                own,
                gives,
                &mut setup,
            );
            match built {
                Ok(pair) => pairs.push(pair),
                Err(Some(reason)) => unformed.push(UnformedPair {
                    demander: dg,
                    holder: hg,
                    reason,
                }),
                Err(None) => {}
            }
        }
        let mut gestures = Vec::with_capacity(dynamics.gestures.len());
        for (i, g) in dynamics.gestures.iter().enumerate() {
            let p = format!("$.dynamics.gestures[{i}]");
            let (by, to) = (
                gov(&g.by, &format!("{p}.by"))?,
                gov(&g.to, &format!("{p}.to"))?,
            );
            // A release comes from the holder, a visit from the demander.
            let (d, h) = match g.kind {
                GestureKind::Release => (to, by),
                GestureKind::Visit => (by, to),
            };
            let pair = pairs
                .iter()
                .position(|x| x.demander == d && x.holder == h)
                .ok_or_else(|| {
                    SimulateError::Dynamics(format!(
                        "{p}: `{}` and `{}` have nothing to trade, so no talks between them for a gesture to help",
                        g.by, g.to
                    ))
                })?;
            gestures.push(GestureModel {
                pair,
                kind: g.kind,
                probability: g.probability,
                count: g.count,
                credit: g.credit,
            });
        }
        for code in neg.strategies.keys() {
            gov(code, "$.dynamics.negotiation.strategies")?;
        }
        let mut strategies = Vec::with_capacity(n_gov);
        let mut strategy_names = Vec::with_capacity(n_gov);
        for g in world.governments() {
            let spec = neg
                .strategies
                .get(&g.code)
                .cloned()
                .unwrap_or_else(|| neg.default_strategy.clone());
            strategy_names.push(format!("{spec:?}").to_lowercase());
            strategies.push(factory(spec));
        }
        let initial_held = initial.counts().held;
        let roster = Roster::new(
            &groups,
            world.prisoners().len(),
            |p| initial.status[p] == PrisonerStatus::Held,
            |p| initial.status[p] == PrisonerStatus::AtLarge,
        );
        let mut arrestable = vec![Vec::new(); n_gov];
        for (g, grp) in groups.iter().enumerate() {
            if roster.n_at_large(g) > 0 {
                arrestable[grp.holder.index()].push(g as u32);
            }
        }
        let free_destination = world
            .prisoners()
            .iter()
            .map(|pr| {
                if pr.citizenships.contains(&pr.custodian) || pr.citizenships.is_empty() {
                    pr.custodian
                } else {
                    pr.citizenships[0]
                }
            })
            .collect();
        let value_row = (0..world.prisoners().len())
            .map(|p| {
                let first = groups[group_of[p] as usize].first as usize;
                let rows = &world.valuations().prisoners;
                if rows.row(first) == rows.row(p) {
                    first as u32
                } else {
                    p as u32
                }
            })
            .collect();
        let rule_names = rules
            .violation_rules()
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok(Simulation {
            world,
            rule_names,
            rules,
            dynamics,
            initial,
            initial_held,
            groups,
            group_of,
            holders,
            escalation,
            changes,
            pairs,
            gestures,
            unformed,
            roster,
            arrestable,
            free_destination,
            value_row,
            strategies,
            strategy_names,
        })
    }

    /// The ladder's cap on one concession at `standing` (infinite without
    /// a ladder).
    pub(crate) fn ladder_cap(&self, standing: f64) -> f64 {
        self.dynamics
            .negotiation
            .ladder
            .as_ref()
            .map_or(f64::INFINITY, |l| l.cap(standing))
    }

    /// Replaces the strategy of government `g` with a user strategy.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use detente::negotiate::TimeBased;
    /// use detente::simulate::Simulation;
    /// let scenario = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let mut sim = Simulation::from_scenario(&scenario)?;
    /// let usa = sim.world().government_by_code("USA").unwrap();
    /// sim.set_strategy(usa, "conceder", Arc::new(|_seed| Box::new(TimeBased::conceder())));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Panics
    /// If `g` is not a government of the world.
    pub fn set_strategy(&mut self, g: GovernmentId, name: &str, factory: StrategyFactory) {
        self.strategies[g.index()] = factory;
        self.strategy_names[g.index()] = name.to_string();
    }

    /// The world.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The rulebook every executed deal passes.
    pub fn rules(&self) -> &Rulebook {
        &self.rules
    }

    /// The dynamics in force.
    pub fn dynamics(&self) -> &Dynamics {
        &self.dynamics
    }

    /// The state every run starts from (dormant sanctions fully relieved).
    pub fn initial_state(&self) -> &State {
        &self.initial
    }

    /// Default number of rounds (the scenario's `dynamics.rounds`, else 24).
    pub fn default_rounds(&self) -> u32 {
        self.dynamics.rounds.unwrap_or(24)
    }

    /// The negotiating pairs `(demander, holder)`: the demander values
    /// prisoners the holder holds and can give the holder something it
    /// values (relief, recognition, or its own prisoners in a swap).
    pub fn pairs(&self) -> Vec<(GovernmentId, GovernmentId)> {
        self.pairs.iter().map(|p| (p.demander, p.holder)).collect()
    }

    /// The ordered pairs `(demander, holder)` that do not talk although the
    /// demander values a prisoner the holder holds, each with why, in
    /// (demander, holder) id order.
    ///
    /// ```
    /// use detente::simulate::{Simulation, UnformedReason};
    /// let scenario = detente::scenario::Scenario::from_json_str(r#"{
    ///   "name": "gift", "governments": [{"id": "A"}, {"id": "H"}],
    ///   "prisoners": [{"id": "p", "held_by": "H", "valued_by": {"A": 1.0}}]}"#)?;
    /// let sim = Simulation::from_scenario(&scenario)?;
    /// assert!(sim.pairs().is_empty());
    /// let gap = &sim.unformed_pairs()[0];
    /// assert_eq!(sim.world().code(gap.holder), "H");
    /// assert_eq!(gap.reason, UnformedReason::HolderValuesNothing);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unformed_pairs(&self) -> &[UnformedPair] {
        &self.unformed
    }

    /// The deals the talks between `demander` and `holder` can agree on at
    /// the initial state (`None` when the pair does not talk), so tests can
    /// compare the simulator's offers with the other engines'.
    #[doc(hidden)]
    pub fn opening_deals(
        &self,
        demander: GovernmentId,
        holder: GovernmentId,
    ) -> Option<Vec<crate::deal::Deal>> {
        let pair = self
            .pairs
            .iter()
            .find(|p| p.demander == demander && p.holder == holder)?;
        Some(pair.possible_deals(&self.world, &self.initial))
    }

    /// The strategy name of each government, by id.
    pub fn strategy_names(&self) -> &[String] {
        &self.strategy_names
    }
}

/// An ordered pair that does not talk although the demander values a
/// prisoner the holder may hold: see [`Simulation::unformed_pairs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnformedPair {
    /// The government that values a prisoner the holder holds.
    pub demander: GovernmentId,
    /// The government that holds them.
    pub holder: GovernmentId,
    /// Why the two do not talk.
    pub reason: super::UnformedReason,
}

/// How a pair's deals are carried out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum PairStaging {
    Simultaneous,
    Venue(GovernmentId),
    HolderFirst,
    DemanderFirst,
}

fn factory(spec: StrategySpec) -> StrategyFactory {
    match spec {
        StrategySpec::Boulware => Arc::new(|_| Box::new(TimeBased::boulware())),
        StrategySpec::Linear => Arc::new(|_| Box::new(TimeBased::linear())),
        StrategySpec::Conceder => Arc::new(|_| Box::new(TimeBased::conceder())),
        StrategySpec::Hardliner => Arc::new(|_| Box::new(TimeBased::hardliner())),
        StrategySpec::TimeBased { exponent } => {
            Arc::new(move |_| Box::new(TimeBased::with_exponent(exponent)))
        }
        StrategySpec::TitForTat => Arc::new(|_| Box::new(TitForTat::new())),
        StrategySpec::Random { p_accept } => {
            Arc::new(move |seed| Box::new(RandomStrategy::new(seed, p_accept)))
        }
        StrategySpec::Frequency => Arc::new(|_| Box::new(FrequencyModel::new(4.0, 0.05))),
        StrategySpec::Lookahead => Arc::new(|_| Box::new(Lookahead::new())),
    }
}

/// Groups of prisoners with the same holder and hazards (pools, and each
/// named prisoner alone), and the group of every prisoner.
fn groups(world: &World, dynamics: &Dynamics, pardon: &[f64]) -> (Vec<Group>, Vec<u32>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = vec![0u32; world.prisoners().len()];
    let mut i = 0;
    let ps = world.prisoners();
    while i < ps.len() {
        let p = &ps[i];
        let len = match p.pool {
            Some(pool) => ps[i..].iter().take_while(|q| q.pool == Some(pool)).count(),
            None => 1,
        };
        let sentence = match p.sentence_rounds {
            Some(n) if dynamics.end_of_sentence && n > 0 => 1.0 / f64::from(n),
            Some(0) if dynamics.end_of_sentence => 1.0,
            _ => 0.0,
        };
        let holder = p.custodian;
        for g in &mut group_of[i..i + len] {
            *g = groups.len() as u32;
        }
        groups.push(Group {
            first: i as u32,
            len: len as u32,
            holder,
            sentence,
            health: p.health_hazard,
            pardon: pardon[holder.index()],
        });
        i += len;
    }
    (groups, group_of)
}

/// For every government, the governments that mediate between it and
/// others: keys `(member, mediator)`, so a member's mediators are in id
/// order (the first common one is the first mediator in world order, as a
/// scan of every government would find) and a mediator listing a member
/// twice counts once. Flat: the pair loop reads the holder's list in
/// random order.
fn mediators_by_member(world: &World) -> PairIndex<()> {
    let n = world.governments().len();
    PairIndex::new(
        world
            .governments()
            .iter()
            .flat_map(|g| g.mediates.iter().map(move |&m| ((m, g.id), ())))
            .filter(|&((m, _), _)| m.index() < n)
            .collect(),
    )
}

/// The first government second in both lists of keys, each sorted by its
/// second government.
fn first_common(a: &[GovPair], b: &[GovPair]) -> Option<GovernmentId> {
    let (mut i, mut j) = (0, 0);
    while let (Some(&(_, x)), Some(&(_, y))) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(x),
        }
    }
    None
}

/// Every `(demander, holder)` where the demander values (positively, its
/// alliance shares included) a prisoner the holder may ever hold, with
/// those of the holder's prisoners, in id order, and what each is worth to
/// the demander (receiving) and to the holder (giving). Keys are ordered so
/// pairs come out demander-major, as the simulation has always numbered
/// them. The worths are read here, where the prisoners come in id order:
/// read per pair, each prisoner's valuations were a cache miss for nearly
/// every pair of a large world (BENCHMARKS.md, set-up).
///
/// # Complexity
/// O(v log v) for v non-zero prisoner valuations.
fn candidate_pairs(world: &World) -> PairIndex<Held> {
    let rows = &world.valuations().prisoners;
    let mut held_by = Vec::new();
    for p in world.prisoners() {
        let holder = p.holder();
        // Rows may list a government twice; the index keeps each prisoner
        // once per pair.
        for &(g, v) in rows.row(p.id.index()) {
            if v > 0.0 {
                held_by.push(((g, holder), Held::of(world, p.id, [holder, g])));
            }
        }
        // A government may value the release only through an ally's gain.
        let alliances = world.alliances();
        let mut last = None;
        for a in alliances.as_slice() {
            let row = rows.row(p.id.index());
            if last == Some(a.by) || a.by == holder || !row.iter().any(|&(g, _)| g == a.of) {
                continue;
            }
            last = Some(a.by);
            let own = rows.get(p.id.index(), a.by);
            if own <= 0.0 && alliances.total(a.by, |g| rows.get(p.id.index(), g)) > 0.0 {
                held_by.push(((a.by, holder), Held::of(world, p.id, [holder, a.by])));
            }
        }
    }
    PairIndex::new(held_by)
}

/// The sanctions each government imposes on each other, in id order.
fn sanctions_by_pair(world: &World) -> PairIndex<SanctionId> {
    PairIndex::new(
        world
            .sanctions()
            .iter()
            .map(|s| ((s.imposer, s.target), s.id))
            .collect(),
    )
}

/// Copies `src` into `dst` without allocating (both from the same world).
pub(crate) fn reset_state(dst: &mut State, src: &State) {
    dst.status.copy_from_slice(&src.status);
    dst.location.copy_from_slice(&src.location);
    dst.relief.copy_from_slice(&src.relief);
    dst.recognition.copy_from(&src.recognition);
    dst.favours.copy_from_slice(&src.favours);
    dst.round = src.round;
    dst.counts = src.counts;
}
