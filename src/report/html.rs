//! A one-file HTML report: inline SVG figures and CSS, no script and no
//! network, so it opens from disk anywhere and can be mailed as is.

use std::fmt::Write as _;

use super::figures::{DealTimeline, Figure, PlotError};

/// A self-contained HTML report: scenario summary, key numbers, figures
/// and the deal timeline of one run.
///
/// ```
/// use detente::report::{FreedHistogram, HtmlReport};
/// let mut r = HtmlReport::new("Belarus 2025 <experiment>");
/// r.summary.push(("Scenario".into(), "belarus_2025".into()));
/// r.key_numbers.push(("Median freed".into(), "52".into()));
/// r.add_figure("Prisoners freed per run", &FreedHistogram::new("belarus_2025", vec![50, 52, 60]))?;
/// let html = r.render();
/// assert!(html.contains("&lt;experiment&gt;") && html.contains("<svg"));
/// assert!(!html.contains("<script"));
/// # Ok::<(), detente::report::PlotError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct HtmlReport {
    /// Page title and heading.
    pub title: String,
    /// Scenario summary: (label, value) rows.
    pub summary: Vec<(String, String)>,
    /// Key numbers, shown as tiles: (label, value).
    pub key_numbers: Vec<(String, String)>,
    /// Figures: (caption, SVG document).
    pub figures: Vec<(String, String)>,
    /// The deals of one run, listed as a table.
    pub timeline: Option<DealTimeline>,
}

const CSS: &str = "body{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}\
.tiles{display:flex;flex-wrap:wrap;gap:1em}.tile{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:9em}\
.tile b{display:block;font-size:1.5em}figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}\
svg{max-width:100%;height:auto}footer{margin-top:3em;color:#777;font-size:.8em}";

/// Escapes text for HTML content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl HtmlReport {
    /// An empty report with a title.
    pub fn new(title: impl Into<String>) -> Self {
        HtmlReport {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Renders `figure` and adds it with `caption`.
    ///
    /// # Errors
    /// Those of [`Figure::svg`].
    pub fn add_figure(&mut self, caption: &str, figure: &dyn Figure) -> Result<(), PlotError> {
        self.figures.push((caption.to_string(), figure.svg()?));
        Ok(())
    }

    /// The page. SVG documents are inlined as they are (they come from
    /// [`Figure::svg`], whose text is escaped); everything else is escaped.
    pub fn render(&self) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n",
            t = esc(&self.title)
        );
        if !self.summary.is_empty() {
            h.push_str("<h2>Scenario</h2>\n<table>\n");
            for (k, v) in &self.summary {
                let _ = writeln!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
            }
            h.push_str("</table>\n");
        }
        if !self.key_numbers.is_empty() {
            h.push_str("<h2>Key numbers</h2>\n<div class=\"tiles\">\n");
            for (k, v) in &self.key_numbers {
                let _ = writeln!(h, "<div class=\"tile\"><b>{}</b>{}</div>", esc(v), esc(k));
            }
            h.push_str("</div>\n");
        }
        if !self.figures.is_empty() {
            h.push_str("<h2>Figures</h2>\n");
            for (caption, svg) in &self.figures {
                let _ = writeln!(
                    h,
                    "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
                    esc(caption)
                );
            }
        }
        if let Some(t) = &self.timeline {
            let _ = writeln!(
                h,
                "<h2>Deal timeline</h2>\n<table>\n<tr><th>{}</th><th>deal</th><th>freed</th><th>relief concessions</th></tr>",
                esc(&t.round_unit)
            );
            for e in &t.events {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e.round,
                    esc(&e.label),
                    e.freed,
                    e.relief
                );
            }
            h.push_str("</table>\n");
        }
        let _ = write!(
            h,
            "<footer>Generated by detente {}. Self-contained: no script, no network.</footer>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        h
    }

    /// Writes [`render`](Self::render) to `path`.
    ///
    /// # Errors
    /// [`PlotError::Io`] when the file cannot be written.
    pub fn write(&self, path: &std::path::Path) -> Result<(), PlotError> {
        std::fs::write(path, self.render()).map_err(|source| PlotError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}
