//! Who is held and who is at large, per group, for O(1) uniform picks.
//!
//! Events draw *how many* prisoners of a group leave custody (a binomial
//! count) and then *which* (uniformly without replacement), which is exactly
//! the distribution of independent per-prisoner draws for exchangeable
//! members, at a cost independent of the group's size. The roster keeps each
//! group's members partitioned `[held | at large | gone]` in one permutation
//! array, so a pick is one random index and a move is two swaps.

use super::simulation::Group;

/// Members of every group, partitioned by status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Roster {
    perm: Vec<u32>,
    pos: Vec<u32>,
    held: Vec<u32>,
    at_large: Vec<u32>,
}

impl Roster {
    /// The roster of `groups` at a state where `is_held(p)` / `is_at_large(p)`.
    pub fn new(
        groups: &[Group],
        n: usize,
        is_held: impl Fn(usize) -> bool,
        is_at_large: impl Fn(usize) -> bool,
    ) -> Self {
        let mut perm = Vec::with_capacity(n);
        let mut held = Vec::with_capacity(groups.len());
        let mut at_large = Vec::with_capacity(groups.len());
        for g in groups {
            let ids = g.first as usize..(g.first + g.len) as usize;
            let h = ids.clone().filter(|&p| is_held(p));
            let a = ids.clone().filter(|&p| !is_held(p) && is_at_large(p));
            let rest = ids.clone().filter(|&p| !is_held(p) && !is_at_large(p));
            let before = perm.len();
            perm.extend(h.map(|p| p as u32));
            held.push((perm.len() - before) as u32);
            let before = perm.len();
            perm.extend(a.map(|p| p as u32));
            at_large.push((perm.len() - before) as u32);
            perm.extend(rest.map(|p| p as u32));
        }
        let mut pos = vec![0u32; perm.len()];
        for (i, &p) in perm.iter().enumerate() {
            pos[p as usize] = i as u32;
        }
        Roster {
            perm,
            pos,
            held,
            at_large,
        }
    }

    /// Copies `other` into `self` without allocating (same groups).
    pub fn reset_from(&mut self, other: &Roster) {
        self.perm.copy_from_slice(&other.perm);
        self.pos.copy_from_slice(&other.pos);
        self.held.copy_from_slice(&other.held);
        self.at_large.copy_from_slice(&other.at_large);
    }

    /// Members of group `g` in custody.
    #[inline]
    pub fn n_held(&self, g: usize) -> u32 {
        self.held[g]
    }

    /// Members of group `g` at large.
    #[inline]
    pub fn n_at_large(&self, g: usize) -> u32 {
        self.at_large[g]
    }

    /// The `i`-th held member of group `g` (`i < n_held(g)`).
    #[inline]
    pub fn held_member(&self, groups: &[Group], g: usize, i: u32) -> usize {
        self.perm[(groups[g].first + i) as usize] as usize
    }

    /// The `i`-th at-large member of group `g` (`i < n_at_large(g)`).
    #[inline]
    pub fn at_large_member(&self, groups: &[Group], g: usize, i: u32) -> usize {
        self.perm[(groups[g].first + self.held[g] + i) as usize] as usize
    }

    fn swap(&mut self, a: usize, b: usize) {
        if a != b {
            self.perm.swap(a, b);
            self.pos[self.perm[a] as usize] = a as u32;
            self.pos[self.perm[b] as usize] = b as u32;
        }
    }

    /// Prisoner `p` of group `g` leaves custody for good (freed or dead).
    pub fn held_to_gone(&mut self, groups: &[Group], g: usize, p: usize) {
        let start = groups[g].first as usize;
        let last_held = start + self.held[g] as usize - 1;
        self.swap(self.pos[p] as usize, last_held);
        self.held[g] -= 1;
        // p now sits at the head of the at-large block; rotate it past it.
        let last_at_large = start + (self.held[g] + self.at_large[g]) as usize;
        self.swap(last_held, last_at_large);
    }

    /// Prisoner `p` of group `g`, at large, is arrested.
    pub fn at_large_to_held(&mut self, groups: &[Group], g: usize, p: usize) {
        let first_at_large = (groups[g].first + self.held[g]) as usize;
        self.swap(self.pos[p] as usize, first_at_large);
        self.held[g] += 1;
        self.at_large[g] -= 1;
    }

    /// Prisoner `p`'s group-relative status class: 0 held, 1 at large, 2 gone.
    #[cfg(test)]
    pub fn class(&self, groups: &[Group], g: usize, p: usize) -> u8 {
        let i = self.pos[p] - groups[g].first;
        if i < self.held[g] {
            0
        } else if i < self.held[g] + self.at_large[g] {
            1
        } else {
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GovernmentId;

    fn group(first: u32, len: u32) -> Group {
        Group {
            first,
            len,
            holder: GovernmentId(0),
            sentence: 0.0,
            health: 0.0,
            pardon: 0.0,
        }
    }

    #[test]
    fn moves_keep_the_partition() {
        let groups = vec![group(0, 3), group(3, 6)];
        let mut r = Roster::new(&groups, 9, |p| p % 2 == 0, |p| p % 3 == 1);
        // group 1: 3..9: held 4, 6, 8; at large 7 (and 4 is held); gone 3, 5.
        assert_eq!((r.n_held(1), r.n_at_large(1)), (3, 1));
        r.held_to_gone(&groups, 1, 6);
        assert_eq!(r.class(&groups, 1, 6), 2);
        assert_eq!(r.class(&groups, 1, 7), 1);
        r.at_large_to_held(&groups, 1, 7);
        assert_eq!(r.class(&groups, 1, 7), 0);
        assert_eq!((r.n_held(1), r.n_at_large(1)), (3, 0));
        let held: Vec<usize> = (0..r.n_held(1))
            .map(|i| r.held_member(&groups, 1, i))
            .collect();
        let mut sorted = held.clone();
        sorted.sort();
        assert_eq!(sorted, vec![4, 7, 8]);
        for p in 3..9 {
            assert_eq!(r.perm[r.pos[p] as usize] as usize, p);
        }
    }
}
