//! Inverse analysis against brute force: on random small conflicts, a
//! ranking profile within the freedoms that makes the target an equilibrium
//! exists exactly when the constraint solver finds one (trying every
//! permutation, or every weak order, of the free decision makers' rankings
//! and checking stability straight from the definitions); witnesses respect
//! the freedoms and make the target an equilibrium; proofs are chains of
//! required relations. And on the reference conflicts.

use std::collections::{BTreeSet, VecDeque};

use detente::conflict::{
    AnalysisOptions, Chain, Concept, Conflict, ConflictModel, Direction, DmId, DmSpec, Freedom,
    Inverse, InverseResult, OptionId, OptionSpec, Preferences, Reason, Relation, Responses,
    StateId, examples,
};
use proptest::prelude::*;

/// The conflict's structure, read through public accessors only.
struct Brute {
    codes: Vec<u64>,
    masks: Vec<u64>,
    dirs: Vec<Direction>,
}

impl Brute {
    fn new(m: &ConflictModel) -> Brute {
        Brute {
            codes: m.states().codes().to_vec(),
            masks: (0..m.n_dms()).map(|d| m.dm_mask(DmId(d))).collect(),
            dirs: (0..m.option_names().len())
                .map(|o| m.direction(OptionId(o)))
                .collect(),
        }
    }

    fn index(&self, code: u64) -> Option<usize> {
        self.codes.iter().position(|&c| c == code)
    }

    /// Every state `d` reaches from `s` by changing a non-empty subset of
    /// its options, each in a permitted direction.
    fn moves(&self, d: usize, s: usize) -> Vec<usize> {
        let c = self.codes[s];
        (0..self.codes.len())
            .filter(|&x| {
                let diff = self.codes[x] ^ c;
                diff != 0
                    && diff & !self.masks[d] == 0
                    && (0..self.dirs.len()).all(|o| {
                        diff >> o & 1 == 0
                            || match self.dirs[o] {
                                Direction::Both => true,
                                Direction::Fwd => c >> o & 1 == 0,
                                Direction::Back => c >> o & 1 == 1,
                            }
                    })
            })
            .collect()
    }

    /// States reached from `x` by one or more moves of `i`'s opponents, no
    /// one moving twice in a row (one move only when `single`), each move
    /// an improvement for its mover when `ui`.
    fn reach(
        &self,
        pay: &[Vec<u32>],
        i: usize,
        x: usize,
        ui: bool,
        single: bool,
    ) -> BTreeSet<usize> {
        let n_dm = self.masks.len();
        let mut seen = BTreeSet::new();
        let mut out = BTreeSet::new();
        let mut q = VecDeque::from([(x, usize::MAX, 0)]);
        while let Some((u, last, depth)) = q.pop_front() {
            if single && depth == 1 {
                continue;
            }
            for j in (0..n_dm).filter(|&j| j != i && j != last) {
                for v in self.moves(j, u) {
                    if ui && pay[j][v] <= pay[j][u] {
                        continue;
                    }
                    out.insert(v);
                    if seen.insert((v, j)) {
                        q.push_back((v, j, depth + 1));
                    }
                }
            }
        }
        out
    }

    fn stable(&self, pay: &[Vec<u32>], c: Concept, i: usize, t: usize, single: bool) -> bool {
        let p = pay[i][t];
        let uis: Vec<usize> = self
            .moves(i, t)
            .into_iter()
            .filter(|&x| pay[i][x] > p)
            .collect();
        match c {
            Concept::Nash => uis.is_empty(),
            Concept::Gmr => uis.iter().all(|&x| {
                self.reach(pay, i, x, false, single)
                    .iter()
                    .any(|&z| pay[i][z] <= p)
            }),
            Concept::Smr => uis.iter().all(|&x| {
                self.reach(pay, i, x, false, single)
                    .iter()
                    .any(|&z| pay[i][z] <= p && self.moves(i, z).iter().all(|&w| pay[i][w] <= p))
            }),
            Concept::Seq => uis.iter().all(|&x| {
                self.reach(pay, i, x, true, single)
                    .iter()
                    .any(|&z| pay[i][z] <= p)
            }),
            Concept::Sim => uis.iter().all(|&x| {
                let di = self.codes[x] ^ self.codes[t];
                (0..self.masks.len()).filter(|&j| j != i).any(|j| {
                    self.moves(j, t).into_iter().any(|y| {
                        pay[j][y] > pay[j][t]
                            && self
                                .index(self.codes[t] ^ di ^ self.codes[y] ^ self.codes[t])
                                .is_some_and(|z| pay[i][z] <= p)
                    })
                })
            }),
            Concept::SeqSim => {
                self.stable(pay, Concept::Seq, i, t, single)
                    && self.stable(pay, Concept::Sim, i, t, single)
            }
        }
    }

    fn equilibrium(&self, pay: &[Vec<u32>], c: Concept, t: usize, single: bool) -> bool {
        (0..self.masks.len()).all(|i| self.stable(pay, c, i, t, single))
    }
}

/// Whether `r` is an admissible ranking for `f` (model payoffs `base`).
fn admissible(f: &Freedom, base: &[u32], r: &[u32], ties: bool) -> bool {
    if f.fixed {
        return r == base;
    }
    if !ties {
        let distinct: BTreeSet<u32> = r.iter().copied().collect();
        if distinct.len() != r.len() {
            return false;
        }
    }
    let kept = f.keep.iter().all(|a| {
        f.keep.iter().all(|b| {
            let (a, b) = (a.index(), b.index());
            if base[a] > base[b] {
                r[a] > r[b]
            } else if base[a] == base[b] && ties {
                r[a] == r[b]
            } else {
                true
            }
        })
    });
    kept && f.relations.iter().all(|rel| {
        let (a, b) = (r[rel.above.index()], r[rel.below.index()]);
        if rel.strict { a > b } else { a >= b }
    })
}

/// Every ranking of `n` states: permutations, or weak orders with `ties`.
fn rankings(n: usize, ties: bool) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let total = (n as u64).pow(n as u32);
    for mut k in 0..total {
        let mut r = Vec::with_capacity(n);
        for _ in 0..n {
            r.push((k % n as u64) as u32 + 1);
            k /= n as u64;
        }
        let used: BTreeSet<u32> = r.iter().copied().collect();
        let dense = used.len() == *used.iter().max().unwrap() as usize;
        if (ties && dense) || (!ties && used.len() == n) {
            out.push(r);
        }
    }
    out
}

/// Whether some admissible profile makes the target an equilibrium.
fn brute_feasible(model: &ConflictModel, b: &Brute, p: &Inverse) -> bool {
    let n = model.states().len();
    let all = rankings(n, p.ties);
    let choices: Vec<Vec<Vec<u32>>> = (0..model.n_dms())
        .map(|d| {
            let base = model.payoffs(DmId(d));
            if p.freedoms[d].fixed {
                vec![base.to_vec()]
            } else {
                all.iter()
                    .filter(|r| admissible(&p.freedoms[d], base, r, p.ties))
                    .cloned()
                    .collect()
            }
        })
        .collect();
    let single = p.options.responses == Responses::SingleStep;
    let mut idx = vec![0usize; choices.len()];
    if choices.iter().any(Vec::is_empty) {
        return false;
    }
    loop {
        let pay: Vec<Vec<u32>> = idx
            .iter()
            .zip(&choices)
            .map(|(&k, c)| c[k].clone())
            .collect();
        if b.equilibrium(&pay, p.concept, p.target.index(), single) {
            return true;
        }
        let mut d = 0;
        loop {
            if d == idx.len() {
                return false;
            }
            idx[d] += 1;
            if idx[d] < choices[d].len() {
                break;
            }
            idx[d] = 0;
            d += 1;
        }
    }
}

/// A chain is consecutive and each link is required by the freedoms.
fn check_chain(model: &ConflictModel, p: &Inverse, c: &Chain) -> Result<(), TestCaseError> {
    let f = &p.freedoms[c.dm.0];
    let base = model.payoffs(c.dm);
    for w in c.links.windows(2) {
        prop_assert_eq!(w[0].below, w[1].above);
    }
    for l in &c.links {
        let (a, b) = (l.above.index(), l.below.index());
        match l.reason {
            Reason::Fixed => {
                prop_assert!(f.fixed);
                let ok = if l.strict {
                    base[a] > base[b]
                } else {
                    base[a] >= base[b]
                };
                prop_assert!(ok);
            }
            Reason::Kept => {
                prop_assert!(f.keep.contains(&l.above) && f.keep.contains(&l.below));
                let ok = if l.strict {
                    base[a] > base[b]
                } else {
                    base[a] == base[b]
                };
                prop_assert!(ok);
            }
            Reason::Relation(k) => {
                let r = f.relations[k];
                prop_assert!(r.above == l.above && r.below == l.below);
                prop_assert!(l.strict == (r.strict || !p.ties));
            }
        }
    }
    Ok(())
}

fn check(model: &ConflictModel, p: &Inverse) -> Result<(), TestCaseError> {
    let b = Brute::new(model);
    let want = brute_feasible(model, &b, p);
    let got = model.inverse(p).unwrap();
    match &got {
        InverseResult::Feasible(pay) => {
            prop_assert!(
                want,
                "solver found a witness the brute force missed: {pay:?}"
            );
            for (d, (f, r)) in p.freedoms.iter().zip(pay).enumerate() {
                prop_assert!(
                    admissible(f, model.payoffs(DmId(d)), r, p.ties),
                    "witness of DM {d} breaks its freedom: {r:?}"
                );
            }
            let single = p.options.responses == Responses::SingleStep;
            prop_assert!(b.equilibrium(pay, p.concept, p.target.index(), single));
            // And the library's own analysis agrees.
            let mut m = model.clone();
            for (d, v) in pay.iter().enumerate() {
                m.set_payoffs(DmId(d), v.clone()).unwrap();
            }
            prop_assert!(m.analyze(&p.options).is_equilibrium(p.concept, p.target));
        }
        InverseResult::Infeasible(inf) => {
            prop_assert!(!want, "solver says infeasible, brute force found a profile");
            for c in &inf.chains {
                check_chain(model, p, c)?;
            }
            if inf.core.is_empty() {
                // The freedoms contradict themselves: the chain is a cycle.
                let c = &inf.chains[0];
                prop_assert_eq!(c.links[0].above, c.links.last().unwrap().below);
                prop_assert!(c.links.iter().any(|l| l.strict));
            } else if inf.core.len() == 1 && !inf.chains.is_empty() {
                for c in &inf.chains {
                    prop_assert_eq!(c.dm, inf.core[0].dm);
                    prop_assert_eq!(c.links.last().unwrap().below, p.target);
                }
            }
        }
        InverseResult::Undecided { nodes, .. } => {
            prop_assert!(false, "budget ran out after {nodes} nodes")
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
struct Spec {
    n_opt: usize,
    n_dm: usize,
    owners: Vec<usize>,
    dirs: Vec<u8>,
    infeasible: Vec<(u8, u8)>,
    pay: Vec<Vec<u32>>,
    free: Vec<u8>,
    keep: Vec<u8>,
    relations: Vec<(usize, u8, u8, bool)>,
    target: u8,
    concept: usize,
    single: bool,
    ties: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..=3, 2usize..=3).prop_flat_map(|(n_opt, n_dm)| {
        (
            proptest::collection::vec(0..n_dm, n_opt),
            proptest::collection::vec(0u8..4, n_opt),
            proptest::collection::vec((any::<u8>(), any::<u8>()), 0..3),
            proptest::collection::vec(proptest::collection::vec(0u32..4, 8), n_dm),
            proptest::collection::vec(0u8..4, n_dm),
            proptest::collection::vec(any::<u8>(), n_dm),
            proptest::collection::vec((0..n_dm, any::<u8>(), any::<u8>(), any::<bool>()), 0..3),
            (any::<u8>(), 0usize..6, any::<bool>(), any::<bool>()),
        )
            .prop_map(
                move |(
                    owners,
                    dirs,
                    infeasible,
                    pay,
                    free,
                    keep,
                    relations,
                    (target, concept, single, ties),
                )| {
                    Spec {
                        n_opt,
                        n_dm,
                        owners,
                        dirs,
                        infeasible,
                        pay,
                        free,
                        keep,
                        relations,
                        target,
                        concept,
                        single,
                        ties,
                    }
                },
            )
    })
}

fn yn(n: usize, mask: u8, value: u8) -> String {
    (0..n)
        .map(|i| match (mask >> i & 1, value >> i & 1) {
            (0, _) => '-',
            (_, 1) => 'Y',
            _ => 'N',
        })
        .collect()
}

/// A model and an inverse problem from the spec, small enough for brute
/// force (`None` when not).
fn build(s: &Spec) -> Option<(ConflictModel, Inverse)> {
    let full = (1u8 << s.n_opt) - 1;
    let conflict = Conflict {
        options: (0..s.n_opt)
            .map(|i| OptionSpec {
                name: format!("o{i}"),
                owner: s.owners[i],
                direction: match s.dirs[i] {
                    0 => Direction::Fwd,
                    1 => Direction::Back,
                    _ => Direction::Both,
                },
            })
            .collect(),
        decision_makers: (0..s.n_dm)
            .map(|d| DmSpec {
                name: format!("D{d}"),
                preferences: Preferences::Prioritization(vec![]),
                misperceived: vec![],
            })
            .collect(),
        infeasible: s
            .infeasible
            .iter()
            .filter(|(m, _)| m & full != 0)
            .map(|(m, v)| yn(s.n_opt, m & full, *v))
            .collect(),
        ..Default::default()
    };
    let mut model = conflict.compile().ok()?;
    let n = model.states().len();
    // Weak orders grow fast: keep ties to 4 states.
    let ties = s.ties && n <= 4;
    if n > 6 {
        return None;
    }
    for d in 0..s.n_dm {
        model.set_payoffs(DmId(d), s.pay[d][..n].to_vec()).unwrap();
    }
    let concept = Concept::ALL[s.concept];
    let mut p = Inverse::new(&model, StateId(s.target as u32 % n as u32), concept);
    p.ties = ties;
    if s.single {
        p.options.responses = Responses::SingleStep;
    }
    let per_dm = detente_rankings_count(n, ties);
    let mut profiles = 1u64;
    for d in 0..s.n_dm {
        // 0: fixed; 1: free; 2, 3: keep the states picked by the keep byte.
        let mut f = match s.free[d] {
            0 => Freedom::fixed(),
            1 => Freedom::free(),
            _ => Freedom {
                fixed: false,
                keep: (0..n)
                    .filter(|&k| s.keep[d] >> k & 1 == 1)
                    .map(|k| StateId(k as u32))
                    .collect(),
                relations: vec![],
            },
        };
        if !f.fixed {
            // Bound the brute force: at most ~20,000 profiles.
            if profiles * per_dm > 20_000 {
                f = Freedom::fixed();
            } else {
                profiles *= per_dm;
            }
        }
        p.freedoms[d] = f;
    }
    for &(d, a, b, strict) in &s.relations {
        if !p.freedoms[d].fixed {
            p.freedoms[d].relations.push(Relation {
                above: StateId(a as u32 % n as u32),
                below: StateId(b as u32 % n as u32),
                strict,
            });
        }
    }
    Some((model, p))
}

fn detente_rankings_count(n: usize, ties: bool) -> u64 {
    // Fubini numbers (weak orders) and factorials, for n <= 6.
    let weak = [1u64, 1, 3, 13, 75, 541, 4683];
    let fact = [1u64, 1, 2, 6, 24, 120, 720];
    if ties { weak[n] } else { fact[n] }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(300), ..ProptestConfig::default() })]

    #[test]
    fn inverse_equals_brute_force(s in spec()) {
        let Some((model, p)) = build(&s) else { return Ok(()) };
        check(&model, &p)?;
    }

    /// SEQ and SIM couple the decision makers: the search backtracks.
    #[test]
    fn coupled_concepts_equal_brute_force(s in spec(), k in 0usize..3) {
        let s = Spec { concept: [3, 4, 5][k], ..s };
        let Some((model, p)) = build(&s) else { return Ok(()) };
        check(&model, &p)?;
    }
}

/// With every ranking fixed, inverse analysis is a stability check: it
/// agrees with the reference analysis on every state and concept.
#[test]
fn fixed_rankings_reproduce_the_reference_analyses() {
    for conflict in [
        examples::prisoners_dilemma(),
        examples::syria_iraq(),
        examples::elmira(),
    ] {
        let model = conflict.compile().unwrap();
        for responses in [Responses::Closure, Responses::SingleStep] {
            let options = AnalysisOptions {
                responses,
                ..Default::default()
            };
            let a = model.analyze(&options);
            for c in Concept::ALL {
                for s in model.states().ids() {
                    let mut p = Inverse::new(&model, s, c);
                    p.freedoms = vec![Freedom::fixed(); model.n_dms()];
                    p.options = options;
                    let r = model.inverse(&p).unwrap();
                    assert_eq!(
                        matches!(r, InverseResult::Feasible(_)),
                        a.is_equilibrium(c, s),
                        "{} state {} {}",
                        model.name(),
                        s.number(),
                        c.name()
                    );
                }
            }
        }
    }
}

#[test]
fn prisoners_dilemma_cooperation_needs_a_changed_ranking() {
    let model = examples::prisoners_dilemma().compile().unwrap();
    let coop = model.state(4).unwrap();
    // Fixed rankings: Prisoner One's defection to 3 is an improvement, and
    // the proof is its own ranking.
    let mut p = Inverse::new(&model, coop, Concept::Nash);
    p.freedoms = vec![Freedom::fixed(); 2];
    let InverseResult::Infeasible(inf) = model.inverse(&p).unwrap() else {
        panic!("mutual cooperation is not Nash in the dilemma")
    };
    assert_eq!(inf.core.len(), 1);
    assert_eq!(inf.core[0].to.number(), 3);
    let link = inf.chains[0].links[0];
    assert_eq!(
        (link.above.number(), link.below.number(), link.reason),
        (3, 4, Reason::Fixed)
    );
    // Each prisoner keeps its ranking of the other states but may move 4:
    // 4 must go above the temptation payoff.
    p.freedoms = vec![Freedom::keep_except(&model, &[coop]); 2];
    let InverseResult::Feasible(pay) = model.inverse(&p).unwrap() else {
        panic!("ranking cooperation first makes it Nash")
    };
    assert!(pay[0][3] >= pay[0][2] && pay[1][3] >= pay[1][1]);
    // Under SEQ the original rankings already work.
    p.concept = Concept::Seq;
    p.freedoms = vec![Freedom::fixed(); 2];
    assert!(matches!(
        model.inverse(&p).unwrap(),
        InverseResult::Feasible(_)
    ));
}

#[test]
fn elmira_proof_names_the_blocking_relations() {
    let model = examples::elmira().compile().unwrap();
    // Status quo (1) Nash: the Local Government gains by insisting (7).
    // With LG's ranking free except that 7 must stay above 1, impossible;
    // the chain is that one relation.
    let sq = model.state(1).unwrap();
    let seven = model.state(7).unwrap();
    let mut p = Inverse::new(&model, sq, Concept::Nash);
    p.freedoms = vec![
        Freedom::fixed(),
        Freedom::fixed(),
        Freedom::free().with(Relation::better(seven, sq)),
    ];
    let InverseResult::Infeasible(inf) = model.inverse(&p).unwrap() else {
        panic!("7 above 1 keeps the insist move an improvement")
    };
    assert_eq!(inf.core[0].dm, DmId(2));
    assert_eq!(inf.chains[0].links[0].reason, Reason::Relation(0));
    // Without it, ranking 1 above 7 suffices and MoE, Uniroyal stay as they are.
    p.freedoms[2] = Freedom::free();
    let InverseResult::Feasible(pay) = model.inverse(&p).unwrap() else {
        panic!()
    };
    assert!(pay[2][0] >= pay[2][6]);
    assert_eq!(pay[0], model.payoffs(DmId(0)));
    // Contradictory freedoms are reported as a cycle.
    p.freedoms[2] = Freedom::free()
        .with(Relation::better(seven, sq))
        .with(Relation::better(sq, seven));
    let InverseResult::Infeasible(inf) = model.inverse(&p).unwrap() else {
        panic!()
    };
    assert!(inf.core.is_empty());
    assert_eq!(inf.chains[0].links.len(), 2);
}

#[test]
fn bad_problems_are_errors() {
    let model = examples::prisoners_dilemma().compile().unwrap();
    let mut p = Inverse::new(&model, StateId(9), Concept::Nash);
    assert!(model.inverse(&p).is_err());
    p.target = StateId(0);
    p.freedoms.pop();
    assert!(model.inverse(&p).is_err());
}
