//! Moving a table's stored instants back, when its clock starts again earlier than it was
//! after a reboot (`clock::resumption`): each state keeps the time it had left, so that no
//! lock-out ends early or lasts longer.

use std::sync::atomic::Ordering;

use super::calendar::Calendar;
use super::layout::{self, Bucket};
use crate::window::{Micros, State};

/// Moves every state's expiry back by `by`; states already expired at `old_now` (the clock's
/// reading on the old timeline) are cleared, as they would be read as absent anyway. The
/// calendar, which counted the old expiries, counts the moved ones afresh.
pub fn move_back(calendar: &Calendar, buckets: &[Bucket], old_now: Micros, by: Micros) {
    calendar.clear();
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
        let kept = match slot.compare_exchange(word, moved, Ordering::AcqRel, Ordering::Relaxed) {
            Ok(_) => moved,
            Err(changed) => changed,
        };
        if kept != 0 {
            calendar.count(layout::decode(kept).expires, old_now - by);
        }
    }
}
