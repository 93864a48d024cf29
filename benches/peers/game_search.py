#!/usr/bin/env python3
"""The peer side of detente's explorer benchmarks (`cargo bench --bench explore`).

Each part redoes, with a Python game-theory library, work that a bench of
`benches/explore.rs` does with `detente::explore`, and checks the answer the
bench asserts inside its timed closure:

  walk      OpenSpiel tic-tac-toe, every node of the game tree visited by
            clone + apply_action (549,946 nodes, 255,168 terminal), against
            `explore::TicTacToe` walked by apply/undo;
  mcts      OpenSpiel's MCTSBot (the Python one and the C++ one) in self-play,
            5 games, 1,000 simulations per move, UCT constant 2, one random
            rollout per simulation, against `explore::Mcts` with the same
            settings;
  bargain   alternating-offers bargaining over a pie of N = 10 units, T
            rounds, discount factors 9/10 (first proposer) and 4/5, built
            as a Gambit extensive-form tree and solved by backward induction
            over Gambit's nodes (Gambit has no subgame-perfect solver of its
            own), against `explore::backward_induction` on
            `explore::Bargaining`. Ties go to the mover's own payoff, then
            the other player's, then the first action (keep N, N-1, ..., 0;
            accept before reject), the rule `explore::backward` documents.
            T = 5 has 531,466 nodes.

The last line of stdout is one JSON object; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from fractions import Fraction

SEED = 12345
WALK_NODES, WALK_TERMINALS = 549_946, 255_168


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def walk() -> dict:
    import pyspiel

    game = pyspiel.load_game("tic_tac_toe")
    nodes = terminals = 0
    start = time.perf_counter()
    pending = [game.new_initial_state()]
    while pending:
        state = pending.pop()
        nodes += 1
        if state.is_terminal():
            terminals += 1
            continue
        for action in state.legal_actions():
            child = state.clone()
            child.apply_action(action)
            pending.append(child)
    seconds = time.perf_counter() - start
    return {
        "nodes": nodes,
        "terminals": terminals,
        "seconds": seconds,
        "nodes_per_s": nodes / seconds,
        "matches_detente": (nodes, terminals) == (WALK_NODES, WALK_TERMINALS),
    }


def self_play(game, bots, games: int, simulations: int) -> dict:
    moves = 0
    start = time.perf_counter()
    for _ in range(games):
        state = game.new_initial_state()
        while not state.is_terminal():
            state.apply_action(bots[state.current_player()].step(state))
            moves += 1
    seconds = time.perf_counter() - start
    return {
        "games": games,
        "moves": moves,
        "simulations": moves * simulations,
        "seconds": seconds,
        "simulations_per_s": moves * simulations / seconds,
    }


def mcts(games: int, simulations: int) -> dict:
    import numpy as np
    import pyspiel
    from open_spiel.python.algorithms import mcts as python_mcts

    game = pyspiel.load_game("tic_tac_toe")
    rng = np.random.RandomState(SEED)
    evaluator = python_mcts.RandomRolloutEvaluator(n_rollouts=1, random_state=rng)
    python_bots = [
        python_mcts.MCTSBot(game, 2.0, simulations, evaluator, solve=False, random_state=rng)
        for _ in range(2)
    ]
    cpp_evaluator = pyspiel.RandomRolloutEvaluator(1, SEED)
    # Arguments: game, evaluator, uct_c, max_simulations, max_memory_mb,
    # solve, seed, verbose.
    cpp_bots = [
        pyspiel.MCTSBot(game, cpp_evaluator, 2.0, simulations, 1000, False, SEED + i, False)
        for i in range(2)
    ]
    return {
        "python": self_play(game, python_bots, games, simulations),
        "cpp": self_play(game, cpp_bots, games, simulations),
    }


def bargaining_tree(rounds: int, units: int, discounts):
    """The alternating-offers game as a Gambit tree (perfect information)."""
    import pygambit as gbt

    game = gbt.Game.new_tree(players=["first", "second"], title=f"bargaining T={rounds} N={units}")
    players = list(game.players)
    no_deal = game.add_outcome("no deal", [0, 0])
    outcomes = {}

    def outcome(t: int, keep: int):
        if (t, keep) not in outcomes:
            proposer, responder = t % 2, 1 - t % 2
            payoff = [Fraction(0), Fraction(0)]
            payoff[proposer] = Fraction(keep, units) * discounts[proposer] ** t
            payoff[responder] = Fraction(units - keep, units) * discounts[responder] ** t
            outcomes[(t, keep)] = game.add_outcome(f"round {t} keep {keep}", payoff)
        return outcomes[(t, keep)]

    pending = [(game.root, 0)]
    while pending:
        node, t = pending.pop()
        proposer, responder = players[t % 2], players[1 - t % 2]
        game.append_move(node, proposer, [f"keep{k}" for k in range(units, -1, -1)])
        for offer, keep in zip(node.children, range(units, -1, -1)):
            game.append_move(offer, responder, ["accept", "reject"])
            accept, reject = offer.children
            game.set_outcome(accept, outcome(t, keep))
            if t + 1 < rounds:
                pending.append((reject, t + 1))
            else:
                game.set_outcome(reject, no_deal)
    return game


def backward_induction(game):
    """Subgame-perfect values over a perfect-information Gambit tree, children first."""
    players = list(game.players)
    labels = [p.label for p in players]
    payoff = {o.label: tuple(Fraction(str(o[p])) for p in players) for o in game.outcomes}
    zero = tuple(Fraction(0) for _ in players)
    value, first_choice, nodes = {}, None, 0
    pending = [(game.root, False)]
    while pending:
        node, expanded = pending.pop()
        if node.children and not expanded:
            pending.append((node, True))
            pending.extend((child, False) for child in node.children)
            continue
        nodes += 1
        own = payoff[node.outcome.label] if node.outcome else zero
        if not node.children:
            value[node] = own
            continue
        mover = labels.index(node.player.label)
        best = None
        for index, child in enumerate(node.children):
            v = value.pop(child)
            # Own payoff first, then the other player's; `>` keeps the first action on a tie.
            key = (v[mover], v[1 - mover])
            if best is None or key > best[0]:
                best = (key, v, index)
        value[node] = tuple(a + b for a, b in zip(own, best[1]))
        if node == game.root:
            first_choice = best[2]
    return value[game.root], first_choice, nodes


def bargaining(rounds: int, units: int) -> dict:
    discounts = (Fraction(9, 10), Fraction(4, 5))
    start = time.perf_counter()
    game = bargaining_tree(rounds, units, discounts)
    built = time.perf_counter()
    value, choice, nodes = backward_induction(game)
    solved = time.perf_counter()
    return {
        "rounds": rounds,
        "units": units,
        "nodes": nodes,
        "build_s": built - start,
        "backward_induction_s": solved - built,
        "nodes_per_s": nodes / (solved - built),
        "first_offer_keep": units - choice,
        "payoffs": [str(v) for v in value],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="walk,mcts,bargain", help="comma-separated")
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--simulations", type=int, default=1000)
    parser.add_argument("--rounds", default="3,4,5", help="bargaining horizons T")
    args = parser.parse_args()
    parts = set(args.parts.split(","))

    result = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if "walk" in parts:
        log("walk ...")
        result["walk"] = walk()
    if "mcts" in parts:
        log("mcts ...")
        result["mcts"] = mcts(args.games, args.simulations)
    if "bargain" in parts:
        result["bargaining"] = []
        for rounds in (int(t) for t in args.rounds.split(",")):
            log(f"bargaining T={rounds} ...")
            result["bargaining"].append(bargaining(rounds, 10))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
