//! The units behind the scale-free objectives ([`Objective::NormalisedSum`],
//! [`Objective::NormalisedProduct`]): per government, a number that scales
//! with its own values, so that dividing by it removes its unit of value.

use super::package::{Item, Objective};
use crate::model::World;

/// Per government, the weight of its valuations when choosing who a
/// release goes to: 1 under the objectives in raw value, and
/// `1 / (the largest value it puts on any prisoner's release)` under the
/// normalised ones, so that a government that counts in cents does not
/// receive every prisoner.
pub(super) fn receiver_weights(world: &World, objective: Objective) -> Vec<f64> {
    let n = world.governments().len();
    if !objective.is_normalised() {
        return vec![1.0; n];
    }
    let mut top = vec![0.0_f64; n];
    let rows = &world.valuations().prisoners;
    for p in 0..world.prisoners().len() {
        for &(g, v) in rows.row(p) {
            top[g.index()] = top[g.index()].max(v);
        }
    }
    top.iter()
        .map(|&t| if t > 0.0 { 1.0 / t } else { 1.0 })
        .collect()
}

/// Per government `g`, `1 / B_g` where `B_g = Σ_c max(u_c,g, 0) − r_g` is
/// the best gain over its reservation it could attain from `items`, or 0
/// when `B_g ≤ 0` (it can gain nothing, so it scores nothing).
pub(super) fn normalisers(items: &[Item], reservation: &[f64]) -> Vec<f64> {
    reservation
        .iter()
        .enumerate()
        .map(|(g, &r)| {
            let best: f64 = items.iter().map(|i| i.u[g].max(0.0)).sum::<f64>() - r;
            if best > 0.0 { 1.0 / best } else { 0.0 }
        })
        .collect()
}

/// The weights a candidate's gains are compared in: the normalisers under
/// the normalised objectives, 1 otherwise.
pub(super) fn gain_weights(objective: Objective, norm: &[f64]) -> Vec<f64> {
    if objective.is_normalised() {
        norm.to_vec()
    } else {
        vec![1.0; norm.len()]
    }
}
