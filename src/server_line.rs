//! Server challenges as users copy them from a terminal.
//!
//! A challenge reaches the user inside a protocol line: `334 <base64>` in
//! SMTP (RFC 4954 section 4) and POP3 (RFC 5034 section 4), `+ <base64>` in
//! IMAP (RFC 9051 section 6.2.2). People paste the whole line, or just the
//! base64, often with a trailing CR from `openssl s_client`.
//!
//! In the middle of an exchange, [`classify`] says what a server line is
//! to the client waiting for the reply to its AUTH command (a challenge,
//! the verdict, or a line that is no verdict, and which), and
//! [`read_line`] reads one line of at most [`MAX_LINE_LEN`] bytes. Both
//! serve a pasted session and a live connection alike; nothing here
//! panics, whatever the bytes.

use std::io::{self, BufRead};

use zeroize::Zeroizing;

use crate::protocol::{Protocol, IMAP_TAG};
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

/// The longest line saslenc reads from a server, a pasted session or a
/// log, line end included: 64 KiB.
///
/// The longest real SASL lines are client lines carrying OAuth access
/// tokens (a few KiB, under 8 KiB once base64-encoded with the rest of an
/// XOAUTH2 message); server challenges are far shorter. Eight times that
/// leaves room for any real line, and is small enough that a hostile or
/// broken peer cannot make saslenc hold more than this in memory for one
/// line. A longer line is a data error ([`Error::TooLong`]).
pub const MAX_LINE_LEN: usize = 64 * 1024;

/// How a bounded line read ended (see [`read_line`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// A line is in the buffer, without its `\n` (a final line without one
    /// counts too).
    Line,
    /// The input ended before any byte of a new line.
    End,
    /// The line is longer than the limit; the buffer holds its first
    /// `limit` bytes and the rest is still unread (see [`skip_line`]).
    TooLong,
}

/// Reads one line of at most `limit` bytes (its `\n` not counted) into
/// `buf`, which is cleared first, and never holds more than `limit` bytes
/// of it in memory. Read errors other than `Interrupted` are returned as
/// they are.
///
/// ```
/// use saslenc::server_line::{read_line, LineRead};
/// let mut input = &b"334 VXNlcm5hbWU6\r\nlast"[..];
/// let mut buf = Vec::new();
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::Line);
/// assert_eq!(buf, b"334 VXNlcm5hbWU6\r");
/// assert_eq!(read_line(&mut input, &mut buf, 2).unwrap(), LineRead::TooLong);
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::Line);
/// assert_eq!(buf, b"st");
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::End);
/// ```
pub fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if any { LineRead::Line } else { LineRead::End });
        }
        any = true;
        let (chunk, newline) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        let room = limit - buf.len();
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            reader.consume(room);
            return Ok(LineRead::TooLong);
        }
        buf.extend_from_slice(chunk);
        let used = chunk.len() + usize::from(newline);
        reader.consume(used);
        if newline {
            return Ok(LineRead::Line);
        }
    }
}

/// Discards the rest of the current line, `\n` included, reading in
/// constant memory; after a [`LineRead::TooLong`], the next read starts at
/// the next line.
pub fn skip_line(reader: &mut dyn BufRead) -> io::Result<()> {
    // The line, read on in bounded pieces that are dropped (and zeroized:
    // it may be a secret) as they come.
    const PIECE: usize = 4096;
    let mut piece = Zeroizing::new(Vec::with_capacity(PIECE));
    while read_line(reader, &mut piece, PIECE)? == LineRead::TooLong {}
    Ok(())
}

/// What the client expects a reply to its authentication command to look
/// like: the protocol, and in IMAP the command's tag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expect<'t> {
    /// The protocol of the session, or `None` to accept the line forms of
    /// all three (a pasted session of unknown kind).
    pub protocol: Option<Protocol>,
    /// The tag of the IMAP AUTHENTICATE command; `None` accepts any tag.
    pub tag: Option<&'t str>,
}

impl Expect<'static> {
    /// The replies to saslenc's own command in `protocol`: in IMAP, the
    /// tag is [`IMAP_TAG`], which saslenc prints.
    pub fn for_protocol(protocol: Option<Protocol>) -> Self {
        Expect {
            protocol,
            tag: (protocol == Some(Protocol::Imap)).then_some(IMAP_TAG),
        }
    }
}

/// What one line from the server means to a client in the middle of an
/// exchange (see [`classify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerLine<'a> {
    /// A challenge: the base64 text (without its `334` / `+` marker).
    /// A marker alone or `=` is an empty challenge.
    Challenge(&'a str),
    /// A reply of the form the server accepts the authentication with:
    /// SMTP `235` (RFC 4954 section 6), POP3 `+OK` (RFC 5034 section 4),
    /// IMAP `<tag> OK` (RFC 9051 section 6.2.2).
    Success {
        /// The line, trimmed.
        line: &'a str,
        /// Whether the form is used for nothing but the reply to the
        /// authentication command (SMTP `235`, IMAP `OK` with the
        /// expected tag). POP3 answers its greeting and every command
        /// with `+OK`, and an IMAP `OK` whose tag is not known may answer
        /// another command: such a line before the exchange has started is
        /// more likely one of those.
        certain: bool,
    },
    /// The server refused: SMTP `4xx` / `5xx`, POP3 `-ERR`, IMAP `<tag>
    /// NO` / `<tag> BAD`.
    Failure(&'a str),
    /// A line that is no part of the exchange, and what it is.
    NotAVerdict(&'a str, NotAVerdict),
    /// An empty line (or white space only).
    Blank,
}

/// Why a server line is not a reply to the authentication command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAVerdict {
    /// SMTP `220`: the server's greeting (RFC 5321 section 4.2).
    Greeting,
    /// A line of a multi-line SMTP reply (`250-...`, as EHLO sends): the
    /// reply's last line has a space after the code.
    MultiLine {
        /// The reply code.
        code: String,
    },
    /// An SMTP reply that answers another command (`250`, `354`, `221`).
    OtherReply {
        /// The reply code.
        code: String,
    },
    /// An IMAP untagged response (`* OK`, `* CAPABILITY`, `* BYE`).
    Untagged,
    /// An IMAP tagged reply to another command.
    OtherTag {
        /// The tag on the line.
        tag: String,
        /// The tag of the AUTHENTICATE command.
        expected: String,
    },
    /// A reply in the form of another protocol than the session's.
    OtherProtocol {
        /// The protocol whose form the line has.
        seen: Protocol,
        /// The session's protocol.
        expected: Protocol,
    },
    /// Several words in no form a server uses during authentication.
    Unknown,
}

impl NotAVerdict {
    /// What the line is, in words, for a note: "this is the server's
    /// greeting, not a reply to AUTH".
    pub fn describe(&self) -> String {
        match self {
            NotAVerdict::Greeting => {
                "this is the server's greeting (220), not a reply to AUTH".into()
            }
            NotAVerdict::MultiLine { code } => format!(
                "this is a line of a multi-line {code} reply ({code}-...), such as EHLO's list of \
                 extensions, not a reply to AUTH"
            ),
            NotAVerdict::OtherReply { code } => format!(
                "this is a {code} reply to another command (AUTH succeeds with 235, fails with \
                 4xx or 5xx), not a reply to AUTH"
            ),
            NotAVerdict::Untagged => "this is an untagged IMAP response (* ...), such as the \
                 greeting or CAPABILITY data, not the tagged reply to AUTHENTICATE"
                .into(),
            NotAVerdict::OtherTag { tag, expected } => format!(
                "this is the reply to another IMAP command (tag {tag}), not to AUTHENTICATE \
                 (tag {expected})"
            ),
            NotAVerdict::OtherProtocol { seen, expected } => format!(
                "this line has the form of {} and the session is {}; not a reply to AUTH",
                seen.name(),
                expected.name()
            ),
            NotAVerdict::Unknown => "this line is in no form a server uses during \
                 authentication (334/+ challenge, or the final reply)"
                .into(),
        }
    }
}

/// Reads one line the way a person pastes it from an `openssl s_client`
/// session (surrounding white space and CR removed), as a reply in the
/// exchange that `expect` describes. Nothing here panics, whatever the
/// text.
///
/// ```
/// use saslenc::protocol::Protocol;
/// use saslenc::server_line::{classify, Expect, NotAVerdict, ServerLine};
/// let any = Expect::default();
/// assert_eq!(classify("334 VXNlcm5hbWU6\r", any), ServerLine::Challenge("VXNlcm5hbWU6"));
/// assert_eq!(classify("dj1ybUY5", any), ServerLine::Challenge("dj1ybUY5"));
/// assert_eq!(classify("+", any), ServerLine::Challenge(""));
/// assert_eq!(
///     classify("235 2.7.0 Authentication successful", any),
///     ServerLine::Success { line: "235 2.7.0 Authentication successful", certain: true }
/// );
/// assert_eq!(classify("-ERR [AUTH] failed", any), ServerLine::Failure("-ERR [AUTH] failed"));
/// assert_eq!(
///     classify("220 mail ESMTP", any),
///     ServerLine::NotAVerdict("220 mail ESMTP", NotAVerdict::Greeting)
/// );
/// let imap = Expect::for_protocol(Some(Protocol::Imap));
/// assert_eq!(classify("A1 NO [AUTHENTICATIONFAILED] failed", imap), ServerLine::Failure("A1 NO [AUTHENTICATIONFAILED] failed"));
/// assert!(matches!(
///     classify("A0 OK CAPABILITY completed", imap),
///     ServerLine::NotAVerdict(_, NotAVerdict::OtherTag { .. })
/// ));
/// ```
pub fn classify<'a>(line: &'a str, expect: Expect<'_>) -> ServerLine<'a> {
    let line = line.trim();
    if line.is_empty() {
        return ServerLine::Blank;
    }
    if line == "=" {
        return ServerLine::Challenge("");
    }
    // Challenges are taken in any protocol: people paste what they see.
    for marker in ["334", "+"] {
        if let Some(rest) = line.strip_prefix(marker) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return ServerLine::Challenge(rest.trim_start());
            }
        }
    }
    let other = |seen: Protocol| match expect.protocol {
        Some(expected) if expected != seen => Some(ServerLine::NotAVerdict(
            line,
            NotAVerdict::OtherProtocol { seen, expected },
        )),
        _ => None,
    };
    let word = |w: &str| {
        line.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    // POP3, RFC 5034 section 4.
    if word("+OK") {
        return other(Protocol::Pop3).unwrap_or(ServerLine::Success {
            line,
            certain: false,
        });
    }
    if word("-ERR") {
        return other(Protocol::Pop3).unwrap_or(ServerLine::Failure(line));
    }
    // SMTP, RFC 5321 section 4.2 and RFC 4954 section 6.
    if let Some((code, multi_line)) = smtp_code(line) {
        if let Some(other) = other(Protocol::Smtp) {
            return other;
        }
        let code_text = || String::from_utf8_lossy(&code).into_owned();
        if multi_line {
            return ServerLine::NotAVerdict(line, NotAVerdict::MultiLine { code: code_text() });
        }
        return match code {
            [b'2', b'3', b'5'] => ServerLine::Success {
                line,
                certain: true,
            },
            [b'4' | b'5', ..] => ServerLine::Failure(line),
            [b'2', b'2', b'0'] => ServerLine::NotAVerdict(line, NotAVerdict::Greeting),
            _ => ServerLine::NotAVerdict(line, NotAVerdict::OtherReply { code: code_text() }),
        };
    }
    let mut words = line.split_whitespace();
    let (Some(tag), Some(status)) = (words.next(), words.next()) else {
        // One word: bare base64, as some people paste it.
        return ServerLine::Challenge(line);
    };
    // IMAP, RFC 9051 section 7.1.
    let status = status.to_ascii_uppercase();
    let imap = tag == "*" || matches!(status.as_str(), "OK" | "NO" | "BAD" | "PREAUTH" | "BYE");
    if !imap {
        return ServerLine::NotAVerdict(line, NotAVerdict::Unknown);
    }
    if let Some(other) = other(Protocol::Imap) {
        return other;
    }
    if tag == "*" {
        return ServerLine::NotAVerdict(line, NotAVerdict::Untagged);
    }
    if let Some(expected) = expect.tag {
        if tag != expected {
            return ServerLine::NotAVerdict(
                line,
                NotAVerdict::OtherTag {
                    tag: tag.to_owned(),
                    expected: expected.to_owned(),
                },
            );
        }
    }
    match status.as_str() {
        "OK" => ServerLine::Success {
            line,
            certain: expect.tag.is_some(),
        },
        "NO" | "BAD" => ServerLine::Failure(line),
        // PREAUTH and BYE are untagged only.
        _ => ServerLine::NotAVerdict(line, NotAVerdict::Unknown),
    }
}

/// The three digits of an SMTP reply line (`535 5.7.8 ...`, `250-...`),
/// and whether a `-` marks it as not the last line of its reply.
fn smtp_code(line: &str) -> Option<([u8; 3], bool)> {
    match line.as_bytes() {
        [a, b, c, rest @ ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            match rest.first() {
                None | Some(b' ' | b'\t') => Some(([*a, *b, *c], false)),
                Some(b'-') => Some(([*a, *b, *c], true)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The code of an SMTP/POP3-style final reply (`535 5.7.8 ...`, `-ERR`),
/// which is pasted by mistake more often than one would think.
fn reply_code(line: &str) -> Option<String> {
    for word in ["-ERR", "+OK"] {
        if line.starts_with(word) {
            return Some(word.to_owned());
        }
    }
    smtp_code(line).map(|(code, _)| String::from_utf8_lossy(&code).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_line_resumes_at_the_next_line_whatever_the_length() {
        for long in [1, 4095, 4096, 4097, 10_000] {
            let mut text = vec![b'a'; 100 + long];
            text.extend_from_slice(b"\nnext\nlast");
            let mut input = &text[..];
            let mut buf = Vec::new();
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::TooLong
            );
            skip_line(&mut input).unwrap();
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::Line
            );
            assert_eq!(buf, b"next", "{long}");
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::Line
            );
            assert_eq!(buf, b"last");
            skip_line(&mut input).unwrap();
            assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::End);
        }
    }

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
