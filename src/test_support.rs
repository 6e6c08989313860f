//! What the tests of the limiters and stores share: every store, each with a manual clock; a
//! login key; one attempt over a store.

use crate::clock::ManualClock;
use crate::limiter::Engine;
use crate::store::memory::MemoryStore;
use crate::store::shm::{SharedTable, MIN_BYTES};
use crate::store::{Key, Namespace, StateStore, Update};
use crate::window::{Decision, Micros, Policy, MICROS_PER_SECOND};

/// An instant well inside the table's time range.
pub const T0: Micros = 1_800_000_000 * MICROS_PER_SECOND;

/// One of each store: a limiter must answer the same over all of them.
pub fn stores() -> Vec<Box<dyn StateStore>> {
    vec![
        Box::new(MemoryStore::new(MIN_BYTES).unwrap()),
        Box::new(SharedTable::anonymous(MIN_BYTES).unwrap()),
    ]
}

/// Runs `test` over each store, with a manual clock standing at `T0`.
pub fn each_engine(test: impl Fn(&Engine<'_>, &ManualClock)) {
    for store in stores() {
        let clock = ManualClock::new(T0);
        test(&engine(store.as_ref(), &clock), &clock);
    }
}

pub fn engine<'a>(store: &'a dyn StateStore, clock: &'a ManualClock) -> Engine<'a> {
    Engine {
        store,
        clock,
        ipv6_prefix: 64,
        user: 1000,
    }
}

pub const SECOND: Micros = MICROS_PER_SECOND;

/// A login limiter's key for `subject`, of one user, for a limiter of `interval`.
pub fn login_key(subject: &[u8], interval: Micros) -> Key<'_> {
    Key {
        user: 1000,
        namespace: Namespace::Login,
        limiter: "BE",
        subject,
        interval,
    }
}

/// One attempt on `subject` at `now` under `policy`, over `store` directly, as a limiter of that
/// policy makes it.
pub fn attempt(store: &dyn StateStore, policy: Policy, subject: &[u8], now: Micros) -> Decision {
    let mut decision = None;
    store.measure_and_replace(
        login_key(subject, policy.interval),
        now,
        &mut |state, now| {
            let decided = policy.consume(state, now, 1);
            decision = Some(decided);
            decided.store.map_or(Update::Keep, Update::Put)
        },
    );
    decision.expect("a store always measures once")
}
