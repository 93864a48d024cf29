"""NegMAS interoperability, both ways (needs ``pip install negmas``).

* ``to_negmas(domain)``: a detente domain as a NegMAS outcome space and one
  utility function per party, so NegMAS's mechanisms and negotiators run on
  detente's domains (deal spaces of a scenario included).
* ``NegmasStrategy(factory)``: a NegMAS SAO negotiator as a detente
  strategy, so NegMAS's negotiators play in detente's negotiations and
  tournaments against the crate's strategies.

Outcomes: detente numbers them densely, the last issue varying fastest,
which is the order NegMAS enumerates a Cartesian outcome space in. An issue
whose labels are ``"0" .. "n-1"`` becomes NegMAS's integer issue
``make_issue(n)``; any other issue takes its labels as values.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Sequence

from . import ACCEPT, END, REJECT, Domain, Strategy, View

__all__ = ["NegmasStrategy", "to_negmas"]


def _issue_values(labels: Sequence[str]) -> list[Any]:
    if list(labels) == [str(i) for i in range(len(labels))]:
        return list(range(len(labels)))
    return list(labels)


def _space(issues: Sequence[tuple[str, Sequence[str]]]) -> tuple[Any, list[list[Any]]]:
    from negmas import make_issue, make_os

    values = [_issue_values(labels) for _, labels in issues]
    if all(v == list(range(len(v))) for v in values):
        made = [make_issue(len(v), name=name) for (name, _), v in zip(issues, values)]
    else:
        made = [make_issue(values=v, name=name) for (name, _), v in zip(issues, values)]
    return make_os(made), values


def _mapping(values: list[list[Any]], utility: Callable[[int], float]) -> dict[tuple[Any, ...], float]:
    return {tuple(o): utility(i) for i, o in enumerate(itertools.product(*values))}


def to_negmas(domain: Domain) -> tuple[Any, Any, Any]:
    """``(outcome_space, ufun_0, ufun_1)`` for NegMAS: each utility function
    maps every outcome to the party's detente utility (tabulated: one entry
    per outcome) with the party's reservation value."""
    from negmas.preferences import MappingUtilityFunction

    space, values = _space(domain.issues)

    def ufun(party: int) -> Any:
        return MappingUtilityFunction(
            _mapping(values, lambda o: domain.utility(party, o)),
            outcome_space=space,
            reserved_value=domain.reserved_value(party),
        )

    return space, ufun(0), ufun(1)


class NegmasStrategy(Strategy):
    """A NegMAS SAO negotiator deciding for a detente party. ``factory()``
    builds a fresh negotiator per negotiation (e.g.
    ``negmas.sao.BoulwareTBNegotiator``); at ``init`` it joins a NegMAS
    mechanism over the same outcome space, with this party's utilities, and
    each detente call is passed to it as a NegMAS ``SAOState`` (step,
    relative time, the offer on the table)."""

    def __init__(self, factory: Callable[[], Any], name: str | None = None) -> None:
        self.factory = factory
        self.name = name or f"negmas:{getattr(factory, '__name__', 'negotiator')}"
        self._negotiator: Any = None
        self._values: list[list[Any]] = []
        self._index: dict[Any, int] = {}

    def init(self, view: View) -> None:
        from negmas import SAOMechanism
        from negmas.preferences import MappingUtilityFunction

        space, self._values = _space(view.issues)
        mapping = _mapping(self._values, view.utility)
        self._index = {o: i for i, o in enumerate(mapping)}
        ufun = MappingUtilityFunction(mapping, outcome_space=space, reserved_value=view.reserved_value)
        mechanism = SAOMechanism(outcome_space=space, n_steps=view.n_steps)
        self._negotiator = self.factory()
        if not mechanism.add(self._negotiator, ufun=ufun):
            raise RuntimeError(f"{self.name}: the NegMAS negotiator refused to join")
        self._mechanism = mechanism  # the negotiator's interface points into it

    def _state(self, view: View, offer: int | None) -> Any:
        from negmas.sao import SAOState

        current = None if offer is None else self._outcome(offer)
        return SAOState(
            step=view.step,
            relative_time=view.relative_time,
            current_offer=current,
            n_negotiators=2,
        )

    def _outcome(self, index: int) -> tuple[Any, ...]:
        return tuple(vals[v] for vals, v in zip(self._values, self._value_indices(index)))

    def _value_indices(self, index: int) -> list[int]:
        out = []
        for vals in reversed(self._values):
            index, v = divmod(index, len(vals))
            out.append(v)
        return out[::-1]

    def propose(self, view: View) -> int:
        outcome = self._negotiator.propose(self._state(view, None))
        if outcome is None:
            # NegMAS proposes nothing when it has nothing to offer: repeat
            # its best outcome, as an offer must be made.
            return view.best()[0]
        return self._index[tuple(outcome)]

    def respond(self, view: View, offer: int) -> str | int:
        from negmas.sao import ResponseType

        answer = self._negotiator.respond(self._state(view, offer), source=None)
        if answer == ResponseType.ACCEPT_OFFER:
            return ACCEPT
        if answer == ResponseType.END_NEGOTIATION:
            return END
        return REJECT
