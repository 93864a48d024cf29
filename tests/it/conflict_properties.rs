//! Random small conflicts: the analysis equals a brute-force implementation
//! written straight from the textbook definitions (opponent sequences as a
//! search over (state, last mover), nothing shared with the library), and
//! the known inclusions between concepts hold.

use std::collections::{BTreeSet, VecDeque};

use detente::conflict::{
    Agents, AnalysisOptions, Concept, Conflict, ConflictModel, Direction, DmId, DmSpec,
    Explanation, Moves, OptionSpec, Preferences, Responses, SimResponses, StateId,
};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Spec {
    n_opt: usize,
    n_dm: usize,
    owners: Vec<usize>,
    dirs: Vec<u8>,
    infeasible: Vec<(u8, u8)>,
    misperceived: Vec<Option<(u8, u8)>>,
    pay: Vec<Vec<u32>>,
    coalition_pairs: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..=6, 2usize..=4).prop_flat_map(|(n_opt, n_dm)| {
        (
            proptest::collection::vec(0..n_dm, n_opt),
            proptest::collection::vec(0u8..4, n_opt),
            proptest::collection::vec((any::<u8>(), any::<u8>()), 0..3),
            proptest::collection::vec(
                proptest::option::weighted(0.2, (any::<u8>(), any::<u8>())),
                n_dm,
            ),
            proptest::collection::vec(proptest::collection::vec(0u32..5, 64), n_dm),
            any::<bool>(),
        )
            .prop_map(
                move |(owners, dirs, infeasible, misperceived, pay, coalition_pairs)| Spec {
                    n_opt,
                    n_dm,
                    owners,
                    dirs,
                    infeasible,
                    misperceived,
                    pay,
                    coalition_pairs,
                },
            )
    })
}

fn yn(n: usize, mask: u8, value: u8) -> String {
    (0..n)
        .map(|i| {
            if mask >> i & 1 == 0 {
                '-'
            } else if value >> i & 1 == 1 {
                'Y'
            } else {
                'N'
            }
        })
        .collect()
}

/// A conflict from the spec; `None` when infeasibility leaves no state.
fn build(s: &Spec) -> Option<ConflictModel> {
    let full = (1u8 << s.n_opt) - 1;
    let conflict = Conflict {
        name: "random".into(),
        options: (0..s.n_opt)
            .map(|i| OptionSpec {
                name: format!("o{i}"),
                owner: s.owners[i],
                // Mostly reversible, some one-way.
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
                misperceived: s.misperceived[d]
                    .iter()
                    // At least two options fixed, so a DM still sees most states.
                    .filter(|(m, _)| (m & full).count_ones() >= 2)
                    .map(|(m, v)| yn(s.n_opt, m & full, *v))
                    .collect(),
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
    for d in 0..s.n_dm {
        model.set_payoffs(DmId(d), s.pay[d][..n].to_vec()).unwrap();
    }
    Some(model)
}

/// Everything the brute force knows, read off the model through its public
/// accessors only.
struct Brute {
    codes: Vec<u64>,
    masks: Vec<u64>,
    members: Vec<Vec<usize>>,
    dirs: Vec<Direction>,
    pay: Vec<Vec<u32>>,
    sees: Vec<Vec<bool>>,
}

impl Brute {
    fn new(m: &ConflictModel, members: Vec<Vec<usize>>) -> Brute {
        let n_opt = m.option_names().len();
        let masks = members
            .iter()
            .map(|g| {
                (0..n_opt)
                    .filter(|&o| g.contains(&m.owner(detente::conflict::OptionId(o)).0))
                    .fold(0u64, |a, o| a | 1 << o)
            })
            .collect();
        let sees = members
            .iter()
            .map(|g| {
                m.states()
                    .ids()
                    .map(|s| g.iter().all(|&d| m.perceives(DmId(d), s)))
                    .collect()
            })
            .collect();
        Brute {
            codes: m.states().codes().to_vec(),
            masks,
            members,
            dirs: (0..n_opt)
                .map(|o| m.direction(detente::conflict::OptionId(o)))
                .collect(),
            pay: (0..m.n_dms())
                .map(|d| m.payoffs(DmId(d)).to_vec())
                .collect(),
            sees,
        }
    }

    fn better(&self, g: usize, a: usize, b: usize) -> bool {
        self.members[g]
            .iter()
            .all(|&d| self.pay[d][a] > self.pay[d][b])
    }

    /// R_g(s) as seen by agent `viewer`.
    fn moves(&self, g: usize, s: usize, viewer: usize) -> Vec<usize> {
        let cs = self.codes[s];
        (0..self.codes.len())
            .filter(|&t| {
                let diff = cs ^ self.codes[t];
                t != s
                    && self.sees[viewer][t]
                    && diff & !self.masks[g] == 0
                    && (0..self.dirs.len())
                        .filter(|b| diff >> b & 1 == 1)
                        .all(|b| match self.dirs[b] {
                            Direction::Both => true,
                            Direction::Fwd => cs >> b & 1 == 0,
                            Direction::Back => cs >> b & 1 == 1,
                        })
            })
            .collect()
    }

    /// R_g(s) with every state visible.
    fn moves_global(&self, g: usize, s: usize) -> Vec<usize> {
        let cs = self.codes[s];
        (0..self.codes.len())
            .filter(|&t| {
                let diff = cs ^ self.codes[t];
                t != s
                    && diff & !self.masks[g] == 0
                    && (0..self.dirs.len())
                        .filter(|b| diff >> b & 1 == 1)
                        .all(|b| match self.dirs[b] {
                            Direction::Both => true,
                            Direction::Fwd => cs >> b & 1 == 0,
                            Direction::Back => cs >> b & 1 == 1,
                        })
            })
            .collect()
    }

    fn uis(&self, g: usize, s: usize, viewer: usize) -> Vec<usize> {
        self.moves(g, s, viewer)
            .into_iter()
            .filter(|&t| self.better(g, t, s))
            .collect()
    }

    /// Textbook R_{N-i}(s1) (or R+ with `ui_only`): legal sequences of
    /// opponents' moves, no agent twice in a row, by search over
    /// (state, last mover).
    fn opp_reach(&self, i: usize, s1: usize, ui_only: bool, closure: bool) -> BTreeSet<usize> {
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut q = VecDeque::new();
        q.push_back((s1, usize::MAX, 0));
        let mut out = BTreeSet::new();
        while let Some((x, last, depth)) = q.pop_front() {
            if depth == 1 && !closure {
                continue;
            }
            for j in 0..self.masks.len() {
                if j == i || j == last {
                    continue;
                }
                let next = if ui_only {
                    self.uis(j, x, i)
                } else {
                    self.moves(j, x, i)
                };
                for y in next {
                    if seen.insert((y, j)) {
                        out.insert(y);
                        q.push_back((y, j, depth + 1));
                    }
                }
            }
        }
        out
    }

    fn stable(&self, c: Concept, i: usize, s: usize, opts: &AnalysisOptions) -> bool {
        if !self.sees[i][s] {
            return false;
        }
        let closure = opts.responses == Responses::Closure;
        let ui = self.uis(i, s, i);
        let not_better = |y: usize| !self.better(i, y, s);
        match c {
            Concept::Nash => ui.is_empty(),
            Concept::Gmr => ui.iter().all(|&s1| {
                self.opp_reach(i, s1, false, closure)
                    .into_iter()
                    .any(not_better)
            }),
            Concept::Smr => ui.iter().all(|&s1| {
                self.opp_reach(i, s1, false, closure)
                    .into_iter()
                    .any(|s2| not_better(s2) && self.moves(i, s2, i).into_iter().all(not_better))
            }),
            Concept::Seq => ui.iter().all(|&s1| {
                self.opp_reach(i, s1, true, closure)
                    .into_iter()
                    .any(not_better)
            }),
            Concept::Sim => {
                let opp: Vec<Vec<u64>> = (0..self.masks.len())
                    .filter(|&j| j != i)
                    .map(|j| {
                        self.uis(j, s, i)
                            .into_iter()
                            .map(|t| self.codes[t] ^ self.codes[s])
                            .collect()
                    })
                    .collect();
                let combos: Vec<u64> = match opts.sim {
                    SimResponses::OneOpponent => opp.iter().flatten().copied().collect(),
                    SimResponses::AnySubset => {
                        let mut acc: Vec<(u64, bool)> = vec![(0, false)];
                        for moves in &opp {
                            let mut next = acc.clone();
                            for &(d, _) in &acc {
                                next.extend(moves.iter().map(|&m| (d ^ m, true)));
                            }
                            acc = next;
                        }
                        acc.into_iter().filter(|p| p.1).map(|p| p.0).collect()
                    }
                };
                ui.iter().all(|&s1| {
                    let di = self.codes[s1] ^ self.codes[s];
                    combos.iter().any(|&dj| {
                        let code = self.codes[s] ^ di ^ dj;
                        self.codes
                            .iter()
                            .position(|&c| c == code)
                            .is_some_and(|t| self.sees[i][t] && not_better(t))
                    })
                })
            }
            Concept::SeqSim => {
                self.stable(Concept::Seq, i, s, opts) && self.stable(Concept::Sim, i, s, opts)
            }
        }
    }
}

/// Every sanction chain in an explanation is a legal textbook sequence that
/// ends in a state not better for the focal agent.
fn check_chains(b: &Brute, e: &Explanation, responses: Responses) -> Result<(), TestCaseError> {
    let i = e.agent;
    let s = e.state.index();
    for c in &e.improvements {
        prop_assert!(b.better(i, c.to.index(), s));
        let seq_concept = match e.concept {
            Concept::SeqSim => Concept::Seq,
            other => other,
        };
        if let (Some(sanction), Concept::Gmr | Concept::Smr | Concept::Seq) =
            (&c.sanction, seq_concept)
        {
            let mut x = c.to.index();
            let mut last = usize::MAX;
            if responses == Responses::SingleStep {
                prop_assert_eq!(sanction.steps.len(), 1);
            }
            for step in &sanction.steps {
                prop_assert!(step.agent != i && step.agent != last, "mover order");
                let legal = if seq_concept == Concept::Seq {
                    b.uis(step.agent, x, i)
                } else {
                    b.moves(step.agent, x, i)
                };
                prop_assert!(legal.contains(&step.to.index()), "illegal step");
                x = step.to.index();
                last = step.agent;
            }
            prop_assert_eq!(x, sanction.result.index());
            prop_assert!(!b.better(i, x, s));
            if seq_concept == Concept::Smr {
                prop_assert!(b.moves(i, x, i).into_iter().all(|z| !b.better(i, z, s)));
            }
        }
    }
    Ok(())
}

fn options() -> Vec<AnalysisOptions> {
    [Responses::Closure, Responses::SingleStep]
        .into_iter()
        .flat_map(|r| {
            [SimResponses::OneOpponent, SimResponses::AnySubset]
                .into_iter()
                .map(move |sim| AnalysisOptions { responses: r, sim })
        })
        .collect()
}

fn compare(
    model: &ConflictModel,
    agents: &Agents,
    members: Vec<Vec<usize>>,
) -> Result<(), TestCaseError> {
    let brute = Brute::new(model, members);
    for opts in options() {
        let a = model.analyze_agents(agents, &opts);
        for c in Concept::ALL {
            for g in 0..agents.len() {
                let want: Vec<bool> = (0..brute.codes.len())
                    .map(|s| brute.stable(c, g, s, &opts))
                    .collect();
                prop_assert_eq!(
                    a.stable(c, g),
                    want.as_slice(),
                    "{:?} agent {} {:?}",
                    c,
                    g,
                    opts
                );
            }
        }
        for c in Concept::ALL {
            for g in 0..agents.len() {
                for s in model.states().ids() {
                    let e = model.explain(agents, c, g, s, &opts).unwrap();
                    prop_assert_eq!(
                        e.stable,
                        a.stable(c, g)[s.index()],
                        "explain {:?} agent {} state {}",
                        c,
                        g,
                        s.number()
                    );
                    check_chains(&brute, &e, opts.responses)?;
                }
            }
        }
        for g in 0..agents.len() {
            for s in 0..brute.codes.len() {
                let st = |c| a.stable(c, g)[s];
                prop_assert!(!st(Concept::Nash) || st(Concept::Seq), "Nash ⊆ SEQ");
                prop_assert!(!st(Concept::Seq) || st(Concept::Gmr), "SEQ ⊆ GMR");
                prop_assert!(!st(Concept::Nash) || st(Concept::Smr), "Nash ⊆ SMR");
                prop_assert!(!st(Concept::Smr) || st(Concept::Gmr), "SMR ⊆ GMR");
                prop_assert!(!st(Concept::Nash) || st(Concept::Sim), "Nash ⊆ SIM");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(200), ..ProptestConfig::default() })]

    #[test]
    fn individuals_equal_brute_force(s in spec()) {
        if let Some(model) = build(&s) {
            let agents = Agents::individuals(&model);
            compare(&model, &agents, (0..s.n_dm).map(|d| vec![d]).collect())?;
        }
    }

    #[test]
    fn coalitions_equal_brute_force(s in spec()) {
        if let Some(model) = build(&s) {
            // Either DM 0 and 1 together, or everyone in one coalition.
            let groups: Vec<Vec<usize>> = if s.coalition_pairs {
                let mut g = vec![vec![0, 1]];
                g.extend((2..s.n_dm).map(|d| vec![d]));
                g
            } else {
                vec![(0..s.n_dm).collect()]
            };
            let ids: Vec<Vec<DmId>> = groups.iter().map(|g| g.iter().map(|&d| DmId(d)).collect()).collect();
            let agents = Agents::coalitions(&model, &ids).unwrap();
            compare(&model, &agents, groups)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(200), ..ProptestConfig::default() })]

    /// Status quo reachability equals a search over (state, last mover)
    /// sequences with no decision maker moving twice in a row.
    #[test]
    fn status_quo_equals_brute_force(s in spec(), start in any::<u16>()) {
        if let Some(model) = build(&s) {
            let b = Brute::new(&model, (0..s.n_dm).map(|d| vec![d]).collect());
            let from = StateId((start as usize % b.codes.len()) as u32);
            for moves in [Moves::All, Moves::Improving] {
                let sq = model.status_quo_analysis(from, moves);
                let mut best = vec![usize::MAX; b.codes.len()];
                best[from.index()] = 0;
                let mut seen = BTreeSet::new();
                let mut q = VecDeque::from([(from.index(), usize::MAX, 0usize)]);
                while let Some((x, last, d)) = q.pop_front() {
                    for j in 0..s.n_dm {
                        if j == last { continue; }
                        // Status quo analysis uses the modeller's view: every state.
                        let next: Vec<usize> = (0..b.codes.len())
                            .filter(|&t| b.moves_global(j, x).contains(&t))
                            .filter(|&t| moves == Moves::All || b.better(j, t, x))
                            .collect();
                        for y in next {
                            if seen.insert((y, j)) {
                                best[y] = best[y].min(d + 1);
                                q.push_back((y, j, d + 1));
                            }
                        }
                    }
                }
                for t in model.states().ids() {
                    let want = (best[t.index()] != usize::MAX).then_some(best[t.index()]);
                    prop_assert_eq!(sq.depth(t), want);
                    if let Some(path) = sq.path(t) {
                        prop_assert_eq!(path.len(), want.unwrap());
                        let mut x = from.index();
                        let mut last = usize::MAX;
                        for step in &path {
                            prop_assert!(step.agent != last);
                            prop_assert!(b.moves_global(step.agent, x).contains(&step.to.index()));
                            prop_assert!(moves == Moves::All || b.better(step.agent, step.to.index(), x));
                            x = step.to.index();
                            last = step.agent;
                        }
                        prop_assert_eq!(x, t.index());
                    }
                }
            }
        }
    }
}
