//! Discrete alternating-offers bargaining (finite-horizon Rubinstein), with
//! an optional risk of breakdown after each rejection (a chance node).

use crate::explore::{ExploreError, Game, Turn};

/// A probability or discount factor as an exact fraction `num / den`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ratio {
    /// Numerator.
    pub num: u64,
    /// Denominator (positive).
    pub den: u64,
}

impl Ratio {
    /// `num / den`.
    ///
    /// ```
    /// let d = detente::explore::Ratio::new(9, 10);
    /// assert_eq!(d.to_f64(), 0.9);
    /// ```
    pub const fn new(num: u64, den: u64) -> Self {
        Self { num, den }
    }

    /// The value as a float.
    ///
    /// ```
    /// assert_eq!(detente::explore::Ratio::new(1, 4).to_f64(), 0.25);
    /// ```
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

/// A move in [`Bargaining`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BargainAction {
    /// The proposer keeps `k` of the `N` units and offers the rest.
    Keep(u32),
    /// The responder accepts the offer on the table.
    Accept,
    /// The responder rejects it.
    Reject,
    /// Chance: talks go on to the next round.
    Continue,
    /// Chance: talks break down, payoffs `(0, 0)`.
    Breakdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Phase {
    Propose,
    Respond,
    Chance,
    Agreed,
    Disagreed,
    BrokeDown,
}

/// Two players split `N` units over at most `T` rounds. Player 0 proposes
/// in rounds 0, 2, 4, ..., player 1 in rounds 1, 3, ...; actions are
/// `Keep(N), Keep(N-1), ..., Keep(0)` for the proposer and `Accept, Reject`
/// for the responder (that order, which breaks ties in the searchers). A
/// deal in round `t` where the proposer keeps `k` is worth `k/N · d_p^t` to
/// the proposer and `(N-k)/N · d_r^t` to the responder; a rejection in the
/// last round gives `(0, 0)`. With a breakdown probability `q > 0`, each
/// rejection before the last round is followed by a chance node: talks
/// break down (payoffs `(0, 0)`) with probability `q`.
///
/// Payoffs are reported in units of `1 / payoff_scale()`. When `N · D^(T-1)`
/// fits in 2⁵³ (`D` the common denominator of the discount factors), the
/// scale is that number and every payoff is an exact integer, so searchers
/// compare payoffs exactly and the tie rule of the reference tables applies
/// with no tolerance; otherwise the scale is 1 and payoffs are floats.
///
/// ```
/// use detente::explore::{BargainAction, Bargaining, Game, Ratio};
/// let mut g = Bargaining::new(10, 1, Ratio::new(9, 10), Ratio::new(4, 5), Ratio::new(0, 1))?;
/// g.apply(BargainAction::Keep(7));
/// g.apply(BargainAction::Accept);
/// let mut pay = [0.0; 2];
/// g.payoffs(&mut pay);
/// assert_eq!(pay[0] / g.payoff_scale(), 0.7);
/// # Ok::<(), detente::explore::ExploreError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Bargaining {
    n: u32,
    rounds: u32,
    breakdown: f64,
    scale: f64,
    exact: bool,
    /// `factor[i][t]`: player i's value of one unit in round t, in payoff units.
    factor: [Vec<f64>; 2],
    t: u32,
    phase: Phase,
    offers: Vec<u32>,
}

impl Bargaining {
    /// A game with `units` units, `rounds` rounds, discount factors `d1`,
    /// `d2` in `(0, 1]` and breakdown probability `breakdown` in `[0, 1)`.
    ///
    /// ```
    /// use detente::explore::{Bargaining, Ratio};
    /// let g = Bargaining::new(10, 5, Ratio::new(9, 10), Ratio::new(4, 5), Ratio::new(0, 1))?;
    /// assert_eq!(g.payoff_scale(), 10.0 * 1e4);
    /// # Ok::<(), detente::explore::ExploreError>(())
    /// ```
    ///
    /// # Errors
    /// [`ExploreError::InvalidParameter`] if `units` or `rounds` is 0, a
    /// discount factor is outside `(0, 1]` or the breakdown probability
    /// outside `[0, 1)`.
    pub fn new(
        units: u32,
        rounds: u32,
        d1: Ratio,
        d2: Ratio,
        breakdown: Ratio,
    ) -> Result<Self, ExploreError> {
        let bad = |name: &'static str, reason: &str| ExploreError::InvalidParameter {
            name,
            reason: reason.to_string(),
        };
        if units == 0 {
            return Err(bad("units", "must be at least 1"));
        }
        if rounds == 0 {
            return Err(bad("rounds", "must be at least 1"));
        }
        for (name, d) in [("d1", d1), ("d2", d2)] {
            if d.den == 0 || d.num == 0 || d.num > d.den {
                return Err(bad(name, "discount factor must be in (0, 1]"));
            }
        }
        if breakdown.den == 0 || breakdown.num >= breakdown.den {
            return Err(bad("breakdown", "probability must be in [0, 1)"));
        }
        let exact = exact_factors(units, rounds, d1, d2);
        let is_exact = exact.is_some();
        let (scale, factor) = match exact {
            Some(x) => x,
            None => {
                let f = |d: Ratio| (0..rounds).map(|t| d.to_f64().powi(t as i32)).collect();
                (1.0, [f(d1), f(d2)])
            }
        };
        Ok(Self {
            n: units,
            rounds,
            breakdown: breakdown.to_f64(),
            scale,
            exact: is_exact,
            factor,
            t: 0,
            phase: Phase::Propose,
            offers: Vec::with_capacity(rounds as usize),
        })
    }

    /// Payoffs are in units of `1 / payoff_scale()`.
    ///
    /// ```
    /// use detente::explore::{Bargaining, Ratio};
    /// let g = Bargaining::new(100, 3, Ratio::new(9, 10), Ratio::new(4, 5), Ratio::new(0, 1))?;
    /// assert_eq!(g.payoff_scale(), 100.0 * 100.0);
    /// # Ok::<(), detente::explore::ExploreError>(())
    /// ```
    pub fn payoff_scale(&self) -> f64 {
        self.scale
    }

    /// Whether payoffs are exact integers (see the type's docs).
    ///
    /// ```
    /// use detente::explore::{Bargaining, Ratio};
    /// let d = Ratio::new(9, 10);
    /// assert!(Bargaining::new(10, 6, d, d, Ratio::new(0, 1))?.is_exact());
    /// assert!(!Bargaining::new(10, 40, d, d, Ratio::new(0, 1))?.is_exact());
    /// # Ok::<(), detente::explore::ExploreError>(())
    /// ```
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The number of units `N`.
    ///
    /// ```
    /// use detente::explore::{Bargaining, Ratio};
    /// let d = Ratio::new(1, 2);
    /// assert_eq!(Bargaining::new(7, 2, d, d, Ratio::new(0, 1))?.units(), 7);
    /// # Ok::<(), detente::explore::ExploreError>(())
    /// ```
    pub fn units(&self) -> u32 {
        self.n
    }

    fn proposer(&self) -> usize {
        (self.t & 1) as usize
    }
}

/// The common-denominator scaling, if it fits in 2^53.
fn exact_factors(units: u32, rounds: u32, d1: Ratio, d2: Ratio) -> Option<(f64, [Vec<f64>; 2])> {
    let g = gcd(d1.den, d2.den);
    let den = u128::from(d1.den / g) * u128::from(d2.den);
    let a = [
        u128::from(d1.num) * (den / u128::from(d1.den)),
        u128::from(d2.num) * (den / u128::from(d2.den)),
    ];
    let limit = 1u128 << 53;
    let mut scale = u128::from(units);
    for _ in 1..rounds {
        scale = scale.checked_mul(den).filter(|&s| s <= limit)?;
    }
    if scale > limit {
        return None;
    }
    // factor[i][t] = a_i^t * den^(T-1-t), at most den^(T-1) <= scale.
    let mut factor = [Vec::new(), Vec::new()];
    for (i, f) in factor.iter_mut().enumerate() {
        for t in 0..rounds {
            let mut x = 1u128;
            for _ in 0..t {
                x *= a[i];
            }
            for _ in t + 1..rounds {
                x *= den;
            }
            f.push(x as f64);
        }
    }
    Some((scale as f64, factor))
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Game for Bargaining {
    type Action = BargainAction;

    fn num_players(&self) -> usize {
        2
    }

    #[inline]
    fn current_player(&self) -> Turn {
        match self.phase {
            Phase::Propose => Turn::Player(self.proposer()),
            Phase::Respond => Turn::Player(1 - self.proposer()),
            Phase::Chance => Turn::Chance,
            _ => Turn::Terminal,
        }
    }

    #[inline]
    fn legal_actions(&self, out: &mut Vec<BargainAction>) {
        out.clear();
        match self.phase {
            Phase::Propose => out.extend((0..=self.n).rev().map(BargainAction::Keep)),
            Phase::Respond => out.extend([BargainAction::Accept, BargainAction::Reject]),
            Phase::Chance => out.extend([BargainAction::Continue, BargainAction::Breakdown]),
            _ => {}
        }
    }

    fn chance_outcomes(&self, out: &mut Vec<(BargainAction, f64)>) {
        out.clear();
        if self.phase == Phase::Chance {
            out.push((BargainAction::Continue, 1.0 - self.breakdown));
            out.push((BargainAction::Breakdown, self.breakdown));
        }
    }

    #[inline]
    fn apply(&mut self, action: BargainAction) {
        match action {
            BargainAction::Keep(k) => {
                self.offers.push(k);
                self.phase = Phase::Respond;
            }
            BargainAction::Accept => self.phase = Phase::Agreed,
            BargainAction::Reject => {
                self.phase = if self.t + 1 == self.rounds {
                    Phase::Disagreed
                } else if self.breakdown > 0.0 {
                    Phase::Chance
                } else {
                    self.t += 1;
                    Phase::Propose
                }
            }
            BargainAction::Continue => {
                self.t += 1;
                self.phase = Phase::Propose;
            }
            BargainAction::Breakdown => self.phase = Phase::BrokeDown,
        }
    }

    #[inline]
    fn undo(&mut self, action: BargainAction) {
        match action {
            BargainAction::Keep(_) => {
                self.offers.pop();
                self.phase = Phase::Propose;
            }
            BargainAction::Accept => self.phase = Phase::Respond,
            BargainAction::Reject => {
                if self.phase == Phase::Propose {
                    self.t -= 1;
                }
                self.phase = Phase::Respond;
            }
            BargainAction::Continue => {
                self.t -= 1;
                self.phase = Phase::Chance;
            }
            BargainAction::Breakdown => self.phase = Phase::Chance,
        }
    }

    #[inline]
    fn payoffs(&self, out: &mut [f64]) {
        out[0] = 0.0;
        out[1] = 0.0;
        if self.phase == Phase::Agreed {
            let k = self.offers[self.t as usize];
            let (p, t) = (self.proposer(), self.t as usize);
            let (keep, give) = (f64::from(k), f64::from(self.n - k));
            let norm = if self.exact { 1.0 } else { f64::from(self.n) };
            out[p] = keep * self.factor[p][t] / norm;
            out[1 - p] = give * self.factor[1 - p][t] / norm;
        }
    }

    #[inline]
    fn state_key(&self) -> u64 {
        let offer = match self.phase {
            Phase::Respond | Phase::Agreed => u64::from(self.offers[self.t as usize]),
            _ => 0,
        };
        u64::from(self.t) << 40 | (self.phase as u64) << 32 | offer
    }
}
