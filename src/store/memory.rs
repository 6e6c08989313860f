//! States in memory private to one process: the fallback when no shared table can be had.
//!
//! It is the shared table itself, its layout and code, over memory that no other process maps
//! (a forked child gets a copy). So it has the same bounds as the table (a fixed size, expired
//! states reclaimed in place, the same eviction order that keeps blocked clients longest) and
//! the same constant work per call, whatever a flood of new clients does. It counts exactly
//! within its process but is not shared, which `stats()` reports.

use super::shm::{SharedTable, TableError};
use super::{Key, StateStore, StoreStats, Update};
use crate::window::{Micros, State};

pub struct MemoryStore {
    table: SharedTable,
}

impl MemoryStore {
    /// A store of `bytes` (the sizes a shared table accepts).
    pub fn new(bytes: u64) -> Result<Self, TableError> {
        SharedTable::private(bytes).map(|table| Self { table })
    }
}

impl StateStore for MemoryStore {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    ) {
        self.table.measure_and_replace(key, now, measure);
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        self.table.remove(key, now);
    }

    fn stats(&self, now: Micros) -> StoreStats {
        StoreStats {
            backend: "process-local",
            location: "memory of this process only (not shared)".to_owned(),
            ..self.table.stats(now)
        }
    }
}

#[cfg(test)]
#[path = "memory_tests.rs"]
mod tests;
