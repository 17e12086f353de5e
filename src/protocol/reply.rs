//! What a server's line means to a client waiting for the reply to its
//! authentication command, in any of the three protocols: a challenge,
//! the verdict, or a line that is no verdict, and which. The pasted
//! conversation (which accepts the forms of every protocol) and the live
//! session (which knows its protocol and tag) read replies through the same
//! [`classify`], which reads each protocol's form with its codec
//! ([`super::smtp`], [`super::imap`], [`super::pop3`]).

use super::imap::{self, Response, Status};
use super::pop3;
use super::smtp;
use super::{Protocol, IMAP_TAG};

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
pub enum Reply<'a> {
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
        /// authentication command (SMTP `235`, IMAP `OK` with the tag
        /// saslenc printed or expects). POP3 answers its greeting and every
        /// command with `+OK`, and an IMAP `OK` whose tag is not known may
        /// answer another command: such a line before the exchange has
        /// started is more likely one of those.
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
/// use saslenc::protocol::reply::{classify, Expect, NotAVerdict, Reply};
/// let any = Expect::default();
/// assert_eq!(classify("334 VXNlcm5hbWU6\r", any), Reply::Challenge("VXNlcm5hbWU6"));
/// assert_eq!(classify("dj1ybUY5", any), Reply::Challenge("dj1ybUY5"));
/// assert_eq!(classify("+", any), Reply::Challenge(""));
/// assert_eq!(
///     classify("235 2.7.0 Authentication successful", any),
///     Reply::Success { line: "235 2.7.0 Authentication successful", certain: true }
/// );
/// assert_eq!(classify("-ERR [AUTH] failed", any), Reply::Failure("-ERR [AUTH] failed"));
/// assert_eq!(
///     classify("220 mail ESMTP", any),
///     Reply::NotAVerdict("220 mail ESMTP", NotAVerdict::Greeting)
/// );
/// let imap = Expect::for_protocol(Some(Protocol::Imap));
/// assert_eq!(classify("A1 NO [AUTHENTICATIONFAILED] failed", imap), Reply::Failure("A1 NO [AUTHENTICATIONFAILED] failed"));
/// assert!(matches!(
///     classify("A0 OK CAPABILITY completed", imap),
///     Reply::NotAVerdict(_, NotAVerdict::OtherTag { .. })
/// ));
/// ```
pub fn classify<'a>(line: &'a str, expect: Expect<'_>) -> Reply<'a> {
    let line = line.trim();
    if line.is_empty() {
        return Reply::Blank;
    }
    if line == "=" {
        return Reply::Challenge("");
    }
    // The codecs work on bytes and cut only at ASCII: every part of `line`
    // they return is text again.
    let bytes = line.as_bytes();
    let smtp = smtp::parse_reply(bytes).ok();
    // Challenges are taken in any protocol: people paste what they see.
    if let Some(reply) = smtp.filter(|r| &r.code == b"334" && r.last) {
        return Reply::Challenge(as_text(reply.text).trim_start());
    }
    if let Some(Response::Continuation(payload)) = imap::parse_response(bytes) {
        return Reply::Challenge(as_text(payload));
    }
    let other = |seen: Protocol| match expect.protocol {
        Some(expected) if expected != seen => Some(Reply::NotAVerdict(
            line,
            NotAVerdict::OtherProtocol { seen, expected },
        )),
        _ => None,
    };
    match pop3::parse_reply(bytes) {
        Some(pop3::Reply::Ok(_)) => {
            return other(Protocol::Pop3).unwrap_or(Reply::Success {
                line,
                certain: false,
            })
        }
        Some(pop3::Reply::Err(_)) => return other(Protocol::Pop3).unwrap_or(Reply::Failure(line)),
        Some(pop3::Reply::Continuation(_)) | None => {}
    }
    if let Some(reply) = smtp {
        if let Some(other) = other(Protocol::Smtp) {
            return other;
        }
        if !reply.last {
            return Reply::NotAVerdict(
                line,
                NotAVerdict::MultiLine {
                    code: reply.code_text(),
                },
            );
        }
        return match &reply.code {
            b"235" => Reply::Success {
                line,
                certain: true,
            },
            [b'4' | b'5', ..] => Reply::Failure(line),
            b"220" => Reply::NotAVerdict(line, NotAVerdict::Greeting),
            _ => Reply::NotAVerdict(
                line,
                NotAVerdict::OtherReply {
                    code: reply.code_text(),
                },
            ),
        };
    }
    if line.split_whitespace().nth(1).is_none() {
        // One word: bare base64, as some people paste it.
        return Reply::Challenge(line);
    }
    let Some(response) = imap::parse_response(bytes) else {
        return Reply::NotAVerdict(line, NotAVerdict::Unknown);
    };
    if let Some(other) = other(Protocol::Imap) {
        return other;
    }
    let (tag, status) = match response {
        Response::Tagged { tag, status, .. } => (as_text(tag), status),
        _ => return Reply::NotAVerdict(line, NotAVerdict::Untagged),
    };
    if let Some(expected) = expect.tag {
        if tag != expected {
            return Reply::NotAVerdict(
                line,
                NotAVerdict::OtherTag {
                    tag: tag.to_owned(),
                    expected: expected.to_owned(),
                },
            );
        }
    }
    match status {
        // Only an untagged `* OK` can be a greeting; a tagged one answers
        // a command: AUTHENTICATE when it carries the tag saslenc printed
        // for it, maybe another when the tag is one saslenc never saw.
        Status::Ok => Reply::Success {
            line,
            certain: expect.tag.is_some() || tag == IMAP_TAG,
        },
        Status::No | Status::Bad => Reply::Failure(line),
        // PREAUTH and BYE are untagged only.
        Status::Preauth | Status::Bye => Reply::NotAVerdict(line, NotAVerdict::Unknown),
    }
}

/// A part the codecs cut out of a line that was text: text again, since
/// they cut only at ASCII bytes.
fn as_text(part: &[u8]) -> &str {
    std::str::from_utf8(part).unwrap_or_default()
}
