//! SMTP (RFC 5321) with AUTH (RFC 4954) and STARTTLS (RFC 3207): the
//! client's commands as a server reads them, and the server's replies as
//! it frames them.

use super::{words, SMTP_MAX_LINE};

/// A client command, taken apart. Verbs are matched without regard to
/// case (RFC 5321 section 2.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `EHLO domain`.
    Ehlo(&'a str),
    /// `HELO domain`.
    Helo(&'a str),
    /// `STARTTLS`.
    StartTls,
    /// `AUTH mechanism [initial-response]`.
    Auth {
        /// The mechanism as written.
        mechanism: &'a str,
        /// The initial response (base64, or `=` for an empty one).
        initial: Option<&'a str>,
    },
    /// `MAIL FROM:<...>`.
    Mail,
    /// `RCPT TO:<...>`.
    Rcpt,
    /// `DATA`.
    Data,
    /// `RSET`.
    Rset,
    /// `NOOP`.
    Noop,
    /// `QUIT`.
    Quit,
    /// A verb this server does not implement (`VRFY`, `HELP`, ...).
    Unknown(&'a str),
    /// A known verb with arguments out of its grammar.
    Malformed {
        /// The verb.
        verb: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Takes apart one command line (without its line end).
///
/// ```
/// use saslenc::protocol::smtp::{parse_command, Command};
/// assert_eq!(
///     parse_command("auth plain AHUAcA=="),
///     Command::Auth { mechanism: "plain", initial: Some("AHUAcA==") }
/// );
/// assert_eq!(parse_command("EHLO client.example"), Command::Ehlo("client.example"));
/// ```
pub fn parse_command(line: &str) -> Command<'_> {
    let parts = words(line);
    let Some(verb) = parts.first() else {
        return Command::Unknown("");
    };
    let args = &parts[1..];
    let is = |name: &str| verb.eq_ignore_ascii_case(name);
    if is("EHLO") || is("HELO") {
        let domain = args.first().copied().unwrap_or_default();
        return if is("EHLO") {
            Command::Ehlo(domain)
        } else {
            Command::Helo(domain)
        };
    }
    if is("AUTH") {
        return match args {
            [mechanism] => Command::Auth {
                mechanism,
                initial: None,
            },
            [mechanism, initial] => Command::Auth {
                mechanism,
                initial: Some(initial),
            },
            [] => Command::Malformed {
                verb: "AUTH",
                reason: "AUTH needs a mechanism name",
            },
            _ => Command::Malformed {
                verb: "AUTH",
                reason: "AUTH takes a mechanism and at most one initial response",
            },
        };
    }
    let bare = |command| {
        if args.is_empty() {
            command
        } else {
            Command::Malformed {
                verb: "command",
                reason: "this command takes no argument",
            }
        }
    };
    if is("STARTTLS") {
        return bare(Command::StartTls);
    }
    if is("MAIL") {
        return Command::Mail;
    }
    if is("RCPT") {
        return Command::Rcpt;
    }
    if is("DATA") {
        return bare(Command::Data);
    }
    if is("RSET") {
        return bare(Command::Rset);
    }
    if is("NOOP") {
        return Command::Noop;
    }
    if is("QUIT") {
        return bare(Command::Quit);
    }
    Command::Unknown(verb)
}

/// One line of a server's reply (RFC 5321 section 4.2), as a client reads
/// it: the three-digit code, whether this is the reply's last line
/// (`ddd text`; `ddd-text` continues), and the text after the separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyLine<'a> {
    /// The reply code's three digits.
    pub code: [u8; 3],
    /// Whether this line ends the reply.
    pub last: bool,
    /// The text after `ddd ` or `ddd-` (empty for a bare code).
    pub text: &'a [u8],
}

impl ReplyLine<'_> {
    /// The code as text: `"235"`.
    pub fn code_text(&self) -> String {
        String::from_utf8_lossy(&self.code).into_owned()
    }
}

/// Why a server's line is no SMTP reply line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// It does not start with three digits.
    NoCode,
    /// The code is followed by neither a space (nor tab), a `-`, nor the
    /// end of the line.
    NoSeparator,
}

/// Takes apart one reply line (without its line end). A tab after the
/// code is taken as a space, as servers and pasted text have it.
///
/// ```
/// use saslenc::protocol::smtp::{parse_reply, Malformed, ReplyLine};
/// assert_eq!(
///     parse_reply(b"250-AUTH PLAIN"),
///     Ok(ReplyLine { code: *b"250", last: false, text: b"AUTH PLAIN" })
/// );
/// assert_eq!(parse_reply(b"334").map(|r| r.last), Ok(true));
/// assert_eq!(parse_reply(b"+OK"), Err(Malformed::NoCode));
/// assert_eq!(parse_reply(b"2350"), Err(Malformed::NoSeparator));
/// ```
pub fn parse_reply(line: &[u8]) -> Result<ReplyLine<'_>, Malformed> {
    match line {
        [a, b, c, rest @ ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            let code = [*a, *b, *c];
            match rest {
                [] => Ok(ReplyLine {
                    code,
                    last: true,
                    text: rest,
                }),
                [b' ' | b'\t', text @ ..] => Ok(ReplyLine {
                    code,
                    last: true,
                    text,
                }),
                [b'-', text @ ..] => Ok(ReplyLine {
                    code,
                    last: false,
                    text,
                }),
                _ => Err(Malformed::NoSeparator),
            }
        }
        _ => Err(Malformed::NoCode),
    }
}

/// Whether a line with `code` may belong to a reply to AUTH whose first
/// line had `first` (none: it is the first), `last` telling whether it
/// ends the reply: every line of a reply carries the same code (RFC 5321
/// section 4.2.1), and a 334 challenge is one line (RFC 4954 section 4).
/// The live login and the pasted conversation both ask here.
pub fn auth_reply_continues(first: Option<&[u8]>, code: &[u8], last: bool) -> Result<(), String> {
    if let Some(first) = first.filter(|first| *first != code) {
        return Err(format!(
            "the server's reply changed its code from {} to {} between its lines (RFC 5321 \
             section 4.2.1: every line of a reply carries the same code)",
            crate::field::escape(first),
            crate::field::escape(code)
        ));
    }
    if code == b"334" && !last {
        return Err("a 334 challenge spread over several lines (RFC 4954 allows one)".into());
    }
    Ok(())
}

/// One reply line, CRLF included: `code text` (the text may start with an
/// enhanced status code, RFC 3463).
///
/// ```
/// assert_eq!(saslenc::protocol::smtp::reply(235, "2.7.0 Authentication successful"),
///            "235 2.7.0 Authentication successful\r\n");
/// ```
pub fn reply(code: u16, text: &str) -> String {
    format!("{code} {text}\r\n")
}

/// A multi-line reply (RFC 5321 section 4.2.1): `code-` on every line but
/// the last.
///
/// ```
/// let text = saslenc::protocol::smtp::reply_lines(250, &["mx", "AUTH PLAIN"]);
/// assert_eq!(text, "250-mx\r\n250 AUTH PLAIN\r\n");
/// ```
pub fn reply_lines(code: u16, lines: &[&str]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let sep = if i + 1 == lines.len() { ' ' } else { '-' };
        out.push_str(&format!("{code}{sep}{line}\r\n"));
    }
    out
}

/// A SASL challenge (RFC 4954 section 4): `334 ` and the base64, with the
/// space kept when the challenge is empty (`334 `, as servers send it).
pub fn challenge(base64: &str) -> String {
    format!("334 {base64}\r\n")
}

/// The longest AUTH line a server must take: RFC 4954 section 4 raises
/// the 512-octet limit for AUTH with an initial response to 12288 octets.
pub const AUTH_MAX_LINE: usize = 12288;

/// Whether a command line of `len` bytes (line end included) is within
/// RFC 5321's limit.
pub fn within_limit(len: usize) -> bool {
    len <= SMTP_MAX_LINE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse_command("HELO x"), Command::Helo("x"));
        assert_eq!(parse_command("starttls"), Command::StartTls);
        assert_eq!(
            parse_command("AUTH LOGIN"),
            Command::Auth {
                mechanism: "LOGIN",
                initial: None
            }
        );
        assert!(matches!(
            parse_command("AUTH"),
            Command::Malformed { verb: "AUTH", .. }
        ));
        assert!(matches!(
            parse_command("AUTH PLAIN a b"),
            Command::Malformed { .. }
        ));
        assert_eq!(parse_command("MAIL FROM:<a@b>"), Command::Mail);
        assert_eq!(parse_command("VRFY x"), Command::Unknown("VRFY"));
        assert_eq!(parse_command(""), Command::Unknown(""));
        assert_eq!(challenge(""), "334 \r\n");
    }
}
