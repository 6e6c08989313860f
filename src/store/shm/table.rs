//! The shared table: lookup, replace, insert, removal and eviction over the mapped buckets.
//!
//! A key lives in one slot of one of its two buckets (`place`: both from the keyed hash) and is
//! recognised there by a fingerprint from the same hash. Reads and updates of an existing key
//! are lock-free: scan its home bucket, then the other, load the slot word, decide,
//! compare-and-swap the whole 128-bit word, retry if it changed. Inserting a new key takes the
//! insert locks of both its buckets (`insert_lock`, the lower index first, so that two
//! inserters never wait for each other in a circle), so that a key is never added twice, and
//! chooses its slot (`room`): a free one, else one freed by moving an entry to its other
//! bucket, else the lightest state across both buckets (an eviction). Removing a key takes the
//! same two locks, so that it cannot miss an entry being moved. The locks are not trusted
//! alone: a key added twice by a holder that stalled past the lock's bound is made one again
//! (`fold`).
//!
//! Every change of a slot is a compare-and-swap that its winner counts in the header's calendar
//! right after (`calendar`), so that `stats()` and the full-table warning read how many states
//! the table holds from the header alone, at any size.
//!
//! When a live state is evicted, the table is too small for its clients. The first such
//! eviction, and then at most one a minute across every process sharing the table (the
//! instant is claimed in the header by compare-and-swap), makes `take_full_warning` answer
//! once in the process that claimed it, for the caller to report.

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use portable_atomic::AtomicU128;
use siphasher::sip::SipHasher13;

use super::fold::{self, find};
use super::insert_lock::InsertLock;
use super::intervals::{Intervals, KEPT_APART};
use super::layout::{self, Bucket, Header, HEADER_BYTES, LAYOUT_VERSION, MAGIC, SLOTS_PER_BUCKET};
use super::mapping::{self, Region};
use super::place::Place;
use super::room::{self, is_live};
use super::{header, rebase, TableError};
use crate::clock::{boot_id, resumption, AnchoredClock, Clock, Readings};
use crate::store::{Key, StateStore, StoreStats, Update};
use crate::window::{Micros, State, MICROS_PER_SECOND};

/// Smallest and largest accepted `shm_size`.
pub const MIN_BYTES: u64 = 64 << 10;
pub const MAX_BYTES: u64 = 16 << 30;

/// At most one full-table warning a minute, across every process sharing the table.
const WARNING_INTERVAL: Micros = 60 * MICROS_PER_SECOND;

/// A table that evicted live states: what a warning about it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullTable {
    /// States it holds now, as `stats()` counts them.
    pub entries: u64,
    pub capacity: u64,
    pub memory_bytes: u64,
}

/// A key's buckets in scan order: its home, and the other unless that is the same bucket.
#[derive(Clone, Copy)]
struct Candidates {
    buckets: [&'static Bucket; 2],
    count: usize,
}

impl std::ops::Deref for Candidates {
    type Target = [&'static Bucket];

    fn deref(&self) -> &Self::Target {
        &self.buckets[..self.count]
    }
}

pub struct SharedTable {
    header: &'static Header,
    buckets: &'static [Bucket],
    bytes: usize,
    hash_key: (u64, u64),
    clock: AnchoredClock,
    file: Option<PathBuf>,
    /// This process claimed a full-table warning that it has not given out yet.
    warning_due: AtomicBool,
}

impl SharedTable {
    /// A table in anonymous shared memory, shared with every process forked afterwards.
    pub fn anonymous(bytes: u64) -> Result<Self, TableError> {
        let bytes = checked_size(bytes)?;
        let region = Region::anonymous(bytes)?;
        initialize(region.header(), bytes)?;
        Self::attach(&region, None)
    }

    /// A table in memory private to this process: the per-process fallback, with a shared
    /// table's bounds and work per call. Its atomics need not be lock-free, as no other process
    /// sees them.
    pub fn private(bytes: u64) -> Result<Self, TableError> {
        let bytes = checked_size(bytes)?;
        let region = Region::private(bytes)?;
        initialize(region.header(), bytes)?;
        Self::attach(&region, None)
    }

    /// A table in the file at `path`, created if missing, shared with every process that maps
    /// the same file, across restarts.
    pub fn file(path: PathBuf, bytes: u64) -> Result<Self, TableError> {
        let bytes = checked_size(bytes)?;
        let locked = mapping::open_file(&path, bytes)?;
        let header = locked.region.header();
        let problem = |what: &str| TableError::File {
            path: path.clone(),
            problem: what.to_owned(),
        };
        // A zero magic means creation never finished (the creator died holding the lock):
        // nobody can have used the table, so it is initialized afresh.
        if locked.fresh || header.magic.load(Ordering::Acquire) == 0 {
            initialize(header, bytes)?;
        } else {
            let (boot, readings) = (boot_id(), Readings::now());
            header::check(header, bytes, boot, readings).map_err(|what| problem(&what))?;
            reanchor_after_reboot(header, locked.region.buckets(), boot, readings);
        }
        Self::attach(&locked.region, Some(path))
    }

    fn attach(region: &Region, file: Option<PathBuf>) -> Result<Self, TableError> {
        if region.is_shared() && !AtomicU128::is_lock_free() {
            return Err(TableError::NoAtomics);
        }
        let header = region.header();
        Ok(Self {
            header,
            buckets: region.buckets(),
            bytes: region.len(),
            hash_key: (
                header.hash_key[0].load(Ordering::Relaxed),
                header.hash_key[1].load(Ordering::Relaxed),
            ),
            clock: AnchoredClock::with_offset(header.clock_offset.load(Ordering::Relaxed)),
            file,
            warning_due: AtomicBool::new(false),
        })
    }

    /// Gives the table's memory back to the system, in this process only; other processes
    /// and the file (if any) keep the state. Taking the table by value is what makes this
    /// sound: its references into the mapping are private and none outlives a call on it.
    pub fn unmap(self) {
        mapping::unmap(self.header, self.bytes);
    }

    pub fn capacity(&self) -> u64 {
        (self.buckets.len() * SLOTS_PER_BUCKET) as u64
    }

    fn intervals(&self) -> Intervals<'static> {
        Intervals::new(&self.header.intervals)
    }

    /// The key's keyed SipHash-1-3: everything about where it lives comes from this.
    /// `kept_apart`: the key of a state whose interval no slot can name (`intervals`).
    #[inline]
    fn key_hash(&self, key: Key<'_>, kept_apart: bool) -> u64 {
        let mut hasher = SipHasher13::new_with_keys(self.hash_key.0, self.hash_key.1);
        // The user first, so that states of different users never meet. Then the namespace and
        // the limiter's length, so that a login type and a keyed limiter of the same name
        // differ, and so do ("ab", "c") and ("a", "bc"). A tag's high bit marks a key that
        // holds its interval.
        hasher.write(&key.user.to_le_bytes());
        if kept_apart {
            hasher.write_u8(key.namespace.tag() | 0x80);
            hasher.write(&key.interval.to_le_bytes());
        } else {
            hasher.write_u8(key.namespace.tag());
        }
        hasher.write(&(key.limiter.len() as u64).to_le_bytes());
        hasher.write(key.limiter.as_bytes());
        hasher.write(key.subject);
        hasher.finish()
    }

    #[inline]
    fn place(&self, key: Key<'_>, kept_apart: bool) -> Place {
        Place::of_hash(self.key_hash(key, kept_apart), self.buckets.len())
    }

    #[inline]
    fn candidates(&self, place: &Place) -> Candidates {
        Candidates {
            buckets: [&self.buckets[place.first], &self.buckets[place.second]],
            count: if place.has_two_buckets() { 2 } else { 1 },
        }
    }

    /// The insert locks of both of a key's buckets, the lower index first.
    fn lock(&self, place: &Place) -> [Option<InsertLock<'static>>; 2] {
        let takeovers = &self.header.lock_takeovers;
        let low = place.first.min(place.second);
        let high = place.first.max(place.second);
        let buckets = self.buckets;
        let first = InsertLock::acquire(&buckets[low].insert_lock, takeovers);
        let stalled = first.taken_from();
        let second = (high != low)
            .then(|| InsertLock::acquire_after(&buckets[high].insert_lock, takeovers, stalled));
        [Some(first), second]
    }

    /// Adds `word` for a key known to be absent, unless another process added the key first
    /// (then `false`: the caller measures again).
    fn insert(&self, place: &Place, candidates: &Candidates, word: u128, now: Micros) -> bool {
        let _locks = self.lock(place);
        loop {
            let calendar = &self.header.calendar;
            let Some((slot, old)) = room::choose(calendar, self.buckets, place, now) else {
                return false;
            };
            #[cfg(test)]
            super::test_hooks::inside_insert();
            if calendar.swap(slot, old, word, now) {
                if is_live(old, now) {
                    self.note_eviction(now);
                }
                // The locks may have been taken over while this process stalled above, and the
                // key added by the new holder meanwhile.
                return fold::settle_insert(
                    calendar,
                    candidates,
                    place.fingerprint,
                    slot,
                    word,
                    now,
                );
            }
        }
    }

    /// Counts a live state lost, and claims the full-table warning if none was given out by
    /// any process within the last minute.
    fn note_eviction(&self, now: Micros) {
        self.header.evictions.fetch_add(1, Ordering::Relaxed);
        let last = self.header.full_warned.load(Ordering::Relaxed);
        if now >= last.saturating_add(WARNING_INTERVAL)
            && self
                .header
                .full_warned
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.warning_due.store(true, Ordering::Relaxed);
        }
    }

    /// The full-table warning this process claimed, once; `None` on almost every call (one
    /// relaxed load), so that callers can ask after every decision.
    pub fn take_full_warning(&self, now: Micros) -> Option<FullTable> {
        if !self.warning_due.load(Ordering::Relaxed)
            || !self.warning_due.swap(false, Ordering::Relaxed)
        {
            return None;
        }
        Some(FullTable {
            entries: self.entries(now),
            capacity: self.capacity(),
            memory_bytes: self.bytes as u64,
        })
    }

    /// The states the table holds at `now`, from the header's calendar alone: every live state,
    /// and ones that ended within their calendar period (`calendar`). Never above the capacity,
    /// which a garbage calendar in a table file could otherwise claim.
    fn entries(&self, now: Micros) -> u64 {
        self.header.calendar.live(now).min(self.capacity())
    }

    /// Keeps the highest time seen, from which the clock resumes after a reboot.
    fn note_time(&self, at: Micros) {
        if at > self.header.high_water.load(Ordering::Relaxed) + MICROS_PER_SECOND {
            self.header.high_water.fetch_max(at, Ordering::Relaxed);
        }
    }
}

impl Clock for SharedTable {
    fn now(&self) -> Micros {
        let now = self.clock.now();
        self.note_time(now);
        now
    }

    fn to_wall(&self, at: Micros) -> Micros {
        self.clock.to_wall(at)
    }
}

impl StateStore for SharedTable {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    ) {
        let intervals = self.intervals();
        let index = intervals.index_of(key.interval);
        let place = self.place(key, index == KEPT_APART);
        let candidates = self.candidates(&place);
        let fingerprint = place.fingerprint;
        let encode = |new: &State| intervals.encode(fingerprint, new, key.interval, index);
        loop {
            match find(&candidates, fingerprint) {
                Some((slot, word)) => {
                    let state =
                        Some(intervals.decode(word, key.interval)).filter(|s| s.expires > now);
                    let Update::Put(new) = measure(state, now) else {
                        return;
                    };
                    let new_word = encode(&new);
                    if new_word == word || self.header.calendar.swap(slot, word, new_word, now) {
                        return;
                    }
                }
                None => {
                    let Update::Put(new) = measure(None, now) else {
                        return;
                    };
                    if self.insert(&place, &candidates, encode(&new), now) {
                        return;
                    }
                }
            }
        }
    }

    /// Clears every slot holding the key: a second copy left by a stalled inserter too. The
    /// locks keep a move of the key from copying it past this removal.
    fn remove(&self, key: Key<'_>, now: Micros) {
        // The key's state, and the one kept apart by this interval if any: a reset forgets both.
        let kept_apart = self.intervals().index_of(key.interval) == KEPT_APART;
        for apart in std::iter::once(false).chain(kept_apart.then_some(true)) {
            let place = self.place(key, apart);
            let candidates = self.candidates(&place);
            let _locks = self.lock(&place);
            while let Some((slot, word)) = find(&candidates, place.fingerprint) {
                let _ = self.header.calendar.swap(slot, word, 0, now);
            }
        }
    }

    /// Reads the header only: the same cost at any size, and no bucket touched.
    fn stats(&self, now: Micros) -> StoreStats {
        StoreStats {
            backend: if self.file.is_some() {
                "shared-file"
            } else {
                "shared-anonymous"
            },
            location: match &self.file {
                Some(path) => path.display().to_string(),
                None => "anonymous shared memory mapped at module start".to_owned(),
            },
            capacity: self.capacity(),
            entries: self.entries(now),
            evictions: self.header.evictions.load(Ordering::Relaxed),
            memory_bytes: self.bytes as u64,
            lock_takeovers: self.header.lock_takeovers.load(Ordering::Relaxed),
        }
    }
}

fn checked_size(bytes: u64) -> Result<usize, TableError> {
    if !(MIN_BYTES..=MAX_BYTES).contains(&bytes) {
        return Err(TableError::Size(bytes));
    }
    // Whole buckets only, so that a file's size says exactly what its header does.
    let buckets = layout::bucket_count(bytes as usize);
    Ok(HEADER_BYTES + buckets * layout::BUCKET_BYTES)
}

/// Writes a new table's header, magic last.
fn initialize(header: &Header, bytes: usize) -> Result<(), TableError> {
    initialize_at(header, bytes, Readings::now())
}

/// `initialize`, with the clocks read as `readings`.
fn initialize_at(header: &Header, bytes: usize, readings: Readings) -> Result<(), TableError> {
    let mut key = [0u8; 16];
    getrandom::fill(&mut key).map_err(|e| TableError::Random(e.to_string()))?;
    let (k0, k1) = key.split_at(8);
    header
        .layout_version
        .store(LAYOUT_VERSION, Ordering::Relaxed);
    header.total_bytes.store(bytes as u64, Ordering::Relaxed);
    header
        .bucket_count
        .store(layout::bucket_count(bytes) as u64, Ordering::Relaxed);
    header.hash_key[0].store(
        u64::from_le_bytes(k0.try_into().unwrap()),
        Ordering::Relaxed,
    );
    header.hash_key[1].store(
        u64::from_le_bytes(k1.try_into().unwrap()),
        Ordering::Relaxed,
    );
    // At the wall clock's reading, or the nearest plausible instant if it has none.
    let clock = AnchoredClock::anchored(readings);
    store_boot(header, boot_id(), clock.offset());
    header.high_water.store(0, Ordering::Relaxed);
    header.evictions.store(0, Ordering::Relaxed);
    header.lock_takeovers.store(0, Ordering::Relaxed);
    header.full_warned.store(0, Ordering::Relaxed);
    header.calendar.clear();
    header
        .created_wall
        .store(header::wall_reading(readings.wall), Ordering::Relaxed);
    Intervals::new(&header.intervals).clear();
    header.magic.store(MAGIC, Ordering::Release);
    Ok(())
}

/// After a reboot the boot clock restarts: resume the table's clock from the later of the wall
/// clock and the highest time the table has seen, so that no lock-out is cut short by a wall
/// clock that is behind (`clock::resumption`, which also keeps the clock where its instants fit).
///
/// Only the first process of a boot to attach the file does this, under the file's lock, before
/// any other process of this boot can use the table: so moving the stored instants back, when
/// the clock restarts earlier, races with nobody. Should the process die halfway, the next one
/// moves the rest, and the ones already moved again: they end early, never late.
fn reanchor_after_reboot(header: &Header, buckets: &[Bucket], boot: u128, readings: Readings) {
    let stored = u128::from(header.boot_id[0].load(Ordering::Relaxed)) << 64
        | u128::from(header.boot_id[1].load(Ordering::Relaxed));
    if stored != boot {
        let resumed = resumption(readings.wall, header.high_water.load(Ordering::Relaxed));
        if resumed.shift > 0 {
            rebase::move_back(
                &header.calendar,
                buckets,
                resumed.at + resumed.shift,
                resumed.shift,
            );
            // The last warning's instant moves with the clock, so that the next one is not held back.
            header.full_warned.store(0, Ordering::Relaxed);
        }
        header.high_water.store(resumed.at, Ordering::Relaxed);
        store_boot(
            header,
            boot,
            AnchoredClock::reading(resumed.at, readings.boot).offset(),
        );
    }
}

fn store_boot(header: &Header, boot: u128, offset: Micros) {
    header.boot_id[0].store((boot >> 64) as u64, Ordering::Relaxed);
    header.boot_id[1].store(boot as u64, Ordering::Relaxed);
    header.clock_offset.store(offset, Ordering::Relaxed);
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "table_clock_tests.rs"]
mod clock_tests;

#[cfg(test)]
#[path = "table_interval_tests.rs"]
mod interval_tests;

#[cfg(test)]
#[path = "table_count_tests.rs"]
mod count_tests;
