//! The recognition governments grant each other, stored sparsely.
//!
//! Recognition is granted between a handful of pairs in any world, while a
//! dense table over every ordered pair of governments grew with their
//! square (100 MB for 10,000 governments) and made every state copy, hash
//! and comparison walk it. Only non-zero levels are kept, sorted by pair, so
//! a state's size and the cost of copying it follow the recognition actually
//! granted, and equal states hold equal lists (a level set back to zero is
//! removed).

/// Non-zero recognition levels keyed by `from * n_gov + to`, sorted by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RecognitionTable {
    entries: Vec<(u64, u8)>,
}

impl RecognitionTable {
    /// The level stored under `key` (0 when none).
    ///
    /// # Complexity
    /// O(log entries).
    pub(crate) fn get(&self, key: u64) -> u8 {
        self.entries
            .binary_search_by_key(&key, |e| e.0)
            .map_or(0, |i| self.entries[i].1)
    }

    /// Sets the level under `key`, removing the entry when `level` is 0 so
    /// that the list stays canonical.
    ///
    /// # Complexity
    /// O(entries) for an insertion or a removal, O(log entries) otherwise.
    pub(crate) fn set(&mut self, key: u64, level: u8) {
        match (self.entries.binary_search_by_key(&key, |e| e.0), level) {
            (Ok(i), 0) => {
                self.entries.remove(i);
            }
            (Ok(i), _) => self.entries[i].1 = level,
            (Err(_), 0) => {}
            (Err(i), _) => self.entries.insert(i, (key, level)),
        }
    }

    /// Every non-zero `(key, level)`, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u8)> + '_ {
        self.entries.iter().copied()
    }

    /// Makes `self` equal to `other`, reusing `self`'s buffer (no
    /// allocation once it has held as many entries).
    pub(crate) fn copy_from(&mut self, other: &Self) {
        self.entries.clear();
        self.entries.extend_from_slice(&other.entries);
    }
}

#[cfg(test)]
mod tests {
    use super::RecognitionTable;

    #[test]
    fn a_level_set_back_to_zero_leaves_the_table_equal_to_a_fresh_one() {
        let mut t = RecognitionTable::default();
        t.set(7, 2);
        t.set(3, 1);
        t.set(7, 3);
        assert_eq!((t.get(3), t.get(7), t.get(5)), (1, 3, 0));
        assert_eq!(t.iter().collect::<Vec<_>>(), vec![(3, 1), (7, 3)]);
        t.set(7, 0);
        t.set(3, 0);
        assert_eq!(t, RecognitionTable::default());
    }
}
