//! The revolving door: arrest and release rates fitted to a stock series
//! by maximum likelihood; its [`Likelihood`] can join a simulation-based
//! calibration as one term of the distance.
//!
//! The stock of political prisoners (Viasna's counts) moves by arrests in
//! and releases out. The model, per month:
//!
//! * arrests arrive as a Poisson process with rate `a · exp(e · p(t))`,
//!   where `p(t)` is the number of prisoners freed in deals for which the
//!   West paid (relief or recognition), per month, in hundreds: `e` is the
//!   response of arrests to the price paid (0: none);
//! * each prisoner leaves on their own (end of sentence, death, pardons the
//!   record does not list) at hazard `r`;
//! * the releases the record lists leave the stock on their dates.
//!
//! Between two counts the stock is then approximately normal, with mean
//! `S·q + (λ/r)(1 − q) − Σ K_j·q_j` (`q = e^{−rΔ}`; `K_j` released at `t_j`,
//! `q_j = e^{−r(t_end − t_j)}`) and variance `S·q(1 − q) + (λ/r)(1 − q)`
//! (binomial survival of those held, Poisson arrivals that stay). Counts of
//! flows (newly recognised prisoners in a year; releases after full terms,
//! "at least") add Poisson terms, treated as independent of the counts:
//! when a flow and the counts cover the same months this overstates the
//! information (the same arrests enter both), so intervals are then too
//! narrow. The log-likelihood is maximised over
//! `(a, r, e)` by Nelder–Mead on `(ln a, ln r, e)`; confidence intervals come
//! from the observed information (the inverse Hessian of the negative
//! log-likelihood at the maximum, by central differences).

use crate::rng::DetRng;
use rand_distr::{Binomial, Distribution, Poisson};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Days per month used to turn dates into months.
pub(crate) const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// A stock series with the releases and flows the record lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Short id.
    pub id: String,
    /// What it counts.
    pub title: String,
    /// Sources, referred to by id.
    pub sources: Vec<crate::scenario::Source>,
    /// Counts of the stock, oldest first (exact counts only: "at least"
    /// figures and counts whose date is unclear are left out).
    pub observations: Vec<Observation>,
    /// Releases the record lists (they leave the stock on their date).
    #[serde(default)]
    pub releases: Vec<KnownRelease>,
    /// Counts of flows over a period.
    #[serde(default)]
    pub flows: Vec<Flow>,
    /// Counts the record states over a period that the likelihood does not
    /// use (Viasna's "pardoned with US mediation" in 2025), kept for
    /// comparisons such as [`record::Targets`](crate::history::record::Targets)'
    /// second reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<Tally>,
    /// What was left out, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
}

/// A count over a period, as the source states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// What is counted, as a short id (`pardoned_with_us_mediation`).
    pub what: String,
    /// Start, `YYYY-MM-DD`.
    pub from: String,
    /// End, `YYYY-MM-DD`.
    pub to: String,
    /// The count.
    pub count: u32,
    /// Source ids.
    pub sources: Vec<String>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One count of the stock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The count.
    pub stock: u32,
    /// Source ids.
    pub sources: Vec<String>,
    /// Remarks (a month-only date placed mid-month, ...).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A release the record lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownRelease {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// How many left the stock.
    pub count: u32,
    /// Whether the West paid for it (relief or recognition).
    #[serde(default)]
    pub priced: bool,
    /// Label.
    pub label: String,
    /// Source ids.
    pub sources: Vec<String>,
}

/// What a flow counts.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// People added to the stock (newly recognised political prisoners).
    Arrests,
    /// People leaving on their own (end of sentence, death), not counting
    /// the listed releases.
    Exits,
}

/// A count of a flow over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Start, `YYYY-MM-DD`.
    pub from: String,
    /// End, `YYYY-MM-DD`.
    pub to: String,
    /// What it counts.
    pub kind: FlowKind,
    /// The count.
    pub count: u32,
    /// Whether the count is a lower bound ("at least 300").
    #[serde(default)]
    pub at_least: bool,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Rates of the revolving door, per month.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Arrests per month when nothing is paid (`a`).
    pub arrests: f64,
    /// Hazard per month of leaving on one's own (`r`).
    pub release_hazard: f64,
    /// Response of arrests to the price paid (`e`): arrests are multiplied
    /// by `exp(e)` per hundred prisoners bought per month.
    pub price_response: f64,
}

/// An estimate with its 95% confidence interval.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct MleEstimate {
    /// Maximum-likelihood estimate.
    pub value: f64,
    /// Standard error from the observed information.
    pub se: f64,
    /// 95% interval, `value ± 1.96 se`.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

impl MleEstimate {
    /// Whether `x` lies in the interval.
    pub fn covers(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }
}

/// A fitted model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// Arrests per month when nothing is paid.
    pub arrests: MleEstimate,
    /// Hazard per month of leaving on one's own.
    pub release_hazard: MleEstimate,
    /// Response of arrests to the price paid (`None` when fixed at 0).
    pub price_response: Option<MleEstimate>,
    /// Maximised log-likelihood.
    pub log_likelihood: f64,
    /// Each count after the first: date, recorded stock, the model's
    /// one-step prediction from the previous count and its standard deviation.
    pub fitted: Vec<(String, u32, f64, f64)>,
}

impl Fit {
    /// The point estimates as rates.
    pub fn rates(&self) -> Rates {
        Rates {
            arrests: self.arrests.value,
            release_hazard: self.release_hazard.value,
            price_response: self.price_response.map_or(0.0, |e| e.value),
        }
    }
}

/// Why a series could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum CalibrationError {
    /// A date is not a calendar date written `YYYY-MM-DD`.
    #[error("{path}: `{date}` is not a calendar date of the form YYYY-MM-DD")]
    BadDate {
        /// JSON path.
        path: String,
        /// The text.
        date: String,
    },
    /// Fewer than three counts, or counts out of order.
    #[error("{0}")]
    Series(String),
    /// The likelihood has no finite maximum or its curvature is not positive
    /// definite there (the data do not identify the rates).
    #[error("the rates are not identified by these data: {0}")]
    NotIdentified(String),
    /// The file could not be read or parsed.
    #[error("{0}")]
    File(String),
}

impl Series {
    /// Reads a series file.
    ///
    /// # Errors
    /// [`CalibrationError::File`] with the JSON path of a mistake.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Series, CalibrationError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CalibrationError::File(format!("cannot read {}: {e}", path.display())))?;
        let mut de = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| CalibrationError::File(format!("{}: {}", e.path(), e.inner())))
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub(crate) fn days(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days in month `m` (1-12) of year `y` (proleptic Gregorian), so that
/// 2024-02-30 or 2023-02-29 are refused instead of rolling into March.
pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The series in months since its first count, checked.
#[derive(Clone, Debug)]
struct Prepared {
    t: Vec<f64>,
    stock: Vec<f64>,
    /// (time, count, priced)
    releases: Vec<(f64, f64, bool)>,
    /// (from, to, kind, count, at_least)
    flows: Vec<(f64, f64, FlowKind, f64, bool)>,
    /// Priced releases per month in hundreds, per interval.
    price: Vec<f64>,
}

fn prepare(s: &Series) -> Result<Prepared, CalibrationError> {
    let origin_date = s
        .observations
        .first()
        .map(|o| o.date.clone())
        .ok_or_else(|| CalibrationError::Series("the series has no counts".into()))?;
    let month = |path: String, date: &str| -> Result<f64, CalibrationError> {
        match (days(date), days(&origin_date)) {
            (Some(d), Some(o)) => Ok((d - o) as f64 / DAYS_PER_MONTH),
            _ => Err(CalibrationError::BadDate {
                path,
                date: date.to_string(),
            }),
        }
    };
    let mut t = Vec::new();
    for (i, o) in s.observations.iter().enumerate() {
        let x = month(format!("$.observations[{i}].date"), &o.date)?;
        if t.last().is_some_and(|&l| x <= l) {
            return Err(CalibrationError::Series(format!(
                "$.observations[{i}]: counts must be in date order, one per date"
            )));
        }
        t.push(x);
    }
    if t.len() < 3 {
        return Err(CalibrationError::Series(
            "at least three counts are needed".into(),
        ));
    }
    let releases = s
        .releases
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Ok((
                month(format!("$.releases[{i}].date"), &r.date)?,
                f64::from(r.count),
                r.priced,
            ))
        })
        .collect::<Result<Vec<_>, CalibrationError>>()?;
    let flows = s
        .flows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok((
                month(format!("$.flows[{i}].from"), &f.from)?,
                month(format!("$.flows[{i}].to"), &f.to)?,
                f.kind,
                f64::from(f.count),
                f.at_least,
            ))
        })
        .collect::<Result<Vec<_>, CalibrationError>>()?;
    let price = t
        .windows(2)
        .map(|w| {
            let paid: f64 = releases
                .iter()
                .filter(|r| r.2 && r.0 > w[0] && r.0 <= w[1])
                .map(|r| r.1)
                .sum();
            paid / (w[1] - w[0]) / 100.0
        })
        .collect();
    Ok(Prepared {
        stock: s.observations.iter().map(|o| f64::from(o.stock)).collect(),
        t,
        releases,
        flows,
        price,
    })
}

/// Mean and variance of the next count given the current one.
fn step_moments(p: &Prepared, k: usize, rates: &Rates) -> (f64, f64) {
    let (t0, t1, s) = (p.t[k], p.t[k + 1], p.stock[k]);
    let r = rates.release_hazard;
    let lambda = rates.arrests * (rates.price_response * p.price[k]).exp();
    let q = (-r * (t1 - t0)).exp();
    let arrivals = lambda * (t1 - t0) * survival_mean(r * (t1 - t0));
    let removed: f64 = p
        .releases
        .iter()
        .filter(|x| x.0 > t0 && x.0 <= t1)
        .map(|x| x.1 * (-r * (t1 - x.0)).exp())
        .sum();
    (s * q + arrivals - removed, s * q * (1.0 - q) + arrivals)
}

/// `(1 − e^{−x}) / x`, the mean survival of arrivals spread uniformly over
/// an interval, stable near 0.
fn survival_mean(x: f64) -> f64 {
    if x < 1e-8 {
        1.0 - x / 2.0
    } else {
        -(-x).exp_m1() / x
    }
}

/// Expected arrests over `[a, b]` (piecewise constant rate by interval).
fn arrests_between(p: &Prepared, a: f64, b: f64, rates: &Rates) -> f64 {
    let mut total = 0.0;
    for (k, w) in p.t.windows(2).enumerate() {
        let overlap = (b.min(w[1]) - a.max(w[0])).max(0.0);
        total += overlap * rates.arrests * (rates.price_response * p.price[k]).exp();
    }
    // Outside the counted span the rate without payment applies.
    let (first, last) = (p.t[0], *p.t.last().expect("at least three counts"));
    total += ((first.min(b) - a).max(0.0) + (b - last.max(a)).max(0.0)) * rates.arrests;
    total
}

/// Expected exits over `[a, b]`: hazard × the integral of the stock,
/// interpolated linearly between counts.
fn exits_between(p: &Prepared, a: f64, b: f64, rates: &Rates) -> f64 {
    let mut total = 0.0;
    for (k, w) in p.t.windows(2).enumerate() {
        let (lo, hi) = (a.max(w[0]), b.min(w[1]));
        if hi > lo {
            let at =
                |x: f64| p.stock[k] + (p.stock[k + 1] - p.stock[k]) * (x - w[0]) / (w[1] - w[0]);
            total += (hi - lo) * (at(lo) + at(hi)) / 2.0;
        }
    }
    rates.release_hazard * total
}

fn log_poisson(k: f64, mu: f64) -> f64 {
    k * mu.ln() - mu - ln_gamma(k + 1.0)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let t = x + 7.5;
    let s = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |s, (i, c)| s + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

/// ln P(N(0,1) ≥ z), from the complementary error function.
fn ln_upper_tail(z: f64) -> f64 {
    (0.5 * erfc(z / std::f64::consts::SQRT_2)).max(1e-300).ln()
}

/// erfc with relative error below 1.2e-7 (Numerical Recipes' `erfcc`).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

fn log_likelihood(p: &Prepared, rates: &Rates) -> f64 {
    if !(rates.arrests > 0.0 && rates.release_hazard > 0.0 && rates.price_response.is_finite()) {
        return f64::NEG_INFINITY;
    }
    let mut ll = 0.0;
    for k in 0..p.t.len() - 1 {
        let (mean, var) = step_moments(p, k, rates);
        let var = var.max(1.0);
        let d = p.stock[k + 1] - mean;
        ll += -0.5 * ((2.0 * std::f64::consts::PI * var).ln() + d * d / var);
    }
    for &(a, b, kind, count, at_least) in &p.flows {
        let mu = match kind {
            FlowKind::Arrests => arrests_between(p, a, b, rates),
            FlowKind::Exits => exits_between(p, a, b, rates),
        }
        .max(1e-9);
        ll += if at_least {
            // P(N ≥ count) for N ~ Poisson(mu), normal approximation with
            // continuity correction.
            ln_upper_tail((count - 0.5 - mu) / mu.sqrt())
        } else {
            log_poisson(count, mu)
        };
    }
    if ll.is_nan() { f64::NEG_INFINITY } else { ll }
}

/// Nelder–Mead minimisation of `f` from `x0` with initial steps `step`.
fn nelder_mead(
    f: &impl Fn(&[f64]) -> f64,
    x0: &[f64],
    step: &[f64],
    iterations: usize,
) -> Vec<f64> {
    let n = x0.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = x0.to_vec();
            if i > 0 {
                x[i - 1] += step[i - 1];
            }
            let fx = f(&x);
            (x, fx)
        })
        .collect();
    for _ in 0..iterations {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        if (simplex[n].1 - simplex[0].1).abs() <= 1e-10 * (1.0 + simplex[0].1.abs()) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|p| p.0[j]).sum::<f64>() / n as f64)
            .collect();
        let towards = |c: f64| -> Vec<f64> {
            (0..n)
                .map(|j| centroid[j] + c * (simplex[n].0[j] - centroid[j]))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = f(&reflected);
        if fr < simplex[0].1 {
            let expanded = towards(-2.0);
            let fe = f(&expanded);
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = towards(if fr < simplex[n].1 { -0.5 } else { 0.5 });
            let fc = f(&contracted);
            if fc < simplex[n].1.min(fr) {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    for (x, b) in p.0.iter_mut().zip(&best) {
                        *x = b + 0.5 * (*x - b);
                    }
                    p.1 = f(&p.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex.swap_remove(0).0
}

/// Inverts a small symmetric matrix by Gauss–Jordan; `None` when singular.
fn invert(mut m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for c in 0..n {
        let pivot = (c..n).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))?;
        if m[pivot][c].abs() < 1e-300 {
            return None;
        }
        m.swap(c, pivot);
        inv.swap(c, pivot);
        let d = m[c][c];
        for j in 0..n {
            m[c][j] /= d;
            inv[c][j] /= d;
        }
        for r in 0..n {
            if r != c {
                let f = m[r][c];
                for j in 0..n {
                    m[r][j] -= f * m[c][j];
                    inv[r][j] -= f * inv[c][j];
                }
            }
        }
    }
    Some(inv)
}

/// The series' log-likelihood as a function of the rates, prepared once:
/// the revolving door's part of a simulation-based calibration, where
/// [`Likelihood::deviance`] joins the distance between a particle's
/// summaries and the record (see [`crate::calibrate::RevolvingDoorTerm`]).
///
/// ```
/// use detente::calibrate::revolving_door::{Likelihood, Series, fit};
/// let s = Series::from_path("examples/scenarios/history/series/viasna_stock.json")?;
/// let l = Likelihood::new(&s)?;
/// let best = fit(&s, true)?;
/// // At the maximum-likelihood rates the deviance is (about) zero.
/// assert!(l.deviance(&best.rates()).abs() < 1e-6);
/// let off = detente::calibrate::revolving_door::Rates { arrests: 1.0, ..best.rates() };
/// assert!(l.deviance(&off) > 10.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Likelihood {
    prepared: Prepared,
    max: f64,
}

impl Likelihood {
    /// Prepares `series` and finds its maximum (over all three rates).
    ///
    /// # Errors
    /// As [`fit`].
    pub fn new(series: &Series) -> Result<Self, CalibrationError> {
        let prepared = prepare(series)?;
        let max = fit(series, true)
            .or_else(|_| fit(series, false))?
            .log_likelihood;
        Ok(Self { prepared, max })
    }

    /// The log-likelihood of the series at `rates` (minus infinity for
    /// rates outside the model: a rate not above 0).
    pub fn log_likelihood(&self, rates: &Rates) -> f64 {
        log_likelihood(&self.prepared, rates)
    }

    /// Twice the log-likelihood below the maximum (0 at the best rates;
    /// asymptotically chi-squared), infinite for impossible rates.
    pub fn deviance(&self, rates: &Rates) -> f64 {
        (2.0 * (self.max - self.log_likelihood(rates))).max(0.0)
    }
}

/// Fits the rates by maximum likelihood; with `fit_response` false the
/// response of arrests to the price paid is fixed at 0.
///
/// # Errors
/// Bad dates, too few counts, or a likelihood whose curvature does not
/// identify the rates.
pub fn fit(series: &Series, fit_response: bool) -> Result<Fit, CalibrationError> {
    let p = prepare(series)?;
    let dim = if fit_response { 3 } else { 2 };
    let rates_of = |x: &[f64]| Rates {
        arrests: x[0].exp(),
        release_hazard: x[1].exp(),
        price_response: if fit_response { x[2] } else { 0.0 },
    };
    let nll = |x: &[f64]| -log_likelihood(&p, &rates_of(x));
    // Start from the stock's mean level and a hazard of 2% a month.
    let mean_stock = p.stock.iter().sum::<f64>() / p.stock.len() as f64;
    let x0 = [(0.02 * mean_stock).max(1e-3).ln(), 0.02f64.ln(), 0.0];
    let mut x = nelder_mead(&nll, &x0[..dim], &[0.5, 0.5, 0.5][..dim], 4000);
    // A restart from the optimum guards against a collapsed simplex.
    x = nelder_mead(&nll, &x, &[0.1, 0.1, 0.1][..dim], 4000);
    let best = nll(&x);
    if !best.is_finite() {
        return Err(CalibrationError::NotIdentified(
            "the likelihood is zero everywhere searched".into(),
        ));
    }
    // Observed information in the natural parameters (a, r, e).
    let theta: Vec<f64> = (0..dim)
        .map(|i| if i < 2 { x[i].exp() } else { x[i] })
        .collect();
    let nll_nat = |th: &[f64]| {
        -log_likelihood(
            &p,
            &Rates {
                arrests: th[0],
                release_hazard: th[1],
                price_response: if fit_response { th[2] } else { 0.0 },
            },
        )
    };
    let h: Vec<f64> = theta.iter().map(|v| 1e-4 * v.abs().max(1e-3)).collect();
    let mut hess = vec![vec![0.0; dim]; dim];
    for i in 0..dim {
        for j in 0..dim {
            let at = |di: f64, dj: f64| {
                let mut th = theta.clone();
                th[i] += di * h[i];
                th[j] += dj * h[j];
                nll_nat(&th)
            };
            hess[i][j] = (at(1.0, 1.0) - at(1.0, -1.0) - at(-1.0, 1.0) + at(-1.0, -1.0))
                / (4.0 * h[i] * h[j]);
        }
    }
    let cov = invert(hess)
        .ok_or_else(|| CalibrationError::NotIdentified("singular information".into()))?;
    let estimate = |i: usize| -> Result<MleEstimate, CalibrationError> {
        let var = cov[i][i];
        if !(var.is_finite() && var > 0.0) {
            return Err(CalibrationError::NotIdentified(format!(
                "the information matrix is not positive definite (variance {var})"
            )));
        }
        let se = var.sqrt();
        Ok(MleEstimate {
            value: theta[i],
            se,
            lo: theta[i] - 1.96 * se,
            hi: theta[i] + 1.96 * se,
        })
    };
    let rates = rates_of(&x);
    let fitted = (0..p.t.len() - 1)
        .map(|k| {
            let (mean, var) = step_moments(&p, k, &rates);
            let o = &series.observations[k + 1];
            (o.date.clone(), o.stock, mean, var.sqrt())
        })
        .collect();
    Ok(Fit {
        arrests: estimate(0)?,
        release_hazard: estimate(1)?,
        price_response: if fit_response {
            Some(estimate(2)?)
        } else {
            None
        },
        log_likelihood: -best,
        fitted,
    })
}

/// A projection of the stock: mean and 5th–95th percentiles over runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Projection {
    /// Date projected to.
    pub date: String,
    /// Mean stock over the runs.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// What a simulated interval produced.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Simulated {
    /// The stock at the end.
    pub stock: u32,
    /// Arrests during the interval.
    pub arrests: u32,
    /// Exits on one's own during the interval (not the listed releases).
    pub exits: u32,
}

/// Simulates the stock from `stock` on `from` to `to` under `rates`, in
/// steps of one day, with `releases` dated inside the interval leaving on
/// their dates. As in [`fit`], the price paid is the priced releases of the
/// interval per month, in hundreds, constant over the interval.
///
/// # Errors
/// Bad dates.
pub fn simulate_interval(
    rates: &Rates,
    stock: u32,
    from: &str,
    to: &str,
    releases: &[KnownRelease],
    rng: &mut DetRng,
) -> Result<Simulated, CalibrationError> {
    let day = |d: &str, path: &str| {
        days(d).ok_or_else(|| CalibrationError::BadDate {
            path: path.to_string(),
            date: d.to_string(),
        })
    };
    let (d0, d1) = (day(from, "from")?, day(to, "to")?);
    let mut inside: Vec<(i64, u32, bool)> = Vec::new();
    for r in releases {
        let d = day(&r.date, "releases")?;
        if d > d0 && d <= d1 {
            inside.push((d, r.count, r.priced));
        }
    }
    let months = ((d1 - d0) as f64 / DAYS_PER_MONTH).max(1e-9);
    let paid: u32 = inside.iter().filter(|r| r.2).map(|r| r.1).sum();
    let dt = 1.0 / DAYS_PER_MONTH;
    let lambda =
        rates.arrests * (rates.price_response * f64::from(paid) / months / 100.0).exp() * dt;
    let arrive = Poisson::new(lambda).ok();
    let leave = (1.0 - (-rates.release_hazard * dt).exp()).clamp(0.0, 1.0);
    let (mut s, mut arrests, mut exits) = (u64::from(stock), 0u64, 0u64);
    for d in d0 + 1..=d1 {
        let a = arrive.as_ref().map_or(0, |p| p.sample(rng) as u64);
        let e = Binomial::new(s, leave).map_or(0, |b| b.sample(rng));
        s = s + a - e;
        arrests += a;
        exits += e;
        for r in inside.iter().filter(|r| r.0 == d) {
            s = s.saturating_sub(u64::from(r.1));
        }
    }
    let cap = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
    Ok(Simulated {
        stock: cap(s),
        arrests: cap(arrests),
        exits: cap(exits),
    })
}

/// Projects the stock from `stock` on `from` to `to` over `runs` seeded
/// runs (run `i` uses the stream `(seed, i)`).
///
/// # Errors
/// Bad dates.
pub fn project(
    rates: &Rates,
    stock: u32,
    from: &str,
    to: &str,
    releases: &[KnownRelease],
    runs: u32,
    seed: u64,
) -> Result<Projection, CalibrationError> {
    let mut out: Vec<f64> = (0..runs.max(1))
        .map(|i| {
            let mut rng = crate::rng::derived(seed, &[u64::from(i)]);
            simulate_interval(rates, stock, from, to, releases, &mut rng)
                .map(|x| f64::from(x.stock))
        })
        .collect::<Result<_, _>>()?;
    out.sort_by(f64::total_cmp);
    let q = |f: f64| out[((out.len() - 1) as f64 * f).round() as usize];
    Ok(Projection {
        date: to.to_string(),
        mean: out.iter().sum::<f64>() / out.len() as f64,
        p5: q(0.05),
        p95: q(0.95),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_calendar_dates_are_refused() {
        assert_eq!(days("2024-02-30"), None);
        assert_eq!(days("2023-02-29"), None);
        assert_eq!(days("2025-04-31"), None);
        assert_eq!(days("1900-02-29"), None);
        // 2000 is a leap year (divisible by 400), 2024 too.
        assert_eq!(
            days("2000-02-29")
                .zip(days("2000-03-01"))
                .map(|(a, b)| b - a),
            Some(1)
        );
        assert_eq!(
            days("2024-02-29")
                .zip(days("2024-03-01"))
                .map(|(a, b)| b - a),
            Some(1)
        );
    }

    #[test]
    fn dates_count_days() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2024-03-01").unwrap() - days("2024-02-28").unwrap(), 2);
        assert_eq!(
            days("2025-12-23").unwrap() - days("2024-12-30").unwrap(),
            358
        );
        assert_eq!(days("2025-13-01"), None);
        assert_eq!(days("2025-12"), None);
    }

    #[test]
    fn special_functions_match_known_values() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-10);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-10);
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.0) - 0.157_299_207).abs() < 1e-7);
        assert!((ln_upper_tail(1.959_963_985) - 0.025f64.ln()).abs() < 1e-5);
    }

    #[test]
    fn invert_inverts() {
        let m = vec![vec![4.0, 1.0], vec![1.0, 3.0]];
        let inv = invert(m).unwrap();
        assert!((inv[0][0] - 3.0 / 11.0).abs() < 1e-12 && (inv[0][1] + 1.0 / 11.0).abs() < 1e-12);
    }
}
