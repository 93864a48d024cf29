//! SVG rendering with plotters (SVG backend, built-in text metrics: no
//! system font): shared style, the histogram and the stock bands.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::{Figure, FreedHistogram, PlotError, StockBands};

/// Okabe-Ito colours: distinguishable with every common colour-vision
/// deficiency.
pub(super) const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(120, 120, 120),
];
pub(super) const BLUE: RGBColor = PALETTE[0];
pub(super) const ORANGE: RGBColor = PALETTE[1];
pub(super) const GREEN: RGBColor = PALETTE[2];
pub(super) const RED: RGBColor = PALETTE[3];
pub(super) const GREY: RGBColor = PALETTE[6];

pub(super) const FONT: &str = "sans-serif";
pub(super) const WIDTH: u32 = 800;

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// Renders `draw` on a white `WIDTH x height` SVG canvas.
pub(super) fn render(
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> Result<(), PlotError>,
) -> Result<String, PlotError> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(buf)
}

/// Fails on a non-finite number in `xs`.
pub(super) fn finite<'a>(
    what: &str,
    xs: impl IntoIterator<Item = &'a f64>,
) -> Result<(), PlotError> {
    if xs.into_iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(PlotError::Data(format!("{what} has a non-finite value")))
    }
}

/// `lo..hi` widened by 5% on each side (and to a unit span when flat).
pub(super) fn padded(lo: f64, hi: f64) -> Range<f64> {
    if hi > lo {
        let pad = (hi - lo) * 0.05;
        lo - pad..hi + pad
    } else {
        lo - 0.5..hi + 0.5
    }
}

/// Min and max of the values.
pub(super) fn span<'a>(xs: impl IntoIterator<Item = &'a f64>) -> (f64, f64) {
    xs.into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// Tick labels with as many decimals as a span of `hi - lo` needs
/// (rounds and persons print as integers).
pub(super) fn ticks(range: &Range<f64>) -> impl Fn(&f64) -> String + use<> {
    let span = range.end - range.start;
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else {
        2
    };
    move |x: &f64| format!("{x:.decimals$}")
}

/// Draws the axes with their descriptions, bold grid lines only, and
/// tick labels from [`ticks`].
pub(super) fn axes<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    x_desc: &str,
    y_desc: &str,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let (fx, fy) = (ticks(&chart.x_range()), ticks(&chart.y_range()));
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style((FONT, 14))
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(|e| PlotError::Draw(e.to_string()))
}

/// Draws the legend box of a chart.
pub(super) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    at: SeriesLabelPosition,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(at)
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| PlotError::Draw(e.to_string()))
}

/// A legend swatch: a filled box.
pub(super) fn swatch(c: RGBAColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], c.filled())
}

/// A legend swatch: a line.
pub(super) fn stroke(c: RGBColor, w: u32) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(w))
}

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
