//! Monte Carlo tree search with UCT selection and random rollouts, the
//! same algorithm as OpenSpiel's `MCTSBot` with `solve=False`.

use rand::Rng;

use crate::budget::{Budget, Meter, Stopped};
use crate::explore::{Game, Turn};

/// Settings for [`Mcts`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MctsConfig {
    /// Simulations per search (select, expand, one random rollout, back up).
    pub simulations: u64,
    /// Exploration constant `c` in `mean + c·sqrt(ln N / n)`.
    pub uct_c: f64,
    /// Time and memory limits (the tree's nodes count against memory);
    /// `max_nodes` caps the simulations too.
    pub budget: Budget,
}

impl Default for MctsConfig {
    fn default() -> Self {
        Self {
            simulations: 1000,
            uct_c: 2.0,
            budget: Budget::unlimited(),
        }
    }
}

/// Statistics of one root action after a search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChildStat<A> {
    /// The action.
    pub action: A,
    /// Simulations through it.
    pub visits: u32,
    /// Mean payoff of the root's mover over those simulations (for a
    /// chance root: of player 0).
    pub mean: f64,
}

/// The answer of [`Mcts::search`].
#[derive(Clone, Debug, PartialEq)]
pub struct MctsResult<A> {
    /// The most visited root action (ties: higher mean, then first);
    /// `None` at a terminal root.
    pub action: Option<A>,
    /// Per root action, in `legal_actions` order.
    pub children: Vec<ChildStat<A>>,
    /// Simulations run.
    pub simulations: u64,
    /// Tree nodes allocated.
    pub tree_nodes: usize,
    /// Whether the time or memory budget stopped the search before
    /// `simulations`.
    pub truncated: bool,
    /// Which limit stopped it (`None` when `truncated` is false); a
    /// [`Stopped::Time`] result depends on the machine.
    pub stopped_by: Option<Stopped>,
}

impl<A: Copy + Eq> MctsResult<A> {
    /// The root mover's estimated value: the mean of the chosen action.
    ///
    /// ```
    /// use detente::explore::{Mcts, MctsConfig, TicTacToe};
    /// let mut search = Mcts::new(MctsConfig::default());
    /// let r = search.search(&mut TicTacToe::new(), &mut detente::rng::seeded(1));
    /// assert!(r.value().unwrap().abs() <= 1.0);
    /// ```
    pub fn value(&self) -> Option<f64> {
        let a = self.action?;
        self.children.iter().find(|c| c.action == a).map(|c| c.mean)
    }
}

#[derive(Clone, Copy, Debug)]
struct Node<A> {
    action: Option<A>,
    /// Chance probability of reaching this node from its parent (1 for
    /// player moves).
    prob: f64,
    /// Player who chose this node (`u8::MAX` for chance and the root).
    mover: u8,
    visits: u32,
    total: f64,
    first_child: u32,
    n_children: u32,
}

/// A reusable UCT searcher: its tree and buffers are kept between calls,
/// so a game of many searches allocates only while the tree grows.
///
/// ```
/// use detente::explore::{Game, Mcts, MctsConfig, TicTacToe};
/// let mut g = TicTacToe::new();
/// for cell in [0, 3, 1, 4] {
///     g.apply(cell);
/// }
/// let mut search = Mcts::new(MctsConfig { simulations: 2000, ..MctsConfig::default() });
/// let r = search.search(&mut g, &mut detente::rng::seeded(7));
/// assert_eq!(r.action, Some(2)); // X completes the top row
/// ```
#[derive(Debug)]
pub struct Mcts<A> {
    config: MctsConfig,
    nodes: Vec<Node<A>>,
    path: Vec<u32>,
    rollout: Vec<A>,
    actions: Vec<A>,
    outcomes: Vec<(A, f64)>,
    pay: Vec<f64>,
}

impl<A: Copy + Eq> Mcts<A> {
    /// A searcher with `config`.
    ///
    /// ```
    /// use detente::explore::{Mcts, MctsConfig};
    /// let _m: Mcts<u8> = Mcts::new(MctsConfig::default());
    /// ```
    pub fn new(config: MctsConfig) -> Self {
        Self {
            config,
            nodes: Vec::new(),
            path: Vec::new(),
            rollout: Vec::new(),
            actions: Vec::new(),
            outcomes: Vec::new(),
            pay: Vec::new(),
        }
    }

    /// Runs the configured number of simulations from `game` (left as it
    /// was) and returns the root statistics. All randomness comes from
    /// `rng`.
    ///
    /// ```
    /// use detente::explore::{Mcts, MctsConfig, TicTacToe};
    /// let mut m = Mcts::new(MctsConfig { simulations: 100, ..MctsConfig::default() });
    /// let r = m.search(&mut TicTacToe::new(), &mut detente::rng::seeded(3));
    /// assert_eq!(r.simulations, 100);
    /// assert_eq!(r.children.iter().map(|c| c.visits as u64).sum::<u64>(), 99);
    /// ```
    ///
    /// # Complexity
    /// O(simulations · (depth · branching + rollout length)).
    pub fn search<G, R>(&mut self, game: &mut G, rng: &mut R) -> MctsResult<A>
    where
        G: Game<Action = A>,
        R: Rng + ?Sized,
    {
        self.nodes.clear();
        self.nodes.push(Node {
            action: None,
            prob: 1.0,
            mover: u8::MAX,
            visits: 0,
            total: 0.0,
            first_child: 0,
            n_children: 0,
        });
        self.pay.resize(game.num_players(), 0.0);
        let mut meter = Meter::new(self.config.budget);
        let mut sims = 0;
        let mut full = false;
        while sims < self.config.simulations && !full && meter.tick() {
            full = !self.simulate(game, rng, &meter);
            sims += 1;
        }
        if full {
            meter.stop_for_memory();
        }
        self.result(sims, meter.stopped)
    }

    /// One simulation; false if the tree could not grow (memory budget).
    fn simulate<G, R>(&mut self, game: &mut G, rng: &mut R, meter: &Meter) -> bool
    where
        G: Game<Action = A>,
        R: Rng + ?Sized,
    {
        self.path.clear();
        self.path.push(0);
        let mut node = 0usize;
        let mut grew = true;
        loop {
            let turn = game.current_player();
            if turn == Turn::Terminal || self.nodes[node].visits == 0 {
                break;
            }
            if self.nodes[node].n_children == 0 {
                let bytes = (self.nodes.len() + 64) * std::mem::size_of::<Node<A>>();
                if !meter.fits(bytes) {
                    grew = false;
                    break;
                }
                self.expand(game, node, turn);
            }
            node = self.select(node, turn, rng);
            if let Some(a) = self.nodes[node].action {
                game.apply(a);
            }
            self.path.push(node as u32);
        }
        self.evaluate(game, rng);
        for &i in &self.path {
            let n = &mut self.nodes[i as usize];
            n.visits += 1;
            if let Some(&v) = self.pay.get(usize::from(n.mover)) {
                n.total += v;
            }
        }
        for &i in self.path[1..].iter().rev() {
            if let Some(a) = self.nodes[i as usize].action {
                game.undo(a);
            }
        }
        grew
    }

    fn expand<G: Game<Action = A>>(&mut self, game: &G, node: usize, turn: Turn) {
        let first = self.nodes.len() as u32;
        let mover = match turn {
            Turn::Player(p) => p as u8,
            _ => u8::MAX,
        };
        if turn == Turn::Chance {
            game.chance_outcomes(&mut self.outcomes);
        } else {
            game.legal_actions(&mut self.actions);
            self.outcomes.clear();
            self.outcomes.extend(self.actions.iter().map(|&a| (a, 1.0)));
        }
        for &(a, prob) in &self.outcomes {
            self.nodes.push(Node {
                action: Some(a),
                prob,
                mover,
                visits: 0,
                total: 0.0,
                first_child: 0,
                n_children: 0,
            });
        }
        let n = &mut self.nodes[node];
        n.first_child = first;
        n.n_children = self.outcomes.len() as u32;
    }

    fn select<R: Rng + ?Sized>(&self, node: usize, turn: Turn, rng: &mut R) -> usize {
        let parent = &self.nodes[node];
        let range = parent.first_child as usize..(parent.first_child + parent.n_children) as usize;
        if turn == Turn::Chance {
            let mut u: f64 = rng.random();
            for i in range.clone() {
                u -= self.nodes[i].prob;
                if u < 0.0 {
                    return i;
                }
            }
            return range.end - 1;
        }
        let log_n = f64::from(parent.visits).ln();
        let mut best = range.start;
        let mut best_score = f64::NEG_INFINITY;
        for i in range {
            let c = &self.nodes[i];
            if c.visits == 0 {
                return i;
            }
            let n = f64::from(c.visits);
            let score = c.total / n + self.config.uct_c * (log_n / n).sqrt();
            if score > best_score {
                best_score = score;
                best = i;
            }
        }
        best
    }

    /// Payoffs of a random playout from the current state into `self.pay`.
    fn evaluate<G, R>(&mut self, game: &mut G, rng: &mut R)
    where
        G: Game<Action = A>,
        R: Rng + ?Sized,
    {
        self.rollout.clear();
        loop {
            let a = match game.current_player() {
                Turn::Terminal => break,
                Turn::Chance => {
                    game.chance_outcomes(&mut self.outcomes);
                    let mut u: f64 = rng.random();
                    let mut pick = self.outcomes[self.outcomes.len() - 1].0;
                    for &(a, p) in &self.outcomes {
                        u -= p;
                        if u < 0.0 {
                            pick = a;
                            break;
                        }
                    }
                    pick
                }
                Turn::Player(_) => {
                    game.legal_actions(&mut self.actions);
                    self.actions[rng.random_range(0..self.actions.len())]
                }
            };
            game.apply(a);
            self.rollout.push(a);
        }
        game.payoffs(&mut self.pay);
        for &a in self.rollout.iter().rev() {
            game.undo(a);
        }
    }

    fn result(&self, sims: u64, stopped_by: Option<Stopped>) -> MctsResult<A> {
        let root = &self.nodes[0];
        let range = root.first_child as usize..(root.first_child + root.n_children) as usize;
        let children: Vec<ChildStat<A>> = self.nodes[range]
            .iter()
            .filter_map(|c| {
                Some(ChildStat {
                    action: c.action?,
                    visits: c.visits,
                    mean: if c.visits == 0 {
                        0.0
                    } else {
                        c.total / f64::from(c.visits)
                    },
                })
            })
            .collect();
        let mut best: Option<&ChildStat<A>> = None;
        for c in &children {
            if best.is_none_or(|b| (c.visits, c.mean) > (b.visits, b.mean)) {
                best = Some(c);
            }
        }
        MctsResult {
            action: best.map(|c| c.action),
            children,
            simulations: sims,
            tree_nodes: self.nodes.len(),
            truncated: stopped_by.is_some(),
            stopped_by,
        }
    }
}
