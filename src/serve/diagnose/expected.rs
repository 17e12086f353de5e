//! Whether a client's message carries the credential one expected, read
//! from a pasted log line (`saslenc decode --user ... --pass-...`): the
//! same catalogue as `serve`'s diagnosis ([`super::CATALOGUE`]) names the
//! mistake that turns the expected credential into the bytes sent, and
//! when none does, only what is certain is said: the lengths, and where
//! the kinds of character first differ. The result is typed; it holds no
//! secret (the expected one is never in it, the sent one neither).
//!
//! ```
//! use saslenc::serve::diagnose::expected::{check, Expected, Verdict};
//! let expected = Expected { user: Some("tim"), password: Some(b"tanstaaf"), token: None };
//! // `echo` added a line feed to the password.
//! let found = check(Some("PLAIN"), &[b"\0tim\0tanstaaf\n"], b"", &expected);
//! match found.verdict {
//!     Verdict::Explained(mistakes) => assert_eq!(mistakes[0].id, "echo-newline"),
//!     _ => panic!("not explained"),
//! }
//! ```

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::catalogue::{self, Mistake, Received, Right, Via};
use super::explains;
use crate::encoding;
use crate::mech::server::Kind;

/// The credential the message should carry. The password is for PLAIN,
/// LOGIN and CRAM-MD5; the token for XOAUTH2 and OAUTHBEARER.
pub struct Expected<'a> {
    /// The user name, when one is expected.
    pub user: Option<&'a str>,
    /// The password.
    pub password: Option<&'a [u8]>,
    /// The OAuth access token.
    pub token: Option<&'a [u8]>,
}

/// How the user name sent compares with the one expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserMatch {
    /// The same bytes.
    Same,
    /// The same but for upper and lower case (`Alice`, `alice`).
    Case {
        /// The user name sent.
        sent: String,
    },
    /// The same but for accents and other diacritics, and maybe case
    /// (`jorg`, `jörg`).
    Diacritic {
        /// The user name sent.
        sent: String,
    },
    /// Another name.
    Other {
        /// The user name sent.
        sent: String,
    },
}

/// A kind of byte, to say where two secrets first differ without
/// showing either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteClass {
    /// `a`-`z`.
    Lower,
    /// `A`-`Z`.
    Upper,
    /// `0`-`9`.
    Digit,
    /// A space.
    Space,
    /// A control character (a line feed, a CR, a NUL, a tab...).
    Control,
    /// Other printable ASCII (punctuation, symbols).
    Symbol,
    /// A byte above 0x7f (part of a non-ASCII character).
    NonAscii,
    /// Past the end: the secret is shorter.
    End,
}

impl ByteClass {
    /// The class of `byte`, or [`ByteClass::End`] for none.
    pub fn of(byte: Option<u8>) -> Self {
        match byte {
            None => ByteClass::End,
            Some(b) if b.is_ascii_lowercase() => ByteClass::Lower,
            Some(b) if b.is_ascii_uppercase() => ByteClass::Upper,
            Some(b) if b.is_ascii_digit() => ByteClass::Digit,
            Some(b' ') => ByteClass::Space,
            Some(b) if b.is_ascii_control() => ByteClass::Control,
            Some(b) if b.is_ascii() => ByteClass::Symbol,
            Some(_) => ByteClass::NonAscii,
        }
    }

    /// In words: `"a lower-case letter"`, `"the end"`, ...
    pub fn words(self) -> &'static str {
        match self {
            ByteClass::Lower => "a lower-case letter",
            ByteClass::Upper => "an upper-case letter",
            ByteClass::Digit => "a digit",
            ByteClass::Space => "a space",
            ByteClass::Control => "a control character",
            ByteClass::Symbol => "a punctuation mark or symbol",
            ByteClass::NonAscii => "a byte of a non-ASCII character",
            ByteClass::End => "the end",
        }
    }
}

/// Where two secrets differ, by shape only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The length of the secret sent, in bytes.
    pub sent_len: usize,
    /// The length of the one expected, in bytes.
    pub expected_len: usize,
    /// The first byte offset where the kinds of byte differ, with the
    /// kind sent and the kind expected there; `None` when every byte is
    /// of the same kind (then a character differs within its kind).
    pub first: Option<(usize, ByteClass, ByteClass)>,
}

impl Shape {
    /// The shape of `sent` against `expected`.
    pub fn of(sent: &[u8], expected: &[u8]) -> Self {
        let first = (0..sent.len().max(expected.len())).find_map(|i| {
            let (s, e) = (
                ByteClass::of(sent.get(i).copied()),
                ByteClass::of(expected.get(i).copied()),
            );
            (s != e).then_some((i, s, e))
        });
        Shape {
            sent_len: sent.len(),
            expected_len: expected.len(),
            first,
        }
    }
}

/// What the message says about the expected secret.
#[derive(Debug)]
pub enum Verdict {
    /// It carries it.
    Carries,
    /// It does not, and these entries of the catalogue turn the expected
    /// credential into exactly the bytes sent.
    Explained(Vec<&'static Mistake>),
    /// It does not, and no entry explains it; the shape is where the
    /// secrets differ, when the secret can be compared as bytes (not a
    /// CRAM-MD5 digest).
    Differs(Option<Shape>),
    /// This message cannot be checked: why, in words.
    Unchecked(&'static str),
}

/// A mistake shows as its id (its fields are static text, no secret).
impl std::fmt::Debug for Mistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mistake({})", self.id)
    }
}

/// The finding for one message.
#[derive(Debug)]
pub struct Checked {
    /// The mechanism the message was checked as (as named, upper case).
    pub mechanism: String,
    /// The user name sent against the one expected (when both are known).
    pub user: Option<UserMatch>,
    /// The secret.
    pub verdict: Verdict,
}

impl Checked {
    /// Whether the message was checked and does not carry the expected
    /// credential (a wrong secret, or a user name other than expected).
    pub fn differs(&self) -> bool {
        !matches!(self.verdict, Verdict::Carries | Verdict::Unchecked(_))
            || matches!(self.verdict, Verdict::Carries)
                && self.user.as_ref().is_some_and(|u| *u != UserMatch::Same)
    }
}

/// Compares the user name sent with the one expected.
pub fn compare_users(sent: &[u8], expected: &str) -> UserMatch {
    if sent == expected.as_bytes() {
        return UserMatch::Same;
    }
    let sent_text = String::from_utf8_lossy(sent).into_owned();
    let lower = |s: &str| s.to_lowercase();
    let bare = |s: &str| -> String {
        s.nfd()
            .filter(|&c| !is_combining_mark(c))
            .collect::<String>()
            .to_lowercase()
    };
    if lower(&sent_text) == lower(expected) {
        UserMatch::Case { sent: sent_text }
    } else if bare(&sent_text) == bare(expected) {
        UserMatch::Diacritic { sent: sent_text }
    } else {
        UserMatch::Other { sent: sent_text }
    }
}

/// The mechanisms whose messages can be checked, by the name decode gives.
fn kind(mechanism: &str) -> Option<Kind> {
    match mechanism.to_ascii_uppercase().as_str() {
        "PLAIN" => Some(Kind::Plain),
        "LOGIN" => Some(Kind::Login),
        "CRAM-MD5" => Some(Kind::CramMd5),
        "XOAUTH2" => Some(Kind::XOAuth2),
        "OAUTHBEARER" => Some(Kind::OAuthBearer),
        _ => None,
    }
}

/// Why a mechanism's message cannot be checked from the line alone.
fn unchecked(mechanism: &str) -> &'static str {
    let upper = mechanism.to_ascii_uppercase();
    if upper.starts_with("SCRAM") {
        "SCRAM sends only a proof, computed over the server's messages (its nonce, salt and \
         iteration count): a pasted client message alone cannot be checked against a password"
    } else if upper == "DIGEST-MD5" {
        "DIGEST-MD5's response is a digest over the server's nonce and the client's: it \
         cannot be checked from the pasted line"
    } else if upper == "NTLM" {
        "NTLM's response is computed over the server's CHALLENGE message: it cannot be checked \
         from the pasted line"
    } else if upper == "EXTERNAL" || upper == "ANONYMOUS" {
        "this mechanism carries no password or token"
    } else {
        "saslenc knows no way to check this mechanism's message against a password"
    }
}

/// Checks the client's messages of one login of `mechanism` (`None`:
/// the bytes had no known shape) against `expected`. `messages` are the
/// decoded responses in order: PLAIN's, XOAUTH2's and OAUTHBEARER's one
/// message, LOGIN's user name and password (or the password alone),
/// CRAM-MD5's response. `challenge` is CRAM-MD5's (empty when it was not
/// pasted).
pub fn check(
    mechanism: Option<&str>,
    messages: &[&[u8]],
    challenge: &[u8],
    expected: &Expected,
) -> Checked {
    let Some(mechanism) = mechanism else {
        // No mechanism's shape: only a catalogue entry of PLAIN (a
        // missing NUL, `\0` typed as two characters) can explain it.
        let mut found = check_kind(Kind::Plain, messages, challenge, expected);
        if !matches!(found.verdict, Verdict::Explained(_)) {
            found.verdict = Verdict::Unchecked(
                "the bytes have the shape of no mechanism's client message, and no mistake of \
                 the catalogue turns the expected PLAIN message into them",
            );
            found.user = None;
        }
        return found;
    };
    match kind(mechanism) {
        Some(kind) => check_kind(kind, messages, challenge, expected),
        None => Checked {
            mechanism: mechanism.to_ascii_uppercase(),
            user: None,
            verdict: Verdict::Unchecked(unchecked(mechanism)),
        },
    }
}

/// The user name and the secret a message of `kind` carries, as far as
/// its bytes have the mechanism's shape.
type Sent = (Option<Zeroizing<Vec<u8>>>, Option<Zeroizing<Vec<u8>>>);

fn sent(kind: Kind, messages: &[&[u8]]) -> Sent {
    if kind == Kind::Login {
        return match messages {
            [user, password] => (
                Some(Zeroizing::new(user.to_vec())),
                Some(Zeroizing::new(password.to_vec())),
            ),
            [password] => (None, Some(Zeroizing::new(password.to_vec()))),
            _ => (None, None),
        };
    }
    let Some(message) = messages.last() else {
        return (None, None);
    };
    let decoded = crate::decode::client_message(kind.name(), message);
    if decoded.layout.mechanism != kind.name() {
        return (None, None);
    }
    let (mut user, mut secret) = (None, None);
    for field in decoded.layout.fields() {
        match field.name {
            "authcid" | "user" => user = Some(field.value.clone()),
            // OAUTHBEARER's authzid is a saslname (RFC 5801 section 4).
            "authzid" if kind == Kind::OAuthBearer => {
                let text = String::from_utf8_lossy(&field.value)
                    .replace("=2C", ",")
                    .replace("=3D", "=");
                user = Some(Zeroizing::new(text.into_bytes()));
            }
            "passwd" | "digest" | "token" => secret = Some(field.value.clone()),
            _ => {}
        }
    }
    (user, secret)
}

fn check_kind(kind: Kind, messages: &[&[u8]], challenge: &[u8], expected: &Expected) -> Checked {
    let (sent_user, sent_secret) = sent(kind, messages);
    let user = match (&sent_user, expected.user) {
        (Some(sent), Some(expected)) => Some(compare_users(sent, expected)),
        _ => None,
    };
    let mut found = Checked {
        mechanism: kind.name().to_owned(),
        user,
        verdict: Verdict::Unchecked(""),
    };
    let oauth = kind.takes_token();
    let expected_secret = if oauth {
        expected.token
    } else {
        expected.password
    };
    let Some(expected_secret) = expected_secret else {
        found.verdict = Verdict::Unchecked(if oauth {
            "this mechanism carries a token, and no token was given to compare (--token-...)"
        } else {
            "this mechanism carries a password, and no password was given to compare (--pass-...)"
        });
        return found;
    };
    if kind == Kind::CramMd5 && challenge.is_empty() {
        found.verdict = Verdict::Unchecked(
            "a CRAM-MD5 response is a digest of the server's challenge: paste the server's \
             challenge line (334 or + and its base64) before the response",
        );
        return found;
    }
    let states = (!oauth).then(|| crate::stored::cram_md5::states(expected_secret));
    let carries = match (&sent_secret, kind) {
        (Some(digest), Kind::CramMd5) => states
            .as_ref()
            .and_then(|s| catalogue::hmac_md5(&s[..], challenge))
            .is_some_and(|right| right.as_bytes() == &digest[..]),
        (Some(secret), _) => &secret[..] == expected_secret,
        (None, _) => false,
    };
    if carries {
        found.verdict = Verdict::Carries;
        return found;
    }
    let lines: Vec<Zeroizing<Vec<u8>>> = messages
        .iter()
        .map(|m| Zeroizing::new(encoding::encode(m).as_bytes().to_vec()))
        .collect();
    let received = Received {
        via: Via::Sasl(kind),
        lines: &lines,
    };
    let sent_user_text = sent_user
        .as_ref()
        .and_then(|u| std::str::from_utf8(u).ok())
        .map(str::to_owned);
    let mut users: Vec<&str> = Vec::new();
    users.extend(expected.user);
    if let Some(u) = sent_user_text.as_deref() {
        if !users.contains(&u) {
            users.push(u);
        }
    }
    if users.is_empty() {
        users.push("");
    }
    let mut mistakes: Vec<&'static Mistake> = Vec::new();
    for user in users {
        for authzid_is_user in [false, true] {
            if authzid_is_user && kind != Kind::Plain {
                continue;
            }
            let right = Right {
                user,
                password: (!oauth).then_some(expected_secret),
                cram_states: states.as_ref().map(|s| &s[..]),
                token: oauth.then_some(expected_secret),
                challenge,
                authzid_is_user,
            };
            for mistake in explains(&right, &received) {
                if !mistakes.iter().any(|m| m.id == mistake.id) {
                    mistakes.push(mistake);
                }
            }
        }
        if !mistakes.is_empty() {
            break;
        }
    }
    found.verdict = if !mistakes.is_empty() {
        Verdict::Explained(mistakes)
    } else {
        Verdict::Differs(match (&sent_secret, kind) {
            (Some(secret), k) if k != Kind::CramMd5 => Some(Shape::of(secret, expected_secret)),
            _ => None,
        })
    };
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected<'a>(user: &'a str, password: &'a [u8]) -> Expected<'a> {
        Expected {
            user: Some(user),
            password: Some(password),
            token: None,
        }
    }

    fn ids(found: &Checked) -> Vec<&'static str> {
        match &found.verdict {
            Verdict::Explained(m) => m.iter().map(|m| m.id).collect(),
            other => panic!("not explained: {other:?}"),
        }
    }

    #[test]
    fn the_right_plain_message_carries_it() {
        let found = check(
            Some("PLAIN"),
            &[b"\0tim\0tanstaaftanstaaf"],
            b"",
            &expected("tim", b"tanstaaftanstaaf"),
        );
        assert!(matches!(found.verdict, Verdict::Carries));
        assert_eq!(found.user, Some(UserMatch::Same));
        assert!(!found.differs());
    }

    #[test]
    fn mistakes_made_by_hand_are_named() {
        let e = expected("tim", b"pass word");
        let cases: [(&str, &[&[u8]], &str); 5] = [
            ("PLAIN", &[b"\0tim\0pass word\n"], "echo-newline"),
            ("PLAIN", &[b"\0pass word\0tim"], "user-password-swapped"),
            ("LOGIN", &[b"tim", b"pass word\r\n"], "crlf"),
            ("LOGIN", &[b"tim", b"pass word "], "trailing-space"),
            ("PLAIN", &[b"\\0tim\\0pass word"], "plain-backslash-zero"),
        ];
        for (mech, messages, id) in cases {
            let found = check(Some(mech), messages, b"", &e);
            assert_eq!(ids(&found), [id], "{mech} {messages:?}");
            assert!(found.differs());
        }
        // A missing leading NUL has no PLAIN shape at all.
        let found = check(None, &[b"tim\0pass word"], b"", &e);
        assert_eq!(ids(&found), ["plain-no-leading-nul"]);
        // Latin-1.
        let e = expected("tim", "pässword".as_bytes());
        let found = check(Some("PLAIN"), &[b"\0tim\0p\xe4ssword"], b"", &e);
        assert_eq!(ids(&found), ["latin1"]);
    }

    #[test]
    fn an_unrelated_password_names_no_entry_and_only_its_shape() {
        let found = check(
            Some("PLAIN"),
            &[b"\0tim\0Hunter2"],
            b"",
            &expected("tim", b"hunter22"),
        );
        match found.verdict {
            Verdict::Differs(Some(shape)) => {
                assert_eq!(shape.sent_len, 7);
                assert_eq!(shape.expected_len, 8);
                assert_eq!(shape.first, Some((0, ByteClass::Upper, ByteClass::Lower)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cram_md5_needs_and_uses_the_challenge() {
        // RFC 2195 section 2.
        let challenge = b"<1896.697170952@postoffice.reston.mci.net>";
        let response: &[u8] = b"tim b913a602c7eda7a495b4e6e7334d3890";
        let e = expected("tim", b"tanstaaftanstaaf");
        let found = check(Some("CRAM-MD5"), &[response], challenge, &e);
        assert!(matches!(found.verdict, Verdict::Carries), "{found:?}");
        let found = check(Some("CRAM-MD5"), &[response], b"", &e);
        assert!(matches!(found.verdict, Verdict::Unchecked(_)));
        let found = check(
            Some("CRAM-MD5"),
            &[response],
            challenge,
            &expected("tim", b"other"),
        );
        assert!(matches!(found.verdict, Verdict::Differs(None)), "{found:?}");
    }

    #[test]
    fn scram_is_said_to_be_uncheckable() {
        let found = check(
            Some("SCRAM-SHA-256"),
            &[b"n,,n=user,r=abc"],
            b"",
            &expected("user", b"pencil"),
        );
        assert!(matches!(found.verdict, Verdict::Unchecked(w) if w.contains("server's messages")));
    }

    #[test]
    fn user_names_by_case_and_diacritic() {
        assert_eq!(
            compare_users("jorg".as_bytes(), "jörg"),
            UserMatch::Diacritic {
                sent: "jorg".into()
            }
        );
        assert_eq!(
            compare_users(b"Alice", "alice"),
            UserMatch::Case {
                sent: "Alice".into()
            }
        );
        assert_eq!(
            compare_users(b"bob", "alice"),
            UserMatch::Other { sent: "bob".into() }
        );
    }
}
