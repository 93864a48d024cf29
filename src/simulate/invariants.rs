//! Structural invariants of experiment and sweep aggregates: what a
//! partial result read from a file must satisfy before it is merged, so a
//! damaged or forged shard is refused instead of merging into a wrong
//! answer.

use std::ops::Range;

use super::results::{ExperimentResults, MergeError};
use super::stats::{CountHistogram, FloatStats};
use super::sweep::{Axis, SweepResults};

type Check = Result<(), MergeError>;

fn bad<T>(why: String) -> Result<T, MergeError> {
    Err(MergeError::Invalid(why))
}

impl ExperimentResults {
    /// Checks that these can be the aggregates of exactly the runs `runs`:
    /// `covered` is that range, every per-run histogram holds one
    /// observation per run, arrays have one entry per government, sanction
    /// or round, per-round totals add up to the per-run totals, and deal
    /// shapes are sorted, distinct and within the pairs and rounds. Merging
    /// results that pass this check cannot overflow a count.
    ///
    /// ```
    /// use detente::simulate::{ExperimentConfig, Simulation};
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/toy_bilateral.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let cfg = ExperimentConfig { runs: 8, rounds: 5, seed: 1 };
    /// let mut r = sim.run_range(&cfg, 2..6, &|_, _| {});
    /// r.check_covers(2..6)?;
    /// assert!(r.check_covers(0..6).is_err());
    /// r.stock.pop(); // a truncated array
    /// assert!(r.check_covers(2..6).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MergeError::Invalid`] naming the first invariant broken.
    pub fn check_covers(&self, runs: Range<u64>) -> Check {
        let n = runs.end.saturating_sub(runs.start);
        let expected: &[(u64, u64)] = if n == 0 {
            &[]
        } else {
            &[(runs.start, runs.end)]
        };
        if self.covered != expected || self.runs != n {
            return bad(format!(
                "claims {} runs covering {:?}, expected the {n} runs {}..{}",
                self.runs, self.covered, runs.start, runs.end
            ));
        }
        self.check_shape()?;
        self.check_counts(n)?;
        self.check_totals()?;
        self.check_deal_shapes()
    }

    /// One entry per government, sanction and round.
    fn check_shape(&self) -> Check {
        let governments = self.governments.len();
        let rounds = self.rounds as usize;
        let lengths = [
            ("strategies", self.strategies.len(), governments),
            ("payoff", self.payoff.len(), governments),
            ("stock", self.stock.len(), rounds + 1),
            (
                "freed_by_deal_per_round",
                self.freed_by_deal_per_round.len(),
                rounds,
            ),
            ("deals_per_round", self.deals_per_round.len(), rounds),
            ("arrested_per_round", self.arrested_per_round.len(), rounds),
        ];
        for (name, len, want) in lengths {
            if len != want {
                return bad(format!("`{name}` has {len} entries, expected {want}"));
            }
        }
        if self.pair_deals.len() != self.pairs.len() {
            return bad(format!(
                "`pair_deals` has {} entries, expected one per pair ({})",
                self.pair_deals.len(),
                self.pairs.len()
            ));
        }
        for (i, p) in self.pair_deals.iter().enumerate() {
            if let Err(e) = p.check(self.rounds, self.runs) {
                return bad(format!("`pair_deals[{i}]`: {e}"));
            }
        }
        let known = |g: &String| self.governments.contains(g);
        if let Some((d, h)) = self.pairs.iter().find(|(d, h)| !known(d) || !known(h)) {
            return bad(format!("pair ({d}, {h}) names an unknown government"));
        }
        Ok(())
    }

    /// One observation per run in every per-run statistic.
    fn check_counts(&self, n: u64) -> Check {
        let c = &self.counters;
        let per_run: [(&str, &CountHistogram); 18] = [
            ("freed", &self.freed),
            ("freed_by_deal", &self.freed_by_deal),
            ("freed_by_sentence", &self.freed_by_sentence),
            ("pardoned", &self.pardoned),
            ("medical", &self.medical),
            ("deceased", &self.deceased),
            ("arrested", &self.arrested),
            ("held_at_end", &self.held_at_end),
            ("counters.deals", &c.deals),
            ("counters.rejected", &c.rejected),
            ("counters.defections", &c.defections),
            ("counters.snapbacks", &c.snapbacks),
            ("counters.escalations", &c.escalations),
            ("counters.government_changes", &c.government_changes),
            ("counters.lapsed", &c.lapsed),
            ("counters.renewed", &c.renewed),
            ("counters.refused_exile", &c.refused_exile),
            (
                "first_deal_round + runs_without_deal",
                &self.first_deal_round,
            ),
        ];
        for (name, h) in per_run {
            let count = if name.starts_with("first_deal_round") {
                h.count().checked_add(self.runs_without_deal)
            } else {
                Some(h.count())
            };
            if count != Some(n) {
                return bad(format!("`{name}` counts {count:?} runs, expected {n}"));
            }
        }
        // Only experiments with a mediator fill these.
        for (name, h) in [
            ("counters.packages", &c.packages),
            ("counters.freed_by_package", &c.freed_by_package),
        ] {
            if h.count() != 0 && h.count() != n {
                return bad(format!(
                    "`{name}` counts {} runs, expected 0 or {n}",
                    h.count()
                ));
            }
        }
        for (i, h) in self.stock.iter().enumerate() {
            if h.count() != n {
                return bad(format!(
                    "`stock[{i}]` counts {} runs, expected {n}",
                    h.count()
                ));
            }
        }
        for (g, p) in self.governments.iter().zip(&self.payoff) {
            float_stats(&format!("payoff of {g}"), p, n)?;
        }
        for r in &self.relief {
            if r.granted_runs > n {
                return bad(format!(
                    "relief of {} granted in {} of {n} runs",
                    r.sanction, r.granted_runs
                ));
            }
            float_stats(
                &format!("level_at_end of {}", r.sanction),
                &r.level_at_end,
                n,
            )?;
            float_stats(
                &format!("relief_rounds of {}", r.sanction),
                &r.relief_rounds,
                n,
            )?;
        }
        Ok(())
    }

    /// Per-round totals add up to the per-run totals, and the parts of
    /// `freed` to `freed`.
    fn check_totals(&self) -> Check {
        let total = |v: &[u64]| v.iter().map(|&x| u128::from(x)).sum::<u128>();
        let sums = [
            (
                "freed_by_deal_per_round",
                total(&self.freed_by_deal_per_round),
                self.freed_by_deal.sum(),
            ),
            (
                "deals_per_round",
                total(&self.deals_per_round),
                self.counters.deals.sum(),
            ),
            (
                "arrested_per_round",
                total(&self.arrested_per_round),
                self.arrested.sum(),
            ),
            (
                "freed by cause",
                self.freed_by_deal.sum()
                    + self.freed_by_sentence.sum()
                    + self.pardoned.sum()
                    + self.medical.sum(),
                self.freed.sum(),
            ),
        ];
        for (name, got, want) in sums {
            if got != want {
                return bad(format!("`{name}` adds up to {got}, expected {want}"));
            }
        }
        self.check_refusals()
    }

    /// Refusals count exactly the refused agreements, each rule and
    /// government at most once per refusal, governments of the world only.
    fn check_refusals(&self) -> Check {
        let r = &self.refusals;
        let rejected = self.counters.rejected.sum();
        if u128::from(r.refused) != rejected {
            return bad(format!(
                "`refusals.refused` is {}, expected the {rejected} agreements refused",
                r.refused
            ));
        }
        let counts = r.by_rule.iter().chain(&r.not_rational);
        if let Some((k, n)) = counts.into_iter().find(|&(_, &n)| n > r.refused || n == 0) {
            return bad(format!(
                "`refusals` counts {n} for `{k}`, expected 1 to {}",
                r.refused
            ));
        }
        if let Some(g) = r
            .not_rational
            .keys()
            .find(|g| !self.governments.contains(g))
        {
            return bad(format!(
                "`refusals.not_rational` names an unknown government `{g}`"
            ));
        }
        Ok(())
    }

    /// Shapes sorted and distinct, inside the pairs and the rounds, one
    /// round observation per deal.
    fn check_deal_shapes(&self) -> Check {
        let keys = self.deal_shapes.iter().map(|s| (s.pair, s.outcome));
        if keys.clone().zip(keys.skip(1)).any(|(a, b)| a >= b) {
            return bad("`deal_shapes` are not sorted and distinct".into());
        }
        for s in &self.deal_shapes {
            let last_round = s.rounds.range().map_or(0, |(_, hi)| hi);
            if s.pair as usize >= self.pairs.len()
                || s.rounds.count() != s.count
                || s.defected > s.count
                || (s.count > 0 && last_round >= self.rounds)
            {
                return bad(format!(
                    "deal shape (pair {}, outcome {}) is inconsistent",
                    s.pair, s.outcome
                ));
            }
        }
        Ok(())
    }
}

/// A float statistic of at most `n` runs (NaN is not counted) whose parts
/// agree.
fn float_stats(name: &str, s: &FloatStats, n: u64) -> Check {
    if s.n > n
        || s.histogram.count() != s.n
        || s.sum.non_finite() > s.n
        || s.sum_sq.non_finite() > s.n
    {
        return bad(format!(
            "`{name}` does not hold at most {n} consistent observations"
        ));
    }
    Ok(())
}

impl SweepResults {
    /// Checks that these can be the aggregates of exactly the jobs `jobs`
    /// of the sweep of `axes` with `runs_per_point` runs per point: one
    /// point per grid point, in grid order with its settings, each holding
    /// the runs of `jobs` that fall in it (see
    /// [`ExperimentResults::check_covers`]).
    ///
    /// # Errors
    /// [`MergeError::Invalid`] naming the first invariant broken.
    pub fn check_covers(&self, jobs: Range<u64>, axes: &[Axis], runs_per_point: u64) -> Check {
        if self.runs_per_point != runs_per_point || runs_per_point == 0 {
            return bad(format!(
                "{} runs per point, expected {runs_per_point} (at least 1)",
                self.runs_per_point
            ));
        }
        let points = axes
            .iter()
            .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                MergeError::Invalid("the grid of the axes is empty or too large".into())
            })?;
        if self.points.len() != points {
            return bad(format!("{} points, expected {points}", self.points.len()));
        }
        for (p, point) in self.points.iter().enumerate() {
            let mut rest = p;
            for (i, axis) in axes.iter().enumerate().rev() {
                let value = &axis.values[rest % axis.values.len()];
                rest /= axis.values.len();
                match point.point.settings.get(i) {
                    Some((path, v)) if *path == axis.path && v == value => {}
                    _ => return bad(format!("point {p} does not have the grid's settings")),
                }
            }
            if point.point.settings.len() != axes.len() {
                return bad(format!("point {p} does not have the grid's settings"));
            }
            // Jobs of point p: p * runs .. (p + 1) * runs, in run indices.
            let lo = (p as u64).checked_mul(runs_per_point);
            let hi = lo.and_then(|lo| lo.checked_add(runs_per_point));
            let (Some(lo), Some(hi)) = (lo, hi) else {
                return bad("points x runs overflows".into());
            };
            let (a, b) = (jobs.start.max(lo), jobs.end.min(hi));
            let runs = if a < b { a - lo..b - lo } else { 0..0 };
            point
                .results
                .check_covers(runs)
                .map_err(|e| MergeError::Invalid(format!("point {p}: {e}")))?;
        }
        Ok(())
    }
}
