//! An exploration of the deal sequences between two governments, in the
//! terms a reader asks about: every distinct outcome with its deals in
//! words, the Pareto frontier of the two sides' payoffs and its Nash
//! bargaining point, the frontier of prisoners freed against relief given,
//! and the subgame-perfect plan. The `explore` example and the Python
//! bindings print this; the searches themselves are
//! [`enumerate_outcomes`] and [`backward_induction`].

use std::time::Instant;

use serde_json::{Value, json};

use crate::Budget;
use crate::analysis::{NoDeal, nash_point, pareto_frontier};
use crate::budget::Stopped;
use crate::deal::DealMenu;
use crate::generate::DealGenerator;
use crate::mediator::PackageOptions;
use crate::model::{GovernmentId, PeopleCount, PrisonerId, PrisonerStatus, State, World};
use crate::negotiate::tournament::world_pairs;
use crate::rules::Rulebook;

use super::{
    BiConfig, DealAction, DealGame, DealGameConfig, EnumConfig, ExploreError, backward_induction,
    enumerate_outcomes,
};

/// What to explore.
#[derive(Clone, Debug, PartialEq)]
pub struct ExploreOptions {
    /// The two governments, the first proposing first; `None`: the first
    /// government that sanctions another holding prisoners it values, and
    /// that other.
    pub players: Option<[GovernmentId; 2]>,
    /// Rounds to search.
    pub depth: u32,
    /// Release batch sizes.
    pub batches: Vec<u32>,
    /// The mediator's best package is one more move at every state.
    pub mediator: bool,
    /// Nodes per search (each of the two may visit `max_nodes`) and the
    /// wall time of the whole exploration: the enumeration may take 2/5
    /// of it, the backward induction 2/3 of what is left, the replays the
    /// rest.
    pub budget: Budget,
}

impl Default for ExploreOptions {
    /// Three rounds, batches of 1, 10 and 50, no mediator, a million nodes
    /// per search and 10 seconds in all.
    fn default() -> Self {
        ExploreOptions {
            players: None,
            depth: 3,
            batches: vec![1, 10, 50],
            mediator: false,
            budget: Budget::unlimited()
                .with_nodes(1_000_000)
                .with_time(std::time::Duration::from_secs(10)),
        }
    }
}

/// One outcome of the exploration, replayed from the start.
#[derive(Clone, Debug, PartialEq)]
pub struct ExploredOutcome {
    /// The two players' payoffs, in player order.
    pub payoffs: [f64; 2],
    /// People freed by the sequence (released prisoners and the dependants
    /// of families that left).
    pub freed: PeopleCount,
    /// Relief at the end, valued by the second player.
    pub relief: f64,
    /// The deals, one line per round (`round 0: ...`).
    pub sequence: Vec<String>,
}

/// The result of [`explore_deals`].
#[derive(Clone, Debug, PartialEq)]
pub struct DealExploration {
    /// The two players, the first proposing first.
    pub players: [GovernmentId; 2],
    /// Rounds searched.
    pub depth: u32,
    /// Nodes visited by both searches.
    pub nodes: u64,
    /// Which limit cut a search or the replays, if any.
    pub stopped_by: Option<Stopped>,
    /// Every distinct outcome found (all of them when not stopped).
    pub outcomes: Vec<ExploredOutcome>,
    /// Indices into `outcomes` of the Pareto frontier of payoffs.
    pub frontier: Vec<usize>,
    /// Index of the Nash bargaining point (disagreement: no deal).
    pub nash: Option<usize>,
    /// Indices of the frontier of prisoners freed against relief given,
    /// most freed first.
    pub freed_vs_relief: Vec<usize>,
    /// The subgame-perfect plan (the first player proposes first, rounds
    /// alternate); its payoffs are `None` when the search was cut first.
    pub subgame_perfect: ExploredOutcome,
    /// Whether the backward induction found a value.
    pub subgame_perfect_solved: bool,
    /// Why no sequence has a deal, when none has.
    pub no_deal: Option<NoDeal>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl DealExploration {
    /// Whether both searches ran to the end.
    pub fn exhausted(&self) -> bool {
        self.stopped_by.is_none()
    }

    /// The exploration as the `explore` example's `--json` prints it.
    pub fn to_json(&self, world: &World) -> Value {
        let point = |o: &ExploredOutcome| {
            json!({
                "payoffs": o.payoffs,
                "freed": o.freed.released,
                "relief": o.relief,
                "sequence": o.sequence,
            })
        };
        let pick = |ix: &[usize]| {
            ix.iter()
                .map(|&i| point(&self.outcomes[i]))
                .collect::<Vec<_>>()
        };
        let spe = &self.subgame_perfect;
        let mut out = json!({
            "scenario": world.name(),
            "players": self.players.map(|g| world.code(g).to_string()),
            "depth": self.depth,
            "nodes": self.nodes,
            "exhausted": self.exhausted(),
            "truncated": !self.exhausted(),
            "stopped_by": self.stopped_by,
            "outcomes": self.outcomes.len(),
            "frontier": pick(&self.frontier),
            "nash": self.nash.map(|i| point(&self.outcomes[i])),
            "freed_vs_relief": pick(&self.freed_vs_relief),
            "subgame_perfect": {
                "payoffs": self.subgame_perfect_solved.then_some(spe.payoffs),
                "freed": spe.freed.released,
                "relief": spe.relief,
                "sequence": spe.sequence,
            },
            "seconds": self.seconds,
        });
        if let (Some(why), Some(o)) = (&self.no_deal, out.as_object_mut()) {
            o.insert("no_deal".into(), json!(why));
        }
        out
    }
}

/// Explores the deal sequences between two governments of `world` from its
/// start under `rules`: every distinct outcome (each step of each sequence
/// passes the rulebook, individual rationality included), its frontiers,
/// the Nash point and the subgame-perfect plan.
///
/// ```
/// use detente::explore::{ExploreOptions, explore_deals};
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
/// let x = explore_deals(&world, &rules, &ExploreOptions { depth: 2, ..Default::default() })?;
/// assert!(x.exhausted() && !x.outcomes.is_empty());
/// assert!(x.outcomes[x.frontier[0]].sequence[0].starts_with("round 0: "));
/// # Ok::<(), detente::explore::ExploreError>(())
/// ```
///
/// # Errors
/// [`ExploreError::InvalidParameter`] when no pair of governments has
/// anything to trade and none was named, or the game cannot be built.
pub fn explore_deals(
    world: &World,
    rules: &Rulebook,
    options: &ExploreOptions,
) -> Result<DealExploration, ExploreError> {
    let [a, b] = match options.players {
        Some(p) => p,
        None => {
            let pair = world_pairs(world, &State::initial(world)).first().copied();
            let (a, b) = pair.ok_or_else(|| ExploreError::InvalidParameter {
                name: "players",
                reason: "no government sanctions another that holds prisoners it values; \
                         name two"
                    .into(),
            })?;
            [a, b]
        }
    };
    let config = DealGameConfig {
        generator: DealGenerator::from(DealMenu {
            batches: options.batches.clone(),
            ..DealMenu::default()
        }),
        rounds: options.depth,
        proposers: vec![a, b],
        parties: vec![a, b],
        pass: true,
        // The mediator's package may bring in a third government.
        mediator: options.mediator.then(PackageOptions::default),
    };
    let mut game = DealGame::new(world, rules, State::initial(world), config)?;
    let budget = options.budget;
    let t0 = Instant::now();
    let deadline = budget.max_time.map(|t| t0 + t);
    let share = |num: u32, den: u32| Budget {
        max_time: deadline.map(|d| d.saturating_duration_since(Instant::now()) * num / den),
        ..budget
    };
    let all = enumerate_outcomes(
        &mut game,
        &EnumConfig {
            budget: share(2, 5),
            transpositions: true,
            max_depth: None,
        },
    );
    let spe = backward_induction(
        &mut game,
        &BiConfig {
            budget: share(2, 3),
            transpositions: true,
            tie_tolerance: 1e-12,
        },
    );
    let mut stopped_by = all.stopped_by.or(spe.stopped_by);
    // Replaying an outcome costs as much as searching its sequence again;
    // past the deadline the later outcomes are left out, as the searches'
    // would have been.
    let mut outcomes = Vec::with_capacity(all.outcomes.len());
    for o in &all.outcomes {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            stopped_by = stopped_by.or(Some(Stopped::Time));
            break;
        }
        let payoffs = [o.payoffs[a.index()], o.payoffs[b.index()]];
        outcomes.push(replay(&mut game, world, b, &o.sequence, payoffs)?);
    }
    let pay2: Vec<[f64; 2]> = outcomes.iter().map(|o| o.payoffs).collect();
    let frontier = pareto_frontier(&pay2).unwrap_or_default();
    let nash = nash_point(&pay2, &[0.0, 0.0]).ok().flatten();
    // Most freed for least relief: maximise (freed, -relief).
    let fr: Vec<[f64; 2]> = outcomes
        .iter()
        .map(|o| [f64::from(o.freed.released), -o.relief])
        .collect();
    let freed_vs_relief = pareto_frontier(&fr).unwrap_or_default();
    let spe_payoffs = spe
        .value
        .as_ref()
        .map_or([0.0; 2], |v| [v[a.index()], v[b.index()]]);
    let subgame_perfect = replay(&mut game, world, b, &spe.line, spe_payoffs)?;
    // No sequence with a deal in it: say why (the searches end at the root).
    let no_deal = all
        .outcomes
        .iter()
        .all(|o| o.sequence.iter().all(|&x| x == DealAction::Pass))
        .then(|| game.diagnose());
    Ok(DealExploration {
        players: [a, b],
        depth: options.depth,
        nodes: all.nodes + spe.nodes,
        stopped_by,
        outcomes,
        frontier,
        nash,
        freed_vs_relief,
        subgame_perfect,
        subgame_perfect_solved: spe.value.is_some(),
        no_deal,
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// The deals of `sequence` from the start, described per round, with the
/// people freed and the relief value to `target` where it ends.
fn replay(
    game: &mut DealGame<'_>,
    world: &World,
    target: GovernmentId,
    sequence: &[DealAction],
    payoffs: [f64; 2],
) -> Result<ExploredOutcome, ExploreError> {
    let played = game.replay(sequence)?;
    let steps = played
        .deals
        .iter()
        .zip(sequence)
        .enumerate()
        .map(|(round, (deal, &action))| match deal {
            Some(d) if action == DealAction::Package => {
                format!(
                    "round {round}: the mediator's package: {}",
                    d.describe(world)
                )
            }
            Some(d) => format!("round {round}: {}", d.describe(world)),
            None => format!("round {round}: pass"),
        })
        .collect();
    let end = &played.end;
    // Nobody starts released, so everyone released at the end was freed by
    // the sequence, and so were the dependants of every family that left.
    let freed = PeopleCount {
        released: (0..world.prisoners().len())
            .filter(|&i| end.status(PrisonerId::new(i)) == PrisonerStatus::Released)
            .count() as u32,
        dependants: world
            .families()
            .iter()
            .filter(|f| f.has_left(end))
            .map(|f| f.dependants.len() as u32)
            .sum(),
    };
    let relief = world
        .sanctions()
        .iter()
        .map(|x| end.relief(x.id).level * world.valuations().sanction(target, x.id))
        .sum::<f64>()
        // No relief at all is 0, not -0 (0 times a negative valuation).
        + 0.0;
    Ok(ExploredOutcome {
        payoffs,
        freed,
        relief,
        sequence: steps,
    })
}
