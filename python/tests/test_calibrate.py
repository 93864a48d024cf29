"""Calibration from Python: the crate's ABC-SMC on a scenario's
``calibration`` section, with the record read from the scenario's folder."""

import pickle
from pathlib import Path

import pytest

import detente

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "scenarios"
BELARUS = str(SCENARIOS / "belarus_2025.json")
SMALL = {"particles": 24, "generations": 1, "runs": 4, "seed": 7}


def at(doc, path):
    """The value at a calibration parameter path such as
    ``dynamics.holders[0].arrest_rate`` or ``pools[1].valued_by.USA``."""
    for part in path.split("."):
        name, _, index = part.partition("[")
        doc = doc[name] if name else doc
        if index:
            doc = doc[int(index.rstrip("]"))]
    return doc


def test_summaries_without_a_value_read_it_from_the_record():
    c = detente.calibrate(BELARUS, **SMALL)
    observed = {s["name"]: s["observed"] for s in c.summaries}
    # The case file's 2025: five US deals (the first in January), 193 freed
    # in them by December, 18 by June; Viasna's count of 1,135 in December.
    assert observed["first_deal_round USA-BLR"] == 1
    assert observed["deals USA-BLR r12"] == 5
    assert observed["freed_in_deals USA-BLR r12"] == 193
    assert observed["freed_in_deals USA-BLR r6"] == 18
    assert observed["stock r12"] == 1135


def test_the_fit_is_the_same_on_one_and_two_threads():
    one = detente.calibrate(BELARUS, threads=1, **SMALL)
    two = detente.calibrate(BELARUS, threads=2, **SMALL)
    assert one.posterior == two.posterior
    assert one.fitted == two.fitted
    # A different seed draws different particles.
    assert detente.calibrate(BELARUS, **{**SMALL, "seed": 8}).posterior != one.posterior


def test_the_fitted_scenario_holds_the_medians_and_leaves_the_record_as_source():
    c = detente.calibrate(BELARUS, **SMALL)
    assert len(c.parameters) == 10
    for p in c.parameters:
        assert at(c.fitted, p["name"]) == pytest.approx(p["median"], rel=1e-3)
        assert p["q05"] <= p["median"] <= p["q95"]
    # Summaries that took their value from the record are written without
    # it, so the record stays their one source.
    assert all("observed" not in s for s in c.fitted["calibration"]["summaries"])
    assert c.fitted_scenario().name == detente.load(BELARUS).name
    assert repr(c).startswith("Calibration(dynamics.holders[0].arrest_rate=")
    back = pickle.loads(pickle.dumps(c))
    assert back.posterior == c.posterior and back.fitted == c.fitted


def test_a_scenario_object_reads_its_record_from_record_dir():
    s = detente.load(BELARUS)
    from_object = detente.calibrate(s, record_dir=str(SCENARIOS), **SMALL)
    assert from_object.posterior == detente.calibrate(BELARUS, **SMALL).posterior
    # The record's case file is not in that folder.
    with pytest.raises(ValueError, match="record: history/belarus_2024_2025.json"):
        detente.calibrate(s, record_dir=str(ROOT / "python"), **SMALL)


def test_a_node_budget_truncates_the_fit_deterministically():
    cut = detente.calibrate(BELARUS, **{**SMALL, "generations": 4}, max_nodes=60)
    assert cut.truncated == "nodes"
    again = detente.calibrate(BELARUS, **{**SMALL, "generations": 4}, max_nodes=60)
    assert cut.posterior == again.posterior
    # Not even the draws from the prior fit in 10 simulations.
    with pytest.raises(ValueError, match="before its first generation"):
        detente.calibrate(BELARUS, **SMALL, max_nodes=10)


def test_calibration_mistakes_are_python_exceptions():
    with pytest.raises(detente.ScenarioError) as e:
        detente.calibrate(str(SCENARIOS / "toy_bilateral.json"))
    assert e.value.errors == [("$.calibration", "the scenario has no calibration section")]
    with pytest.raises(ValueError, match="particles"):
        detente.calibrate(BELARUS, particles=1)
    with pytest.raises(ValueError, match="runs"):
        detente.calibrate(BELARUS, runs=0)
    with pytest.raises(OSError):
        detente.calibrate(str(SCENARIOS / "no_such_file.json"))
