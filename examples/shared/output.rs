//! Where the examples write: output paths checked before any work starts,
//! and stdout written through a writer whose errors (a closed pipe, a full
//! disk) end the program with a message instead of a panic.
//!
//! `println!` panics when stdout is closed (`example | head -1`) or full
//! (`> /dev/full`); text goes through [`stdout`] and [`finish`] instead, or,
//! in code that prints as it goes, through [`outln!`] and [`out!`], which
//! end the program with a message and exit code 1 on the first failed
//! write. Nothing an example prints is worth a panic, and nothing is left
//! to compute once nobody can read the answer.

use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Checks that `path` can take an output file: not a directory, in an
/// existing directory, writable, and not one of `inputs` (a run must never
/// overwrite its scenario or a shard it merges). Leaves no file behind.
pub fn check_file(flag: &str, path: &str, inputs: &[&str]) -> Result<(), String> {
    let p = Path::new(path);
    let what = || format!("{flag} {path}");
    if p.is_dir() {
        return Err(format!("{}: is a directory, expected a file", what()));
    }
    not_an_input(flag, p, inputs)?;
    if p.exists() {
        // Opening to append changes nothing, but needs write permission.
        OpenOptions::new()
            .append(true)
            .open(p)
            .map_err(|e| format!("{}: cannot write: {e}", what()))?;
        return Ok(());
    }
    let dir = parent(p);
    if !dir.is_dir() {
        return Err(format!("{}: no directory {}", what(), dir.display()));
    }
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(p)
        .map_err(|e| format!("{}: cannot create: {e}", what()))?;
    fs::remove_file(p).map_err(|e| format!("{}: {e}", what()))
}

/// Checks that `path` can take output files (creating it if it does not
/// exist): a writable directory that is not one of `inputs`.
pub fn check_dir(flag: &str, path: &str, inputs: &[&str]) -> Result<(), String> {
    let p = Path::new(path);
    let what = || format!("{flag} {path}");
    not_an_input(flag, p, inputs)?;
    if p.exists() && !p.is_dir() {
        return Err(format!("{}: is a file, expected a directory", what()));
    }
    fs::create_dir_all(p).map_err(|e| format!("{}: cannot create: {e}", what()))?;
    let probe = p.join(format!(".detente-write-check-{}", std::process::id()));
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| format!("{}: cannot write: {e}", what()))?;
    fs::remove_file(&probe).map_err(|e| format!("{}: {e}", what()))
}

/// Refuses an output path that names one of the inputs, by whatever path
/// (`./a.json`, a symbolic link, a hard link).
fn not_an_input(flag: &str, out: &Path, inputs: &[&str]) -> Result<(), String> {
    let out_id = identity(out);
    for input in inputs {
        let same = match (&out_id, identity(Path::new(input))) {
            (Some(a), Some(b)) => *a == b,
            _ => false,
        };
        if same {
            return Err(format!(
                "{flag} {}: is the input {input}; refusing to overwrite it",
                out.display()
            ));
        }
    }
    Ok(())
}

/// What a path designates: the file itself when it exists (device and
/// inode on Unix), else the canonical directory plus the name.
#[derive(PartialEq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(p: &Path) -> Option<Identity> {
    #[cfg(unix)]
    if let Ok(m) = fs::metadata(p) {
        use std::os::unix::fs::MetadataExt;
        return Some(Identity::Inode(m.dev(), m.ino()));
    }
    let dir = fs::canonicalize(parent(p)).ok()?;
    Some(Identity::Path(dir.join(p.file_name()?)))
}

fn parent(p: &Path) -> &Path {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Buffered, locked stdout; write with `writeln!(out, ...)` and end with
/// [`finish`].
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Flushes `out` and turns any write error into the example's error
/// message.
pub fn finish(mut out: impl Write, result: io::Result<()>) -> Result<(), String> {
    result
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))
}

/// Writes `text` and a newline to the file `path`, or to stdout.
pub fn write_text(path: Option<&str>, text: &str) -> Result<(), String> {
    match path {
        Some(file) => fs::write(file, format!("{text}\n")).map_err(|e| format!("{file}: {e}")),
        None => {
            let mut out = stdout();
            let r = writeln!(out, "{text}");
            finish(out, r)
        }
    }
}

/// `println!` that ends the program cleanly (exit code 1) instead of
/// panicking when stdout is closed or full.
#[allow(unused_macros)]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, $($arg)*) {
            // stderr is unchecked: there is nowhere left to report to.
            let _ = writeln!(std::io::stderr(), "error: cannot write to stdout: {e}");
            std::process::exit(1);
        }
    }};
}

/// `print!` that ends the program cleanly (exit code 1) instead of
/// panicking when stdout is closed or full; the text is flushed at once so
/// a failure cannot wait for the exit, where it would go unreported.
#[allow(unused_macros)]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = write!(stdout, $($arg)*).and_then(|()| stdout.flush()) {
            // stderr is unchecked: there is nowhere left to report to.
            let _ = writeln!(std::io::stderr(), "error: cannot write to stdout: {e}");
            std::process::exit(1);
        }
    }};
}

/// `eprintln!` that never panics: `eprintln!` panics when stderr is a
/// closed pipe or a full device (`2>/dev/full`), turning a clean refusal
/// (exit 1 or 2) into a crash (exit 101). A message nobody can read is
/// dropped; the exit code still tells the outcome.
#[allow(unused_macros)]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

// Not every example prints every way.
#[allow(unused_imports)]
pub(crate) use {errln, out, outln};
