//! Time-dependent concession: Boulware, linear, conceder, hardliner.

use super::{Response, Strategy, View, relative_time};
use crate::negotiate::{Outcome, OutcomeIndex};

/// NegMAS's tolerance when scaling an aspiration to a utility threshold.
const SCALE_EPS: f64 = 1e-4;
/// NegMAS's tolerance when looking for the outcome nearest a threshold.
const NEAR_EPS: f64 = 1e-6;
/// Longest deadline whose aspirations are tabulated per step (512 KiB of
/// `f64`); NegMAS-style deadlines are in the hundreds.
const MAX_TABULATED_STEPS: usize = 1 << 16;

/// Concedes with time along the aspiration curve `1 - t^e` (relative time
/// `t`): `e > 1` is Boulware (holds out, concedes near the deadline), `e = 1`
/// linear, `e < 1` conceder, `e = inf` a hardliner that never concedes.
///
/// Behaves exactly as NegMAS 0.16.0's `BoulwareTBNegotiator` /
/// `LinearTBNegotiator` / `ConcederTBNegotiator` (deterministic mode):
/// threshold `thr = clamp(umin + asp (umax - umin) - 1e-4, umin, umax)`
/// with `umin = max(worst, reserved)`; it proposes the outcome with the
/// lowest utility `>= thr` (NegMAS's nearest-outcome rule, see
/// [`OutcomeIndex::nearest_from_above`]) and accepts any offer worth
/// `>= thr`.
///
/// ```
/// use detente::negotiate::{LinearAdditive, OutcomeSpace, Sao, TimeBased, Utility, Strategy};
/// let space = OutcomeSpace::uniform(2, 10)?;
/// let lin = |w: f64, up: bool| LinearAdditive::new(vec![w, 1.0 - w],
///     vec![(0..10).map(|j| if up { j as f64 / 9.0 } else { 1.0 - j as f64 / 9.0 }).collect(); 2]);
/// let (ua, ub) = (lin(0.7, true)?, lin(0.3, false)?);
/// let mut a = TimeBased::boulware();
/// let mut b = TimeBased::conceder();
/// let r = Sao::new(100).run(&space, &[&ua, &ub], &mut [&mut a, &mut b])?;
/// assert!(r.agreement.is_some());
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimeBased {
    exponent: f64,
    index: OutcomeIndex,
    umin: f64,
    umax: f64,
    /// (relative time, threshold) of the last call: propose and respond in
    /// the same step share it.
    last: (f64, f64),
    /// Aspiration per step for a deadline of `asp_steps` steps: relative
    /// time takes only `n_steps` values, so `powf` runs once per step value
    /// over the strategy's life instead of twice per step per negotiation.
    asp: Vec<f64>,
    asp_steps: usize,
}

impl TimeBased {
    /// Concession exponent `e` (NegMAS's `PolyAspiration`).
    ///
    /// ```
    /// let s = detente::negotiate::TimeBased::with_exponent(2.0);
    /// assert_eq!(s.exponent(), 2.0);
    /// ```
    pub fn with_exponent(exponent: f64) -> Self {
        TimeBased {
            exponent,
            index: OutcomeIndex::default(),
            umin: 0.0,
            umax: 0.0,
            last: (f64::NAN, 0.0),
            asp: Vec::new(),
            asp_steps: usize::MAX,
        }
    }

    /// Boulware, `e = 4`.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TimeBased::boulware().exponent(), 4.0);
    /// ```
    pub fn boulware() -> Self {
        Self::with_exponent(4.0)
    }

    /// Linear, `e = 1`.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TimeBased::linear().exponent(), 1.0);
    /// ```
    pub fn linear() -> Self {
        Self::with_exponent(1.0)
    }

    /// Conceder, `e = 0.25`.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TimeBased::conceder().exponent(), 0.25);
    /// ```
    pub fn conceder() -> Self {
        Self::with_exponent(0.25)
    }

    /// Hardliner: `e = inf`, always asks for its best outcome and accepts only
    /// outcomes as good (within NegMAS's 1e-4 tolerance).
    ///
    /// ```
    /// assert!(detente::negotiate::TimeBased::hardliner().exponent().is_infinite());
    /// ```
    pub fn hardliner() -> Self {
        Self::with_exponent(f64::INFINITY)
    }

    /// The concession exponent.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TimeBased::linear().exponent(), 1.0);
    /// ```
    pub fn exponent(&self) -> f64 {
        self.exponent
    }

    /// The aspiration `1 - t^e` at relative time `t`.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TimeBased::linear().aspiration(0.25), 0.75);
    /// ```
    pub fn aspiration(&self, t: f64) -> f64 {
        1.0 - t.powf(self.exponent)
    }

    /// The utility threshold at relative time `t` (after `init`).
    pub fn threshold(&self, t: f64) -> f64 {
        self.scale(self.aspiration(t))
    }

    fn scale(&self, asp: f64) -> f64 {
        // Same operation order as NegMAS's scale_utilities.
        let x = (self.umax - self.umin) * asp + self.umin - SCALE_EPS;
        self.umin.max(self.umax.min(x))
    }

    /// Threshold at the view's step, from the per-step aspiration table.
    fn step_threshold(&mut self, view: &View<'_>) -> f64 {
        if view.step >= view.n_steps {
            return self.threshold(view.relative_time());
        }
        // A deadline too long to tabulate (up to `usize::MAX` steps) is
        // computed step by step: the table would not fit in memory.
        if view.n_steps > MAX_TABULATED_STEPS {
            let t = view.relative_time();
            if self.last.0 != t {
                self.last = (t, self.threshold(t));
            }
            return self.last.1;
        }
        if self.asp_steps != view.n_steps {
            self.asp_steps = view.n_steps;
            self.asp.clear();
            for s in 0..view.n_steps {
                let t = relative_time(s, view.n_steps);
                self.asp.push(self.aspiration(t));
            }
        }
        let t = view.step as f64;
        if self.last.0 != t {
            self.last = (t, self.scale(self.asp[view.step]));
        }
        self.last.1
    }
}

impl Strategy for TimeBased {
    fn init(&mut self, view: &View<'_>) {
        let u = view.utility();
        self.index.build(view.space, u);
        self.umin = self.index.worst().1.max(u.reserved_value());
        self.umax = self.index.best().1;
        self.last = (f64::NAN, 0.0);
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        let thr = self.step_threshold(view);
        self.index.nearest_from_above(thr, NEAR_EPS).0
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        let thr = self.step_threshold(view);
        let u = view.utility().eval(offer);
        if thr <= u && u <= self.umax {
            Response::Accept
        } else {
            Response::Reject
        }
    }

    fn name(&self) -> &str {
        if self.exponent == 4.0 {
            "boulware"
        } else if self.exponent == 1.0 {
            "linear"
        } else if self.exponent == 0.25 {
            "conceder"
        } else if self.exponent.is_infinite() {
            "hardliner"
        } else {
            "time-based"
        }
    }
}
