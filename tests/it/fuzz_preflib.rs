//! Proptest fuzzing of PrefLib `.wmd` parsing (the long runs are the
//! libFuzzer target `fuzz/fuzz_targets/preflib.rs`): random text, byte
//! mutations of the shipped PrefLib instances, and generated files with
//! random headers, ids and weights. Parsing must never panic nor allocate
//! for a header's claim alone; whatever is accepted must be a valid graph
//! that reads back unchanged from its own `.wmd`, and small ones clear to a
//! valid set of exchanges.

use detente::exchange::parse_wmd;
use detente::limits::Limits;
use proptest::prelude::*;

const SHIPPED: &str = include_str!("../data/preflib-kidney/00036-00000001.wmd");

use crate::common::preflib_check;
use preflib_check::check;

fn load(text: &str) {
    if let Ok(g) = parse_wmd(text) {
        check(&g);
    }
}

/// A line that may be wrong: ids near the declared range, awkward weights,
/// broken separators, headers.
fn any_line(n: usize) -> impl Strategy<Value = String> {
    let id = prop_oneof![0..=n + 2, Just(usize::MAX)];
    let weight = prop_oneof![
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e308".to_string()),
        Just("x".to_string()),
        any::<f64>().prop_map(|w| format!("{w:?}")),
    ];
    prop_oneof![
        4 => (id.clone(), id.clone(), weight).prop_map(|(s, t, w)| format!("{s},{t},{w}")),
        1 => (id.clone(), "[A-Za-z: ]{0,12}").prop_map(|(i, name)| format!("# ALTERNATIVE NAME {i}: {name}")),
        1 => (0..40usize).prop_map(|m| format!("# NUMBER EDGES: {m}")),
        1 => "[0-9,;# .a-z-]{0,16}",
    ]
}

/// A file that is valid or has one possibly wrong line: distinct arcs
/// between declared pairs with positive weights, some altruists (by name
/// or by a 0-weight arc into them, whose positive in-arcs then make the
/// file wrong).
fn file() -> impl Strategy<Value = String> {
    (2..10usize).prop_flat_map(|n| {
        let arcs = prop::collection::btree_map(
            (1..=n, 1..=n),
            prop_oneof![1 => Just(0.0), 8 => 0.5f64..100.0, 1 => (1u32..5).prop_map(f64::from)],
            0..3 * n,
        );
        let named = prop::collection::vec((1..=n, prop::bool::weighted(0.2)), 0..n);
        let extra = prop::option::weighted(0.5, any_line(n));
        (arcs, named, extra, any::<prop::sample::Index>()).prop_map(
            move |(arcs, named, extra, at)| {
                let mut lines = vec![format!("# NUMBER ALTERNATIVES: {n}")];
                let mut seen = std::collections::BTreeSet::new();
                for (i, altruist) in named {
                    if seen.insert(i) {
                        let name = if altruist { "Altruist" } else { "Pair" };
                        lines.push(format!("# ALTERNATIVE NAME {i}: {name} {i}"));
                    }
                }
                for ((s, t), w) in arcs {
                    if s != t {
                        lines.push(format!("{s},{t},{w}"));
                    }
                }
                if let Some(line) = extra {
                    let at = 1 + at.index(lines.len());
                    lines.insert(at.min(lines.len()), line);
                }
                lines.join("\n") + "\n"
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        load(&text);
    }

    #[test]
    fn mutated_preflib_files_never_panic(
        edits in prop::collection::vec((0..SHIPPED.len(), any::<u8>(), 0..3u8), 1..8)
    ) {
        let mut bytes = SHIPPED.as_bytes().to_vec();
        for (at, b, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[at] = b,
                1 => bytes.insert(at, b),
                _ => { bytes.remove(at); }
            }
            if bytes.is_empty() { break; }
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            load(text);
        }
    }

    #[test]
    fn generated_files_are_refused_or_valid(text in file()) {
        load(&text);
    }

    #[test]
    fn absurd_headers_are_refused_without_allocating(
        n in prop_oneof![
            Just(u64::MAX),
            Just(1u64 << 40),
            Just(Limits::default().max_alternatives + 1),
            Limits::default().max_alternatives + 1..u64::MAX,
        ]
    ) {
        let text = format!("# NUMBER ALTERNATIVES: {n}\n1,2,1\n");
        prop_assert!(parse_wmd(&text).is_err());
    }
}

#[test]
fn the_shipped_instances_are_valid() {
    let g = parse_wmd(SHIPPED).expect("the shipped PrefLib instance reads");
    assert!(g.vertex_count() > 0 && g.arc_count() > 0);
    check(&g);
}

/// The generated files are not all refused: the acceptance branch of
/// `generated_files_are_refused_or_valid` is exercised (and so is refusal).
#[test]
fn generated_files_are_often_accepted_and_sometimes_refused() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = file();
    let (mut accepted, mut cleared) = (0, 0);
    for _ in 0..200 {
        let text = strategy.new_tree(&mut runner).expect("a file").current();
        if let Ok(g) = parse_wmd(&text) {
            accepted += 1;
            cleared += usize::from(g.arc_count() > 0);
            check(&g);
        }
    }
    assert!((60..200).contains(&accepted), "{accepted} of 200 accepted");
    assert!(cleared > 30, "{cleared} accepted graphs with arcs");
}
