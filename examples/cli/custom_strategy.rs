//! `custom_strategy`: takes no arguments.

/// A user-defined strategy in a few lines, negotiating against the shipped
/// ones on a NegMAS benchmark instance.
#[derive(Clone, Debug, PartialEq, clap::Parser)]
#[command(name = "custom_strategy")]
pub struct Args {}
