//! Keeping together-groups whole in generated deals.
//!
//! Engines build a batch as "the first `k` of a ranking", which knows
//! nothing of prisoners who may only be released together
//! ([`Demand::Together`](crate::model::Demand::Together)). Rather than teach
//! every ranking about groups, each generator passes its deal through
//! [`keep_together`] once it is written, so the explorer, the pair deal
//! space and the simulator close groups the same way.

use super::{Concession, ConcessionKind, Deal, ReleaseKind};
use crate::model::{PrisonerId, State, World};

use super::menu::tradable;

/// Makes every together-group `deal` touches whole at `state`: a group
/// member released by a giver brings the group's other members still in
/// custody along (released by the same giver to the same receiver, each
/// to its default destination) when that giver can trade them; otherwise
/// (held by someone else, behind a red line, moved away) every release of
/// the group is dropped. So a batch of `k` can grow past `k`, or shrink.
///
/// Deals between two governments stay exact; for a group split between two
/// holders the pair deal space's per-issue utilities see each side's batch
/// without the other, so they undervalue a deal that frees the whole group
/// (the rulebook still judges the deal itself on its exact payoffs).
///
/// # Complexity
/// Nothing without together-groups; otherwise O(r · m · c) for r releases,
/// groups of m members and c concessions.
pub(crate) fn keep_together(world: &World, state: &State, deal: &mut Deal) {
    let demands = world.demands();
    if demands.groups().is_empty() {
        return;
    }
    let releases = |deal: &Deal, q: PrisonerId| {
        deal.concessions
            .iter()
            .any(|c| c.kind.prisoner() == Some(q))
    };
    // Groups that cannot be closed, by their least member.
    let mut broken: Vec<PrisonerId> = Vec::new();
    for i in 0..deal.concessions.len() {
        let c = deal.concessions[i];
        let Some(p) = c.kind.prisoner() else {
            continue;
        };
        let group = demands.together(p);
        for &q in group {
            if q == p || !state.is_held(q) || releases(deal, q) {
                continue;
            }
            let gives = world.prisoner(q).is_some_and(|pr| pr.holder() == c.from)
                && tradable(world, state, q);
            if gives {
                let destination = world.prisoners()[q.index()].default_destination();
                // The member joins the release that took its group-mate, in
                // the same form and at the same venue.
                let (how, venue) = match c.kind {
                    ConcessionKind::Release { how, venue, .. } => (how, venue),
                    _ => (ReleaseKind::Unstated, None),
                };
                deal.concessions.push(Concession {
                    from: c.from,
                    to: c.to,
                    kind: ConcessionKind::Release {
                        prisoner: q,
                        destination,
                        how,
                        venue,
                    },
                });
            } else if !broken.contains(&group[0]) {
                broken.push(group[0]);
            }
        }
    }
    if !broken.is_empty() {
        deal.concessions.retain(|c| {
            c.kind
                .prisoner()
                .and_then(|p| demands.together(p).first())
                .is_none_or(|first| !broken.contains(first))
        });
    }
}
