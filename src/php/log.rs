//! Lines for PHP's error log, through PHP's own logging so that `error_log` (a file or
//! `syslog`) and php-fpm's worker log all receive them, as `error_log()` would.

use std::ffi::{c_char, c_int, CString};

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
