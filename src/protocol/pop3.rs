//! POP3 (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and AUTH (RFC
//! 5034): the client's commands as a server reads them, and the server's
//! replies as it frames them.

use super::words;

/// A client command, taken apart. Keywords are matched without regard to
/// case (RFC 1939 section 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `CAPA`.
    Capa,
    /// `STLS`.
    Stls,
    /// `USER name`.
    User(&'a str),
    /// `PASS password`: the rest of the line, spaces included (RFC 1939
    /// section 7 lets the password hold spaces).
    Pass(&'a str),
    /// `APOP name digest`.
    Apop {
        /// The user name.
        user: &'a str,
        /// The MD5 digest, as 32 hex digits.
        digest: &'a str,
    },
    /// `AUTH [mechanism [initial-response]]`; without a mechanism, the
    /// client asks for the list.
    Auth {
        /// The mechanism as written.
        mechanism: Option<&'a str>,
        /// The initial response.
        initial: Option<&'a str>,
    },
    /// `STAT`, `LIST`, `UIDL`, `NOOP`, `RSET`: transaction commands with
    /// an empty mailbox's answer.
    Transaction(&'static str),
    /// `RETR n`, `DELE n`, `TOP n m`: about a message that does not exist.
    Message(&'static str),
    /// `QUIT`.
    Quit,
    /// A keyword this server does not know.
    Unknown(&'a str),
}

/// A server's line as a POP3 client reads it (RFC 1939 section 3, RFC
/// 5034 section 4): the status indicator and the text after it, or a
/// `+` continuation with its base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply<'a> {
    /// `+OK [text]`.
    Ok(&'a [u8]),
    /// `-ERR [text]`.
    Err(&'a [u8]),
    /// `+ [base64]`: a SASL challenge.
    Continuation(&'a [u8]),
}

/// Takes apart one line from the server (without its line end); `None`
/// for a line that is none of the three forms (a line of a multi-line
/// response, such as CAPA's).
///
/// ```
/// use saslenc::protocol::pop3::{parse_reply, Reply};
/// assert_eq!(parse_reply(b"+OK Logged in."), Some(Reply::Ok(b"Logged in.")));
/// assert_eq!(parse_reply(b"-ERR"), Some(Reply::Err(b"")));
/// assert_eq!(parse_reply(b"+ VXNlcg=="), Some(Reply::Continuation(b"VXNlcg==")));
/// assert_eq!(parse_reply(b"+OKAY"), None);
/// ```
pub fn parse_reply(line: &[u8]) -> Option<Reply<'_>> {
    let after = |word: &[u8]| {
        let rest = line.strip_prefix(word)?;
        match rest {
            [] => Some(rest),
            [b' ' | b'\t', text @ ..] => Some(text),
            _ => None,
        }
    };
    if let Some(text) = after(b"+OK") {
        return Some(Reply::Ok(text));
    }
    if let Some(text) = after(b"-ERR") {
        return Some(Reply::Err(text));
    }
    after(b"+").map(Reply::Continuation)
}

/// Takes apart one command line (without its line end).
///
/// ```
/// use saslenc::protocol::pop3::{parse_command, Command};
/// assert_eq!(parse_command("PASS two words"), Command::Pass("two words"));
/// assert_eq!(
///     parse_command("AUTH PLAIN AHUAcA=="),
///     Command::Auth { mechanism: Some("PLAIN"), initial: Some("AHUAcA==") }
/// );
/// ```
pub fn parse_command(line: &str) -> Command<'_> {
    let parts = words(line);
    let Some(verb) = parts.first() else {
        return Command::Unknown("");
    };
    let is = |name: &str| verb.eq_ignore_ascii_case(name);
    let args = &parts[1..];
    if is("PASS") {
        // Everything after "PASS ", as typed.
        let rest = line.get(5..).unwrap_or_default();
        return Command::Pass(rest);
    }
    if is("USER") {
        return Command::User(args.first().copied().unwrap_or_default());
    }
    if is("APOP") {
        return match args {
            [user, digest] => Command::Apop { user, digest },
            _ => Command::Unknown("APOP"),
        };
    }
    if is("AUTH") {
        return Command::Auth {
            mechanism: args.first().copied(),
            initial: args.get(1).copied(),
        };
    }
    for name in ["STAT", "LIST", "UIDL", "NOOP", "RSET"] {
        if is(name) {
            return Command::Transaction(name);
        }
    }
    for name in ["RETR", "DELE", "TOP"] {
        if is(name) {
            return Command::Message(name);
        }
    }
    if is("CAPA") {
        return Command::Capa;
    }
    if is("STLS") {
        return Command::Stls;
    }
    if is("QUIT") {
        return Command::Quit;
    }
    Command::Unknown(verb)
}

/// A positive reply, CRLF included.
pub fn ok(text: &str) -> String {
    format!("+OK {text}\r\n")
}

/// A negative reply, CRLF included, with an extended response code (RFC
/// 2449 section 8, RFC 3206) where one is given.
///
/// ```
/// use saslenc::protocol::pop3::err;
/// assert_eq!(err(Some("AUTH"), "Authentication failed"), "-ERR [AUTH] Authentication failed\r\n");
/// ```
pub fn err(code: Option<&str>, text: &str) -> String {
    match code {
        Some(code) => format!("-ERR [{code}] {text}\r\n"),
        None => format!("-ERR {text}\r\n"),
    }
}

/// A SASL challenge (RFC 5034 section 4): `+ ` and the base64.
pub fn challenge(base64: &str) -> String {
    format!("+ {base64}\r\n")
}

/// A multi-line reply: `+OK text`, the lines (dot-stuffed), then `.`.
pub fn multiline(text: &str, lines: &[&str]) -> String {
    let mut out = ok(text);
    for line in lines {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse_command("user bob"), Command::User("bob"));
        assert_eq!(parse_command("PASS"), Command::Pass(""));
        assert_eq!(
            parse_command("APOP mrose c4c9334bac560ecc979e58001b3e22fb"),
            Command::Apop {
                user: "mrose",
                digest: "c4c9334bac560ecc979e58001b3e22fb"
            }
        );
        assert_eq!(
            parse_command("AUTH"),
            Command::Auth {
                mechanism: None,
                initial: None
            }
        );
        assert_eq!(parse_command("stat"), Command::Transaction("STAT"));
        assert_eq!(parse_command("RETR 1"), Command::Message("RETR"));
        assert_eq!(parse_command("XYZ"), Command::Unknown("XYZ"));
        assert_eq!(multiline("x", &[".a", "b"]), "+OK x\r\n..a\r\nb\r\n.\r\n");
    }
}
