//! The core's errors as PHP exceptions.

use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::{ce, ClassEntry};

/// `\InvalidArgumentException` with `message`: bad input, nothing changed.
pub fn invalid_argument(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, spl_class("InvalidArgumentException"))
}

/// `\LogicException`: an API used where it is not available.
pub fn logic(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, spl_class("LogicException"))
}

/// `\RuntimeException`.
pub fn runtime(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, spl_class("RuntimeException"))
}

/// A class of SPL, which PHP always registers before any extension; `\Exception` if the lookup
/// somehow fails, so an error is never lost.
pub fn spl_class(name: &str) -> &'static ClassEntry {
    ClassEntry::try_find(name).unwrap_or_else(ce::exception)
}
