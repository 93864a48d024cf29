//! Simulated bands against the record, in panels: the backtest's forecast
//! (with the naive baselines) and the main job's year beside its record.

use serde::{Deserialize, Serialize};

use crate::calibrate::backtest::{Backtest, ForecastCell, Quantity};
use crate::history::record::MonthRow;

/// One panel: a quantity's simulated band per round, the record and any
/// named reference lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandPanel {
    /// What is shown (`deals since the cutoff`).
    pub title: String,
    /// The y axis, with its unit (`deals (count)`).
    pub y_label: String,
    /// `(round, 5th, 50th, 95th percentile)`.
    pub band: Vec<(f64, f64, f64, f64)>,
    /// `(round, value)` where the record counts it.
    pub record: Vec<(f64, f64)>,
    /// Reference lines (a backtest's naive forecasts): name and `(round, value)`.
    pub lines: Vec<(String, Vec<(f64, f64)>)>,
}

/// Which figure a [`BandsPlot`] is (it names the file).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandsKind {
    /// A backtest's forecast: `backtest_forecast.svg`.
    Forecast,
    /// A run beside its record: `record_bands.svg`.
    Record,
}

/// Simulated 5–95% bands and medians against the record, one panel per
/// quantity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandsPlot {
    /// Which figure.
    pub kind: BandsKind,
    /// Title.
    pub title: String,
    /// The panels, top to bottom.
    pub panels: Vec<BandPanel>,
}

fn y_label(q: Quantity) -> &'static str {
    match q {
        Quantity::Deals => "deals (count)",
        Quantity::FreedInDeals => "prisoners freed (persons)",
        Quantity::Stock => "prisoners held (persons)",
    }
}

impl BandsPlot {
    /// The forecast of `backtest` (deals and freed since the cutoff, the
    /// stock), with the two naive forecasts as lines, titled with
    /// `scenario`.
    pub fn from_backtest(scenario: &str, backtest: &Backtest) -> Self {
        let panels = Quantity::ALL
            .iter()
            .enumerate()
            .map(|(qi, q)| {
                let cells = || {
                    backtest
                        .months
                        .iter()
                        .map(move |m| (f64::from(m.round), &m.cells[qi]))
                };
                let points = |f: fn(&ForecastCell) -> Option<f64>| -> Vec<(f64, f64)> {
                    cells().filter_map(|(x, c)| f(c).map(|y| (x, y))).collect()
                };
                BandPanel {
                    title: q.name().to_string(),
                    y_label: y_label(*q).into(),
                    band: cells()
                        .map(|(x, c)| (x, c.band[0], c.band[1], c.band[2]))
                        .collect(),
                    record: points(|c| c.record),
                    lines: vec![
                        ("previous year repeated".into(), points(|c| c.previous_year)),
                        (
                            "first-half rate carried forward".into(),
                            points(|c| c.first_half),
                        ),
                    ],
                }
            })
            .collect();
        BandsPlot {
            kind: BandsKind::Forecast,
            title: format!(
                "{scenario}: forecast after {} (posterior predictive, {} draws x {} runs)",
                backtest.cutoff, backtest.draws, backtest.settings.runs_per_draw
            ),
            panels,
        }
    }

    /// A run beside its record month by month
    /// ([`history::record::monthly`](crate::history::record::monthly)):
    /// cumulative deals and people freed in the pair's deals, and the stock
    /// after each month where the series counts it.
    pub fn from_record(title: impl Into<String>, months: &[MonthRow]) -> Self {
        let x = |m: &MonthRow| f64::from(m.round);
        let band =
            |b: [u32; 3], m: &MonthRow| (x(m), f64::from(b[0]), f64::from(b[1]), f64::from(b[2]));
        let panel = |q: Quantity, title: &str, band: Vec<_>, record: Vec<_>| BandPanel {
            title: title.into(),
            y_label: y_label(q).into(),
            band,
            record,
            lines: Vec::new(),
        };
        BandsPlot {
            kind: BandsKind::Record,
            title: title.into(),
            panels: vec![
                panel(
                    Quantity::Deals,
                    "deals (cumulative)",
                    months.iter().map(|m| band(m.sim_deals, m)).collect(),
                    months.iter().map(|m| (x(m), f64::from(m.deals))).collect(),
                ),
                panel(
                    Quantity::FreedInDeals,
                    "freed in deals (cumulative)",
                    months.iter().map(|m| band(m.sim_freed, m)).collect(),
                    months.iter().map(|m| (x(m), f64::from(m.freed))).collect(),
                ),
                panel(
                    Quantity::Stock,
                    "stock after the month",
                    months.iter().map(|m| band(m.sim_stock, m)).collect(),
                    months
                        .iter()
                        .filter_map(|m| m.stock.map(|s| (x(m), f64::from(s))))
                        .collect(),
                ),
            ],
        }
    }
}

#[cfg(feature = "plots")]
mod render {
    use plotters::prelude::*;

    use super::super::style::{
        BLUE, FONT, GREEN, GREY, ORANGE, RED, axes, finite, legend, padded, render, span, stroke,
        swatch,
    };
    use super::super::{Figure, PlotError};
    use super::{BandsKind, BandsPlot};

    impl Figure for BandsPlot {
        fn stem(&self) -> &'static str {
            match self.kind {
                BandsKind::Forecast => "backtest_forecast",
                BandsKind::Record => "record_bands",
            }
        }

        /// One panel per quantity, stacked: the band as a shaded area with
        /// its median, the record as dots, the reference lines as lines.
        fn svg(&self) -> Result<String, PlotError> {
            if self.panels.is_empty() || self.panels.iter().all(|p| p.band.is_empty()) {
                return Err(PlotError::Empty("no forecast rounds"));
            }
            for p in &self.panels {
                finite(
                    "a band",
                    p.band.iter().flat_map(|b| [&b.0, &b.1, &b.2, &b.3]),
                )?;
                finite(
                    "a point",
                    p.record
                        .iter()
                        .chain(p.lines.iter().flat_map(|l| &l.1))
                        .flat_map(|q| [&q.0, &q.1]),
                )?;
            }
            let height = 40 + 260 * self.panels.len() as u32;
            render(height, |root| {
                let root = root.titled(&self.title, (FONT, 18))?;
                let areas = root.split_evenly((self.panels.len(), 1));
                for (p, area) in self.panels.iter().zip(&areas) {
                    let xs: Vec<f64> = p.band.iter().map(|b| b.0).collect();
                    let ys: Vec<f64> = p
                        .band
                        .iter()
                        .flat_map(|b| [b.1, b.3])
                        .chain(
                            p.record
                                .iter()
                                .chain(p.lines.iter().flat_map(|l| &l.1))
                                .map(|q| q.1),
                        )
                        .collect();
                    let (xl, xh) = span(&xs);
                    let (yl, yh) = span(&ys);
                    let mut chart = ChartBuilder::on(area)
                        .caption(&p.title, (FONT, 16))
                        .margin(12)
                        .x_label_area_size(36)
                        .y_label_area_size(64)
                        .build_cartesian_2d(padded(xl, xh), padded(yl, yh))?;
                    axes(
                        &mut chart,
                        "round (month, 0 = the record's start)",
                        &p.y_label,
                    )?;
                    let poly: Vec<(f64, f64)> = p
                        .band
                        .iter()
                        .map(|b| (b.0, b.3))
                        .chain(p.band.iter().rev().map(|b| (b.0, b.1)))
                        .collect();
                    chart
                        .draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.2).filled())))?
                        .label("simulated 5-95%")
                        .legend(swatch(BLUE.mix(0.2)));
                    chart
                        .draw_series(LineSeries::new(
                            p.band.iter().map(|b| (b.0, b.2)),
                            BLUE.stroke_width(2),
                        ))?
                        .label("simulated median")
                        .legend(stroke(BLUE, 2));
                    for ((name, points), color) in p.lines.iter().zip([GREY, ORANGE, RED]) {
                        if !points.is_empty() {
                            chart
                                .draw_series(LineSeries::new(
                                    points.iter().copied(),
                                    color.stroke_width(2),
                                ))?
                                .label(name.as_str())
                                .legend(stroke(color, 2));
                        }
                    }
                    chart
                        .draw_series(
                            p.record
                                .iter()
                                .map(|&(x, y)| Circle::new((x, y), 4, GREEN.filled())),
                        )?
                        .label("record")
                        .legend(swatch(GREEN.to_rgba()));
                    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
                }
                Ok(())
            })
        }
    }
}
