//! XOAUTH2 (Google's and Microsoft's OAuth 2.0 mechanism, documented at
//! developers.google.com/gmail/imap/xoauth2-protocol).
//!
//! The initial response is `user=` user `^A` `auth=Bearer ` token `^A^A`,
//! where `^A` is the byte 0x01. On failure the server sends a base64 JSON
//! error as a challenge; the client answers with an empty response and the
//! server then sends its final failure reply.
//!
//! The message is built from its [`Layout`], so that `--explain` describes
//! exactly the bytes that are sent.

use super::oauthbearer::{check_field, check_token, Auth};
use super::{Mechanism, Message, OneMessage};
use crate::field;
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "XOAUTH2";

/// The XOAUTH2 client.
///
/// ```
/// use saslenc::mech::{Mechanism, XOAuth2};
/// let mut xoauth2 = XOAuth2::new("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg")?;
/// assert_eq!(
///     &xoauth2.initial()?.unwrap()[..],
///     b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"
/// );
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct XOAuth2 {
    user: Message,
    token: Message,
    progress: OneMessage,
}

impl XOAuth2 {
    /// Builds the message. The user must not be empty; neither field may
    /// hold the 0x01 separator, and the token must be an RFC 6750
    /// `b64token`.
    pub fn new(user: &str, token: &str) -> Result<Self, Error> {
        field::non_empty(
            "user",
            user.as_bytes(),
            "XOAUTH2 names the mailbox owner in user=",
        )?;
        check_field("user", user.as_bytes(), NAME)?;
        check_token(token.as_bytes())?;
        Ok(XOAuth2 {
            user: Message::new(user.as_bytes().to_vec()),
            token: Message::new(token.as_bytes().to_vec()),
            progress: OneMessage::default(),
        })
    }

    /// `user=` user `^A` `auth=Bearer ` token `^A^A`.
    fn initial_layout(&self) -> Layout {
        Fields {
            user: &self.user,
            auth: Auth::Bearer(&self.token),
        }
        .layout()
    }
}

impl Mechanism for XOAuth2 {
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
    /// initial response; after it, the only challenge XOAUTH2 knows is the
    /// server's JSON error, acknowledged with an empty response.
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        let message = self.initial_layout().bytes();
        self.progress.respond(NAME, message, Some(b""))
    }
}

impl Explain for XOAuth2 {
    /// The initial response, or the empty answer to the error challenge.
    fn layout(&self, step: &Step<'_>) -> Layout {
        match step.challenge {
            None => self.initial_layout(),
            Some(_) => Layout::new(NAME).literal(step.message),
        }
    }
}

/// How an XOAUTH2 message was built wrong, as the bytes that arrived show
/// it: the classic mistakes of a message put together by hand, each a
/// one-line finding with what to do. `sent` is the message as received;
/// `encoded` whether it came as base64 (false: raw text where base64 was
/// expected, such as a line typed at a `334` or `+` prompt). `None` when
/// the bytes are not an XOAUTH2 message built wrong. The finding never
/// holds the bytes, which carry the token.
///
/// ```
/// use saslenc::mech::xoauth2::misbuilt;
/// let spaces = b"user=a@example.com auth=Bearer ya29.x";
/// assert!(misbuilt(spaces, true).unwrap().contains("not separated by ^A"));
/// assert!(misbuilt(spaces, false).unwrap().contains("not base64"));
/// assert_eq!(misbuilt(b"user=a\x01auth=Bearer t\x01\x01", true), None);
/// ```
pub fn misbuilt(sent: &[u8], encoded: bool) -> Option<String> {
    let message = sent.trim_ascii_start();
    if !message.starts_with(b"user=") {
        return None;
    }
    let has = |needle: &[u8]| message.windows(needle.len()).any(|w| w == needle);
    let separated = message.contains(&1);
    let build = "build it as user=USER^Aauth=Bearer TOKEN^A^A, ^A the byte 0x01 \
                 (printf 'user=%s\\001auth=Bearer %s\\001\\001' USER TOKEN | base64 -w0), \
                 or with saslenc xoauth2";
    if !encoded {
        return Some(format!(
            "the XOAUTH2 message was sent as text, not base64{}: the server decodes base64 of \
             the whole message; {build}",
            if separated {
                ""
            } else {
                ", and its fields are not separated by ^A (0x01) bytes"
            }
        ));
    }
    if !separated && has(b"auth=") {
        return Some(format!(
            "the XOAUTH2 fields are not separated by ^A (0x01) bytes (spaces or nothing \
             between user=... and auth=...): the server cannot find the token; {build}"
        ));
    }
    let bearer = message
        .windows(12)
        .any(|w| w.eq_ignore_ascii_case(b"auth=Bearer "));
    if has(b"auth=") && !bearer {
        return Some(
            "auth= lacks the word \"Bearer \" before the token (auth=Bearer TOKEN)".to_owned(),
        );
    }
    None
}

/// The message, borrowed from its bytes: `user=` user `^A` `auth=` auth
/// `^A^A`, in that order, with no other `^A`.
pub(crate) struct Fields<'a> {
    /// The mailbox owner.
    pub user: &'a [u8],
    /// The value of `auth=`: `Bearer ` and the token, as it should be.
    pub auth: Auth<'a>,
}

impl<'a> Fields<'a> {
    /// Reads the message as a server does, with the rule the bytes break
    /// where they do not fit: `user=` and `auth=` in either order, each
    /// followed by ^A, then one more ^A. The value of `auth=` as sent;
    /// [`super::oauthbearer::bearer`] reads the token from it.
    pub(crate) fn read(bytes: &'a [u8]) -> Result<(&'a [u8], &'a [u8]), &'static str> {
        let body = bytes
            .strip_suffix(b"\x01\x01")
            .ok_or("XOAUTH2 ends with two ^A (0x01) bytes: user=USER^Aauth=Bearer TOKEN^A^A")?;
        let (mut user, mut auth) = (None, None);
        for pair in body.split(|&b| b == 1) {
            if let Some(u) = pair.strip_prefix(b"user=") {
                user = Some(u);
            } else if let Some(a) = pair.strip_prefix(b"auth=") {
                auth = Some(a);
            }
        }
        user.zip(auth)
            .ok_or("XOAUTH2 needs user= and auth=Bearer TOKEN, separated by ^A (0x01)")
    }

    /// Reads a message built right, in the order the mechanism writes it.
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Self> {
        let body = bytes.strip_prefix(b"user=")?.strip_suffix(b"\x01\x01")?;
        let split = body.iter().position(|&b| b == 1)?;
        let (user, auth) = (&body[..split], &body[split + 1..]);
        let auth = auth.strip_prefix(b"auth=")?;
        if auth.contains(&1) {
            return None;
        }
        Some(Fields {
            user,
            auth: Auth::parse(auth),
        })
    }

    /// The layout: the user, then the token (a secret).
    pub(crate) fn layout(&self) -> Layout {
        let layout = Layout::new(NAME)
            .literal(b"user=")
            .field(Field::text("user", "USER", self.user))
            .literal(b"\x01auth=");
        self.auth.layout(layout).literal(b"\x01\x01")
    }
}

/// A message [`misbuilt`] finds built wrong (spaces for the ^A, no
/// `Bearer `), laid out as far as it can be: everything up to the token
/// literal, the rest the token, masked all the same.
fn misbuilt_layout(bytes: &[u8]) -> Option<Layout> {
    misbuilt(bytes, true)?;
    let at = bytes.windows(5).position(|w| w == b"auth=")? + 5;
    let bearer = bytes[at..]
        .get(..7)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"Bearer "));
    let at = at + if bearer { 7 } else { 0 };
    Some(Layout::new(NAME).literal(&bytes[..at]).field(Field::secret(
        "token",
        "TOKEN",
        &bytes[at..],
    )))
}

/// Google's and Microsoft's XOAUTH2: a message built wrong, read
/// leniently, else one built right.
pub(crate) fn recognise(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    if misbuilt(bytes, true).is_some() {
        return misbuilt_layout(bytes).map(|layout| ("credentials, built wrong", layout));
    }
    Fields::parse(bytes).map(|fields| ("credentials", fields.layout()))
}

/// The shape of the message, for one that does not fit it.
pub(crate) const SHAPE: &str = "user=USER ^A auth=Bearer TOKEN ^A ^A";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_initial_response_the_message_answers_the_empty_challenge() {
        let mut xoauth2 = XOAuth2::new("u", "t").unwrap();
        assert_eq!(
            &xoauth2.respond(b"").unwrap()[..],
            b"user=u\x01auth=Bearer t\x01\x01"
        );
        // Then the server's error report, acknowledged with nothing.
        assert!(xoauth2.respond(b"{\"status\":\"400\"}").unwrap().is_empty());
        assert!(xoauth2.respond(b"").is_err());
    }

    #[test]
    fn after_the_initial_response_only_the_error_report_is_answered() {
        let mut xoauth2 = XOAuth2::new("u", "t").unwrap();
        assert!(xoauth2.initial().unwrap().is_some());
        assert!(xoauth2.respond(b"{}").unwrap().is_empty());
        assert!(matches!(
            xoauth2.respond(b"{}").unwrap_err(),
            Error::UnexpectedChallenge { steps: 2, .. }
        ));
    }

    #[test]
    fn refuses_the_separator_in_the_user() {
        let err = XOAuth2::new("a\x01b", "t").err().unwrap();
        assert!(
            matches!(
                err,
                Error::Forbidden {
                    field: "user",
                    offset: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn messages_built_wrong_are_named() {
        let spaces = b"user=a@example.com auth=Bearer tok";
        let none = b"user=a@example.comauth=Bearer tok";
        for message in [&spaces[..], none] {
            let finding = misbuilt(message, true).unwrap();
            assert!(finding.contains("not separated by ^A (0x01)"), "{finding}");
            assert!(!finding.contains("tok "), "{finding}");
        }
        let raw = misbuilt(spaces, false).unwrap();
        assert!(
            raw.contains("sent as text, not base64, and its fields are not separated"),
            "{raw}"
        );
        let raw = misbuilt(b"user=a\x01auth=Bearer tok\x01\x01", false).unwrap();
        assert!(raw.contains("not base64:"), "{raw}");
        let finding = misbuilt(b"user=a\x01auth=tok\x01\x01", true).unwrap();
        assert!(finding.contains("\"Bearer \""), "{finding}");
        // Right, or not XOAUTH2 at all: nothing to say.
        assert_eq!(misbuilt(b"user=a\x01auth=Bearer tok\x01\x01", true), None);
        assert_eq!(misbuilt(b"user=a\x01auth=bearer tok\x01\x01", true), None);
        assert_eq!(misbuilt(b"n,,\x01auth=Bearer tok\x01\x01", true), None);
        assert_eq!(misbuilt(b"\0alice\0pencil", true), None);
        assert_eq!(misbuilt(b"dXNlcj1h", false), None);
    }

    #[test]
    fn answers_the_error_challenge_with_an_empty_response_once() {
        let mut x = XOAuth2::new("u", "t").unwrap();
        assert!(x.initial().unwrap().is_some());
        assert!(x.respond(b"{\"status\":\"401\"}").unwrap().is_empty());
        assert!(x.respond(b"{}").is_err());
    }

    #[test]
    fn parses_the_google_example() {
        // developers.google.com/gmail/imap/xoauth2-protocol.
        let message = b"user=someuser@example.com\x01auth=Bearer \
                        ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01";
        let fields = Fields::parse(message).unwrap();
        assert_eq!(fields.user, b"someuser@example.com");
        assert!(matches!(
            fields.auth,
            Auth::Bearer(b"ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg")
        ));
        assert_eq!(&fields.layout().bytes()[..], &message[..]);
        // Built wrong: not this shape, but laid out leniently.
        let spaces = b"user=a@example.com auth=Bearer tok";
        assert!(Fields::parse(spaces).is_none());
        let layout = misbuilt_layout(spaces).unwrap();
        assert_eq!(
            layout.escaped(false),
            "user=a@example.com auth=Bearer ********"
        );
        assert!(misbuilt_layout(message).is_none());
    }
}
