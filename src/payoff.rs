//! Payoffs: what the current state is worth to each government, and what a
//! deal changes, discounted by round.
//!
//! A government's *material* level is the sum of the values of everything
//! that has happened so far: prisoners released, relief in force (level ×
//! value), recognition granted, funds received, favours received (less the
//! cost of favours given). Its *level* adds its alliance shares: for every
//! [`Alliance`](crate::model::Alliance) it holds, the weight times the
//! partner's material level, never the partner's own shares (weights do not
//! compound through chains of allies: see [`Alliances`](crate::model::Alliances)).
//! A deal's *delta* to government `g` is the change in `g`'s level it
//! causes, minus `g`'s audience cost for each concession `g` makes (a cost
//! to `g` alone, outside the material changes its allies share), multiplied
//! by `g`'s discount factor to the power of the current round.
//!
//! Every engine's individual rationality goes through [`delta`] or
//! [`apply_with_delta`] (the rulebook, the package search, the explorer),
//! so all of them see alliance weights and favours; the simulator's pair
//! tables, computed from the valuations directly, add the same terms. Sanction costs accrue per round while a sanction is in
//! force ([`flow`]); the negotiation engine adds them round by round.

use crate::deal::{Applied, Deal, UndoLog};
use crate::model::{GovernmentId, PrisonerStatus, State, World};

/// Each government's payoff level at `state` (undiscounted, alliance shares
/// included), written into `out` (resized to the number of governments).
///
/// # Complexity
/// O(prisoners + sanctions + recognition entries + favours + alliances).
pub fn levels(world: &World, state: &State, out: &mut Vec<f64>) {
    out.clear();
    out.resize(world.governments.len(), 0.0);
    let v = &world.values;
    for (p, s) in state.status.iter().enumerate() {
        if *s == PrisonerStatus::Released {
            for &(g, w) in v.prisoners.row(p) {
                out[g.index()] += w;
            }
        }
    }
    for (s, r) in state.relief.iter().enumerate() {
        if r.level != 0.0 {
            for &(g, w) in v.sanctions.row(s) {
                out[g.index()] += r.level * w;
            }
        }
        if r.unfrozen != 0.0 {
            let t = world.sanctions[s].target.index();
            out[t] += r.unfrozen * v.funds[t];
        }
    }
    for r in &v.recognition {
        let level = state.recognition(r.from, r.to).value();
        out[r.by.index()] += f64::from(level) * r.per_level;
    }
    for f in &world.favours {
        if state.favour_given(f.id) {
            out[f.to.index()] += f.value;
            out[f.from.index()] -= f.cost;
        }
    }
    world.alliances.add_shares(out);
}

/// Each government's sanction cost for one round at `state` (a non-positive
/// number: the cost of sanctions still in force, to targets and imposers),
/// added into `out`.
pub fn flow(world: &World, state: &State, out: &mut [f64]) {
    for (s, r) in world.sanctions.iter().zip(&state.relief) {
        let in_force = 1.0 - r.level;
        out[s.target.index()] -= in_force * s.cost_to_target;
        out[s.imposer.index()] -= in_force * s.cost_to_imposer;
    }
}

/// `g`'s discount factor raised to `round`.
pub fn discount(world: &World, g: GovernmentId, round: u32) -> f64 {
    world
        .government(g)
        .map_or(1.0, |x| x.discount.powi(round.min(i32::MAX as u32) as i32))
}

/// Applies `deal` to `state`, recording it in `log` (undo with
/// [`State::undo`]), and writes each government's discounted payoff change
/// into `out` (resized to the number of governments).
///
/// # Complexity
/// O(concessions × governments that value what they move).
pub fn apply_with_delta(
    world: &World,
    state: &mut State,
    deal: &Deal,
    log: &mut UndoLog,
    out: &mut Vec<f64>,
) -> Applied {
    out.clear();
    out.resize(world.governments.len(), 0.0);
    let applied = state.apply(world, deal, log);
    state.last_frame_values(world, log, out);
    world.alliances.add_shares(out);
    for c in &deal.concessions {
        if let (Some(slot), Some(g)) = (out.get_mut(c.from.index()), world.government(c.from)) {
            *slot -= g.audience_cost;
        }
    }
    for (g, x) in out.iter_mut().enumerate() {
        *x *= discount(world, GovernmentId::new(g), state.round);
    }
    applied
}

/// Each government's discounted payoff change if `deal` were carried out at
/// `state`, without changing `state` (it is applied and undone).
pub fn delta(world: &World, state: &mut State, deal: &Deal, log: &mut UndoLog, out: &mut Vec<f64>) {
    apply_with_delta(world, state, deal, log, out);
    state.undo(log);
}
