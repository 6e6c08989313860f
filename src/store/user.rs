//! The user a process's states belong to: its effective user id, which the kernel keeps and no
//! script can choose. It is part of every state's key, so processes of different users never
//! read, reset or lock out each other's clients, even in one shared table (the pools of one
//! php-fpm master, the children of one Apache parent), while processes of one user share.
//!
//! A PHP call costs about 250 ns, and asking the kernel (about 100 ns) at every call would add
//! 40%, so the id is read once and kept (under a nanosecond to read) until the process forks
//! (servers fork a worker and then switch its user) or `renew` is called (at each request start,
//! should a process switch users between requests).

use std::sync::atomic::{AtomicU64, Ordering};

use rustix::process::geteuid;

use super::shm::fork_generation;

/// The id last read, in the low 32 bits, under the tag of the fork generation it was read in
/// (the high 32 bits; 0: nothing kept).
static CACHED: AtomicU64 = AtomicU64::new(0);

/// The effective user id of this process.
pub fn effective_uid() -> u32 {
    let generation = fork_generation();
    if generation == 0 {
        return geteuid().as_raw();
    }
    // Never 0, which means "nothing kept".
    let tag = (generation % u64::from(u32::MAX)) as u32 + 1;
    let cached = CACHED.load(Ordering::Relaxed);
    if (cached >> 32) as u32 == tag {
        return cached as u32;
    }
    let uid = geteuid().as_raw();
    CACHED.store(u64::from(tag) << 32 | u64::from(uid), Ordering::Relaxed);
    uid
}

/// Forgets the id read, so that the next call reads it again.
pub fn renew() {
    CACHED.store(0, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_kernels_and_is_read_again_after_renew() {
        let kernel = geteuid().as_raw();
        assert_eq!(effective_uid(), kernel);
        assert_eq!(effective_uid(), kernel);
        renew();
        assert_eq!(CACHED.load(Ordering::Relaxed), 0);
        assert_eq!(effective_uid(), kernel);
        assert_ne!(CACHED.load(Ordering::Relaxed), 0);
    }
}
