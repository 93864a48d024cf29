//! SVG figures over the runs of an experiment: prisoners freed per run,
//! the stock's bands over time, relief per sanction over time.

use plotters::prelude::*;

use super::style::{
    BLUE, FONT, GREEN, PALETTE, RED, axes, finite, legend, padded, render, span, stroke, swatch,
};
use super::{Figure, FreedHistogram, PlotError, ReliefSeries, StockBands};

impl Figure for FreedHistogram {
    fn stem(&self) -> &'static str {
        "freed_histogram"
    }

    /// Bars of runs per number freed, and the median as a vertical line.
    fn svg(&self) -> Result<String, PlotError> {
        if self.freed.is_empty() {
            return Err(PlotError::Empty("no runs"));
        }
        let (lo, width, counts) = self.bins();
        let mut sorted: Vec<f64> = self.freed.iter().map(|&x| x as f64).collect();
        sorted.sort_by(f64::total_cmp);
        let median = crate::analysis::quantile(&sorted, 0.5).unwrap_or(0.0);
        let (w, x0) = (width as f64, lo as f64 - width as f64 / 2.0);
        let x1 = x0 + w * counts.len() as f64;
        let ymax = counts.iter().copied().max().unwrap_or(1) as f64 * 1.15;
        render(480, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!("Prisoners freed per run: {}", self.scenario),
                    (FONT, 20),
                )
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(x0..x1, 0.0..ymax)?;
            axes(
                &mut chart,
                "prisoners freed in the run (persons)",
                "runs (count)",
            )?;
            let bars = counts.iter().enumerate().map(|(i, &c)| {
                let l = x0 + w * i as f64;
                Rectangle::new([(l, 0.0), (l + w, c as f64)], BLUE.mix(0.8).filled())
            });
            chart
                .draw_series(bars)?
                .label(format!("runs ({} in all)", self.freed.len()))
                .legend(swatch(BLUE.mix(0.8)));
            chart
                .draw_series(LineSeries::new(
                    [(median, 0.0), (median, ymax)],
                    RED.stroke_width(2),
                ))?
                .label(format!("median: {median}"))
                .legend(stroke(RED, 2));
            legend(&mut chart, SeriesLabelPosition::UpperRight)
        })
    }
}

impl Figure for StockBands {
    fn stem(&self) -> &'static str {
        "prisoner_stock"
    }

    /// Top: the stock's 5-95% and 25-75% bands with the median. Bottom:
    /// mean new arrests and releases per round, on their own scale so the
    /// flows stay visible next to a stock a hundred times larger.
    fn svg(&self) -> Result<String, PlotError> {
        let n = self.rounds.len();
        if n == 0 {
            return Err(PlotError::Empty("no rounds"));
        }
        if self.quantiles.iter().any(|q| q.len() != n)
            || self.arrests.len() != n
            || self.releases.len() != n
        {
            return Err(PlotError::Data("series differ in length".into()));
        }
        for q in &self.quantiles {
            finite("a stock quantile", q)?;
        }
        finite("arrests", &self.arrests)?;
        finite("releases", &self.releases)?;
        let xs: Vec<f64> = self.rounds.iter().map(|&r| r as f64).collect();
        let (xl, xh) = span(&xs);
        let (yl, yh) = span(self.quantiles.iter().flatten());
        let (_, fh) = span(self.arrests.iter().chain(&self.releases));
        let unit = &self.round_unit;
        render(620, |root| {
            let (top, bottom) = root.split_vertically(400);
            let mut chart = ChartBuilder::on(&top)
                .caption(format!("Prisoners held: {}", self.scenario), (FONT, 20))
                .margin(16)
                .x_label_area_size(36)
                .y_label_area_size(72)
                .build_cartesian_2d(padded(xl, xh), padded(yl.min(0.0), yh))?;
            axes(
                &mut chart,
                &format!("round ({unit})"),
                "prisoners held (persons)",
            )?;
            for ((lo, hi), (alpha, name)) in [(0, 4), (1, 3)]
                .iter()
                .zip([(0.18, "5-95% of runs"), (0.35, "25-75% of runs")])
            {
                let band: Vec<(f64, f64)> = xs
                    .iter()
                    .zip(&self.quantiles[*hi])
                    .map(|(&x, &y)| (x, y))
                    .chain(
                        xs.iter()
                            .zip(&self.quantiles[*lo])
                            .rev()
                            .map(|(&x, &y)| (x, y)),
                    )
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        band,
                        BLUE.mix(alpha).filled(),
                    )))?
                    .label(name)
                    .legend(swatch(BLUE.mix(alpha)));
            }
            chart
                .draw_series(LineSeries::new(
                    xs.iter().zip(&self.quantiles[2]).map(|(&x, &y)| (x, y)),
                    BLUE.stroke_width(2),
                ))?
                .label("median")
                .legend(stroke(BLUE, 2));
            legend(&mut chart, SeriesLabelPosition::UpperLeft)?;

            let mut flows = ChartBuilder::on(&bottom)
                .margin(16)
                .x_label_area_size(44)
                .y_label_area_size(72)
                .build_cartesian_2d(padded(xl, xh), 0.0..(fh.max(1.0) * 1.15))?;
            axes(
                &mut flows,
                &format!("round ({unit})"),
                "per round (persons)",
            )?;
            for (series, c, name) in [
                (&self.arrests, RED, "new arrests (mean)"),
                (&self.releases, GREEN, "releases (mean)"),
            ] {
                flows
                    .draw_series(LineSeries::new(
                        xs.iter().zip(series).map(|(&x, &y)| (x, y)),
                        c.stroke_width(2),
                    ))?
                    .label(name)
                    .legend(stroke(c, 2));
            }
            legend(&mut flows, SeriesLabelPosition::UpperLeft)
        })
    }
}

impl Figure for ReliefSeries {
    fn stem(&self) -> &'static str {
        "relief"
    }

    /// One line per sanction.
    fn svg(&self) -> Result<String, PlotError> {
        let n = self.rounds.len();
        if n == 0 || self.sanctions.is_empty() {
            return Err(PlotError::Empty("no rounds or no sanctions"));
        }
        for (name, ys) in &self.sanctions {
            if ys.len() != n {
                return Err(PlotError::Data(format!(
                    "sanction {name} has {} values for {n} rounds",
                    ys.len()
                )));
            }
            finite(name, ys)?;
        }
        let xs: Vec<f64> = self.rounds.iter().map(|&r| r as f64).collect();
        let (xl, xh) = span(&xs);
        let (yl, yh) = span(self.sanctions.iter().flat_map(|s| &s.1));
        render(480, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!("Relief per sanction: {}", self.scenario),
                    (FONT, 20),
                )
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(72)
                .build_cartesian_2d(padded(xl, xh), padded(yl.min(0.0), yh))?;
            axes(
                &mut chart,
                &format!("round ({})", self.round_unit),
                &format!("relief ({})", self.unit),
            )?;
            for (i, (name, ys)) in self.sanctions.iter().enumerate() {
                let c = PALETTE[i % PALETTE.len()];
                chart
                    .draw_series(LineSeries::new(
                        xs.iter().zip(ys).map(|(&x, &y)| (x, y)),
                        c.stroke_width(2),
                    ))?
                    .label(name.as_str())
                    .legend(stroke(c, 2));
            }
            legend(&mut chart, SeriesLabelPosition::UpperLeft)
        })
    }
}
