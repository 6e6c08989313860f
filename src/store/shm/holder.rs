//! Who holds an insert lock: the thread id, which the kernel can be asked about when the holder
//! seems to be gone. Reading it is a system call (about as costly as the rest of an insert), so
//! it is cached per thread and the cache is dropped in the child of every fork, where the same
//! thread has a new id.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

use rustix::thread::gettid;

/// Forks seen by this process image; a cached id from an older generation belongs to the parent.
static FORK_GENERATION: AtomicU64 = AtomicU64::new(1);
static WATCH_FORKS: Once = Once::new();

thread_local! {
    static CACHED: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// Forks seen by this process image, counted in each child: a value cached with another
/// generation was read by an ancestor. 0 when forks cannot be watched, so nothing may be cached.
pub fn fork_generation() -> u64 {
    WATCH_FORKS.call_once(watch_forks);
    FORK_GENERATION.load(Ordering::Acquire)
}

/// This thread's id, as the kernel knows it.
pub fn current() -> u64 {
    let generation = fork_generation();
    if generation == 0 {
        return kernel_thread_id();
    }
    CACHED.with(|cached| {
        let (seen, id) = cached.get();
        if seen == generation {
            return id;
        }
        let id = kernel_thread_id();
        cached.set((generation, id));
        id
    })
}

/// The system call the cache saves.
pub fn kernel_thread_id() -> u64 {
    gettid().as_raw_nonzero().get() as u64
}

extern "C" fn after_fork_in_child() {
    FORK_GENERATION.fetch_add(1, Ordering::AcqRel);
}

#[allow(unsafe_code)]
fn watch_forks() {
    // SAFETY: the handler only increments an atomic, which is async-signal-safe as a fork
    // handler must be; glibc unregisters handlers of a library when it is unloaded.
    let registered = unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    if registered != 0 {
        // Without the handler a cached id could outlive a fork: never cache.
        FORK_GENERATION.store(0, Ordering::Release);
    }
}
