//! Valuations, precomputed into compact tables when a world is built.
//!
//! Every valuation is signed and means "what `by` gains when this happens":
//! the US gains from a prisoner's release; the holder's loss of leverage is a
//! negative value for the same release. Tables are compressed sparse rows
//! (one row per prisoner or sanction, listing the governments that care), so
//! a deal's payoff change touches only the governments that value what it
//! moves, and a 100,000-prisoner world stays small.

use super::{GovernmentId, PrisonerId, SanctionId};

/// Compressed sparse rows of `(government, value)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueRows {
    offsets: Vec<u32>,
    entries: Vec<(GovernmentId, f64)>,
}

impl ValueRows {
    /// Builds rows from per-row entry lists.
    pub(crate) fn from_rows(rows: Vec<Vec<(GovernmentId, f64)>>) -> Self {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        let total: usize = rows.iter().map(Vec::len).sum();
        let mut entries = Vec::with_capacity(total);
        offsets.push(0);
        for mut row in rows {
            row.sort_by_key(|e| e.0);
            entries.extend(row);
            offsets.push(entries.len() as u32);
        }
        Self { offsets, entries }
    }

    /// The `(government, value)` entries of row `i`, sorted by government.
    #[inline]
    pub fn row(&self, i: usize) -> &[(GovernmentId, f64)] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The value to `g` in row `i` (0 when `g` does not care).
    pub fn get(&self, i: usize, g: GovernmentId) -> f64 {
        let row = self.row(i);
        row.binary_search_by_key(&g, |e| e.0)
            .map_or(0.0, |k| row[k].1)
    }

    /// Number of non-zero entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What a government gains per level of recognition one government grants another.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct RecognitionValue {
    /// Who gains.
    pub by: GovernmentId,
    /// Who grants the recognition (makes the call, sends the envoy).
    pub from: GovernmentId,
    /// Who receives it.
    pub to: GovernmentId,
    /// Value per level.
    pub per_level: f64,
}

/// All valuations of a world.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Valuations {
    /// Row per prisoner: value of the prisoner's release to each government.
    pub prisoners: ValueRows,
    /// Row per sanction: value of its full relief to each government.
    pub sanctions: ValueRows,
    /// Values of recognition.
    pub recognition: Vec<RecognitionValue>,
    /// Value per unit of funds received, per government.
    pub funds: Vec<f64>,
}

impl Valuations {
    /// Value of prisoner `p`'s release to `g`.
    pub fn prisoner(&self, g: GovernmentId, p: PrisonerId) -> f64 {
        self.prisoners.get(p.index(), g)
    }

    /// Value of full relief of sanction `s` to `g`.
    pub fn sanction(&self, g: GovernmentId, s: SanctionId) -> f64 {
        self.sanctions.get(s.index(), g)
    }

    /// Value to each interested government of one level of recognition from
    /// `from` to `to`.
    pub fn recognition_rows(
        &self,
        from: GovernmentId,
        to: GovernmentId,
    ) -> impl Iterator<Item = (GovernmentId, f64)> + '_ {
        self.recognition
            .iter()
            .filter(move |r| r.from == from && r.to == to)
            .map(|r| (r.by, r.per_level))
    }
}
