//! The intervals a table's slots name: a state keeps its window's interval, for which a slot
//! word has no room, so the header holds a registry of `INTERVAL_ENTRIES` intervals and a slot
//! keeps an index into it (`layout`).
//!
//! An entry is claimed once, by compare-and-swap from 0 to an interval, and never changes
//! after: a process that has seen an interval at an index can rely on it for the life of the
//! table, and an interval has at most one entry (claims take the first free entry in order,
//! and entries before it never change). Processes of every configuration add what they use.
//!
//! When every entry holds another interval (a table shared by limiters of more than 63
//! intervals), a state of a further interval is kept under a key that includes the interval,
//! with index 0: only limiters of that same interval find it, so it is judged right, but it
//! does not carry over to limiters of other intervals (a client blocked under it is not seen
//! by them), and theirs not to it.

use std::sync::atomic::{AtomicU64, Ordering};

use super::layout::{self, INTERVAL_ENTRIES};
use crate::window::{Micros, State, MAX_INTERVAL};

/// The index of states kept apart under their interval's own key.
pub const KEPT_APART: u8 = 0;

pub struct Intervals<'a> {
    entries: &'a [AtomicU64; INTERVAL_ENTRIES],
}

impl<'a> Intervals<'a> {
    /// The registry in a table's header (`Header::intervals`).
    pub fn new(entries: &'a [AtomicU64; INTERVAL_ENTRIES]) -> Self {
        Self { entries }
    }

    /// Frees every entry, for a table nobody has used yet.
    pub fn clear(&self) {
        for entry in self.entries {
            entry.store(0, Ordering::Relaxed);
        }
    }

    /// The index that names `interval` in a slot, claiming an entry for it if it has none and
    /// one is free; `KEPT_APART` when every entry holds another interval.
    pub fn index_of(&self, interval: Micros) -> u8 {
        let Some(wanted) = valid(interval) else {
            return KEPT_APART;
        };
        for (index, entry) in self.entries.iter().enumerate() {
            let held = match entry.load(Ordering::Acquire) {
                0 => match entry.compare_exchange(0, wanted, Ordering::AcqRel, Ordering::Acquire) {
                    Ok(_) => wanted,
                    Err(other) => other,
                },
                held => held,
            };
            if held == wanted {
                return index as u8 + 1;
            }
        }
        KEPT_APART
    }

    /// The interval a slot's index names; `reader`'s for `KEPT_APART` (only readers of that
    /// interval find such a state) and for an entry that holds no valid interval (a damaged
    /// file), so that any word decodes to a state the rule can judge.
    fn interval_at(&self, index: u8, reader: Micros) -> Micros {
        (index as usize)
            .checked_sub(1)
            .and_then(|entry| self.entries.get(entry))
            .and_then(|entry| i64::try_from(entry.load(Ordering::Acquire)).ok())
            .filter(|interval| (1..=MAX_INTERVAL).contains(interval))
            .unwrap_or(reader)
    }

    /// The state in a slot word, as read by a limiter of interval `reader`.
    pub fn decode(&self, word: u128, reader: Micros) -> State {
        State {
            interval: self.interval_at(layout::interval_index_of(word), reader),
            ..layout::decode(word)
        }
    }

    /// The slot word for `state`, stored by a limiter of interval `reader` whose index is
    /// `reader_index` (from `index_of`). A state's interval is the reader's or one read from a
    /// slot, which has its entry already.
    pub fn encode(
        &self,
        fingerprint: u64,
        state: &State,
        reader: Micros,
        reader_index: u8,
    ) -> u128 {
        let index = if state.interval == reader {
            reader_index
        } else {
            self.index_of(state.interval)
        };
        layout::encode(fingerprint, index, state)
    }
}

fn valid(interval: Micros) -> Option<u64> {
    (1..=MAX_INTERVAL)
        .contains(&interval)
        .then_some(interval as u64)
}

#[cfg(test)]
#[path = "intervals_tests.rs"]
mod tests;
