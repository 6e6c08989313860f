//! States in a map private to one process: the fallback when no shared table can be mapped.
//! It counts exactly within its process but is not shared, which `stats()` reports.

use dashmap::mapref::entry::Entry;
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Key, Namespace, StateStore, StoreStats, Update};
use crate::window::{Micros, State};

/// A rough per-entry cost of the map, for `memory_bytes`.
const BYTES_PER_ENTRY: u64 = 96;

type MapKey = (u32, Namespace, String, Vec<u8>);

fn map_key(key: Key<'_>) -> MapKey {
    (
        key.user,
        key.namespace,
        key.limiter.to_owned(),
        key.subject.to_vec(),
    )
}

pub struct MemoryStore {
    states: DashMap<MapKey, State>,
    capacity: usize,
    evictions: AtomicU64,
}

impl MemoryStore {
    pub fn new(capacity: usize) -> Self {
        Self {
            states: DashMap::new(),
            capacity: capacity.max(1),
            evictions: AtomicU64::new(0),
        }
    }

    /// Makes room for one more state: expired states first, then the lightest non-blocking
    /// ones, then the lightest of all.
    fn make_room(&self, now: Micros) {
        if self.states.len() < self.capacity {
            return;
        }
        self.states.retain(|_, state| state.expires > now);
        while self.states.len() >= self.capacity {
            let victim = self
                .states
                .iter()
                .min_by_key(|entry| {
                    let state = entry.value();
                    (state.blocking, state.prev + state.cur, state.expires)
                })
                .map(|entry| entry.key().clone());
            let Some(victim) = victim else { break };
            if self.states.remove(&victim).is_some() {
                self.evictions.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl StateStore for MemoryStore {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>) -> Update,
    ) {
        let map_key = map_key(key);
        if !self.states.contains_key(&map_key) {
            self.make_room(now);
        }
        match self.states.entry(map_key) {
            Entry::Occupied(mut entry) => {
                let state = Some(*entry.get()).filter(|s| s.expires > now);
                if let Update::Put(new) = measure(state) {
                    entry.insert(new);
                }
            }
            Entry::Vacant(entry) => {
                if let Update::Put(new) = measure(None) {
                    entry.insert(new);
                }
            }
        }
    }

    fn remove(&self, key: Key<'_>) {
        self.states.remove(&map_key(key));
    }

    fn stats(&self, now: Micros) -> StoreStats {
        let entries = self
            .states
            .iter()
            .filter(|e| e.value().expires > now)
            .count() as u64;
        StoreStats {
            backend: "process-local",
            location: "memory of this process only (not shared)".to_owned(),
            capacity: self.capacity as u64,
            entries,
            evictions: self.evictions.load(Ordering::Relaxed),
            memory_bytes: self.states.len() as u64 * BYTES_PER_ENTRY,
            lock_takeovers: 0,
        }
    }
}
