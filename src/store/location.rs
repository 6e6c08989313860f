//! Where the shared table lives, decided from `login_ratelimit.shm_path`, the SAPI and the
//! effective user.
//!
//! A server's master re-executes itself (php-fpm's reload) or re-runs module start (Apache's
//! graceful restart) every day, and anonymous memory does not outlive either. So the server
//! SAPIs keep their table, unless told otherwise, in one file per effective user on tmpfs, which
//! the new process image maps again. Everything else (the CLI above all, run by any user at any
//! time) keeps anonymous memory unless a path is set, so that it never meets a server's file.

use std::path::PathBuf;

/// The `login_ratelimit.shm_path` value that asks for anonymous memory in every SAPI.
pub const ANONYMOUS: &str = "anonymous";

/// The directory of the server SAPIs' default table files: tmpfs on every Linux system.
pub const DEFAULT_DIR: &str = "/dev/shm";

/// SAPIs whose table outlives reloads by default: php-fpm, Apache's mod_php, and php-cgi
/// (FastCGI process managers start several masters, and plain CGI one process per request).
pub const SERVER_SAPIS: [&str; 3] = ["fpm-fcgi", "apache2handler", "cgi-fcgi"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableLocation {
    /// Anonymous shared memory, inherited by the processes forked after module start.
    Anonymous,
    /// The file `login_ratelimit.shm_path` names.
    Configured(PathBuf),
    /// A server SAPI's default: `/dev/shm/login_ratelimit.<effective uid>`.
    ServerDefault(PathBuf),
}

/// Where a process of `sapi` running as `euid` keeps its table, given `shm_path`.
pub fn table_location(shm_path: &str, sapi: &str, euid: u32) -> TableLocation {
    let shm_path = shm_path.trim();
    if shm_path.eq_ignore_ascii_case(ANONYMOUS) {
        TableLocation::Anonymous
    } else if !shm_path.is_empty() {
        TableLocation::Configured(PathBuf::from(shm_path))
    } else if SERVER_SAPIS.contains(&sapi) {
        TableLocation::ServerDefault(default_path(euid))
    } else {
        TableLocation::Anonymous
    }
}

/// The default table file of the server processes of user `euid`.
pub fn default_path(euid: u32) -> PathBuf {
    PathBuf::from(format!("{DEFAULT_DIR}/login_ratelimit.{euid}"))
}

#[cfg(test)]
#[path = "location_tests.rs"]
mod tests;
