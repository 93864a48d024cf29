//! The record beside the simulation, as text: month by month, then the
//! target checks (see [`history::record`](crate::history::record)).

use crate::history::record::{MonthRow, TargetCheck, Targets};
use std::fmt::Write;

/// Month names from the record's start date (`Jan 2025`, ...), or `round k`
/// when the start is not a date.
pub(super) fn month_label(start: &str, k: u32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ym = start
        .get(0..4)
        .and_then(|y| y.parse::<u32>().ok())
        .zip(start.get(5..7).and_then(|m| m.parse::<u32>().ok()));
    match ym {
        Some((y, m)) if (1..=12).contains(&m) => {
            let i = m - 1 + k;
            format!("{} {}", NAMES[(i % 12) as usize], y + i / 12)
        }
        _ => format!("round {k}"),
    }
}

fn band(b: [u32; 3]) -> String {
    format!("{} [{}–{}]", b[1], b[0], b[2])
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The record of `t` beside the simulated percentiles: one line per month
/// (cumulative deals and people freed in the pair's deals, the stock after
/// the month; simulated as median [5th–95th]), then one line per check.
///
/// ```
/// use detente::history::record::Targets;
/// use detente::report::record_table;
/// let t = Targets {
///     demander: "USA".into(), holder: "BLR".into(), start: "2025-01-01".into(),
///     rounds: 0, deals: vec![], first_deal_round: None, deal_count: 0, freed: 0,
///     deals_by_round: vec![], freed_by_round: vec![], people_per_deal: vec![],
///     given: vec![], stock: vec![], second_reading: None,
/// };
/// assert!(record_table(&t, &[], &[]).contains("USA"));
/// ```
pub fn record_table(t: &Targets, months: &[MonthRow], checks: &[TargetCheck]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The record ({} deals with {}, from {}) beside the simulation: median [5th–95th]",
        t.demander, t.holder, t.start
    );
    let _ = writeln!(
        s,
        "  {:<9} {:>6} {:>14} {:>7} {:>16} {:>7} {:>20}",
        "month", "deals", "simulated", "freed", "simulated", "stock", "simulated"
    );
    for m in months {
        let stock = m.stock.map_or_else(|| "–".to_string(), |x| x.to_string());
        let _ = writeln!(
            s,
            "  {:<9} {:>6} {:>14} {:>7} {:>16} {:>7} {:>20}",
            month_label(&t.start, m.round),
            m.deals,
            band(m.sim_deals),
            m.freed,
            band(m.sim_freed),
            stock,
            band(m.sim_stock),
        );
    }
    for d in &t.deals {
        let given: Vec<&str> = d.given.iter().map(|g| g.name()).collect();
        let _ = writeln!(
            s,
            "  record: {} (round {}): {} freed, gave {}",
            d.label,
            d.round,
            d.freed,
            if given.is_empty() {
                "nothing priced".to_string()
            } else {
                given.join(", ")
            }
        );
    }
    for c in checks {
        let verdict = match c.inside {
            Some(true) => "inside",
            Some(false) => "OUTSIDE",
            None => "no record",
        };
        let record = c.record.map_or_else(|| "–".to_string(), num);
        let tag = if c.sensitivity { " (sensitivity)" } else { "" };
        let note = if c.note.is_empty() {
            String::new()
        } else {
            format!("; {}", c.note)
        };
        let _ = writeln!(
            s,
            "  {}{tag}: record {record}, simulated {} [{}–{}]: {verdict}{note}",
            c.name,
            num(c.p50),
            num(c.p5),
            num(c.p95),
        );
    }
    s
}
