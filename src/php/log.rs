//! Lines for PHP's error log, through PHP's own logging so that `error_log` (a file or
//! `syslog`) and php-fpm's worker log all receive them, as `error_log()` would.

use std::ffi::{c_char, c_int, CStr, CString};

use crate::block_log::blocked_line;
use crate::config::ini_flag;
use crate::limiter::{Engine, Limiter, RateLimit};

/// syslog's `LOG_NOTICE`: the severity PHP itself gives `error_log()` lines.
const LOG_NOTICE: c_int = 5;

extern "C" {
    /// PHP's `php_log_err_with_severity()` (main/main.c), exported by every PHP binary.
    fn php_log_err_with_severity(message: *const c_char, severity: c_int);
    /// PHP's `zend_ini_string_ex()` (Zend/zend_ini.c): one INI entry's current value, what
    /// `ini_get()` answers, or NULL (`exists` says whether the entry is there).
    fn zend_ini_string_ex(
        name: *const c_char,
        name_length: usize,
        orig: c_int,
        exists: *mut bool,
    ) -> *const c_char;
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
/// One entry is looked up: copying every INI entry (ext-php-rs's `ini_values()`) cost about
/// 300,000 instructions, some 100 µs, at each lock-out.
fn log_blocked() -> bool {
    const NAME: &CStr = c"login_ratelimit.log_blocked";
    let mut exists = false;
    #[allow(unsafe_code)]
    // SAFETY: the name is NUL-terminated and its length is given without the NUL; `exists` is
    // a valid bool for the call to write. PHP looks the entry up in `EG(ini_directives)`,
    // which is set up for the whole request; no other thread touches it (NTS PHP).
    let value = unsafe { zend_ini_string_ex(NAME.as_ptr(), NAME.count_bytes(), 0, &mut exists) };
    if value.is_null() {
        // No entry: on, as by default; an entry without a value: off, as `ini_get()` says "".
        return !exists;
    }
    #[allow(unsafe_code)]
    // SAFETY: a non-null answer points to the NUL-terminated text of the entry's value, owned
    // by PHP and unchanged until the script changes the setting, which it cannot do while
    // this function reads it; it is copied at once.
    let value = unsafe { CStr::from_ptr(value) }.to_string_lossy();
    ini_flag(&value)
}
