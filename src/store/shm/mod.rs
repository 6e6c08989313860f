//! The shared table: where memory is shared between processes.
//!
//! One fixed-size table is mapped `MAP_SHARED` at module start, before PHP-FPM or Apache fork
//! their workers, so every worker of a master reads and writes the same states (optionally
//! over a file, so that separate masters and restarts share it too).
//!
//! Why it is exact, cannot deadlock and survives killed workers:
//! - A client's whole state is one 128-bit slot word (`layout`), replaced by compare-and-swap.
//!   Two processes deciding on the same client cannot both win: the loser decides again on
//!   the winner's state. No lock is held while deciding, so a process killed at any
//!   instruction leaves every slot either as it was or as it wrote it.
//! - A client lives in one of two buckets (`place`). Only inserting or removing a client takes
//!   locks, on both its buckets, the lower index first, so that lock waits never form a
//!   circle; a lock records its holder and is taken over when the holder is dead or has held
//!   it too long (`insert_lock`): a killed worker never blocks the others. A holder that
//!   stalled past the bound and resumes can add its client a second time; lookups read only
//!   the first copy, and the inserter takes its own copy back or folds the two, counting every
//!   attempt (`fold`).
//! - The table is bounded: expired states are reclaimed in place; when both of a new client's
//!   buckets are full, an entry moves to its other bucket if that has room, and only then is
//!   the lightest state of the two buckets that does not block a client given up; a blocking
//!   state goes only when all fourteen do (`room`). The keyed hash (SipHash-1-3 with a random
//!   key made with the table) keeps anyone from aiming clients at buckets.
//! - Its figures cost the same at any size: the process whose compare-and-swap changed a slot
//!   counts the change in the header, by when the state expires (`calendar`), so `stats()`
//!   reads no bucket; a process killed in between leaves an error that ends with the state's
//!   calendar period.

mod calendar;
mod fold;
mod header;
#[allow(unsafe_code)]
mod holder;
mod insert_lock;
mod intervals;
mod layout;
#[allow(unsafe_code)]
mod mapping;
mod once;
mod place;
mod rebase;
mod room;
mod table;
#[cfg(test)]
mod test_hooks;

use std::fmt;
use std::io;
use std::path::PathBuf;

pub use holder::fork_generation;
pub use layout::{BUCKET_BYTES, LAST_COUNTABLE, MAX_TIME, SLOTS_PER_BUCKET, TIME_BASE};
pub use once::SharedOnce;
pub use table::{FullTable, SharedTable, MAX_BYTES, MIN_BYTES};

#[derive(Debug)]
pub enum TableError {
    Size(u64),
    Map(io::Error),
    File { path: PathBuf, problem: String },
    Random(String),
    NoAtomics,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Size(bytes) => write!(
                f,
                "shm_size {bytes} is outside the supported range {MIN_BYTES} to {MAX_BYTES} bytes"
            ),
            Self::Map(error) => write!(f, "cannot map shared memory: {error}"),
            Self::File { path, problem } => write!(f, "table file {} {problem}", path.display()),
            Self::Random(error) => write!(f, "cannot make the table's hash key: {error}"),
            Self::NoAtomics => f.write_str("this CPU has no lock-free 128-bit compare-and-swap"),
        }
    }
}

impl std::error::Error for TableError {}
