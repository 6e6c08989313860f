//! Lines for PHP's error log, through PHP's own logging so that `error_log` (a file or
//! `syslog`) and php-fpm's worker log all receive them, as `error_log()` would.

use std::ffi::{c_char, c_int, CString};

use ext_php_rs::zend::ExecutorGlobals;

use crate::block_log::blocked_line;
use crate::config::ini_flag;
use crate::limiter::{Engine, Limiter, RateLimit};

/// syslog's `LOG_NOTICE`: the severity PHP itself gives `error_log()` lines.
const LOG_NOTICE: c_int = 5;

extern "C" {
    /// PHP's `php_log_err_with_severity()` (main/main.c), exported by every PHP binary.
    fn php_log_err_with_severity(message: *const c_char, severity: c_int);
}

/// Writes `message` as one line of PHP's error log. NUL bytes and line breaks are replaced, so
/// one call is always exactly one line that nothing else can forge.
pub fn log_line(message: &str) {
    let clean: String = message
        .chars()
        .map(|c| if c == '\0' || c.is_control() { ' ' } else { c })
        .collect();
    let Ok(line) = CString::new(clean) else {
        return;
    };
    #[allow(unsafe_code)]
    // SAFETY: PHP copies the NUL-terminated string, which outlives the call; the function only
    // needs PHP's globals, which are set up for the whole life of a request and of module start.
    unsafe {
        php_log_err_with_severity(line.as_ptr(), LOG_NOTICE)
    };
}

/// Writes the line of a lock-out's first rejection, unless `login_ratelimit.log_blocked` is off
/// where this request runs. The setting is read only here, once per lock-out.
pub fn log_if_blocked(limiter: &Limiter, engine: &Engine<'_>, client: &[u8], answer: &RateLimit) {
    if !answer.first_rejection || !log_blocked() {
        return;
    }
    if let Some(line) = blocked_line(limiter, engine, client, answer) {
        log_line(&line);
    }
}

/// `login_ratelimit.log_blocked` as it stands now, read from the engine's INI entries as
/// `ini_get()` reads it (a pool's, a directory's and `ini_set()`'s values), without calling
/// `ini_get()`, which `disable_functions` may remove; on if it cannot be read, as by default.
fn log_blocked() -> bool {
    ExecutorGlobals::get()
        .ini_values()
        .get("login_ratelimit.log_blocked")
        .is_none_or(|value| value.as_deref().is_some_and(ini_flag))
}
