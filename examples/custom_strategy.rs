//! A user-defined strategy in a few lines, negotiating against the shipped
//! ones on a NegMAS benchmark instance.
//!
//! ```text
//! cargo run --example custom_strategy
//! ```

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::outln;

use clap::Parser;
use detente::negotiate::{
    Outcome, OutcomeIndex, Response, Sao, Strategy, TimeBased, TitForTat, View, domains,
};

/// Starts at its best outcome and lowers its demand by a fixed step each
/// round, never below its reservation value; accepts anything at least as
/// good as its current demand.
struct Stepper {
    step: f64,
    index: OutcomeIndex,
}

impl Strategy for Stepper {
    fn init(&mut self, v: &View<'_>) {
        self.index.build(v.space, v.utility());
    }
    fn propose(&mut self, v: &View<'_>) -> Outcome {
        let demand = self.demand(v);
        self.index
            .lowest_at_least(demand)
            .map_or(self.index.best().0, |(o, _)| o)
    }
    fn respond(&mut self, v: &View<'_>, offer: Outcome) -> Response {
        if v.utility().eval(offer) >= self.demand(v) {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}

impl Stepper {
    fn demand(&self, v: &View<'_>) -> f64 {
        (self.index.best().1 - self.step * v.step as f64).max(v.utility().reserved_value())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // No flags; parsing still answers --help and refuses unknown flags.
    cli::custom_strategy::Args::parse();
    let (space, ua, ub) = domains::negmas_instance(3, 42, 0)?;
    let opponents: Vec<(&str, Box<dyn Strategy>)> = vec![
        ("boulware", Box::new(TimeBased::boulware())),
        ("conceder", Box::new(TimeBased::conceder())),
        ("tit-for-tat", Box::new(TitForTat::new())),
    ];
    for (name, mut other) in opponents {
        let mut mine = Stepper {
            step: 0.01,
            index: OutcomeIndex::default(),
        };
        let r = Sao::new(100).run(&space, &[&ua, &ub], &mut [&mut mine, &mut *other])?;
        match r.agreement {
            Some(o) => outln!(
                "stepper vs {name}: agreement {:?} after {} steps, utilities ({:.3}, {:.3})",
                space.values(o),
                r.steps,
                detente::negotiate::Utility::eval(&ua, o),
                detente::negotiate::Utility::eval(&ub, o)
            ),
            None => outln!("stepper vs {name}: no agreement in {} steps", r.steps),
        }
    }
    Ok(())
}
