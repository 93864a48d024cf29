//! Utility functions over an outcome space.
//!
//! [`Utility`] is the small trait every party's valuation implements; the
//! shipped ones are [`LinearAdditive`] (weights times per-issue value tables,
//! the usual negotiation-domain form) and [`TableUtility`] (one number per
//! outcome, for anything else: a domain layer can fill it from a `World`).
//! Both carry a reservation value (the utility of no agreement) and a
//! discount factor per round.

use serde::{Deserialize, Serialize};

use super::{NegotiateError, Outcome, OutcomeSpace};

/// A party's valuation of outcomes.
///
/// Implementations must be pure: the same outcome always has the same
/// utility (strategies cache and index them).
///
/// ```
/// use detente::negotiate::{Outcome, OutcomeSpace, Utility};
/// /// Prefers higher value indices on a single issue.
/// struct Higher;
/// impl Utility for Higher {
///     fn eval(&self, o: Outcome) -> f64 { o.index() as f64 / 9.0 }
/// }
/// let space = OutcomeSpace::uniform(1, 10)?;
/// assert_eq!(Higher.extremes(&space), (Outcome(0), Outcome(9)));
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
pub trait Utility: Send + Sync {
    /// Undiscounted utility of an outcome.
    fn eval(&self, o: Outcome) -> f64;

    /// Utility of no agreement (the reservation value). Default 0.
    fn reserved_value(&self) -> f64 {
        0.0
    }

    /// Discount factor per round, in (0, 1]. Default 1 (no discounting).
    fn discount(&self) -> f64 {
        1.0
    }

    /// Utility of `o` agreed in round `round` (0-based): `eval(o) * discount^round`.
    fn discounted(&self, o: Outcome, round: usize) -> f64 {
        self.eval(o)
            * self
                .discount()
                .powi(i32::try_from(round).unwrap_or(i32::MAX))
    }

    /// `(worst, best)` outcomes. The default scans the whole space (first
    /// index wins ties); structured utilities override it.
    ///
    /// # Complexity
    /// Default: O(|space|) evaluations.
    fn extremes(&self, space: &OutcomeSpace) -> (Outcome, Outcome) {
        let (mut worst, mut best) = (Outcome(0), Outcome(0));
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for o in space.outcomes() {
            let u = self.eval(o);
            if u < lo {
                lo = u;
                worst = o;
            }
            if u > hi {
                hi = u;
                best = o;
            }
        }
        (worst, best)
    }

    /// The linear-additive form of this utility, if it has one (lets
    /// [`OutcomeIndex`](super::OutcomeIndex) use the additive structure).
    fn as_linear_additive(&self) -> Option<&LinearAdditive> {
        None
    }
}

/// `u(o) = sum_i weights[i] * values[i][o_i]`, summed in issue order.
///
/// The sum starts at 0 and adds the terms in issue order, as NegMAS's
/// `LinearAdditiveUtilityFunction` does, so utilities agree with it to the
/// last bit.
///
/// ```
/// use detente::negotiate::{LinearAdditive, OutcomeSpace, Utility};
/// let space = OutcomeSpace::uniform(2, 2)?;
/// let u = LinearAdditive::new(vec![0.25, 0.75], vec![vec![0.0, 1.0], vec![1.0, 0.0]])?;
/// assert_eq!(u.eval(space.encode(&[1, 0])?), 1.0);
/// assert_eq!(u.eval(space.encode(&[0, 1])?), 0.0);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LinearAdditive {
    weights: Vec<f64>,
    values: Vec<Vec<f64>>,
    /// `terms[offsets[i] + j] = weights[i] * values[i][j]`.
    terms: Vec<f64>,
    offsets: Vec<usize>,
    reserved: f64,
    discount: f64,
    /// Per issue, `ceil(2^64 / cardinality)`: decoding an outcome index then
    /// takes multiplications instead of divisions (Lemire's fast division,
    /// exact for indices below 2^32).
    #[serde(skip)]
    magic: Vec<u64>,
    /// Names the content of `terms`: a fresh number whenever they change,
    /// kept by clones (same content). Lets an [`OutcomeIndex`](super::OutcomeIndex)
    /// skip rebuilding for a utility it has already indexed, which is the
    /// common case in simulations where talks resume every round over
    /// unchanged stakes. 0 means unknown (never matches).
    #[serde(skip)]
    stamp: u64,
}

/// Equal weights, values, reservation and discount (the stamp is a cache key,
/// not part of the value).
impl PartialEq for LinearAdditive {
    fn eq(&self, other: &Self) -> bool {
        self.weights == other.weights
            && self.values == other.values
            && self.reserved == other.reserved
            && self.discount == other.discount
    }
}

/// A number never handed out before in this process.
fn fresh_stamp() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl LinearAdditive {
    /// A linear additive utility with reservation value 0 and no discounting.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when the lengths differ, there is no
    /// issue, an issue has no value, or a number is not finite.
    ///
    /// ```
    /// use detente::negotiate::LinearAdditive;
    /// assert!(LinearAdditive::new(vec![1.0], vec![vec![0.0, 1.0]]).is_ok());
    /// assert!(LinearAdditive::new(vec![1.0, 1.0], vec![vec![0.0]]).is_err());
    /// assert!(LinearAdditive::new(vec![f64::NAN], vec![vec![0.0]]).is_err());
    /// ```
    pub fn new(weights: Vec<f64>, values: Vec<Vec<f64>>) -> Result<Self, NegotiateError> {
        if weights.len() != values.len() || weights.is_empty() {
            return Err(NegotiateError::BadUtility(format!(
                "{} weights for {} value tables",
                weights.len(),
                values.len()
            )));
        }
        if values.iter().any(Vec::is_empty) {
            return Err(NegotiateError::BadUtility("an issue has no value".into()));
        }
        if !weights
            .iter()
            .chain(values.iter().flatten())
            .all(|x| x.is_finite())
        {
            return Err(NegotiateError::BadUtility(
                "non-finite weight or value".into(),
            ));
        }
        let mut terms = Vec::with_capacity(values.iter().map(Vec::len).sum());
        let mut offsets = Vec::with_capacity(values.len());
        for (w, row) in weights.iter().zip(&values) {
            offsets.push(terms.len());
            terms.extend(row.iter().map(|v| w * v));
        }
        let magic = values.iter().map(|r| magic(r.len())).collect();
        Ok(LinearAdditive {
            weights,
            values,
            terms,
            offsets,
            reserved: 0.0,
            discount: 1.0,
            magic,
            stamp: fresh_stamp(),
        })
    }

    /// The same utility with reservation value `r`.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when `r` is not finite.
    ///
    /// ```
    /// use detente::negotiate::{LinearAdditive, Utility};
    /// let u = LinearAdditive::new(vec![1.0], vec![vec![0.0, 1.0]])?.with_reserved(0.3)?;
    /// assert_eq!(u.reserved_value(), 0.3);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn with_reserved(mut self, r: f64) -> Result<Self, NegotiateError> {
        if !r.is_finite() {
            return Err(NegotiateError::BadUtility(
                "non-finite reservation value".into(),
            ));
        }
        self.reserved = r;
        Ok(self)
    }

    /// The same utility discounted by `d` per round.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] unless `0 < d <= 1`.
    ///
    /// ```
    /// use detente::negotiate::{LinearAdditive, Outcome, Utility};
    /// let u = LinearAdditive::new(vec![1.0], vec![vec![0.0, 1.0]])?.with_discount(0.5)?;
    /// assert_eq!(u.discounted(Outcome(1), 2), 0.25);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn with_discount(mut self, d: f64) -> Result<Self, NegotiateError> {
        if !(d > 0.0 && d <= 1.0) {
            return Err(NegotiateError::BadUtility(format!(
                "discount {d} not in (0, 1]"
            )));
        }
        self.discount = d;
        Ok(self)
    }

    /// Overwrites the weights and value tables in place (same shape) and
    /// recomputes the terms: lets a benchmark or a sweep refill utilities
    /// without allocating.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when `f` changed a table's length or
    /// left a non-finite number (the utility is then left as `f` made it,
    /// with stale terms; rebuild it).
    ///
    /// ```
    /// use detente::negotiate::{LinearAdditive, Outcome, Utility};
    /// let mut u = LinearAdditive::new(vec![1.0], vec![vec![0.0, 1.0]])?;
    /// u.update_tables(|w, v| { w[0] = 2.0; v[0][0] = 0.5; })?;
    /// assert_eq!(u.eval(Outcome(0)), 1.0);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn update_tables(
        &mut self,
        f: impl FnOnce(&mut [f64], &mut [Vec<f64>]),
    ) -> Result<(), NegotiateError> {
        f(&mut self.weights, &mut self.values);
        let lens_ok = self
            .values
            .iter()
            .zip(
                self.offsets.iter().zip(
                    self.offsets
                        .iter()
                        .skip(1)
                        .chain(std::iter::once(&self.terms.len())),
                ),
            )
            .all(|(row, (a, b))| row.len() == b - a);
        if !lens_ok {
            return Err(NegotiateError::BadUtility(
                "update changed a table's length".into(),
            ));
        }
        if !self
            .weights
            .iter()
            .chain(self.values.iter().flatten())
            .all(|x| x.is_finite())
        {
            return Err(NegotiateError::BadUtility(
                "non-finite weight or value".into(),
            ));
        }
        let mut changed = false;
        for (i, (w, row)) in self.weights.iter().zip(&self.values).enumerate() {
            for (t, v) in self.terms[self.offsets[i]..].iter_mut().zip(row) {
                let new = w * v;
                changed |= t.to_bits() != new.to_bits();
                *t = new;
            }
        }
        if changed || self.stamp == 0 {
            self.stamp = fresh_stamp();
        }
        Ok(())
    }

    /// The weights.
    ///
    /// ```
    /// let u = detente::negotiate::LinearAdditive::new(vec![2.0], vec![vec![0.0]])?;
    /// assert_eq!(u.weights(), &[2.0]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The value table of each issue.
    ///
    /// ```
    /// let u = detente::negotiate::LinearAdditive::new(vec![2.0], vec![vec![0.5]])?;
    /// assert_eq!(u.values()[0], vec![0.5]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn values(&self) -> &[Vec<f64>] {
        &self.values
    }

    /// Number of issues.
    ///
    /// ```
    /// let u = detente::negotiate::LinearAdditive::new(vec![1.0, 1.0], vec![vec![0.0], vec![1.0]])?;
    /// assert_eq!(u.n_issues(), 2);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn n_issues(&self) -> usize {
        self.weights.len()
    }

    /// The weighted terms of issue `i`: `weights[i] * values[i][j]` for each `j`.
    ///
    /// # Panics
    /// If `i >= self.n_issues()`.
    ///
    /// ```
    /// let u = detente::negotiate::LinearAdditive::new(vec![2.0], vec![vec![0.5, 1.0]])?;
    /// assert_eq!(u.terms(0), &[1.0, 2.0]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn terms(&self, i: usize) -> &[f64] {
        &self.terms[self.offsets[i]..self.offsets[i] + self.values[i].len()]
    }

    /// The content stamp (see the field); 0 when unknown.
    pub(crate) fn stamp(&self) -> u64 {
        self.stamp
    }

    /// Whether this utility's tables fit `space` (same number of issues and
    /// values per issue).
    ///
    /// ```
    /// use detente::negotiate::{LinearAdditive, OutcomeSpace};
    /// let u = LinearAdditive::new(vec![1.0], vec![vec![0.0, 1.0]])?;
    /// assert!(u.fits(&OutcomeSpace::uniform(1, 2)?));
    /// assert!(!u.fits(&OutcomeSpace::uniform(1, 3)?));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn fits(&self, space: &OutcomeSpace) -> bool {
        space.n_issues() == self.n_issues()
            && space
                .issues()
                .iter()
                .zip(&self.values)
                .all(|(i, v)| i.cardinality() == v.len())
    }

    /// Utility of the outcome with the given value indices.
    ///
    /// # Panics
    /// If a value index is out of range.
    ///
    /// ```
    /// let u = detente::negotiate::LinearAdditive::new(vec![0.5, 0.5], vec![vec![0.0, 1.0], vec![0.0, 1.0]])?;
    /// assert_eq!(u.eval_values(&[1, 1]), 1.0);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn eval_values(&self, values: &[usize]) -> f64 {
        let mut u = 0.0;
        for (i, &v) in values.iter().enumerate() {
            u += self.terms[self.offsets[i] + v];
        }
        u
    }
}

impl Utility for LinearAdditive {
    fn eval(&self, o: Outcome) -> f64 {
        // Decode last issue first into a stack buffer (one division per issue),
        // then sum in issue order so the rounding matches NegMAS.
        const STACK: usize = 32;
        let n = self.values.len();
        if n > STACK {
            let mut digits = vec![0; n];
            decode_into(&self.values, o.0, &mut digits);
            return self.eval_values(&digits);
        }
        let mut digits = [0usize; STACK];
        if self.magic.len() == n && o.0 < 1 << 32 {
            let mut rest = o.0 as u64;
            for k in (0..n).rev() {
                let m = self.magic[k];
                if m == 0 {
                    digits[k] = 0;
                    continue;
                }
                let q = ((u128::from(rest) * u128::from(m)) >> 64) as u64;
                digits[k] = (rest - q * self.values[k].len() as u64) as usize;
                rest = q;
            }
        } else {
            decode_into(&self.values, o.0, &mut digits[..n]);
        }
        self.eval_values(&digits[..n])
    }

    fn reserved_value(&self) -> f64 {
        self.reserved
    }

    fn discount(&self) -> f64 {
        self.discount
    }

    fn extremes(&self, _space: &OutcomeSpace) -> (Outcome, Outcome) {
        let (mut worst, mut best) = (0usize, 0usize);
        for i in 0..self.n_issues() {
            let t = self.terms(i);
            let lo = (0..t.len()).fold(0, |m, j| if t[j] < t[m] { j } else { m });
            let hi = (0..t.len()).fold(0, |m, j| if t[j] > t[m] { j } else { m });
            worst = worst * t.len() + lo;
            best = best * t.len() + hi;
        }
        (Outcome(worst), Outcome(best))
    }

    fn as_linear_additive(&self) -> Option<&LinearAdditive> {
        Some(self)
    }
}

/// `ceil(2^64 / d)`, or 0 for `d = 1` (handled apart: digit 0, quotient
/// unchanged).
fn magic(d: usize) -> u64 {
    if d <= 1 {
        0
    } else {
        (u64::MAX / d as u64).wrapping_add(1)
    }
}

fn decode_into(values: &[Vec<f64>], mut rest: usize, out: &mut [usize]) {
    for k in (0..values.len()).rev() {
        let n = values[k].len();
        out[k] = rest % n;
        rest /= n;
    }
}

/// One utility per outcome, given as a dense table (for valuations that are
/// not additive, e.g. built from a `World`).
///
/// ```
/// use detente::negotiate::{Outcome, TableUtility, Utility};
/// let u = TableUtility::new(vec![0.1, 0.9, 0.5])?;
/// assert_eq!(u.eval(Outcome(1)), 0.9);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableUtility {
    table: Vec<f64>,
    reserved: f64,
    discount: f64,
}

impl TableUtility {
    /// A table utility with reservation value 0 and no discounting.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when the table is empty or holds a
    /// non-finite number.
    ///
    /// ```
    /// assert!(detente::negotiate::TableUtility::new(vec![]).is_err());
    /// ```
    pub fn new(table: Vec<f64>) -> Result<Self, NegotiateError> {
        if table.is_empty() || !table.iter().all(|x| x.is_finite()) {
            return Err(NegotiateError::BadUtility(
                "empty or non-finite utility table".into(),
            ));
        }
        Ok(TableUtility {
            table,
            reserved: 0.0,
            discount: 1.0,
        })
    }

    /// Evaluates `f` on every outcome of `space`.
    ///
    /// # Errors
    /// As [`TableUtility::new`].
    ///
    /// ```
    /// use detente::negotiate::{OutcomeSpace, TableUtility, Utility, Outcome};
    /// let s = OutcomeSpace::uniform(1, 3)?;
    /// let u = TableUtility::from_fn(&s, |o| o.index() as f64)?;
    /// assert_eq!(u.eval(Outcome(2)), 2.0);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn from_fn(
        space: &OutcomeSpace,
        f: impl Fn(Outcome) -> f64,
    ) -> Result<Self, NegotiateError> {
        Self::new(space.outcomes().map(f).collect())
    }

    /// The same utility with reservation value `r`.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when `r` is not finite.
    ///
    /// ```
    /// use detente::negotiate::{TableUtility, Utility};
    /// assert_eq!(TableUtility::new(vec![1.0])?.with_reserved(0.5)?.reserved_value(), 0.5);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn with_reserved(mut self, r: f64) -> Result<Self, NegotiateError> {
        if !r.is_finite() {
            return Err(NegotiateError::BadUtility(
                "non-finite reservation value".into(),
            ));
        }
        self.reserved = r;
        Ok(self)
    }

    /// The same utility discounted by `d` per round.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] unless `0 < d <= 1`.
    ///
    /// ```
    /// use detente::negotiate::{TableUtility, Utility};
    /// assert_eq!(TableUtility::new(vec![1.0])?.with_discount(0.9)?.discount(), 0.9);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn with_discount(mut self, d: f64) -> Result<Self, NegotiateError> {
        if !(d > 0.0 && d <= 1.0) {
            return Err(NegotiateError::BadUtility(format!(
                "discount {d} not in (0, 1]"
            )));
        }
        self.discount = d;
        Ok(self)
    }

    /// Number of entries (must equal the space's cardinality).
    ///
    /// ```
    /// assert_eq!(detente::negotiate::TableUtility::new(vec![0.0; 4])?.len(), 4);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Always false (tables are non-empty by construction).
    ///
    /// ```
    /// assert!(!detente::negotiate::TableUtility::new(vec![0.0])?.is_empty());
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl Utility for TableUtility {
    fn eval(&self, o: Outcome) -> f64 {
        // Outcomes outside the table are worth nothing rather than a panic:
        // protocols validate proposals before evaluating them anyway.
        self.table.get(o.0).copied().unwrap_or(f64::NEG_INFINITY)
    }

    fn reserved_value(&self) -> f64 {
        self.reserved
    }

    fn discount(&self) -> f64 {
        self.discount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_decode_matches_division() {
        let cards = [3usize, 1, 7, 10, 2, 1, 5];
        let values: Vec<Vec<f64>> = cards
            .iter()
            .map(|&c| (0..c).map(|j| (j * 7 % 11) as f64).collect())
            .collect();
        let w: Vec<f64> = (0..cards.len()).map(|i| 1.0 + i as f64).collect();
        let u = LinearAdditive::new(w, values).unwrap();
        let space = OutcomeSpace::new(
            cards
                .iter()
                .enumerate()
                .map(|(i, &c)| super::super::Issue::numbered(format!("i{i}"), c))
                .collect(),
        )
        .unwrap();
        let mut v = vec![0; cards.len()];
        for o in space.outcomes() {
            space.decode(o, &mut v);
            assert_eq!(u.eval(o), u.eval_values(&v), "{o:?}");
        }
    }
}
