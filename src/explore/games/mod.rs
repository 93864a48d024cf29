//! Textbook games that test the searchers against known answers.

mod bargaining;
mod race;
mod tictactoe;

pub use bargaining::{BargainAction, Bargaining, Ratio};
pub use race::{Race, RaceAction};
pub use tictactoe::TicTacToe;
