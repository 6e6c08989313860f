//! The system settings: read once, at module start, where the shared table is mapped before a
//! server forks its workers. A value given later (a php-fpm pool's `php_admin_value` or
//! `php_value`, a web server's `PHP_ADMIN_VALUE`, Apache's per-directory `php_admin_value`)
//! changes what `ini_get()` shows but nothing else, which deserves a warning.

use std::hash::Hasher;

use siphasher::sip::SipHasher13;

/// The system settings, in the order the binding tracks them.
pub const NAMES: [&str; 4] = [
    "login_ratelimit.shm_size",
    "login_ratelimit.shm_path",
    "login_ratelimit.ipv6_prefix",
    "login_ratelimit.test_clock",
];

/// Whether `now`, a setting's current value, differs from the value module start used. An
/// unreadable value counts as unchanged: there is nothing to name.
pub fn is_misplaced(started_with: &str, now: Option<&str>) -> bool {
    now.is_some_and(|now| now != started_with)
}

/// The warning for setting `name` given `value` after module start used `in_effect`.
pub fn warning(name: &str, value: &str, in_effect: &str) -> String {
    format!(
        "login_ratelimit: warning: {name} = \"{value}\" is set after PHP started (a pool's \
         php_admin_value or php_value, or the web server's configuration), where it has no \
         effect; it is a system setting, read once when PHP starts: set it in php.ini. In \
         effect: \"{in_effect}\""
    )
}

/// A number naming a setting given a value, the same in every process, for deciding which
/// process gives its warning.
pub fn notice(name: &str, value: &str) -> u64 {
    let mut hasher = SipHasher13::new();
    hasher.write(&(name.len() as u64).to_le_bytes());
    hasher.write(name.as_bytes());
    hasher.write(value.as_bytes());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_different_readable_value_is_misplaced() {
        assert!(is_misplaced("16M", Some("32M")));
        assert!(is_misplaced("", Some("/srv/table")));
        assert!(!is_misplaced("16M", Some("16M")));
        assert!(!is_misplaced("16M", None));
    }

    #[test]
    fn the_warning_names_the_setting_the_value_and_what_is_in_effect() {
        let line = warning("login_ratelimit.shm_path", "/srv/table", "");
        assert!(
            line.starts_with("login_ratelimit: warning: login_ratelimit.shm_path = \"/srv/table\"")
        );
        assert!(line.contains("set it in php.ini"));
        assert!(line.ends_with("In effect: \"\""));
    }

    #[test]
    fn notices_differ_by_setting_and_value_and_not_by_process() {
        let a = notice("login_ratelimit.shm_size", "32M");
        assert_eq!(a, notice("login_ratelimit.shm_size", "32M"));
        assert_ne!(a, notice("login_ratelimit.shm_size", "64M"));
        assert_ne!(a, notice("login_ratelimit.shm_path", "32M"));
        assert_ne!(
            notice("login_ratelimit.shm_siz", "e32M"),
            notice("login_ratelimit.shm_size", "32M")
        );
    }
}
