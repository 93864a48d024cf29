//! Deal generators: which candidate deals to consider at a state.
//!
//! The space of all deals is astronomically large (any subset of 1,200
//! prisoners against any mix of relief), so searches and strategies look at
//! the deals a generator proposes. The built-in [`DealGenerator`] proposes
//! the shapes of its [`DealMenu`], the menu the negotiation layer and the
//! simulator offer from too:
//!
//! * **relief for a batch**: for every ordered pair (demander `D`, holder
//!   `H`) where `D` imposes a sanction on `H`, for every relief concession
//!   [`DealMenu::relief_offers`] gives on that sanction, and every batch size
//!   `k` of the menu: `D` grants that relief to `H`, and `H` releases to `D`
//!   the `k` prisoners in its custody whom `D` values most (ties by id), each
//!   to its default destination;
//! * **recognition for a batch**: for every pair where `D` values some
//!   prisoner `H` holds, `D` grants `H` each recognition level up to
//!   [`DealMenu::recognition_steps_at`] steps above the current one, for each
//!   batch size;
//! * **a favour for a batch**: for every pair where `D` values some
//!   prisoner `H` holds, every favour the scenario lets `D` give `H` that
//!   is not given yet, for each batch size;
//! * **prisoners for prisoners** (a swap): for every pair where `D` values
//!   some prisoner `H` holds and `H` values some prisoner `D` holds, for
//!   every swap batch size `j` and batch size `k` of the menu: `D` releases
//!   to `H` the `j` prisoners in its custody whom `H` values most, and `H`
//!   releases to `D` its batch of `k`. The swap between `D` and `H` is the
//!   same deal as the one between `H` and `D` with `j` and `k` exchanged,
//!   so it is proposed once, under the pair whose `D` has the lower id;
//! * **pass**: the empty deal (when [`DealGenerator::pass`]).
//!
//! Candidates are proposed in that order within a pair, pairs by (D, H) id
//! order, sanctions by id; the rulebook then decides which are legal. A
//! batch is only proposed when its giver holds at least `k` prisoners that
//! the receiver values positively.
//!
//! The world's hard demands shape the batches: a prisoner behind a red
//! line is never in one, a receiver's must-haves head its ranking, and a
//! batch that takes one member of a together-group takes the whole group
//! or none of it (a candidate left with no release is not proposed, nor
//! one equal to the candidate just before it).

use rustc_hash::FxHashMap;

use crate::deal::{
    BatchOrder, ConcessionKind, Deal, DealMenu, keep_together, rank_prisoners, tradable,
};
use crate::model::{GovernmentId, PrisonerId, RecognitionLevel, State, World};

/// Proposes candidate deals at a state. See the [module docs](self) for
/// exactly which.
///
/// ```
/// use detente::deal::DealMenu;
/// use detente::generate::DealGenerator;
/// let generator = DealGenerator::from(DealMenu { batches: vec![1, 10], ..DealMenu::default() });
/// assert!(!generator.pass);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealGenerator {
    /// The deals on offer.
    pub menu: DealMenu,
    /// Offer the empty deal too.
    pub pass: bool,
}

impl From<DealMenu> for DealGenerator {
    /// A generator offering `menu`, without the empty deal.
    fn from(menu: DealMenu) -> Self {
        DealGenerator { menu, pass: false }
    }
}

impl DealGenerator {
    /// Pushes the candidate deals at `state` into `out`, in the documented order.
    pub fn candidates(&self, world: &World, state: &State, out: &mut Vec<Deal>) {
        let mut ranks = Rankings::default();
        self.candidates_among(world, state, &mut ranks, |_, _| true, out);
    }

    /// [`candidates`](Self::candidates) for the (demander, holder) pairs
    /// `pair` accepts, every deal of such a pair between those two only,
    /// with the batch orders kept in `ranks` from one state to the next.
    /// `ranks` must only ever be used with one world and this generator.
    pub(crate) fn candidates_among(
        &self,
        world: &World,
        state: &State,
        ranks: &mut Rankings,
        pair: impl Fn(GovernmentId, GovernmentId) -> bool,
        out: &mut Vec<Deal>,
    ) {
        let n = world.governments().len();
        let order = self.menu.batch_order;
        // A batch never takes more than the largest size (after the
        // must-haves, which head every ranking), so the ranking at a state
        // needs no more prisoners than that.
        let largest = self
            .menu
            .batches
            .iter()
            .max()
            .map_or(1, |&k| k.max(1) as usize);
        let mut ranked = Vec::new();
        let mut own = Vec::new();
        for d in 0..n {
            let demander = GovernmentId::new(d);
            for h in 0..n {
                let holder = GovernmentId::new(h);
                if d == h || world.governments()[h].is_bloc() || !pair(demander, holder) {
                    continue;
                }
                ranks.at(
                    world,
                    state,
                    order,
                    [holder, demander],
                    largest,
                    &mut ranked,
                );
                if ranked.is_empty() {
                    continue;
                }
                let ids = ranked.iter().map(|x| x.1);
                let sizes = self.menu.batch_sizes_carrying(world, demander, ids);
                let batch = Batch {
                    world,
                    state,
                    ranked: &ranked,
                    sizes: &sizes,
                    holder,
                    demander,
                };
                for s in world.sanctions() {
                    if s.target != holder || s.imposer != demander {
                        continue;
                    }
                    for c in self.menu.relief_offers(s, state) {
                        batch.offer(s.imposer, c, out);
                    }
                }
                let now = state.recognition(demander, holder).value();
                let steps = self
                    .menu
                    .recognition_steps_at(world, state, demander, holder);
                for step in 1..=steps {
                    let level = RecognitionLevel::from_u8(now + step);
                    let c = ConcessionKind::Recognition { level };
                    batch.offer(demander, c, out);
                }
                for f in world.favours() {
                    if f.from == demander && f.to == holder && !state.favour_given(f.id) {
                        batch.offer(demander, ConcessionKind::Favour { favour: f.id }, out);
                    }
                }
                if d < h {
                    ranks.at(world, state, order, [demander, holder], largest, &mut own);
                    let ids = own.iter().map(|x| x.1);
                    let sizes = self.menu.batch_sizes_carrying(world, holder, ids);
                    batch.offer_swaps(&own, &sizes, out);
                }
            }
        }
        if self.pass {
            out.push(Deal::new());
        }
    }
}

/// Batch orders of one world, per (giver, receiver) pair, ranked once.
///
/// Which prisoners a pair's batch may take, and in what order, depends on
/// the world only (values, alliances, must-haves, red lines); a state only
/// decides which of them are still in custody. Ranking every held prisoner
/// at every state cost a search O(held · log held) per node, tens of
/// milliseconds a node on a million-prisoner pool; a state now walks the
/// pair's ranking until it has the largest batch.
#[derive(Debug, Default)]
pub(crate) struct Rankings {
    /// The world's prisoners by holder, filled on first use.
    by_holder: Vec<Vec<PrisonerId>>,
    pairs: FxHashMap<(GovernmentId, GovernmentId), Ranked>,
}

#[derive(Debug)]
struct Ranked {
    /// Every prisoner of the giver the receiver values, in [`rank_prisoners`] order.
    order: Vec<(f64, PrisonerId)>,
    /// How many of them, at the head, the receiver must have.
    musts: usize,
}

impl Rankings {
    /// Into `out`: the first prisoners of the pair's ranking still in the
    /// giver's custody at `state`, every must-have among them plus up to
    /// `largest` more: the [`rank_prisoners`] order of the pair's tradable
    /// prisoners, cut where no batch reaches.
    fn at(
        &mut self,
        world: &World,
        state: &State,
        order: BatchOrder,
        [giver, receiver]: [GovernmentId; 2],
        largest: usize,
        out: &mut Vec<(f64, PrisonerId)>,
    ) {
        if self.by_holder.is_empty() {
            self.by_holder = vec![Vec::new(); world.governments().len()];
            for (i, p) in world.prisoners().iter().enumerate() {
                self.by_holder[p.holder().index()].push(PrisonerId::new(i));
            }
        }
        let by_holder = &self.by_holder;
        let ranked = self.pairs.entry((giver, receiver)).or_insert_with(|| {
            let mut order_ = Vec::new();
            let own = by_holder[giver.index()].iter().copied();
            rank_prisoners(world, order, [giver, receiver], own, &mut order_);
            let demands = world.demands();
            let musts = order_
                .iter()
                .take_while(|x| demands.is_must_have(receiver, x.1))
                .count();
            order_.shrink_to_fit();
            Ranked {
                order: order_,
                musts,
            }
        });
        out.clear();
        let keep = ranked.musts.saturating_add(largest);
        out.extend(
            ranked
                .order
                .iter()
                .filter(|x| tradable(world, state, x.1))
                .take(keep),
        );
    }
}

/// The releases a pair's candidates are made of: for each batch size, the
/// holder's `k` prisoners the demander values most.
struct Batch<'a> {
    world: &'a World,
    state: &'a State,
    ranked: &'a [(f64, PrisonerId)],
    sizes: &'a [u32],
    holder: GovernmentId,
    demander: GovernmentId,
}

impl Batch<'_> {
    /// Pushes one deal per batch size: `concession` from `giver` to the
    /// holder against that batch.
    fn offer(&self, giver: GovernmentId, concession: ConcessionKind, out: &mut Vec<Deal>) {
        for &k in self.sizes {
            let mut deal = Deal::new().with(giver, self.holder, concession);
            for &(_, p) in &self.ranked[..k as usize] {
                let dest = self.world.prisoners()[p.index()].default_destination();
                deal = deal.release(self.holder, self.demander, p, dest);
            }
            self.push(deal, out);
        }
    }

    /// Pushes `deal` with its together-groups kept whole, unless keeping
    /// them made it the deal just pushed (a batch of 1 grown into the batch
    /// of 2) or left it one-sided with no release at all.
    fn push(&self, mut deal: Deal, out: &mut Vec<Deal>) {
        if !self.world.demands().groups().is_empty() {
            keep_together(self.world, self.state, &mut deal);
            let releases = deal.concessions.iter().any(|c| c.kind.prisoner().is_some());
            if !releases || out.last() == Some(&deal) {
                return;
            }
        }
        out.push(deal);
    }

    /// Pushes one deal per swap batch size `j` of `swap_sizes` and batch
    /// size: the demander's first `j` prisoners of `own` (ranked by the
    /// holder's values) to the holder, against that batch.
    fn offer_swaps(&self, own: &[(f64, PrisonerId)], swap_sizes: &[u32], out: &mut Vec<Deal>) {
        for &j in swap_sizes {
            for &k in self.sizes {
                let mut deal = Deal::new();
                for &(_, p) in &own[..j as usize] {
                    let dest = self.world.prisoners()[p.index()].default_destination();
                    deal = deal.release(self.demander, self.holder, p, dest);
                }
                for &(_, p) in &self.ranked[..k as usize] {
                    let dest = self.world.prisoners()[p.index()].default_destination();
                    deal = deal.release(self.holder, self.demander, p, dest);
                }
                self.push(deal, out);
            }
        }
    }
}
