//! Tic-tac-toe on two 9-bit boards: the searchers' speed and perft test bed.

use crate::explore::{Game, Turn};

/// The eight winning lines as 9-bit masks (cell `r * 3 + c`).
const LINES: [u16; 8] = [
    0b000_000_111,
    0b000_111_000,
    0b111_000_000,
    0b001_001_001,
    0b010_010_010,
    0b100_100_100,
    0b100_010_001,
    0b001_010_100,
];

/// Tic-tac-toe. Player 0 (X) moves first; an action is a cell `0..9`
/// (row-major, as in OpenSpiel). Payoffs are `+1/-1` for a win/loss and 0
/// for a draw.
///
/// ```
/// use detente::explore::{Game, TicTacToe};
/// let mut g = TicTacToe::new();
/// for cell in [0, 3, 1, 4, 2] {
///     g.apply(cell);
/// }
/// assert!(g.is_terminal());
/// let mut pay = [0.0; 2];
/// g.payoffs(&mut pay);
/// assert_eq!(pay, [1.0, -1.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TicTacToe {
    boards: [u16; 2],
    moves: u8,
    /// 0 = none, 1 = X won, 2 = O won.
    winner: u8,
}

impl TicTacToe {
    /// The empty board, X to move.
    ///
    /// ```
    /// assert!(!detente::explore::TicTacToe::new().is_over());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether someone has won or the board is full.
    ///
    /// ```
    /// assert!(!detente::explore::TicTacToe::new().is_over());
    /// ```
    pub fn is_over(&self) -> bool {
        self.winner != 0 || self.moves == 9
    }

    /// The board as a 9-character string of `x`, `o` and `.` (row-major).
    ///
    /// ```
    /// use detente::explore::{Game, TicTacToe};
    /// let mut g = TicTacToe::new();
    /// g.apply(4);
    /// assert_eq!(g.board(), "....x....");
    /// ```
    pub fn board(&self) -> String {
        (0..9)
            .map(|c| {
                if self.boards[0] >> c & 1 == 1 {
                    'x'
                } else if self.boards[1] >> c & 1 == 1 {
                    'o'
                } else {
                    '.'
                }
            })
            .collect()
    }
}

impl Game for TicTacToe {
    type Action = u8;

    fn num_players(&self) -> usize {
        2
    }

    #[inline]
    fn current_player(&self) -> Turn {
        if self.is_over() {
            Turn::Terminal
        } else {
            Turn::Player(usize::from(self.moves & 1))
        }
    }

    #[inline]
    fn legal_actions(&self, out: &mut Vec<u8>) {
        out.clear();
        if self.is_over() {
            return;
        }
        let mut free = !(self.boards[0] | self.boards[1]) & 0x1ff;
        while free != 0 {
            out.push(free.trailing_zeros() as u8);
            free &= free - 1;
        }
    }

    #[inline]
    fn apply(&mut self, cell: u8) {
        let p = usize::from(self.moves & 1);
        let b = self.boards[p] | 1 << cell;
        self.boards[p] = b;
        self.moves += 1;
        for line in LINES {
            if b & line == line {
                self.winner = p as u8 + 1;
            }
        }
    }

    #[inline]
    fn undo(&mut self, cell: u8) {
        self.moves -= 1;
        let p = usize::from(self.moves & 1);
        self.boards[p] &= !(1 << cell);
        // The game only continues while nobody has won, so the state before
        // any move had no winner.
        self.winner = 0;
    }

    #[inline]
    fn payoffs(&self, out: &mut [f64]) {
        let (a, b) = match self.winner {
            1 => (1.0, -1.0),
            2 => (-1.0, 1.0),
            _ => (0.0, 0.0),
        };
        out[0] = a;
        out[1] = b;
    }

    #[inline]
    fn state_key(&self) -> u64 {
        u64::from(self.boards[0]) | u64::from(self.boards[1]) << 9
    }
}
