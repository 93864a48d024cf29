//! The LP relaxation of the clearing problem, solved by column generation.
//!
//! The relaxation is `max w·x` subject to `Σ_{c ∋ v} x_c ≤ 1` for every
//! vertex `v` and `x ≥ 0` (an exchange uses each of its vertices once, so
//! `x_c ≤ 1` is implied). It has one row per vertex and one column per
//! cycle or chain: hundreds of thousands of columns but only a few hundred
//! rows. So the simplex method runs on a *restricted master* of a few
//! thousand columns, and the duals `y` price every other column in one pass
//! (`w_c - Σ_{v ∈ c} y_v`, a handful of additions each); the most attractive
//! are added and the master re-optimised from its current basis, until no
//! column prices positive.
//!
//! Rows are only the vertices some positive-weight exchange uses: a vertex
//! no exchange can use has a slack that stays basic forever, and a graph of
//! 100,000 declared vertices and no arcs must not ask for a 100,000²
//! inverse (80 GB). The dense inverse is `m × m` over those rows, checked
//! against [`Limits::memory_budget`] before it is allocated.
//!
//! The simplex is a revised primal simplex with a dense inverse of the basis
//! (column-major, updated in product form, skipping the zero entries of the
//! pivot row: the bases of packing problems are very sparse), refactored
//! from scratch every few hundred pivots through the `k × k` block of its
//! `k` structural columns (the slack columns need no elimination). A tiny
//! deterministic perturbation of the right-hand side guards against the
//! heavy degeneracy of packing problems.
//!
//! The solver keeps its basis between solves. Branch and bound only ever
//! *forbids* columns, and a forbidden column simply gets a negative cost:
//! the basis stays primal feasible, the primal simplex drives the column out
//! (with duals `y ≥ 0`, a column of negative cost can never be positive in
//! an optimum), and undoing a branch just makes columns priceable again. So
//! every node starts warm from the last one.
//!
//! Whatever the rounding errors, the bound returned is rigorous: for any
//! packing `x` of allowed columns, `w·x ≤ Σ_v max(y_v, 0) + |packing| ·
//! max(0, max_c rc_c)`, with `|packing| ≤ m / 2` and the reduced costs `rc`
//! recomputed from `y` over every allowed column.

// Parallel dense arrays indexed by column or row read better as index loops.
#![allow(clippy::needless_range_loop)]

use super::{ExchangeError, Exchanges};
use crate::limits::Limits;

/// A column (exchange) index.
pub(crate) type Col = u32;

/// Basis entries with this bit set are slacks (the low bits name the row).
const SLACK: u32 = 1 << 31;

/// Result of one LP solve.
#[derive(Clone, Debug)]
pub(crate) struct LpSolution {
    /// A rigorous upper bound on the weight of any packing of the allowed columns.
    pub bound: f64,
    /// Basic allowed structural columns with their values (near 0..=1).
    pub x: Vec<(Col, f64)>,
    /// Simplex pivots done (if the budget ran out, the bound is still valid).
    pub pivots: usize,
}

/// Bytes per squared row: the dense inverse (`8 m²`) and the Gauss-Jordan
/// tableau of a refactorisation (at most `16 m²`).
pub(crate) const BYTES_PER_ROW_SQUARED: u64 = 24;

/// The solver state, kept between solves (the inverse is `m × m` over the
/// `m` rows in use).
pub(crate) struct Lp<'a> {
    ex: &'a Exchanges,
    /// The LP row of each graph vertex (`u32::MAX` for a vertex in no
    /// positive-weight exchange).
    row: Vec<u32>,
    m: usize,
    tol: f64,
    penalty: f64,
    binv: Vec<f64>,
    basis: Vec<u32>,
    xb: Vec<f64>,
    y: Vec<f64>,
    b: Vec<f64>,
    d: Vec<f64>,
    rc: Vec<f64>,
    master: Vec<Col>,
    /// The master's weights and vertex lists, copied densely in master
    /// order: pricing scans them every pivot, and the exchanges' own arrays
    /// are hundreds of thousands of columns apart.
    master_w: Vec<f64>,
    master_start: Vec<u32>,
    master_v: Vec<u32>,
    /// Where the next partial-pricing scan of the master starts.
    scan: usize,
    in_master: Vec<bool>,
    is_basic: Vec<bool>,
    since_refactor: usize,
    /// Pivot budget per solve.
    pub max_pivots: usize,
}

impl<'a> Lp<'a> {
    /// A solver for the exchanges of a graph with `vertex_count` vertices,
    /// at the slack basis.
    ///
    /// # Errors
    /// [`ExchangeError::TooLarge`] when the rows in use need more than
    /// `limits.memory_budget`, checked before any `m²` allocation.
    pub fn new(
        ex: &'a Exchanges,
        vertex_count: usize,
        limits: &Limits,
    ) -> Result<Self, ExchangeError> {
        // Rows keep the vertices' order, so that when every vertex is in
        // use the LP is exactly the one over all vertices.
        let mut row = vec![u32::MAX; vertex_count];
        for c in (0..ex.len()).filter(|&c| ex.weight(c) > 0.0) {
            for v in ex.vertices(c) {
                row[v.index()] = 0;
            }
        }
        let mut vertex_of: Vec<u64> = Vec::new();
        for (v, r) in row.iter_mut().enumerate() {
            if *r == 0 {
                *r = vertex_of.len() as u32;
                vertex_of.push(v as u64);
            }
        }
        let m = vertex_of.len();
        let bytes = (m as u64)
            .saturating_mul(m as u64)
            .saturating_mul(BYTES_PER_ROW_SQUARED);
        limits.check_bytes(
            &format!("the clearing LP over {m} vertices in exchanges"),
            bytes,
        )?;
        let wmax = ex
            .weights()
            .iter()
            .fold(0.0f64, |a, &w| a.max(w.abs()))
            .max(1e-300);
        let b: Vec<f64> = vertex_of
            .iter()
            .map(|&v| 1.0 + 1e-7 * (1.0 + unit(v)))
            .collect();
        let mut binv = vec![0.0; m * m];
        for i in 0..m {
            binv[i * m + i] = 1.0;
        }
        Ok(Self {
            ex,
            row,
            m,
            tol: 1e-9 * wmax,
            penalty: wmax,
            binv,
            basis: (0..m as u32).map(|i| SLACK | i).collect(),
            xb: b.clone(),
            y: vec![0.0; m],
            b,
            d: vec![0.0; m],
            rc: vec![0.0; ex.len()],
            master: Vec::new(),
            master_w: Vec::new(),
            master_start: vec![0],
            master_v: Vec::new(),
            scan: 0,
            in_master: vec![false; ex.len()],
            is_basic: vec![false; ex.len()],
            since_refactor: 0,
            max_pivots: 50 * m + 20_000,
        })
    }

    fn cost(&self, c: usize, allowed: &[bool]) -> f64 {
        if allowed[c] {
            self.ex.weight(c)
        } else {
            -self.penalty
        }
    }

    fn reduced_cost(&self, c: usize, allowed: &[bool]) -> f64 {
        self.cost(c, allowed)
            - self
                .ex
                .vertices(c)
                .iter()
                .map(|v| self.y[self.row[v.index()] as usize])
                .sum::<f64>()
    }

    /// Solves the LP over the columns with `allowed[c]`, from the current basis.
    pub fn solve(&mut self, allowed: &[bool]) -> LpSolution {
        self.refactor(allowed);
        self.trim_master(allowed);
        let mut pivots = 0;
        loop {
            if !self.primal(allowed, &mut pivots) {
                break;
            }
            if self.price(allowed) == 0 {
                break;
            }
        }
        self.finish(allowed, pivots)
    }

    /// Drops forbidden and hopeless non-basic columns when the master grows large.
    #[inline(never)]
    fn trim_master(&mut self, allowed: &[bool]) {
        let limit = 8 * self.m + 2_000;
        if self.master.len() <= limit {
            return;
        }
        let mut keep: Vec<(f64, Col)> = Vec::with_capacity(self.master.len());
        for &c in &self.master {
            let cu = c as usize;
            if self.is_basic[cu] {
                keep.push((f64::INFINITY, c));
            } else if allowed[cu] {
                keep.push((self.reduced_cost(cu, allowed), c));
            }
            self.in_master[cu] = false;
        }
        let target = 3 * self.m + 1_000;
        if keep.len() > target {
            keep.select_nth_unstable_by(target, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            keep.truncate(target);
        }
        keep.sort_unstable_by_key(|&(_, c)| c);
        self.master.clear();
        self.master_w.clear();
        self.master_start.truncate(1);
        self.master_v.clear();
        for (_, c) in keep {
            self.push_master(c);
        }
        self.scan = 0;
    }

    fn push_master(&mut self, c: Col) {
        let cu = c as usize;
        self.in_master[cu] = true;
        self.master.push(c);
        self.master_w.push(self.ex.weight(cu));
        self.master_v
            .extend(self.ex.vertices(cu).iter().map(|v| self.row[v.index()]));
        self.master_start.push(self.master_v.len() as u32);
    }

    /// Adds the best-pricing allowed columns outside the master; returns how many.
    #[inline(never)]
    fn price(&mut self, allowed: &[bool]) -> usize {
        let ex = self.ex;
        let mut cand: Vec<(f64, Col)> = Vec::new();
        for c in 0..ex.len() {
            if !allowed[c] || self.in_master[c] {
                continue;
            }
            let r = ex.weight(c)
                - ex.vertices(c)
                    .iter()
                    .map(|v| self.y[self.row[v.index()] as usize])
                    .sum::<f64>();
            if r > self.tol {
                cand.push((r, c as Col));
            }
        }
        let take = self.m.max(200);
        if cand.len() > take {
            cand.select_nth_unstable_by(take, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            cand.truncate(take);
        }
        cand.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, c) in &cand {
            self.push_master(c);
        }
        cand.len()
    }

    /// Primal simplex on the master until optimal; false if out of pivots.
    #[inline(never)]
    fn primal(&mut self, allowed: &[bool], pivots: &mut usize) -> bool {
        let m = self.m;
        loop {
            // Entering variable: the largest reduced cost among the slacks
            // and the first chunk of master columns that has an improving one
            // (partial pricing: a full Dantzig scan of the master every pivot
            // was most of the solve time). Optimality needs a full scan.
            let mut best = self.tol;
            let mut enter: Option<u32> = None;
            for (j, &yj) in self.y.iter().enumerate() {
                if -yj > best {
                    best = -yj;
                    enter = Some(SLACK | j as u32);
                }
            }
            let n = self.master.len();
            let chunk = (n / 8).max(1024);
            let mut pos = if self.scan < n { self.scan } else { 0 };
            let mut scanned = 0;
            let mut found = false;
            while scanned < n && !found {
                let end = (pos + chunk).min(n);
                for k in pos..end {
                    let (a, b) = (
                        self.master_start[k] as usize,
                        self.master_start[k + 1] as usize,
                    );
                    let r = self.master_w[k]
                        - self.master_v[a..b]
                            .iter()
                            .map(|&v| self.y[v as usize])
                            .sum::<f64>();
                    if r > best {
                        let cu = self.master[k] as usize;
                        if !self.is_basic[cu] && allowed[cu] {
                            best = r;
                            enter = Some(cu as u32);
                            found = true;
                        }
                    }
                }
                scanned += end - pos;
                pos = if end == n { 0 } else { end };
            }
            self.scan = pos;
            let Some(q) = enter else {
                return true;
            };
            if *pivots >= self.max_pivots {
                return false;
            }
            *pivots += 1;
            // d = B^-1 a_q.
            if q & SLACK != 0 {
                let j = (q & !SLACK) as usize;
                self.d.copy_from_slice(&self.binv[j * m..(j + 1) * m]);
            } else {
                self.d.iter_mut().for_each(|v| *v = 0.0);
                for v in self.ex.vertices(q as usize) {
                    let r = self.row[v.index()] as usize;
                    let col = &self.binv[r * m..(r + 1) * m];
                    for (d, &x) in self.d.iter_mut().zip(col) {
                        *d += x;
                    }
                }
            }
            // Ratio test (ties: the largest pivot, for stability).
            let mut r_best: Option<usize> = None;
            let mut t_best = f64::INFINITY;
            for i in 0..m {
                let di = self.d[i];
                if di > 1e-9 {
                    let t = self.xb[i].max(0.0) / di;
                    let better = match r_best {
                        None => true,
                        Some(r) => t < t_best - 1e-12 || (t <= t_best + 1e-12 && di > self.d[r]),
                    };
                    if better {
                        t_best = t;
                        r_best = Some(i);
                    }
                }
            }
            let Some(r) = r_best else {
                // Every column has a positive entry, so this is numerical trouble.
                return false;
            };
            self.pivot(r, q, t_best, best);
            if self.since_refactor >= 256 {
                self.refactor(allowed);
            }
        }
    }

    /// Brings `q` (reduced cost `rc`) into the basis at position `r`.
    #[inline(never)]
    fn pivot(&mut self, r: usize, q: u32, theta: f64, rc: f64) {
        let m = self.m;
        let dr = self.d[r];
        for i in 0..m {
            self.xb[i] -= theta * self.d[i];
        }
        self.xb[r] = theta;
        // B^-1 <- E B^-1, only where row r is non-zero.
        for j in 0..m {
            let brj = self.binv[j * m + r];
            if brj == 0.0 {
                continue;
            }
            let nr = brj / dr;
            let col = &mut self.binv[j * m..(j + 1) * m];
            for (x, &di) in col.iter_mut().zip(&self.d) {
                *x -= di * nr;
            }
            col[r] = if nr.abs() < 1e-13 { 0.0 } else { nr };
            // y += rc · (new row r of B^-1).
            self.y[j] += rc * col[r];
        }
        let leaving = self.basis[r];
        if leaving & SLACK == 0 {
            self.is_basic[leaving as usize] = false;
        }
        if q & SLACK == 0 {
            self.is_basic[q as usize] = true;
        }
        self.basis[r] = q;
        self.since_refactor += 1;
    }

    /// Rebuilds `B^-1` exactly, then `x_B = B^-1 b` and `y = c_B B^-1`.
    ///
    /// With `S` the rows whose slack is basic and `R` the others, the
    /// structural columns restricted to `R` form a square matrix `M`; then
    /// `B^-1` is `M^-1` on (structural positions, `R`), the identity on the
    /// slacks, and `-A[S, K] M^-1` on (slack positions, `R`).
    fn refactor(&mut self, allowed: &[bool]) {
        self.since_refactor = 0;
        let m = self.m;
        if !self.try_refactor() {
            // A singular basis can only come from numerical trouble: restart
            // from the slack basis, which is always feasible.
            for p in 0..m {
                if self.basis[p] & SLACK == 0 {
                    self.is_basic[self.basis[p] as usize] = false;
                }
                self.basis[p] = SLACK | p as u32;
            }
            self.binv.iter_mut().for_each(|v| *v = 0.0);
            for i in 0..m {
                self.binv[i * m + i] = 1.0;
            }
        }
        for i in 0..m {
            self.xb[i] = 0.0;
        }
        for j in 0..m {
            let bj = self.b[j];
            let col = &self.binv[j * m..(j + 1) * m];
            for (x, &v) in self.xb.iter_mut().zip(col) {
                *x += v * bj;
            }
        }
        let cb: Vec<f64> = self
            .basis
            .iter()
            .map(|&q| {
                if q & SLACK != 0 {
                    0.0
                } else {
                    self.cost(q as usize, allowed)
                }
            })
            .collect();
        for j in 0..m {
            let col = &self.binv[j * m..(j + 1) * m];
            self.y[j] = col.iter().zip(&cb).map(|(a, b)| a * b).sum();
        }
    }

    #[inline(never)]
    fn try_refactor(&mut self) -> bool {
        let m = self.m;
        let mut slack_pos = vec![usize::MAX; m];
        let mut kpos = Vec::new();
        for (p, &q) in self.basis.iter().enumerate() {
            if q & SLACK != 0 {
                slack_pos[(q & !SLACK) as usize] = p;
            } else {
                kpos.push(p);
            }
        }
        let rows: Vec<usize> = (0..m).filter(|&r| slack_pos[r] == usize::MAX).collect();
        let k = rows.len();
        if k != kpos.len() {
            return false;
        }
        let mut ridx = vec![usize::MAX; m];
        for (a, &r) in rows.iter().enumerate() {
            ridx[r] = a;
        }
        // Gauss-Jordan on [M | I] (row-major, k × 2k), partial pivoting.
        let w = 2 * k;
        let mut t = vec![0.0f64; k * w];
        for (bcol, &p) in kpos.iter().enumerate() {
            for v in self.ex.vertices(self.basis[p] as usize) {
                let a = ridx[self.row[v.index()] as usize];
                if a != usize::MAX {
                    t[a * w + bcol] = 1.0;
                }
            }
        }
        for a in 0..k {
            t[a * w + k + a] = 1.0;
        }
        for col in 0..k {
            let piv = (col..k)
                .max_by(|&x, &y| t[x * w + col].abs().total_cmp(&t[y * w + col].abs()))
                .expect("non-empty range");
            if t[piv * w + col].abs() < 1e-9 {
                return false;
            }
            if piv != col {
                for j in 0..w {
                    t.swap(piv * w + j, col * w + j);
                }
            }
            let inv = 1.0 / t[col * w + col];
            for j in 0..w {
                t[col * w + j] *= inv;
            }
            let pivot_row: Vec<f64> = t[col * w..(col + 1) * w].to_vec();
            for a in 0..k {
                if a == col {
                    continue;
                }
                let f = t[a * w + col];
                if f != 0.0 {
                    for j in 0..w {
                        t[a * w + j] -= f * pivot_row[j];
                    }
                }
            }
        }
        // Row `bcol` of the right half is row `bcol` of M^-1: z_K = M^-1 e_R.
        self.binv.iter_mut().for_each(|v| *v = 0.0);
        for (s, &p) in slack_pos.iter().enumerate() {
            if p != usize::MAX {
                self.binv[s * m + p] = 1.0;
            }
        }
        for (bcol, &p) in kpos.iter().enumerate() {
            let minv_row = &t[bcol * w + k..(bcol + 1) * w];
            for (a, &r) in rows.iter().enumerate() {
                let v = minv_row[a];
                if v.abs() > 1e-13 {
                    self.binv[r * m + p] = v;
                }
            }
            for vtx in self.ex.vertices(self.basis[p] as usize) {
                let sp = slack_pos[self.row[vtx.index()] as usize];
                if sp == usize::MAX {
                    continue;
                }
                for (a, &r) in rows.iter().enumerate() {
                    let v = minv_row[a];
                    if v != 0.0 {
                        self.binv[r * m + sp] -= v;
                    }
                }
            }
        }
        true
    }

    #[inline(never)]
    fn finish(&mut self, allowed: &[bool], pivots: usize) -> LpSolution {
        let mut max_rc = 0.0f64;
        for c in 0..self.ex.len() {
            let r = if allowed[c] {
                self.ex.weight(c)
                    - self
                        .ex
                        .vertices(c)
                        .iter()
                        .map(|v| self.y[self.row[v.index()] as usize])
                        .sum::<f64>()
            } else {
                f64::NEG_INFINITY
            };
            self.rc[c] = r;
            max_rc = max_rc.max(r);
        }
        let bound = self.y.iter().map(|&v| v.max(0.0)).sum::<f64>() + (self.m / 2) as f64 * max_rc;
        let x = (0..self.m)
            .filter(|&i| self.basis[i] & SLACK == 0 && allowed[self.basis[i] as usize])
            .map(|i| (self.basis[i], self.xb[i]))
            .collect();
        LpSolution { bound, x, pivots }
    }

    /// Reduced costs of the last solve (−∞ for forbidden columns).
    pub fn reduced_costs(&self) -> &[f64] {
        &self.rc
    }
}

/// A deterministic number in [0, 1) for row `i` (the perturbation).
fn unit(i: u64) -> f64 {
    (crate::rng::splitmix(i) >> 11) as f64 / (1u64 << 53) as f64
}
