//! What the limiters' tests share: every store, each with a manual clock.

use crate::clock::ManualClock;
use crate::limiter::Engine;
use crate::store::memory::MemoryStore;
use crate::store::shm::{SharedTable, MIN_BYTES};
use crate::store::StateStore;
use crate::window::{Micros, MICROS_PER_SECOND};

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
