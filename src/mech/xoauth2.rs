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

use super::oauthbearer::{check_field, check_token};
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
        Layout::new(NAME)
            .literal(b"user=")
            .field(Field::text("user", "USER", &self.user))
            .literal(b"\x01auth=Bearer ")
            .field(Field::secret("token", "TOKEN", &self.token))
            .literal(b"\x01\x01")
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
    fn answers_the_error_challenge_with_an_empty_response_once() {
        let mut x = XOAuth2::new("u", "t").unwrap();
        assert!(x.initial().unwrap().is_some());
        assert!(x.respond(b"{\"status\":\"401\"}").unwrap().is_empty());
        assert!(x.respond(b"{}").is_err());
    }
}
