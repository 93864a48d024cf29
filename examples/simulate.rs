//! An experiment on any scenario file.
//!
//! ```text
//! cargo run --release --example simulate -- FILE [--runs N] [--rounds R] [--seed S] [--threads T] [--json]
//!     [--plots DIR] [--report FILE.html]
//! ```

#[path = "shared/mod.rs"]
mod shared;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match shared::cli::parse(std::env::args().skip(1), true) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("usage: simulate FILE [flags]\n{}", shared::cli::FLAGS);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: simulate FILE [flags]\n{}",
                shared::cli::FLAGS
            );
            return ExitCode::from(2);
        }
    };
    let file = args.file.clone().unwrap_or_default();
    let done = shared::sweep::dispatch(args.file.as_deref(), &args);
    match done.and_then(|done| {
        if done {
            Ok(())
        } else {
            shared::run::scenario_file(&file, &args)
        }
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
