//! The command-line parsers of every example (`examples/cli/`): the first
//! byte picks the example, the rest, split at NUL bytes, is the argument
//! list (not necessarily UTF-8). Parsing never panics, and an accepted
//! count flag is inside its `Limits`. The same checks as
//! `tests/it/fuzz_inputs.rs`.
#![no_main]

use clap::Parser;
use detente::limits::Limits;
use libfuzzer_sys::fuzz_target;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

#[path = "../../examples/cli/mod.rs"]
mod cli;

fn experiment(f: &cli::experiment::ExperimentFlags) {
    let limits = Limits::default();
    assert!((1..=limits.max_runs).contains(&f.runs), "{f:?}");
    if let Some(r) = f.rounds {
        assert!((1..=limits.max_rounds).contains(&u64::from(r)), "{f:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mut args = vec![OsString::from("example")];
    if !rest.is_empty() {
        args.extend(rest.split(|&b| b == 0).map(|a| OsString::from_vec(a.to_vec())));
    }
    match which % 11 {
        0 => {
            if let Ok(a) = cli::simulate::Args::try_parse_from(&args) {
                experiment(&a.flags);
            }
        }
        1 => {
            if let Ok(a) = cli::belarus_2025::Args::try_parse_from(&args) {
                experiment(&a.flags);
            }
        }
        2 => {
            if let Ok(a) = cli::soak::Args::try_parse_from(&args) {
                assert!(a.runs >= 1 && a.batch >= 1);
            }
        }
        3 => {
            if let Ok(a) = cli::history::Args::try_parse_from(&args) {
                assert!(a.runs >= 1);
            }
        }
        4 => {
            let _ = cli::clear_exchange::Args::try_parse_from(&args);
        }
        5 => {
            let _ = cli::conflict::Args::try_parse_from(&args);
        }
        6 => {
            let _ = cli::explore::Args::try_parse_from(&args);
        }
        7 => {
            let _ = cli::inspect::Args::try_parse_from(&args);
        }
        8 => {
            if let Ok(a) = cli::tournament::Args::try_parse_from(&args) {
                assert!(a.reps as u64 <= Limits::default().max_runs);
            }
        }
        9 => {
            let _ = cli::peer_negmas::Args::try_parse_from(&args);
        }
        _ => {
            let _ = cli::custom_strategy::Args::try_parse_from(&args);
        }
    }
});
