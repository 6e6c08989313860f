//! The per-bucket lock taken only to insert a new key, so that two processes inserting the same
//! client at once cannot both add it. Updates of existing keys never take it.
//!
//! The lock word holds its holder's thread id. A waiter spins briefly, then yields, and takes
//! the lock over when the holder is gone (killed: no such thread, or a zombie not yet reaped)
//! or has held it for longer than `MAX_WAIT`, which no live holder does: the critical section
//! is a scan of seven slots and one compare-and-swap. No wait is therefore unbounded, whatever
//! happens to the holder. A holder descheduled past the bound can still resume inside its
//! critical section after a takeover, so the lock alone does not keep a key in one slot: the
//! table also makes a key added twice one again (`fold`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::holder;
use rustix::process::{test_kill_process, Pid};

/// Longer than any live holder keeps the lock, even descheduled on a busy machine.
const MAX_WAIT: Duration = Duration::from_millis(200);
const SPINS_BEFORE_YIELDING: u32 = 64;
const YIELDS_BETWEEN_CHECKS: u32 = 8;

pub struct InsertLock<'a> {
    word: &'a AtomicU64,
    holder: u64,
    /// The holder it was taken over from, or 0.
    taken_from: u64,
}

impl<'a> InsertLock<'a> {
    /// Takes the lock; counts in `takeovers` each time it had to be taken from another holder.
    pub fn acquire(word: &'a AtomicU64, takeovers: &AtomicU64) -> Self {
        Self::acquire_after(word, takeovers, 0)
    }

    /// As `acquire`, but takes the lock over at once from `stalled` (if not 0): a holder this
    /// thread has just found dead or stalled on another lock, which need not be waited for
    /// twice.
    pub fn acquire_after(word: &'a AtomicU64, takeovers: &AtomicU64, stalled: u64) -> Self {
        let me = holder::current();
        let mut attempts: u32 = 0;
        let mut started: Option<Instant> = None;
        loop {
            let holder = match word.compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => {
                    return Self {
                        word,
                        holder: me,
                        taken_from: 0,
                    }
                }
                Err(holder) => holder,
            };
            let take_over = || {
                word.compare_exchange(holder, me, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                    .then(|| {
                        takeovers.fetch_add(1, Ordering::Relaxed);
                        Self {
                            word,
                            holder: me,
                            taken_from: holder,
                        }
                    })
            };
            if holder == stalled {
                if let Some(lock) = take_over() {
                    return lock;
                }
            }
            attempts += 1;
            if attempts < SPINS_BEFORE_YIELDING {
                std::hint::spin_loop();
                continue;
            }
            // A dead holder is recognised at the first yield; a live one is given some yields
            // (it was most likely preempted) between checks.
            if attempts > SPINS_BEFORE_YIELDING {
                std::thread::yield_now();
                if !attempts.is_multiple_of(YIELDS_BETWEEN_CHECKS) {
                    continue;
                }
            }
            let waited = started.get_or_insert_with(Instant::now).elapsed();
            if waited > MAX_WAIT || holder_is_gone(holder) {
                if let Some(lock) = take_over() {
                    return lock;
                }
            }
        }
    }

    /// The holder this lock was taken over from, or 0 if it was free.
    pub fn taken_from(&self) -> u64 {
        self.taken_from
    }
}

impl Drop for InsertLock<'_> {
    fn drop(&mut self) {
        // Fails only if the lock was taken over meanwhile; then it is no longer ours to free.
        let _ = self
            .word
            .compare_exchange(self.holder, 0, Ordering::Release, Ordering::Relaxed);
    }
}

/// Whether the thread that holds a lock no longer runs.
fn holder_is_gone(holder: u64) -> bool {
    let Some(pid) = i32::try_from(holder).ok().and_then(Pid::from_raw) else {
        return true;
    };
    if test_kill_process(pid) == Err(rustix::io::Errno::SRCH) {
        return true;
    }
    // A killed process stays visible until its parent reaps it; its state is then Z or X.
    std::fs::read_to_string(format!("/proc/{holder}/stat"))
        .ok()
        .and_then(|stat| {
            let after_name = stat.rfind(')')?;
            stat[after_name + 1..].trim_start().chars().next()
        })
        .is_some_and(|state| state == 'Z' || state == 'X')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_lock_is_taken_and_released() {
        let word = AtomicU64::new(0);
        let takeovers = AtomicU64::new(0);
        {
            let _lock = InsertLock::acquire(&word, &takeovers);
            assert_ne!(word.load(Ordering::Relaxed), 0);
        }
        assert_eq!(word.load(Ordering::Relaxed), 0);
        assert_eq!(takeovers.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_holder_is_the_calling_thread_also_after_a_fork() {
        let me = holder::kernel_thread_id();
        assert_eq!(holder::current(), me);
        let other = std::thread::spawn(holder::current).join().unwrap();
        assert_ne!(other, me);
        // SAFETY of the test: the child only computes and exits.
        #[allow(unsafe_code)]
        let child = unsafe { libc::fork() };
        if child == 0 {
            let right = holder::current() == holder::kernel_thread_id();
            std::process::exit(if right { 0 } else { 1 });
        }
        let mut status = 0;
        #[allow(unsafe_code)]
        // SAFETY of the test: waits for the child just made.
        unsafe {
            libc::waitpid(child, &mut status, 0)
        };
        assert_eq!(libc::WEXITSTATUS(status), 0);
    }

    #[test]
    fn a_lock_held_by_a_dead_thread_is_taken_over_quickly() {
        let dead = std::thread::spawn(holder::current).join().unwrap();
        let word = AtomicU64::new(dead);
        let takeovers = AtomicU64::new(0);
        let started = Instant::now();
        drop(InsertLock::acquire(&word, &takeovers));
        assert!(started.elapsed() < MAX_WAIT);
        assert_eq!(takeovers.load(Ordering::Relaxed), 1);
        assert_eq!(word.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_lock_held_too_long_is_taken_over_after_the_bound() {
        // Our own process's id: alive, but never releasing.
        let stalled = u64::from(std::process::id());
        let word = AtomicU64::new(stalled);
        let other = AtomicU64::new(stalled);
        let takeovers = AtomicU64::new(0);
        let started = Instant::now();
        let first = InsertLock::acquire(&word, &takeovers);
        assert!(started.elapsed() >= MAX_WAIT);
        assert_eq!(first.taken_from(), stalled);
        // The same holder on a second lock is not waited for again.
        let started = Instant::now();
        drop(InsertLock::acquire_after(
            &other,
            &takeovers,
            first.taken_from(),
        ));
        assert!(started.elapsed() < MAX_WAIT);
        assert_eq!(takeovers.load(Ordering::Relaxed), 2);
    }
}
