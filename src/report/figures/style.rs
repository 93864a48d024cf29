//! The shared look of every SVG figure (plotters' SVG backend with
//! built-in text metrics: no system font): palette, canvas, axes, legends.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::PlotError;

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
