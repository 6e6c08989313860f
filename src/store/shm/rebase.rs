//! Moving a table's stored instants back, when its clock starts again earlier than it was
//! after a reboot (`clock::resumption`): each state keeps the time it had left, so that no
//! lock-out ends early or lasts longer.

use std::sync::atomic::Ordering;

use super::layout::{self, Bucket};
use crate::window::{Micros, State};

/// Moves every state's expiry back by `by`; states already expired at `old_now` (the clock's
/// reading on the old timeline) are cleared, as they would be read as absent anyway.
pub fn move_back(buckets: &[Bucket], old_now: Micros, by: Micros) {
    for slot in buckets.iter().flat_map(|bucket| &bucket.slots) {
        let word = slot.load(Ordering::Acquire);
        if word == 0 {
            continue;
        }
        let state = layout::decode(word);
        let moved = if state.expires <= old_now {
            0
        } else {
            let expires = state.expires - by;
            layout::with_state(word, &State { expires, ..state })
        };
        // Nobody else uses the table while it is re-anchored; a slot that changed all the same
        // keeps what was written into it.
        let _ = slot.compare_exchange(word, moved, Ordering::AcqRel, Ordering::Relaxed);
    }
}
