//! Flat indexes keyed by ordered pairs of governments, built once by
//! [`Simulation::new`](super::Simulation::new): which prisoners a demander
//! values per holder, which sanctions a government imposes on another.
//!
//! The set-up used to keep these as ordered maps of small vectors: a tree
//! node walk per look-up and an allocation per key. One sorted array of
//! keys and one of values cost two allocations in all and a binary search
//! per look-up (or one walk for all), and the set-up's time is mostly memory (BENCHMARKS.md,
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
    /// `keys[by_first[g]..by_first[g + 1]]` are the keys whose first
    /// government is `g`.
    by_first: Vec<u32>,
}

impl<T: Copy + Ord> PairIndex<T> {
    /// The index of `entries`, given in any order and with repeats (a
    /// value listed twice under one key counts once).
    pub fn new(mut entries: Vec<(GovPair, T)>) -> Self {
        sort_by_pair(&mut entries);
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
        let n = keys.last().map_or(0, |k| k.0.index() + 1);
        let mut by_first = Vec::with_capacity(n + 1);
        let mut at = 0;
        for g in 0..n {
            by_first.push(at as u32);
            while keys.get(at).is_some_and(|k| k.0.index() == g) {
                at += 1;
            }
        }
        by_first.push(at as u32);
        PairIndex {
            keys,
            starts,
            values,
            by_first,
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
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

    /// For every key `(a, b)`, in key order, the values of its mirror
    /// `(b, a)` (empty when it has none). Found for all keys in one pass:
    /// the keys bucketed by their second government come out in increasing
    /// order of their mirrors, which a walk over the keys then meets in
    /// turn. A look-up per key, even among the few keys of `b`, read the
    /// index at a random place for every pair.
    pub fn mirrors(&self) -> impl Iterator<Item = &[T]> {
        // Stable, so each bucket lists its keys by first government: in
        // increasing order of their mirrors.
        let (by_second, _) = bucket_by(self.keys.iter().copied().enumerate(), |(_, k)| k.1.index());
        let mut mirror = vec![None; self.keys.len()];
        let mut j = 0;
        for (i, (a, b)) in by_second {
            while self.keys.get(j).is_some_and(|&k| k < (b, a)) {
                j += 1;
            }
            if self.keys.get(j) == Some(&(b, a)) {
                mirror[i] = Some(j);
            }
        }
        mirror
            .into_iter()
            .map(|j| j.map_or(&self.values[..0], |j| self.group(j)))
    }

    /// The keys whose first government is `g`, in increasing order.
    pub fn keys_of(&self, g: GovernmentId) -> &[GovPair] {
        &self.keys[self.range_of(g)]
    }

    /// Where the keys whose first government is `g` are in `keys`.
    fn range_of(&self, g: GovernmentId) -> std::ops::Range<usize> {
        match (
            self.by_first.get(g.index()),
            self.by_first.get(g.index() + 1),
        ) {
            (Some(&from), Some(&to)) => from as usize..to as usize,
            _ => 0..0,
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

/// Sorts `entries` in increasing order: a counting sort by the first
/// government, then a comparison sort of each government's entries. The
/// set-up sorts one entry per prisoner valuation; a comparison sort of all
/// of them was its one step that grew faster than its input.
fn sort_by_pair<T: Copy + Ord>(entries: &mut Vec<(GovPair, T)>) {
    let (mut sorted, starts) = bucket_by(entries.iter().copied(), |e| e.0.0.index());
    for group in starts.windows(2) {
        sorted[group[0]..group[1]].sort_unstable();
    }
    *entries = sorted;
}

/// A counting sort of `items` by a government index (`gov`): the items
/// in increasing order of it, in their given order within each
/// government (stable), and where each government's items begin (one
/// more start than governments, the last the number of items).
fn bucket_by<E: Copy>(
    items: impl Iterator<Item = E> + Clone,
    gov: impl Fn(&E) -> usize,
) -> (Vec<E>, Vec<usize>) {
    let n = items.clone().map(|e| gov(&e) + 1).max().unwrap_or(0);
    let mut starts = vec![0usize; n + 1];
    for e in items.clone() {
        starts[gov(&e) + 1] += 1;
    }
    for g in 0..n {
        starts[g + 1] += starts[g];
    }
    let Some(first) = items.clone().next() else {
        return (Vec::new(), starts);
    };
    let mut sorted = vec![first; starts[n]];
    let mut next = starts.clone();
    for e in items {
        let at = &mut next[gov(&e)];
        sorted[*at] = e;
        *at += 1;
    }
    (sorted, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `key`, found by walking every key: what the index's
    /// own look-ups must agree with.
    fn values_of(index: &PairIndex<u32>, key: GovPair) -> &[u32] {
        index
            .iter()
            .find(|&(k, _)| k == key)
            .map_or(&[][..], |e| e.1)
    }

    /// Every key's mirror values, each found by walking every key.
    fn searched_mirrors(index: &PairIndex<u32>) -> Vec<&[u32]> {
        index
            .iter()
            .map(|((a, b), _)| values_of(index, (b, a)))
            .collect()
    }

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
        assert_eq!(values_of(&index, (g(1), g(0))), [3, 7]);
        assert_eq!(values_of(&index, (g(0), g(2))), [5]);
        assert!(values_of(&index, (g(2), g(0))).is_empty());
        assert_eq!(index.keys_of(g(1)), [(g(1), g(0))]);
        assert!(index.keys_of(g(2)).is_empty());
        assert!(index.keys_of(g(9)).is_empty());
        let keys: Vec<GovPair> = index.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, [(g(0), g(2)), (g(1), g(0))]);
        let mut at = 0;
        assert_eq!(index.seek(&mut at, (g(0), g(1))), [0u32; 0]);
        assert_eq!(index.seek(&mut at, (g(0), g(2))), [5]);
        assert_eq!(index.seek(&mut at, (g(1), g(0))), [3, 7]);
        assert_eq!(index.seek(&mut at, (g(3), g(0))), [0u32; 0]);
    }

    #[test]
    fn mirrors_are_the_values_of_the_reversed_key() {
        let g = GovernmentId::new;
        let index = PairIndex::new(vec![
            ((g(0), g(1)), 1u32),
            ((g(0), g(2)), 2),
            ((g(1), g(0)), 3),
            ((g(1), g(0)), 4),
            ((g(2), g(1)), 5),
            ((g(3), g(3)), 6),
        ]);
        let mirrors: Vec<&[u32]> = index.mirrors().collect();
        assert_eq!(mirrors, searched_mirrors(&index));
        assert_eq!(mirrors, [&[3, 4][..], &[], &[1], &[], &[6]]);
    }

    proptest::proptest! {
        #[test]
        fn mirrors_match_the_searched_reversed_keys(entries in proptest::collection::vec(((0u32..12, 0u32..12), 0u32..4), 0..200)) {
            let g = GovernmentId::new;
            let index = PairIndex::new(
                entries
                    .into_iter()
                    .map(|((a, b), v)| ((g(a as usize), g(b as usize)), v))
                    .collect(),
            );
            let mirrors: Vec<&[u32]> = index.mirrors().collect();
            proptest::prop_assert_eq!(mirrors, searched_mirrors(&index));
        }

        #[test]
        fn sorts_as_a_comparison_sort(entries in proptest::collection::vec(((0u32..40, 0u32..40), 0u8..8), 0..300)) {
            let g = GovernmentId::new;
            let mut entries: Vec<(GovPair, u8)> = entries
                .into_iter()
                .map(|((a, b), v)| ((g(a as usize), g(b as usize)), v))
                .collect();
            let mut expected = entries.clone();
            expected.sort_unstable();
            sort_by_pair(&mut entries);
            proptest::prop_assert_eq!(entries, expected);
        }
    }
}
