//! Checks and conversions shared by every mechanism's fields.

use zeroize::Zeroizing;

use crate::Error;

/// The character set fields are sent in.
///
/// SASL mechanisms send UTF-8 (RFC 4616 section 2, RFC 4422 section 4).
/// Some legacy servers compare against passwords stored in ISO-8859-1;
/// [`Charset::Latin1`] transcodes for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8, as the RFCs require.
    #[default]
    Utf8,
    /// ISO-8859-1: each character U+0000..=U+00FF becomes one byte of the
    /// same value. (Not windows-1252, which the WHATWG encoding standard
    /// calls "latin1" and which differs in 0x80..=0x9F.)
    Latin1,
}

impl Charset {
    /// Encodes `text` in this character set. A character that ISO-8859-1
    /// cannot hold is an error naming `field` and the character's position,
    /// never a silent `?`.
    pub fn encode(self, field: &'static str, text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        match self {
            Charset::Utf8 => Ok(Zeroizing::new(text.as_bytes().to_vec())),
            Charset::Latin1 => {
                let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
                for (position, c) in text.chars().enumerate() {
                    match u8::try_from(u32::from(c)) {
                        Ok(byte) => out.push(byte),
                        Err(_) => return Err(Error::NotLatin1 { field, position }),
                    }
                }
                Ok(out)
            }
        }
    }
}

/// `bytes` as UTF-8 text, or an error naming `field` and the offset of the
/// first invalid sequence.
pub fn utf8<'a>(field: &'static str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        field,
        offset: e.valid_up_to(),
    })
}

/// Fails when `bytes` holds a NUL: `mechanism` separates fields with NUL,
/// or servers read the field as a C string.
pub fn no_nul(field: &'static str, bytes: &[u8], mechanism: &'static str) -> Result<(), Error> {
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(Error::Nul {
            field,
            offset,
            mechanism,
        }),
        None => Ok(()),
    }
}

/// Fails when `bytes` is empty; `rule` says why it must not be.
pub fn non_empty(field: &'static str, bytes: &[u8], rule: &'static str) -> Result<(), Error> {
    if bytes.is_empty() {
        Err(Error::Empty { field, rule })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_maps_each_character_to_its_code_point() {
        let bytes = Charset::Latin1.encode("password", "pässwörd").unwrap();
        assert_eq!(&bytes[..], b"p\xe4ssw\xf6rd");
    }

    #[test]
    fn latin1_refuses_what_it_cannot_hold() {
        let err = Charset::Latin1.encode("password", "ab€").unwrap_err();
        assert!(matches!(err, Error::NotLatin1 { position: 2, .. }), "{err}");
        assert!(!err.to_string().contains('€'));
    }

    #[test]
    fn utf8_reports_the_offset() {
        let err = utf8("user", b"ab\xffc").unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 2, .. }), "{err}");
    }
}
