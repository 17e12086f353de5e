//! The lines a user pastes into a protocol session, and one codec per
//! protocol ([`smtp`], [`imap`], [`pop3`]) for the server's side of it:
//! the client's commands parsed, the server's replies framed.
//!
//! - SMTP (RFC 4954 section 4): `AUTH <mech> [initial-response]`, then one
//!   line per `334` challenge.
//! - IMAP (RFC 9051 section 6.2.2, SASL-IR RFC 4959): `<tag> AUTHENTICATE
//!   <mech> [initial-response]`, then one line per `+` continuation.
//! - POP3 (RFC 5034 section 4): `AUTH <mech> [initial-response]`, then one
//!   line per `+` continuation.
//!
//! In all three an empty initial response is sent as `=`, to tell it from
//! no initial response at all; an empty answer to a later challenge is an
//! empty line.

use std::fmt;

use zeroize::Zeroizing;

pub mod imap;
pub mod lines;
pub mod pasted;
pub mod pop3;
pub mod reply;
pub mod smtp;
pub mod verdict;

use crate::encoding;
use crate::mech::Messages;

/// The longest SMTP command line, CRLF included (RFC 5321 section
/// 4.5.3.1.4, and RFC 4954 section 4 for AUTH with an initial response).
pub const SMTP_MAX_LINE: usize = 512;

/// The longest POP3 command line, CRLF included (RFC 5034 section 4: 255
/// octets, the limit of RFC 2449 section 4).
pub const POP3_MAX_LINE: usize = 255;

/// The tag put before an IMAP command.
pub const IMAP_TAG: &str = "A1";

/// A protocol whose command syntax wraps the base64 lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// SMTP AUTH (RFC 4954), submission on 587 or 465.
    Smtp,
    /// IMAP AUTHENTICATE (RFC 9051) with SASL-IR (RFC 4959).
    Imap,
    /// POP3 AUTH (RFC 5034).
    Pop3,
}

impl Protocol {
    /// The protocol's name as people write it: `"SMTP"`, `"IMAP"`, `"POP3"`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Smtp => "SMTP",
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Smtp => "smtp",
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
        })
    }
}

/// The base64 form of an initial response: `=` when it is empty
/// (RFC 4954 section 4), so that it differs from no response at all.
pub fn initial_response(message: &[u8]) -> Zeroizing<String> {
    if message.is_empty() {
        Zeroizing::new("=".to_owned())
    } else {
        encoding::encode(message)
    }
}

/// What a person pasting lines should know of an empty initial response.
pub const EMPTY_INITIAL_RESPONSE: &str = "the message is empty; \"=\" stands for an empty \
    initial response (RFC 4954 section 4, RFC 4959). Without an initial response, send the AUTH \
    command alone and answer the server's empty challenge with an empty line";

/// A line the client sends in an exchange, in its two parts: the command
/// before the payload (empty for a line that only answers a challenge),
/// and the payload, base64 (`=` for an empty initial response, empty for
/// an empty answer or a command without an initial response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientLine {
    /// `AUTH PLAIN`, `A1 AUTHENTICATE PLAIN`, or empty.
    pub command: String,
    /// The base64 the line carries.
    pub payload: Zeroizing<String>,
}

impl ClientLine {
    /// A line that answers a challenge: the payload alone.
    pub fn response(payload: Zeroizing<String>) -> Self {
        ClientLine {
            command: String::new(),
            payload,
        }
    }

    /// What stands on the line before the payload: the command and the
    /// space after it, or nothing.
    pub fn prefix(&self) -> String {
        match (self.command.is_empty(), self.payload.is_empty()) {
            (false, false) => format!("{} ", self.command),
            _ => self.command.clone(),
        }
    }

    /// The whole line, without its line end.
    ///
    /// ```
    /// use saslenc::protocol::ClientLine;
    /// let line = ClientLine { command: "AUTH PLAIN".into(), payload: "AHUAcA==".to_owned().into() };
    /// assert_eq!(&*line.text(), "AUTH PLAIN AHUAcA==");
    /// assert_eq!(line.prefix(), "AUTH PLAIN ");
    /// ```
    pub fn text(&self) -> Zeroizing<String> {
        let prefix = self.prefix();
        let mut line = Zeroizing::new(String::with_capacity(prefix.len() + self.payload.len()));
        line.push_str(&prefix);
        line.push_str(&self.payload);
        line
    }
}

/// How an exchange opens: the first line to send, an initial response
/// that must wait for the server's first (empty) challenge, and notes for
/// the user about either.
pub struct Opening {
    /// The command (with the initial response where it may go), or the
    /// bare initial response when there is no protocol; `None` when there
    /// is neither.
    pub first: Option<ClientLine>,
    /// An initial response that may not go on the command line (see
    /// [`Framing::inline`]): its own line, after the server's empty
    /// challenge.
    pub deferred: Option<Zeroizing<String>>,
    /// What the user should know about these lines.
    pub notes: Vec<String>,
}

/// How a client frames its authentication command: the protocol (`None`
/// for bare base64 lines), the IMAP tag of the command, and whether the
/// server takes an initial response on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Framing<'t> {
    /// The protocol, or `None` for bare base64 lines.
    pub protocol: Option<Protocol>,
    /// The tag of the IMAP AUTHENTICATE command (unused elsewhere).
    pub tag: &'t str,
    /// IMAP: the server has SASL-IR (RFC 4959). SMTP and POP3 always take
    /// an initial response (RFC 4954, RFC 5034), within their line limits.
    pub sasl_ir: bool,
}

impl Framing<'static> {
    /// The framing of lines a person pastes: IMAP with the tag
    /// [`IMAP_TAG`] and SASL-IR (the person chooses to send the command
    /// alone).
    pub fn pasted(protocol: Option<Protocol>) -> Self {
        Framing {
            protocol,
            tag: IMAP_TAG,
            sasl_ir: true,
        }
    }
}

impl Framing<'_> {
    /// The command that starts authentication with `mechanism`; `None`
    /// without a protocol.
    pub fn command(&self, mechanism: &str) -> Option<String> {
        self.protocol.map(|protocol| match protocol {
            Protocol::Smtp | Protocol::Pop3 => format!("AUTH {mechanism}"),
            Protocol::Imap => format!("{} AUTHENTICATE {mechanism}", self.tag),
        })
    }

    /// Whether `command SP initial CRLF` may be sent: SMTP within 512
    /// octets (RFC 4954 section 4), POP3 within 255 (RFC 5034 section 4),
    /// IMAP with SASL-IR (RFC 4959 section 3). Otherwise the command goes
    /// alone and the initial response answers the server's empty
    /// challenge. Bare lines have no command to share.
    pub fn inline(&self, mechanism: &str, initial: &str) -> bool {
        let Some(command) = self.command(mechanism) else {
            return true;
        };
        let len = command.len() + 1 + initial.len() + 2;
        match self.protocol {
            Some(Protocol::Smtp) => len <= SMTP_MAX_LINE,
            Some(Protocol::Pop3) => len <= POP3_MAX_LINE,
            Some(Protocol::Imap) => self.sasl_ir,
            None => true,
        }
    }
}

/// The opening of an exchange of `mechanism` whose initial response is
/// `initial`, framed by `framing`: the command, with the initial response
/// where [`Framing::inline`] allows, else the initial response deferred.
///
/// ```
/// use saslenc::protocol::{opening, Framing, Protocol};
/// let open = opening(Framing::pasted(Some(Protocol::Imap)), "EXTERNAL", Some(b""));
/// assert_eq!(&*open.first.unwrap().text(), "A1 AUTHENTICATE EXTERNAL =");
/// assert!(open.deferred.is_none());
///
/// let framing = Framing { protocol: Some(Protocol::Imap), tag: "A4", sasl_ir: false };
/// let open = opening(framing, "PLAIN", Some(b"\0u\0p"));
/// assert_eq!(&*open.first.unwrap().text(), "A4 AUTHENTICATE PLAIN");
/// assert_eq!(open.deferred.as_deref().map(String::as_str), Some("AHUAcA=="));
/// ```
pub fn opening(framing: Framing<'_>, mechanism: &str, initial: Option<&[u8]>) -> Opening {
    let command = framing.command(mechanism);
    let Some(initial) = initial else {
        return Opening {
            first: command.map(|command| ClientLine {
                command,
                payload: Zeroizing::new(String::new()),
            }),
            deferred: None,
            notes: Vec::new(),
        };
    };
    let base64 = initial_response(initial);
    if framing.inline(mechanism, &base64) {
        return Opening {
            first: Some(ClientLine {
                command: command.unwrap_or_default(),
                payload: base64,
            }),
            deferred: None,
            notes: Vec::new(),
        };
    }
    let why = match framing.protocol {
        Some(Protocol::Imap) => "the server has no SASL-IR (RFC 4959)".to_owned(),
        Some(Protocol::Smtp) => format!(
            "AUTH {mechanism} with its {}-character response would pass the {SMTP_MAX_LINE}-octet \
             line limit (RFC 4954 section 4)",
            base64.len()
        ),
        _ => format!(
            "AUTH {mechanism} with its {}-character response would pass the {POP3_MAX_LINE}-octet \
             line limit (RFC 5034 section 4)",
            base64.len()
        ),
    };
    Opening {
        first: command.map(|command| ClientLine {
            command,
            payload: Zeroizing::new(String::new()),
        }),
        deferred: Some(base64),
        notes: vec![format!(
            "the initial response goes on its own line after the server's empty challenge: {why}"
        )],
    }
}

/// The client's lines for `exchange`, joined by `\n`, without a final line
/// end: the [`opening`], then one line per response (an empty response is
/// an empty line). With no protocol they are the bare base64 lines.
///
/// ```
/// use saslenc::mech::{Messages, Login, login::PROMPTS};
/// use saslenc::protocol::{render, Protocol};
/// let mut login = Login::new("user", "pencil", Default::default()).unwrap();
/// let exchange = Messages::run(&mut login, &PROMPTS).unwrap();
/// assert_eq!(&*render(&exchange, None), "dXNlcg==\ncGVuY2ls");
/// assert_eq!(&*render(&exchange, Some(Protocol::Smtp)), "AUTH LOGIN\ndXNlcg==\ncGVuY2ls");
/// ```
pub fn render(exchange: &Messages, protocol: Option<Protocol>) -> Zeroizing<String> {
    render_with_notes(exchange, protocol).0
}

/// [`render`], and the [`Opening`]'s notes for the user, from one pass.
pub fn render_with_notes(
    exchange: &Messages,
    protocol: Option<Protocol>,
) -> (Zeroizing<String>, Vec<String>) {
    let initial = exchange.initial.as_deref().map(|m| &m[..]);
    let open = opening(Framing::pasted(protocol), exchange.mechanism, initial);
    let lines: Vec<Zeroizing<String>> = open
        .first
        .map(|line| line.text())
        .into_iter()
        .chain(open.deferred)
        .chain(exchange.responses.iter().map(|r| encoding::encode(r)))
        .collect();
    let empty = initial
        .is_some_and(<[u8]>::is_empty)
        .then(|| EMPTY_INITIAL_RESPONSE.to_owned());
    (join(&lines), empty.into_iter().chain(open.notes).collect())
}

/// Joins `lines` with `\n` into one buffer sized up front, so that no
/// reallocation leaves a copy of a credential behind.
fn join(lines: &[Zeroizing<String>]) -> Zeroizing<String> {
    let len = lines.iter().map(|l| l.len() + 1).sum::<usize>();
    let mut out = Zeroizing::new(String::with_capacity(len));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// The words of a command line, split at runs of spaces (SMTP and POP3
/// arguments are separated by one space; servers take more).
pub(crate) fn words(line: &str) -> Vec<&str> {
    line.split(' ').filter(|w| !w.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mech::Message;

    fn exchange(initial: Option<&[u8]>, responses: &[&[u8]]) -> Messages {
        Messages {
            mechanism: "X",
            initial: initial.map(|m| Message::new(m.to_vec())),
            responses: responses.iter().map(|r| Message::new(r.to_vec())).collect(),
        }
    }

    #[test]
    fn empty_initial_response_is_an_equals_sign_and_later_ones_are_empty_lines() {
        let ex = exchange(Some(b""), &[b"", b"a"]);
        assert_eq!(&*render(&ex, None), "=\n\nYQ==");
        assert_eq!(&*render(&ex, Some(Protocol::Smtp)), "AUTH X =\n\nYQ==");
        assert_eq!(
            &*render(&ex, Some(Protocol::Imap)),
            "A1 AUTHENTICATE X =\n\nYQ=="
        );
        assert_eq!(&*render(&ex, Some(Protocol::Pop3)), "AUTH X =\n\nYQ==");
    }

    #[test]
    fn smtp_lines_stop_at_512_octets() {
        // "AUTH X " is 7 octets, CRLF 2: 503 octets of base64 just fit.
        let fits = vec![b'a'; 375]; // 500 base64 characters
        let ex = exchange(Some(&fits), &[]);
        assert_eq!(render(&ex, Some(Protocol::Smtp)).lines().count(), 1);
        let long = vec![b'a'; 378]; // 504 base64 characters
        let ex = exchange(Some(&long), &[]);
        let text = render(&ex, Some(Protocol::Smtp));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "AUTH X");
        assert_eq!(lines[1].len(), 504);
        // IMAP has no such limit.
        assert_eq!(render(&ex, Some(Protocol::Imap)).lines().count(), 1);
        // The pasted framing keeps POP3's 255 octets as a live one does.
        let fits = vec![b'a'; 183]; // 244 base64 characters
        assert_eq!(
            render(&exchange(Some(&fits), &[]), Some(Protocol::Pop3))
                .lines()
                .count(),
            1
        );
        let long = vec![b'a'; 186]; // 248 base64 characters
        assert_eq!(
            render(&exchange(Some(&long), &[]), Some(Protocol::Pop3))
                .lines()
                .count(),
            2
        );
    }

    #[test]
    fn live_framing_keeps_each_line_limit() {
        let frame = |protocol, sasl_ir| Framing {
            protocol: Some(protocol),
            tag: "A7",
            sasl_ir,
        };
        // POP3: "AUTH X " is 7 octets, CRLF 2: 246 base64 characters fit.
        assert!(frame(Protocol::Pop3, false).inline("X", &"a".repeat(246)));
        assert!(!frame(Protocol::Pop3, false).inline("X", &"a".repeat(247)));
        assert!(frame(Protocol::Smtp, false).inline("X", &"a".repeat(503)));
        assert!(!frame(Protocol::Smtp, false).inline("X", &"a".repeat(504)));
        assert!(frame(Protocol::Imap, true).inline("X", &"a".repeat(100_000)));
        assert!(!frame(Protocol::Imap, false).inline("X", "a"));
        let open = opening(frame(Protocol::Imap, true), "EXTERNAL", Some(b""));
        assert_eq!(
            open.first.map(|l| l.text().to_string()).as_deref(),
            Some("A7 AUTHENTICATE EXTERNAL =")
        );
        let open = opening(frame(Protocol::Smtp, false), "LOGIN", None);
        assert_eq!(
            open.first.map(|l| l.text().to_string()).as_deref(),
            Some("AUTH LOGIN")
        );
        assert!(open.deferred.is_none());
    }

    #[test]
    fn no_initial_response_is_the_bare_command() {
        let ex = exchange(None, &[b"a"]);
        assert_eq!(&*render(&ex, None), "YQ==");
        assert_eq!(
            &*render(&ex, Some(Protocol::Imap)),
            "A1 AUTHENTICATE X\nYQ=="
        );
    }
}
