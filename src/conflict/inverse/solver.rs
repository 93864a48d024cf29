//! The search of inverse analysis: the obligations of a target state, and a
//! depth-first choice of one way to meet each, with the relations kept in a
//! [`Store`].

use crate::budget::{Meter, Stopped};
use std::cmp::Reverse;

use super::store::{Store, extension};
use super::{Chain, Inverse, InverseResult, Link, Obligation, Reason};
use crate::conflict::agents::View;
use crate::conflict::model::{ConflictModel, DmId};
use crate::conflict::stability::{Concept, Responses};
use crate::conflict::states::StateId;

pub(super) struct Solver<'a> {
    model: &'a ConflictModel,
    view: &'a View<'a>,
    target: StateId,
    responses: Responses,
    pub(super) store: Store<'a>,
    meter: Meter,
}

impl<'a> Solver<'a> {
    pub(super) fn new(model: &'a ConflictModel, view: &'a View<'a>, p: &Inverse) -> Self {
        let n = model.space.len();
        let fixed = p
            .freedoms
            .iter()
            .enumerate()
            .map(|(d, f)| f.fixed.then(|| model.payoffs[d].as_slice()))
            .collect();
        Solver {
            model,
            view,
            target: p.target,
            responses: p.options.responses,
            store: Store::new(p.ties, fixed, n, model.n_dms()),
            meter: Meter::new(p.budget),
        }
    }

    /// Adds the freedoms' relations; on a contradiction returns the cycle.
    pub(super) fn install_freedoms(&mut self, p: &Inverse) -> Option<Chain> {
        for (d, f) in p.freedoms.iter().enumerate() {
            if f.fixed {
                continue;
            }
            let pay = &self.model.payoffs[d];
            let mut keep = f.keep.clone();
            keep.sort_by_key(|s| (Reverse(pay[s.index()]), *s));
            keep.dedup();
            // Tie classes of the kept states, best first.
            let mut classes: Vec<&[StateId]> = Vec::new();
            let mut start = 0;
            for k in 1..=keep.len() {
                if k == keep.len() || pay[keep[k].index()] != pay[keep[start].index()] {
                    classes.push(&keep[start..k]);
                    start = k;
                }
            }
            let mut wanted: Vec<(StateId, StateId, bool, Reason)> = Vec::new();
            for c in &classes {
                if p.ties {
                    for w in c.windows(2) {
                        wanted.push((w[0], w[1], false, Reason::Kept));
                        wanted.push((w[1], w[0], false, Reason::Kept));
                    }
                }
            }
            for w in classes.windows(2) {
                if p.ties {
                    wanted.push((w[0][0], w[1][0], true, Reason::Kept));
                } else {
                    // Without ties a class is no single state: order every
                    // pair across consecutive classes.
                    for &a in w[0] {
                        for &b in w[1] {
                            wanted.push((a, b, true, Reason::Kept));
                        }
                    }
                }
            }
            for (k, r) in f.relations.iter().enumerate() {
                wanted.push((r.above, r.below, r.strict, Reason::Relation(k)));
            }
            for (a, b, strict, reason) in wanted {
                if !self.store.add(d, a, b, strict, Some(reason)) {
                    let mut cycle = self
                        .store
                        .chain(d, b, a, !strict && p.ties)
                        .unwrap_or(Chain {
                            dm: DmId(d),
                            links: Vec::new(),
                        });
                    cycle.links.insert(
                        0,
                        Link {
                            above: a,
                            below: b,
                            strict: strict || !p.ties,
                            reason,
                        },
                    );
                    return Some(cycle);
                }
            }
        }
        None
    }

    fn moves(&self, dm: usize, s: StateId) -> Vec<StateId> {
        let mut v = Vec::new();
        self.view.moves(self.model.dm_masks[dm], s, |x| v.push(x));
        v
    }

    pub(super) fn obligations(&self, concept: Concept) -> Vec<Obligation> {
        let mut out = Vec::new();
        for d in 0..self.model.n_dms() {
            for x in self.moves(d, self.target) {
                let kinds: &[Concept] = match concept {
                    Concept::SeqSim => &[Concept::Seq, Concept::Sim],
                    c => &[c][..],
                };
                for &c in kinds {
                    out.push(Obligation {
                        dm: DmId(d),
                        to: x,
                        concept: c,
                    });
                }
            }
        }
        out
    }

    /// States the opponents of `dm` reach from `x` in one or more moves
    /// (one, for single-step responses), `x` excluded.
    fn opponent_reach(&self, dm: usize, x: StateId) -> Vec<StateId> {
        let n = self.model.space.len();
        let mut seen = vec![false; n];
        seen[x.index()] = true;
        let mut out = Vec::new();
        let mut head = 0;
        let mut frontier = vec![x];
        while head < frontier.len() {
            let u = frontier[head];
            head += 1;
            for j in (0..self.model.n_dms()).filter(|&j| j != dm) {
                self.view.moves(self.model.dm_masks[j], u, |v| {
                    if !seen[v.index()] {
                        seen[v.index()] = true;
                        out.push(v);
                        if self.responses == Responses::Closure {
                            frontier.push(v);
                        }
                    }
                });
            }
        }
        out
    }

    /// Ways of meeting a Nash, GMR or SMR obligation: each a set of states
    /// to rank no higher than the target. Cheapest (fewest changes to the
    /// model's ranking) first.
    fn monotone_alternatives(&self, ob: Obligation) -> Vec<Vec<StateId>> {
        let i = ob.dm.0;
        let mut alts = vec![vec![ob.to]];
        match ob.concept {
            Concept::Gmr => alts.extend(self.opponent_reach(i, ob.to).into_iter().map(|z| vec![z])),
            Concept::Smr => {
                for z in self.opponent_reach(i, ob.to) {
                    let mut set = vec![z];
                    set.extend(self.moves(i, z));
                    alts.push(set);
                }
            }
            _ => {}
        }
        let pay = &self.model.payoffs[i];
        let t = pay[self.target.index()];
        alts.sort_by_key(|set| set.iter().filter(|z| pay[z.index()] > t).count());
        alts
    }

    fn tick(&mut self) -> bool {
        self.meter.tick()
    }

    /// The answer when the budget ran out.
    pub(super) fn undecided(&self) -> InverseResult {
        InverseResult::Undecided {
            nodes: self.meter.nodes,
            stopped_by: self.meter.stopped.unwrap_or(Stopped::Nodes),
        }
    }

    /// Meets obligations `k..` on top of the current relations. `Some(true)`
    /// leaves the chosen relations in place; `None` is an exhausted budget.
    pub(super) fn solve(&mut self, obs: &[Obligation], k: usize) -> Option<bool> {
        let Some(&ob) = obs.get(k) else {
            return Some(true);
        };
        if !self.tick() {
            return None;
        }
        let (i, t) = (ob.dm.0, self.target);
        match ob.concept {
            Concept::Nash | Concept::Gmr | Concept::Smr => {
                for set in self.monotone_alternatives(ob) {
                    let mark = self.store.mark();
                    if set.iter().all(|&z| self.store.add(i, t, z, false, None)) {
                        match self.solve(obs, k + 1) {
                            Some(false) => {}
                            r => return r,
                        }
                    }
                    self.store.undo(mark);
                }
                Some(false)
            }
            Concept::Sim => {
                let mark = self.store.mark();
                if self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                let space = &self.model.space;
                let (code, di) = (space.code(t), space.code(ob.to) ^ space.code(t));
                for j in (0..self.model.n_dms()).filter(|&j| j != i) {
                    for y in self.moves(j, t) {
                        let dj = space.code(y) ^ code;
                        let Some(z) = space.lookup(code ^ di ^ dj) else {
                            continue;
                        };
                        let mark = self.store.mark();
                        if self.store.add(j, y, t, true, None)
                            && self.store.add(i, t, z, false, None)
                        {
                            match self.solve(obs, k + 1) {
                                Some(false) => {}
                                r => return r,
                            }
                        }
                        self.store.undo(mark);
                    }
                }
                Some(false)
            }
            Concept::Seq => {
                let pay = &self.model.payoffs[i];
                let cheap = pay[ob.to.index()] <= pay[t.index()];
                let mark = self.store.mark();
                if cheap && self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                let mut path = vec![ob.to];
                match self.seq_paths(obs, k, i, usize::MAX, &mut path) {
                    Some(false) => {}
                    r => return r,
                }
                if !cheap && self.store.add(i, t, ob.to, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(mark);
                Some(false)
            }
            Concept::SeqSim => unreachable!("split into SEQ and SIM obligations"),
        }
    }

    /// Extends a path of opponents' improvements (simple in states, no
    /// opponent twice in a row; loops can always be cut, so these suffice)
    /// and tries to end it at a sanction for `i`.
    fn seq_paths(
        &mut self,
        obs: &[Obligation],
        k: usize,
        i: usize,
        last: usize,
        path: &mut Vec<StateId>,
    ) -> Option<bool> {
        let u = *path.last().expect("path starts at the move");
        let (t, pay_i) = (self.target, &self.model.payoffs[i]);
        let mut steps: Vec<(usize, StateId)> = Vec::new();
        for j in (0..self.model.n_dms()).filter(|&j| j != i && j != last) {
            for v in self.moves(j, u) {
                if !path.contains(&v) {
                    steps.push((j, v));
                }
            }
        }
        let cost = |&(j, v): &(usize, StateId)| {
            let pay_j = &self.model.payoffs[j];
            usize::from(pay_j[v.index()] <= pay_j[u.index()])
                + usize::from(pay_i[v.index()] > pay_i[t.index()])
        };
        steps.sort_by_key(cost);
        for (j, v) in steps {
            if !self.tick() {
                return None;
            }
            let mark = self.store.mark();
            if self.store.add(j, v, u, true, None) {
                let end = self.store.mark();
                if self.store.add(i, t, v, false, None) {
                    match self.solve(obs, k + 1) {
                        Some(false) => {}
                        r => return r,
                    }
                }
                self.store.undo(end);
                if self.responses == Responses::Closure {
                    path.push(v);
                    let r = self.seq_paths(obs, k, i, j, path);
                    path.pop();
                    if r != Some(false) {
                        return r;
                    }
                }
            }
            self.store.undo(mark);
        }
        Some(false)
    }

    /// For a Nash, GMR or SMR obligation that fails alone: why each
    /// deterrent is ruled out.
    pub(super) fn refutations(&mut self, ob: Obligation) -> Vec<Chain> {
        if !matches!(ob.concept, Concept::Nash | Concept::Gmr | Concept::Smr) {
            return Vec::new();
        }
        let (i, t) = (ob.dm.0, self.target);
        let need_strict = self.store.ties || self.store.fixed[i].is_some();
        let mut out: Vec<Chain> = Vec::new();
        for set in self.monotone_alternatives(ob) {
            for z in set {
                if !self.store.consistent(i, t, z, false) {
                    let known = out
                        .iter()
                        .any(|c| c.links.first().map(|l| l.above) == Some(z));
                    if let Some(c) = self.store.chain(i, z, t, need_strict).filter(|_| !known) {
                        out.push(c);
                    }
                    break;
                }
            }
        }
        out
    }

    /// Payoffs from the relation graphs: a linear extension built from the
    /// bottom, taking among the states whose lower neighbours are placed the
    /// one the model ranks lowest, and tying it with the previous one only
    /// where the model ties them.
    pub(super) fn witness(&self, p: &Inverse) -> Vec<Vec<u32>> {
        (0..self.model.n_dms())
            .map(|d| {
                if p.freedoms[d].fixed {
                    self.model.payoffs[d].clone()
                } else {
                    extension(&self.store.adj[d], &self.model.payoffs[d], p.ties)
                }
            })
            .collect()
    }
}
