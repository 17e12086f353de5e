//! PLAIN (RFC 4616).
//!
//! Section 2: `message = [authzid] UTF8NUL authcid UTF8NUL passwd`, where
//! each field is `1*SAFE`: at least one UTF-8 character, no NUL. An empty
//! authzid means "none": the server derives it from the authcid.

use super::{Mechanism, Message, OneMessage};
use crate::field::{self, Charset};
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "PLAIN";

/// The PLAIN client: one message, sent as the initial response or in
/// answer to the server's empty challenge.
///
/// ```
/// use saslenc::mech::{Mechanism, Plain};
/// // RFC 4616 section 4, first example.
/// let mut plain = Plain::new("", "tim", "tanstaaftanstaaf", Default::default()).unwrap();
/// assert_eq!(&plain.initial().unwrap().unwrap()[..], b"\0tim\0tanstaaftanstaaf");
/// ```
pub struct Plain {
    message: Message,
    progress: OneMessage,
}

impl Plain {
    /// Builds `authzid NUL authcid NUL passwd` in `charset`. `authzid` may
    /// be empty; `authcid` and `passwd` may not, and no field may hold NUL.
    pub fn new(
        authzid: &str,
        authcid: &str,
        passwd: &str,
        charset: Charset,
    ) -> Result<Self, Error> {
        let authzid = charset.encode("authzid", authzid)?;
        let authcid = charset.encode("user", authcid)?;
        let passwd = charset.encode("password", passwd)?;
        field::no_nul("authzid", &authzid, NAME)?;
        field::no_nul("user", &authcid, NAME)?;
        field::no_nul("password", &passwd, NAME)?;
        field::non_empty("user", &authcid, "RFC 4616 section 2 requires an authcid")?;
        field::non_empty("password", &passwd, field::EMPTY_SECRET_RULE)?;

        let mut message = Message::new(Vec::with_capacity(
            authzid.len() + authcid.len() + passwd.len() + 2,
        ));
        message.extend_from_slice(&authzid);
        message.push(0);
        message.extend_from_slice(&authcid);
        message.push(0);
        message.extend_from_slice(&passwd);
        Ok(Plain {
            message,
            progress: OneMessage::default(),
        })
    }
}

impl Mechanism for Plain {
    fn is_complete(&self) -> bool {
        self.progress.is_complete()
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(self.progress.initial(self.message.clone()))
    }

    /// Without an initial response the server sends an empty challenge
    /// (RFC 4616 section 2); the message answers it. A second challenge has
    /// no answer.
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        self.progress.respond(NAME, self.message.clone(), None)
    }
}

impl Explain for Plain {
    /// The three fields, split at the two NULs (no field may hold one).
    fn layout(&self, step: &Step<'_>) -> Layout {
        match Fields::parse(step.message) {
            Ok(fields) => fields.layout(),
            Err(_) => Layout::new(NAME).literal(step.message),
        }
    }
}

/// The message (RFC 4616 section 2), borrowed from its bytes:
/// `[authzid] NUL authcid NUL passwd`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Fields<'a> {
    /// The authorization identity; empty for none.
    pub authzid: &'a [u8],
    /// The authentication identity, the user name.
    pub authcid: &'a [u8],
    /// The password.
    pub passwd: &'a [u8],
}

impl<'a> Fields<'a> {
    /// Splits the message at its NULs; `Err` with the number of fields
    /// when there are not exactly three. Empty fields are left for the
    /// reader to judge.
    pub(crate) fn parse(message: &'a [u8]) -> Result<Self, usize> {
        let mut parts = message.split(|&b| b == 0);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(authzid), Some(authcid), Some(passwd)) if parts.next().is_none() => Ok(Fields {
                authzid,
                authcid,
                passwd,
            }),
            _ => Err(message.iter().filter(|&&b| b == 0).count() + 1),
        }
    }

    /// The layout: three fields, the password a secret.
    pub(crate) fn layout(&self) -> Layout {
        Layout::new(NAME)
            .field(Field::text("authzid", "AUTHZID", self.authzid))
            .literal(b"\0")
            .field(Field::text("authcid", "USER", self.authcid))
            .literal(b"\0")
            .field(Field::secret("passwd", "PASS", self.passwd))
    }
}

/// The message, where the bytes have its shape (for decode).
pub(crate) fn recognise(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    let fields = Fields::parse(bytes).ok()?;
    Some(("credentials", fields.layout()))
}

/// The shape of the message, for one that does not fit it.
pub(crate) const SHAPE: &str = "authzid NUL authcid NUL passwd, RFC 4616 section 2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4616_section4_examples() {
        let mut plain = Plain::new("", "tim", "tanstaaftanstaaf", Charset::Utf8).unwrap();
        assert_eq!(
            &plain.initial().unwrap().unwrap()[..],
            b"\0tim\0tanstaaftanstaaf"
        );
        let mut plain = Plain::new("Ursel", "Kurt", "xipj3plmq", Charset::Utf8).unwrap();
        assert_eq!(
            &plain.initial().unwrap().unwrap()[..],
            b"Ursel\0Kurt\0xipj3plmq"
        );
    }

    #[test]
    fn answers_one_empty_challenge_when_no_initial_response_was_sent() {
        let mut plain = Plain::new("", "u", "p", Charset::Utf8).unwrap();
        assert_eq!(&plain.respond(b"").unwrap()[..], b"\0u\0p");
        assert!(plain.respond(b"").is_err());
    }

    #[test]
    fn refuses_nul_and_empty_fields() {
        let err = Plain::new("", "us\0er", "p", Charset::Utf8).err().unwrap();
        assert!(
            matches!(
                err,
                Error::Nul {
                    field: "user",
                    offset: 2,
                    ..
                }
            ),
            "{err}"
        );
        let err = Plain::new("a\0", "u", "p", Charset::Utf8).err().unwrap();
        assert!(
            matches!(
                err,
                Error::Nul {
                    field: "authzid",
                    offset: 1,
                    ..
                }
            ),
            "{err}"
        );
        let err = Plain::new("", "u", "hu\0nter", Charset::Utf8)
            .err()
            .unwrap();
        assert!(
            matches!(
                err,
                Error::Nul {
                    field: "password",
                    offset: 2,
                    ..
                }
            ),
            "{err}"
        );
        assert!(!err.to_string().contains("hu"));
        assert!(!err.to_string().contains("nter"));
        let err = Plain::new("", "", "p", Charset::Utf8).err().unwrap();
        assert!(matches!(err, Error::Empty { field: "user", .. }), "{err}");
        let err = Plain::new("", "u", "", Charset::Utf8).err().unwrap();
        assert!(
            matches!(
                err,
                Error::Empty {
                    field: "password",
                    ..
                }
            ),
            "{err}"
        );
    }

    /// The fields of a layout, as (name, bytes).
    fn fields(layout: &Layout) -> Vec<(&'static str, Vec<u8>)> {
        layout
            .fields()
            .map(|f| (f.name, f.value.to_vec()))
            .collect()
    }

    #[test]
    fn parses_the_rfc4616_section4_examples() {
        let fields = Fields::parse(b"\0tim\0tanstaaftanstaaf").unwrap();
        assert_eq!(
            fields,
            Fields {
                authzid: b"",
                authcid: b"tim",
                passwd: b"tanstaaftanstaaf",
            }
        );
        let fields = Fields::parse(b"Ursel\0Kurt\0xipj3plmq").unwrap();
        assert_eq!(
            (fields.authzid, fields.authcid, fields.passwd),
            (&b"Ursel"[..], &b"Kurt"[..], &b"xipj3plmq"[..])
        );
        let layout = fields.layout();
        assert_eq!(&layout.bytes()[..], b"Ursel\0Kurt\0xipj3plmq");
        assert_eq!(
            self::fields(&layout),
            [
                ("authzid", b"Ursel".to_vec()),
                ("authcid", b"Kurt".to_vec()),
                ("passwd", b"xipj3plmq".to_vec()),
            ]
        );
        assert_eq!(layout.escaped(false), r"Ursel\0Kurt\0********");
    }

    #[test]
    fn counts_the_fields_of_a_message_that_has_not_three() {
        assert_eq!(Fields::parse(b"tim\0tanstaaf"), Err(2));
        assert_eq!(Fields::parse(b"a\0b\0c\0d"), Err(4));
        assert_eq!(Fields::parse(b"tim"), Err(1));
    }
}
