//! Inverse utility queries: "which outcome has the lowest utility at least
//! `thr`?", the question every time-based strategy asks each round.
//!
//! Sorting the whole outcome space per negotiation (what NegMAS does) costs
//! O(n log n) before the first offer. [`OutcomeIndex`] avoids it:
//! - for a [`LinearAdditive`](super::LinearAdditive) utility it splits the issues into a prefix
//!   half `A` and a suffix half `B`, sorts only the partial sums of `B`
//!   (about sqrt(n) numbers, bucket-sorted in linear time when they spread
//!   out), and answers a query by finding, in each prefix combination `a`,
//!   the first suffix sum with `a + b >= thr`. Equal-width buckets over the
//!   sorted suffix sums make that one lookup and a fixed window of
//!   comparisons, without a branch: a query costs O(|A|) whatever the
//!   threshold did since the last one, and the build O(|B|), never O(n).
//! - for any other utility it evaluates and sorts once (the generic path).
//!
//! Candidates found through the split sums are re-evaluated exactly in
//! issue order, so answers are bit-identical to an exhaustive search.

use super::{Outcome, OutcomeSpace, Utility};

mod guide;
mod top;

use guide::{GUIDE_WINDOW, Guide, choose_split, ordered, unordered};

/// Queries on the enumeration from the top stay within this fraction of the
/// utility range below the best outcome; a lower threshold builds the split
/// index instead (a conceding strategy's first offers already go deeper).
const TOP_SPAN: f64 = 0.15;

/// Which structure answers queries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Path {
    /// Every outcome evaluated and sorted (non-additive utilities).
    #[default]
    Sorted,
    /// Linear additive, enumerated lazily from the top ([`top::Top`]); the
    /// split index is built on the first query that goes too deep.
    Top,
    /// Linear additive, split into prefix rows and sorted suffix sums.
    Split,
}

/// An utility-sorted view of an outcome space for one utility function,
/// built once per negotiation and queried every round. Buffers are reused
/// across [`OutcomeIndex::build`] calls, so a strategy that keeps its index
/// allocates nothing per negotiation once warmed up.
///
/// ```
/// use detente::negotiate::{LinearAdditive, OutcomeIndex, OutcomeSpace, Utility};
/// let space = OutcomeSpace::uniform(3, 10)?;
/// let u = LinearAdditive::new(vec![0.5, 0.3, 0.2], vec![(0..10).map(|j| j as f64 / 9.0).collect(); 3])?;
/// let mut idx = OutcomeIndex::default();
/// idx.build(&space, &u);
/// let (o, v) = idx.lowest_at_least(0.5).unwrap();
/// assert!(v >= 0.5 && v == u.eval(o));
/// // brute force agrees
/// let brute = space.outcomes().map(|o| u.eval(o)).filter(|&x| x >= 0.5).fold(f64::INFINITY, f64::min);
/// assert_eq!(v, brute);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct OutcomeIndex {
    path: Path,
    /// The linear additive utility's terms (`terms[offsets[i]..offsets[i + 1]]`
    /// for issue `i`), kept so the split index can be built lazily.
    terms: Vec<f64>,
    offsets: Vec<usize>,
    top: top::Top,
    /// Whether `top` was reset for the current terms.
    top_ready: bool,
    /// Most outcomes the enumeration from the top may pop before the split
    /// index takes over.
    top_budget: usize,
    worst: (Outcome, f64),
    best: (Outcome, f64),
    // Generic path: every outcome, sorted by utility.
    sorted_u: Vec<f64>,
    sorted_o: Vec<u32>,
    // Additive path.
    a_sums: Vec<f64>,
    b_sums: Vec<f64>,
    b_order: Vec<u32>,
    b_terms: Vec<f64>,
    b_width: usize,
    b_card: usize,
    /// `b_sums` after a -inf sentinel and before `GUIDE_WINDOW` +inf ones.
    b_pad: Vec<f64>,
    guide: Guide,
    // Per prefix row, scratch of the last query: split point, split sums
    // just above and just below.
    row_ptr: Vec<u32>,
    row_above: Vec<f64>,
    row_below: Vec<f64>,
    slack: f64,
    scratch: Vec<f64>,
    keyed: Vec<(f64, u32)>,
    keys: Vec<u64>,
    bucket_keys: Vec<u32>,
    cache: Option<Cached>,
    /// Stamp of the linear additive utility the additive path was built
    /// from (0: none), and the space size it was built for.
    built_from: (u64, usize),
}

/// The last query's answer: `above` = lowest u >= thr, `pred` = highest
/// u < thr. Any threshold in `(pred, above]` has the same answers.
#[derive(Clone, Copy, Debug)]
struct Cached {
    above: Option<(Outcome, f64)>,
    pred: Option<(Outcome, f64)>,
}

/// Above/below bracket of a threshold: `(lowest >= thr, highest in [lo, thr))`.
type Bracket = (Option<(Outcome, f64)>, Option<(Outcome, f64)>);

impl OutcomeIndex {
    /// (Re)builds the index for `utility` on `space`, reusing buffers.
    ///
    /// # Complexity
    /// Linear additive: O(|B| + |A|) (O(|B| log |B|) when the suffix sums
    /// are too clustered to bucket) with |A| |B| = |space| and the split
    /// chosen to balance build and query cost. Otherwise
    /// O(|space| log |space|).
    ///
    /// # Panics
    /// If the space has more than `u32::MAX` outcomes on the generic path.
    pub fn build(&mut self, space: &OutcomeSpace, utility: &dyn Utility) {
        self.cache = None;
        match utility.as_linear_additive() {
            Some(la) if la.fits(space) => {
                let key = (la.stamp(), space.cardinality());
                if self.path != Path::Sorted && key.0 != 0 && self.built_from == key {
                    // Same terms as last time: nothing to rebuild.
                    return;
                }
                self.terms.clear();
                self.offsets.clear();
                for i in 0..la.n_issues() {
                    self.offsets.push(self.terms.len());
                    self.terms.extend_from_slice(la.terms(i));
                }
                self.offsets.push(self.terms.len());
                // The enumeration starts on the first query near the top.
                self.path = Path::Top;
                self.top_ready = false;
                self.top_budget = (4 * space.cardinality().isqrt()).max(64);
                self.built_from = key;
            }
            _ => {
                self.build_sorted(space, utility);
                self.built_from = (0, 0);
            }
        }
        let (w, b) = utility.extremes(space);
        self.worst = (w, utility.eval(w));
        self.best = (b, utility.eval(b));
    }

    /// Worst outcome and its utility.
    ///
    /// ```
    /// use detente::negotiate::{OutcomeIndex, OutcomeSpace, TableUtility, Outcome};
    /// let s = OutcomeSpace::uniform(1, 3)?;
    /// let mut i = OutcomeIndex::default();
    /// i.build(&s, &TableUtility::new(vec![0.5, 0.1, 0.9])?);
    /// assert_eq!(i.worst(), (Outcome(1), 0.1));
    /// assert_eq!(i.best(), (Outcome(2), 0.9));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn worst(&self) -> (Outcome, f64) {
        self.worst
    }

    /// Best outcome and its utility.
    ///
    /// ```
    /// use detente::negotiate::{OutcomeIndex, OutcomeSpace, TableUtility, Outcome};
    /// let s = OutcomeSpace::uniform(1, 2)?;
    /// let mut i = OutcomeIndex::default();
    /// i.build(&s, &TableUtility::new(vec![0.5, 0.1])?);
    /// assert_eq!(i.best(), (Outcome(0), 0.5));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn best(&self) -> (Outcome, f64) {
        self.best
    }

    /// The outcome with the lowest utility `>= thr` (lowest index among
    /// equal utilities), or `None` when every outcome is below `thr`.
    ///
    /// # Complexity
    /// Additive: O(|A|) expected, any order of thresholds. Generic: O(log n).
    ///
    /// ```
    /// use detente::negotiate::{OutcomeIndex, OutcomeSpace, TableUtility, Outcome};
    /// let s = OutcomeSpace::uniform(1, 4)?;
    /// let mut i = OutcomeIndex::default();
    /// i.build(&s, &TableUtility::new(vec![0.5, 0.1, 0.9, 0.3])?);
    /// assert_eq!(i.lowest_at_least(0.2), Some((Outcome(3), 0.3)));
    /// assert_eq!(i.lowest_at_least(0.95), None);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn lowest_at_least(&mut self, thr: f64) -> Option<(Outcome, f64)> {
        self.bracket(thr, thr).0
    }

    /// NegMAS's `worst_in` for the range `[thr, max]` (presorting inverter,
    /// v0.16.0): the lowest utility `>= thr`, unless an outcome within
    /// `eps` *below* `thr` is strictly closer to `thr`, in which case that
    /// one. NegMAS's tie "cycling" there rolls a temporary copy and has no
    /// effect, so the answer is a pure function of `thr`.
    ///
    /// ```
    /// use detente::negotiate::{OutcomeIndex, OutcomeSpace, TableUtility, Outcome};
    /// let s = OutcomeSpace::uniform(1, 3)?;
    /// let mut i = OutcomeIndex::default();
    /// i.build(&s, &TableUtility::new(vec![0.4999995, 0.500003, 0.9])?);
    /// assert_eq!(i.nearest_from_above(0.5, 1e-6).0, Outcome(0));
    /// assert_eq!(i.nearest_from_above(0.5, 1e-7).0, Outcome(1));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn nearest_from_above(&mut self, thr: f64, eps: f64) -> (Outcome, f64) {
        let (above, below) = self.bracket(thr, thr - eps);
        match (above, below) {
            (Some(a), Some(b)) if (b.1 - thr).abs() < (a.1 - thr).abs() => b,
            (Some(a), _) => a,
            (None, Some(b)) => b,
            // thr above the maximum: NegMAS clamps to the nearest achievable
            // outcome, the best one.
            (None, None) => self.best,
        }
    }

    fn build_sorted(&mut self, space: &OutcomeSpace, utility: &dyn Utility) {
        self.path = Path::Sorted;
        let n = space.cardinality();
        self.keyed.clear();
        self.keyed.extend((0..n).map(|i| {
            (
                utility.eval(Outcome(i)),
                u32::try_from(i).expect("space fits u32 on the generic path"),
            )
        }));
        self.keyed
            .sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        self.sorted_u.clear();
        self.sorted_o.clear();
        self.sorted_u.extend(self.keyed.iter().map(|k| k.0));
        self.sorted_o.extend(self.keyed.iter().map(|k| k.1));
    }

    /// Builds the split index from `terms` / `offsets`.
    fn build_additive(&mut self) {
        self.path = Path::Split;
        let terms = std::mem::take(&mut self.terms);
        let offsets = std::mem::take(&mut self.offsets);
        self.build_split(|i| &terms[offsets[i]..offsets[i + 1]], offsets.len() - 1);
        self.terms = terms;
        self.offsets = offsets;
    }

    fn build_split<'a>(&mut self, terms: impl Fn(usize) -> &'a [f64], n: usize) {
        let card = |i: usize| terms(i).len();
        let h = choose_split(n, card);
        // Prefix sums over issues 0..h, in issue order: these are exactly the
        // first h partial sums of the sequential evaluation.
        self.a_sums.clear();
        self.a_sums.push(0.0);
        for i in 0..h {
            self.scratch.clear();
            for &p in &self.a_sums {
                self.scratch.extend(terms(i).iter().map(|t| p + t));
            }
            std::mem::swap(&mut self.a_sums, &mut self.scratch);
        }
        // Suffix combinations over issues h..n: their terms (for the exact
        // re-evaluation) and an approximate sum (for sorting).
        self.b_width = n - h;
        self.b_card = (h..n).map(card).product();
        self.b_terms.clear();
        self.b_terms.resize(self.b_card * self.b_width, 0.0);
        self.scratch.clear();
        // Odometer over the suffix digits (last issue fastest, as outcome
        // indices run): no division per combination.
        let mut digits = [0usize; 64];
        let w = self.b_width.min(64);
        for c in 0..self.b_card {
            let row = &mut self.b_terms[c * self.b_width..(c + 1) * self.b_width];
            if w == self.b_width {
                for k in 0..w {
                    row[k] = terms(h + k)[digits[k]];
                }
                for k in (0..w).rev() {
                    digits[k] += 1;
                    if digits[k] < card(h + k) {
                        break;
                    }
                    digits[k] = 0;
                }
            } else {
                let mut rest = c;
                for k in (0..self.b_width).rev() {
                    let m = card(h + k);
                    row[k] = terms(h + k)[rest % m];
                    rest /= m;
                }
            }
            self.scratch.push(row.iter().sum());
        }
        // The split sum a + b and the sequential sum differ by a few ulps of
        // the largest partial sum; the slack bounds that generously.
        let scale: f64 = (0..n)
            .map(|i| terms(i).iter().fold(0.0f64, |m, t| m.max(t.abs())))
            .sum();
        self.slack = 8.0 * (n as f64 + 1.0) * f64::EPSILON * scale.max(f64::MIN_POSITIVE);
        if !self.bucket_suffix() {
            self.guide.starts.clear();
            self.sort_suffix(scale);
        }
        self.row_ptr.clear();
        self.row_ptr.resize(self.a_sums.len(), 0);
        self.row_above.resize(self.a_sums.len(), 0.0);
        self.row_below.resize(self.a_sums.len(), 0.0);
        self.b_pad.clear();
        self.b_pad.push(f64::NEG_INFINITY);
        self.b_pad.extend_from_slice(&self.b_sums);
        self.b_pad.extend([f64::INFINITY; GUIDE_WINDOW]);
    }

    /// Bucket-sorts the suffix sums (in `scratch`, by combination) into
    /// `b_sums` and `b_order`, by (sum, combination), and keeps the buckets
    /// as the query [`Guide`]: a counting pass, a scatter in combination
    /// order, and an insertion pass that only reorders within buckets
    /// (at most [`GUIDE_WINDOW`] entries each). `false`, with nothing
    /// built, when the sums are too clustered for that or span no range.
    fn bucket_suffix(&mut self) -> bool {
        let sums = &self.scratch;
        let m = sums.len();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &x in sums {
            lo = lo.min(x);
            hi = hi.max(x);
        }
        let g = (2 * m).next_power_of_two();
        let scale = g as f64 / (hi - lo);
        if !(lo.is_finite() && hi.is_finite() && scale.is_finite()) {
            return false;
        }
        let guide = &mut self.guide;
        (guide.lo, guide.scale) = (lo, scale);
        guide.starts.clear();
        guide.starts.resize(g + 1, 0);
        self.bucket_keys.clear();
        let mut full = false;
        for &x in sums {
            let k = guide.key(x, g);
            self.bucket_keys.push(k as u32);
            guide.starts[k + 1] += 1;
            full |= guide.starts[k + 1] as usize > GUIDE_WINDOW;
        }
        if full {
            return false;
        }
        for k in 0..g {
            guide.starts[k + 1] += guide.starts[k];
        }
        // Scatter with starts[k] as bucket k's cursor; it ends at bucket
        // k + 1's start, so shift back afterwards.
        self.b_sums.clear();
        self.b_sums.resize(m, 0.0);
        self.b_order.clear();
        self.b_order.resize(m, 0);
        for (c, (&x, &k)) in sums.iter().zip(&self.bucket_keys).enumerate() {
            let pos = guide.starts[k as usize] as usize;
            guide.starts[k as usize] += 1;
            self.b_sums[pos] = x;
            self.b_order[pos] = c as u32;
        }
        guide.starts.copy_within(0..g, 1);
        guide.starts[0] = 0;
        // Stable: equal sums stay in combination order.
        for i in 1..m {
            let (x, c) = (self.b_sums[i], self.b_order[i]);
            let mut j = i;
            while j > 0 && self.b_sums[j - 1] > x {
                self.b_sums[j] = self.b_sums[j - 1];
                self.b_order[j] = self.b_order[j - 1];
                j -= 1;
            }
            self.b_sums[j] = x;
            self.b_order[j] = c;
        }
        true
    }

    /// Sorts the suffix sums (in `scratch`, by combination) into `b_sums`
    /// and `b_order`. With few combinations the sort key packs the sum's
    /// order-preserving bits (low bits dropped) with the combination index
    /// into one `u64`; the stored sums are the truncated ones, so they are
    /// exactly sorted, and the dropped bits are added to the slack.
    fn sort_suffix(&mut self, scale: f64) {
        let m = self.scratch.len();
        let bits = usize::BITS - m.saturating_sub(1).leading_zeros();
        self.b_sums.clear();
        self.b_order.clear();
        if bits <= 20 {
            let mask = (1u64 << bits) - 1;
            self.keys.clear();
            self.keys.extend(
                self.scratch
                    .iter()
                    .enumerate()
                    .map(|(c, &s)| (ordered(s) & !mask) | c as u64),
            );
            self.keys.sort_unstable();
            self.b_sums
                .extend(self.keys.iter().map(|&k| unordered(k & !mask)));
            self.b_order
                .extend(self.keys.iter().map(|&k| (k & mask) as u32));
            self.slack += scale.max(1.0) * f64::EPSILON * (1u64 << (bits + 1)) as f64;
        } else {
            self.keyed.clear();
            self.keyed
                .extend(self.scratch.iter().enumerate().map(|(c, &s)| (s, c as u32)));
            self.keyed
                .sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            self.b_sums.extend(self.keyed.iter().map(|k| k.0));
            self.b_order.extend(self.keyed.iter().map(|k| k.1));
        }
    }

    /// `(lowest u >= thr, highest u in [lo, thr))`, exact, lowest index on ties.
    fn bracket(&mut self, thr: f64, lo: f64) -> Bracket {
        let c = match self.cache {
            Some(c) if c.pred.is_none_or(|p| p.1 < thr) && c.above.is_none_or(|a| thr <= a.1) => c,
            _ => {
                let c = match self.path {
                    Path::Sorted => self.query_sorted(thr),
                    Path::Split => self.query_additive(thr),
                    Path::Top => match self.query_top(thr) {
                        Some(c) => c,
                        None => {
                            self.build_additive();
                            self.query_additive(thr)
                        }
                    },
                };
                self.cache = Some(c);
                c
            }
        };
        (c.above, c.pred.filter(|p| p.1 >= lo))
    }

    /// The answer from the enumeration from the top, unless `thr` lies too
    /// deep for it (`None`).
    fn query_top(&mut self, thr: f64) -> Option<Cached> {
        let (lo, hi) = (self.worst.1, self.best.1);
        if thr < hi - TOP_SPAN * (hi - lo) {
            return None;
        }
        if !self.top_ready {
            let (terms, offsets) = (&self.terms, &self.offsets);
            let n = offsets.len() - 1;
            if !self.top.reset(n, |i| &terms[offsets[i]..offsets[i + 1]]) {
                return None;
            }
            self.top_ready = true;
        }
        let (above, pred) = self.top.bracket(thr, self.top_budget)?;
        Some(Cached {
            above: above.map(|(o, u)| (Outcome(o), u)),
            pred: pred.map(|(o, u)| (Outcome(o), u)),
        })
    }

    fn query_sorted(&self, thr: f64) -> Cached {
        let i = self.sorted_u.partition_point(|&u| u < thr);
        let above = self
            .sorted_u
            .get(i)
            .map(|&u| (Outcome(self.sorted_o[i] as usize), u));
        let pred = (i > 0).then(|| {
            // Lowest index among equal utilities: sorted by (u, index), so the
            // first of the run.
            let u = self.sorted_u[i - 1];
            let j = self.sorted_u[..i].partition_point(|&x| x < u);
            (Outcome(self.sorted_o[j] as usize), u)
        });
        Cached { above, pred }
    }

    /// One pass over the prefix rows: in each row a branch-free binary
    /// search finds the split sums on either side of `thr`; the best of
    /// each side wins. When the winners are clear of the slack (the usual
    /// case), two exact evaluations settle the answer; otherwise fall back
    /// to [`Self::query_additive_full`].
    fn query_additive(&mut self, thr: f64) -> Cached {
        let slack = self.slack;
        // b_pad = [-inf, b_sums.., +inf..]: the neighbours of a row's split
        // point load without a bounds branch.
        let b_pad = &self.b_pad;
        let (mut above, mut a_row) = (f64::INFINITY, 0);
        let (mut below, mut b_row) = (f64::NEG_INFINITY, 0);
        for (a, &x) in self.a_sums.iter().enumerate() {
            let p = self.guide.seek(b_pad, thr - x - slack);
            let (va, vb) = (x + b_pad[p + 1], x + b_pad[p]);
            self.row_ptr[a] = p as u32;
            self.row_above[a] = va;
            self.row_below[a] = vb;
            if va < above {
                (above, a_row) = (va, a);
            }
            if vb > below {
                (below, b_row) = (vb, a);
            }
        }
        // Ambiguous: a winner within the slack of thr, or a runner-up (in
        // another row, or next to the winner in its row) within twice the
        // slack of a winner: the exact order may differ there.
        let near = 2.0 * slack;
        let (pa, pb) = (self.row_ptr[a_row] as usize, self.row_ptr[b_row] as usize);
        let mut crowded = above < thr + slack || below >= thr - slack;
        if above.is_finite() {
            let rivals = self.row_above.iter().filter(|&&v| v <= above + near);
            crowded |= rivals.count() > 1 || self.a_sums[a_row] + b_pad[pa + 2] <= above + near;
        }
        if below.is_finite() {
            let rivals = self.row_below.iter().filter(|&&v| v >= below - near);
            crowded |= rivals.count() > 1 || self.a_sums[b_row] + b_pad[pb - 1] >= below - near;
        }
        if crowded {
            return self.query_additive_full(thr);
        }
        let exact = |a: usize, k: usize| {
            let c = self.b_order[k] as usize;
            let mut u = self.a_sums[a];
            for t in &self.b_terms[c * self.b_width..(c + 1) * self.b_width] {
                u += t;
            }
            (Outcome(a * self.b_card + c), u)
        };
        Cached {
            above: above.is_finite().then(|| exact(a_row, pa)),
            pred: below.is_finite().then(|| exact(b_row, pb - 1)),
        }
    }

    /// Two passes over the prefix rows. Pass 1 finds in each row
    /// the first suffix sum that may reach `thr` and records the best split
    /// sums just above and just below; pass 2 re-evaluates exactly every
    /// entry within the slack of those two.
    fn query_additive_full(&mut self, thr: f64) -> Cached {
        let slack = self.slack;
        let nb = self.b_sums.len();
        let Self {
            a_sums,
            b_sums,
            b_order,
            b_terms,
            b_width,
            b_card,
            b_pad,
            guide,
            row_ptr: ptr,
            ..
        } = self;
        let (w, bc) = (*b_width, *b_card);
        let mut min_above = f64::INFINITY;
        let mut max_below = f64::NEG_INFINITY;
        for (a, &x) in a_sums.iter().enumerate() {
            let p = guide.seek(b_pad, thr - x - slack);
            ptr[a] = p as u32;
            // Entries in [thr - slack, thr + slack) are ambiguous (pass 2
            // evaluates them); the first one past them is surely above thr.
            let mut q = p;
            while q < nb && x + b_sums[q] < thr + slack {
                q += 1;
            }
            if q < nb {
                min_above = min_above.min(x + b_sums[q]);
            }
            if p > 0 {
                max_below = max_below.max(x + b_sums[p - 1]);
            }
        }
        let eval = |a: usize, k: usize| {
            let c = b_order[k] as usize;
            let mut u = a_sums[a];
            for t in &b_terms[c * w..(c + 1) * w] {
                u += t;
            }
            (a * bc + c, u)
        };
        let mut above: Option<(usize, f64)> = None;
        let mut pred: Option<(usize, f64)> = None;
        let mut offer = |o: usize, u: f64| {
            if u >= thr {
                if above.is_none_or(|(ob, ub)| u < ub || (u == ub && o < ob)) {
                    above = Some((o, u));
                }
            } else if pred.is_none_or(|(ob, ub)| u > ub || (u == ub && o < ob)) {
                pred = Some((o, u));
            }
        };
        let (hi_cut, lo_cut) = (min_above + 2.0 * slack, max_below - 2.0 * slack);
        for (a, &x) in a_sums.iter().enumerate() {
            let p = ptr[a] as usize;
            // Entries at or above the pointer, near the best split sum above
            // (exact values may straddle thr within the slack).
            let mut k = p;
            while k < nb && x + b_sums[k] <= hi_cut {
                let (o, u) = eval(a, k);
                offer(o, u);
                k += 1;
            }
            // Entries below the pointer, near the best split sum below.
            let mut k = p;
            while k > 0 && x + b_sums[k - 1] >= lo_cut {
                let (o, u) = eval(a, k - 1);
                offer(o, u);
                k -= 1;
            }
        }
        Cached {
            above: above.map(|(o, u)| (Outcome(o), u)),
            pred: pred.map(|(o, u)| (Outcome(o), u)),
        }
    }
}

#[cfg(test)]
mod tests;
