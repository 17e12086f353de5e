//! Base64 as SASL uses it: the standard alphabet with padding (RFC 4648
//! section 4), never wrapped, written into zeroizing buffers.

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine;
use zeroize::Zeroizing;

use crate::Error;

/// Base64 of `bytes` in one allocation, zeroized on drop.
///
/// ```
/// assert_eq!(&*saslenc::encoding::encode(b"\0u\0p"), "AHUAcA==");
/// ```
pub fn encode(bytes: &[u8]) -> Zeroizing<String> {
    let len = base64::encoded_len(bytes.len(), true).unwrap_or(0);
    let mut out = Zeroizing::new(String::with_capacity(len));
    STANDARD.encode_string(bytes, &mut out);
    out
}

/// Decodes base64 text sent by a server or copied by a user. Padding may be
/// present or not (some servers omit it); anything else that is not base64
/// is an error naming `field`.
pub fn decode(field: &'static str, text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    STANDARD_PAD_INDIFFERENT
        .decode(text)
        .map(Zeroizing::new)
        .map_err(|e| Error::Base64 {
            field,
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_missing_padding() {
        assert_eq!(&decode("challenge", "AHUAcA").unwrap()[..], b"\0u\0p");
        assert_eq!(&decode("challenge", "AHUAcA==").unwrap()[..], b"\0u\0p");
    }

    #[test]
    fn refuses_other_alphabets_and_junk() {
        assert!(decode("challenge", "a-b_").is_err());
        assert!(decode("challenge", "AHU AcA==").is_err());
        assert!(decode("challenge", "A").is_err());
    }
}
