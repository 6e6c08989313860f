//! login_ratelimit: TYPO3's login rate limiting (Symfony's sliding window, per client address)
//! as a PHP extension whose state is shared by every worker of a server.
//!
//! Where things are:
//! - the decision: `window` (Symfony's sliding-window rule, exact, pure);
//! - what is limited and how: `config`, `interval`, `exclude`, `client`;
//! - the limiters that put them together: `limiter` (logins), `keyed` (any string key); the
//!   line a login limiter logs per lock-out: `block_log`; instants as text: `utc`;
//! - where states are kept: `store` (the seam), `store::shm` (where memory is shared between
//!   processes: the only `unsafe` code of the core), `store::redis` (several servers);
//! - time: `clock`;
//! - system settings given where they have no effect: `system_settings`;
//! - PHP: `php`, a thin layer converting PHP values and errors (its calls into PHP's C API that
//!   ext-php-rs does not wrap are its only `unsafe` code).
#![deny(unsafe_code)]

pub mod block_log;
pub mod client;
pub mod clock;
pub mod config;
pub mod exclude;
pub mod interval;
pub mod keyed;
pub mod limiter;
pub mod store;
pub mod system_settings;
pub mod utc;
pub mod window;

#[cfg(test)]
mod test_support;

#[cfg(feature = "php")]
mod php;
