//! The shared table's memory layout. Every field is an atomic: the memory is written by many
//! processes at once, and any bit pattern in it (a torn write by a killed process, a garbage
//! file) must still be a valid value to read.
//!
//! ```text
//! offset 0      Header (HEADER_BYTES = 4096, one page)
//! offset 4096   Bucket 0 .. Bucket n-1, BUCKET_BYTES = 128 each (two cache lines)
//! ```
//!
//! Header (all little-endian 64-bit atomics unless noted):
//!
//! | bytes  | field          | written by                              | read by                     |
//! |--------|----------------|-----------------------------------------|-----------------------------|
//! | 0..8   | magic          | creator, last, once the rest is set     | every attaching process     |
//! | 8..16  | layout_version | creator                                 | attaching processes         |
//! | 16..24 | total_bytes    | creator                                 | attaching processes         |
//! | 24..32 | bucket_count   | creator                                 | attaching processes         |
//! | 32..48 | hash_key[2]    | creator (random)                        | every process, at attach    |
//! | 48..64 | boot_id[2]     | creator; re-anchoring after a reboot    | attaching processes         |
//! | 64..72 | clock_offset   | creator; re-anchoring after a reboot    | every process, at attach    |
//! | 72..80 | high_water     | any process, `fetch_max`, once a second | re-anchoring after a reboot |
//! | 80..88 | evictions      | inserting processes, `fetch_add`        | `stats()`                   |
//! | 88..96 | lock_takeovers | inserting processes, `fetch_add`        | `stats()`                   |
//! | 96..104| created_wall   | creator                                 | `stats()`                   |
//! | 104..112| full_warned   | an evicting process, compare-and-swap   | evicting processes          |
//! | 112..616| intervals[63] | any process: each entry once, CAS from 0 | every process, per call    |
//!
//! `intervals` names the intervals that slots refer to by index (see `intervals`): an entry is
//! 0 until claimed and never changes once it holds an interval.
//! | 616..2280| calendar      | the process whose slot swap won, after it | `stats()`, the full-table warning |
//!
//! A process attaching a table file checks every field before it uses any (`header::check`), and
//! refuses the file, naming the field, unless each holds what this build can have written:
//!
//! | field          | valid values                                                               |
//! |----------------|----------------------------------------------------------------------------|
//! | magic          | `MAGIC` (0: creation never finished, the table is made afresh)              |
//! | layout_version | `LAYOUT_VERSION`                                                            |
//! | total_bytes    | the file's size, which is `login_ratelimit.shm_size` in whole buckets       |
//! | bucket_count   | `bucket_count(total_bytes)`                                                 |
//! | hash_key       | any (every value is a key)                                                  |
//! | boot_id        | this boot's id; 0 (unknown); another boot's (re-anchoring follows), which must be a random version 4 UUID, as Linux makes boot ids, if this boot's id is one |
//! | clock_offset   | one that a boot of up to 35 years can have anchored (`TIME_BASE - (MAX_TIME - TIME_BASE)` to `MAX_TIME`); on this boot, one that puts the clock from `TIME_BASE` to `LAST_COUNTABLE` now |
//! | high_water     | 0 (never read), or `TIME_BASE` to `MAX_TIME`; on this boot, no later than the clock now (a minute of slack) |
//! | evictions, lock_takeovers | up to 2^53 (285 years of a million inserts a second)             |
//! | created_wall   | the Unix epoch to the end of year 9999 (a wall clock outside is kept as the nearer end) |
//! | full_warned    | 0 (never warned), or `TIME_BASE` to `MAX_TIME`                              |
//! | intervals      | each 0 (unclaimed) or an interval a limiter can have (whole seconds, 1 s to 366 days) |
//! | calendar       | per level and ring position: 0, or a period of the table's clock that belongs at that position, counting at most `capacity` states |
//!
//! Creation and attaching a file-backed table happen under an exclusive `flock` on the file,
//! which the kernel drops if the holder dies, so a half-written header is never trusted: its
//! magic is only written once the rest is in place.
//!
//! Bucket (128 bytes, aligned to 128):
//!
//! | bytes   | field        | meaning                                                       |
//! |---------|--------------|---------------------------------------------------------------|
//! | 0..8    | insert_lock  | 0, or the thread id of a process inserting or removing a key  |
//! |         |              | that may live here (it holds the locks of both its buckets)   |
//! | 8..16   | reserved     | zero                                                          |
//! | 16..128 | slots[7]     | 128-bit slot words, each replaced only by compare-and-swap    |
//!
//! Slot word (128 bits): a client's whole state, so one `cmpxchg16b` replaces it atomically:
//!
//! | bits    | field       | meaning                                                        |
//! |---------|-------------|----------------------------------------------------------------|
//! | 0..16   | cur         | hits in the current window                                     |
//! | 16..32  | prev        | hits in the previous window                                    |
//! | 32      | blocking    | the last decision left the client without a token              |
//! | 33      | reported    | the current lock-out's first rejection has been stored         |
//! | 34..84  | expires     | microseconds since 2020-01-01 UTC (50 bits: until 2055)        |
//! | 84..90  | interval    | the window's interval: 1 to 63 is `intervals[index - 1]`, 0 the |
//! |         |             | interval of the key, which then holds it (a full registry)     |
//! | 90..128 | fingerprint | 38 bits of the key's keyed hash; 0 means the slot is empty     |
//!
//! That is 128 / 7 = 18.3 bytes of shared memory per tracked client.

use std::sync::atomic::{AtomicI64, AtomicU64};

use portable_atomic::AtomicU128;

use super::calendar::Calendar;
use crate::interval::MAX_INTERVAL_SECONDS;
use crate::window::{Micros, State, MICROS_PER_SECOND};

pub const MAGIC: u64 = u64::from_le_bytes(*b"LRLTABLE");
pub const LAYOUT_VERSION: u64 = 2;
pub const HEADER_BYTES: usize = 4096;
pub const BUCKET_BYTES: usize = 128;
pub const SLOTS_PER_BUCKET: usize = 7;

/// Slot times count from 2020-01-01T00:00:00Z, so 50 bits of microseconds reach 2055.
pub const TIME_BASE: Micros = 1_577_836_800 * 1_000_000;
const EXPIRES_BITS: u32 = 50;
pub const MAX_TIME: Micros = TIME_BASE + ((1 << EXPIRES_BITS) - 1);
/// The last instant at which every state fits: a state expires at most two intervals after it
/// is written, and an interval is at most 366 days (2053-09-03T05:58:26Z).
pub const LAST_COUNTABLE: Micros =
    MAX_TIME - 2 * MAX_INTERVAL_SECONDS as Micros * MICROS_PER_SECOND;
const INTERVAL_BITS: u32 = 6;
/// How many intervals a table can name in its slots (index 0 names the key's own).
pub const INTERVAL_ENTRIES: usize = (1 << INTERVAL_BITS) - 1;
const FINGERPRINT_BITS: u32 = 38;
pub const FINGERPRINT_MASK: u64 = (1 << FINGERPRINT_BITS) - 1;
const BLOCKING_SHIFT: u32 = 32;
const REPORTED_SHIFT: u32 = 33;
const EXPIRES_SHIFT: u32 = 34;
const INTERVAL_SHIFT: u32 = EXPIRES_SHIFT + EXPIRES_BITS;
const FINGERPRINT_SHIFT: u32 = INTERVAL_SHIFT + INTERVAL_BITS;
const _: () = assert!(FINGERPRINT_SHIFT + FINGERPRINT_BITS == 128);

#[repr(C)]
pub struct Header {
    pub magic: AtomicU64,
    pub layout_version: AtomicU64,
    pub total_bytes: AtomicU64,
    pub bucket_count: AtomicU64,
    pub hash_key: [AtomicU64; 2],
    pub boot_id: [AtomicU64; 2],
    pub clock_offset: AtomicI64,
    pub high_water: AtomicI64,
    pub evictions: AtomicU64,
    pub lock_takeovers: AtomicU64,
    pub created_wall: AtomicI64,
    pub full_warned: AtomicI64,
    pub intervals: [AtomicU64; INTERVAL_ENTRIES],
    /// 13 levels of 16 periods: how many states expire in each (`calendar`).
    pub calendar: Calendar,
}

#[repr(C, align(128))]
pub struct Bucket {
    pub insert_lock: AtomicU64,
    pub reserved: AtomicU64,
    pub slots: [AtomicU128; SLOTS_PER_BUCKET],
}

const _: () = assert!(std::mem::size_of::<Header>() <= HEADER_BYTES);
const _: () = assert!(std::mem::size_of::<Bucket>() == BUCKET_BYTES);
const _: () = assert!(HEADER_BYTES.is_multiple_of(BUCKET_BYTES));

/// How many buckets a table of `total_bytes` holds.
pub fn bucket_count(total_bytes: usize) -> usize {
    total_bytes.saturating_sub(HEADER_BYTES) / BUCKET_BYTES
}

/// A slot word: `fingerprint` (non-zero, within `FINGERPRINT_MASK`), the index that names the
/// state's interval (`0..=INTERVAL_ENTRIES`), and the rest of the state.
pub fn encode(fingerprint: u64, interval_index: u8, state: &State) -> u128 {
    let expires = (state.expires.clamp(TIME_BASE, MAX_TIME) - TIME_BASE) as u128;
    let interval_index = interval_index.min(INTERVAL_ENTRIES as u8);
    u128::from(fingerprint) << FINGERPRINT_SHIFT
        | u128::from(interval_index) << INTERVAL_SHIFT
        | expires << EXPIRES_SHIFT
        | u128::from(state.reported) << REPORTED_SHIFT
        | u128::from(state.blocking) << BLOCKING_SHIFT
        | u128::from(state.prev.min(0xffff)) << 16
        | u128::from(state.cur.min(0xffff))
}

pub fn fingerprint_of(word: u128) -> u64 {
    (word >> FINGERPRINT_SHIFT) as u64
}

/// `word` holding `state` instead, with its fingerprint and interval index kept: for a store that
/// rewrites a slot's state without knowing which interval the index names.
pub fn with_state(word: u128, state: &State) -> u128 {
    encode(fingerprint_of(word), interval_index_of(word), state)
}

pub fn interval_index_of(word: u128) -> u8 {
    (word >> INTERVAL_SHIFT) as u8 & ((1 << INTERVAL_BITS) - 1)
}

/// The state in a slot word, but for its interval (0 here), which `interval_index_of` names.
pub fn decode(word: u128) -> State {
    State {
        expires: TIME_BASE + ((word >> EXPIRES_SHIFT) as i64 & ((1 << EXPIRES_BITS) - 1)),
        interval: 0,
        prev: (word >> 16) as u32 & 0xffff,
        cur: word as u32 & 0xffff,
        blocking: (word >> BLOCKING_SHIFT) & 1 == 1,
        reported: (word >> REPORTED_SHIFT) & 1 == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn state(expires: Micros, prev: u32, cur: u32, blocking: bool, reported: bool) -> State {
        State {
            expires,
            interval: 0,
            prev,
            cur,
            blocking,
            reported,
        }
    }

    #[test]
    fn a_state_survives_encoding() {
        let state = state(1_790_000_000_123_456, 65_535, 7, true, true);
        let word = encode(FINGERPRINT_MASK, INTERVAL_ENTRIES as u8, &state);
        assert_eq!(fingerprint_of(word), FINGERPRINT_MASK);
        assert_eq!(interval_index_of(word), INTERVAL_ENTRIES as u8);
        assert_eq!(decode(word), state);
    }

    #[test]
    fn each_flag_has_its_own_bit() {
        let base = state(MAX_TIME, 65_535, 65_535, false, false);
        for (blocking, reported) in [(true, false), (false, true)] {
            let state = State {
                blocking,
                reported,
                ..base
            };
            let word = encode(FINGERPRINT_MASK, 0, &state);
            assert_eq!(decode(word), state);
            assert_eq!(fingerprint_of(word), FINGERPRINT_MASK);
            assert_eq!(interval_index_of(word), 0);
        }
    }

    proptest! {
        #[test]
        fn every_field_keeps_its_bits(
            fingerprint in 1..=FINGERPRINT_MASK,
            index in 0..=INTERVAL_ENTRIES as u8,
            expires in TIME_BASE..=MAX_TIME,
            prev in 0u32..=0xffff,
            cur in 0u32..=0xffff,
            blocking in any::<bool>(),
            reported in any::<bool>(),
        ) {
            let state = state(expires, prev, cur, blocking, reported);
            let word = encode(fingerprint, index, &state);
            prop_assert_eq!(fingerprint_of(word), fingerprint);
            prop_assert_eq!(interval_index_of(word), index);
            prop_assert_eq!(decode(word), state);
        }
    }

    #[test]
    fn an_index_beyond_the_registry_is_kept_within_it() {
        let word = encode(1, u8::MAX, &state(MAX_TIME, 1, 1, true, true));
        assert_eq!(interval_index_of(word), INTERVAL_ENTRIES as u8);
        assert_eq!(fingerprint_of(word), 1);
    }

    #[test]
    fn times_outside_the_field_saturate() {
        let early = state(0, 0, 1, false, false);
        assert_eq!(decode(encode(1, 0, &early)).expires, TIME_BASE);
        let late = State {
            expires: Micros::MAX,
            ..early
        };
        assert_eq!(decode(encode(1, 0, &late)).expires, MAX_TIME);
    }

    #[test]
    fn an_empty_slot_has_no_fingerprint() {
        assert_eq!(fingerprint_of(0), 0);
    }
}
