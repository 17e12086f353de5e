//! IMAP4 (RFC 9051, RFC 3501) with STARTTLS, AUTHENTICATE and SASL-IR
//! (RFC 4959): the client's commands as a server reads them, literals
//! included, and the server's responses as it frames them.

use zeroize::Zeroizing;

/// One piece of a command as it arrived: a line (without its line end),
/// or the bytes of a literal announced at the end of the line before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A line.
    Line(String),
    /// A literal's bytes.
    Literal(Zeroizing<Vec<u8>>),
}

/// An argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// An atom (or a number, or `NIL`), as written.
    Atom(String),
    /// A quoted string or a literal, unescaped.
    String(Zeroizing<Vec<u8>>),
    /// A parenthesised list, as written (flags, ...).
    List(String),
}

impl Arg {
    /// The argument as an astring's bytes (RFC 9051 section 9): an atom's
    /// text, or a string's bytes; a list has none.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Arg::Atom(atom) => Some(atom.as_bytes()),
            Arg::String(bytes) => Some(bytes),
            Arg::List(_) => None,
        }
    }
}

/// A command: its tag, its name in upper case, its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The tag, as written.
    pub tag: String,
    /// The command name, upper-cased (`UID FETCH` is `UID` with `FETCH`
    /// as its first argument).
    pub name: String,
    /// The arguments.
    pub args: Vec<Arg>,
}

/// The literal announced at the end of `line`: `{n}` (the client waits
/// for a continuation) or `{n+}` (LITERAL+, RFC 7888: it does not). Its
/// size and whether it is synchronising.
///
/// ```
/// use saslenc::protocol::imap::literal_at_end;
/// assert_eq!(literal_at_end("a LOGIN bob {5}"), Some((5, true)));
/// assert_eq!(literal_at_end("a LOGIN bob {5+}"), Some((5, false)));
/// assert_eq!(literal_at_end("a LOGIN bob pw"), None);
/// ```
pub fn literal_at_end(line: &str) -> Option<(usize, bool)> {
    let inner = line.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let digits = &inner[open + 1..];
    let (digits, sync) = match digits.strip_suffix('+') {
        Some(d) => (d, false),
        None => (digits, true),
    };
    if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, sync))
}

/// Takes apart a command from its parts (see [`Part`]): tag, name, then
/// atoms, quoted strings (`\"` and `\\` escapes), literals and
/// parenthesised lists. The error says what is wrong.
///
/// ```
/// use saslenc::protocol::imap::{parse_command, Arg, Part};
/// let cmd = parse_command(&[Part::Line(r#"a1 login bob "p \"w\"""#.into())]).unwrap();
/// assert_eq!(cmd.name, "LOGIN");
/// assert_eq!(cmd.args[1].bytes(), Some(&b"p \"w\""[..]));
/// ```
pub fn parse_command(parts: &[Part]) -> Result<Command, &'static str> {
    let mut args = Vec::new();
    for part in parts {
        match part {
            Part::Literal(bytes) => args.push(Arg::String(bytes.clone())),
            Part::Line(line) => {
                let line = match literal_at_end(line) {
                    Some(_) => &line[..line.rfind('{').unwrap_or(line.len())],
                    None => line,
                };
                tokens(line, &mut args)?;
            }
        }
    }
    let mut args = args.into_iter();
    let tag = match args.next() {
        Some(Arg::Atom(tag)) if !tag.is_empty() => tag,
        _ => return Err("a command starts with a tag"),
    };
    let name = match args.next() {
        Some(Arg::Atom(name)) => name.to_ascii_uppercase(),
        _ => return Err("the tag is followed by the command name"),
    };
    Ok(Command {
        tag,
        name,
        args: args.collect(),
    })
}

fn tokens(line: &str, out: &mut Vec<Arg>) -> Result<(), &'static str> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            b'"' => {
                let mut value = Zeroizing::new(Vec::new());
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err("a quoted string is not closed"),
                        Some(b'"') => break,
                        Some(b'\\') => {
                            match bytes.get(i + 1) {
                                Some(&c @ (b'"' | b'\\')) => value.push(c),
                                _ => return Err("a quoted string escapes only \" and \\"),
                            }
                            i += 2;
                            continue;
                        }
                        Some(&c) => value.push(c),
                    }
                    i += 1;
                }
                i += 1;
                out.push(Arg::String(value));
            }
            b'(' => {
                let start = i;
                let mut depth = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                if depth != 0 {
                    return Err("a parenthesised list is not closed");
                }
                i += 1;
                out.push(Arg::List(line[start..i].to_owned()));
            }
            _ => {
                let start = i;
                while i < bytes.len() && bytes[i] != b' ' {
                    i += 1;
                }
                out.push(Arg::Atom(line[start..i].to_owned()));
            }
        }
    }
    Ok(())
}

/// A tagged response, CRLF included: `tag OK|NO|BAD [CODE] text`.
///
/// ```
/// use saslenc::protocol::imap::tagged;
/// assert_eq!(tagged("a1", "NO", Some("AUTHENTICATIONFAILED"), "Authentication failed."),
///            "a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
/// ```
pub fn tagged(tag: &str, status: &str, code: Option<&str>, text: &str) -> String {
    match code {
        Some(code) => format!("{tag} {status} [{code}] {text}\r\n"),
        None => format!("{tag} {status} {text}\r\n"),
    }
}

/// An untagged response, CRLF included: `* text`.
pub fn untagged(text: &str) -> String {
    format!("* {text}\r\n")
}

/// A continuation request (RFC 9051 section 7.5): `+ ` and the base64 of
/// a SASL challenge, or text.
pub fn continuation(text: &str) -> String {
    format!("+ {text}\r\n")
}

/// The status of an IMAP response (RFC 9051 section 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `OK`.
    Ok,
    /// `NO`.
    No,
    /// `BAD`.
    Bad,
    /// `PREAUTH` (untagged only).
    Preauth,
    /// `BYE` (untagged only).
    Bye,
}

impl Status {
    fn parse(word: &[u8]) -> Option<Status> {
        Some(match word.to_ascii_uppercase().as_slice() {
            b"OK" => Status::Ok,
            b"NO" => Status::No,
            b"BAD" => Status::Bad,
            b"PREAUTH" => Status::Preauth,
            b"BYE" => Status::Bye,
            _ => return None,
        })
    }
}

/// A server's line as an IMAP client reads it (RFC 9051 section 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response<'a> {
    /// `+ [text]`: a continuation request, in AUTHENTICATE a SASL
    /// challenge (RFC 9051 section 7.5).
    Continuation(&'a [u8]),
    /// `* ...`: untagged data or status; `status` when the first word is
    /// one, `text` is what follows it (or all after `* `).
    Untagged {
        /// The status, for `* OK`, `* BYE`, `* PREAUTH`, ...
        status: Option<Status>,
        /// The rest of the line.
        text: &'a [u8],
    },
    /// `tag status text`: the completion of a command.
    Tagged {
        /// The command's tag.
        tag: &'a [u8],
        /// Its status.
        status: Status,
        /// The rest of the line (a response code may open it).
        text: &'a [u8],
    },
}

/// Takes apart one line from the server (without its line end); `None`
/// for a line in no IMAP form (a tagged line whose second word is no
/// status, or a lone word).
///
/// ```
/// use saslenc::protocol::imap::{parse_response, Response, Status};
/// assert_eq!(
///     parse_response(b"A1 NO [AUTHENTICATIONFAILED] failed"),
///     Some(Response::Tagged { tag: b"A1", status: Status::No, text: b"[AUTHENTICATIONFAILED] failed" })
/// );
/// assert_eq!(parse_response(b"+"), Some(Response::Continuation(b"")));
/// assert!(matches!(parse_response(b"* CAPABILITY IMAP4rev1"), Some(Response::Untagged { status: None, .. })));
/// assert_eq!(parse_response(b"hello there"), None);
/// ```
pub fn parse_response(line: &[u8]) -> Option<Response<'_>> {
    let (first, rest) = split_word(line);
    if first == b"+" {
        return Some(Response::Continuation(rest));
    }
    if first.is_empty() {
        return None;
    }
    let (word, text) = split_word(rest);
    let status = Status::parse(word);
    if first == b"*" {
        return Some(Response::Untagged {
            status,
            text: if status.is_some() { text } else { rest },
        });
    }
    status.map(|status| Response::Tagged {
        tag: first,
        status,
        text,
    })
}
/// The first word of `text` (up to a space or tab) and the rest after the
/// white space that follows it.
fn split_word(text: &[u8]) -> (&[u8], &[u8]) {
    let at = text
        .iter()
        .position(|b| matches!(b, b' ' | b'\t'))
        .unwrap_or(text.len());
    let rest = &text[at..];
    let skip = rest
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(rest.len());
    (&text[..at], &rest[skip..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_lists() {
        let parts = [
            Part::Line("A2 LOGIN {3}".into()),
            Part::Literal(Zeroizing::new(b"bob".to_vec())),
            Part::Line(" {4+}".into()),
            Part::Literal(Zeroizing::new(b"p\r\nw".to_vec())),
            Part::Line(String::new()),
        ];
        let cmd = parse_command(&parts).unwrap();
        assert_eq!(cmd.tag, "A2");
        assert_eq!(cmd.args.len(), 2);
        assert_eq!(cmd.args[1].bytes(), Some(&b"p\r\nw"[..]));
        let cmd = parse_command(&[Part::Line("x APPEND INBOX (\\Seen) {10}".into())]).unwrap();
        assert_eq!(cmd.args[1], Arg::List("(\\Seen)".into()));
        assert!(parse_command(&[Part::Line("x LOGIN \"open".into())]).is_err());
        assert!(parse_command(&[Part::Line("".into())]).is_err());
        assert!(parse_command(&[Part::Line("x (".into())]).is_err());
        assert_eq!(literal_at_end("a {99999999999}"), None);
    }
}
