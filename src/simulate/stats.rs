//! Exactly mergeable statistics: integer count histograms, exact float
//! sums and fixed logarithmic float histograms.
//!
//! Every statistic here merges exactly: merging partial results in any
//! order or grouping gives the same bits as accumulating everything in one
//! place. That is what makes experiment results identical for any number of
//! threads, and sharded sweeps identical to one big run. Floating-point
//! results (means, quantiles) are computed from the exact state only when
//! asked.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Mean and quantiles of a distribution, for reports.
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// An exact histogram of non-negative integers (prisoners freed, rounds to
/// the first deal, stock in a round).
///
/// Quantiles are exact (nearest rank: the smallest value `v` with at least
/// `ceil(q n)` observations `<= v`), and merging adds counts, so it is exact.
///
/// ```
/// use detente::simulate::CountHistogram;
/// let mut a = CountHistogram::default();
/// for x in [3, 1, 2] { a.add(x); }
/// let mut b = CountHistogram::default();
/// b.add(10);
/// a.merge(&b);
/// assert_eq!(a.count(), 4);
/// assert_eq!(a.quantile(0.5), Some(2));
/// assert_eq!(a.mean(), Some(4.0));
/// ```
#[derive(Clone, Debug, Default)]
pub struct CountHistogram {
    /// `(value, count)` for every value observed, sorted by value: memory
    /// follows the distinct values seen, not the largest one.
    counts: Vec<(u32, u64)>,
    n: u64,
    sum: u128,
}

impl CountHistogram {
    /// Records one observation.
    #[inline]
    pub fn add(&mut self, v: u32) {
        self.add_n(v, 1);
    }

    /// Records `n` observations of `v`.
    #[inline]
    pub fn add_n(&mut self, v: u32, n: u64) {
        if n == 0 {
            return;
        }
        match self.counts.binary_search_by_key(&v, |&(x, _)| x) {
            Ok(i) => self.counts[i].1 += n,
            Err(i) => self.counts.insert(i, (v, n)),
        }
        self.n += n;
        self.sum += u128::from(v) * u128::from(n);
    }

    /// Adds every observation of `other`.
    pub fn merge(&mut self, other: &CountHistogram) {
        let (a, b) = (&self.counts, &other.counts);
        let mut merged = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            if x.0 == y.0 {
                merged.push((x.0, x.1 + y.1));
                (i, j) = (i + 1, j + 1);
            } else if x.0 < y.0 {
                merged.push(x);
                i += 1;
            } else {
                merged.push(y);
                j += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        self.counts = merged;
        self.n += other.n;
        self.sum += other.sum;
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Exact sum of the observations.
    pub fn sum(&self) -> u128 {
        self.sum
    }

    /// Mean (`None` when empty).
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// Exact nearest-rank quantile, `q` in [0, 1] (`None` when empty).
    pub fn quantile(&self, q: f64) -> Option<u32> {
        if self.n == 0 {
            return None;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for &(v, c) in &self.counts {
            seen += c;
            if seen >= rank {
                return Some(v);
            }
        }
        None
    }

    /// Smallest and largest observation.
    pub fn range(&self) -> Option<(u32, u32)> {
        Some((self.counts.first()?.0, self.counts.last()?.0))
    }

    /// Mean, quantiles and range (all zero when empty).
    pub fn quantiles(&self) -> Quantiles {
        let q = |p| self.quantile(p).map_or(0.0, f64::from);
        let (lo, hi) = self.range().unwrap_or((0, 0));
        Quantiles {
            mean: self.mean().unwrap_or(0.0),
            p5: q(0.05),
            p25: q(0.25),
            p50: q(0.5),
            p75: q(0.75),
            p95: q(0.95),
            min: f64::from(lo),
            max: f64::from(hi),
        }
    }

    /// `(value, count)` for every value observed, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.counts.iter().copied()
    }
}

/// Equal when they hold the same observations.
impl PartialEq for CountHistogram {
    fn eq(&self, other: &Self) -> bool {
        self.n == other.n && self.sum == other.sum && self.iter().eq(other.iter())
    }
}

impl Eq for CountHistogram {}

/// Serialized sparsely, as `[[value, count], ...]`.
impl Serialize for CountHistogram {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for CountHistogram {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read from files (shards): refuse what serialization never writes
        // (unsorted or repeated values, zero counts) and totals that would
        // overflow, instead of reading them as something else.
        let counts: Vec<(u32, u64)> = Vec::deserialize(d)?;
        let (mut n, mut sum) = (0u64, 0u128);
        for (i, &(v, c)) in counts.iter().enumerate() {
            if c == 0 || (i > 0 && counts[i - 1].0 >= v) {
                return Err(serde::de::Error::custom(
                    "histogram entries must have increasing values and non-zero counts",
                ));
            }
            n = n
                .checked_add(c)
                .ok_or_else(|| serde::de::Error::custom("histogram count overflows"))?;
            sum = sum
                .checked_add(u128::from(v) * u128::from(c))
                .ok_or_else(|| serde::de::Error::custom("histogram sum overflows"))?;
        }
        Ok(CountHistogram { counts, n, sum })
    }
}

/// Number of 32-bit limbs that hold any sum of `f64`s exactly: the bits
/// from 2^-1074 to 2^1024, plus headroom for carries.
const LIMBS: usize = 68;

/// An exact sum of `f64` values (a "superaccumulator"): every finite value
/// is added as an integer multiple of 2^-1074, so sums are exact, and
/// merging two sums in any order gives the same bits. Non-finite values are
/// counted apart, not summed.
///
/// ```
/// use detente::simulate::ExactSum;
/// let mut a = ExactSum::default();
/// a.add(1e20); a.add(1.0); a.add(-1e20);
/// assert_eq!(a.value(), 1.0); // a plain f64 sum gives 0
/// ```
#[derive(Clone, Debug)]
pub struct ExactSum {
    /// Limb i holds digits of weight 2^(32 i - 1074); limbs may carry
    /// beyond 32 bits between normalisations.
    limbs: Box<[i64; LIMBS]>,
    pending: u32,
    non_finite: u64,
}

impl Default for ExactSum {
    fn default() -> Self {
        Self {
            limbs: Box::new([0; LIMBS]),
            pending: 0,
            non_finite: 0,
        }
    }
}

impl ExactSum {
    /// Adds `x` exactly (non-finite values are only counted).
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.non_finite += 1;
            return;
        }
        if x == 0.0 {
            return;
        }
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1 << 52) - 1);
        // x = m * 2^(e - 1074) with m an integer below 2^53.
        let (m, e) = if exp == 0 {
            (frac, 0)
        } else {
            (frac | (1 << 52), exp - 1)
        };
        let (limb, shift) = ((e / 32) as usize, (e % 32) as u32);
        let wide = u128::from(m) << shift;
        let sign = if x < 0.0 { -1 } else { 1 };
        for k in 0..3 {
            let part = ((wide >> (32 * k)) & 0xffff_ffff) as i64;
            if part != 0 {
                self.limbs[limb + k] += sign * part;
            }
        }
        self.pending += 1;
        // Each addition moves a limb by less than 2^32; normalise long
        // before an i64 could overflow.
        if self.pending >= 1 << 20 {
            self.normalize();
        }
    }

    /// Adds every value of `other`.
    pub fn merge(&mut self, other: &ExactSum) {
        for (a, b) in self.limbs.iter_mut().zip(other.limbs.iter()) {
            *a += b;
        }
        self.non_finite += other.non_finite;
        self.pending = self.pending.saturating_add(other.pending).saturating_add(1);
        self.normalize();
    }

    /// Puts every limb but the top one in [0, 2^32): the canonical form of
    /// the exact value.
    fn normalize(&mut self) {
        let mut carry = 0i64;
        for l in self.limbs.iter_mut().take(LIMBS - 1) {
            let v = *l + carry;
            carry = v >> 32;
            *l = v & 0xffff_ffff;
        }
        self.limbs[LIMBS - 1] += carry;
        self.pending = 0;
    }

    /// The sum, rounded to `f64` (±infinity when it overflows). A pure
    /// function of the exact value, so equal sums give equal bits.
    pub fn value(&self) -> f64 {
        let mut c = self.clone();
        c.normalize();
        let negative = c.limbs[LIMBS - 1] < 0;
        if negative {
            // Negate the two's-complement multi-limb number.
            let mut carry = 1i64;
            for l in c.limbs.iter_mut().take(LIMBS - 1) {
                let v = (!*l & 0xffff_ffff) + carry;
                carry = v >> 32;
                *l = v & 0xffff_ffff;
            }
            c.limbs[LIMBS - 1] = !c.limbs[LIMBS - 1] + carry;
        }
        // The top three limbs below the highest non-zero one carry more than
        // 53 significant bits; rounding them once is within one ulp.
        let Some(top) = c.limbs.iter().rposition(|&l| l != 0) else {
            return 0.0;
        };
        let mut v = 0.0f64;
        for i in (top.saturating_sub(3)..=top).rev() {
            v += c.limbs[i] as f64 * pow2(32 * i as i64 - 1074);
        }
        if negative { -v } else { v }
    }

    /// How many non-finite values were offered (and not summed).
    pub fn non_finite(&self) -> u64 {
        self.non_finite
    }
}

/// Equal when the exact sums (and the non-finite counts) are equal.
impl PartialEq for ExactSum {
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (self.clone(), other.clone());
        a.normalize();
        b.normalize();
        a.limbs == b.limbs && a.non_finite == b.non_finite
    }
}

impl Eq for ExactSum {}

/// 2^e as an `f64` (0 or infinity outside the range).
fn pow2(e: i64) -> f64 {
    if e < -1074 {
        0.0
    } else if e < -1022 {
        f64::from_bits(1u64 << (e + 1074))
    } else if e <= 1023 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::INFINITY
    }
}

/// Serialized as `{"limbs": [[index, limb], ...], "non_finite": n}` with
/// only the non-zero limbs of the canonical form.
impl Serialize for ExactSum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut c = self.clone();
        c.normalize();
        let limbs: Vec<(usize, i64)> = c
            .limbs
            .iter()
            .enumerate()
            .filter(|(_, l)| **l != 0)
            .map(|(i, l)| (i, *l))
            .collect();
        ExactSumRepr {
            limbs,
            non_finite: self.non_finite,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for ExactSum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = ExactSumRepr::deserialize(d)?;
        let mut out = ExactSum {
            non_finite: r.non_finite,
            ..ExactSum::default()
        };
        for (i, l) in r.limbs {
            // The top limb of any sum of up to 2^64 finite values stays
            // below 2^18 in magnitude; a bound far above that still keeps
            // merges of such sums from overflowing an i64.
            let top = i == LIMBS - 1 && l.unsigned_abs() < 1 << 40;
            if i >= LIMBS || !(top || (i < LIMBS - 1 && (0..1 << 32).contains(&l))) {
                return Err(serde::de::Error::custom(format!(
                    "exact sum limb {i} = {l} out of range"
                )));
            }
            out.limbs[i] = l;
        }
        Ok(out)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExactSumRepr {
    limbs: Vec<(usize, i64)>,
    non_finite: u64,
}

/// Mantissa bits kept by [`LogHistogram`] bins: 2^7 bins per power of two,
/// so a bin's width is under 0.8% of its values.
const LOG_BITS: u32 = 7;

/// A histogram of `f64` values over fixed logarithmic bins (sign, exponent
/// and the top 7 mantissa bits), the same for every experiment, so
/// histograms merge exactly by adding counts. Quantiles are read to within a
/// bin (relative error below 0.8%).
///
/// ```
/// use detente::simulate::LogHistogram;
/// let mut h = LogHistogram::default();
/// for x in [-2.0, 0.0, 1.0, 3.0, 100.0] { h.add(x); }
/// let med = h.quantile(0.5).unwrap();
/// assert!((med - 1.0).abs() < 0.01);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogHistogram {
    bins: BTreeMap<i64, u64>,
    n: u64,
}

impl LogHistogram {
    /// Order-preserving bin key of `x` (NaN is not binned).
    fn key(x: f64) -> i64 {
        // Map the bits to an integer whose order is the order of the floats,
        // then drop the low mantissa bits.
        let b = x.to_bits() as i64;
        let ordered = if b < 0 { !(b & i64::MAX) } else { b };
        ordered >> (52 - LOG_BITS)
    }

    /// The smallest float of bin `k`... and the bin's middle, for reports.
    fn representative(k: i64) -> f64 {
        let lo = k << (52 - LOG_BITS);
        let hi = lo | ((1 << (52 - LOG_BITS)) - 1);
        let un = |o: i64| {
            let b = if o < 0 { !o | i64::MIN } else { o };
            f64::from_bits(b as u64)
        };
        let (a, b) = (un(lo), un(hi));
        if a.is_finite() && b.is_finite() {
            a / 2.0 + b / 2.0
        } else if a.is_finite() {
            a
        } else {
            b
        }
    }

    /// Records `x` (NaN is ignored).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        // Zero and negative zero share a bin.
        let x = if x == 0.0 { 0.0 } else { x };
        *self.bins.entry(Self::key(x)).or_insert(0) += 1;
        self.n += 1;
    }

    /// Adds every observation of `other`.
    pub fn merge(&mut self, other: &LogHistogram) {
        for (k, c) in &other.bins {
            *self.bins.entry(*k).or_insert(0) += c;
        }
        self.n += other.n;
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Nearest-rank quantile, to within a bin (`None` when empty).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (&k, &c) in &self.bins {
            seen += c;
            if seen >= rank {
                return Some(if k == 0 { 0.0 } else { Self::representative(k) });
            }
        }
        None
    }
}

impl Serialize for LogHistogram {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.bins.iter())
    }
}

impl<'de> Deserialize<'de> for LogHistogram {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs: Vec<(i64, u64)> = Vec::deserialize(d)?;
        let mut h = LogHistogram::default();
        for (i, &(k, c)) in pairs.iter().enumerate() {
            if c == 0 || (i > 0 && pairs[i - 1].0 >= k) {
                return Err(serde::de::Error::custom(
                    "histogram bins must be increasing with non-zero counts",
                ));
            }
            h.bins.insert(k, c);
            h.n =
                h.n.checked_add(c)
                    .ok_or_else(|| serde::de::Error::custom("histogram count overflows"))?;
        }
        Ok(h)
    }
}

/// Distribution of a float quantity over runs: exact sums (mean and
/// standard deviation) and a fixed logarithmic histogram (quantiles).
///
/// ```
/// use detente::simulate::FloatStats;
/// let mut s = FloatStats::default();
/// for x in [1.0, 2.0, 3.0] { s.add(x); }
/// assert_eq!(s.mean(), Some(2.0));
/// assert!((s.std_dev().unwrap() - 1.0).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloatStats {
    /// Number of (non-NaN) observations.
    pub n: u64,
    /// Exact sum.
    pub sum: ExactSum,
    /// Exact sum of squares (each square rounded once).
    pub sum_sq: ExactSum,
    /// Histogram for quantiles.
    pub histogram: LogHistogram,
}

impl FloatStats {
    /// Records `x` (NaN is ignored).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        self.sum.add(x);
        self.sum_sq.add(x * x);
        self.histogram.add(x);
    }

    /// Adds every observation of `other`.
    pub fn merge(&mut self, other: &FloatStats) {
        self.n += other.n;
        self.sum.merge(&other.sum);
        self.sum_sq.merge(&other.sum_sq);
        self.histogram.merge(&other.histogram);
    }

    /// Mean (`None` when empty).
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum.value() / self.n as f64)
    }

    /// Sample standard deviation (`None` with fewer than two observations).
    pub fn std_dev(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let mean = self.sum.value() / n;
        let var = (self.sum_sq.value() - n * mean * mean) / (n - 1.0);
        Some(var.max(0.0).sqrt())
    }

    /// Mean, quantiles (to within a histogram bin) and range.
    pub fn quantiles(&self) -> Quantiles {
        let q = |p| self.histogram.quantile(p).unwrap_or(0.0);
        Quantiles {
            mean: self.mean().unwrap_or(0.0),
            p5: q(0.05),
            p25: q(0.25),
            p50: q(0.5),
            p75: q(0.75),
            p95: q(0.95),
            min: q(0.0),
            max: q(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_sum_is_order_independent() {
        let xs = [
            1e300,
            -3.5,
            1e-300,
            7.25,
            -1e300,
            0.1,
            5e-324,
            2.0f64.powi(60),
        ];
        let mut a = ExactSum::default();
        xs.iter().for_each(|&x| a.add(x));
        let mut b = ExactSum::default();
        let mut c = ExactSum::default();
        xs.iter().rev().take(4).for_each(|&x| b.add(x));
        xs.iter().take(4).for_each(|&x| c.add(x));
        c.merge(&b);
        assert_eq!(a.value(), c.value());
        assert_eq!(a.value(), 2.0f64.powi(60) + 3.85);
    }

    #[test]
    fn exact_sum_negative_and_roundtrip() {
        let mut a = ExactSum::default();
        for x in [-1.5, -2.25, 0.75] {
            a.add(x);
        }
        assert_eq!(a.value(), -3.0);
        let j = serde_json::to_string(&a).unwrap();
        let b: ExactSum = serde_json::from_str(&j).unwrap();
        assert_eq!(b.value(), -3.0);
    }

    #[test]
    fn count_quantiles_nearest_rank() {
        let mut h = CountHistogram::default();
        for v in 1..=100 {
            h.add(v);
        }
        assert_eq!(h.quantile(0.05), Some(5));
        assert_eq!(h.quantile(0.95), Some(95));
        assert_eq!(h.quantile(0.0), Some(1));
        assert_eq!(h.quantile(1.0), Some(100));
        let j = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<CountHistogram>(&j).unwrap(), h);
    }

    #[test]
    fn log_histogram_orders_signs() {
        let mut h = LogHistogram::default();
        for x in [-100.0, -1.0, 0.0, 1.0, 100.0] {
            h.add(x);
        }
        let q: Vec<f64> = [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|&p| h.quantile(p).unwrap())
            .collect();
        for w in q.windows(2) {
            assert!(w[0] <= w[1], "{q:?}");
        }
        assert!((q[0] + 100.0).abs() < 1.0 && (q[4] - 100.0).abs() < 1.0);
        assert_eq!(q[2], 0.0);
    }
}
