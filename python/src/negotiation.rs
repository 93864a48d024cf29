//! Negotiation from Python: domains (outcome spaces with both parties'
//! utilities), strategies written in Python playing the crate's SAO
//! protocol against the shipped Rust strategies, and tournaments.
//!
//! A Python strategy decides through a [`PyView`]: the clock, its own
//! utility of any outcome, and the outcome-space queries the shipped
//! time-based strategies use ([`OutcomeIndex`]: best, worst, the outcome
//! nearest above a threshold), built once per negotiation. The Rust side
//! holds the interpreter only while a Python method runs, so tournaments run
//! their meetings on rayon threads; each meeting's Python strategies are
//! built for it by a factory given a seed derived from the tournament seed
//! and the meeting, so results do not depend on the thread count. The first
//! exception a strategy raises ends its negotiation and is raised again
//! once the run returns.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use detente::negotiate::tournament::{Entrant, Seat, Tournament, TournamentScenario};
use detente::negotiate::{
    Execution, Offer, Outcome, OutcomeIndex, OutcomeSpace, Response, Sao, SimultaneousExchange,
    Strategy, Utility, View, domains,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use rand::RngCore;

/// Outcomes a Python strategy may negotiate over: its utility of each is
/// tabulated per negotiation (8 bytes each, twice with the index).
const MAX_PY_OUTCOMES: usize = 1 << 20;

/// A negotiation domain: an outcome space and both parties' utilities.
#[pyclass(name = "Domain", module = "detente._detente", frozen)]
#[derive(Clone)]
pub struct PyDomain {
    pub inner: TournamentScenario,
}

#[pymethods]
impl PyDomain {
    /// NegMAS's peer-benchmark instance `k`: `n_issues` issues of 10 values
    /// with opposed linear-additive utilities, drawn as the anchor script
    /// draws them from `seed`.
    #[staticmethod]
    fn negmas(n_issues: usize, seed: u64, k: u64) -> PyResult<Self> {
        crate::count_in("n_issues", n_issues as u64, 6)?;
        let (space, ua, ub) = domains::negmas_instance(n_issues, seed, k)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let name = format!("negmas-{n_issues}x10-s{seed}-k{k}");
        TournamentScenario::new(name, space, [Arc::new(ua), Arc::new(ub)])
            .map(|inner| PyDomain { inner })
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The crate's built-in tournament domains (three NegMAS instances and
    /// a 20-slice pie).
    #[staticmethod]
    fn builtin() -> Vec<Self> {
        TournamentScenario::builtin()
            .into_iter()
            .map(|inner| PyDomain { inner })
            .collect()
    }

    /// The deal space of every pair of governments of `scenario` that can
    /// trade at its start, with each side's payoff change as its utility.
    #[staticmethod]
    fn from_scenario(py: Python<'_>, scenario: &Bound<'_, PyAny>) -> PyResult<Vec<Self>> {
        // `detente.Scenario` wraps the extension's class in `_inner`.
        let inner = match scenario.getattr("_inner") {
            Ok(inner) => inner,
            Err(_) => scenario.clone(),
        };
        let scenario = inner
            .cast::<crate::PyScenario>()
            .map_err(|_| PyTypeError::new_err("from_scenario: expected a detente.Scenario"))?;
        let scenario = scenario.get();
        let world = scenario
            .inner
            .build()
            .map_err(|e| crate::scenario_error(py, &e))?;
        let name = scenario.inner.name.clone();
        TournamentScenario::from_world(&name, &world, &detente::deal::DealMenu::default())
            .map(|v| v.into_iter().map(|inner| PyDomain { inner }).collect())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A domain of `issues` (`(name, value labels)`, in order) with each
    /// party's utility given as a table over the outcomes, numbered as
    /// `encode` numbers them (the last issue varies fastest, as
    /// `itertools.product` counts), and its reservation value (default 0)
    /// and discount factor per step (default 1: no time pressure).
    #[staticmethod]
    #[pyo3(signature = (name, issues, utilities, reserved = [0.0, 0.0], discounts = [1.0, 1.0]))]
    fn from_tables(
        name: String,
        issues: Vec<(String, Vec<String>)>,
        utilities: [Vec<f64>; 2],
        reserved: [f64; 2],
        discounts: [f64; 2],
    ) -> PyResult<Self> {
        let bad = |e: detente::negotiate::NegotiateError| PyValueError::new_err(e.to_string());
        let space = OutcomeSpace::new(
            issues
                .into_iter()
                .map(|(n, values)| detente::negotiate::Issue::new(n, values))
                .collect(),
        )
        .map_err(bad)?;
        let n = space.cardinality();
        if n > MAX_PY_OUTCOMES {
            return Err(PyValueError::new_err(format!(
                "issues: {n} outcomes; a domain from tables has at most {MAX_PY_OUTCOMES}"
            )));
        }
        let [ua, ub] = utilities;
        let mut made = Vec::with_capacity(2);
        for (p, table) in [ua, ub].into_iter().enumerate() {
            if table.len() != n {
                return Err(PyValueError::new_err(format!(
                    "utilities[{p}]: {} values for {n} outcomes",
                    table.len()
                )));
            }
            let u = detente::negotiate::TableUtility::new(table)
                .and_then(|u| u.with_reserved(reserved[p]))
                .and_then(|u| u.with_discount(discounts[p]))
                .map_err(|e| PyValueError::new_err(format!("utilities[{p}]: {e}")))?;
            made.push(Arc::new(u) as Arc<dyn Utility>);
        }
        let ub = made.pop().expect("two utilities made");
        let ua = made.pop().expect("two utilities made");
        TournamentScenario::new(name, space, [ua, ub])
            .map(|inner| PyDomain { inner })
            .map_err(bad)
    }

    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_string()
    }

    #[getter]
    fn n_outcomes(&self) -> usize {
        self.inner.space().cardinality()
    }

    /// Issues as `(name, value labels)`.
    #[getter]
    fn issues(&self) -> Vec<(String, Vec<String>)> {
        issues(self.inner.space())
    }

    /// The value index of each issue in `outcome`.
    fn values(&self, outcome: usize) -> PyResult<Vec<usize>> {
        check_outcome(self.inner.space(), outcome)?;
        Ok(self.inner.space().values(Outcome(outcome)))
    }

    /// The outcome with these value indices, one per issue.
    fn encode(&self, values: Vec<usize>) -> PyResult<usize> {
        encode(self.inner.space(), &values)
    }

    /// Party `party`'s reservation value: what no agreement is worth.
    fn reserved_value(&self, party: usize) -> PyResult<f64> {
        if party > 1 {
            return Err(PyValueError::new_err("party: expected 0 or 1"));
        }
        Ok(self.inner.utility(party).reserved_value())
    }

    /// Party `party`'s (0 or 1) utility of `outcome`.
    fn utility(&self, party: usize, outcome: usize) -> PyResult<f64> {
        if party > 1 {
            return Err(PyValueError::new_err("party: expected 0 or 1"));
        }
        check_outcome(self.inner.space(), outcome)?;
        Ok(self.inner.utility(party).eval(Outcome(outcome)))
    }

    fn __repr__(&self) -> String {
        format!(
            "Domain({:?}: {} outcomes)",
            self.inner.name(),
            self.inner.space().cardinality()
        )
    }
}

fn issues(space: &OutcomeSpace) -> Vec<(String, Vec<String>)> {
    space
        .issues()
        .iter()
        .map(|i| (i.name.clone(), i.values.clone()))
        .collect()
}

fn encode(space: &OutcomeSpace, values: &[usize]) -> PyResult<usize> {
    space
        .encode(values)
        .map(|o| o.index())
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

fn check_outcome(space: &OutcomeSpace, outcome: usize) -> PyResult<()> {
    if outcome >= space.cardinality() {
        return Err(PyValueError::new_err(format!(
            "outcome {outcome} is outside the space of {} outcomes",
            space.cardinality()
        )));
    }
    Ok(())
}

/// What a Python strategy's views share over one negotiation.
struct Context {
    /// Its own utility of every outcome.
    utility: Vec<f64>,
    index: Mutex<OutcomeIndex>,
    reserved: f64,
    space: OutcomeSpace,
    /// The public history so far, copied in as it grows.
    history: Mutex<Vec<(usize, usize, usize)>>,
}

/// What a Python strategy sees when asked to act (valid during the call
/// and after: it holds copies, not the protocol's state).
#[pyclass(name = "View", module = "detente._detente", frozen)]
pub struct PyView {
    ctx: Arc<Context>,
    #[pyo3(get)]
    me: usize,
    #[pyo3(get)]
    step: usize,
    #[pyo3(get)]
    n_steps: usize,
    /// `(step + 1) / (n_steps + 1)`, NegMAS's relative time.
    #[pyo3(get)]
    relative_time: f64,
    /// The latest offer by another party, if any.
    #[pyo3(get)]
    last_offer: Option<usize>,
    /// Offers made so far.
    #[pyo3(get)]
    round: usize,
}

#[pymethods]
impl PyView {
    /// This party's utility of `outcome`.
    fn utility(&self, outcome: usize) -> PyResult<f64> {
        self.ctx.utility.get(outcome).copied().ok_or_else(|| {
            PyValueError::new_err(format!(
                "outcome {outcome} is outside the space of {} outcomes",
                self.ctx.utility.len()
            ))
        })
    }

    /// Outcomes in the space.
    #[getter]
    fn n_outcomes(&self) -> usize {
        self.ctx.utility.len()
    }

    /// This party's reservation value (what no agreement is worth).
    #[getter]
    fn reserved_value(&self) -> f64 {
        self.ctx.reserved
    }

    /// `(outcome, utility)` of this party's best outcome.
    fn best(&self) -> (usize, f64) {
        let (o, u) = lock(&self.ctx.index).best();
        (o.index(), u)
    }

    /// `(outcome, utility)` of this party's worst outcome.
    fn worst(&self) -> (usize, f64) {
        let (o, u) = lock(&self.ctx.index).worst();
        (o.index(), u)
    }

    /// `(outcome, utility)` of the outcome whose utility is nearest above
    /// `threshold` (within `eps` below it counts as above), as the shipped
    /// time-based strategies pick their offers.
    #[pyo3(signature = (threshold, eps=1e-6))]
    fn nearest_from_above(&self, threshold: f64, eps: f64) -> (usize, f64) {
        let (o, u) = lock(&self.ctx.index).nearest_from_above(threshold, eps);
        (o.index(), u)
    }

    /// The value index of each issue in `outcome`.
    fn values(&self, outcome: usize) -> PyResult<Vec<usize>> {
        check_outcome(&self.ctx.space, outcome)?;
        Ok(self.ctx.space.values(Outcome(outcome)))
    }

    /// The outcome with these value indices, one per issue.
    fn encode(&self, values: Vec<usize>) -> PyResult<usize> {
        encode(&self.ctx.space, &values)
    }

    /// Issues as `(name, value labels)`.
    #[getter]
    fn issues(&self) -> Vec<(String, Vec<String>)> {
        issues(&self.ctx.space)
    }

    /// Every offer so far as `(step, party, outcome)`, oldest first.
    fn history(&self) -> Vec<(usize, usize, usize)> {
        lock(&self.ctx.history)[..self.round].to_vec()
    }

    fn __repr__(&self) -> String {
        format!(
            "View(party {}, step {} of {}, {} offers)",
            self.me, self.step, self.n_steps, self.round
        )
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while the lock was held left nothing half-written that a
    // reader could misuse (the index and history are rebuilt per
    // negotiation), so a poisoned lock is taken as is.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The first error a Python strategy raised in a run, raised again after it.
type ErrorSlot = Arc<Mutex<Option<PyErr>>>;

/// `e` into `slot` unless an earlier error is already there.
fn keep_first(slot: &ErrorSlot, e: PyErr) {
    let mut held = lock(slot);
    if held.is_none() {
        *held = Some(e);
    }
}

/// A Python object with `init`, `propose` and `respond` as a [`Strategy`].
pub struct PyStrategy {
    obj: Py<PyAny>,
    name: String,
    ctx: Option<Arc<Context>>,
    error: ErrorSlot,
}

impl PyStrategy {
    fn new(py: Python<'_>, obj: Py<PyAny>, error: ErrorSlot) -> Self {
        let name = obj
            .bind(py)
            .getattr("name")
            .and_then(|n| n.extract::<String>())
            .unwrap_or_else(|_| "python".to_string());
        PyStrategy {
            obj,
            name,
            ctx: None,
            error,
        }
    }

    fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }

    fn fail(&self, e: PyErr) {
        keep_first(&self.error, e);
    }

    /// A view of `view` for Python, the history brought up to date.
    fn view(&self, py: Python<'_>, view: &View<'_>) -> PyResult<Py<PyView>> {
        let ctx = self
            .ctx
            .clone()
            .ok_or_else(|| PyValueError::new_err("the strategy was not initialised"))?;
        {
            let mut h = lock(&ctx.history);
            let keep = view.history.len().min(h.len());
            h.truncate(keep);
            let have = h.len();
            h.extend(
                view.history[have..]
                    .iter()
                    .map(|o: &Offer| (o.step, o.party, o.outcome.index())),
            );
        }
        Py::new(
            py,
            PyView {
                ctx,
                me: view.me,
                step: view.step,
                n_steps: view.n_steps,
                relative_time: view.relative_time(),
                last_offer: view.last_opponent_offer().map(|o| o.outcome.index()),
                round: view.round(),
            },
        )
    }

    fn outcome(&self, value: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        let o: usize = value.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{}: propose must return an outcome index (int), not {}",
                self.name,
                value
                    .get_type()
                    .name()
                    .map_or("?".into(), |n| n.to_string())
            ))
        })?;
        let ctx = self.ctx.as_ref().expect("initialised before it proposes");
        check_outcome(&ctx.space, o)?;
        Ok(Outcome(o))
    }
}

impl Strategy for PyStrategy {
    fn init(&mut self, view: &View<'_>) {
        let n = view.space.cardinality();
        if n > MAX_PY_OUTCOMES {
            self.fail(PyValueError::new_err(format!(
                "a Python strategy negotiates over at most {MAX_PY_OUTCOMES} outcomes; \
                 this space has {n}"
            )));
            return;
        }
        let u = view.utility();
        let mut index = OutcomeIndex::default();
        index.build(view.space, u);
        self.ctx = Some(Arc::new(Context {
            utility: (0..n).map(|o| u.eval(Outcome(o))).collect(),
            index: Mutex::new(index),
            reserved: u.reserved_value(),
            space: view.space.clone(),
            history: Mutex::new(Vec::new()),
        }));
        Python::attach(|py| {
            let r = self
                .view(py, view)
                .and_then(|v| self.obj.call_method1(py, "init", (v,)).map(|_| ()));
            if let Err(e) = r {
                self.fail(e);
            }
        });
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        if self.failed() || self.ctx.is_none() {
            return Outcome(0);
        }
        Python::attach(|py| {
            let r = self.view(py, view).and_then(|v| {
                let got = self.obj.call_method1(py, "propose", (v,))?;
                self.outcome(got.bind(py))
            });
            r.unwrap_or_else(|e| {
                self.fail(e);
                Outcome(0)
            })
        })
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        if self.failed() || self.ctx.is_none() {
            return Response::EndNegotiation;
        }
        Python::attach(|py| {
            let r = self.view(py, view).and_then(|v| {
                let got = self.obj.call_method1(py, "respond", (v, offer.index()))?;
                let got = got.bind(py);
                if let Ok(s) = got.extract::<String>() {
                    return match s.as_str() {
                        "accept" => Ok(Response::Accept),
                        "reject" => Ok(Response::Reject),
                        "end" => Ok(Response::EndNegotiation),
                        other => Err(PyValueError::new_err(format!(
                            "{}: respond returned {other:?}; expected detente.ACCEPT, \
                             detente.REJECT, detente.END or a counter-offer (int)",
                            self.name
                        ))),
                    };
                }
                self.outcome(got).map(Response::Counter)
            });
            r.unwrap_or_else(|e| {
                self.fail(e);
                Response::EndNegotiation
            })
        })
    }

    fn name(&self) -> &str {
        &self.name
    }
}

/// A strategy that ends its negotiation at its first move: what an
/// interrupted tournament's remaining meetings play.
struct Quit;

impl Strategy for Quit {
    fn propose(&mut self, _view: &View<'_>) -> Outcome {
        Outcome(0)
    }

    fn respond(&mut self, _view: &View<'_>, _offer: Outcome) -> Response {
        Response::EndNegotiation
    }

    fn name(&self) -> &str {
        "quit"
    }
}

/// A seat's strategy from Python's description of it: a Rust strategy's
/// name, or a Python object (a `detente.Strategy`).
enum Player {
    Rust(Entrant),
    Python(Py<PyAny>),
}

fn player(x: &Bound<'_, PyAny>) -> PyResult<Player> {
    if let Ok(name) = x.extract::<String>() {
        return Entrant::by_name(&name).map(Player::Rust).ok_or_else(|| {
            PyValueError::new_err(format!(
                "no shipped strategy is called {name:?}; the shipped ones: {}",
                shipped_names().join(", ")
            ))
        });
    }
    if x.hasattr("propose")? && x.hasattr("respond")? {
        return Ok(Player::Python(x.clone().unbind()));
    }
    Err(PyTypeError::new_err(
        "a player is a shipped strategy's name or an object with propose and respond",
    ))
}

fn shipped_names() -> Vec<String> {
    let mut v: Vec<String> = Entrant::standard()
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    v.extend(["subgame-perfect".to_string(), "lookahead".to_string()]);
    v
}

/// The shipped strategies' names.
#[pyfunction]
pub fn strategy_names() -> Vec<String> {
    shipped_names()
}

/// The two seats' strategies of one negotiation on `sc`: a shipped
/// strategy by name (seeded from `seed` and its seat) or a Python one.
fn seats(
    py: Python<'_>,
    sc: &TournamentScenario,
    players: &[Bound<'_, PyAny>],
    n_steps: usize,
    seed: u64,
    error: &ErrorSlot,
) -> PyResult<Vec<Box<dyn Strategy>>> {
    if players.len() != 2 {
        return Err(PyValueError::new_err(format!(
            "players: expected two, found {}",
            players.len()
        )));
    }
    if n_steps == 0 || n_steps > 1_000_000 {
        return Err(PyValueError::new_err("n_steps: expected 1 to 1000000"));
    }
    let mut strategies: Vec<Box<dyn Strategy>> = Vec::with_capacity(2);
    for (me, p) in players.iter().enumerate() {
        strategies.push(match player(p)? {
            Player::Python(obj) => Box::new(PyStrategy::new(py, obj, Arc::clone(error))),
            Player::Rust(e) => e.make(Seat {
                scenario: 0,
                space: sc.space(),
                utilities: [sc.utility(0), sc.utility(1)],
                me,
                n_steps,
                rng: detente::rng::derived(seed, &[me as u64]),
            }),
        });
    }
    Ok(strategies)
}

/// `(agreement, executed, defector, steps)` of a simultaneous exchange.
type ExchangeOutcome = (Option<usize>, Option<usize>, Option<usize>, usize);

/// One simultaneous-exchange negotiation on `domain` (both parties propose
/// each step with sealed offers; see the crate's `SimultaneousExchange`):
/// `owners[i]` is the party whose concession issue `i` is. With
/// `sequential = (first_mover, p_defect)` the agreement is carried out in
/// sequence and the second mover fails to deliver with probability
/// `p_defect` (drawn from `seed`); without it a mediator carries both sides
/// out at once. Returns `(agreement, executed, defector, steps)`.
#[pyfunction]
#[pyo3(signature = (domain, players, owners, sequential, n_steps, seed))]
pub fn exchange(
    py: Python<'_>,
    domain: &PyDomain,
    players: Vec<Bound<'_, PyAny>>,
    owners: Vec<usize>,
    sequential: Option<(usize, f64)>,
    n_steps: usize,
    seed: u64,
) -> PyResult<ExchangeOutcome> {
    let error: ErrorSlot = Arc::default();
    let sc = &domain.inner;
    let mut strategies = seats(py, sc, &players, n_steps, seed, &error)?;
    let execution = match sequential {
        None => Execution::Mediated,
        Some((first_mover, p_defect)) => Execution::Sequential {
            first_mover,
            p_defect,
        },
    };
    let bad = |e: detente::negotiate::NegotiateError| PyValueError::new_err(e.to_string());
    let mut protocol = SimultaneousExchange::new(n_steps, owners, execution).map_err(bad)?;
    let utilities: [&dyn Utility; 2] = [sc.utility(0), sc.utility(1)];
    let [a, b] = &mut strategies[..] else {
        unreachable!("two players checked in seats")
    };
    // The seats' own generators are derived from `seed` and the seat; the
    // defection draw gets a stream of its own.
    let mut rng = detente::rng::derived(seed, &[2]);
    let r = protocol
        .run(
            sc.space(),
            &utilities,
            &mut [a.as_mut(), b.as_mut()],
            &mut rng,
        )
        .map_err(bad)?;
    if let Some(e) = lock(&error).take() {
        return Err(e);
    }
    Ok((
        r.agreement.map(|o| o.index()),
        r.executed.map(|o| o.index()),
        r.defector,
        r.steps,
    ))
}

/// One SAO negotiation on `domain` between `players` (party 0 first), each
/// a shipped strategy's name or a Python strategy, with a deadline of
/// `n_steps` steps; `seed` seeds the shipped strategies that draw.
/// Returns `(agreement, steps, offers, broken, timed_out)`.
#[pyfunction]
#[pyo3(signature = (domain, players, n_steps, seed))]
pub fn negotiate(
    py: Python<'_>,
    domain: &PyDomain,
    players: Vec<Bound<'_, PyAny>>,
    n_steps: usize,
    seed: u64,
) -> PyResult<(Option<usize>, usize, usize, bool, bool)> {
    let error: ErrorSlot = Arc::default();
    let sc = &domain.inner;
    let mut strategies = seats(py, sc, &players, n_steps, seed, &error)?;
    let utilities: [&dyn Utility; 2] = [sc.utility(0), sc.utility(1)];
    let [a, b] = &mut strategies[..] else {
        unreachable!("two players checked in seats")
    };
    let r = Sao::new(n_steps)
        .run(sc.space(), &utilities, &mut [a.as_mut(), b.as_mut()])
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if let Some(e) = lock(&error).take() {
        return Err(e);
    }
    Ok((
        r.agreement.map(|o| o.index()),
        r.steps,
        r.offers,
        r.broken,
        r.timed_out,
    ))
}

/// A round-robin tournament of `entrants` (shipped strategies' names, or
/// `(name, factory)` pairs whose `factory(seed)` returns a fresh Python
/// strategy) on `domains`, as JSON: every meeting and the ranking. The
/// meetings run on `threads` threads (default: all cores) with the same
/// result for any count.
#[pyfunction]
#[pyo3(signature = (entrants, domains, repetitions, n_steps, seed, threads, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn tournament_json(
    py: Python<'_>,
    entrants: Vec<Bound<'_, PyAny>>,
    domains: Vec<PyRef<'_, PyDomain>>,
    repetitions: usize,
    n_steps: usize,
    seed: u64,
    threads: Option<usize>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<String> {
    if entrants.len() < 2 || domains.is_empty() {
        return Err(PyValueError::new_err(
            "a tournament needs at least two entrants and one domain",
        ));
    }
    if !(1..=1_000).contains(&repetitions) || n_steps == 0 || n_steps > 1_000_000 {
        return Err(PyValueError::new_err(
            "repetitions: expected 1 to 1000; n_steps: expected 1 to 1000000",
        ));
    }
    let pool = crate::thread_pool(threads)?;
    let error: ErrorSlot = Arc::default();
    let mut list = Vec::new();
    for e in &entrants {
        if let Ok((name, factory)) = e.extract::<(String, Bound<'_, PyAny>)>() {
            if !factory.is_callable() {
                return Err(PyTypeError::new_err(format!(
                    "{name}: the factory must be callable as factory(seed)"
                )));
            }
            let factory = factory.unbind();
            let error = Arc::clone(&error);
            list.push(Entrant::new(name, move |mut seat: Seat<'_>| {
                let seed = seat.rng.next_u64();
                Python::attach(|py| {
                    let made = factory.call1(py, (seed,));
                    let obj = match made {
                        Ok(o) => o,
                        Err(e) => {
                            keep_first(&error, e);
                            py.None()
                        }
                    };
                    Box::new(PyStrategy::new(py, obj, Arc::clone(&error))) as Box<dyn Strategy>
                })
            }));
            continue;
        }
        match player(e)? {
            Player::Rust(entrant) => {
                // Once interrupted, every meeting still to come ends at
                // once, so the tournament's thread returns promptly.
                let error = Arc::clone(&error);
                list.push(Entrant::new(entrant.name().to_string(), move |seat| {
                    if lock(&error).is_some() {
                        Box::new(Quit)
                    } else {
                        entrant.make(seat)
                    }
                }));
            }
            Player::Python(_) => {
                return Err(PyTypeError::new_err(
                    "a Python entrant is a (name, factory) pair, so that each negotiation \
                     gets a fresh strategy with its own seed",
                ));
            }
        }
    }
    let t = Tournament::new(list, domains.iter().map(|d| d.inner.clone()).collect())
        .repetitions(repetitions)
        .n_steps(n_steps)
        .seed(seed);
    // On Ctrl-C the slot is filled, which ends every Python strategy's
    // negotiation (and the wrapped shipped ones') at its next move.
    let stop = || keep_first(&error, PyValueError::new_err("interrupted"));
    let done = AtomicU64::new(0);
    let total = t.pairings().len() as u64;
    let result = crate::interruptible(
        py,
        "in the tournament",
        pool.as_ref(),
        &stop,
        progress.map(|p| (p.unbind(), &done, total)),
        || {
            t.run_with_progress(&|_, _| {
                done.fetch_add(1, Ordering::Relaxed);
            })
        },
    )?;
    // A strategy's own exception explains a failed run better than what
    // followed from it.
    if let Some(e) = lock(&error).take() {
        return Err(e);
    }
    let result = result.map_err(|e| PyValueError::new_err(e.to_string()))?;
    let ranking = result.ranking();
    Ok(serde_json::json!({ "result": result, "ranking": ranking }).to_string())
}
