//! `saslenc decode --user USER --pass-...`: whether each client message
//! decoded carries the expected credential, in words and in JSON, from
//! the library's typed finding
//! ([`saslenc::serve::diagnose::expected`]). What a message needs from
//! the lines before it (CRAM-MD5's challenge, LOGIN's user name) is kept
//! here as the lines go by.

use saslenc::decode::{Decoded, Sender};
use saslenc::field::escape;
use saslenc::serve::diagnose::expected::{
    check, ByteClass, Checked, Expected, Shape, UserMatch, Verdict,
};
use saslenc::Secret;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cli::DecodeArgs;
use crate::commands::{text, Error};
use crate::commands::{SecretFrom, PASSWORD_SOURCES, TOKEN_SOURCES};

/// The credential expected, and what the lines so far have said.
pub(super) struct Expectation {
    user: Option<String>,
    password: Option<Secret>,
    token: Option<Secret>,
    /// The last CRAM-MD5 challenge a server line carried.
    challenge: Option<Zeroizing<Vec<u8>>>,
    /// The last LOGIN user name (an initial response, or the answer to
    /// the user-name prompt).
    login_user: Option<Zeroizing<Vec<u8>>>,
    /// The line before was the LOGIN prompt for the user name.
    after_user_prompt: bool,
    checked: usize,
    differ: usize,
}

impl Expectation {
    /// The expected credential from `--user` and the password and token
    /// sources, read with the other verbs' plumbing (each remembered by
    /// the boundary as it is read); `None` when none was given.
    pub(super) fn read(args: &mut DecodeArgs) -> Result<Option<Self>, Error> {
        let password = SecretFrom::from(std::mem::take(&mut args.password));
        let token = SecretFrom::from(std::mem::take(&mut args.token));
        if args.user.is_none() && !password.given() && !token.given() {
            return Ok(None);
        }
        let user = match &args.user {
            Some(user) => Some(text("--user", user)?.to_owned()),
            None => None,
        };
        // Without values, standard input carries the lines to decode.
        let conversation = args.values.is_empty();
        let named = user.as_deref().unwrap_or("the expected login").to_owned();
        let token = if token.given() {
            Some(
                token.read("token", "token", TOKEN_SOURCES, conversation, || {
                    format!("Expected token for {named}: ")
                })?,
            )
        } else {
            None
        };
        let password = if password.given() || token.is_none() {
            Some(
                password.read("password", "pass", PASSWORD_SOURCES, conversation, || {
                    format!("Expected password for {named}: ")
                })?,
            )
        } else {
            None
        };
        Ok(Some(Expectation {
            user,
            password,
            token,
            challenge: None,
            login_user: None,
            after_user_prompt: false,
            checked: 0,
            differ: 0,
        }))
    }

    /// Forgets what the lines before said, after one that could not be
    /// decoded.
    pub(super) fn reset(&mut self) {
        self.after_user_prompt = false;
    }

    /// The finding for `decoded`, when it is a client message that
    /// carries (or should carry) a credential; the lines a later check
    /// needs are kept.
    pub(super) fn check(&mut self, decoded: &Decoded) -> Option<Checked> {
        let after_user_prompt = std::mem::take(&mut self.after_user_prompt);
        let bytes = decoded.layout.bytes();
        let mechanism = decoded.mechanism.as_deref();
        if decoded.sender == Sender::Server {
            if decoded.what.starts_with("challenge (a msg-id") {
                self.challenge = Some(bytes);
            } else if decoded.what == "prompt for the user name" {
                self.after_user_prompt = true;
            }
            return None;
        }
        if bytes.is_empty() {
            return None;
        }
        let expected = Expected {
            user: self.user.as_deref(),
            password: self.password.as_ref().map(Secret::expose),
            token: self.token.as_ref().map(Secret::expose),
        };
        let found = if decoded.what.starts_with("password (the answer") {
            let user = self.login_user.take();
            let messages: Vec<&[u8]> = match &user {
                Some(user) => vec![&user[..], &bytes[..]],
                None => vec![&bytes[..]],
            };
            check(Some("LOGIN"), &messages, b"", &expected)
        } else if after_user_prompt && decoded.form == "base64"
            || mechanism == Some("LOGIN") && decoded.what.starts_with("user name")
        {
            self.login_user = Some(bytes);
            return None;
        } else {
            let challenge = match mechanism {
                Some("CRAM-MD5") => self.challenge.take(),
                _ => None,
            };
            check(
                mechanism,
                &[&bytes[..]],
                challenge.as_deref().map_or(&[][..], |c| &c[..]),
                &expected,
            )
        };
        if !matches!(found.verdict, Verdict::Unchecked(_)) {
            self.checked += 1;
            if found.differs() {
                self.differ += 1;
            }
        }
        Some(found)
    }

    /// The exit: a verdict of 1 when a credential checked does not carry
    /// the expected one, a data error when none could be checked.
    pub(super) fn verdict(&self) -> Result<(), Error> {
        let what = self.what();
        if self.checked == 0 {
            return Err(saslenc::Error::NothingChecked { what }.into());
        }
        if self.differ > 0 {
            return Err(saslenc::Error::NotExpected {
                differ: self.differ,
                checked: self.checked,
                what,
            }
            .into());
        }
        Ok(())
    }

    fn what(&self) -> &'static str {
        match (&self.password, &self.token) {
            (Some(_), Some(_)) => "password or token",
            (None, Some(_)) => "token",
            _ => "password",
        }
    }

    /// The finding in words, as lines of a decode block.
    pub(super) fn words(&self, checked: &Checked) -> String {
        let mut out = String::new();
        if let (Some(user), Some(expected)) = (&checked.user, &self.user) {
            let line = match user {
                UserMatch::Same => "the one expected".to_owned(),
                UserMatch::Case { sent } => format!(
                    "differs from the one expected only in case: \"{}\" sent, \"{}\" expected",
                    escape(sent.as_bytes()),
                    escape(expected.as_bytes())
                ),
                UserMatch::Diacritic { sent } => format!(
                    "differs from the one expected only in accents or other diacritics: \"{}\" \
                     sent, \"{}\" expected",
                    escape(sent.as_bytes()),
                    escape(expected.as_bytes())
                ),
                UserMatch::Other { sent } => format!(
                    "\"{}\" is not the one expected, \"{}\"",
                    escape(sent.as_bytes()),
                    escape(expected.as_bytes())
                ),
            };
            out.push_str(&format!("  expected user: {line}\n"));
        }
        let secret = if checked.mechanism == "XOAUTH2" || checked.mechanism == "OAUTHBEARER" {
            "token"
        } else {
            "password"
        };
        let line = match &checked.verdict {
            Verdict::Carries => format!("carries the expected {secret}"),
            Verdict::Explained(mistakes) => format!(
                "does not carry the expected {secret} as it is; {}",
                saslenc::serve::diagnose::named(mistakes)
            ),
            Verdict::Differs(shape) => {
                let mut line = format!(
                    "does not carry the expected {secret}; no mistake of the catalogue \
                     (docs/serve.md) turns the expected one into the bytes sent"
                );
                match shape {
                    Some(shape) => line.push_str(&format!(": {}", shape_words(shape))),
                    None if checked.mechanism == "CRAM-MD5" => line.push_str(
                        ": the digest is not HMAC-MD5 of the challenge keyed with the expected \
                         password",
                    ),
                    None => line.push_str(&format!(
                        ": the message does not have {}'s shape",
                        checked.mechanism
                    )),
                }
                line
            }
            Verdict::Unchecked(why) => format!("not checked: {why}"),
        };
        out.push_str(&format!("  expected {secret}: {line}\n"));
        out
    }
}

/// Where the secret sent and the one expected differ, in words.
fn shape_words(shape: &Shape) -> String {
    let lengths = if shape.sent_len == shape.expected_len {
        format!("both are {} bytes long", shape.sent_len)
    } else {
        format!(
            "{} bytes sent, {} expected",
            shape.sent_len, shape.expected_len
        )
    };
    match shape.first {
        Some((offset, sent, expected)) => format!(
            "{lengths}; the kinds of byte first differ at byte offset {offset}: {} sent, {} \
             expected",
            sent.words(),
            expected.words()
        ),
        None => format!(
            "{lengths}, with the same kind of byte (letter case, digit, symbol...) at every \
             offset: a character differs within its kind"
        ),
    }
}

fn class(class: ByteClass) -> &'static str {
    match class {
        ByteClass::Lower => "lower",
        ByteClass::Upper => "upper",
        ByteClass::Digit => "digit",
        ByteClass::Space => "space",
        ByteClass::Control => "control",
        ByteClass::Symbol => "symbol",
        ByteClass::NonAscii => "non-ascii",
        ByteClass::End => "end",
    }
}

/// The finding as the `expected` member of decode's JSON object.
pub(super) fn json(checked: &Checked) -> Value {
    let (verdict, mistakes, reason, shape) = match &checked.verdict {
        Verdict::Carries => ("carries", Vec::new(), None, None),
        Verdict::Explained(m) => (
            "mistake",
            m.iter()
                .map(|m| json!({"id": m.id, "field": m.field, "sentence": m.sentence()}))
                .collect(),
            None,
            None,
        ),
        Verdict::Differs(shape) => ("differs", Vec::new(), None, shape.as_ref()),
        Verdict::Unchecked(why) => ("unchecked", Vec::new(), Some(*why), None),
    };
    let (user, user_sent) = match &checked.user {
        None => (Value::Null, Value::Null),
        Some(UserMatch::Same) => (json!("same"), Value::Null),
        Some(UserMatch::Case { sent }) => (json!("case"), json!(sent)),
        Some(UserMatch::Diacritic { sent }) => (json!("diacritic"), json!(sent)),
        Some(UserMatch::Other { sent }) => (json!("other"), json!(sent)),
    };
    json!({
        "mechanism": checked.mechanism,
        "verdict": verdict,
        "carries": matches!(checked.verdict, Verdict::Carries),
        "mistakes": mistakes,
        "reason": reason,
        "user": user,
        "user_sent": user_sent,
        "sent_length": shape.map(|s| s.sent_len),
        "expected_length": shape.map(|s| s.expected_len),
        "first_difference": shape.and_then(|s| s.first).map(|(offset, sent, expected)| json!({
            "offset": offset,
            "sent": class(sent),
            "expected": class(expected),
        })),
    })
}
