//! Where a new key goes, chosen with the insert locks of both its buckets held.
//!
//! 1. A free slot (empty, or holding an expired state): in the home bucket (the first) unless it
//!    holds at least two more live states than the other. Two choices per key keep buckets
//!    even where one bucket per key overflowed while its neighbours were half empty; the
//!    preference for the home bucket keeps most keys where lookups look first, so that a known
//!    client costs one bucket's memory, not two.
//! 2. Both buckets full of live states: an entry of either that sits in its home bucket is moved
//!    to its other bucket, if that has a free slot, and the new key takes its place.
//! 3. Otherwise a state is evicted, chosen across both buckets: the lightest that does not block
//!    its client, else the lightest of all.
//!
//! Why the move: filling 16 MiB tables with distinct clients (`examples/fill_loss.rs`; means of
//! five tables), the first live state was lost at 13 % of the capacity with one bucket per key,
//! at 68 % with two choices taking the emptier bucket, at 55 % with the home preference above,
//! and at 85 % with the home preference and the move; at 90 % those lose 11 %, 1.05 %, 2.0 % and
//! 0.005 % of the clients. Taking the emptier bucket and moving loses about as little (0.003 %)
//! but leaves a fifth of the clients outside their home bucket even in a nearly empty table. A
//! move costs nothing until both buckets are full, and then a look at up to fourteen other
//! buckets (the price of an insert into a full table, see BENCHMARKS.md).
//!
//! Only home-to-other moves are made, so an entry moves at most once, and a move can copy before
//! it clears: lookups read a key's home bucket first, so the copy in its other bucket is not read
//! until the original is gone (see `move_entry`).

use std::sync::atomic::Ordering;

use portable_atomic::AtomicU128;

use super::calendar::Calendar;
use super::fold;
use super::layout::{self, Bucket, SLOTS_PER_BUCKET};
use super::place::Place;
use crate::window::Micros;

/// The slot a new key with `place` takes in `table`, and the word it holds now (a live word is
/// an eviction); `None` if the key is there already.
pub fn choose<'t>(
    calendar: &Calendar,
    table: &'t [Bucket],
    place: &Place,
    now: Micros,
) -> Option<(&'t AtomicU128, u128)> {
    let first = survey(&table[place.first], place.fingerprint, now);
    let second = if place.has_two_buckets() {
        survey(&table[place.second], place.fingerprint, now)
    } else {
        Survey {
            holds_key: false,
            free: None,
            live: SLOTS_PER_BUCKET,
        }
    };
    if first.holds_key || second.holds_key {
        return None;
    }
    if let Some(free) = first
        .free
        .filter(|_| first.live <= second.live + 1 || second.free.is_none())
    {
        return Some(free);
    }
    if let Some(free) = second.free {
        return Some(free);
    }
    if let Some(moved_out) = move_one(calendar, table, place, now) {
        return Some((moved_out, 0));
    }
    Some(lightest(table, place))
}

struct Survey<'t> {
    /// A slot holds the fingerprint looked for.
    holds_key: bool,
    /// The first slot that holds no live state, and its word.
    free: Option<(&'t AtomicU128, u128)>,
    live: usize,
}

/// One pass over a bucket: whether it holds `fingerprint` (if not 0), where it has room, and
/// how many live states it holds.
fn survey(bucket: &Bucket, fingerprint: u64, now: Micros) -> Survey<'_> {
    let mut survey = Survey {
        holds_key: false,
        free: None,
        live: 0,
    };
    for slot in &bucket.slots {
        let word = slot.load(Ordering::Acquire);
        if is_live(word, now) {
            survey.live += 1;
        } else if survey.free.is_none() {
            survey.free = Some((slot, word));
        }
        survey.holds_key |= fingerprint != 0 && layout::fingerprint_of(word) == fingerprint;
    }
    survey
}

pub fn is_live(word: u128, now: Micros) -> bool {
    word != 0 && layout::decode(word).expires > now
}

/// Moves one entry of the key's buckets from its home bucket to its other; returns the slot it
/// left.
fn move_one<'t>(
    calendar: &Calendar,
    table: &'t [Bucket],
    place: &Place,
    now: Micros,
) -> Option<&'t AtomicU128> {
    let buckets = if place.has_two_buckets() {
        &[place.first, place.second][..]
    } else {
        &[place.first][..]
    };
    for &index in buckets {
        for slot in &table[index].slots {
            let word = slot.load(Ordering::Acquire);
            let fingerprint = layout::fingerprint_of(word);
            if fingerprint == 0 {
                continue;
            }
            let entry = Place::of_entry(index, fingerprint, table.len());
            if entry.first != index || !entry.has_two_buckets() {
                continue;
            }
            let Some((to, free)) = survey(&table[entry.second], 0, now).free else {
                continue;
            };
            if move_entry(calendar, slot, word, to, free, now) {
                // A stalled inserter of this entry may have left a copy in its other bucket;
                // the moved state must not hide behind it.
                fold::fold(
                    calendar,
                    &[&table[index], &table[entry.second]],
                    fingerprint,
                    now,
                );
                return Some(slot);
            }
        }
    }
    None
}

/// Moves `word` from `from` (in its home bucket) to the free slot `to` (in its other), which
/// holds `free`. The entry is never absent: it is copied first, and until the original is
/// cleared lookups find the original, as they scan the home bucket first; clearing it fails
/// if a lookup changed it meanwhile, and then the unused copy is dropped. Whoever could remove
/// or insert this key waits for the home bucket's insert lock, which the caller holds.
fn move_entry(
    calendar: &Calendar,
    from: &AtomicU128,
    word: u128,
    to: &AtomicU128,
    free: u128,
    now: Micros,
) -> bool {
    if !calendar.swap(to, free, word, now) {
        return false;
    }
    #[cfg(test)]
    super::test_hooks::inside_move();
    if calendar.swap(from, word, 0, now) {
        return true;
    }
    let _ = calendar.swap(to, word, 0, now);
    false
}

/// The state to evict when both buckets are full: the lightest that does not block its
/// client, else the lightest of all; among equals the one that ends first.
fn lightest<'t>(table: &'t [Bucket], place: &Place) -> (&'t AtomicU128, u128) {
    let second = place.has_two_buckets().then(|| &table[place.second]);
    let mut best = None;
    let mut best_cost = (u8::MAX, u32::MAX, Micros::MAX);
    for slot in table[place.first]
        .slots
        .iter()
        .chain(second.into_iter().flat_map(|b| b.slots.iter()))
    {
        let word = slot.load(Ordering::Acquire);
        let state = layout::decode(word);
        let cost = (
            u8::from(state.blocking),
            state.prev + state.cur,
            state.expires,
        );
        if best.is_none() || cost < best_cost {
            best = Some((slot, word));
            best_cost = cost;
        }
    }
    best.expect("a bucket has slots")
}
