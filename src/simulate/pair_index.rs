//! Flat indexes keyed by ordered pairs of governments, built once by
//! [`Simulation::new`](super::Simulation::new): which prisoners a demander
//! values per holder, which sanctions a government imposes on another.
//!
//! The set-up used to keep these as ordered maps of small vectors: a tree
//! node walk per look-up and an allocation per key. One sorted array of
//! keys and one of values cost two allocations in all and a binary search
//! per look-up, and the set-up's time is mostly memory (BENCHMARKS.md,
//! issue 18).

use crate::model::GovernmentId;

/// An ordered pair of governments: `(demander, holder)` or
/// `(imposer, target)`.
pub(crate) type GovPair = (GovernmentId, GovernmentId);

/// Values of type `T` grouped by ordered pair, keys in increasing order and
/// each key's values in increasing order, without duplicates.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairIndex<T> {
    /// Every key with at least one value, increasing.
    keys: Vec<GovPair>,
    /// `values[starts[i]..starts[i + 1]]` are the values of `keys[i]`.
    starts: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Ord> PairIndex<T> {
    /// The index of `entries`, given in any order and with repeats (a
    /// value listed twice under one key counts once).
    pub fn new(mut entries: Vec<(GovPair, T)>) -> Self {
        entries.sort_unstable();
        entries.dedup();
        let mut keys = Vec::new();
        let mut starts = Vec::new();
        let mut values = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if keys.last() != Some(&key) {
                keys.push(key);
                starts.push(values.len() as u32);
            }
            values.push(value);
        }
        starts.push(values.len() as u32);
        PairIndex {
            keys,
            starts,
            values,
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The values of `key`, increasing (empty when it has none).
    pub fn get(&self, key: GovPair) -> &[T] {
        match self.keys.binary_search(&key) {
            Ok(i) => self.group(i),
            Err(_) => &[],
        }
    }

    /// The values of `key`, searching forward from key number `*at` and
    /// leaving `*at` there: look-ups in increasing key order (walking
    /// another index's keys) then step through the keys once in all
    /// instead of a binary search each.
    pub fn seek(&self, at: &mut usize, key: GovPair) -> &[T] {
        while self.keys.get(*at).is_some_and(|&k| k < key) {
            *at += 1;
        }
        match self.keys.get(*at) {
            Some(&k) if k == key => self.group(*at),
            _ => &[],
        }
    }

    /// Every key with its values, keys in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = (GovPair, &[T])> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, &key)| (key, self.group(i)))
    }

    /// The values of the `i`-th key.
    fn group(&self, i: usize) -> &[T] {
        &self.values[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_sorted_values_without_repeats() {
        let g = GovernmentId::new;
        let index = PairIndex::new(vec![
            ((g(1), g(0)), 7u32),
            ((g(0), g(2)), 5),
            ((g(1), g(0)), 3),
            ((g(1), g(0)), 7),
        ]);
        assert_eq!(index.len(), 2);
        assert_eq!(index.get((g(1), g(0))), [3, 7]);
        assert_eq!(index.get((g(0), g(2))), [5]);
        assert!(index.get((g(2), g(0))).is_empty());
        let keys: Vec<GovPair> = index.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, [(g(0), g(2)), (g(1), g(0))]);
        let mut at = 0;
        assert_eq!(index.seek(&mut at, (g(0), g(1))), [0u32; 0]);
        assert_eq!(index.seek(&mut at, (g(0), g(2))), [5]);
        assert_eq!(index.seek(&mut at, (g(1), g(0))), [3, 7]);
        assert_eq!(index.seek(&mut at, (g(3), g(0))), [0u32; 0]);
    }
}
