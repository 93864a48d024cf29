//! An opponent-modelling strategy with a frequency model.

use super::{Response, Strategy, TimeBased, View};
use crate::negotiate::Outcome;

/// Concedes in time like [`TimeBased`] but, among the outcomes near its
/// current target, offers the one the opponent seems to like most.
///
/// The opponent model is the classic frequency model (HardHeaded, ANAC
/// 2011): a value the opponent offers often is one it likes; an issue whose
/// value it rarely changes between offers weighs much to it. Estimated
/// opponent utility = sum over issues of issue weight times normalised value
/// count. Only the opponent's public offers are used.
///
/// ```
/// use detente::negotiate::{domains, FrequencyModel, Sao, TimeBased};
/// let (space, ua, ub) = domains::negmas_instance(3, 42, 2)?;
/// let (mut a, mut b) = (FrequencyModel::new(2.0, 0.05), TimeBased::conceder());
/// let r = Sao::new(100).run(&space, &[&ua, &ub], &mut [&mut a, &mut b])?;
/// assert!(r.agreement.is_some());
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct FrequencyModel {
    curve: TimeBased,
    window: f64,
    /// Own utilities sorted ascending, with their outcomes.
    sorted: Vec<(f64, Outcome)>,
    /// counts[offset[i] + v]: how often the opponent offered value v of issue i.
    counts: Vec<f64>,
    offsets: Vec<usize>,
    /// How often issue i kept its value between consecutive opponent offers.
    unchanged: Vec<f64>,
    last: Vec<usize>,
    cur: Vec<usize>,
    seen: usize,
    n_opp: usize,
}

impl FrequencyModel {
    /// Target from the aspiration curve `1 - t^exponent`; candidates are the
    /// outcomes whose own utility lies in `[target, target + window * range]`.
    ///
    /// ```
    /// let _ = detente::negotiate::FrequencyModel::new(4.0, 0.05);
    /// ```
    pub fn new(exponent: f64, window: f64) -> Self {
        FrequencyModel {
            curve: TimeBased::with_exponent(exponent),
            window: window.max(0.0),
            sorted: Vec::new(),
            counts: Vec::new(),
            offsets: Vec::new(),
            unchanged: Vec::new(),
            last: Vec::new(),
            cur: Vec::new(),
            seen: 0,
            n_opp: 0,
        }
    }

    /// Estimated opponent utility of `o` under the current model, in [0, 1].
    ///
    /// ```
    /// use detente::negotiate::{FrequencyModel, Outcome, OutcomeSpace};
    /// let m = FrequencyModel::new(1.0, 0.1);
    /// // Before any observation every outcome looks the same.
    /// assert_eq!(m.estimate(&OutcomeSpace::uniform(2, 3)?, Outcome(4)), 0.0);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn estimate(&self, space: &crate::negotiate::OutcomeSpace, o: Outcome) -> f64 {
        if self.n_opp == 0 || self.offsets.len() != space.n_issues() {
            return 0.0;
        }
        let wsum: f64 = self.unchanged.iter().map(|x| x + 1.0).sum();
        let mut u = 0.0;
        for i in 0..space.n_issues() {
            let card = space.issues()[i].cardinality();
            let row = &self.counts[self.offsets[i]..self.offsets[i] + card];
            let max = row.iter().fold(0.0f64, |m, &c| m.max(c));
            if max > 0.0 {
                u += (self.unchanged[i] + 1.0) / wsum * row[space.value_of(o, i)] / max;
            }
        }
        u
    }

    fn observe(&mut self, view: &View<'_>) {
        while self.seen < view.history.len() {
            let offer = view.history[self.seen];
            self.seen += 1;
            if offer.party == view.me {
                continue;
            }
            view.space.decode(offer.outcome, &mut self.cur);
            for (i, &v) in self.cur.iter().enumerate() {
                self.counts[self.offsets[i] + v] += 1.0;
                if self.n_opp > 0 && self.last[i] == v {
                    self.unchanged[i] += 1.0;
                }
            }
            std::mem::swap(&mut self.last, &mut self.cur);
            self.n_opp += 1;
        }
    }

    fn target(&self, t: f64) -> f64 {
        self.curve.threshold(t)
    }
}

impl Strategy for FrequencyModel {
    fn init(&mut self, view: &View<'_>) {
        self.curve.init(view);
        let u = view.utility();
        self.sorted.clear();
        self.sorted
            .extend(view.space.outcomes().map(|o| (u.eval(o), o)));
        self.sorted
            .sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let space = view.space;
        self.offsets.clear();
        let mut off = 0;
        for issue in space.issues() {
            self.offsets.push(off);
            off += issue.cardinality();
        }
        self.counts.clear();
        self.counts.resize(off, 0.0);
        self.unchanged.clear();
        self.unchanged.resize(space.n_issues(), 0.0);
        self.last.clear();
        self.last.resize(space.n_issues(), 0);
        self.cur.clear();
        self.cur.resize(space.n_issues(), 0);
        self.seen = 0;
        self.n_opp = 0;
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        self.observe(view);
        let thr = self.target(view.relative_time());
        let (lo_u, hi_u) = (self.sorted[0].0, self.sorted[self.sorted.len() - 1].0);
        let hi = thr + self.window * (hi_u - lo_u);
        let start = self
            .sorted
            .partition_point(|x| x.0 < thr)
            .min(self.sorted.len() - 1);
        // Best estimated opponent utility among candidates; own utility breaks
        // ties (the lowest own utility first, like the time-based strategies).
        let mut best = self.sorted[start];
        let mut best_score = f64::NEG_INFINITY;
        for &(u, o) in self.sorted[start..]
            .iter()
            .take_while(|x| x.0 <= hi)
            .take(256)
        {
            let s = self.estimate(view.space, o);
            if s > best_score {
                best_score = s;
                best = (u, o);
            }
        }
        best.1
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        self.observe(view);
        self.curve.respond(view, offer)
    }

    fn name(&self) -> &str {
        "frequency-model"
    }
}
