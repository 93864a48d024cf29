//! The package search's questions: the k best packages (against brute
//! force), the check of a given package, a required set, the report of the
//! candidate cap, why there is no package, and the scale-free objectives.

use std::collections::BTreeMap;

use detente::deal::{Concession, Deal};
use detente::mediator::{
    CutReason, Failure, FailureCount, Objective, PackageOptions, PackageQuery, Required,
    best_packages, check_package,
};
use detente::model::State;
use detente::prelude::*;
use proptest::prelude::*;

/// A holds x and y. Releasing either costs A 1; B wants x (6), C wants y
/// (4); A values recognition from B and from C at 1 a level. Nobody else
/// values anything, reservations and audience costs are 0. The candidates
/// are x to B, y to C, a call from B to A and a call from C to A. Worked
/// by hand (surplus; every party takes part through one of these):
/// * {x, y, both calls}: A 0, B 6, C 4: 10 (releases {x, y});
/// * {x, both calls}: A +1, B 6, C 0: 7 (the best releasing only x);
/// * {y, both calls}: A +1, B 0, C 4: 5 (the best releasing only y);
/// * {both calls}: A +2, B 0, C 0: 2 (the best releasing nobody).
struct Two {
    world: World,
    rules: Rulebook,
    a: GovernmentId,
    b: GovernmentId,
    c: GovernmentId,
    x: PrisonerId,
    y: PrisonerId,
}

fn two_releases() -> Two {
    let mut w = WorldBuilder::new("two releases");
    let a = w.government(GovernmentSpec::new("A")).unwrap();
    let b = w.government(GovernmentSpec::new("B")).unwrap();
    let c = w.government(GovernmentSpec::new("C")).unwrap();
    let x = w.prisoner(PrisonerSpec::new("x", a, b)).unwrap();
    let y = w.prisoner(PrisonerSpec::new("y", a, c)).unwrap();
    w.value_prisoner(a, x, -1.0).unwrap();
    w.value_prisoner(a, y, -1.0).unwrap();
    w.value_prisoner(b, x, 6.0).unwrap();
    w.value_prisoner(c, y, 4.0).unwrap();
    w.value_recognition(a, b, a, 1.0).unwrap();
    w.value_recognition(a, c, a, 1.0).unwrap();
    let rules = Rulebook::from(vec![
        Rule::HolderReleases,
        Rule::NoDoubleRelease,
        Rule::IndividualRationality,
        Rule::Exile {
            third_country: false,
        },
    ]);
    Two {
        world: w.build().unwrap(),
        rules,
        a,
        b,
        c,
        x,
        y,
    }
}

fn releases(deal: &Deal) -> Vec<PrisonerId> {
    let mut r: Vec<_> = deal
        .concessions
        .iter()
        .filter_map(|c| c.kind.prisoner())
        .collect();
    r.sort();
    r
}

fn no_cap() -> PackageOptions {
    PackageOptions {
        max_candidates: None,
        ..PackageOptions::default()
    }
}

#[test]
fn the_k_best_are_the_hand_list() {
    let t = two_releases();
    let state = State::initial(&t.world);
    let query = PackageQuery {
        k: 6,
        ..PackageQuery::default()
    };
    let found = best_packages(&t.world, &state, &t.rules, &no_cap(), &query);
    assert!(found.optimal && !found.candidates.truncated());
    assert_eq!(found.candidates.weighed.len(), 4);
    let list: Vec<(f64, Vec<PrisonerId>)> = found
        .packages
        .iter()
        .map(|p| (p.surplus, releases(&p.deal)))
        .collect();
    assert_eq!(
        list,
        [
            (10.0, vec![t.x, t.y]),
            (7.0, vec![t.x]),
            (5.0, vec![t.y]),
            (2.0, vec![]),
        ]
    );
    for p in &found.packages {
        assert_eq!(p.objective_value, p.surplus);
        assert!(p.violations.is_empty(), "{:?}", p.violations);
    }
}

#[test]
fn a_required_set_turns_the_best_package_into_another() {
    let t = two_releases();
    let state = State::initial(&t.world);
    // Two parties at most: {x, call from B} (A 0, B 6) beats {y, call from C} (A 0, C 4).
    let two = PackageOptions {
        max_parties: Some(2),
        ..no_cap()
    };
    let best = |required: Required| {
        let query = PackageQuery {
            required,
            ..PackageQuery::default()
        };
        let found = best_packages(&t.world, &state, &t.rules, &two, &query);
        let p = found.packages.first().expect("a package").clone();
        (p.surplus, releases(&p.deal), p.parties)
    };
    assert_eq!(best(Required::default()), (6.0, vec![t.x], vec![t.a, t.b]));
    let y = Required {
        prisoners: vec![t.y],
        ..Required::default()
    };
    assert_eq!(best(y), (4.0, vec![t.y], vec![t.a, t.c]));
    let c = Required {
        parties: vec![t.c],
        ..Required::default()
    };
    assert_eq!(best(c), (4.0, vec![t.y], vec![t.a, t.c]));
}

#[test]
fn why_no_package_counts_the_failures_by_hand() {
    // B and C both required, but at most two parties, and A is in every
    // candidate. Of the 15 non-empty subsets of the 4 candidates, 3 x 3 = 9
    // involve both B (x or B's call) and C (y or C's call): three parties,
    // one too many; the other 6 miss a required party. A loses (releases
    // outnumber calls) in 2 (x or y alone) + 1 (both) + 2 (both and one
    // call) = 5. Lifting one government's rationality does not help.
    let t = two_releases();
    let state = State::initial(&t.world);
    let options = PackageOptions {
        max_parties: Some(2),
        ..no_cap()
    };
    let query = PackageQuery {
        required: Required {
            parties: vec![t.b, t.c],
            prisoners: vec![],
        },
        explain: true,
        ..PackageQuery::default()
    };
    let found = best_packages(&t.world, &state, &t.rules, &options, &query);
    assert!(found.packages.is_empty());
    let why = found.no_package.expect("asked to explain");
    assert!(why.binding.is_empty());
    assert!(why.complete);
    assert_eq!(why.examined, 15);
    assert_eq!(
        why.failures,
        [
            FailureCount {
                failure: Failure::TooManyParties,
                packages: 9
            },
            FailureCount {
                failure: Failure::MissingRequired,
                packages: 6
            },
            FailureCount {
                failure: Failure::NotRational { party: t.a },
                packages: 5
            },
        ]
    );
}

#[test]
fn a_required_prisoner_nobody_can_receive_is_reported() {
    let t = two_releases();
    let state = State::initial(&t.world);
    let ghost = PrisonerId::new(99);
    let query = PackageQuery {
        required: Required {
            parties: vec![GovernmentId::new(7)],
            prisoners: vec![ghost],
        },
        explain: true,
        ..PackageQuery::default()
    };
    let found = best_packages(&t.world, &state, &t.rules, &no_cap(), &query);
    let why = found.no_package.expect("nothing can include a ghost");
    assert_eq!(why.unavailable_prisoners, [ghost]);
    assert_eq!(why.unreachable_parties, [GovernmentId::new(7)]);
}

#[test]
fn the_cap_reports_what_it_cuts() {
    let t = two_releases();
    let state = State::initial(&t.world);
    let capped = |cap: usize, required: Vec<PrisonerId>| {
        let options = PackageOptions {
            max_candidates: Some(cap),
            ..PackageOptions::default()
        };
        let query = PackageQuery {
            required: Required {
                prisoners: required,
                ..Required::default()
            },
            ..PackageQuery::default()
        };
        best_packages(&t.world, &state, &t.rules, &options, &query)
    };
    // Ranked by the largest gain to one government: x (6), y (4), then the
    // two calls (1 each), which two candidates leave out.
    let found = capped(2, vec![]);
    assert!(found.candidates.truncated());
    let cut: Vec<(Concession, f64)> = found
        .candidates
        .cut
        .iter()
        .map(|c| match c.reason {
            CutReason::BelowCap { cap, score } => {
                assert_eq!(cap, 2);
                (c.concession, score)
            }
            CutReason::PoolCopy { .. } => panic!("no pools here"),
        })
        .collect();
    assert_eq!(cut.len(), 2);
    assert!(cut.iter().all(|(c, s)| c.to == t.a && *s == 1.0));
    // Without the calls A gains nothing: no package, and it says it was cut.
    assert!(found.packages.is_empty());
    // A required prisoner is never cut.
    let found = capped(1, vec![t.y]);
    let weighed: Vec<_> = found
        .candidates
        .weighed
        .iter()
        .filter_map(|c| c.kind.prisoner())
        .collect();
    assert_eq!(weighed, [t.y]);
    assert_eq!(found.candidates.cut.len(), 3);
}

#[test]
fn checking_a_package_names_the_rule_and_the_payoff_that_fail() {
    let t = two_releases();
    let state = State::initial(&t.world);
    // x to B alone: A pays 1 and gets nothing.
    let gift = Deal::new().release(t.a, t.b, t.x, t.b);
    let verdict = check_package(&t.world, &state, &t.rules, &gift);
    assert!(!verdict.is_legal() && !verdict.is_individually_rational());
    assert_eq!(verdict.parties, [t.a, t.b]);
    assert_eq!(verdict.shortfalls.len(), 1);
    let s = verdict.shortfalls[0];
    assert_eq!((s.government, s.delta, s.reservation), (t.a, -1.0, 0.0));
    assert_eq!(verdict.violations.len(), 1);
    assert_eq!(verdict.violations[0].rule, "individual_rationality");
    // With B's call A breaks even: legal and rational, B gains 6.
    let mut paid = gift.clone();
    paid.concessions.push(Concession {
        from: t.b,
        to: t.a,
        kind: detente::deal::ConcessionKind::Recognition {
            level: detente::model::RecognitionLevel::Call,
        },
    });
    let verdict = check_package(&t.world, &state, &t.rules, &paid);
    assert!(verdict.is_legal() && verdict.is_individually_rational());
    assert_eq!(verdict.delta[t.a.index()], 0.0);
    assert_eq!(verdict.delta[t.b.index()], 6.0);
}

/// The Nash product's choice depends on the unit of value, the normalised
/// objectives' does not. A holds x (B wants it, 3) and y (C wants it, 3);
/// each release costs A 1; a call from B or C is worth 2 to A. Nash
/// product, by hand: {x, call B}: A +1, B 3: 3; {x, y, both calls}: A +2,
/// B 3, C 3: 18. With C's values scaled by 1/100 the big package scores
/// 0.18 and the pairs 3: the choice flips to two parties. Normalised by the
/// best gains (A 4, B 3, C 3), the pair {x, call B} scores 1/4 x 1 and the
/// big package 2/4 x 1 x 1 whatever the scale.
#[test]
fn the_nash_product_depends_on_units_and_the_normalised_product_does_not() {
    let build = |c_scale: f64| {
        let mut w = WorldBuilder::new("units");
        let a = w.government(GovernmentSpec::new("A")).unwrap();
        let b = w.government(GovernmentSpec::new("B")).unwrap();
        let c = w.government(GovernmentSpec::new("C")).unwrap();
        let x = w.prisoner(PrisonerSpec::new("x", a, b)).unwrap();
        let y = w.prisoner(PrisonerSpec::new("y", a, c)).unwrap();
        w.value_prisoner(a, x, -1.0).unwrap();
        w.value_prisoner(a, y, -1.0).unwrap();
        w.value_prisoner(b, x, 3.0).unwrap();
        w.value_prisoner(c, y, 3.0 * c_scale).unwrap();
        w.value_recognition(a, b, a, 2.0).unwrap();
        w.value_recognition(a, c, a, 2.0).unwrap();
        w.build().unwrap()
    };
    let rules = two_releases().rules;
    let parties = |objective: Objective, c_scale: f64| {
        let world = build(c_scale);
        let options = PackageOptions {
            objective,
            ..no_cap()
        };
        let state = State::initial(&world);
        let found = best_packages(&world, &state, &rules, &options, &PackageQuery::default());
        found.packages[0].parties.len()
    };
    assert_eq!(parties(Objective::NashProduct, 1.0), 3);
    assert_eq!(parties(Objective::NashProduct, 0.01), 2);
    assert_eq!(parties(Objective::NormalisedProduct, 1.0), 3);
    assert_eq!(parties(Objective::NormalisedProduct, 0.01), 3);
}

/// A small random world: governments with reservations and audience
/// costs, prisoners with valuations, recognition valued by some.
#[derive(Clone, Debug)]
struct Small {
    governments: Vec<(f64, f64)>,
    prisoners: Vec<(usize, usize, Vec<f64>)>,
    recognition: Vec<(usize, usize, usize, f64)>,
    reciprocity: bool,
    max_parties: usize,
}

fn small() -> impl Strategy<Value = Small> {
    (3usize..=4).prop_flat_map(|n| {
        let gov = (-1.0f64..1.0, 0.0f64..0.5);
        let value = prop_oneof![Just(0.0), -4.0f64..8.0];
        let prisoner = (0..n, 0..n, prop::collection::vec(value, n));
        let rec = (0..n, 0..n, 0..n, -1.0f64..3.0);
        (
            prop::collection::vec(gov, n),
            prop::collection::vec(prisoner, 2..=4),
            prop::collection::vec(rec, 0..=4),
            any::<bool>(),
            2usize..=4,
        )
            .prop_map(
                |(governments, prisoners, recognition, reciprocity, max_parties)| Small {
                    governments,
                    prisoners,
                    recognition,
                    reciprocity,
                    max_parties,
                },
            )
    })
}

impl Small {
    /// The world with every value of government `g` multiplied by `scale[g]`.
    fn world(&self, scale: &[f64]) -> World {
        let mut w = WorldBuilder::new("small");
        let ids: Vec<GovernmentId> = self
            .governments
            .iter()
            .enumerate()
            .map(|(g, &(reservation, audience))| {
                let mut spec = GovernmentSpec::new(&format!("G{g}"));
                spec.reservation = reservation * scale[g];
                spec.audience_cost = audience * scale[g];
                w.government(spec).unwrap()
            })
            .collect();
        for (i, (custodian, citizen, values)) in self.prisoners.iter().enumerate() {
            let p = w
                .prisoner(PrisonerSpec::new(
                    &format!("p{i}"),
                    ids[*custodian],
                    ids[*citizen],
                ))
                .unwrap();
            for (g, &v) in values.iter().enumerate() {
                if v != 0.0 {
                    w.value_prisoner(ids[g], p, v * scale[g]).unwrap();
                }
            }
        }
        for &(by, from, to, v) in &self.recognition {
            if from != to {
                w.value_recognition(ids[by], ids[from], ids[to], v * scale[by])
                    .unwrap();
            }
        }
        w.build().unwrap()
    }

    fn rules(&self) -> Rulebook {
        let mut rules = vec![
            Rule::HolderReleases,
            Rule::NoDoubleRelease,
            Rule::IndividualRationality,
            Rule::MaxParties {
                max: self.max_parties,
            },
        ];
        if self.reciprocity {
            rules.push(Rule::Reciprocity);
        }
        Rulebook::from(rules)
    }
}

const OBJECTIVES: [Objective; 4] = [
    Objective::Surplus,
    Objective::NashProduct,
    Objective::NormalisedSum,
    Objective::NormalisedProduct,
];

/// Every subset of the weighed candidates, valued on its exact payoff
/// changes: the best value per set of releases, best first.
fn brute_force(
    world: &World,
    rules: &Rulebook,
    small: &Small,
    objective: Objective,
    weighed: &[Concession],
) -> Vec<(f64, Vec<PrisonerId>)> {
    let state = State::initial(world);
    let reservation: Vec<f64> = world.governments().iter().map(|g| g.reservation).collect();
    let single = |c: &Concession| {
        let deal = Deal {
            concessions: vec![*c],
            ..Deal::new()
        };
        check_package(world, &state, rules, &deal).delta
    };
    let mut best_gain: Vec<f64> = reservation.iter().map(|r| -r).collect();
    for c in weighed {
        for (b, u) in best_gain.iter_mut().zip(single(c)) {
            *b += u.max(0.0);
        }
    }
    let mut by_releases: BTreeMap<Vec<PrisonerId>, f64> = BTreeMap::new();
    for mask in 1u32..(1 << weighed.len()) {
        let deal = Deal {
            concessions: (0..weighed.len())
                .filter(|i| mask >> i & 1 == 1)
                .map(|i| weighed[i])
                .collect(),
            ..Deal::new()
        };
        let verdict = check_package(world, &state, rules, &deal);
        let parties = &verdict.parties;
        let two_sided = |g: &GovernmentId| {
            deal.concessions.iter().any(|c| c.from == *g)
                && deal.concessions.iter().any(|c| c.to == *g)
        };
        if parties.len() > small.max_parties
            || !verdict.shortfalls.is_empty()
            || (small.reciprocity && !parties.iter().all(two_sided))
        {
            continue;
        }
        let gain = |g: &GovernmentId| verdict.delta[g.index()] - reservation[g.index()];
        let norm = |g: &GovernmentId| {
            let b = best_gain[g.index()];
            if b > 0.0 { gain(g) / b } else { 0.0 }
        };
        let value = match objective {
            Objective::Surplus => parties.iter().map(|g| verdict.delta[g.index()]).sum(),
            Objective::NashProduct => parties.iter().map(gain).product(),
            Objective::NormalisedSum => parties.iter().map(norm).sum(),
            _ => parties.iter().map(|g| norm(g).max(0.0)).product::<f64>(),
        };
        let slot = by_releases
            .entry(releases(&deal))
            .or_insert(f64::NEG_INFINITY);
        *slot = slot.max(value);
    }
    let mut list: Vec<(f64, Vec<PrisonerId>)> =
        by_releases.into_iter().map(|(r, v)| (v, r)).collect();
    list.sort_by(|a, b| b.0.total_cmp(&a.0));
    list
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(48)))]

    /// The k best packages are the k best values over distinct sets of
    /// releases among all subsets of the candidates, and each package
    /// scores what its set of releases is worth at best.
    #[test]
    fn the_k_best_match_brute_force(small in small(), k in 1usize..=5, o in 0usize..4) {
        let world = small.world(&vec![1.0; small.governments.len()]);
        let rules = small.rules();
        let state = State::initial(&world);
        let options = PackageOptions { objective: OBJECTIVES[o], ..no_cap() };
        let query = PackageQuery { k, ..PackageQuery::default() };
        let found = best_packages(&world, &state, &rules, &options, &query);
        prop_assert!(found.optimal);
        let brute = brute_force(&world, &rules, &small, OBJECTIVES[o], &found.candidates.weighed);
        prop_assert_eq!(found.packages.len(), brute.len().min(k));
        for (p, (value, _)) in found.packages.iter().zip(&brute) {
            prop_assert!(close(p.objective_value, *value), "{} vs {}", p.objective_value, value);
            let own = brute.iter().find(|(_, r)| *r == releases(&p.deal)).expect("a feasible set");
            prop_assert!(close(p.objective_value, own.0));
        }
    }

    /// Multiplying each government's values by its own positive factor
    /// does not change the package the normalised objectives choose (when
    /// the best is unique).
    #[test]
    fn the_normalised_choice_does_not_depend_on_units(
        small in small(),
        factors in prop::collection::vec(0.05f64..20.0, 4),
        product in any::<bool>(),
    ) {
        let objective = if product { Objective::NormalisedProduct } else { Objective::NormalisedSum };
        let options = PackageOptions { objective, ..no_cap() };
        let query = PackageQuery { k: 2, ..PackageQuery::default() };
        let choose = |scale: &[f64]| {
            let world = small.world(scale);
            let state = State::initial(&world);
            best_packages(&world, &state, &small.rules(), &options, &query)
        };
        let n = small.governments.len();
        let plain = choose(&vec![1.0; n]);
        let scaled = choose(&factors[..n]);
        prop_assert_eq!(plain.packages.len(), scaled.packages.len());
        let unique = match &plain.packages[..] {
            [a, b, ..] => a.objective_value - b.objective_value > 1e-6,
            _ => true,
        };
        if let (Some(p), Some(s), true) = (plain.packages.first(), scaled.packages.first(), unique) {
            prop_assert_eq!(releases(&p.deal), releases(&s.deal));
            prop_assert_eq!(&p.parties, &s.parties);
            prop_assert!(close(p.objective_value, s.objective_value));
        }
    }
}
