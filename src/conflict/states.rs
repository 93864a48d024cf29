//! Feasible states: patterns, enumeration with pruning, numbering, lookup.

use serde::{Deserialize, Serialize};

use super::error::ConflictError;

/// Most options a conflict may have: a state's decimal code is a `u64`.
pub const MAX_OPTIONS: usize = 63;

/// A feasible state, as a 0-based index into the feasible states sorted by
/// decimal code. [`StateId::number`] gives the 1-based number the GMCR
/// literature (and GMCR+) prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StateId(pub u32);

impl StateId {
    /// The 0-based index.
    ///
    /// ```
    /// assert_eq!(detente::conflict::StateId(3).index(), 3);
    /// ```
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The 1-based state number: the rank of the state's decimal code among
    /// the feasible states.
    ///
    /// ```
    /// assert_eq!(detente::conflict::StateId(0).number(), 1);
    /// ```
    pub fn number(self) -> usize {
        self.0 as usize + 1
    }

    /// The state with 1-based number `n`, or `None` for 0.
    ///
    /// ```
    /// use detente::conflict::StateId;
    /// assert_eq!(StateId::from_number(4), Some(StateId(3)));
    /// assert_eq!(StateId::from_number(0), None);
    /// ```
    pub fn from_number(n: usize) -> Option<StateId> {
        n.checked_sub(1)
            .and_then(|i| u32::try_from(i).ok())
            .map(StateId)
    }
}

/// A conjunction of option values: the options in `mask` must have the
/// values in `value` (bit `i` is option `i`, set = taken). Written `Y`, `N`,
/// `-` per option, option 0 first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// Options the pattern constrains.
    pub mask: u64,
    /// Their required values (only bits inside `mask` are set).
    pub value: u64,
}

impl Pattern {
    /// Builds a pattern from `(option, taken)` pairs.
    ///
    /// ```
    /// use detente::conflict::Pattern;
    /// let p = Pattern::from_pairs(&[(0, true), (2, false)]);
    /// assert!(p.matches(0b001) && !p.matches(0b101) && !p.matches(0b000));
    /// ```
    pub fn from_pairs(pairs: &[(usize, bool)]) -> Pattern {
        let mut p = Pattern { mask: 0, value: 0 };
        for &(o, taken) in pairs {
            p.mask |= 1 << o;
            if taken {
                p.value |= 1 << o;
            } else {
                p.value &= !(1 << o);
            }
        }
        p
    }

    /// Parses `Y`/`N`/`-` notation (option 0 first, one character per
    /// option; spaces ignored).
    ///
    /// # Errors
    /// [`ConflictError::Invalid`] (with `path`) when the length differs from
    /// `n_options` or a character is not `Y`, `N` or `-`.
    ///
    /// ```
    /// use detente::conflict::Pattern;
    /// let p = Pattern::parse("Y-N", 3, "x")?;
    /// assert_eq!((p.mask, p.value), (0b101, 0b001));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn parse(text: &str, n_options: usize, path: &str) -> Result<Pattern, ConflictError> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        if chars.len() != n_options {
            return Err(ConflictError::invalid(
                path,
                format!(
                    "pattern {text:?} has {} positions, the conflict has {n_options} options",
                    chars.len()
                ),
            ));
        }
        let mut p = Pattern { mask: 0, value: 0 };
        for (i, c) in chars.into_iter().enumerate() {
            match c {
                'Y' | 'y' => {
                    p.mask |= 1 << i;
                    p.value |= 1 << i;
                }
                'N' | 'n' => p.mask |= 1 << i,
                '-' => {}
                _ => {
                    return Err(ConflictError::invalid(
                        path,
                        format!("pattern {text:?}: {c:?} is not Y, N or -"),
                    ));
                }
            }
        }
        Ok(p)
    }

    /// Whether the state with decimal code `code` satisfies the pattern.
    ///
    /// ```
    /// use detente::conflict::Pattern;
    /// assert!(Pattern::from_pairs(&[(1, true)]).matches(0b10));
    /// ```
    pub fn matches(self, code: u64) -> bool {
        code & self.mask == self.value
    }

    /// The pattern in `Y`/`N`/`-` notation.
    ///
    /// ```
    /// use detente::conflict::Pattern;
    /// assert_eq!(Pattern::from_pairs(&[(0, true), (2, false)]).to_yn(3), "Y-N");
    /// ```
    pub fn to_yn(self, n_options: usize) -> String {
        (0..n_options)
            .map(|i| {
                if self.mask >> i & 1 == 0 {
                    '-'
                } else if self.value >> i & 1 == 1 {
                    'Y'
                } else {
                    'N'
                }
            })
            .collect()
    }
}

/// The feasible states of a conflict, sorted by decimal code.
#[derive(Debug, Clone)]
pub struct StateSpace {
    n_options: usize,
    codes: Vec<u64>,
    /// code -> index + 1 (0 = infeasible), kept only when the table is
    /// small next to the number of feasible states.
    dense: Option<Vec<u32>>,
    /// Every code is feasible, so a code is its own index (no table).
    complete: bool,
}

impl StateSpace {
    /// Enumerates the states of `n_options` options that match none of the
    /// `infeasible` patterns, in ascending decimal code.
    ///
    /// Options are decided from the highest index down (so codes come out
    /// sorted) and a pattern is tested as soon as its lowest option is
    /// decided, so whole subtrees that an infeasibility excludes are never
    /// visited.
    ///
    /// # Errors
    /// [`ConflictError::TooManyOptions`] above [`MAX_OPTIONS`],
    /// [`ConflictError::TooManyStates`] when more than `limit` states are
    /// feasible, [`ConflictError::NoFeasibleState`] when none is.
    ///
    /// # Complexity
    /// O(visited tree nodes × patterns per option); the visited nodes are the
    /// prefixes of feasible states plus the pruned ones, at most
    /// `n_options × (feasible + pruned)`.
    ///
    /// ```
    /// use detente::conflict::{Pattern, StateSpace};
    /// let s = StateSpace::enumerate(2, &[Pattern::from_pairs(&[(0, true), (1, true)])], 100)?;
    /// assert_eq!(s.codes(), &[0, 1, 2]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn enumerate(
        n_options: usize,
        infeasible: &[Pattern],
        limit: usize,
    ) -> Result<StateSpace, ConflictError> {
        if n_options > MAX_OPTIONS {
            return Err(ConflictError::TooManyOptions {
                options: n_options,
                max: MAX_OPTIONS,
            });
        }
        // Patterns grouped by their lowest option: the point at which all of
        // their options are decided when deciding from the top down.
        let mut by_low: Vec<Vec<Pattern>> = vec![Vec::new(); n_options.max(1)];
        let mut always = false;
        for &p in infeasible {
            if p.mask == 0 {
                always = true;
            } else {
                by_low[p.mask.trailing_zeros() as usize].push(p);
            }
        }
        let mut codes = Vec::new();
        if !always {
            if n_options == 0 {
                codes.push(0);
            } else {
                let mut walk = Walk {
                    by_low: &by_low,
                    out: &mut codes,
                    limit,
                };
                walk.go(n_options - 1, 0)?;
            }
        }
        if codes.is_empty() {
            return Err(ConflictError::NoFeasibleState);
        }
        Ok(Self::from_sorted_codes(n_options, codes))
    }

    fn from_sorted_codes(n_options: usize, codes: Vec<u64>) -> StateSpace {
        let full = 1usize << n_options.min(63);
        let complete = n_options < 32 && codes.len() == full;
        // A dense table costs 2^n words; worth it only when the feasible
        // states are a sizeable share of them.
        let dense =
            (!complete && n_options <= 24 && full <= codes.len().saturating_mul(16)).then(|| {
                let mut t = vec![0u32; full];
                for (i, &c) in codes.iter().enumerate() {
                    t[c as usize] = i as u32 + 1;
                }
                t
            });
        StateSpace {
            n_options,
            codes,
            dense,
            complete,
        }
    }

    /// Number of options.
    ///
    /// ```
    /// let s = detente::conflict::StateSpace::enumerate(3, &[], 10)?;
    /// assert_eq!(s.n_options(), 3);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn n_options(&self) -> usize {
        self.n_options
    }

    /// Number of feasible states.
    ///
    /// ```
    /// let s = detente::conflict::StateSpace::enumerate(3, &[], 10)?;
    /// assert_eq!(s.len(), 8);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Always false: a state space has at least one state.
    ///
    /// ```
    /// let s = detente::conflict::StateSpace::enumerate(1, &[], 10)?;
    /// assert!(!s.is_empty());
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Decimal codes of the feasible states, ascending.
    ///
    /// ```
    /// let s = detente::conflict::StateSpace::enumerate(1, &[], 10)?;
    /// assert_eq!(s.codes(), &[0, 1]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn codes(&self) -> &[u64] {
        &self.codes
    }

    /// Decimal code of a state.
    ///
    /// # Panics
    /// If `s` is not a state of this space.
    ///
    /// ```
    /// use detente::conflict::{StateId, StateSpace};
    /// let s = StateSpace::enumerate(2, &[], 10)?;
    /// assert_eq!(s.code(StateId(3)), 3);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn code(&self, s: StateId) -> u64 {
        self.codes[s.index()]
    }

    /// The state with decimal code `code`, if feasible.
    ///
    /// # Complexity
    /// O(1) with the dense table, O(log states) otherwise.
    ///
    /// ```
    /// use detente::conflict::{Pattern, StateId, StateSpace};
    /// let s = StateSpace::enumerate(2, &[Pattern::from_pairs(&[(0, true)])], 10)?;
    /// assert_eq!(s.lookup(2), Some(StateId(1)));
    /// assert_eq!(s.lookup(1), None);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    #[inline]
    pub fn lookup(&self, code: u64) -> Option<StateId> {
        if self.complete {
            return (code < self.codes.len() as u64).then_some(StateId(code as u32));
        }
        match &self.dense {
            Some(t) => {
                let v = *t.get(code as usize)?;
                (v != 0).then(|| StateId(v - 1))
            }
            None => self
                .codes
                .binary_search(&code)
                .ok()
                .map(|i| StateId(i as u32)),
        }
    }

    /// The state in `Y`/`N` notation, option 0 first.
    ///
    /// ```
    /// use detente::conflict::{StateId, StateSpace};
    /// let s = StateSpace::enumerate(2, &[], 10)?;
    /// assert_eq!(s.yn(StateId(1)), "YN");
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn yn(&self, s: StateId) -> String {
        let c = self.code(s);
        (0..self.n_options)
            .map(|i| if c >> i & 1 == 1 { 'Y' } else { 'N' })
            .collect()
    }

    /// All state ids, ascending.
    ///
    /// ```
    /// let s = detente::conflict::StateSpace::enumerate(1, &[], 10)?;
    /// assert_eq!(s.ids().count(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn ids(&self) -> impl ExactSizeIterator<Item = StateId> + '_ {
        (0..self.codes.len() as u32).map(StateId)
    }
}

struct Walk<'a> {
    by_low: &'a [Vec<Pattern>],
    out: &'a mut Vec<u64>,
    limit: usize,
}

impl Walk<'_> {
    fn go(&mut self, bit: usize, prefix: u64) -> Result<(), ConflictError> {
        for taken in [false, true] {
            let code = prefix | (u64::from(taken) << bit);
            if self.by_low[bit].iter().any(|p| p.matches(code)) {
                continue;
            }
            if bit == 0 {
                if self.out.len() == self.limit {
                    return Err(ConflictError::TooManyStates { limit: self.limit });
                }
                self.out.push(code);
            } else {
                self.go(bit - 1, code)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumeration_matches_filtering_all_codes() {
        let pats = [
            Pattern::from_pairs(&[(1, true), (2, true)]),
            Pattern::from_pairs(&[(0, false), (3, true)]),
            Pattern::from_pairs(&[(4, true)]),
        ];
        let s = StateSpace::enumerate(5, &pats, 1 << 10).unwrap();
        let want: Vec<u64> = (0..32u64)
            .filter(|&c| !pats.iter().any(|p| p.matches(c)))
            .collect();
        assert_eq!(s.codes(), want.as_slice());
        for (i, &c) in want.iter().enumerate() {
            assert_eq!(s.lookup(c), Some(StateId(i as u32)));
        }
        assert_eq!(s.lookup(16), None);
    }

    #[test]
    fn limits_and_empty_are_errors() {
        assert_eq!(
            StateSpace::enumerate(4, &[], 15).unwrap_err(),
            ConflictError::TooManyStates { limit: 15 }
        );
        let all = [
            Pattern::from_pairs(&[(0, true)]),
            Pattern::from_pairs(&[(0, false)]),
        ];
        assert_eq!(
            StateSpace::enumerate(2, &all, 10).unwrap_err(),
            ConflictError::NoFeasibleState
        );
        assert!(Pattern::parse("YX", 2, "p").is_err());
        assert!(Pattern::parse("Y", 2, "p").is_err());
    }
}
