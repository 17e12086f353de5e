//! Server challenges as users copy them from a terminal.
//!
//! A challenge reaches the user inside a protocol line: `334 <base64>` in
//! SMTP (RFC 4954 section 4) and POP3 (RFC 5034 section 4), `+ <base64>` in
//! IMAP (RFC 9051 section 6.2.2). People paste the whole line, or just the
//! base64, often with a trailing CR from `openssl s_client`.

use zeroize::Zeroizing;

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
/// use saslenc::server_line::{parse, Line};
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
/// use saslenc::server_line::payload;
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
/// let bytes = saslenc::server_line::challenge("challenge", "334 VXNlcm5hbWU6").unwrap();
/// assert_eq!(&bytes[..], b"Username:");
/// ```
pub fn challenge(field: &'static str, line: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    encoding::decode(field, payload(field, line)?)
}

/// What one line from the server means to a client in the middle of an
/// exchange.
#[derive(Debug, PartialEq, Eq)]
pub enum ServerLine<'a> {
    /// A challenge: the base64 text (without its `334` / `+` marker).
    /// A marker alone or `=` is an empty challenge.
    Challenge(&'a str),
    /// The server accepted the authentication: SMTP `2xx`, POP3 `+OK`,
    /// IMAP `<tag> OK`.
    Success(&'a str),
    /// The server refused it: SMTP `4xx` / `5xx`, POP3 `-ERR`, IMAP
    /// `<tag> NO` / `<tag> BAD`.
    Failure(&'a str),
    /// A line that plays no part in the exchange: blank, an IMAP untagged
    /// `* ...` response, or an SMTP reply of another class.
    Other(&'a str),
}

/// Reads one line the way a person pastes it from an `openssl s_client`
/// session (surrounding white space and CR removed).
///
/// ```
/// use saslenc::server_line::{classify, ServerLine};
/// assert_eq!(classify("334 VXNlcm5hbWU6\r"), ServerLine::Challenge("VXNlcm5hbWU6"));
/// assert_eq!(classify("dj1ybUY5"), ServerLine::Challenge("dj1ybUY5"));
/// assert_eq!(classify("+"), ServerLine::Challenge(""));
/// assert_eq!(classify("235 2.7.0 Authentication successful"), ServerLine::Success("235 2.7.0 Authentication successful"));
/// assert_eq!(classify("A1 NO [AUTHENTICATIONFAILED] failed"), ServerLine::Failure("A1 NO [AUTHENTICATIONFAILED] failed"));
/// assert_eq!(classify("-ERR [AUTH] failed"), ServerLine::Failure("-ERR [AUTH] failed"));
/// ```
pub fn classify(line: &str) -> ServerLine<'_> {
    let line = line.trim();
    if line.is_empty() {
        return ServerLine::Other(line);
    }
    if line == "=" {
        return ServerLine::Challenge("");
    }
    for marker in ["334", "+"] {
        if let Some(rest) = line.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return ServerLine::Challenge(rest.trim_start());
            }
        }
    }
    let word = |w: &str| {
        line.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    if word("+OK") {
        return ServerLine::Success(line);
    }
    if word("-ERR") {
        return ServerLine::Failure(line);
    }
    if let Some(code) = reply_code(line) {
        return match code.as_bytes().first() {
            Some(b'2') => ServerLine::Success(line),
            Some(b'4' | b'5') => ServerLine::Failure(line),
            _ => ServerLine::Other(line),
        };
    }
    let mut words = line.split_whitespace();
    if let (Some(tag), Some(status)) = (words.next(), words.next()) {
        if tag == "*" {
            return ServerLine::Other(line);
        }
        if status.eq_ignore_ascii_case("OK") {
            return ServerLine::Success(line);
        }
        if status.eq_ignore_ascii_case("NO") || status.eq_ignore_ascii_case("BAD") {
            return ServerLine::Failure(line);
        }
        return ServerLine::Other(line);
    }
    ServerLine::Challenge(line)
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
