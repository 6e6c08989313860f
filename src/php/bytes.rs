//! A PHP string parameter taken as its bytes, which may have a default.

use ext_php_rs::convert::{FromZval, StubLiteral};
use ext_php_rs::flags::DataType;
use ext_php_rs::types::Zval;

/// A string parameter as its bytes, so that a value that is not UTF-8 reaches the code that
/// refuses it naming it (or keeps it as PHP would) rather than failing as a type error. Unlike
/// `BinarySlice`, it can have a default.
pub struct Bytes<'a>(pub &'a [u8]);

impl<'a> FromZval<'a> for Bytes<'a> {
    const TYPE: DataType = DataType::String;

    fn from_zval(zval: &'a Zval) -> Option<Self> {
        zval.zend_str().map(|text| Self(text.as_bytes()))
    }
}

impl From<&'static str> for Bytes<'_> {
    fn from(text: &'static str) -> Self {
        Self(text.as_bytes())
    }
}

impl StubLiteral for Bytes<'_> {
    fn stub_literal(&self) -> String {
        String::from_utf8_lossy(self.0).stub_literal()
    }
}
