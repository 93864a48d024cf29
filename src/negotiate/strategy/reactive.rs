//! Strategies that react to the opponent or to chance: tit-for-tat and random.

use rand::Rng;

use super::{Response, Strategy, View};
use crate::negotiate::{Outcome, OutcomeIndex};
use crate::rng::DetRng;

/// Naive tit-for-tat: concedes, in its own utility, as much as the opponent's
/// last move conceded to it (measured in its own utility too, since the
/// opponent's valuation is private). Opens with its best outcome; accepts an
/// offer at least as good as what it would propose next.
///
/// ```
/// use detente::negotiate::{domains, Sao, TimeBased, TitForTat};
/// let (space, ua, ub) = domains::negmas_instance(3, 42, 0)?;
/// let (mut a, mut b) = (TitForTat::new(), TimeBased::conceder());
/// let r = Sao::new(100).run(&space, &[&ua, &ub], &mut [&mut a, &mut b])?;
/// assert!(r.agreement.is_some());
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct TitForTat {
    index: OutcomeIndex,
    target: f64,
    umin: f64,
    seen: usize,
    last_opp: Option<f64>,
}

impl TitForTat {
    /// A fresh tit-for-tat strategy.
    ///
    /// ```
    /// let _ = detente::negotiate::TitForTat::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the target by the opponent's latest concession (once per offer).
    fn update(&mut self, view: &View<'_>) {
        if self.seen == view.history.len() {
            return;
        }
        self.seen = view.history.len();
        if let Some(o) = view.last_opponent_offer() {
            let u = view.utility().eval(o.outcome);
            if let Some(prev) = self.last_opp {
                let concession = u - prev;
                self.target = (self.target - concession.max(0.0)).max(self.umin);
            }
            self.last_opp = Some(u);
        }
    }
}

impl Strategy for TitForTat {
    fn init(&mut self, view: &View<'_>) {
        self.index.build(view.space, view.utility());
        self.umin = self.index.worst().1.max(view.utility().reserved_value());
        self.target = self.index.best().1;
        self.seen = 0;
        self.last_opp = None;
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        self.update(view);
        self.index
            .lowest_at_least(self.target)
            .map_or(self.index.best().0, |x| x.0)
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        self.update(view);
        let u = view.utility().eval(offer);
        if u >= self.target && u >= view.utility().reserved_value() {
            Response::Accept
        } else {
            Response::Reject
        }
    }

    fn name(&self) -> &str {
        "tit-for-tat"
    }
}

/// Offers uniformly random rational outcomes (worth at least the reservation
/// value) and accepts a rational offer with probability `p_accept`. Every
/// draw comes from its own ChaCha8 stream seeded at construction, so the same
/// seed replays the same negotiation.
///
/// ```
/// use detente::negotiate::{domains, RandomStrategy, Sao, TimeBased};
/// let (space, ua, ub) = domains::negmas_instance(3, 42, 1)?;
/// let run = |seed| {
///     let (mut a, mut b) = (RandomStrategy::new(seed, 0.2), TimeBased::linear());
///     Sao::new(50).run(&space, &[&ua, &ub], &mut [&mut a, &mut b])
/// };
/// assert_eq!(run(7)?, run(7)?);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct RandomStrategy {
    rng: DetRng,
    p_accept: f64,
}

impl RandomStrategy {
    /// A random strategy drawing from `detente::rng::seeded(seed)`.
    ///
    /// ```
    /// let _ = detente::negotiate::RandomStrategy::new(1, 0.5);
    /// ```
    pub fn new(seed: u64, p_accept: f64) -> Self {
        RandomStrategy {
            rng: crate::rng::seeded(seed),
            p_accept: p_accept.clamp(0.0, 1.0),
        }
    }

    /// A random strategy drawing from a given generator (e.g. a run's
    /// `detente::rng::derived(seed, &[run])`).
    ///
    /// ```
    /// let _ = detente::negotiate::RandomStrategy::from_rng(detente::rng::derived(1, &[2]), 0.5);
    /// ```
    pub fn from_rng(rng: DetRng, p_accept: f64) -> Self {
        RandomStrategy {
            rng,
            p_accept: p_accept.clamp(0.0, 1.0),
        }
    }
}

impl Strategy for RandomStrategy {
    fn propose(&mut self, view: &View<'_>) -> Outcome {
        let u = view.utility();
        let n = view.space.cardinality();
        // Rejection sampling for a rational outcome; bounded, falls back to
        // the best outcome when rational ones are rare.
        for _ in 0..64 {
            let o = Outcome(self.rng.random_range(0..n));
            if u.eval(o) >= u.reserved_value() {
                return o;
            }
        }
        u.extremes(view.space).1
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        let rational = view.utility().eval(offer) >= view.utility().reserved_value();
        if rational && self.rng.random_bool(self.p_accept) {
            Response::Accept
        } else {
            Response::Reject
        }
    }

    fn name(&self) -> &str {
        "random"
    }
}
