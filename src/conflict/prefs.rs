//! Turning a preference specification into payoffs (dense ranks).

use super::error::ConflictError;
use super::model::{Condition, Preferences, RankEntry};
use super::states::{Pattern, StateSpace};

/// Most prioritization conditions: the weights `2^(n-k-1)` must fit a `u128`.
pub const MAX_CONDITIONS: usize = 128;

/// Dense ranks of `keys`: the smallest key gets 1, equal keys share a rank.
pub(crate) fn dense_ranks<K: Ord + Copy>(keys: &[K]) -> Vec<u32> {
    let mut sorted: Vec<K> = keys.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    keys.iter()
        .map(|k| sorted.binary_search(k).expect("key present") as u32 + 1)
        .collect()
}

pub(crate) fn payoffs(
    prefs: &Preferences,
    space: &StateSpace,
    path: &str,
) -> Result<Vec<u32>, ConflictError> {
    match prefs {
        Preferences::Prioritization(conds) => prioritization(conds, space, path),
        Preferences::Ranking(entries) => ranking(entries, space, path),
        Preferences::Scores(scores) => {
            if scores.len() != space.len() {
                return Err(ConflictError::invalid(
                    format!("{path}.scores"),
                    format!(
                        "{} scores for {} feasible states",
                        scores.len(),
                        space.len()
                    ),
                ));
            }
            if let Some(k) = scores.iter().position(|x| !x.is_finite()) {
                return Err(ConflictError::invalid(
                    format!("{path}.scores[{k}]"),
                    "scores must be finite",
                ));
            }
            // Finite floats order totally; total_cmp bits keep it integral.
            let keys: Vec<i64> = scores
                .iter()
                .map(|&x| {
                    let b = (x + 0.0).to_bits() as i64;
                    b ^ (((b >> 63) as u64) >> 1) as i64
                })
                .collect();
            Ok(dense_ranks(&keys))
        }
    }
}

fn prioritization(
    conds: &[Condition],
    space: &StateSpace,
    path: &str,
) -> Result<Vec<u32>, ConflictError> {
    let n = conds.len();
    if n > MAX_CONDITIONS {
        return Err(ConflictError::invalid(
            format!("{path}.prioritization"),
            format!("{n} conditions, at most {MAX_CONDITIONS}"),
        ));
    }
    let n_opt = space.n_options();
    let mut parsed: Vec<Vec<Pattern>> = Vec::with_capacity(n);
    for (k, c) in conds.iter().enumerate() {
        let p = format!("{path}.prioritization[{k}]");
        parsed.push(match c {
            Condition::All(s) => vec![Pattern::parse(s, n_opt, &p)?],
            Condition::Any(list) => {
                if list.is_empty() {
                    return Err(ConflictError::invalid(p, "empty OR condition"));
                }
                list.iter()
                    .enumerate()
                    .map(|(j, s)| Pattern::parse(s, n_opt, &format!("{p}[{j}]")))
                    .collect::<Result<_, _>>()?
            }
        });
    }
    let scores: Vec<u128> = space
        .codes()
        .iter()
        .map(|&code| {
            parsed
                .iter()
                .enumerate()
                .filter(|(_, any)| any.iter().any(|p| p.matches(code)))
                .map(|(k, _)| 1u128 << (n - k - 1))
                .sum()
        })
        .collect();
    Ok(dense_ranks(&scores))
}

fn ranking(
    entries: &[RankEntry],
    space: &StateSpace,
    path: &str,
) -> Result<Vec<u32>, ConflictError> {
    let len = space.len();
    let mut pay = vec![0u32; len];
    let classes = entries.len() as u32;
    for (k, e) in entries.iter().enumerate() {
        let members: &[usize] = match e {
            RankEntry::One(s) => std::slice::from_ref(s),
            RankEntry::Tie(v) => v,
        };
        for (j, &s) in members.iter().enumerate() {
            let p = match e {
                RankEntry::One(_) => format!("{path}.ranking[{k}]"),
                RankEntry::Tie(_) => format!("{path}.ranking[{k}][{j}]"),
            };
            if s == 0 || s > len {
                return Err(ConflictError::invalid(
                    p,
                    format!("state {s} does not exist (states are numbered 1..={len})"),
                ));
            }
            if pay[s - 1] != 0 {
                return Err(ConflictError::invalid(
                    p,
                    format!("state {s} appears twice"),
                ));
            }
            pay[s - 1] = classes - k as u32;
        }
    }
    if let Some(missing) = pay.iter().position(|&p| p == 0) {
        return Err(ConflictError::invalid(
            format!("{path}.ranking"),
            format!("state {} is missing from the ranking", missing + 1),
        ));
    }
    // Empty tie lists leave gaps; compress so payoffs stay dense ranks.
    Ok(dense_ranks(&pay))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_ranks_share_ties() {
        assert_eq!(dense_ranks(&[5, 1, 5, 3]), vec![3, 1, 3, 2]);
    }

    #[test]
    fn scores_order_like_floats() {
        let space = StateSpace::enumerate(2, &[], 10).unwrap();
        let p = payoffs(
            &Preferences::Scores(vec![-1.5, 2.0, -0.0, 0.0]),
            &space,
            "x",
        )
        .unwrap();
        assert_eq!(p, vec![1, 3, 2, 2]);
    }
}
