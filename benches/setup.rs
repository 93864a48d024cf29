//! Set-up benches. `simulation_new`: `Simulation::new` on seeded worlds of
//! 100, 1,000 and 10,000 governments, each valuing prisoners held by 3
//! others, to show the set-up grows with the number of negotiating pairs,
//! not with every pair of governments, nor with pairs times the world's
//! sanctions, favours or recognition values. `world_build`: `WorldBuilder`
//! on ring worlds with one addition of each kind per government, to show
//! building grows with the entities added, not with their square.

use criterion::{BatchSize, Criterion, criterion_group};
use detente::model::{
    Demand, FavourSpec, GovernmentId, GovernmentSpec, PrisonerSpec, World, WorldBuilder,
};
use detente::rules::Rulebook;
use detente::scenario::{Dynamics, Scenario};
use detente::simulate::Simulation;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;
use std::hint::black_box;

/// How many holders each government demands prisoners from.
const DEMANDS: usize = 3;

/// Scenario JSON with `n_gov` governments: each holds one prisoner, values
/// the prisoners of `DEMANDS` other governments drawn with `seed`, and
/// imposes on each of them a sanction they want relieved (so every such
/// pair talks). Every tenth government mediates for the next ten, so venue
/// look-ups are exercised; each government can do the first holder it
/// demands from a favour, which that holder values, and that holder values
/// recognition from it, so a set-up that scanned every favour or
/// recognition value per pair would grow with the square of the world.
fn world_json(n_gov: usize, seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // demands[g]: the distinct holders g wants prisoners from.
    let demands: Vec<Vec<usize>> = (0..n_gov)
        .map(|g| {
            let mut picked = Vec::with_capacity(DEMANDS);
            while picked.len() < DEMANDS {
                let h = rng.random_range(0..n_gov);
                if h != g && !picked.contains(&h) {
                    picked.push(h);
                }
            }
            picked
        })
        .collect();
    let mut valued_by = vec![Vec::new(); n_gov];
    for (g, holders) in demands.iter().enumerate() {
        for &h in holders {
            valued_by[h].push(g);
        }
    }
    let mut s = String::from("{\"name\": \"setup\", \"governments\": [");
    for g in 0..n_gov {
        let comma = if g > 0 { "," } else { "" };
        let _ = write!(s, "{comma}{{\"id\": \"G{g}\", \"discount\": 0.99");
        if g % 10 == 0 {
            let members: Vec<String> = (g + 1..(g + 11).min(n_gov))
                .map(|m| format!("\"G{m}\""))
                .collect();
            let _ = write!(s, ", \"mediates\": [{}]", members.join(","));
        }
        s.push('}');
    }
    s.push_str("], \"prisoners\": [");
    for (h, by) in valued_by.iter().enumerate() {
        let comma = if h > 0 { "," } else { "" };
        let mut values = format!("\"G{h}\": -1.0");
        for g in by {
            let _ = write!(values, ", \"G{g}\": 1.0");
        }
        let _ = write!(
            s,
            "{comma}{{\"id\": \"p{h}\", \"held_by\": \"G{h}\", \"valued_by\": {{{values}}}}}"
        );
    }
    s.push_str("], \"sanctions\": [");
    let mut first = true;
    for (g, holders) in demands.iter().enumerate() {
        for &h in holders {
            let comma = if first { "" } else { "," };
            first = false;
            let _ = write!(
                s,
                "{comma}{{\"id\": \"s{g}_{h}\", \"imposer\": \"G{g}\", \"target\": \"G{h}\", \"cost_to_target\": 1.0, \"relief\": [{{\"kind\": \"delist\"}}], \"valued_by\": {{\"G{h}\": 10.0}}}}"
            );
        }
    }
    // One favour per government, to the first holder it demands from, who
    // values it and values recognition from it.
    let (mut favours, mut recognition) = (Vec::new(), Vec::new());
    for (g, holders) in demands.iter().enumerate() {
        let h = holders[0];
        favours.push(format!(
            "{{\"id\": \"f{g}\", \"from\": \"G{g}\", \"to\": \"G{h}\", \"value\": 2.0, \"cost\": 0.5}}"
        ));
        recognition.push(format!(
            "{{\"by\": \"G{h}\", \"recognition_from\": \"G{g}\", \"value\": 1.5}}"
        ));
    }
    let _ = write!(
        s,
        "], \"favours\": [{}], \"valuations\": [{}",
        favours.join(","),
        recognition.join(",")
    );
    s.push_str("]}");
    s
}

fn world(n_gov: usize) -> (World, Rulebook) {
    let scenario = Scenario::from_json_str(&world_json(n_gov, 18)).expect("bench scenario parses");
    let world = scenario.build().expect("bench scenario builds");
    (world, scenario.rulebook())
}

fn simulation_new(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulation_new");
    g.sample_size(10);
    for n_gov in [100, 1_000, 10_000] {
        let (world, rules) = world(n_gov);
        g.bench_function(format!("{n_gov}_governments"), |b| {
            b.iter_batched(
                || (world.clone(), rules.clone()),
                |(w, r)| {
                    let sim = Simulation::new(black_box(w), r, Dynamics::default())
                        .expect("bench world simulates");
                    // Every demand is a pair that talks: a set-up that lost
                    // pairs must not look fast.
                    assert_eq!(sim.pairs().len(), n_gov * DEMANDS);
                    sim
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Builds a world of `n` governments in a ring, each holding one prisoner
/// its successor wants, allied to its successor, owing it a favour, valued
/// for recognising it, demanding its prisoner, and listed by government 0
/// as a party it mediates for: one addition of each kind per government,
/// each checked against everything added before it.
fn ring_world(n: usize) -> World {
    let mut b = WorldBuilder::new("ring");
    let g: Vec<GovernmentId> = (0..n)
        .map(|i| b.government(GovernmentSpec::new(&format!("G{i}"))).unwrap())
        .collect();
    let next = |i: usize| (i + 1) % n;
    for i in 0..n {
        b.prisoner(PrisonerSpec::new(&format!("p{i}"), g[i], g[next(i)]))
            .unwrap();
    }
    for i in 0..n {
        let j = next(i);
        b.alliance(g[i], g[j], 0.1).unwrap();
        b.favour(FavourSpec::new(&format!("f{i}"), g[i], g[j], 1.0))
            .unwrap();
        b.value_recognition(g[j], g[i], g[j], 1.0).unwrap();
        let prisoners = vec![b.prisoner_by_key(&format!("p{j}")).unwrap()];
        b.demand(Demand::MustHave {
            by: g[i],
            prisoners,
        })
        .unwrap();
        b.mediation(g[0], g[i]).unwrap();
    }
    b.build().expect("ring world builds")
}

/// `WorldBuilder` on ring worlds of 1,000, 10,000 and 40,000 governments:
/// building grows with the entities added, not with their square.
fn world_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("world_build");
    g.sample_size(10);
    for n in [1_000, 10_000, 40_000] {
        g.bench_function(format!("{n}_governments"), |b| {
            b.iter(|| {
                let world = ring_world(black_box(n));
                assert_eq!(world.favours().len(), n);
                world
            })
        });
    }
    g.finish();
}

criterion_group!(benches, simulation_new, world_build);

/// `DETENTE_SETUP_ONCE=N` builds the world of `N` governments and runs
/// `Simulation::new` once, for instruction counts under callgrind
/// (BENCHMARKS.md: `--toggle-collect='*Simulation*new*'`), where wall time
/// would be dominated by the cache sizes of the machine. With
/// `DETENTE_SETUP_REPS=K` as well it runs the set-up `K` times, each on a
/// fresh clone made outside the timer as criterion does, and prints the
/// fastest and the median time per negotiating pair: the cost of a pair
/// at any world size, not only the three the criterion group measures.
fn main() {
    if let Some(n) = std::env::var("DETENTE_SETUP_ONCE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let (world, rules) = world(n);
        let reps = std::env::var("DETENTE_SETUP_REPS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let (w, r) = (world.clone(), rules.clone());
            let start = std::time::Instant::now();
            let sim = Simulation::new(w, r, Dynamics::default()).expect("bench world simulates");
            times.push(start.elapsed());
            assert_eq!(sim.pairs().len(), n * DEMANDS);
        }
        if reps > 1 {
            times.sort();
            let per_pair = |t: std::time::Duration| t.as_nanos() as f64 / (n * DEMANDS) as f64;
            println!(
                "{n} governments, {} pairs, {reps} set-ups: fastest {:.0} ns per pair, median {:.0} ns per pair",
                n * DEMANDS,
                per_pair(times[0]),
                per_pair(times[reps / 2]),
            );
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
