//! OAUTHBEARER (RFC 7628).
//!
//! Section 3.1: the client's message is a GS2 header without channel
//! binding, `n,a=` authzid `,` (the authzid as a `saslname`, RFC 5801, with
//! `,` and `=` escaped), then `^A`-separated `key=value` pairs (`host`,
//! `port`, `auth=Bearer <token>`), then `^A^A`; `^A` is the byte 0x01.
//!
//! Section 3.2.3: on failure the server sends a base64 JSON status as a
//! challenge; the client must answer with the single byte 0x01 (`AQ==`),
//! and the server then sends its final failure reply.
//!
//! The message is built from its [`Layout`], so that `--explain` describes
//! exactly the bytes that are sent.

use zeroize::Zeroizing;

use super::gs2::Header;
use super::{Mechanism, Message, OneMessage};
use crate::field;
use crate::layout;
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "OAUTHBEARER";

/// The answer to a server's error challenge (RFC 7628 section 3.2.3).
pub const ERROR_ACK: &[u8] = b"\x01";

/// The OAUTHBEARER client.
///
/// ```
/// use saslenc::mech::{Mechanism, OAuthBearer};
/// // RFC 7628 section 4.1.
/// let mut bearer = OAuthBearer::new(
///     "user@example.com",
///     Some("server.example.com"),
///     Some(143),
///     "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
/// )?;
/// assert_eq!(
///     &bearer.initial()?.unwrap()[..],
///     &b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01\
///        auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"[..]
/// );
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct OAuthBearer {
    user: String,
    host: Option<String>,
    port: Option<u16>,
    token: Message,
    progress: OneMessage,
}

impl OAuthBearer {
    /// Builds the message. An empty `user` leaves the authzid out (`n,,`);
    /// `host` and `port` are left out when `None`. No field may hold the
    /// 0x01 separator, and the token must be an RFC 6750 `b64token`.
    pub fn new(
        user: &str,
        host: Option<&str>,
        port: Option<u16>,
        token: &str,
    ) -> Result<Self, Error> {
        check_field("user", user.as_bytes(), NAME)?;
        if let Some(host) = host {
            check_field("host", host.as_bytes(), NAME)?;
            field::non_empty(
                "host",
                host.as_bytes(),
                "leave the host out rather than sending host=",
            )?;
        }
        check_token(token.as_bytes())?;
        Ok(OAuthBearer {
            user: user.to_owned(),
            host: host.map(str::to_owned),
            port,
            token: Message::new(token.as_bytes().to_vec()),
            progress: OneMessage::default(),
        })
    }

    /// The GS2 header `n,a=` authzid `,` (`n,,` without one; the authzid
    /// escaped as a `saslname`), `^A`, the `key=value ^A` pairs, `^A`.
    fn initial_layout(&self) -> Layout {
        let escaped = crate::field::saslname(&self.user);
        let port = self.port.map(|port| port.to_string());
        let mut pairs = Vec::new();
        if let Some(host) = &self.host {
            pairs.push((&b"host"[..], host.as_bytes()));
        }
        if let Some(port) = &port {
            pairs.push((&b"port"[..], port.as_bytes()));
        }
        let auth = Zeroizing::new([Auth::BEARER, &self.token[..]].concat());
        pairs.push((&b"auth"[..], &auth[..]));
        let fields = Fields {
            gs2: Header {
                flag: b"n",
                authzid: (!self.user.is_empty()).then_some(escaped.as_bytes()),
            },
            pairs,
        };
        let layout = fields.layout().fixed("gs2-cbind-flag");
        if self.user.is_empty() {
            return layout;
        }
        layout
            .input(Field::text("user", "USER", self.user.as_bytes()))
            .map_field("authzid", |_| {
                layout::saslname("authzid", "AUTHZID", "USER", &self.user)
            })
    }
}

impl Mechanism for OAuthBearer {
    fn is_complete(&self) -> bool {
        self.progress.is_complete()
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(self.progress.initial(self.initial_layout().bytes()))
    }

    /// The message answers the server's empty challenge when there was no
    /// initial response; after it, the only challenge is the server's JSON
    /// error status, answered with the single byte 0x01 (RFC 7628 section
    /// 3.2.3).
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        let message = self.initial_layout().bytes();
        self.progress.respond(NAME, message, Some(ERROR_ACK))
    }
}

impl Explain for OAuthBearer {
    /// The initial response, or the 0x01 that acknowledges the error
    /// challenge.
    fn layout(&self, step: &Step<'_>) -> Layout {
        match step.challenge {
            None => self.initial_layout(),
            Some(_) => Layout::new(NAME).literal(step.message),
        }
    }
}

/// Fails when `bytes` holds the 0x01 separator, or any other control
/// character (RFC 7628 section 3.1: values are `*(VCHAR / SP / HTAB / CR
/// / LF)`; a NUL or 0x01 would end the field early).
pub(crate) fn check_field(
    field: &'static str,
    bytes: &[u8],
    mechanism: &'static str,
) -> Result<(), Error> {
    let rule = match mechanism {
        "XOAUTH2" => "XOAUTH2 separates its fields with 0x01 and allows no control character in them",
        _ => "RFC 7628 section 3.1 separates fields with 0x01 and allows no control character in them",
    };
    field::forbid(field, bytes, |b| b < 0x20 || b == 0x7f, rule)
}

/// Checks that the token is an RFC 6750 section 2.1 `b64token`:
/// `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub(crate) fn check_token(token: &[u8]) -> Result<(), Error> {
    field::non_empty(
        "token",
        token,
        "an OAuth bearer token is at least one character (RFC 6750 section 2.1)",
    )?;
    let body = token.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    if body == 0 {
        return Err(Error::Forbidden {
            field: "token",
            offset: 0,
            rule: "a bearer token cannot be only '=' padding (RFC 6750 section 2.1)",
        });
    }
    field::forbid(
        "token",
        &token[..body],
        |b| !(b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)),
        "a bearer token is letters, digits and -._~+/ with optional trailing = (RFC 6750 section 2.1); \
         was a space or line end copied with it?",
    )
}

/// The client's message (RFC 7628 section 3.1), borrowed from its bytes:
/// a GS2 header, `^A`, `key=value ^A` pairs, `^A`.
pub(crate) struct Fields<'a> {
    /// The GS2 header.
    pub gs2: Header<'a>,
    /// The `key=value` pairs, in order, split at the first `=`.
    pub pairs: Vec<(&'a [u8], &'a [u8])>,
}

impl<'a> Fields<'a> {
    /// Reads a message of this shape: any GS2 flag, at least one pair,
    /// every pair with a `=`.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Self> {
        Self::read(bytes).ok()
    }

    /// [`Fields::parse`], with the rule the bytes break where they do not
    /// fit: the one reading of the message, for `decode`, `--explain` and
    /// the server's step.
    pub(crate) fn read(bytes: &'a [u8]) -> Result<Self, &'static str> {
        const HEADER: &str =
            "OAUTHBEARER starts with a GS2 header ending in ',', then ^A (RFC 7628 section 3.1)";
        let (gs2, rest) = Header::read(bytes).map_err(|_| HEADER)?;
        let pairs = rest
            .strip_prefix(b"\x01")
            .ok_or(HEADER)?
            .strip_suffix(b"\x01\x01")
            .ok_or("OAUTHBEARER ends with two ^A (0x01) bytes (RFC 7628 section 3.1)")?;
        let pairs = pairs
            .split(|&b| b == 1)
            .map(|pair| split_once(pair, b'='))
            .collect::<Option<_>>()
            .ok_or("each OAUTHBEARER pair is key=value, ^A after each (RFC 7628 section 3.1)")?;
        Ok(Fields { gs2, pairs })
    }

    /// The value of the first `auth=`.
    pub(crate) fn auth(&self) -> Option<&'a [u8]> {
        self.pairs
            .iter()
            .find(|(key, _)| *key == b"auth")
            .map(|&(_, value)| value)
    }

    /// The layout: the GS2 header's fields, then each value a field
    /// (`host`, `port`, the bearer token a secret, others `value`).
    pub(crate) fn layout(&self) -> Layout {
        let mut layout = self.gs2.layout(Layout::new(NAME)).literal(b"\x01");
        for &(key, value) in &self.pairs {
            layout = layout.literal(key).literal(b"=");
            layout = match key {
                b"auth" => Auth::parse(value).layout(layout),
                b"host" => layout.field(Field::text("host", "HOST", value)),
                b"port" => layout.field(Field::text("port", "PORT", value)),
                _ => layout.field(Field::text("value", "VALUE", value)),
            };
            layout = layout.literal(b"\x01");
        }
        layout.literal(b"\x01")
    }
}

/// The client's message, where the bytes have its shape (for decode).
pub(crate) fn recognise(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    Fields::parse(bytes).map(|fields| ("credentials", fields.layout()))
}

/// The value of `auth=` in OAUTHBEARER and XOAUTH2 (RFC 7628 section
/// 3.1, RFC 6750 section 2.1): `Bearer ` and the token, or something else.
pub(crate) enum Auth<'a> {
    /// `Bearer ` (exactly so) and the token.
    Bearer(&'a [u8]),
    /// Any other value, shown whole and masked.
    Other(&'a [u8]),
}

impl<'a> Auth<'a> {
    /// The prefix of a bearer token.
    const BEARER: &'static [u8] = b"Bearer ";

    /// Reads the value as it was sent. A scheme other than `Bearer ` in
    /// that spelling is `Other`: this is the reading that shows bytes;
    /// [`bearer`] is the server's, which accepts any case.
    pub(crate) fn parse(value: &'a [u8]) -> Self {
        match value.strip_prefix(Self::BEARER) {
            Some(token) => Auth::Bearer(token),
            None => Auth::Other(value),
        }
    }

    /// The value appended to `layout`: `Bearer ` then the token, a secret.
    pub(crate) fn layout(&self, layout: Layout) -> Layout {
        match *self {
            Auth::Bearer(token) => layout
                .literal(Self::BEARER)
                .field(Field::secret("token", "TOKEN", token)),
            Auth::Other(value) => layout.field(Field::secret("auth", "AUTH", value)),
        }
    }
}

/// How a server reads `auth=`: `Bearer TOKEN`, the scheme in any case
/// (RFC 6750 section 2.1 after RFC 7235's case-insensitive schemes), the
/// token not empty → the token; `None` otherwise.
pub(crate) fn bearer(auth: &[u8]) -> Option<&[u8]> {
    let (scheme, token) = split_once(auth, b' ')?;
    scheme
        .eq_ignore_ascii_case(b"Bearer")
        .then_some(token)
        .filter(|t| !t.is_empty())
}

pub(crate) fn split_once(bytes: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == sep)?;
    Some((&bytes[..at], &bytes[at + 1..]))
}

/// The shape of the message, for one that does not fit it.
pub(crate) const SHAPE: &str =
    "a GS2 header such as n,a=USER, then ^A-separated key=value pairs, RFC 7628 section 3.1";

/// RFC 7628 section 3.2.2, and XOAUTH2 alike: a JSON error status.
pub(crate) fn recognise_status(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    match bytes {
        [b'{', ..] if bytes.windows(8).any(|w| w == b"\"status\"") => Some((
            "error status (JSON; answer with an empty line or ^A)",
            Layout::new("OAUTHBEARER").field(Field::text("status", "STATUS", bytes)),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_initial_response_the_message_answers_the_empty_challenge() {
        let mut bearer = OAuthBearer::new("u", None, None, "t").unwrap();
        assert_eq!(
            &bearer.respond(b"").unwrap()[..],
            b"n,a=u,\x01auth=Bearer t\x01\x01"
        );
        // RFC 7628 section 3.2.3: the error status is answered with 0x01.
        assert_eq!(
            &bearer.respond(b"{\"status\":\"invalid_token\"}").unwrap()[..],
            b"\x01"
        );
        assert!(bearer.respond(b"").is_err());
    }

    #[test]
    fn escapes_the_authzid_and_leaves_out_host_and_port() {
        let mut bearer = OAuthBearer::new("a,b=c", None, None, "t").unwrap();
        assert_eq!(
            &bearer.initial().unwrap().unwrap()[..],
            b"n,a=a=2Cb=3Dc,\x01auth=Bearer t\x01\x01"
        );
        let mut bearer = OAuthBearer::new("", None, Some(587), "t").unwrap();
        assert_eq!(
            &bearer.initial().unwrap().unwrap()[..],
            b"n,,\x01port=587\x01auth=Bearer t\x01\x01"
        );
    }

    #[test]
    fn tokens_follow_b64token() {
        assert!(check_token(b"ya29.a-b_c~d+e/f==").is_ok());
        for bad in [&b""[..], b"==", b"a b", b"ab\n", b"a=b", b"a\x01"] {
            assert!(check_token(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn acknowledges_an_error_with_one_byte() {
        let mut bearer = OAuthBearer::new("u", None, None, "t").unwrap();
        assert!(bearer.initial().unwrap().is_some());
        assert_eq!(
            &bearer.respond(b"{\"status\":\"invalid_token\"}").unwrap()[..],
            b"\x01"
        );
        assert!(bearer.respond(b"").is_err());
    }

    #[test]
    fn parses_the_rfc7628_section_4_1_message() {
        let message = b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01\
                        auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01";
        let fields = Fields::parse(message).unwrap();
        assert_eq!(fields.gs2.flag, b"n");
        assert_eq!(fields.gs2.authzid, Some(&b"user@example.com"[..]));
        assert_eq!(
            fields.pairs,
            [
                (&b"host"[..], &b"server.example.com"[..]),
                (b"port", b"143"),
                (
                    b"auth",
                    b"Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="
                ),
            ]
        );
        let layout = fields.layout();
        assert_eq!(&layout.bytes()[..], &message[..]);
        let token = layout.fields().find(|f| f.name == "token").unwrap();
        assert!(token.secret);
        assert_eq!(
            &token.value[..],
            b"vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="
        );
    }

    #[test]
    fn the_auth_value_is_a_bearer_token_only_when_it_says_so() {
        assert!(matches!(Auth::parse(b"Bearer t"), Auth::Bearer(b"t")));
        assert!(matches!(Auth::parse(b"bearer t"), Auth::Other(b"bearer t")));
        // The server's reading takes any case, and no empty token.
        assert_eq!(bearer(b"bearer t"), Some(&b"t"[..]));
        assert_eq!(bearer(b"Bearer "), None);
        assert_eq!(bearer(b"Basic dTpw"), None);
    }

    #[test]
    fn a_message_without_its_ending_or_a_pair_without_equals_is_not_read() {
        for bad in [
            &b"n,,\x01auth=Bearer t\x01"[..],
            b"n,,\x01auth\x01\x01",
            b"n,,auth=Bearer t\x01\x01",
            b"n,,\x01\x01",
        ] {
            assert!(Fields::parse(bad).is_none(), "{bad:?}");
        }
    }
}
