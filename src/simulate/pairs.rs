//! A negotiating pair's outcome space, built once per simulation, and its
//! utility tables, refreshed in place before each round of talks.
//!
//! The issues are those of [`DealSpace`](crate::negotiate::DealSpace):
//! `release` (0 or one of the batch sizes: the holder's most valued
//! prisoners still in custody), one `relief:` issue per sanction the
//! demander imposes on the holder, and `recognition` (steps above the
//! current level). The space's shape is fixed for the whole simulation;
//! values that are impossible at the current state (a batch larger than
//! the prisoners left, relief already in force, recognition beyond an
//! embassy) get a prohibitive utility for both sides, so no strategy
//! proposes or accepts them. Each table entry is the payoff change of that
//! issue value alone, computed directly from the world's valuations (the
//! numbers [`payoff::delta`](crate::payoff::delta) gives), so a round of
//! talks costs no state copies and no allocation.

use super::setup::{PairStaging, held};
use crate::deal::{ConcessionKind, Deal, Staging};
use crate::model::{
    GovernmentId, PrisonerStatus, RecognitionLevel, ReliefKind, SanctionId, State, World,
};
use crate::negotiate::{Issue, LinearAdditive, Outcome, OutcomeSpace};
use crate::scenario::NegotiationSettings;

/// Utility of an impossible issue value: far below any reservation value a
/// scenario may hold (magnitudes are capped at 1e15), still finite.
pub(crate) const IMPOSSIBLE: f64 = -1e18;

#[derive(Clone, Debug)]
pub(crate) struct ReliefIssue {
    pub sanction: SanctionId,
    /// Per issue value (0 = no relief): the concession.
    pub values: Vec<Option<ConcessionKind>>,
    /// Per issue value: the relief level the form brings.
    pub fraction: Vec<f64>,
    pub v_d: f64,
    pub v_h: f64,
}

/// A demander, a holder and what they can trade.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub demander: GovernmentId,
    pub holder: GovernmentId,
    pub staging: PairStaging,
    pub space: OutcomeSpace,
    /// Prisoners the holder trades and the demander values, most valued
    /// first (ties by id), whatever their status.
    pub ranked: Vec<u32>,
    pub val_d: Vec<f64>,
    pub val_h: Vec<f64>,
    pub takes_effect: Vec<bool>,
    pub dest: Vec<GovernmentId>,
    /// Issue 0 values: 0 then the batch sizes, increasing.
    pub batches: Vec<u32>,
    pub relief: Vec<ReliefIssue>,
    pub rec_d: f64,
    pub rec_h: f64,
    pub ac_d: f64,
    pub ac_h: f64,
    pub res_d: f64,
    pub res_h: f64,
}

/// Per run, per pair: where the walk over `ranked` starts, and the batch
/// found by the last refresh.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairScratch {
    pub cursor: usize,
    pub members: Vec<u32>,
    pub trust: f64,
}

impl Pair {
    /// The pair, or `None` when there is nothing to trade: the demander
    /// values no prisoner the holder trades, or has nothing the holder values.
    pub fn build(
        world: &World,
        initial: &State,
        demander: GovernmentId,
        holder: GovernmentId,
        settings: &NegotiationSettings,
        staging: PairStaging,
    ) -> Option<Pair> {
        let values = world.valuations();
        let mut ranked: Vec<(f64, u32)> = world
            .prisoners()
            .iter()
            .filter(|p| p.holder() == holder)
            .filter_map(|p| {
                let v = values.prisoner(demander, p.id);
                (v > 0.0).then_some((v, p.id.0))
            })
            .collect();
        if ranked.is_empty() {
            return None;
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let ranked: Vec<u32> = ranked.into_iter().map(|x| x.1).collect();
        let pr = |p: u32| &world.prisoners()[p as usize];
        let val_d = ranked
            .iter()
            .map(|&p| values.prisoner(demander, pr(p).id))
            .collect();
        let val_h = ranked
            .iter()
            .map(|&p| values.prisoner(holder, pr(p).id))
            .collect();
        let dest: Vec<GovernmentId> = ranked
            .iter()
            .map(|&p| pr(p).default_destination())
            .collect();
        let takes_effect = ranked
            .iter()
            .zip(&dest)
            .map(|(&p, &d)| pr(p).accepts_exile || !pr(p).is_exile_to(d))
            .collect();

        let mut batches = vec![0];
        let mut sizes: Vec<u32> = settings
            .batches
            .iter()
            .copied()
            .filter(|&k| k > 0)
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        batches.extend(sizes);
        let mut issues = vec![Issue::new("release", batches.iter().map(|k| k.to_string()))];

        let mut relief = Vec::new();
        for s in world.sanctions() {
            if s.imposer != demander || s.target != holder {
                continue;
            }
            let mut vals = vec![None];
            let mut fraction = vec![0.0];
            for &kind in &settings.relief {
                let Some(option) = s.relief_option(kind) else {
                    continue;
                };
                // Funds are not traded in simulated talks.
                if kind == ReliefKind::Unfreeze {
                    continue;
                }
                let rounds = settings
                    .suspend_rounds
                    .min(option.max_rounds.unwrap_or(u32::MAX));
                let Some(c) = crate::generate::relief_concession(kind, s, initial, rounds, 0.25)
                else {
                    continue;
                };
                vals.push(Some(c));
                fraction.push(option.value_fraction);
            }
            if vals.len() == 1 {
                continue;
            }
            let labels: Vec<String> = vals
                .iter()
                .map(|c| match c.and_then(|c| c.relief_kind()) {
                    None => "none".to_string(),
                    Some(k) => format!("{k:?}").to_lowercase(),
                })
                .collect();
            issues.push(Issue::new(format!("relief:{}", s.key), labels));
            relief.push(ReliefIssue {
                sanction: s.id,
                values: vals,
                fraction,
                v_d: values.sanction(demander, s.id),
                v_h: values.sanction(holder, s.id),
            });
        }
        let rec_d: f64 = values
            .recognition_rows(demander, holder)
            .filter(|r| r.0 == demander)
            .map(|r| r.1)
            .sum();
        let rec_h: f64 = values
            .recognition_rows(demander, holder)
            .filter(|r| r.0 == holder)
            .map(|r| r.1)
            .sum();
        let rec_steps = if rec_h > 0.0 {
            settings.recognition_steps
        } else {
            0
        };
        issues.push(Issue::new(
            "recognition",
            (0..=rec_steps).map(|j| {
                if j == 0 {
                    "no change".to_string()
                } else {
                    format!("+{j}")
                }
            }),
        ));
        let gives = relief.iter().any(|r| r.v_h > 0.0) || rec_steps > 0;
        if !gives {
            return None;
        }
        let _ = initial;
        let (gd, gh) = (
            &world.governments()[demander.index()],
            &world.governments()[holder.index()],
        );
        Some(Pair {
            demander,
            holder,
            staging,
            space: OutcomeSpace::new(issues).ok()?,
            ranked,
            val_d,
            val_h,
            takes_effect,
            dest,
            batches,
            relief,
            rec_d,
            rec_h,
            ac_d: gd.audience_cost,
            ac_h: gh.audience_cost,
            res_d: gd.reservation,
            res_h: gh.reservation,
        })
    }

    /// Fresh utility tables of the right shape (values refreshed by [`Pair::refresh`]).
    pub fn tables(&self) -> [LinearAdditive; 2] {
        let shape: Vec<Vec<f64>> = self
            .space
            .issues()
            .iter()
            .map(|i| vec![0.0; i.cardinality()])
            .collect();
        let make = |res: f64| {
            LinearAdditive::new(vec![1.0; shape.len()], shape.clone())
                .and_then(|u| u.with_reserved(res))
                .expect("finite zero tables")
        };
        [make(self.res_d), make(self.res_h)]
    }

    /// The relief level value `v` of relief issue `i` would bring at `state`
    /// (`None`: impossible, it would not raise the level).
    fn relief_delta(&self, state: &State, i: usize, v: usize) -> Option<f64> {
        let issue = &self.relief[i];
        let level = state.relief[issue.sanction.index()].level;
        let f = issue.fraction[v];
        match issue.values[v] {
            None => Some(0.0),
            Some(ConcessionKind::Ease { fraction, .. }) => {
                (level < 1.0).then(|| ((level + fraction * f).min(1.0) - level).max(0.0))
            }
            Some(_) => (f > level).then_some(f - level),
        }
    }

    /// Recognition level now.
    fn recognition_now(&self, state: &State) -> u8 {
        state.recognition(self.demander, self.holder).value()
    }

    /// Refreshes the batch and both utility tables at `state`. `scale` is
    /// each side's valuation factor (changes of government), `risk` the
    /// probability that the second mover of a sequential deal defects.
    /// Returns whether there is anything to trade now.
    #[allow(clippy::too_many_arguments)]
    pub fn refresh(
        &self,
        state: &State,
        scratch: &mut PairScratch,
        scale: [f64; 2],
        risk: f64,
        tables: &mut [LinearAdditive; 2],
    ) -> bool {
        // Advance past prisoners gone for good (released or dead: nobody is
        // re-arrested after release), then collect the largest batch.
        while scratch.cursor < self.ranked.len() {
            let s = state.status[self.ranked[scratch.cursor] as usize];
            if matches!(s, PrisonerStatus::Released | PrisonerStatus::Deceased) {
                scratch.cursor += 1;
            } else {
                break;
            }
        }
        let max_batch = *self.batches.last().unwrap_or(&0) as usize;
        scratch.members.clear();
        let mut i = scratch.cursor;
        while i < self.ranked.len() && scratch.members.len() < max_batch {
            if held(state, self.ranked[i] as usize) {
                scratch.members.push(i as u32);
            }
            i += 1;
        }
        if scratch.members.is_empty() {
            return false;
        }
        let q_d = if self.staging == PairStaging::DemanderFirst {
            1.0 - risk
        } else {
            1.0
        };
        let q_h = if self.staging == PairStaging::HolderFirst {
            1.0 - risk
        } else {
            1.0
        };
        let [sd, sh] = scale;
        let mut anything = false;
        let [td, th] = tables;
        let members = &scratch.members;
        let update = |t: &mut LinearAdditive, side: usize| {
            t.update_tables(|_, values| {
                // Release batches: cumulative sums over the batch members.
                let row = &mut values[0];
                let (mut sum, mut b) = (0.0, 1usize);
                row[0] = 0.0;
                for (n, &r) in members.iter().enumerate() {
                    let r = r as usize;
                    if self.takes_effect[r] {
                        sum += if side == 0 {
                            self.val_d[r] * sd * q_d
                        } else {
                            self.val_h[r] * sh
                        };
                    }
                    let k = n + 1;
                    while b < self.batches.len() && self.batches[b] as usize == k {
                        row[b] = if side == 0 {
                            sum
                        } else {
                            sum - k as f64 * self.ac_h
                        };
                        b += 1;
                    }
                }
                for x in &mut row[b..] {
                    *x = IMPOSSIBLE;
                }
                for (i, issue) in self.relief.iter().enumerate() {
                    let row = &mut values[1 + i];
                    for (v, x) in row.iter_mut().enumerate() {
                        *x = match self.relief_delta(state, i, v) {
                            None => IMPOSSIBLE,
                            Some(_) if v == 0 => 0.0,
                            Some(dl) if side == 0 => dl * issue.v_d * sd - self.ac_d,
                            Some(dl) => dl * issue.v_h * sh * q_h,
                        };
                    }
                }
                let now = self.recognition_now(state);
                let row = values.last_mut().expect("recognition issue");
                for (j, x) in row.iter_mut().enumerate() {
                    *x = if j == 0 {
                        0.0
                    } else if now as usize + j > RecognitionLevel::Embassy.value() as usize {
                        IMPOSSIBLE
                    } else if side == 0 {
                        j as f64 * self.rec_d * sd - self.ac_d
                    } else {
                        j as f64 * self.rec_h * sh * q_h
                    };
                }
            })
            .expect("finite tables");
        };
        update(td, 0);
        update(th, 1);
        // Something to trade: the holder gains from some concession on offer.
        for row in &th.values()[1..] {
            if row.iter().any(|&x| x > 0.0) {
                anything = true;
            }
        }
        anything
    }

    /// Writes the deal outcome `o` stands for at `state` into `deal`
    /// (after [`Pair::refresh`] at the same state). Returns the holder's
    /// gain from the demander's concessions (unscaled, for the price per
    /// prisoner).
    pub fn deal(
        &self,
        world: &World,
        state: &State,
        scratch: &PairScratch,
        o: Outcome,
        deal: &mut Deal,
    ) -> f64 {
        deal.concessions.clear();
        deal.staging = match self.staging {
            PairStaging::Simultaneous => Staging::Simultaneous,
            PairStaging::Venue(v) => Staging::AtVenue { venue: v },
            PairStaging::HolderFirst => Staging::Sequential { first: self.holder },
            PairStaging::DemanderFirst => Staging::Sequential {
                first: self.demander,
            },
        };
        let (d, h) = (self.demander, self.holder);
        let mut gain = 0.0;
        for (i, issue) in self.relief.iter().enumerate() {
            let v = self.space.value_of(o, 1 + i);
            if let Some(c) = issue.values[v] {
                gain += self.relief_delta(state, i, v).unwrap_or(0.0) * issue.v_h;
                deal.concessions.push(crate::deal::Concession {
                    from: d,
                    to: h,
                    kind: c,
                });
            }
        }
        let j = self.space.value_of(o, self.space.n_issues() - 1);
        if j > 0 {
            let level = (self.recognition_now(state) as usize + j).min(3) as u8;
            gain += j as f64 * self.rec_h;
            deal.concessions.push(crate::deal::Concession {
                from: d,
                to: h,
                kind: ConcessionKind::Recognition {
                    level: RecognitionLevel::from_u8(level),
                },
            });
        }
        let k = self.batches[self.space.value_of(o, 0)] as usize;
        for &r in scratch.members.iter().take(k) {
            let r = r as usize;
            deal.concessions.push(crate::deal::Concession {
                from: h,
                to: d,
                kind: ConcessionKind::Release {
                    prisoner: crate::model::PrisonerId(self.ranked[r]),
                    destination: self.dest[r],
                },
            });
        }
        let _ = world;
        gain
    }

    /// What outcome `o` trades, for reports: `"licence us_potash + recognition +1 for 10"`.
    pub fn describe(&self, world: &World, o: Outcome) -> String {
        let mut parts = Vec::new();
        for (i, issue) in self.relief.iter().enumerate() {
            let v = self.space.value_of(o, 1 + i);
            if let Some(kind) = issue.values[v].and_then(|c| c.relief_kind()) {
                let key = world
                    .sanction(issue.sanction)
                    .map_or("?", |s| s.key.as_str());
                parts.push(format!("{} {key}", format!("{kind:?}").to_lowercase()));
            }
        }
        let j = self.space.value_of(o, self.space.n_issues() - 1);
        if j > 0 {
            parts.push(format!("recognition +{j}"));
        }
        let k = self.batches[self.space.value_of(o, 0)];
        let gives = if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(" + ")
        };
        format!(
            "{} gives {} {gives} for {k} released",
            world.code(self.demander),
            world.code(self.holder)
        )
    }
}
