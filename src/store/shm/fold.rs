//! One key in two slots, and how the table makes it one again.
//!
//! The insert lock keeps a key in one slot only while it is exclusive, and it stops being
//! exclusive when it is taken over from a holder that stalled past its bound: the stalled
//! holder resumes, and its compare-and-swap can add the key a second time beside the state the
//! new holder added meanwhile. So the table does not rely on the lock for this:
//!
//! - every lookup takes the *first* slot holding the key, in one fixed scan order (home bucket,
//!   then the other), so a second copy is never read nor written by lookups: attempts do not
//!   split between two states;
//! - an inserter looks again after its compare-and-swap. If the key is in another slot too, it
//!   takes its own word back and measures again on the state that was there first, as if it had
//!   waited; if a lookup changed its word meanwhile (the copy was already in use), it folds;
//! - folding takes every later copy out and adds it into the first (`merge`): counts summed, the
//!   later window kept, so no attempt is forgotten and the result is never laxer than either
//!   copy;
//! - `remove()` clears every slot holding the key;
//! - an entry moved to its other bucket is folded with any copy that was already there
//!   (`room`), so that the moved state is the one read.

use std::sync::atomic::Ordering;

use portable_atomic::AtomicU128;

use super::calendar::Calendar;
use super::layout::{self, Bucket};
use crate::window::{Micros, State};

/// The first slot holding `fingerprint`, in the buckets' scan order, and its word. The second
/// bucket is not touched when the first holds the key.
pub fn find<'b>(buckets: &[&'b Bucket], fingerprint: u64) -> Option<(&'b AtomicU128, u128)> {
    for bucket in buckets {
        for slot in &bucket.slots {
            let word = slot.load(Ordering::Acquire);
            if layout::fingerprint_of(word) == fingerprint {
                return Some((slot, word));
            }
        }
    }
    None
}

/// Every slot holding `fingerprint`, in scan order, with the word read there.
fn matches<'a, 'b: 'a>(
    buckets: &'a [&'b Bucket],
    fingerprint: u64,
) -> impl Iterator<Item = (&'b AtomicU128, u128)> + 'a {
    buckets
        .iter()
        .flat_map(|bucket| bucket.slots.iter())
        .filter_map(move |slot| {
            let word = slot.load(Ordering::Acquire);
            (layout::fingerprint_of(word) == fingerprint).then_some((slot, word))
        })
}

/// After an insert wrote `word` into `slot`: whether the caller's state is stored. If the key
/// is in another slot too and `slot` still holds `word`, `word` is taken back (`false`: the
/// caller measures again on the other copy, as if it had waited for it); if a lookup already
/// used `word`, the copies are folded.
pub fn settle_insert(
    calendar: &Calendar,
    buckets: &[&Bucket],
    fingerprint: u64,
    slot: &AtomicU128,
    word: u128,
    now: Micros,
) -> bool {
    if matches(buckets, fingerprint).nth(1).is_none() {
        return true;
    }
    let taken_back = calendar.swap(slot, word, 0, now);
    fold(calendar, buckets, fingerprint, now);
    !taken_back
}

/// Folds every copy of `fingerprint` after the first into the first.
pub fn fold(calendar: &Calendar, buckets: &[&Bucket], fingerprint: u64, now: Micros) {
    while let Some((slot, word)) = matches(buckets, fingerprint).nth(1) {
        if calendar.swap(slot, word, 0, now) {
            add_to_first(calendar, buckets, fingerprint, word, now);
        }
    }
}

/// Adds a copy's counts (`copy_word`) to the first slot holding the key. If no slot holds it
/// any more, it was removed meanwhile, and the copy goes with it.
fn add_to_first(
    calendar: &Calendar,
    buckets: &[&Bucket],
    fingerprint: u64,
    copy_word: u128,
    now: Micros,
) {
    let copy = layout::decode(copy_word);
    if copy.expires <= now {
        return;
    }
    while let Some((slot, word)) = find(buckets, fingerprint) {
        let state = layout::decode(word);
        // The merged state keeps the later window, and with it that copy's interval.
        let (merged, template) = if state.expires <= now {
            (copy, copy_word)
        } else if state.expires >= copy.expires {
            (merge(state, copy), word)
        } else {
            (merge(state, copy), copy_word)
        };
        if calendar.swap(slot, word, layout::with_state(template, &merged), now) {
            return;
        }
    }
}

/// One state counting every attempt of two live copies of one key. Each copy counted attempts
/// the other did not, so counts add up. The windows may differ (each copy started its own), and
/// the store does not know the interval: the later window is kept, which weighs each attempt at
/// least as much as its own copy did, so the result is never laxer than either copy.
pub fn merge(a: State, b: State) -> State {
    State {
        expires: a.expires.max(b.expires),
        interval: if a.expires >= b.expires {
            a.interval
        } else {
            b.interval
        },
        prev: a.prev.saturating_add(b.prev),
        cur: a.cur.saturating_add(b.cur),
        blocking: a.blocking || b.blocking,
        // A lock-out either copy reported has been logged: the merged state must not log it again.
        reported: a.reported || b.reported,
    }
}
