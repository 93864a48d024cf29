//! `inspect`: a scenario's world, or every mistake in the file.

/// Loads a scenario file and prints a summary of its world, or its graph in
/// Graphviz DOT. On a file with mistakes it prints every error (with its
/// JSON path) and exits with status 1.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "inspect")]
pub struct Args {
    /// Scenario file (.json or .toml)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Print the world graph in Graphviz DOT instead
    #[arg(long)]
    pub dot: bool,
}
