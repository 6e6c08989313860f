//! Mapping the table's memory: the only place in the product with `unsafe` code.
//!
//! The memory is `MAP_SHARED`, made either anonymously at module start (inherited by every
//! worker the PHP-FPM or Apache master forks afterwards, and by `pcntl_fork()` children) or
//! over a file, which unrelated processes and restarts share; or, for the per-process fallback,
//! `MAP_PRIVATE`, which a forked child gets a copy of.
//!
//! A mapping lives until module shutdown unmaps it, and until then the table made over it
//! holds `'static` references into it. That is sound because of who holds them: a `Region`
//! is dropped as soon as its one `SharedTable` is attached, the table keeps its references
//! private and lends none beyond a call on it, and only consuming the table by value
//! (`SharedTable::unmap`) unmaps the memory; the borrow checker then guarantees that no call
//! on the table is running or can follow.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::sync::atomic::AtomicU64;

use rustix::fs::{fallocate, flock, ftruncate, FallocateFlags, FlockOperation, OFlags};
use rustix::io::Errno;
use rustix::mm::{mmap, mmap_anonymous, munmap, MapFlags, ProtFlags};
use rustix::process::geteuid;

use super::layout::{Bucket, Header, HEADER_BYTES};
use super::TableError;

/// A region of memory, mapped until the table attached to it is unmapped.
pub struct Region {
    base: NonNull<u8>,
    len: usize,
    /// Other processes may map it too (not so for `private`).
    shared: bool,
}

// SAFETY: the region is plain shared memory accessed only through atomics (see `layout`), so
// any thread may use it.
unsafe impl Send for Region {}
// SAFETY: as above: every access goes through atomic operations.
unsafe impl Sync for Region {}

impl Region {
    /// Anonymous shared memory, zero-filled.
    pub fn anonymous(len: usize) -> Result<Self, TableError> {
        // SAFETY: a fresh mapping chosen by the kernel (null hint) aliases no existing memory.
        let base = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::SHARED,
            )
        }
        .map_err(|e| TableError::Map(io::Error::from(e)))?;
        Ok(Self::from_raw(base.cast(), len, true))
    }

    /// Anonymous memory private to this process, zero-filled; a forked child gets a copy.
    pub fn private(len: usize) -> Result<Self, TableError> {
        // SAFETY: a fresh mapping chosen by the kernel (null hint) aliases no existing memory.
        let base = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .map_err(|e| TableError::Map(io::Error::from(e)))?;
        Ok(Self::from_raw(base.cast(), len, false))
    }

    /// The whole of `file`, which must already be `len` bytes long.
    fn of_file(file: &File, len: usize) -> Result<Self, TableError> {
        // SAFETY: a fresh mapping chosen by the kernel (null hint) aliases no existing memory;
        // the file has been checked to be `len` bytes, with its space reserved, so every mapped
        // page is backed (unless someone truncates the file, which the README warns against).
        let base = unsafe {
            mmap(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::SHARED,
                file,
                0,
            )
        }
        .map_err(|e| TableError::Map(io::Error::from(e)))?;
        Ok(Self::from_raw(base.cast(), len, true))
    }

    fn from_raw(base: *mut u8, len: usize, shared: bool) -> Self {
        Self {
            base: NonNull::new(base).expect("mmap returned a null mapping"),
            len,
            shared,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_shared(&self) -> bool {
        self.shared
    }

    pub fn header(&self) -> &'static Header {
        assert!(self.len >= HEADER_BYTES);
        // SAFETY: the region starts page-aligned (stricter than `Header`'s alignment), is at
        // least HEADER_BYTES long (asserted), stays mapped while its table can be used (see
        // the module comment), and `Header` consists of atomics only, for which every bit
        // pattern is valid and concurrent access from other processes is sound.
        unsafe { &*self.base.as_ptr().cast::<Header>() }
    }

    /// The region as 64-bit atomic words, for as long as the region itself lives: for a region
    /// that no table is attached to (`SharedOnce`'s), the life of the process.
    pub fn words(&self) -> &[AtomicU64] {
        // SAFETY: the base is page-aligned (stricter than `AtomicU64`'s alignment), and `len / 8`
        // words fit in the region. The slice cannot outlive `self`, and the memory is unmapped
        // only by `SharedTable::unmap`, of a table attached to a region that was dropped as it
        // was attached (module comment): so while `self` lives, its memory is mapped. An
        // `AtomicU64` is valid for every bit pattern and for access by other processes.
        unsafe { std::slice::from_raw_parts(self.base.as_ptr().cast::<AtomicU64>(), self.len / 8) }
    }

    pub fn buckets(&self) -> &'static [Bucket] {
        let count = super::layout::bucket_count(self.len);
        // SAFETY: buckets start at HEADER_BYTES, a multiple of their 128-byte alignment, from a
        // page-aligned base; `count` buckets fit in the region by construction of
        // `bucket_count`; the region stays mapped while its table can be used (see the module
        // comment); `Bucket` consists of atomics only.
        unsafe {
            std::slice::from_raw_parts(self.base.as_ptr().add(HEADER_BYTES).cast::<Bucket>(), count)
        }
    }
}

/// Unmaps a table's whole region: `len` bytes from `header`, which starts the region.
///
/// Only `SharedTable::unmap` calls this, with its own header and size, as it is consumed.
pub(super) fn unmap(header: &Header, len: usize) {
    let base: *const Header = header;
    // SAFETY: `header` starts a region of `len` bytes mapped by `Region` (a table's header is
    // the first byte of its region and its size is the region's). The table passing it is being
    // consumed, and it was the only holder of references into the region (module comment), so
    // no reference into the memory is used after this. In another process (a worker, a forked
    // child) the same pages stay mapped: unmapping here touches this process image only.
    let result = unsafe { munmap(base.cast_mut().cast(), len) };
    // munmap fails only for an address range that was never mapped, which a table cannot have:
    // there is nothing to do about it at shutdown either way.
    debug_assert!(
        result.is_ok(),
        "munmap of a table region failed: {result:?}"
    );
}

/// How many of the pages of `buckets` are in memory (the kernel's `mincore`): those a process
/// touched, or the kernel backed for it.
#[cfg(test)]
pub fn resident_pages(buckets: &[Bucket]) -> usize {
    // SAFETY: sysconf reads a system setting; it has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    let start = buckets.as_ptr() as usize;
    let end = start + std::mem::size_of_val(buckets);
    let first = start - start % page;
    let mut flags = vec![0u8; (end - first).div_ceil(page)];
    // SAFETY: `first..end` lies within the mapping that holds `buckets` (which starts on a page
    // boundary, before them), and `flags` has one byte for each of its pages, as mincore writes.
    let result =
        unsafe { libc::mincore(first as *mut libc::c_void, end - first, flags.as_mut_ptr()) };
    assert_eq!(result, 0, "mincore: {}", io::Error::last_os_error());
    flags.iter().filter(|&&flag| flag & 1 == 1).count()
}

/// A file-backed region with the file's exclusive lock held: the table is initialized or
/// checked under it, and dropping this releases it.
pub struct LockedFile {
    file: File,
    pub region: Region,
    /// The file was empty or never finished: the caller must initialize the header.
    pub fresh: bool,
}

impl Drop for LockedFile {
    fn drop(&mut self) {
        let _ = flock(&self.file, FlockOperation::Unlock);
    }
}

/// Opens (creating with mode 0600 if missing) and maps `path` as a table of `len` bytes.
pub fn open_file(path: &Path, len: usize) -> Result<LockedFile, TableError> {
    let problem = |what: String| TableError::File {
        path: PathBuf::from(path),
        problem: what,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags((OFlags::NOFOLLOW | OFlags::CLOEXEC).bits() as i32)
        .open(path)
        .map_err(|e| problem(describe_open_error(path, &e)))?;
    flock(&file, FlockOperation::LockExclusive)
        .map_err(|e| problem(format!("cannot be locked: {}", io::Error::from(e))))?;
    let meta = file
        .metadata()
        .map_err(|e| problem(format!("cannot be inspected: {e}")))?;
    if !meta.file_type().is_file() {
        return Err(problem("is not a regular file".to_owned()));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(problem(format!(
            "is group- or world-writable (mode {:04o}); anyone who can write it can unblock \
             an attacker: make it mode 0600",
            meta.mode() & 0o7777
        )));
    }
    let euid = geteuid().as_raw();
    if meta.uid() != euid && meta.uid() != 0 {
        return Err(problem(format!(
            "belongs to user id {}, neither this process's user ({euid}) nor root",
            meta.uid()
        )));
    }
    let fresh = meta.len() == 0;
    if !fresh && meta.len() != len as u64 {
        return Err(problem(format!(
            "is {} bytes but login_ratelimit.shm_size asks for {len}; use the same size or \
             remove the file",
            meta.len()
        )));
    }
    // Also a file made by a build that only sized it, or whose creator could not finish.
    if meta.blocks().saturating_mul(512) < len as u64 {
        reserve(&file, len, fresh).map_err(problem)?;
    }
    let region = Region::of_file(&file, len)?;
    Ok(LockedFile {
        file,
        region,
        fresh,
    })
}

/// Makes the file system give the file all `len` bytes now. A page of a mapped file that the
/// file system cannot back when it is first touched (a full tmpfs: pages are allocated as they
/// are written) kills the process that touches it with SIGBUS, at any call; a file whose space
/// is reserved cannot run out.
fn reserve(file: &File, len: usize, fresh: bool) -> Result<(), String> {
    let reserved = loop {
        match fallocate(file, FallocateFlags::empty(), 0, len as u64) {
            Err(Errno::INTR) => continue,
            other => break other,
        }
    };
    match reserved {
        Ok(()) => Ok(()),
        // A file system without fallocate: a new file gets its space by being written; an
        // existing one (its states must not be overwritten) is used as it is.
        Err(Errno::OPNOTSUPP | Errno::NOSYS) if fresh => fill_with_zeros(file, len),
        Err(Errno::OPNOTSUPP | Errno::NOSYS) => Ok(()),
        Err(error) => {
            if fresh {
                // Leave it empty, so that a later start tries again.
                let _ = ftruncate(file, 0);
            }
            Err(format!(
                "cannot have its {len} bytes reserved on its file system ({}); an unreserved \
                 table file would kill PHP with SIGBUS once the file system is full: make room \
                 (for a tmpfs, its size= mount option), choose a smaller \
                 login_ratelimit.shm_size, or another login_ratelimit.shm_path",
                io::Error::from(error)
            ))
        }
    }
}

fn fill_with_zeros(file: &File, len: usize) -> Result<(), String> {
    let zeros = vec![0u8; 1 << 20];
    let mut written = 0;
    while written < len {
        let chunk = (len - written).min(zeros.len());
        if let Err(error) = file.write_all_at(&zeros[..chunk], written as u64) {
            let _ = ftruncate(file, 0);
            return Err(format!("cannot be filled to {len} bytes: {error}"));
        }
        written += chunk;
    }
    Ok(())
}

fn describe_open_error(path: &Path, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => match path.parent() {
            Some(dir) => format!(
                "cannot be created: directory {} does not exist",
                dir.display()
            ),
            None => "cannot be created".to_owned(),
        },
        io::ErrorKind::PermissionDenied => format!("cannot be opened: permission denied ({error})"),
        _ if error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            "is a symbolic link, which is refused".to_owned()
        }
        _ => format!("cannot be opened: {error}"),
    }
}

#[cfg(test)]
#[path = "mapping_tests.rs"]
mod tests;
