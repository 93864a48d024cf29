//! Textbook negotiation domains built on the generic types: the NegMAS peer
//! benchmark's random opposed linear-additive instances and the discrete
//! pie of Rubinstein bargaining.

use super::{Issue, LinearAdditive, NegotiateError, OutcomeSpace, TableUtility};

/// The SplitMix64 generator exactly as the NegMAS anchor script specifies it
/// (`shared/anchors/negmas_bench.py`). It exists so this crate generates the
/// very same instances as the Python peer; simulations draw from
/// [`crate::rng`] instead.
///
/// ```
/// let mut g = detente::negotiate::domains::SplitMix64::new(0);
/// assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
/// ```
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator with state `seed`.
    ///
    /// ```
    /// let _ = detente::negotiate::domains::SplitMix64::new(42);
    /// ```
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// Next 64 random bits.
    ///
    /// ```
    /// let mut g = detente::negotiate::domains::SplitMix64::new(1);
    /// assert_ne!(g.next_u64(), g.next_u64());
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    ///
    /// ```
    /// let x = detente::negotiate::domains::SplitMix64::new(3).next_f64();
    /// assert!((0.0..1.0).contains(&x));
    /// ```
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The value tables and normalised weights of NegMAS benchmark instance
/// `k` (`gen_tables` in the anchor script): `(vA, vB, wA, wB)` with
/// `vB = 1 - vA`, drawn from SplitMix64 seeded `seed + n_issues * 1_000_000 + k`.
///
/// ```
/// let (va, vb, wa, _) = detente::negotiate::domains::negmas_tables(3, 42, 0);
/// assert_eq!(va.len(), 3);
/// assert_eq!(vb[1][2], 1.0 - va[1][2]);
/// assert!((wa.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// ```
#[allow(clippy::type_complexity)]
pub fn negmas_tables(
    n_issues: usize,
    seed: u64,
    k: u64,
) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, Vec<f64>, Vec<f64>) {
    let mut rng = SplitMix64::new(
        seed.wrapping_add(n_issues as u64 * 1_000_000)
            .wrapping_add(k),
    );
    let va: Vec<Vec<f64>> = (0..n_issues)
        .map(|_| (0..10).map(|_| rng.next_f64()).collect())
        .collect();
    let vb = va
        .iter()
        .map(|row| row.iter().map(|x| 1.0 - x).collect())
        .collect();
    let wa: Vec<f64> = (0..n_issues).map(|_| rng.next_f64()).collect();
    let wb: Vec<f64> = (0..n_issues).map(|_| rng.next_f64()).collect();
    // Python's sum() of a float list: left to right from 0.
    let (sa, sb) = (
        wa.iter().fold(0.0, |s, w| s + w),
        wb.iter().fold(0.0, |s, w| s + w),
    );
    (
        va,
        vb,
        wa.iter().map(|w| w / sa).collect(),
        wb.iter().map(|w| w / sb).collect(),
    )
}

/// NegMAS benchmark instance `k` with `n_issues` issues of 10 values:
/// the outcome space and the two parties' utilities (reservation value 0,
/// no discounting).
///
/// # Errors
/// [`NegotiateError::EmptySpace`] when `n_issues` is 0.
///
/// ```
/// use detente::negotiate::{domains, Utility};
/// let (space, ua, ub) = domains::negmas_instance(3, 42, 0)?;
/// // ufun_fingerprint_k0 of negmas_results.json
/// assert_eq!(ua.eval(space.encode(&[0, 0, 0])?), 0.38760442787829263);
/// assert_eq!(ub.eval(space.encode(&[9, 9, 9])?), 0.6903505477567508);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
pub fn negmas_instance(
    n_issues: usize,
    seed: u64,
    k: u64,
) -> Result<(OutcomeSpace, LinearAdditive, LinearAdditive), NegotiateError> {
    let space = OutcomeSpace::uniform(n_issues, 10)?;
    let (va, vb, wa, wb) = negmas_tables(n_issues, seed, k);
    Ok((
        space,
        LinearAdditive::new(wa, va)?,
        LinearAdditive::new(wb, vb)?,
    ))
}

/// Refills `ua` and `ub` (built by [`negmas_instance`] with the same
/// `n_issues`) with instance `k`, without allocating.
///
/// # Errors
/// [`NegotiateError::BadUtility`] when the utilities do not have `n_issues`
/// issues of 10 values.
///
/// ```
/// use detente::negotiate::{domains, Utility};
/// let (space, mut ua, mut ub) = domains::negmas_instance(3, 42, 5)?;
/// domains::negmas_refill(&mut ua, &mut ub, 3, 42, 0)?;
/// assert_eq!(ua.eval(space.encode(&[0, 0, 0])?), 0.38760442787829263);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
pub fn negmas_refill(
    ua: &mut LinearAdditive,
    ub: &mut LinearAdditive,
    n_issues: usize,
    seed: u64,
    k: u64,
) -> Result<(), NegotiateError> {
    if ua.n_issues() != n_issues
        || ub.n_issues() != n_issues
        || ua.values().iter().chain(ub.values()).any(|r| r.len() != 10)
    {
        return Err(NegotiateError::BadUtility(
            "utilities do not have the instance's shape".into(),
        ));
    }
    let mut rng = SplitMix64::new(
        seed.wrapping_add(n_issues as u64 * 1_000_000)
            .wrapping_add(k),
    );
    ua.update_tables(|_, va| {
        for row in va.iter_mut() {
            for x in row.iter_mut() {
                *x = rng.next_f64();
            }
        }
    })?;
    let va = ua.values();
    ub.update_tables(|_, vb| {
        for (rb, ra) in vb.iter_mut().zip(va) {
            for (b, a) in rb.iter_mut().zip(ra) {
                *b = 1.0 - a;
            }
        }
    })?;
    let mut wa = [0.0; 64];
    let mut wb = [0.0; 64];
    if n_issues > 64 {
        return Err(NegotiateError::BadUtility("at most 64 issues".into()));
    }
    for w in wa.iter_mut().take(n_issues) {
        *w = rng.next_f64();
    }
    for w in wb.iter_mut().take(n_issues) {
        *w = rng.next_f64();
    }
    let (sa, sb) = (
        wa[..n_issues].iter().fold(0.0, |s, w| s + w),
        wb[..n_issues].iter().fold(0.0, |s, w| s + w),
    );
    ua.update_tables(|w, _| {
        for (x, y) in w.iter_mut().zip(&wa) {
            *x = y / sa;
        }
    })?;
    ub.update_tables(|w, _| {
        for (x, y) in w.iter_mut().zip(&wb) {
            *x = y / sb;
        }
    })?;
    Ok(())
}

/// A pie of `n_units` units split by two players: one issue `keep` whose
/// value `k` gives player 1 the share `k / n_units` and player 2 the rest,
/// each discounted per round by `d1`, `d2`. Disagreement is worth 0.
///
/// # Errors
/// [`NegotiateError::BadUtility`] unless both discounts are in (0, 1];
/// [`NegotiateError::Parameter`] when `n_units` is 0.
///
/// ```
/// use detente::negotiate::{domains, Outcome, Utility};
/// let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8)?;
/// assert_eq!(space.cardinality(), 11);
/// assert_eq!((u1.eval(Outcome(7)), u2.eval(Outcome(7))), (0.7, 0.3));
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
pub fn discrete_pie(
    n_units: usize,
    d1: f64,
    d2: f64,
) -> Result<(OutcomeSpace, TableUtility, TableUtility), NegotiateError> {
    if n_units == 0 {
        return Err(NegotiateError::Parameter(
            "a pie needs at least one unit".into(),
        ));
    }
    let space = OutcomeSpace::new(vec![Issue::numbered("keep", n_units + 1)])?;
    let n = n_units as f64;
    let u1 = TableUtility::from_fn(&space, |o| o.index() as f64 / n)?.with_discount(d1)?;
    let u2 =
        TableUtility::from_fn(&space, |o| (n_units - o.index()) as f64 / n)?.with_discount(d2)?;
    Ok((space, u1, u2))
}
