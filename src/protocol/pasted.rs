//! Server challenges and client commands as users copy them from a
//! terminal.
//!
//! A challenge reaches the user inside a protocol line: `334 <base64>` in
//! SMTP (RFC 4954 section 4) and POP3 (RFC 5034 section 4), `+ <base64>` in
//! IMAP (RFC 9051 section 6.2.2). People paste the whole line, or just the
//! base64, often with a trailing CR from `openssl s_client`. Nothing here
//! panics, whatever the text.

use zeroize::Zeroizing;

use super::smtp;
use crate::{encoding, Error};

/// A line as pasted by a user, taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// Bare base64 (or `=`, the empty initial response).
    Bare(&'a str),
    /// A server continuation: `334 <base64>` (SMTP, POP3) or `+ <base64>`
    /// (IMAP, POP3); the payload is empty for a bare marker.
    Continuation {
        /// `"334"` or `"+"`.
        marker: &'static str,
        /// The base64 after the marker.
        payload: &'a str,
    },
    /// A client command with a mechanism: `AUTH <MECH> [<base64>]` (SMTP
    /// RFC 4954 section 4, POP3 RFC 5034 section 4) or `<tag> AUTHENTICATE
    /// <MECH> [<base64>]` (IMAP RFC 9051 section 6.2.2, SASL-IR RFC 4959).
    Command {
        /// The IMAP tag, if any.
        tag: Option<&'a str>,
        /// `"AUTH"` or `"AUTHENTICATE"`.
        verb: &'static str,
        /// The mechanism as written on the line.
        mechanism: &'a str,
        /// The initial response, if the line carries one.
        payload: Option<&'a str>,
    },
}

/// Takes apart a line as users paste it: surrounding white space (CR
/// included) is dropped; `334` and `+` must be followed by white space or
/// the end (`+abc` is base64 that starts with `+`); command words are
/// matched without regard to case. A final server reply (`535 ...`,
/// `-ERR ...`) or a line of several words in no known form is an error
/// naming `field`.
///
/// ```
/// use saslenc::protocol::pasted::{parse, Line};
/// assert_eq!(
///     parse("input", "334 VXNlcm5hbWU6\r").unwrap(),
///     Line::Continuation { marker: "334", payload: "VXNlcm5hbWU6" }
/// );
/// assert_eq!(
///     parse("input", "a001 authenticate PLAIN AHUAcA==").unwrap(),
///     Line::Command { tag: Some("a001"), verb: "AUTHENTICATE", mechanism: "PLAIN", payload: Some("AHUAcA==") }
/// );
/// assert_eq!(parse("input", " AHUAcA== ").unwrap(), Line::Bare("AHUAcA=="));
/// ```
pub fn parse<'a>(field: &'static str, line: &'a str) -> Result<Line<'a>, Error> {
    let line = line.trim();
    for marker in ["334", "+"] {
        if let Some(rest) = line.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return Ok(Line::Continuation {
                    marker,
                    payload: rest.trim_start(),
                });
            }
        }
    }
    if let Some(code) = reply_code(line) {
        return Err(Error::NoBase64 {
            field,
            reason: format!("it is a server reply with code {code}, not a continuation"),
        });
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let command = match words.as_slice() {
        [] | [_] => return Ok(Line::Bare(line)),
        [verb, rest @ ..] if verb.eq_ignore_ascii_case("AUTH") => Some((None, "AUTH", rest)),
        [tag, verb, rest @ ..] if verb.eq_ignore_ascii_case("AUTHENTICATE") => {
            Some((Some(*tag), "AUTHENTICATE", rest))
        }
        _ => None,
    };
    match command {
        Some((tag, verb, [mechanism])) => Ok(Line::Command {
            tag,
            verb,
            mechanism,
            payload: None,
        }),
        Some((tag, verb, [mechanism, payload])) => Ok(Line::Command {
            tag,
            verb,
            mechanism,
            payload: Some(payload),
        }),
        Some((_, verb, rest)) => Err(Error::NoBase64 {
            field,
            reason: format!(
                "{verb} takes a mechanism and at most one base64 argument, not {} words",
                rest.len()
            ),
        }),
        None => Err(Error::NoBase64 {
            field,
            reason: format!(
                "it has {} words; expected bare base64, `334 <base64>`, `+ <base64>`, \
                 `AUTH <MECH> <base64>` or `<tag> AUTHENTICATE <MECH> <base64>`",
                words.len()
            ),
        }),
    }
}

/// The base64 text inside a pasted server line: the line without its
/// `334` / `+` continuation marker and surrounding white space (including
/// CR). A marker alone means an empty challenge.
///
/// ```
/// use saslenc::protocol::pasted::payload;
/// assert_eq!(payload("challenge", "334 VXNlcm5hbWU6\r").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "+ VXNlcm5hbWU6").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "  VXNlcm5hbWU6 ").unwrap(), "VXNlcm5hbWU6");
/// assert_eq!(payload("challenge", "334").unwrap(), "");
/// ```
pub fn payload<'a>(field: &'static str, line: &'a str) -> Result<&'a str, Error> {
    match parse(field, line)? {
        Line::Bare(payload) | Line::Continuation { payload, .. } => Ok(payload),
        Line::Command { verb, .. } => Err(Error::NoBase64 {
            field,
            reason: format!("it is the client's {verb} command, not a server challenge"),
        }),
    }
}

/// Decodes a pasted server challenge (see [`payload`]).
///
/// ```
/// let bytes = saslenc::protocol::pasted::challenge("challenge", "334 VXNlcm5hbWU6").unwrap();
/// assert_eq!(&bytes[..], b"Username:");
/// ```
pub fn challenge(field: &'static str, line: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    encoding::decode(field, payload(field, line)?)
}

/// The code of an SMTP/POP3-style final reply (`535 5.7.8 ...`, `-ERR`),
/// which is pasted by mistake more often than one would think.
fn reply_code(line: &str) -> Option<String> {
    for word in ["-ERR", "+OK"] {
        if line.starts_with(word) {
            return Some(word.to_owned());
        }
    }
    smtp::parse_reply(line.as_bytes())
        .ok()
        .map(|reply| reply.code_text())
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
    fn commands_are_taken_apart() {
        assert_eq!(
            parse("input", "AUTH PLAIN").unwrap(),
            Line::Command {
                tag: None,
                verb: "AUTH",
                mechanism: "PLAIN",
                payload: None
            }
        );
        assert!(parse("input", "AUTH PLAIN a b").is_err());
        assert!(parse("input", "hello there").is_err());
        assert!(payload("challenge", "AUTH PLAIN AHUAcA==").is_err());
        assert_eq!(
            parse("input", "+\t=").unwrap(),
            Line::Continuation {
                marker: "+",
                payload: "="
            }
        );
    }

    #[test]
    fn a_final_reply_is_named() {
        let err = payload("challenge", "535 5.7.8 Error: authentication failed").unwrap_err();
        assert!(err.to_string().contains("535"), "{err}");
        let err = payload("challenge", "-ERR [AUTH] Authentication failed.").unwrap_err();
        assert!(err.to_string().contains("-ERR"), "{err}");
    }
}
