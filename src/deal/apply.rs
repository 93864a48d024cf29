//! Applying a deal to a state in place, and undoing it exactly.

use super::{ConcessionKind, Deal};
use crate::model::{GovernmentId, PrisonerStatus, ReliefKind, ReliefState, State, World};

#[derive(Copy, Clone, Debug, PartialEq)]
enum Entry {
    Prisoner {
        index: u32,
        status: PrisonerStatus,
        location: GovernmentId,
    },
    Relief {
        index: u32,
        old: ReliefState,
    },
    Recognition {
        key: u64,
        old: u8,
    },
    /// A favour given (it was not before).
    Favour {
        index: u32,
    },
    Round(u32),
}

/// The record of changes that lets [`State::undo`] restore a state exactly.
///
/// One log serves a whole search: each applied deal pushes a frame, each
/// undo pops one, and the buffers are reused, so apply/undo allocate nothing
/// once the log has grown to the search depth.
#[derive(Clone, Debug, Default)]
pub struct UndoLog {
    entries: Vec<Entry>,
    frames: Vec<u32>,
}

impl UndoLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of frames (applied, not yet undone deals or events).
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// Forgets everything (the state keeps its changes).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.frames.clear();
    }

    pub(crate) fn open(&mut self) {
        self.frames.push(self.entries.len() as u32);
    }

    fn last_frame(&self) -> &[Entry] {
        let start = self.frames.last().map_or(0, |&s| s as usize);
        &self.entries[start..]
    }

    /// Records `entry` unless the open frame already holds the old value of
    /// the same item: a frame keeps each item's value from before the deal,
    /// once, so that two concessions on one item in one deal (recognition at
    /// two levels, a licence and a delisting) are undone to the start and
    /// their value is counted once, not once per concession. Deals are a few
    /// concessions long, so the scan is shorter than a lookup structure.
    fn record(&mut self, entry: Entry) {
        let same = |e: &Entry| match (*e, entry) {
            (Entry::Relief { index: a, .. }, Entry::Relief { index: b, .. }) => a == b,
            (Entry::Recognition { key: a, .. }, Entry::Recognition { key: b, .. }) => a == b,
            _ => false,
        };
        if !self.last_frame().iter().any(same) {
            self.entries.push(entry);
        }
    }
}

/// What applying a deal did, beyond the state change itself.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Releases that failed because the prisoner refused exile (they stay in
    /// custody, as Mikalai Statkevich did in September 2025).
    pub refused_exile: u32,
}

/// The relief fraction a form brings on `s` (1 when the sanction does not
/// list that form: the rules reject such deals, the mechanics stay total).
fn fraction(world: &World, s: usize, kind: ReliefKind) -> f64 {
    world
        .sanctions
        .get(s)
        .and_then(|x| x.relief_option(kind))
        .map_or(1.0, |o| o.value_fraction)
}

/// Whether releasing prisoner `p` to `destination` takes effect: the
/// prisoner must be held and must accept exile if it is exile.
pub(crate) fn release_takes_effect(
    world: &World,
    state: &State,
    p: usize,
    destination: GovernmentId,
) -> bool {
    let Some(pr) = world.prisoners.get(p) else {
        return false;
    };
    state.status[p] == PrisonerStatus::Held && (pr.accepts_exile || !pr.is_exile_to(destination))
}

impl State {
    /// Carries out `deal` mechanically, recording the old values in `log`.
    ///
    /// This checks no rules (see [`crate::rules::Rulebook`] and
    /// [`crate::table::Table`] for checked play); it never panics on ids that
    /// are out of range (such concessions change nothing) and is always
    /// exactly undone by [`State::undo`]. A release of a prisoner not in
    /// custody changes nothing; a release into exile of a prisoner who refuses
    /// exile fails and is counted in [`Applied::refused_exile`].
    ///
    /// # Complexity
    /// O(number of concessions).
    pub fn apply(&mut self, world: &World, deal: &Deal, log: &mut UndoLog) -> Applied {
        log.open();
        let mut applied = Applied::default();
        for c in &deal.concessions {
            match c.kind {
                ConcessionKind::Release {
                    prisoner,
                    destination,
                    ..
                } => {
                    let p = prisoner.index();
                    if p >= self.status.len() || self.status[p] != PrisonerStatus::Held {
                        continue;
                    }
                    if !release_takes_effect(world, self, p, destination) {
                        applied.refused_exile += 1;
                        continue;
                    }
                    log.entries.push(Entry::Prisoner {
                        index: p as u32,
                        status: self.status[p],
                        location: self.location[p],
                    });
                    self.set_prisoner(p, PrisonerStatus::Released, destination);
                }
                ConcessionKind::Recognition { level } => {
                    if let Some(key) = self.recognition_key(c.from, c.to) {
                        let old = self.recognition.get(key);
                        log.record(Entry::Recognition { key, old });
                        self.recognition.set(key, old.max(level.value()));
                    }
                }
                ConcessionKind::Favour { favour } => {
                    // A favour is given once: giving it again changes nothing.
                    if let Some(given) = self.favours.get_mut(favour.index())
                        && !*given
                    {
                        log.entries.push(Entry::Favour { index: favour.0 });
                        *given = true;
                    }
                }
                kind => {
                    let Some(s) = kind.sanction().map(|s| s.index()) else {
                        continue;
                    };
                    let Some(&old) = self.relief.get(s) else {
                        continue;
                    };
                    log.record(Entry::Relief {
                        index: s as u32,
                        old,
                    });
                    self.relief[s] = relieved(world, s, old, kind, self.round);
                }
            }
        }
        applied
    }

    /// Undoes the last frame recorded in `log`. Returns `false` (and changes
    /// nothing) when the log is empty.
    ///
    /// # Complexity
    /// O(changes recorded in the frame).
    pub fn undo(&mut self, log: &mut UndoLog) -> bool {
        let Some(start) = log.frames.pop() else {
            return false;
        };
        while log.entries.len() > start as usize {
            match log.entries.pop() {
                Some(Entry::Prisoner {
                    index,
                    status,
                    location,
                }) => self.set_prisoner(index as usize, status, location),
                Some(Entry::Relief { index, old }) => self.relief[index as usize] = old,
                Some(Entry::Recognition { key, old }) => self.recognition.set(key, old),
                Some(Entry::Favour { index }) => self.favours[index as usize] = false,
                Some(Entry::Round(r)) => self.round = r,
                None => break,
            }
        }
        true
    }

    /// Advances the clock by one round, as an undoable frame.
    pub fn advance_round(&mut self, log: &mut UndoLog) {
        log.open();
        log.entries.push(Entry::Round(self.round));
        self.round += 1;
    }

    /// Changes the payoffs of the last frame in `log` brought, per government,
    /// undiscounted and before audience costs, added into `out` (indexed by
    /// government id). See [`crate::payoff`] for the discounted deal delta.
    pub fn last_frame_values(&self, world: &World, log: &UndoLog, out: &mut [f64]) {
        let v = &world.values;
        for e in log.last_frame() {
            match *e {
                Entry::Prisoner { index, status, .. } => {
                    let was = (status == PrisonerStatus::Released) as i32 as f64;
                    let now =
                        (self.status[index as usize] == PrisonerStatus::Released) as i32 as f64;
                    if was != now {
                        for &(g, w) in v.prisoners.row(index as usize) {
                            out[g.index()] += (now - was) * w;
                        }
                    }
                }
                Entry::Relief { index, old } => {
                    let new = self.relief[index as usize];
                    let dl = new.level - old.level;
                    if dl != 0.0 {
                        for &(g, w) in v.sanctions.row(index as usize) {
                            out[g.index()] += dl * w;
                        }
                    }
                    let df = new.unfrozen - old.unfrozen;
                    if df != 0.0 {
                        let target = world.sanctions[index as usize].target.index();
                        out[target] += df * v.funds[target];
                    }
                }
                Entry::Recognition { key, old } => {
                    let n = self.n_gov as u64;
                    let (from, to) = ((key / n) as usize, (key % n) as usize);
                    let d = f64::from(self.recognition.get(key)) - f64::from(old);
                    if d != 0.0 {
                        for r in &v.recognition {
                            if r.from.index() == from && r.to.index() == to {
                                out[r.by.index()] += d * r.per_level;
                            }
                        }
                    }
                }
                Entry::Favour { index } => {
                    if let Some(f) = world.favour(crate::model::FavourId(index))
                        && self.favours[index as usize]
                    {
                        out[f.to.index()] += f.value;
                        out[f.from.index()] -= f.cost;
                    }
                }
                Entry::Round(_) => {}
            }
        }
    }
}

/// The relief state after a relief or reimposition concession.
fn relieved(
    world: &World,
    s: usize,
    old: ReliefState,
    kind: ConcessionKind,
    round: u32,
) -> ReliefState {
    let mut new = old;
    match kind {
        ConcessionKind::Licence { .. } => {
            let f = fraction(world, s, ReliefKind::Licence);
            if f > old.level {
                new.level = f;
                new.kind = Some(ReliefKind::Licence);
                new.expires = None;
            }
        }
        ConcessionKind::Delist { .. } => {
            new.level = fraction(world, s, ReliefKind::Delist).max(old.level);
            new.kind = Some(ReliefKind::Delist);
            new.expires = None;
        }
        ConcessionKind::Suspend { rounds, .. } => {
            new.level = fraction(world, s, ReliefKind::Suspend).max(old.level);
            new.kind = Some(ReliefKind::Suspend);
            new.expires = Some(round.saturating_add(rounds));
        }
        ConcessionKind::Ease { fraction: f, .. } => {
            let f = if f.is_finite() {
                f.clamp(0.0, 1.0)
            } else {
                0.0
            };
            new.level = (old.level + f * fraction(world, s, ReliefKind::Ease)).min(1.0);
            new.kind = old.kind.or(Some(ReliefKind::Ease));
        }
        ConcessionKind::Unfreeze { amount, .. } => {
            if amount.is_finite() && amount > 0.0 {
                new.unfrozen = old.unfrozen + amount;
            }
        }
        ConcessionKind::Reimpose { .. } => {
            new.level = 0.0;
            new.kind = None;
            new.expires = None;
        }
        ConcessionKind::Release { .. }
        | ConcessionKind::Recognition { .. }
        | ConcessionKind::Favour { .. } => {}
    }
    new
}

/// Events that change a state outside deals: arrests, deaths, releases at
/// the end of a sentence, lapsing suspensions. Each records itself in the
/// log as one frame, so a search with chance nodes can undo it like a deal.
impl State {
    /// Arrests `p` (at large or released before: re-arrest) into custody of
    /// `by`. Returns whether anything changed (someone already held or
    /// deceased is not arrested).
    pub fn arrest(
        &mut self,
        p: crate::model::PrisonerId,
        by: GovernmentId,
        log: &mut UndoLog,
    ) -> bool {
        self.event_set(p.index(), PrisonerStatus::Held, by, log, |s| {
            matches!(s, PrisonerStatus::AtLarge | PrisonerStatus::Released)
        })
    }

    /// Records that `p` died in custody. Returns whether `p` was held.
    pub fn record_death(&mut self, p: crate::model::PrisonerId, log: &mut UndoLog) -> bool {
        let at = self
            .location
            .get(p.index())
            .copied()
            .unwrap_or(GovernmentId(0));
        self.event_set(p.index(), PrisonerStatus::Deceased, at, log, |s| {
            s == PrisonerStatus::Held
        })
    }

    /// Frees `p` without a deal (end of sentence, amnesty, medical release)
    /// to `destination`. Returns whether `p` was held.
    pub fn free_unilaterally(
        &mut self,
        p: crate::model::PrisonerId,
        destination: GovernmentId,
        log: &mut UndoLog,
    ) -> bool {
        self.event_set(p.index(), PrisonerStatus::Released, destination, log, |s| {
            s == PrisonerStatus::Held
        })
    }

    fn event_set(
        &mut self,
        p: usize,
        to: PrisonerStatus,
        at: GovernmentId,
        log: &mut UndoLog,
        allowed: impl Fn(PrisonerStatus) -> bool,
    ) -> bool {
        log.open();
        match self.status.get(p) {
            Some(&s) if allowed(s) => {
                log.entries.push(Entry::Prisoner {
                    index: p as u32,
                    status: s,
                    location: self.location[p],
                });
                self.set_prisoner(p, to, at);
                true
            }
            _ => false,
        }
    }

    /// Puts back into force every suspension whose expiry round has come.
    /// Returns how many lapsed.
    pub fn lapse_suspensions(&mut self, log: &mut UndoLog) -> u32 {
        log.open();
        let mut n = 0;
        for (i, r) in self.relief.iter_mut().enumerate() {
            if r.expires.is_some_and(|e| e <= self.round) {
                log.entries.push(Entry::Relief {
                    index: i as u32,
                    old: *r,
                });
                *r = ReliefState {
                    unfrozen: r.unfrozen,
                    ..ReliefState::NONE
                };
                n += 1;
            }
        }
        n
    }

    /// Reimposes sanction `s` outside a deal (snapback after a defection).
    pub fn snapback(&mut self, s: crate::model::SanctionId, log: &mut UndoLog) -> bool {
        log.open();
        match self.relief.get_mut(s.index()) {
            Some(r) if r.level > 0.0 => {
                log.entries.push(Entry::Relief {
                    index: s.0,
                    old: *r,
                });
                *r = ReliefState {
                    unfrozen: r.unfrozen,
                    ..ReliefState::NONE
                };
                true
            }
            _ => false,
        }
    }
}
