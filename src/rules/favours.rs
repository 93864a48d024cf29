//! Whether a deal's favours are the givers' to give: a check every
//! rulebook makes, like the check that ids exist, because a favour is
//! defined by who gives it to whom.

use super::{Violation, ViolationKind};
use crate::deal::{ConcessionKind, Deal};
use crate::model::{State, World};

/// The name violations of this check carry.
pub(crate) const RULE: &str = "favours";

/// Pushes a violation for every favour in `deal` given by or to the wrong
/// government, given before `state`, or given twice in the deal. Favour
/// ids must have been checked to exist.
pub(crate) fn check(world: &World, state: &State, deal: &Deal, out: &mut Vec<Violation>) {
    let mut push = |i: usize, kind| {
        out.push(Violation {
            rule: RULE.into(),
            concession: Some(i),
            kind,
        })
    };
    for (i, c) in deal.concessions.iter().enumerate() {
        let ConcessionKind::Favour { favour } = c.kind else {
            continue;
        };
        let Some(f) = world.favour(favour) else {
            continue;
        };
        if (c.from, c.to) != (f.from, f.to) {
            push(
                i,
                ViolationKind::FavourParties {
                    favour,
                    from: c.from,
                    to: c.to,
                },
            );
        }
        let earlier = deal.concessions[..i]
            .iter()
            .any(|e| e.kind.favour() == Some(favour));
        if state.favour_given(favour) || earlier {
            push(i, ViolationKind::FavourGiven { favour });
        }
    }
}
