//! Where client states are kept. A store only guarantees that reading a state and replacing it
//! happen as one atomic step; the decision itself is `window::Policy`, the same for every store.
//!
//! - `shm`: the fixed-size table in process-shared memory that PHP workers share.
//! - `memory`: a map private to one process, for when shared memory cannot be had.
//! - `location`: where the shared table lives, for a SAPI and a user.
//! - `user`: the user whose states a process may see.
//! - `redis`: Redis or Redis Cluster, shared by several servers, with a local store to answer
//!   when Redis does not.

pub mod location;
pub mod memory;
pub mod redis;
pub mod shm;
pub mod user;

use crate::window::{Effect, Micros, State};

/// A state's identity: the user it belongs to, the kind of limiter, the limiter's name within
/// that kind, and the subject's bytes; and the interval of the limiter that reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key<'a> {
    /// The effective user id of the processes that may see the state (`user::effective_uid`):
    /// processes of different users never share a state, even in one table.
    pub user: u32,
    pub namespace: Namespace,
    pub limiter: &'a str,
    pub subject: &'a [u8],
    /// The reading limiter's interval (microseconds). Limiters of one name share a state
    /// whatever their intervals (the state carries its own); a store that cannot record some
    /// interval in a state (a shared table with a full interval registry) keeps the states of
    /// that interval apart, under keys that include it.
    pub interval: Micros,
}

/// The kind of limiter a state belongs to. Part of every key, so that limiters of different
/// kinds never share a state, whatever names and subjects they are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// `LoginRateLimiter`: the limiter is a login type, the subject a client key.
    Login,
    /// `RateLimiter`: the limiter is its id, the subject the caller's key.
    Keyed,
}

impl Namespace {
    /// The byte a store hashes for the namespace.
    pub fn tag(self) -> u8 {
        match self {
            Self::Login => 1,
            Self::Keyed => 2,
        }
    }
}

/// What to do with a key's state after measuring it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Update {
    Keep,
    Put(State),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    pub backend: &'static str,
    /// Where the state lives: a file path, or a short description.
    pub location: String,
    pub capacity: u64,
    /// States that still affect a decision; a shared table also counts, for a short while,
    /// states that ended (see `shm::calendar`).
    pub entries: u64,
    /// Live states dropped to make room.
    pub evictions: u64,
    pub memory_bytes: u64,
    /// Insert locks taken over from a process that died or stalled while holding one.
    pub lock_takeovers: u64,
}

/// What a decision stores over a span of instants (see `measure_and_replace_planned`).
pub type Plan<'a> = &'a dyn Fn(Option<State>, Micros, Micros) -> Option<Effect>;

pub trait StateStore: Send + Sync {
    /// Calls `measure` with `key`'s state and the instant to decide at, and stores what it
    /// returns, atomically with respect to every other process and thread. The instant is
    /// `now` (the caller's clock), or the store's own clock when all its users must share one
    /// (Redis's `TIME`, so that servers with skewed clocks agree); the state is `None` when
    /// absent or expired at that instant. `measure` may be called again when the state changed
    /// underneath, so it must be a pure function of its arguments.
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    );

    /// As `measure_and_replace`, told ahead what `measure` would store: `plan(state, lo, hi)`
    /// is what it stores at every instant of `lo..=hi` if that is one `Effect`, else `None`
    /// (`window::Policy::consume_throughout`). A store that learns the instant to decide at
    /// only as it applies the change (Redis: its `TIME` on the server) can then send the change
    /// with the state it expects and save a round trip; `measure` still gives the answer, at
    /// the instant the change was applied. Stores that read their instant first ignore `plan`.
    fn measure_and_replace_planned(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
        _plan: Plan<'_>,
    ) {
        self.measure_and_replace(key, now, measure);
    }

    /// Forgets `key`'s state, at `now` on the caller's clock.
    fn remove(&self, key: Key<'_>, now: Micros);

    fn stats(&self, now: Micros) -> StoreStats;
}

/// A store borrowed for the life of the process (the PHP runtime's local table) serves as the
/// fallback of another store.
impl<S: StateStore + ?Sized> StateStore for &S {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    ) {
        (**self).measure_and_replace(key, now, measure);
    }

    fn measure_and_replace_planned(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
        plan: Plan<'_>,
    ) {
        (**self).measure_and_replace_planned(key, now, measure, plan);
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        (**self).remove(key, now);
    }

    fn stats(&self, now: Micros) -> StoreStats {
        (**self).stats(now)
    }
}
