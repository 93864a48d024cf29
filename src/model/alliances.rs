//! Alliance weights: how much one government gains from another's gains.
//!
//! An [`Alliance`] `{by: POL, of: USA, weight: 0.3}` means Poland gains 0.3
//! of every unit of the United States' own *material* payoff change: what
//! the US's own valuations give it (releases, relief, recognition, funds,
//! favours), before audience costs and discounting. Weights are per ordered
//! pair (Poland caring about the US says nothing about the US caring about
//! Poland) and may be negative: a rival loses when the other gains.
//!
//! Weights never compound through chains of allies: a government's share
//! is taken of its partner's material change only, never of what that
//! partner gains through its own alliances. With `A` valuing `B` at 0.5 and
//! `B` valuing `C` at 0.5, a deal that gives `C` 10 and nobody else
//! anything gives `B` 0.5 × 10 = 5 and `A` 0.5 × 0 = 0 (not 0.5 × 5 = 2.5).
//! Without that rule a cycle of allies (`A` values `B`, `B` values `A`)
//! would make payoffs an infinite series.

use super::GovernmentId;

/// One ordered alliance weight: `by` gains `weight` per unit of `of`'s own
/// material payoff change.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Alliance {
    /// Who gains.
    pub by: GovernmentId,
    /// Whose material gains it shares.
    pub of: GovernmentId,
    /// Share per unit (finite; negative for a rival).
    pub weight: f64,
}

/// A world's alliance weights: a sparse list sorted by `(by, of)`, at most
/// one entry per ordered pair and none from a government to itself (the
/// [`WorldBuilder`](super::WorldBuilder) refuses both).
///
/// ```
/// use detente::model::*;
/// # fn main() -> Result<(), BuildError> {
/// let mut b = WorldBuilder::new("allies");
/// let (a, bb, c) = (
///     b.government(GovernmentSpec::new("A"))?,
///     b.government(GovernmentSpec::new("B"))?,
///     b.government(GovernmentSpec::new("C"))?,
/// );
/// b.alliance(a, bb, 0.5)?;
/// b.alliance(bb, c, 0.5)?;
/// let world = b.build()?;
/// // C's material change is 10, nobody else's changes.
/// let material = [0.0, 0.0, 10.0];
/// let total = |g: GovernmentId| world.alliances().total(g, |h| material[h.index()]);
/// assert_eq!(total(c), 10.0);
/// assert_eq!(total(bb), 5.0);
/// assert_eq!(total(a), 0.0); // no compounding through B
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alliances {
    list: Vec<Alliance>,
}

impl Alliances {
    /// From entries already checked (no self-alliance, no repeat), sorted
    /// here.
    pub(crate) fn new(mut list: Vec<Alliance>) -> Self {
        list.sort_by_key(|a| (a.by, a.of));
        Self { list }
    }

    /// Every alliance weight, sorted by `(by, of)`.
    pub fn as_slice(&self) -> &[Alliance] {
        &self.list
    }

    /// Number of weights.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The weights `by` holds (whose gains it shares), sorted by `of`.
    ///
    /// # Complexity
    /// O(log alliances).
    pub fn of_government(&self, by: GovernmentId) -> &[Alliance] {
        let start = self.list.partition_point(|a| a.by < by);
        let end = start + self.list[start..].partition_point(|a| a.by == by);
        &self.list[start..end]
    }

    /// `by`'s weight on `of`'s gains (0 when none is declared).
    pub fn weight(&self, by: GovernmentId, of: GovernmentId) -> f64 {
        self.of_government(by)
            .iter()
            .find(|a| a.of == of)
            .map_or(0.0, |a| a.weight)
    }

    /// `by`'s total from each government's material change
    /// (`material(g)`): its own plus its weighted shares of its partners'
    /// (never of their shares: see the module's notes in `model/alliances.rs`).
    pub fn total(&self, by: GovernmentId, material: impl Fn(GovernmentId) -> f64) -> f64 {
        self.of_government(by)
            .iter()
            .fold(material(by), |sum, a| sum + a.weight * material(a.of))
    }

    /// Adds every government's shares of its partners' material changes to
    /// `out` (material changes, indexed by government id), reading the
    /// material changes as they were before any share was added. Allocates
    /// nothing once `out` has had room for twice the governments.
    pub(crate) fn add_shares(&self, out: &mut Vec<f64>) {
        if self.list.is_empty() {
            return;
        }
        let n = out.len();
        // A copy of the material changes behind them, so that a share added
        // to one government is never read as another's material change.
        out.extend_from_within(..n);
        for a in &self.list {
            let (by, of) = (a.by.index(), a.of.index());
            if by < n && of < n {
                out[by] += a.weight * out[n + of];
            }
        }
        out.truncate(n);
    }
}
