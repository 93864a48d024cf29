//! The world's hard demands, checked on every deal.
//!
//! Demands ([`Demand`](crate::model::Demand)) are facts about governments,
//! like who holds whom, not exchange rules a scenario may switch off: the
//! [`Rulebook`](super::Rulebook) checks them on every deal whatever its
//! rules (an empty rulebook included), and reports them under the rule name
//! [`DEMANDS`]. A user who wants a government without its red line changes
//! the world, not the rulebook.

use super::{Violation, ViolationKind};
use crate::deal::Deal;
use crate::model::{PrisonerId, State, World};

/// The rule name violations of demands carry.
pub const DEMANDS: &str = "demands";

/// Pushes every demand `deal` breaks at `state` into `out`: releases across
/// a red line (each with its concession), parties whose must-haves stay in
/// custody, together-groups split. Ids must be known (checked before).
pub(super) fn check(world: &World, state: &State, deal: &Deal, out: &mut Vec<Violation>) {
    let demands = world.demands();
    if demands.is_empty() {
        return;
    }
    let mut push = |concession, kind| {
        out.push(Violation {
            rule: DEMANDS.to_string(),
            concession,
            kind,
        })
    };
    let mut released: Vec<PrisonerId> = Vec::new();
    for (i, c) in deal.concessions.iter().enumerate() {
        let Some(prisoner) = c.kind.prisoner() else {
            continue;
        };
        released.push(prisoner);
        if let Some(by) = demands.red_line(prisoner) {
            push(Some(i), ViolationKind::CrossesRedLine { by, prisoner });
        }
    }
    released.sort_unstable();
    released.dedup();
    let freed = |p: &PrisonerId| released.binary_search(p).is_ok();
    for by in deal.parties() {
        let prisoners: Vec<PrisonerId> = demands
            .must_haves(by)
            .filter(|p| state.is_held(*p) && !freed(p))
            .collect();
        if !prisoners.is_empty() {
            push(None, ViolationKind::MissingMustHave { by, prisoners });
        }
    }
    let mut seen_groups: Vec<PrisonerId> = Vec::new();
    for &p in &released {
        let group = demands.together(p);
        let Some(&first) = group.first() else {
            continue;
        };
        if seen_groups.contains(&first) {
            continue;
        }
        seen_groups.push(first);
        let left: Vec<PrisonerId> = group
            .iter()
            .copied()
            .filter(|q| state.is_held(*q) && !freed(q))
            .collect();
        if !left.is_empty() {
            let released = group.iter().copied().filter(|q| freed(q)).collect();
            push(None, ViolationKind::SplitsTogether { released, left });
        }
    }
}
