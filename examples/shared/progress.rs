//! Progress bars for the examples: drawn on stderr only when stderr is a
//! terminal, fed by the library's progress callbacks (the library itself
//! draws nothing).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar, or nothing when stderr is not a terminal (pipes, files,
/// tests) so logs stay clean.
pub struct Bar {
    bar: Option<ProgressBar>,
    /// Highest position reported: callbacks from worker threads may arrive
    /// out of order, and the bar never moves back.
    at: AtomicU64,
}

impl Bar {
    /// A bar for `len` steps of `unit` (`runs`, `jobs`, `meetings`).
    pub fn new(unit: &str, len: u64) -> Bar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(len);
            let style = ProgressStyle::with_template(&format!(
                "{{elapsed_precise}} [{{wide_bar}}] {{human_pos}}/{{human_len}} {unit} ({{eta}} left)"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        Bar {
            bar,
            at: AtomicU64::new(0),
        }
    }

    /// Moves the bar to `pos` (never back).
    pub fn set(&self, pos: u64) {
        if let Some(b) = &self.bar {
            let before = self.at.fetch_max(pos, Ordering::Relaxed);
            if pos > before {
                b.set_position(pos);
            }
        }
    }

    /// Sets the number of steps (for callbacks that only tell it as they
    /// go).
    pub fn set_len(&self, len: u64) {
        if let Some(b) = &self.bar
            && b.length() != Some(len)
        {
            b.set_length(len);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// A progress callback for a sequence of stages that each report
/// `(done, total)` from zero (a sweep reports point by point): the bar
/// shows the sum.
pub struct Stages<'a> {
    bar: &'a Bar,
    base: AtomicU64,
}

impl<'a> Stages<'a> {
    /// Feeds `bar`.
    pub fn new(bar: &'a Bar) -> Self {
        Stages {
            bar,
            base: AtomicU64::new(0),
        }
    }

    /// One report of the current stage.
    pub fn report(&self, done: u64, total: u64) {
        let base = self.base.load(Ordering::Relaxed);
        self.bar.set(base + done);
        if done == total {
            self.base.fetch_add(total, Ordering::Relaxed);
        }
    }
}
