"""NegMAS interoperability, both ways, against the agreements NegMAS 0.16
itself recorded on its benchmark instances (Boulware vs Conceder, 100
steps): NegMAS's Boulware negotiating inside detente, and NegMAS's own
mechanism running on detente's domains as NegMAS objects."""

import json
from pathlib import Path

import pytest
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

import detente
from detente.negmas import NegmasStrategy, to_negmas

ROOT = Path(__file__).resolve().parents[2]
RECORDED = json.loads((ROOT / "tests" / "data" / "negmas_sao_agreements.json").read_text())


def test_negmas_boulware_inside_detente_reaches_the_recorded_agreements():
    for k, rounds, agreement in RECORDED["a_sao_3x10"]:
        d = detente.Domain.negmas(3, 42, k)
        r = detente.negotiate(d, NegmasStrategy(BoulwareTBNegotiator), "conceder")
        assert (r.values, r.steps) == (agreement, rounds), k
        # And NegMAS's Conceder in the second seat changes nothing.
        both = detente.negotiate(
            d, NegmasStrategy(BoulwareTBNegotiator), NegmasStrategy(ConcederTBNegotiator)
        )
        assert both == r, k


def test_negmas_mechanisms_run_on_detente_domains():
    for k, rounds, agreement in RECORDED["a_sao_3x10"][:50]:
        space, ua, ub = to_negmas(detente.Domain.negmas(3, 42, k))
        m = SAOMechanism(outcome_space=space, n_steps=100)
        m.add(BoulwareTBNegotiator(), ufun=ua)
        m.add(ConcederTBNegotiator(), ufun=ub)
        state = m.run()
        assert (list(state.agreement), state.step) == (agreement, rounds), k


def test_a_scenario_deal_space_as_negmas_objects():
    d = detente.Domain.from_scenario(
        detente.load(str(ROOT / "examples" / "scenarios" / "toy_bilateral.json"))
    )[0]
    space, ud, uh = to_negmas(d)
    outcomes = list(space.enumerate())
    assert len(outcomes) == d.n_outcomes
    # Labels are values, in detente's order: outcome i is detente's outcome i.
    for i in (0, 1, d.n_outcomes - 1):
        labels = [d.issues[j][1][v] for j, v in enumerate(d.values(i))]
        values = [int(x) if x.isdigit() else x for x in labels]
        assert list(outcomes[i]) == values or list(outcomes[i]) == labels
        assert ud(outcomes[i]) == d.utility(0, i) and uh(outcomes[i]) == d.utility(1, i)
    assert ud.reserved_value == d.reserved_value(0)


def test_a_negmas_negotiator_in_a_detente_tournament_ignores_threads():
    entrants = [("negmas-boulware", lambda seed: NegmasStrategy(BoulwareTBNegotiator)), "boulware", "linear"]
    domains = [detente.Domain.negmas(3, 42, k) for k in range(3)]
    one = detente.tournament(entrants, domains, n_steps=60, seed=3, threads=1)
    two = detente.tournament(entrants, domains, n_steps=60, seed=3, threads=2)
    assert one == two
    ranked = {r["entrant"]: r["score"]["mean"] for r in one.ranking}
    # NegMAS's Boulware and the crate's are the same rule: the same score.
    assert ranked["negmas-boulware"] == pytest.approx(ranked["boulware"], abs=1e-12)
