//! Server challenges as users copy them from a terminal.
//!
//! A challenge reaches the user inside a protocol line: `334 <base64>` in
//! SMTP (RFC 4954 section 4) and POP3 (RFC 5034 section 4), `+ <base64>` in
//! IMAP (RFC 9051 section 6.2.2). People paste the whole line, or just the
//! base64, often with a trailing CR from `openssl s_client`.

use zeroize::Zeroizing;

use crate::{encoding, Error};

/// The base64 text inside a pasted server line: the line without its
/// `334` / `+` continuation marker and surrounding white space (including
/// CR). A marker alone means an empty challenge.
///
/// ```
/// use saslenc::server_line::payload;
/// assert_eq!(payload("challenge", "334 VXNlcm5hbWU6\r").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "+ VXNlcm5hbWU6").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "  VXNlcm5hbWU6 ").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "334").unwrap(), "");
/// ```
pub fn payload<'a>(field: &'static str, line: &'a str) -> Result<&'a str, Error> {
    let line = line.trim();
    for marker in ["334", "+"] {
        if let Some(rest) = line.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return Ok(rest.trim_start());
            }
        }
    }
    if let Some(code) = reply_code(line) {
        return Err(Error::Base64 {
            field,
            reason: format!("it is a server reply with code {code}, not a 334 continuation"),
        });
    }
    Ok(line)
}

/// Decodes a pasted server challenge (see [`payload`]).
///
/// ```
/// let bytes = saslenc::server_line::challenge("challenge", "334 VXNlcm5hbWU6").unwrap();
/// assert_eq!(&bytes[..], b"Username:");
/// ```
pub fn challenge(field: &'static str, line: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    encoding::decode(field, payload(field, line)?)
}

/// The code of an SMTP/POP3-style final reply (`535 5.7.8 ...`, `-ERR`),
/// which is pasted by mistake more often than one would think.
fn reply_code(line: &str) -> Option<&str> {
    if line.starts_with("-ERR") || line.starts_with("+OK") {
        return Some(&line[..line.len().min(4)]);
    }
    let code = line.get(..3)?;
    let after = line[3..].chars().next();
    (code.bytes().all(|b| b.is_ascii_digit()) && matches!(after, None | Some(' ' | '-')))
        .then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_need_a_space_or_the_end() {
        // "+abc" is base64 that happens to start with '+', not a marker.
        assert_eq!(payload("challenge", "+abc").unwrap(), "+abc");
        assert_eq!(payload("challenge", "334abc").unwrap(), "334abc");
        assert_eq!(payload("challenge", "+").unwrap(), "");
        assert_eq!(payload("challenge", "+ \r\n").unwrap(), "");
    }

    #[test]
    fn a_final_reply_is_named() {
        let err = payload("challenge", "535 5.7.8 Error: authentication failed").unwrap_err();
        assert!(err.to_string().contains("535"), "{err}");
        let err = payload("challenge", "-ERR [AUTH] Authentication failed.").unwrap_err();
        assert!(err.to_string().contains("-ERR"), "{err}");
    }
}
