//! The readable summary of an experiment.

use std::io::{self, Write};

use detente::simulate::{ExperimentResults, Quantiles, Simulation};

fn n(x: f64) -> String {
    let r = x.round() as i64;
    let s = r.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if r < 0 { format!("-{out}") } else { out }
}

fn band(q: &Quantiles) -> String {
    format!("{:>7} [{} – {}]", n(q.mean), n(q.p5), n(q.p95))
}

/// Prints what the experiment found, for people.
pub fn print(
    out: &mut impl Write,
    sim: &Simulation,
    r: &ExperimentResults,
    seconds: f64,
) -> io::Result<()> {
    let w = sim.world();
    let b = r.brief();
    let unit = w.name();
    let strategies: Vec<String> = r
        .pairs
        .iter()
        .flat_map(|(d, h)| [d.clone(), h.clone()])
        .fold(Vec::new(), |mut v, g| {
            if !v.contains(&g) {
                v.push(g);
            }
            v
        })
        .into_iter()
        .map(|g| {
            let i = r.governments.iter().position(|x| *x == g).unwrap_or(0);
            format!("{g} {}", r.strategies[i])
        })
        .collect();
    // A scenario whose governments never negotiate has no strategies to name.
    let strategies = if strategies.is_empty() {
        String::new()
    } else {
        format!("; strategies: {}", strategies.join(", "))
    };
    writeln!(
        out,
        "{unit}: {} runs x {} rounds, seed {} ({:.2} s){strategies}",
        n(r.runs as f64),
        r.rounds,
        r.seed,
        seconds,
    )?;
    writeln!(
        out,
        "At the start {} prisoners are held.",
        n(f64::from(b.initial_held))
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "After {} rounds, per run: mean [5th – 95th percentile]",
        r.rounds
    )?;
    writeln!(out, "  held at the end     {}", band(&b.held_at_end))?;
    writeln!(out, "  freed, all causes   {}", band(&b.freed))?;
    writeln!(out, "    in deals          {}", band(&b.freed_by_deal))?;
    if r.dependants_freed.count() > 0 {
        writeln!(
            out,
            "  + dependants who left with their families {}",
            band(&r.dependants_freed.quantiles())
        )?;
    }
    writeln!(
        out,
        "    end of sentence   {}",
        band(&r.freed_by_sentence.quantiles())
    )?;
    writeln!(
        out,
        "    pardoned          {}",
        band(&r.pardoned.quantiles())
    )?;
    writeln!(
        out,
        "    medical release   {}",
        band(&r.medical.quantiles())
    )?;
    writeln!(out, "  newly arrested      {}", band(&b.arrested))?;
    writeln!(out, "  died in custody     {}", band(&b.deceased))?;
    writeln!(out)?;
    let with_deal = r.runs - r.runs_without_deal;
    writeln!(
        out,
        "Deals: {:.2} per run; {:.0}% of runs have at least one; the first comes in round {} (median; 5th–95th: {}–{}).",
        b.deals.mean,
        100.0 * with_deal as f64 / r.runs.max(1) as f64,
        b.first_deal_round.p50 + 1.0,
        b.first_deal_round.p5 + 1.0,
        b.first_deal_round.p95 + 1.0,
    )?;
    let c = &r.counters;
    if c.packages.count() > 0 {
        writeln!(
            out,
            "The mediator's multilateral packages: {:.2} per run, freeing {:.2} per run (counted in the deals and the freed above).",
            c.packages.quantiles().mean,
            c.freed_by_package.quantiles().mean,
        )?;
    }
    writeln!(
        out,
        "Per run: {:.2} agreements refused by the rules, {:.2} defections, {:.2} snapbacks, {:.2} escalations, {:.2} changes of government.",
        c.rejected.quantiles().mean,
        c.defections.quantiles().mean,
        c.snapbacks.quantiles().mean,
        c.escalations.quantiles().mean,
        c.government_changes.quantiles().mean,
    )?;
    if r.runs > 0 && r.runs_without_deal == r.runs {
        writeln!(out)?;
        writeln!(out, "No run reached a deal. Why:")?;
        for line in sim.diagnose(Some(r)).to_string().lines() {
            writeln!(out, "  {line}")?;
        }
    }
    let mut shapes: Vec<_> = r.deal_shapes.iter().collect();
    shapes.sort_by(|a, b| b.count.cmp(&a.count).then(a.outcome.cmp(&b.outcome)));
    if !shapes.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Most common deals (per 100 runs; usual round; freed per deal; mean payoff change demander / holder):"
        )?;
        for s in shapes.iter().take(8) {
            let per = 100.0 * s.count as f64 / r.runs.max(1) as f64;
            let q = s.rounds.quantiles();
            writeln!(
                out,
                "  {:>6.1}  round {:>2} ({}–{})  {:>5.1} freed  {:>+8.2} / {:>+8.2}  {}",
                per,
                q.p50 + 1.0,
                q.p5 + 1.0,
                q.p95 + 1.0,
                s.released as f64 / s.count as f64,
                s.delta_demander.value() / s.count as f64,
                s.delta_holder.value() / s.count as f64,
                s.description
            )?;
        }
    }
    if !r.relief.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Relief (share of runs relieved in a deal; mean level at the end; mean rounds of full relief):"
        )?;
        for s in &r.relief {
            writeln!(
                out,
                "  {:<14} {:>5.1}%  {:>5.2}  {:>6.2}",
                s.sanction,
                100.0 * s.granted_runs as f64 / r.runs.max(1) as f64,
                s.level_at_end.mean().unwrap_or(0.0),
                s.relief_rounds.mean().unwrap_or(0.0)
            )?;
        }
    }
    // Governments with nothing at stake are left out; the heading only when
    // some are left.
    let payoffs: Vec<(&String, Quantiles)> = r
        .governments
        .iter()
        .zip(&r.payoff)
        .map(|(g, p)| (g, p.quantiles()))
        .filter(|(_, q)| q.mean != 0.0 || q.p5 != 0.0 || q.p95 != 0.0)
        .collect();
    if !payoffs.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Payoffs, discounted over the run (mean [5th – 95th percentile]):"
        )?;
        for (g, q) in payoffs {
            writeln!(
                out,
                "  {:<4} {:>9.1} [{:.1} – {:.1}]",
                g, q.mean, q.p5, q.p95
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Prisoners held by round (5th / median / 95th percentile; freed in deals and arrested, mean per run):"
    )?;
    let step = (r.rounds as usize / 8).max(1);
    for (i, h) in r.stock.iter().enumerate() {
        if !i.is_multiple_of(step) && i != r.stock.len() - 1 {
            continue;
        }
        let q = h.quantiles();
        let (freed, taken) = if i == 0 {
            (0.0, 0.0)
        } else {
            let runs = r.runs.max(1) as f64;
            (
                r.freed_by_deal_per_round[..i].iter().sum::<u64>() as f64 / runs,
                r.arrested_per_round[..i].iter().sum::<u64>() as f64 / runs,
            )
        };
        writeln!(
            out,
            "  round {:>3}: {:>6} / {:>6} / {:>6}   freed in deals so far {:>7.1}, arrested so far {:>7.1}",
            i,
            n(q.p5),
            n(q.p50),
            n(q.p95),
            freed,
            taken
        )?;
    }
    Ok(())
}
