//! What each negotiating pair did, round by round: the observations a
//! record of dated deals is compared with (see
//! [`history::record`](crate::history::record)).
//!
//! For every pair and every horizon `k` (the first `k + 1` rounds) the
//! number of deals and of people freed in them are kept as exact count
//! histograms over runs. Runs in which the pair had made no deal by then
//! are not stored: they are the runs missing from the histogram, so a pair
//! that never deals costs nothing per run, and the histograms hold as many
//! distinct values as deal counts seen (rounds × pairs small histograms,
//! never prisoners × rounds).

use super::runner::RunSummary;
use super::stats::CountHistogram;
use crate::deal::{Given, GivenSet};
use serde::{Deserialize, Serialize};

/// One pair's deals over the runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairObservations {
    /// Index `k`: deals in rounds `0..=k`, over the runs with at least one
    /// (the other runs had none: see [`PairObservations::quantile`]).
    pub deals_by_round: Vec<CountHistogram>,
    /// Index `k`: people freed in the pair's deals in rounds `0..=k`, over
    /// the same runs as `deals_by_round[k]`.
    pub freed_by_round: Vec<CountHistogram>,
    /// Round of the pair's first deal, over runs that had one.
    pub first_deal_round: CountHistogram,
    /// What the demander gave, per kind in [`Given::ALL`] order.
    pub given: Vec<GivenCounts>,
}

/// How often the demander gave one kind of concession.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GivenCounts {
    /// The kind.
    pub kind: Given,
    /// Deals that gave it, over all runs.
    pub deals: u64,
    /// Index `k`: runs in which it was given in some deal in rounds `0..=k`.
    pub runs_by_round: Vec<u64>,
}

/// Which per-pair counter a quantile reads.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PairCount {
    /// Deals.
    Deals,
    /// People freed in deals.
    Freed,
}

impl PairObservations {
    /// Empty observations over `rounds` rounds.
    pub fn empty(rounds: u32) -> Self {
        let n = rounds as usize;
        PairObservations {
            deals_by_round: vec![CountHistogram::default(); n],
            freed_by_round: vec![CountHistogram::default(); n],
            first_deal_round: CountHistogram::default(),
            given: Given::ALL
                .iter()
                .map(|&kind| GivenCounts {
                    kind,
                    deals: 0,
                    runs_by_round: vec![0; n],
                })
                .collect(),
        }
    }

    /// Adds pair `pair`'s deals in one run. Allocation-free unless a
    /// histogram meets a value it has not seen.
    pub(crate) fn add(&mut self, pair: u32, s: &RunSummary) {
        let mut log = s.deal_log.iter().filter(|d| d.pair == pair).peekable();
        if log.peek().is_none() {
            return;
        }
        let (mut deals, mut freed, mut given) = (0u32, 0u32, GivenSet::default());
        for k in 0..self.deals_by_round.len() {
            while let Some(d) = log.next_if(|d| d.round as usize <= k) {
                if deals == 0 {
                    self.first_deal_round.add(d.round);
                }
                deals += 1;
                freed += d.released;
                given.0 |= d.given.0;
                for g in d.given.iter() {
                    self.given[g as usize].deals += 1;
                }
            }
            if deals > 0 {
                self.deals_by_round[k].add(deals);
                self.freed_by_round[k].add(freed);
                for g in given.iter() {
                    self.given[g as usize].runs_by_round[k] += 1;
                }
            }
        }
    }

    /// Adds another part's observations of the same pair (exact).
    ///
    /// # Errors
    /// The name of the count that would overflow.
    pub(crate) fn merge(&mut self, other: &PairObservations) -> Result<(), &'static str> {
        let mut given = self.given.clone();
        for (a, b) in given.iter_mut().zip(&other.given) {
            a.deals = a.deals.checked_add(b.deals).ok_or("deals by kind")?;
            for (x, y) in a.runs_by_round.iter_mut().zip(&b.runs_by_round) {
                *x = x.checked_add(*y).ok_or("runs by kind")?;
            }
        }
        self.given = given;
        for (a, b) in self.deals_by_round.iter_mut().zip(&other.deals_by_round) {
            a.merge(b);
        }
        for (a, b) in self.freed_by_round.iter_mut().zip(&other.freed_by_round) {
            a.merge(b);
        }
        self.first_deal_round.merge(&other.first_deal_round);
        Ok(())
    }

    /// Whether the shape fits `rounds` rounds and `runs` runs (one entry
    /// per round, every kind once, no histogram over more runs than there
    /// are); what is wrong otherwise.
    pub(crate) fn check(&self, rounds: u32, runs: u64) -> Result<(), String> {
        let n = rounds as usize;
        if self.deals_by_round.len() != n || self.freed_by_round.len() != n {
            return Err(format!("per-round histograms do not have {n} entries"));
        }
        if self.given.len() != Given::ALL.len()
            || self
                .given
                .iter()
                .zip(Given::ALL)
                .any(|(g, k)| g.kind != k || g.runs_by_round.len() != n)
        {
            return Err("`given` does not list every kind once, with one entry per round".into());
        }
        for k in 0..n {
            let with = self.deals_by_round[k].count();
            if with > runs || self.freed_by_round[k].count() != with {
                return Err(format!("round {k} counts {with} runs with deals of {runs}"));
            }
            if self.given.iter().any(|g| g.runs_by_round[k] > with) {
                return Err(format!("round {k} gives in more runs than had deals"));
            }
        }
        if self.first_deal_round.count() > runs {
            return Err("more first deals than runs".into());
        }
        Ok(())
    }

    /// The exact nearest-rank `q`-quantile over `runs` runs of `count` in
    /// the first `k + 1` rounds, counting the runs without a deal as zeros
    /// (`None` when `k` is past the horizon or there are no runs).
    pub fn quantile(&self, count: PairCount, k: usize, runs: u64, q: f64) -> Option<u32> {
        let h = match count {
            PairCount::Deals => self.deals_by_round.get(k)?,
            PairCount::Freed => self.freed_by_round.get(k)?,
        };
        padded_quantile(h, runs, q)
    }

    /// Runs in which `kind` was given within the first `k + 1` rounds.
    pub fn runs_giving(&self, kind: Given, k: usize) -> u64 {
        self.given
            .get(kind as usize)
            .and_then(|g| g.runs_by_round.get(k))
            .copied()
            .unwrap_or(0)
    }
}

/// Nearest-rank quantile of `h` over `runs` runs, the runs missing from `h`
/// counted as zeros.
pub(crate) fn padded_quantile(h: &CountHistogram, runs: u64, q: f64) -> Option<u32> {
    if runs == 0 || h.count() > runs {
        return None;
    }
    let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
    let rank = ((q * runs as f64).ceil() as u64).clamp(1, runs);
    let mut seen = runs - h.count();
    if seen >= rank {
        return Some(0);
    }
    for (v, c) in h.iter() {
        seen += c;
        if seen >= rank {
            return Some(v);
        }
    }
    None
}
