//! Summary statistics with 95% confidence intervals, and quantiles: the
//! numbers behind ranking tables and quantile bands.

use serde::{Deserialize, Serialize};

/// A point estimate with a 95% confidence interval `[lo, hi]` and the
/// sample size it rests on.
///
/// ```
/// let e = detente::analysis::mean_ci(&[1.0, 2.0, 3.0]);
/// assert_eq!(e.mean, 2.0);
/// assert!(e.lo < 2.0 && e.hi > 2.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate (a mean or a proportion).
    pub mean: f64,
    /// Lower end of the 95% interval.
    pub lo: f64,
    /// Upper end of the 95% interval.
    pub hi: f64,
    /// Number of observations.
    pub n: usize,
}

impl Estimate {
    /// Half the width of the interval (the "±" of a table).
    ///
    /// ```
    /// let e = detente::analysis::mean_ci(&[0.0, 2.0]);
    /// assert_eq!(e.half_width(), (e.hi - e.lo) / 2.0);
    /// ```
    pub fn half_width(&self) -> f64 {
        (self.hi - self.lo) / 2.0
    }
}

/// Two-sided 97.5% quantiles of Student's t for 1..=30 degrees of freedom.
const T975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

/// The 97.5% quantile of the standard normal distribution.
const Z975: f64 = 1.959_963_984_540_054;

/// Mean with a 95% confidence interval from Student's t (the normal
/// approximation beyond 30 degrees of freedom). Sums run left to right, so
/// the same values in the same order give the same bits. An empty slice
/// gives NaNs with `n = 0`; one value gives a zero-width interval.
///
/// ```
/// let e = detente::analysis::mean_ci(&[2.0, 4.0, 6.0, 8.0]);
/// assert_eq!(e.mean, 5.0);
/// // s = 2.582, t(3) = 3.182: 5 ± 4.108
/// assert!((e.half_width() - 3.182 * 2.581988897 / 2.0).abs() < 1e-6);
/// ```
pub fn mean_ci(values: &[f64]) -> Estimate {
    let n = values.len();
    if n == 0 {
        return Estimate {
            mean: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
            n,
        };
    }
    let mean = values.iter().fold(0.0, |s, x| s + x) / n as f64;
    if n == 1 {
        return Estimate {
            mean,
            lo: mean,
            hi: mean,
            n,
        };
    }
    let var = values.iter().fold(0.0, |s, x| s + (x - mean) * (x - mean)) / (n - 1) as f64;
    let t = T975.get(n - 2).copied().unwrap_or(Z975);
    let h = t * (var / n as f64).sqrt();
    Estimate {
        mean,
        lo: mean - h,
        hi: mean + h,
        n,
    }
}

/// A proportion `successes / n` with the 95% Wilson score interval, which
/// stays inside [0, 1] and is honest at rates of 0 and 1 (where the usual
/// normal interval collapses to a point). `n = 0` gives NaNs.
///
/// ```
/// let e = detente::analysis::proportion_ci(10, 10);
/// assert_eq!(e.mean, 1.0);
/// assert!(e.hi > 0.9999 && e.hi <= 1.0);
/// assert!(e.lo > 0.69 && e.lo < 0.73); // Wilson: 0.722
/// ```
pub fn proportion_ci(successes: usize, n: usize) -> Estimate {
    if n == 0 {
        return Estimate {
            mean: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
            n,
        };
    }
    let (k, nf) = (successes.min(n) as f64, n as f64);
    let p = k / nf;
    let z2 = Z975 * Z975;
    let centre = (p + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
    let h = Z975 / (1.0 + z2 / nf) * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    Estimate {
        mean: p,
        lo: (centre - h).max(0.0),
        hi: (centre + h).min(1.0),
        n,
    }
}

/// The `q`-quantile (0 ≤ q ≤ 1) of `sorted` (ascending) by linear
/// interpolation between order statistics (type 7, the default of R and
/// NumPy). `None` for an empty slice or a `q` outside [0, 1].
///
/// ```
/// use detente::analysis::quantile;
/// let xs = [1.0, 2.0, 3.0, 4.0];
/// assert_eq!(quantile(&xs, 0.5), Some(2.5));
/// assert_eq!(quantile(&xs, 1.0), Some(4.0));
/// ```
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_the_textbook_value() {
        // 8 of 20: Wilson interval (0.219, 0.613).
        let e = proportion_ci(8, 20);
        assert!((e.lo - 0.2188).abs() < 1e-3 && (e.hi - 0.6134).abs() < 1e-3);
    }

    #[test]
    fn large_samples_use_the_normal_quantile() {
        let xs: Vec<f64> = (0..100).map(|i| (i % 2) as f64).collect();
        let e = mean_ci(&xs);
        let s = (25.0f64 / 99.0).sqrt();
        assert!((e.half_width() - Z975 * s / 10.0).abs() < 1e-12);
    }

    #[test]
    fn quantiles_interpolate_and_reject_bad_input() {
        assert_eq!(quantile(&[5.0], 0.3), Some(5.0));
        assert_eq!(quantile(&[0.0, 10.0], 0.25), Some(2.5));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[1.0], 1.5), None);
    }
}
