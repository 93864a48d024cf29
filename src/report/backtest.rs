//! A backtest as text: the forecast month by month beside the record and
//! the baselines, then the scores.

use super::record::month_label;
use crate::calibrate::backtest::{Backtest, ForecastCell, Quantity};
use std::fmt::Write;

fn value(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |x| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    })
}

fn cell(c: &ForecastCell) -> String {
    let mark = match c.covered() {
        Some(true) => " ",
        Some(false) => "*",
        None => " ",
    };
    format!(
        "{:>6} {:>16}{mark}",
        value(c.record),
        format!("{} [{}–{}]", c.band[1], c.band[0], c.band[2])
    )
}

/// The forecast of `b`: per month, each quantity's record and forecast
/// median [5th–95th] (`*` marks a record outside the band), then per
/// quantity the coverage of the 90% bands, their mean width, and the CRPS
/// of the forecast and of both baselines.
///
/// ```
/// use detente::calibrate::backtest::{Backtest, ForecastSettings};
/// let b = Backtest {
///     pair: ["USA".into(), "BLR".into()], start: "2025-01-01".into(),
///     cutoff: "2025-06-30".into(), cutoff_round: 6, horizon: 12, draws: 0,
///     settings: ForecastSettings { runs_per_draw: 1, rounds: 12, seed: 0 },
///     months: vec![], scores: vec![],
/// };
/// assert!(detente::report::backtest_table(&b).contains("2025-06-30"));
/// ```
pub fn backtest_table(b: &Backtest) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Forecast of {}-{} after {} (rounds {}–{}), posterior predictive: {} draws x {} runs, seed {}",
        b.pair[0],
        b.pair[1],
        b.cutoff,
        b.cutoff_round,
        b.horizon.saturating_sub(1),
        b.draws,
        b.settings.runs_per_draw,
        b.settings.seed
    );
    let _ = writeln!(
        s,
        "record beside the forecast's median [5th–95th]; * marks a record outside the band"
    );
    let _ = writeln!(
        s,
        "{:<9} {:>24} {:>24} {:>24}",
        "month", "deals since cutoff", "freed since cutoff", "stock after"
    );
    for m in &b.months {
        let _ = writeln!(
            s,
            "{:<9} {} {} {}",
            month_label(&b.start, m.round),
            cell(&m.cells[0]),
            cell(&m.cells[1]),
            cell(&m.cells[2])
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<34} {:>8} {:>11} {:>11} {:>14} {:>14}  beats both",
        "score (CRPS summed over rounds)",
        "covered",
        "mean width",
        "forecast",
        "previous year",
        "first-half rate"
    );
    for q in Quantity::ALL {
        let Some(sc) = b.score(q) else { continue };
        let _ = writeln!(
            s,
            "{:<34} {:>8} {:>11.1} {:>11.1} {:>14} {:>14}  {}",
            q.name(),
            format!("{}/{}", sc.covered, sc.rounds),
            sc.mean_width,
            sc.crps,
            value(sc.previous_year.map(|x| (x * 10.0).round() / 10.0)),
            value(sc.first_half.map(|x| (x * 10.0).round() / 10.0)),
            if sc.rounds == 0 {
                "-"
            } else if sc.beats_baselines() {
                "yes"
            } else {
                "no"
            }
        );
    }
    s
}
