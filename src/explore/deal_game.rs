//! The deal game: a [`World`] and [`Rulebook`] seen through the [`Game`]
//! trait, so every searcher runs on real scenarios.
//!
//! One move is one round: the round's proposer picks one of the deals the
//! [`DealGenerator`] proposes that pass every rule of the rulebook (the
//! rulebook's individual-rationality rule is what makes a deal acceptable
//! to the other side), or passes. The deal is applied in place with the
//! core's apply/undo, then the clock moves on a round.
//!
//! With a mediator ([`DealGameConfig::mediator`]), the best multilateral
//! package at each state ([`crate::mediator::best_package`]) is one more
//! move, [`DealAction::Package`]: the explorer then sees deals that no
//! bilateral generator proposes, such as a three-way swap.

use std::cell::RefCell;

mod diagnose;

use crate::deal::{Deal, UndoLog};
use crate::explore::{ExploreError, Game, Turn};
use crate::generate::{DealGenerator, Rankings};
use crate::mediator::{PackageOptions, mediator_package};
use crate::model::{GovernmentId, State, World};
use crate::rng::splitmix;
use crate::rules::Rulebook;

/// How the deal game is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct DealGameConfig {
    /// Which candidate deals to consider at each state.
    pub generator: DealGenerator,
    /// Rounds to play from the starting state (the search horizon).
    pub rounds: u32,
    /// The proposer of round `t` (counted from the start) is
    /// `proposers[t % len]`; it must be a party to the deals it picks.
    pub proposers: Vec<GovernmentId>,
    /// Only deals whose parties all belong to this set (empty: any deal).
    pub parties: Vec<GovernmentId>,
    /// Whether the proposer may pass (no deal this round).
    pub pass: bool,
    /// When set, the mediator's best legal package at each state is one
    /// more move ([`DealAction::Package`]) for a proposer that takes part in
    /// it. Its parties need not belong to `parties`: bringing in a third
    /// government is what a mediator is for. `None`: no mediator.
    pub mediator: Option<PackageOptions>,
}

/// A move in the [`DealGame`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DealAction {
    /// The `i`-th legal deal at the current state (in the generator's order).
    Deal(u16),
    /// The mediator's package at the current state (only with
    /// [`DealGameConfig::mediator`]).
    Package,
    /// No deal this round.
    Pass,
}

struct Inner {
    state: State,
    log: UndoLog,
    scratch: UndoLog,
    delta: Vec<f64>,
    candidates: Vec<Deal>,
    /// The generator's batch orders, ranked once for the whole search.
    ranks: Rankings,
    /// Legal deals per depth; `valid[d]` says whether `legal[d]` belongs to
    /// the current state at depth `d`.
    legal: Vec<Vec<Deal>>,
    /// The mediator's package per depth, when there is one the proposer
    /// takes part in and no generated deal equals it.
    package: Vec<Option<Deal>>,
    valid: Vec<bool>,
}

/// A [`World`] + [`Rulebook`] + [`State`] as a [`Game`]: players are the
/// world's governments (payoff vectors indexed by government id), payoffs
/// are the discounted payoff changes of the deals played so far (so the
/// disagreement point, no deal over the horizon, is all zeros).
///
/// ```
/// use detente::explore::{count_sequences, DealGame, DealGameConfig};
/// use detente::generate::DealGenerator;
/// use detente::prelude::*;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = WorldBuilder::new("toy");
/// let usa = b.government(GovernmentSpec::new("USA"))?;
/// let blr = b.government(GovernmentSpec::new("BLR"))?;
/// let p = b.prisoner(PrisonerSpec::new("znak", blr, blr))?;
/// b.value_prisoner(usa, p, 3.0)?;
/// b.value_recognition(blr, usa, blr, 2.0)?;
/// let world = b.build()?;
/// let rules = Rulebook::standard();
/// let config = DealGameConfig {
///     generator: DealGenerator::from(DealMenu { batches: vec![1], ..DealMenu::default() }),
///     rounds: 2,
///     proposers: vec![usa],
///     parties: vec![],
///     pass: true,
///     mediator: None,
/// };
/// let mut game = DealGame::new(&world, &rules, State::initial(&world), config)?;
/// // Round 0: recognition for znak, or pass; round 1 likewise after a pass.
/// assert_eq!(count_sequences(&mut game, 2).leaves, 1 + 2);
/// # Ok(()) }
/// ```
pub struct DealGame<'w> {
    world: &'w World,
    rules: &'w Rulebook,
    config: DealGameConfig,
    n: usize,
    depth: usize,
    /// Accumulated payoffs after each depth (`n` per depth, depth 0 = zeros).
    acc: Vec<f64>,
    inner: RefCell<Inner>,
}

impl std::fmt::Debug for DealGame<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DealGame")
            .field("world", &self.world.name())
            .field("config", &self.config)
            .field("depth", &self.depth)
            .finish()
    }
}

impl<'w> DealGame<'w> {
    /// The game from `state` under `rules`.
    ///
    /// # Errors
    /// [`ExploreError::InvalidParameter`] if there is no proposer, a
    /// proposer or party is not a government of `world`, or `state` does
    /// not belong to `world` (sizes differ).
    pub fn new(
        world: &'w World,
        rules: &'w Rulebook,
        state: State,
        config: DealGameConfig,
    ) -> Result<Self, ExploreError> {
        let bad = |name, reason: &str| ExploreError::InvalidParameter {
            name,
            reason: reason.into(),
        };
        if config.proposers.is_empty() {
            return Err(bad("proposers", "at least one proposer is needed"));
        }
        let n = world.governments().len();
        if config
            .proposers
            .iter()
            .chain(&config.parties)
            .any(|g| g.index() >= n)
        {
            return Err(bad("proposers", "not a government of this world"));
        }
        if state.counts().held
            + state.counts().released
            + state.counts().deceased
            + state.counts().at_large
            != world.prisoners().len() as u32
        {
            return Err(bad("state", "does not belong to this world"));
        }
        Ok(Self {
            world,
            rules,
            config,
            n,
            depth: 0,
            acc: vec![0.0; n],
            inner: RefCell::new(Inner {
                state,
                log: UndoLog::new(),
                scratch: UndoLog::new(),
                delta: Vec::new(),
                candidates: Vec::new(),
                ranks: Rankings::default(),
                legal: Vec::new(),
                package: Vec::new(),
                valid: Vec::new(),
            }),
        })
    }

    /// Runs `f` on the current state.
    ///
    /// ```
    /// # use detente::explore::{DealGame, DealGameConfig};
    /// # use detente::prelude::*;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = WorldBuilder::new("toy");
    /// # let usa = b.government(GovernmentSpec::new("USA"))?;
    /// # let world = b.build()?;
    /// # let rules = Rulebook::standard();
    /// let config = DealGameConfig {
    ///     generator: DealGenerator::default(),
    ///     rounds: 1,
    ///     proposers: vec![usa],
    ///     parties: vec![],
    ///     pass: true,
    ///     mediator: None,
    /// };
    /// let game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// assert_eq!(game.with_state(|s| s.round()), 0);
    /// # Ok(()) }
    /// ```
    pub fn with_state<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.inner.borrow().state)
    }

    /// The deal an action stands for at the current state (`None` for
    /// [`DealAction::Pass`] or an index out of range).
    ///
    /// ```
    /// # use detente::explore::{DealAction, DealGame, DealGameConfig};
    /// # use detente::prelude::*;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = WorldBuilder::new("toy");
    /// # let usa = b.government(GovernmentSpec::new("USA"))?;
    /// # let world = b.build()?;
    /// # let rules = Rulebook::standard();
    /// # let config = DealGameConfig { generator: DealGenerator::default(), rounds: 1,
    /// #     proposers: vec![usa], parties: vec![], pass: true, mediator: None };
    /// let game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// assert_eq!(game.deal(DealAction::Pass), None);
    /// # Ok(()) }
    /// ```
    pub fn deal(&self, action: DealAction) -> Option<Deal> {
        self.fill();
        let inner = self.inner.borrow();
        match action {
            DealAction::Deal(i) => inner.legal[self.depth].get(usize::from(i)).cloned(),
            DealAction::Package => inner.package[self.depth].clone(),
            DealAction::Pass => None,
        }
    }

    /// The world.
    ///
    /// ```
    /// # use detente::explore::{DealGame, DealGameConfig};
    /// # use detente::prelude::*;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = WorldBuilder::new("toy");
    /// # let usa = b.government(GovernmentSpec::new("USA"))?;
    /// # let world = b.build()?;
    /// # let rules = Rulebook::standard();
    /// # let config = DealGameConfig { generator: DealGenerator::default(), rounds: 1,
    /// #     proposers: vec![usa], parties: vec![], pass: true, mediator: None };
    /// let game = DealGame::new(&world, &rules, State::initial(&world), config)?;
    /// assert_eq!(game.world().name(), "toy");
    /// # Ok(()) }
    /// ```
    pub fn world(&self) -> &'w World {
        self.world
    }

    fn proposer(&self) -> GovernmentId {
        self.config.proposers[self.depth % self.config.proposers.len()]
    }

    /// Computes the legal deals at the current depth if not cached.
    fn fill(&self) {
        let mut guard = self.inner.borrow_mut();
        let inner = &mut *guard;
        let d = self.depth;
        if inner.legal.len() <= d {
            inner.legal.resize_with(d + 1, Vec::new);
            inner.package.resize(d + 1, None);
            inner.valid.resize(d + 1, false);
        }
        if inner.valid[d] {
            return;
        }
        inner.candidates.clear();
        let proposer = self.proposer();
        // A pair's deals are between its two governments only, so a pair
        // without the proposer, or outside `parties`, offers nothing legal
        // here: skipping it saves ranking its prisoners.
        let within =
            |g: GovernmentId| self.config.parties.is_empty() || self.config.parties.contains(&g);
        self.config.generator.candidates_among(
            self.world,
            &inner.state,
            &mut inner.ranks,
            |d, h| (d == proposer || h == proposer) && within(d) && within(h),
            &mut inner.candidates,
        );
        let mut legal = std::mem::take(&mut inner.legal[d]);
        legal.clear();
        for deal in inner.candidates.drain(..) {
            if deal.is_empty() {
                continue; // passing is DealAction::Pass
            }
            let parties = deal.parties();
            let allowed = parties.contains(&proposer)
                && (self.config.parties.is_empty()
                    || parties.iter().all(|p| self.config.parties.contains(p)));
            if allowed
                && self
                    .rules
                    .check(
                        self.world,
                        &mut inner.state,
                        &deal,
                        &mut inner.scratch,
                        &mut inner.delta,
                    )
                    .is_ok()
            {
                legal.push(deal);
            }
        }
        inner.package[d] = self.config.mediator.as_ref().and_then(|options| {
            mediator_package(self.world, &inner.state, self.rules, options)
                .filter(|p| p.parties().contains(&proposer) && !legal.contains(p))
        });
        inner.legal[d] = legal;
        inner.valid[d] = true;
    }

    /// Generated legal deals at the current depth, and whether the
    /// mediator's package is a move.
    fn legal_count(&self) -> (usize, bool) {
        self.fill();
        let inner = self.inner.borrow();
        (
            inner.legal[self.depth].len(),
            inner.package[self.depth].is_some(),
        )
    }
}

impl Game for DealGame<'_> {
    type Action = DealAction;

    fn num_players(&self) -> usize {
        self.n
    }

    fn current_player(&self) -> Turn {
        if self.depth >= self.config.rounds as usize
            || (!self.config.pass && self.legal_count() == (0, false))
        {
            Turn::Terminal
        } else {
            Turn::Player(self.proposer().index())
        }
    }

    fn legal_actions(&self, out: &mut Vec<DealAction>) {
        out.clear();
        if self.depth >= self.config.rounds as usize {
            return;
        }
        let (n, package) = self.legal_count();
        let n = n.min(usize::from(u16::MAX));
        out.extend((0..n as u16).map(DealAction::Deal));
        if package {
            out.push(DealAction::Package);
        }
        if self.config.pass {
            out.push(DealAction::Pass);
        }
    }

    fn apply(&mut self, action: DealAction) {
        if action != DealAction::Pass {
            self.fill();
        }
        let n = self.n;
        let d = self.depth;
        let inner = self.inner.get_mut();
        let base = d * n;
        self.acc.extend_from_within(base..base + n);
        let Inner {
            state,
            log,
            delta,
            legal,
            package,
            ..
        } = inner;
        let deal = match action {
            DealAction::Deal(i) => Some(&legal[d][usize::from(i)]),
            DealAction::Package => Some(
                package[d]
                    .as_ref()
                    .expect("DealAction::Package is a legal action only when there is a package"),
            ),
            DealAction::Pass => None,
        };
        if let Some(deal) = deal {
            crate::payoff::apply_with_delta(self.world, state, deal, log, delta);
            for (a, x) in self.acc[base + n..].iter_mut().zip(delta.iter()) {
                *a += x;
            }
        }
        inner.state.advance_round(&mut inner.log);
        self.depth += 1;
        if let Some(v) = inner.valid.get_mut(self.depth) {
            *v = false;
        }
    }

    fn undo(&mut self, action: DealAction) {
        let inner = self.inner.get_mut();
        inner.state.undo(&mut inner.log);
        if action != DealAction::Pass {
            inner.state.undo(&mut inner.log);
        }
        self.depth -= 1;
        self.acc.truncate((self.depth + 1) * self.n);
    }

    fn payoffs(&self, out: &mut [f64]) {
        let base = self.depth * self.n;
        out.copy_from_slice(&self.acc[base..base + self.n]);
    }

    /// The state's fingerprint mixed with the accumulated payoffs (two
    /// paths to the same state merge only if they earned the same).
    fn state_key(&self) -> u64 {
        let mut h = self.inner.borrow().state.fingerprint() ^ splitmix(self.depth as u64);
        for x in &self.acc[self.depth * self.n..] {
            h = splitmix(h ^ x.to_bits());
        }
        h
    }
}
