//! The shared table: lookup, replace, insert and eviction over the mapped buckets.
//!
//! A key lives in exactly one bucket (chosen by a keyed hash) and is recognised there by a
//! 38-bit fingerprint from the same hash. Reads and updates of an existing key are lock-free:
//! load the slot word, decide, compare-and-swap the whole 128-bit word, retry if it changed.
//! Inserting a new key takes the bucket's insert lock (see `insert_lock`) so that a key is
//! never added twice, and chooses the slot it takes in this order: an empty slot, an expired
//! one, the lightest entry that does not block its client, the lightest of all (counted as an
//! eviction).

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use portable_atomic::AtomicU128;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

use super::insert_lock::InsertLock;
use super::intervals::{Intervals, KEPT_APART};
use super::layout::{
    self, Bucket, Header, FINGERPRINT_MASK, HEADER_BYTES, LAYOUT_VERSION, MAGIC, SLOTS_PER_BUCKET,
};
use super::mapping::{self, Region};
use super::TableError;
use crate::clock::{boot_id, wall_micros, AnchoredClock, Clock};
use crate::store::{Key, StateStore, StoreStats, Update};
use crate::window::{Micros, State, MICROS_PER_SECOND};

/// Smallest and largest accepted `shm_size`.
pub const MIN_BYTES: u64 = 64 << 10;
pub const MAX_BYTES: u64 = 16 << 30;

pub struct SharedTable {
    header: &'static Header,
    buckets: &'static [Bucket],
    bytes: usize,
    hash_key: (u64, u64),
    clock: AnchoredClock,
    file: Option<PathBuf>,
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
            if header.magic.load(Ordering::Acquire) != MAGIC {
                return Err(problem(
                    "is not a login_ratelimit table (wrong magic number)",
                ));
            }
            if header.layout_version.load(Ordering::Relaxed) != LAYOUT_VERSION {
                return Err(problem(&format!(
                    "has table layout version {}, this build uses {LAYOUT_VERSION}; remove the \
                     file to start a new table",
                    header.layout_version.load(Ordering::Relaxed)
                )));
            }
            if header.total_bytes.load(Ordering::Relaxed) != bytes as u64
                || header.bucket_count.load(Ordering::Relaxed) != layout::bucket_count(bytes) as u64
            {
                return Err(problem(
                    "has a header that does not match its size (corrupt)",
                ));
            }
            reanchor_after_reboot(header);
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

    /// The bucket a key lives in and its fingerprint there, from one keyed SipHash-1-3.
    /// `kept_apart`: the key of a state whose interval no slot can name (`intervals`).
    fn locate(&self, key: Key<'_>, kept_apart: bool) -> (&'static Bucket, u64) {
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
        // One 64-bit hash: the bucket comes from its high bits (multiply-shift), the fingerprint
        // from its low 38, which overlap those only in tables of more than 2^26 buckets (8 GiB).
        let hash = hasher.finish();
        let index = (u128::from(hash) * self.buckets.len() as u128) >> 64;
        let fingerprint = (hash & FINGERPRINT_MASK).max(1);
        (&self.buckets[index as usize], fingerprint)
    }

    /// Adds `word` for a key known to be absent, unless another process added the key first
    /// (then `false`: the caller measures again).
    fn insert(&self, bucket: &Bucket, fingerprint: u64, word: u128, now: Micros) -> bool {
        let _lock = InsertLock::acquire(&bucket.insert_lock, &self.header.lock_takeovers);
        loop {
            if find(bucket, fingerprint).is_some() {
                return false;
            }
            let (slot, old) = choose_slot(bucket, now);
            if bucket.slots[slot]
                .compare_exchange(old, word, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                if is_live(old, now) {
                    self.header.evictions.fetch_add(1, Ordering::Relaxed);
                }
                return true;
            }
        }
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
        let (bucket, fingerprint) = self.locate(key, index == KEPT_APART);
        let encode = |new: &State| intervals.encode(fingerprint, new, key.interval, index);
        loop {
            match find(bucket, fingerprint) {
                Some((slot, word)) => {
                    let state =
                        Some(intervals.decode(word, key.interval)).filter(|s| s.expires > now);
                    let Update::Put(new) = measure(state, now) else {
                        return;
                    };
                    let new_word = encode(&new);
                    if new_word == word
                        || bucket.slots[slot]
                            .compare_exchange(word, new_word, Ordering::AcqRel, Ordering::Acquire)
                            .is_ok()
                    {
                        return;
                    }
                }
                None => {
                    let Update::Put(new) = measure(None, now) else {
                        return;
                    };
                    if self.insert(bucket, fingerprint, encode(&new), now) {
                        return;
                    }
                }
            }
        }
    }

    fn remove(&self, key: Key<'_>) {
        // The key's state, and the one kept apart by this interval if any: a reset forgets both.
        let kept_apart = self.intervals().index_of(key.interval) == KEPT_APART;
        for apart in [false, kept_apart] {
            let (bucket, fingerprint) = self.locate(key, apart);
            while let Some((slot, word)) = find(bucket, fingerprint) {
                if bucket.slots[slot]
                    .compare_exchange(word, 0, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
                {
                    break;
                }
            }
        }
    }

    fn stats(&self, now: Micros) -> StoreStats {
        let entries = self
            .buckets
            .iter()
            .flat_map(|bucket| &bucket.slots)
            .filter(|slot| is_live(slot.load(Ordering::Relaxed), now))
            .count() as u64;
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
            entries,
            evictions: self.header.evictions.load(Ordering::Relaxed),
            memory_bytes: self.bytes as u64,
            lock_takeovers: self.header.lock_takeovers.load(Ordering::Relaxed),
        }
    }
}

fn find(bucket: &Bucket, fingerprint: u64) -> Option<(usize, u128)> {
    bucket.slots.iter().enumerate().find_map(|(slot, atomic)| {
        let word = atomic.load(Ordering::Acquire);
        (layout::fingerprint_of(word) == fingerprint).then_some((slot, word))
    })
}

fn is_live(word: u128, now: Micros) -> bool {
    word != 0 && layout::decode(word).expires > now
}

/// The slot a new key takes: empty, else expired, else the cheapest entry to lose.
fn choose_slot(bucket: &Bucket, now: Micros) -> (usize, u128) {
    let mut best = (0, 0, (u8::MAX, u32::MAX, Micros::MAX));
    for (slot, atomic) in bucket.slots.iter().enumerate() {
        let word = atomic.load(Ordering::Acquire);
        if !is_live(word, now) {
            return (slot, word);
        }
        let state = layout::decode(word);
        let cost = (
            u8::from(state.blocking),
            state.prev + state.cur,
            state.expires,
        );
        if cost < best.2 {
            best = (slot, word, cost);
        }
    }
    (best.0, best.1)
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
    let clock = AnchoredClock::anchored_now();
    store_boot(header, boot_id(), clock.offset());
    header.high_water.store(0, Ordering::Relaxed);
    header.evictions.store(0, Ordering::Relaxed);
    header.lock_takeovers.store(0, Ordering::Relaxed);
    header.created_wall.store(wall_micros(), Ordering::Relaxed);
    Intervals::new(&header.intervals).clear();
    header.magic.store(MAGIC, Ordering::Release);
    Ok(())
}

/// After a reboot the boot clock restarts: resume the table's clock from the later of the wall
/// clock and the highest time the table has seen, so that no lock-out is cut short by a wall
/// clock that is behind.
fn reanchor_after_reboot(header: &Header) {
    let boot = boot_id();
    let stored = u128::from(header.boot_id[0].load(Ordering::Relaxed)) << 64
        | u128::from(header.boot_id[1].load(Ordering::Relaxed));
    if stored != boot {
        let clock = AnchoredClock::anchored_from(header.high_water.load(Ordering::Relaxed));
        store_boot(header, boot, clock.offset());
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
#[path = "table_interval_tests.rs"]
mod interval_tests;
