//! Reading what a server or a client sent: a pasted line, decoded, with
//! its meaning where the bytes have a known shape.
//!
//! Each message's grammar is its mechanism's (`src/mech/`): the same
//! parse and layout that `--explain` shows. What is here is the order in
//! which the shapes are tried, who sends each, and remarks on likely
//! mistakes. The recognisers look at bytes only, so they read messages
//! that other clients built too. The result is a
//! [`layout::Layout`](crate::layout::Layout), so masking and escaping are those of `--explain`.
//!
//! ```
//! use saslenc::decode::decode_line;
//! let decoded = decode_line("input", "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm").unwrap();
//! assert_eq!(decoded.mechanism.as_deref(), Some("PLAIN"));
//! assert_eq!(decoded.layout.escaped(false), r"\0tim\0********");
//! assert_eq!(decoded.layout.escaped(true), r"\0tim\0tanstaaftanstaaf");
//! ```

use zeroize::Zeroizing;

use crate::layout::{Field, Layout};
use crate::protocol::pasted::{self, Line};
use crate::{encoding, mech, Error};

/// Who sends a message of this form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The client: a command's initial response, or a recognised answer.
    Client,
    /// The server: a `334` / `+` continuation.
    Server,
    /// Bare base64 whose bytes have no known shape.
    Unknown,
}

impl Sender {
    /// `"client"`, `"server"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Client => "client",
            Sender::Server => "server",
            Sender::Unknown => "unknown",
        }
    }
}

/// One decoded input.
pub struct Decoded {
    /// The form of the line: `"base64"`, `"334 continuation"`, `"+
    /// continuation"`, `"AUTH command"`, `"AUTHENTICATE command"`.
    pub form: &'static str,
    /// Who sends such a message, as far as the form and bytes tell.
    pub sender: Sender,
    /// The mechanism, named on the line or recognised from the bytes.
    pub mechanism: Option<String>,
    /// Whether the mechanism was named on the line (then it wins over the
    /// shape of the bytes).
    pub named: bool,
    /// What the message is: `"empty message"`, `"LOGIN prompt for the user
    /// name"`, `"client-first message"`, `"text"`, ...
    pub what: String,
    /// The bytes, as fields where the shape is known, else one literal.
    pub layout: Layout,
    /// Remarks on likely mistakes (a trailing newline from `echo`, ...).
    pub notes: Vec<String>,
}

/// Decodes one pasted line (see [`pasted::parse`] for the forms).
/// Invalid base64 and a line with no base64 are errors naming `field`;
/// decoded bytes that are not UTF-8 are shown as `\xHH`, with a note.
/// Nothing panics. To decode the lines of an exchange in order, with the
/// password after a LOGIN prompt masked, use [`Decoder`].
pub fn decode_line(field: &'static str, line: &str) -> Result<Decoded, Error> {
    let parsed = pasted::parse(field, line).map_err(|e| typed_xoauth2(field, line, e))?;
    let (form, sender, named, payload) = match parsed {
        Line::Bare(payload) => ("base64", Sender::Unknown, None, payload),
        Line::Continuation { marker, payload } => (
            if marker == "+" {
                "+ continuation"
            } else {
                "334 continuation"
            },
            Sender::Server,
            None,
            payload,
        ),
        Line::Command {
            verb,
            mechanism,
            payload,
            ..
        } => {
            let payload = payload.ok_or_else(|| Error::NoBase64 {
                field,
                reason: format!(
                    "the {verb} command carries no initial response; decode the lines that follow it"
                ),
            })?;
            let form = if verb == "AUTH" {
                "AUTH command"
            } else {
                "AUTHENTICATE command"
            };
            (form, Sender::Client, Some(mechanism), payload)
        }
    };
    if payload.is_empty() && form == "base64" {
        return Err(Error::NoBase64 {
            field,
            reason: "the line is empty".into(),
        });
    }
    // `=` is the empty initial response (RFC 4954 section 4).
    let bytes = if payload == "=" {
        Zeroizing::new(Vec::new())
    } else {
        encoding::decode(field, payload).map_err(|e| match named {
            Some(named) if !named.eq_ignore_ascii_case("XOAUTH2") => e,
            _ => typed_xoauth2(field, payload, e),
        })?
    };
    let mut decoded = interpret(form, sender, named, &bytes);
    // NTLM's messages are binary by design: no character set to blame.
    let binary = decoded.layout.mechanism == "NTLM";
    if let (Err(e), false) = (std::str::from_utf8(&bytes), binary) {
        decoded.notes.push(format!(
            "the bytes are not valid UTF-8 (from byte offset {}); bytes that are not are shown \
             as \\xHH. SASL text is UTF-8: this is another character set, such as the \
             ISO-8859-1 of --charset latin1",
            e.valid_up_to()
        ));
    }
    Ok(decoded)
}

/// Decodes the lines of one exchange in order, as pasted from a session or
/// a log, with what each line says about the next: the answer to a LOGIN
/// `Password:` prompt is the password, and is masked like one.
///
/// ```
/// use saslenc::decode::Decoder;
/// let mut decoder = Decoder::default();
/// decoder.decode_line("input", "334 UGFzc3dvcmQ6")?;
/// let answer = decoder.decode_line("input", "cGVuY2ls")?;
/// assert_eq!(answer.what, "password (the answer to the LOGIN password prompt)");
/// assert_eq!(answer.escaped(false), "********");
/// # Ok::<(), saslenc::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Decoder {
    after_password_prompt: bool,
}

impl Decoder {
    /// Decodes the next line (see [`decode_line`]).
    pub fn decode_line(&mut self, field: &'static str, line: &str) -> Result<Decoded, Error> {
        let after_prompt = std::mem::take(&mut self.after_password_prompt);
        let mut decoded = decode_line(field, line)?;
        if after_prompt && decoded.form == "base64" {
            let bytes = decoded.layout.bytes();
            decoded.sender = Sender::Client;
            decoded.mechanism = Some("LOGIN".into());
            decoded.what = "password (the answer to the LOGIN password prompt)".into();
            decoded.layout = mech::login::password_layout(&bytes);
            decoded.notes.retain(|n| !n.contains("UTF-8"));
        }
        self.after_password_prompt =
            decoded.sender == Sender::Server && decoded.what == "prompt for the password";
        Ok(decoded)
    }

    /// Forgets the last line, after one that could not be decoded.
    pub fn reset(&mut self) {
        self.after_password_prompt = false;
    }
}

/// Decodes a message a server sent in a live session (a challenge, before
/// base64), naming what it is where its shape is known: LOGIN prompts,
/// CRAM-MD5 msg-ids, SCRAM server-first and server-final, OAuth error
/// statuses.
///
/// ```
/// let decoded = saslenc::decode::server_message(b"Password:");
/// assert_eq!(decoded.what, "prompt for the password");
/// ```
pub fn server_message(bytes: &[u8]) -> Decoded {
    interpret("challenge", Sender::Server, None, bytes)
}

/// What a client message of `mechanism` is, as a server receiving it
/// sees it: the mechanism's layout where the bytes fit it (PLAIN's
/// password a secret field, ...), with remarks on likely mistakes.
///
/// ```
/// let decoded = saslenc::decode::client_message("PLAIN", b"\0tim\0pw");
/// assert_eq!(decoded.layout.escaped(false), r"\0tim\0********");
/// ```
pub fn client_message(mechanism: &str, bytes: &[u8]) -> Decoded {
    interpret("client message", Sender::Client, Some(mechanism), bytes)
}

/// Gives `bytes` a meaning. `named` is the mechanism named on the line.
fn interpret(form: &'static str, sender: Sender, named: Option<&str>, bytes: &[u8]) -> Decoded {
    let mut decoded = Decoded {
        form,
        sender,
        mechanism: named.map(str::to_ascii_uppercase),
        named: named.is_some(),
        what: "text".into(),
        layout: Layout::new("").literal(bytes),
        notes: Vec::new(),
    };
    if decoded.mechanism.as_deref() == Some("EXTERNAL") {
        decoded.notes.push(mech::external::IDENTITY_NOTE.into());
    }
    if bytes.is_empty() {
        decoded.what = "empty message".into();
        return decoded;
    }
    let recognised = match (sender, decoded.mechanism.as_deref()) {
        (_, Some(mechanism)) => {
            let found = client_as(mechanism, bytes);
            if found.is_none() {
                decoded.notes.push(format!(
                    "the bytes do not have the shape of a {mechanism} initial response ({})",
                    expected_shape(mechanism)
                ));
            }
            found
        }
        (Sender::Server, None) => server(bytes),
        (_, None) => client(bytes).or_else(|| server(bytes)),
    };
    if recognised.is_none() && holds_digest(bytes) {
        // Not in its mechanism's form, yet it carries a digest that lets
        // anyone test password guesses offline: shown by its shape only.
        decoded.what = "text holding a password digest, not in its mechanism's form".into();
        decoded.layout = Layout::new("").field(Field::secret("message", "MESSAGE", bytes));
        decoded.notes.push(format!(
            "masked whole: it holds a DIGEST-MD5 response= or rspauth=, or a SCRAM p= or v=, \
             each enough to test password guesses offline (--show-secrets shows it); a \
             DIGEST-MD5 response is {}",
            mech::digest_md5::SHAPE
        ));
        return decoded;
    }
    if let Some((sender, what, layout)) = recognised {
        decoded.sender = sender;
        decoded.what = what.into();
        if decoded.mechanism.is_none() && !layout.mechanism.is_empty() {
            decoded.mechanism = Some(layout.mechanism.to_owned());
        }
        if layout.mechanism == "DIGEST-MD5" {
            decoded.notes.push(mech::digest_md5::HISTORIC.into());
        }
        // An NTLM message is binary: what its fields say (flags by name,
        // names decoded, the response's kind, what is weak) is in its
        // layout's notes.
        // SCRAM's GS2 flag and c= decoded: the channel binding.
        if layout.mechanism == "NTLM" || layout.mechanism.starts_with("SCRAM") {
            decoded.notes.extend(layout.notes.iter().cloned());
        }
        decoded.layout = layout;
    }
    decoded.notes.extend(notes(&decoded.layout, bytes));
    decoded
}

/// Whether `bytes` hold a DIGEST-MD5 `response=` or `rspauth=`, or a
/// SCRAM `p=` or `v=` attribute, anywhere a directive or an attribute can
/// start (after a comma, spaces or a line break, or at the start), in
/// any case.
fn holds_digest(bytes: &[u8]) -> bool {
    let lower = bytes.to_ascii_lowercase();
    let starts = |at: usize| {
        lower[..at]
            .iter()
            .rev()
            .find(|b| !b" \t".contains(b))
            .is_none_or(|b| b",\r\n".contains(b))
    };
    let named = |name: &[u8]| {
        lower.windows(name.len()).enumerate().any(|(at, w)| {
            w == name
                && starts(at)
                && lower[at + name.len()..]
                    .iter()
                    .find(|b| !b" \t".contains(b))
                    == Some(&b'=')
        })
    };
    named(b"response") || named(b"rspauth") || named(b"p") || named(b"v")
}

type Recognised = (Sender, &'static str, Layout);

/// A client message recognised by a mechanism's layout.
fn sent_by_client(found: Option<(&'static str, Layout)>) -> Option<Recognised> {
    found.map(|(what, layout)| (Sender::Client, what, layout))
}

/// An NTLM message (binary after base64: `NTLMSSP\0` and a message
/// type), with its sender from the type: NEGOTIATE and AUTHENTICATE
/// are the client's, CHALLENGE the server's.
fn ntlm(bytes: &[u8]) -> Option<Recognised> {
    let (from, what, layout) = mech::ntlm::recognise(bytes)?;
    let sender = match from {
        mech::ntlm::Side::Client => Sender::Client,
        mech::ntlm::Side::Server => Sender::Server,
        mech::ntlm::Side::Unknown => Sender::Unknown,
    };
    Some((sender, what, layout))
}

/// The client message shapes, most specific first.
fn client(bytes: &[u8]) -> Option<Recognised> {
    if let Some(found) = ntlm(bytes).filter(|(sender, ..)| *sender != Sender::Server) {
        return Some(found);
    }
    sent_by_client(
        mech::plain::recognise(bytes)
            .or_else(|| mech::xoauth2::recognise(bytes))
            .or_else(|| mech::oauthbearer::recognise(bytes))
            .or_else(|| mech::scram::recognise_client_first(bytes, "SCRAM"))
            .or_else(|| mech::scram::recognise_client_final(bytes))
            .or_else(|| mech::digest_md5::recognise_client(bytes))
            .or_else(|| mech::cram_md5::recognise(bytes)),
    )
}

/// The shape a named mechanism's initial response must have.
fn client_as(mechanism: &str, bytes: &[u8]) -> Option<Recognised> {
    let upper = mechanism.to_ascii_uppercase();
    if upper == "NTLM" {
        return ntlm(bytes);
    }
    sent_by_client(match upper.as_str() {
        "PLAIN" => mech::plain::recognise(bytes),
        "XOAUTH2" => mech::xoauth2::recognise(bytes),
        "OAUTHBEARER" => mech::oauthbearer::recognise(bytes),
        "CRAM-MD5" => mech::cram_md5::recognise(bytes),
        "DIGEST-MD5" => mech::digest_md5::recognise_client(bytes),
        "SCRAM-SHA-1" => mech::scram::recognise_client_first(bytes, "SCRAM-SHA-1")
            .or_else(|| mech::scram::recognise_client_final(bytes)),
        "SCRAM-SHA-1-PLUS" => mech::scram::recognise_client_first(bytes, "SCRAM-SHA-1-PLUS")
            .or_else(|| mech::scram::recognise_client_final(bytes)),
        "SCRAM-SHA-256" => mech::scram::recognise_client_first(bytes, "SCRAM-SHA-256")
            .or_else(|| mech::scram::recognise_client_final(bytes)),
        "SCRAM-SHA-256-PLUS" => mech::scram::recognise_client_first(bytes, "SCRAM-SHA-256-PLUS")
            .or_else(|| mech::scram::recognise_client_final(bytes)),
        "LOGIN" => Some(mech::login::recognise_initial(bytes)),
        "EXTERNAL" => Some(mech::external::recognise(bytes)),
        "ANONYMOUS" => Some(mech::anonymous::recognise(bytes)),
        _ => None,
    })
}

fn expected_shape(mechanism: &str) -> &'static str {
    match mechanism.to_ascii_uppercase().as_str() {
        "PLAIN" => mech::plain::SHAPE,
        "XOAUTH2" => mech::xoauth2::SHAPE,
        "OAUTHBEARER" => mech::oauthbearer::SHAPE,
        "CRAM-MD5" => mech::cram_md5::SHAPE,
        "DIGEST-MD5" => mech::digest_md5::SHAPE,
        "NTLM" => mech::ntlm::SHAPE,
        m if m.starts_with("SCRAM-") => mech::scram::SHAPE,
        _ => "saslenc knows no layout for this mechanism",
    }
}

/// The server messages people paste, in this order: NTLM messages, LOGIN
/// prompts, a CRAM-MD5 msg-id, SCRAM server-first and server-final, an OAuth error
/// status.
fn server(bytes: &[u8]) -> Option<Recognised> {
    // An NTLM message of any type: a client's on a server line is still
    // read (and its responses masked), under its true sender.
    if let Some(found) = ntlm(bytes) {
        return Some(found);
    }
    let found = mech::login::recognise_prompt(bytes)
        .or_else(|| mech::cram_md5::recognise_challenge(bytes))
        .or_else(|| mech::scram::recognise_server(bytes))
        .or_else(|| mech::digest_md5::recognise_server(bytes))
        .or_else(|| mech::oauthbearer::recognise_status(bytes))?;
    Some((Sender::Server, found.0, found.1))
}

/// The error for a line that is not base64, or says so when it is an
/// XOAUTH2 message typed as text (`user=... auth=Bearer ...`), bare or
/// after `AUTH XOAUTH2` / `AUTHENTICATE XOAUTH2`.
fn typed_xoauth2(field: &'static str, line: &str, error: Error) -> Error {
    let typed = line
        .find("user=")
        .filter(|&at| {
            let before = line[..at].trim_end();
            before.is_empty()
                || before.len() >= 7
                    && before.as_bytes()[before.len() - 7..].eq_ignore_ascii_case(b"XOAUTH2")
        })
        .and_then(|at| crate::mech::xoauth2::misbuilt(&line.as_bytes()[at..], false));
    match typed {
        Some(reason) => Error::NoBase64 { field, reason },
        None => error,
    }
}

/// Remarks on the classic mistakes that survive into the bytes.
fn notes(layout: &Layout, bytes: &[u8]) -> Vec<String> {
    let mut notes: Vec<String> = crate::mech::xoauth2::misbuilt(bytes, true)
        .into_iter()
        .collect();
    if bytes.ends_with(b"\n") {
        let last = layout.fields().last().map_or("message", |f| f.name);
        notes.push(format!(
            "ends with a newline (\\x0a), which the server takes as part of the {last}; \
             the base64 was probably made with echo"
        ));
    }
    if !bytes.contains(&0) && bytes.windows(2).any(|w| w == b"\\0") {
        notes.push(
            "holds the two characters \\0 (backslash, zero) and no NUL byte: \
             made with an echo that does not interpret \\0 (bash)"
                .into(),
        );
    }
    notes
}

impl Decoded {
    /// A one-line summary: `334 continuation: LOGIN prompt for the user
    /// name, 9 bytes`.
    pub fn summary(&self) -> String {
        let mechanism = match (&self.mechanism, self.named) {
            (Some(m), true) => format!("{m} (named on the line) "),
            (Some(m), false) => format!("{m} "),
            (None, _) => String::new(),
        };
        format!(
            "{}: {} {mechanism}{}, {} bytes",
            self.form,
            self.sender.as_str(),
            self.what,
            self.layout.len()
        )
    }

    /// The text without any field structure, every byte visible.
    pub fn escaped(&self, show_secrets: bool) -> String {
        self.layout.escaped(show_secrets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<(&'static str, Vec<u8>)> {
        let decoded = decode_line("input", line).unwrap();
        decoded
            .layout
            .fields()
            .map(|f| (f.name, f.value.to_vec()))
            .collect()
    }

    #[test]
    fn every_form_of_line() {
        for line in [
            "AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
            "  AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r",
            "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
            "auth plain AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
            "a1 AUTHENTICATE PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
        ] {
            let decoded = decode_line("input", line).unwrap();
            assert_eq!(decoded.mechanism.as_deref(), Some("PLAIN"), "{line}");
            assert_eq!(&decoded.layout.bytes()[..], b"\0tim\0tanstaaftanstaaf");
        }
        for line in ["334", "+", "=", "334 ", "+ \r", "AUTH EXTERNAL ="] {
            let decoded = decode_line("input", line).unwrap();
            assert!(decoded.layout.is_empty(), "{line}");
        }
        let decoded = decode_line("input", "334 VXNlcm5hbWU6").unwrap();
        assert_eq!(decoded.what, "prompt for the user name");
        assert_eq!(decoded.mechanism.as_deref(), Some("LOGIN"));
        assert_eq!(decoded.sender, Sender::Server);
        let decoded = decode_line("input", "+ UGFzc3dvcmQ6").unwrap();
        assert_eq!(decoded.what, "prompt for the password");
    }

    #[test]
    fn the_named_mechanism_wins() {
        // "\0u\0p" named as LOGIN is a user name, not PLAIN fields.
        let decoded = decode_line("input", "AUTH LOGIN AHUAcA==").unwrap();
        assert_eq!(decoded.mechanism.as_deref(), Some("LOGIN"));
        assert_eq!(decoded.layout.fields().count(), 1);
        // A shape that does not fit is said so.
        let decoded = decode_line("input", "AUTH PLAIN dXNlcg==").unwrap();
        assert_eq!(decoded.mechanism.as_deref(), Some("PLAIN"));
        assert!(decoded.notes[0].contains("PLAIN"), "{:?}", decoded.notes);
    }

    #[test]
    fn xoauth2_and_oauthbearer() {
        // Google's XOAUTH2 documentation example.
        let line = "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==";
        assert_eq!(
            fields(line),
            vec![
                ("user", b"someuser@example.com".to_vec()),
                (
                    "token",
                    b"ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".to_vec()
                ),
            ]
        );
        // RFC 7628 section 4.1.
        let line = "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB";
        let decoded = decode_line("input", line).unwrap();
        assert_eq!(decoded.mechanism.as_deref(), Some("OAUTHBEARER"));
        assert_eq!(
            fields(line),
            vec![
                ("gs2-cbind-flag", b"n".to_vec()),
                ("authzid", b"user@example.com".to_vec()),
                ("host", b"server.example.com".to_vec()),
                ("port", b"143".to_vec()),
                (
                    "token",
                    b"vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".to_vec()
                ),
            ]
        );
    }

    #[test]
    fn scram_client_and_server_messages() {
        // RFC 5802 section 5.
        let decoded =
            decode_line("input", "biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM").unwrap();
        assert_eq!(decoded.what, "client-first message");
        assert_eq!(
            fields("biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM"),
            vec![
                ("gs2-cbind-flag", b"n".to_vec()),
                ("username", b"user".to_vec()),
                ("nonce", b"fyko+d2lbbFgONRv9qkxdawL".to_vec()),
            ]
        );
        let final_ = encoding::encode(
            b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        );
        let decoded = decode_line("input", &final_).unwrap();
        assert_eq!(decoded.what, "client-final message");
        assert!(!decoded.escaped(false).contains("v0X8v3Bz2T0CJGbJQyF0X"));
        let first = encoding::encode(
            b"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
        );
        let decoded = decode_line("input", &format!("+ {}", &*first)).unwrap();
        assert_eq!(decoded.what, "server-first message");
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(matches!(
            decode_line("input", "AUTH PLAIN"),
            Err(Error::NoBase64 { .. })
        ));
        assert!(matches!(
            decode_line("input", "not base64!"),
            Err(Error::NoBase64 { .. })
        ));
        assert!(matches!(
            decode_line("input", "nope!"),
            Err(Error::Base64 { .. })
        ));
        // Bytes that are not UTF-8 are shown, not refused.
        let decoded = decode_line("input", "/w==").unwrap();
        assert_eq!(decoded.escaped(false), r"\xff");
        assert!(
            decoded.notes[0].contains("not valid UTF-8"),
            "{:?}",
            decoded.notes
        );
        assert!(matches!(
            decode_line("input", "   "),
            Err(Error::NoBase64 { .. })
        ));
    }

    #[test]
    fn ntlm_messages_by_signature_and_type() {
        // MS-NLMP section 4.2.2.3's CHALLENGE, on a 334 line and bare.
        let challenge = "TlRMTVNTUAACAAAADAAMADgAAAAzggLiASNFZ4mrze8AAAAAAAAAAAAAAAAAAAAABgBwFwAAAA9TAGUAcgB2AGUAcgA=";
        for line in [format!("334 {challenge}"), challenge.to_owned()] {
            let decoded = decode_line("input", &line).unwrap();
            assert_eq!(decoded.sender, Sender::Server, "{line}");
            assert_eq!(decoded.mechanism.as_deref(), Some("NTLM"));
            assert!(
                decoded.what.starts_with("CHALLENGE message"),
                "{}",
                decoded.what
            );
            assert!(decoded
                .notes
                .iter()
                .any(|n| n == "server challenge: 0123456789abcdef"));
            assert!(
                !decoded.notes.iter().any(|n| n.contains("UTF-8")),
                "{:?}",
                decoded.notes
            );
        }
        // curl's NEGOTIATE, named on the line.
        let decoded = decode_line(
            "input",
            "AUTH NTLM TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=",
        )
        .unwrap();
        assert_eq!(decoded.sender, Sender::Client);
        assert!(
            decoded.what.starts_with("NEGOTIATE message"),
            "{}",
            decoded.what
        );
        // Named NTLM, but not an NTLM message.
        let decoded = decode_line("input", "AUTH NTLM dXNlcg==").unwrap();
        assert!(decoded.notes[0].contains("NTLMSSP"), "{:?}", decoded.notes);
    }

    #[test]
    fn echo_mistakes_are_noted() {
        let decoded = decode_line("input", &encoding::encode(b"\0u\0p\n")).unwrap();
        assert!(decoded.notes[0].contains("newline"), "{:?}", decoded.notes);
        let decoded = decode_line("input", &encoding::encode(b"\\0u\\0p\n")).unwrap();
        assert_eq!(decoded.notes.len(), 2, "{:?}", decoded.notes);
    }
}
