//! CRAM-MD5 (RFC 2195).
//!
//! Section 2: the server's challenge is a msg-id such as
//! `<1896.697170952@postoffice.reston.mci.net>`; the client answers
//! `user SP digest`, where digest is HMAC-MD5 (RFC 2104) keyed with the
//! password over the challenge, as 32 lower-case hex digits.

use hmac::{Hmac, KeyInit, Mac};
use md5::Md5;

use super::{Mechanism, Message};
use crate::field::{self, Charset};
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "CRAM-MD5";

/// The CRAM-MD5 client: one answer to the server's one challenge.
///
/// ```
/// use saslenc::mech::{CramMd5, Mechanism};
/// // RFC 2195 section 2.
/// let mut cram = CramMd5::new("tim", "tanstaaftanstaaf", Default::default()).unwrap();
/// let answer = cram.respond(b"<1896.697170952@postoffice.reston.mci.net>").unwrap();
/// assert_eq!(&answer[..], b"tim b913a602c7eda7a495b4e6e7334d3890");
/// ```
pub struct CramMd5 {
    user: Message,
    key: Message,
    answered: bool,
}

impl CramMd5 {
    /// Encodes the fields in `charset`. The user name must not be empty and
    /// neither field may hold NUL.
    pub fn new(user: &str, password: &str, charset: Charset) -> Result<Self, Error> {
        let user = charset.encode("user", user)?;
        let key = charset.encode("password", password)?;
        field::no_nul("user", &user, NAME)?;
        field::no_nul("password", &key, NAME)?;
        field::non_empty("password", &key, field::EMPTY_SECRET_RULE)?;
        field::non_empty(
            "user",
            &user,
            "RFC 2195 section 2 sends the user name before the digest",
        )?;
        Ok(CramMd5 {
            user,
            key,
            answered: false,
        })
    }
}

impl Mechanism for CramMd5 {
    fn is_complete(&self) -> bool {
        self.answered
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(None)
    }

    fn respond(&mut self, challenge: &[u8]) -> Result<Message, Error> {
        if self.answered {
            return Err(Error::UnexpectedChallenge {
                mechanism: NAME,
                steps: 1,
            });
        }
        field::non_empty(
            "challenge",
            challenge,
            "RFC 2195 section 2: the server sends a msg-id to be signed",
        )?;
        // HMAC takes keys of any length (RFC 2104 section 2), and 16 digest
        // bytes always fill 32 hex digits: no input reaches these expects.
        let mut mac =
            <Hmac<Md5>>::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(challenge);
        let digest = mac.finalize().into_bytes();
        let mut hex = [0u8; 32];
        hex::encode_to_slice(digest, &mut hex).expect("an MD5 digest is 32 hex digits");

        let mut answer = Message::new(Vec::with_capacity(self.user.len() + 1 + hex.len()));
        answer.extend_from_slice(&self.user);
        answer.push(b' ');
        answer.extend_from_slice(&hex);
        self.answered = true;
        Ok(answer)
    }
}

impl Explain for CramMd5 {
    /// `user SP digest`, the digest derived in the shell from the
    /// challenge and the password with `openssl dgst -hmac`.
    fn layout(&self, step: &Step<'_>) -> Layout {
        let response = Response::split(step.message).unwrap_or(Response {
            user: &self.user,
            digest: b"",
        });
        response
            .layout()
            .input(Field::text(
                "challenge",
                "CHALLENGE",
                step.challenge.unwrap_or_default(),
            ))
            .input(Field::secret("password", "PASS", &self.key))
            .map_field("digest", |digest| {
                digest.derived(
                    r#"printf '%s' "$CHALLENGE" | openssl dgst -md5 -hmac "$PASS" | sed 's/^.*= //'"#,
                )
            })
            // openssl takes the HMAC key only as an argument.
            .note(
                "openssl dgst -hmac takes the password on its command line, where other users \
                 of the machine can read it (ps, /proc) while it runs: run this pipeline only \
                 on a machine of your own, or let saslenc compute the digest",
            )
    }
}

/// The response (RFC 2195 section 2), borrowed from its bytes: `user SP
/// digest`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Response<'a> {
    /// The user name: everything before the last space.
    pub user: &'a [u8],
    /// The digest, which should be 32 lower-case hex digits.
    pub digest: &'a [u8],
}

impl<'a> Response<'a> {
    /// Splits the response at its last space, the digest unchecked.
    pub(crate) fn split(message: &'a [u8]) -> Option<Self> {
        let space = message.iter().rposition(|&b| b == b' ')?;
        Some(Response {
            user: &message[..space],
            digest: &message[space + 1..],
        })
    }

    /// Whether the digest is 32 lower-case hex digits.
    pub(crate) fn digest_is_lower_hex(&self) -> bool {
        self.digest.len() == 32
            && self
                .digest
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    }

    /// A response of this shape: split, with a user and a hex digest.
    pub(crate) fn parse(message: &'a [u8]) -> Option<Self> {
        Self::split(message).filter(|r| !r.user.is_empty() && r.digest_is_lower_hex())
    }

    /// The layout: the user, then the digest (a secret).
    pub(crate) fn layout(&self) -> Layout {
        Layout::new(NAME)
            .field(Field::text("user", "USER", self.user))
            .literal(b" ")
            .field(Field::secret("digest", "DIGEST", self.digest))
    }
}

/// A response, where the bytes have its shape (for decode).
pub(crate) fn recognise(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    Response::parse(bytes).map(|response| ("response", response.layout()))
}

/// `<random.time@hostname>` (RFC 2195 section 2, RFC 1939's APOP form).
pub fn challenge(hostname: &str) -> Vec<u8> {
    let mut random = [0u8; 8];
    let _ = getrandom::fill(&mut random);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!("<{}.{seconds}@{hostname}>", u64::from_le_bytes(random)).into_bytes()
}

/// The shape of a response, for a message that does not fit it.
pub(crate) const SHAPE: &str =
    "user SP 32 lower-case hex digits, RFC 2195 section 2; CRAM-MD5 has no initial response";

/// RFC 2195 section 2: a msg-id, `<...@...>`.
pub(crate) fn recognise_challenge(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    match bytes {
        [b'<', inner @ .., b'>'] if inner.contains(&b'@') => Some((
            "challenge (a msg-id, RFC 2195 section 2)",
            Layout::new("CRAM-MD5").field(Field::text("challenge", "CHALLENGE", bytes)),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2195_example() {
        let mut cram = CramMd5::new("tim", "tanstaaftanstaaf", Charset::Utf8).unwrap();
        assert!(cram.initial().unwrap().is_none());
        let answer = cram
            .respond(b"<1896.697170952@postoffice.reston.mci.net>")
            .unwrap();
        assert_eq!(&answer[..], b"tim b913a602c7eda7a495b4e6e7334d3890");
        assert!(cram.respond(b"<again>").is_err());
    }

    #[test]
    fn refuses_an_empty_challenge() {
        let mut cram = CramMd5::new("tim", "x", Charset::Utf8).unwrap();
        assert!(matches!(
            cram.respond(b"").unwrap_err(),
            Error::Empty {
                field: "challenge",
                ..
            }
        ));
    }

    #[test]
    fn parses_the_rfc2195_response() {
        let response = Response::parse(b"tim b913a602c7eda7a495b4e6e7334d3890").unwrap();
        assert_eq!(
            response,
            Response {
                user: b"tim",
                digest: b"b913a602c7eda7a495b4e6e7334d3890",
            }
        );
        let layout = response.layout();
        assert_eq!(&layout.bytes()[..], b"tim b913a602c7eda7a495b4e6e7334d3890");
        assert_eq!(layout.escaped(false), "tim ********");
    }

    #[test]
    fn a_response_needs_a_user_and_32_lower_case_hex_digits() {
        // Split at the last space: a user name may hold spaces.
        let response = Response::parse(b"t i m b913a602c7eda7a495b4e6e7334d3890").unwrap();
        assert_eq!(response.user, b"t i m");
        for bad in [
            &b"tim B913A602C7EDA7A495B4E6E7334D3890"[..],
            b"tim b913a602c7eda7a495b4e6e7334d389",
            b"tim b913a602c7eda7a495b4e6e7334d3890a",
            b" b913a602c7eda7a495b4e6e7334d3890",
            b"timb913a602c7eda7a495b4e6e7334d3890",
        ] {
            assert_eq!(Response::parse(bad), None, "{bad:?}");
        }
        // The server's reading splits first and judges the digest apart.
        let split = Response::split(b"tim B913A602C7EDA7A495B4E6E7334D3890").unwrap();
        assert_eq!(split.user, b"tim");
        assert!(!split.digest_is_lower_hex());
    }
}
