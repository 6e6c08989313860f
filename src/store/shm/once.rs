//! Notices that the processes of one server give once between them, rather than once each: a
//! page of anonymous shared memory made before the server forks, in which each notice is
//! claimed by one compare-and-swap.

use std::sync::atomic::Ordering;

use super::mapping::Region;
use super::TableError;

const PAGE_BYTES: usize = 4096;

pub struct SharedOnce {
    region: Region,
}

impl SharedOnce {
    /// A new, empty page, shared with every process forked afterwards. It stays mapped for the
    /// life of the process: one page, however often a server restarts its modules.
    pub fn new() -> Result<Self, TableError> {
        Ok(Self {
            region: Region::anonymous(PAGE_BYTES)?,
        })
    }

    /// Whether this is the first call for `notice` (any value but 0) in any process sharing the
    /// page. When the page is full, every call is the first: a notice given twice is better
    /// than one lost.
    pub fn first(&self, notice: u64) -> bool {
        let notice = notice.max(1);
        for word in self.region.words() {
            match word.compare_exchange(0, notice, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return true,
                Err(taken) if taken == notice => return false,
                Err(_) => {}
            }
        }
        true
    }

    /// Forgets every notice given, so that each is given again.
    pub fn clear(&self) {
        for word in self.region.words() {
            word.store(0, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_is_first_once_until_cleared() {
        let once = SharedOnce::new().unwrap();
        assert!(once.first(7));
        assert!(!once.first(7));
        assert!(once.first(8));
        once.clear();
        assert!(once.first(7));
    }

    #[test]
    fn a_full_page_gives_every_notice() {
        let once = SharedOnce::new().unwrap();
        for notice in 1..=(PAGE_BYTES / 8) as u64 {
            assert!(once.first(notice));
        }
        assert!(once.first(1_000_000));
        assert!(once.first(1_000_000));
        assert!(!once.first(1));
    }

    #[test]
    fn threads_racing_for_a_notice_get_it_once() {
        let once = SharedOnce::new().unwrap();
        let firsts: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| (0..100).filter(|_| once.first(42)).count()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(firsts, 1);
    }
}
