//! The bucket guide over sorted suffix sums, the split-point cost model and
//! the order-preserving float keys that [`OutcomeIndex`](super::OutcomeIndex)
//! builds its split index from.

/// Entries a [`Guide`] bucket may hold: a seek counts the entries below
/// the target in a window of this many, without a branch.
pub(super) const GUIDE_WINDOW: usize = 4;

/// Equal-width buckets over a sorted slice `b`, so that "first entry
/// `>= target`" takes one bucket lookup and a fixed window of comparisons
/// instead of a binary search: every entry of an earlier bucket is below
/// the target and every entry of a later one above it (the key is
/// monotone), so the answer is the bucket's start plus the number of its
/// entries below the target, and entries past the bucket in the window
/// count nothing.
#[derive(Clone, Debug, Default)]
pub(super) struct Guide {
    /// `starts[g]`: first index whose bucket is `>= g`; the last entry is
    /// `b.len()`. Empty: no guide (a bucket would overflow the window, or
    /// `b` spans no range); seeks then binary-search. Built by
    /// `OutcomeIndex::bucket_suffix`.
    pub(super) starts: Vec<u32>,
    pub(super) lo: f64,
    pub(super) scale: f64,
}

impl Guide {
    /// Bucket of `v` among `g` (truncation saturates: below `lo` is 0).
    #[inline(always)]
    pub(super) fn key(&self, v: f64, g: usize) -> usize {
        (((v - self.lo) * self.scale) as usize).min(g - 1)
    }

    /// First index `k` with `b[k] >= target`, where `padded` is `b` with
    /// one entry before it and at least [`GUIDE_WINDOW`] `+inf` after it.
    #[inline(always)]
    pub(super) fn seek(&self, padded: &[f64], target: f64) -> usize {
        let g = self.starts.len().wrapping_sub(1);
        if g == usize::MAX {
            let b = &padded[1..padded.len() - GUIDE_WINDOW];
            return b.partition_point(|&x| x < target);
        }
        let s = self.starts[self.key(target, g)] as usize;
        let w = &padded[s + 1..s + 1 + GUIDE_WINDOW];
        s + w.iter().map(|&x| usize::from(x < target)).sum::<usize>()
    }
}

/// Number of leading issues in the prefix half: minimises a cost model of
/// one build (sorting the suffix sums) plus ~50 queries (one pass over the
/// prefix combinations each).
pub(super) fn choose_split(n: usize, card: impl Fn(usize) -> usize) -> usize {
    let total: f64 = (0..n).map(|i| card(i) as f64).product();
    let mut best = (f64::INFINITY, 0);
    let mut a = 1.0;
    for h in 0..=n {
        if h > 0 {
            a *= card(h - 1) as f64;
        }
        let b = total / a;
        let cost = b * (b + 1.0).log2() + 200.0 * a;
        if cost < best.0 {
            best = (cost, h);
        }
    }
    // Keep at least one issue in the suffix so the sort has something to do.
    best.1.min(n.saturating_sub(1))
}

/// Maps an f64 to a u64 with the same order (total order, -0 < +0).
pub(super) fn ordered(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// Inverse of [`ordered`].
pub(super) fn unordered(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}
