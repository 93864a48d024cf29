//! The world's hard demands inside the package search.
//!
//! The package search picks a subset of candidate concessions by branch and
//! bound. Red lines never reach it (no candidate releases a red-lined
//! prisoner); must-haves and together-groups are constraints on the subset,
//! checked here at every node so that a branch that can no longer keep them
//! is cut at once, and no package that breaks them is ever returned:
//!
//! * a government that takes part must see each of its must-haves still in
//!   custody released by some chosen candidate;
//! * a chosen release of a together-group member needs every other member
//!   still in custody released too.
//!
//! A must-have with no candidate release (nobody else values the prisoner,
//! or the candidate cap cut it) keeps its government out of every package.

use crate::deal::Concession;
use crate::model::{PrisonerId, State, World};

/// Demands as constraints on sets of candidate indices.
#[derive(Debug, Default)]
pub(super) struct DemandPrune {
    /// Per government with must-haves still held: its index and, per
    /// must-have, the candidate releasing it (`None`: no candidate does).
    must: Vec<(usize, Vec<Option<usize>>)>,
    /// Per together-group with a member in custody: the candidate releasing
    /// each such member.
    groups: Vec<Vec<Option<usize>>>,
}

impl DemandPrune {
    /// The constraints of `world`'s demands at `state` over `candidates`
    /// (in search order).
    pub(super) fn new<'a>(
        world: &World,
        state: &State,
        candidates: impl Iterator<Item = &'a Concession>,
    ) -> Self {
        let demands = world.demands();
        if demands.is_empty() {
            return Self::default();
        }
        let releasing: Vec<Option<PrisonerId>> = candidates.map(|c| c.kind.prisoner()).collect();
        let item = |p: PrisonerId| releasing.iter().position(|&r| r == Some(p));
        let slots = |list: &[PrisonerId]| -> Vec<Option<usize>> {
            list.iter()
                .filter(|&&p| state.is_held(p))
                .map(|&p| item(p))
                .collect()
        };
        let must = demands
            .demanders()
            .filter_map(|g| {
                let list: Vec<PrisonerId> = demands.must_haves(g).collect();
                let s = slots(&list);
                (!s.is_empty()).then_some((g.index(), s))
            })
            .collect();
        let groups = demands
            .groups()
            .iter()
            .map(|group| slots(group))
            .filter(|s| s.len() > 1)
            .collect();
        Self { must, groups }
    }

    /// Whether no choice of the candidates from `next` on can keep the
    /// demands, given the candidates `chosen` (ascending) among those
    /// before `next` and the governments taking part so far (`party[g] >
    /// 0`). At `next` = the number of candidates this is the exact check of
    /// a complete package.
    pub(super) fn dead(&self, next: usize, chosen: &[usize], party: &[u32]) -> bool {
        let is_chosen = |j: usize| chosen.binary_search(&j).is_ok();
        // A slot is lost when it has no candidate or its candidate was passed over.
        let lost = |slot: &Option<usize>| slot.is_none_or(|j| j < next && !is_chosen(j));
        let must_broken = self
            .must
            .iter()
            .any(|(g, slots)| party[*g] > 0 && slots.iter().any(lost));
        must_broken
            || self.groups.iter().any(|slots| {
                slots.iter().any(|s| s.is_some_and(is_chosen)) && slots.iter().any(lost)
            })
    }
}
