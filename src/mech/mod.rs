//! One module a mechanism, all behind one small trait.
//!
//! A SASL exchange (RFC 4422 section 3) is: an optional initial response
//! from the client, then one client response per server challenge, then
//! the server's outcome, which may carry additional data that the client
//! must check. [`Mechanism`] models exactly that, so a one-shot
//! command, a step-by-step conversation and a live session all drive the
//! same code.

use zeroize::Zeroizing;

use crate::Error;

pub mod anonymous;
pub mod channel_binding;
pub mod cram_md5;
pub mod digest_md5;
pub mod external;
pub(crate) mod gs2;
pub mod kind;
pub mod login;
pub mod ntlm;
pub mod oauthbearer;
pub mod plain;
pub mod scram;
pub mod server;
pub mod xoauth2;

pub use anonymous::Anonymous;
pub use channel_binding::{Binding, BindingType, ChannelBinding};
pub use cram_md5::CramMd5;
pub use digest_md5::DigestMd5;
pub use external::External;
pub use kind::{Client, Credentials, Kind};
pub use login::Login;
pub use oauthbearer::OAuthBearer;
pub use plain::Plain;
pub use scram::{Scram, ScramHash, ScramKeys};
pub use xoauth2::XOAuth2;

/// A client message before base64, zeroized on drop.
pub type Message = Zeroizing<Vec<u8>>;

/// The client side of one SASL mechanism, as a state machine.
///
/// ```
/// use saslenc::mech::{Mechanism, Login};
/// let mut login = Login::new("user", "pencil", Default::default()).unwrap();
/// assert!(login.initial().unwrap().is_none());
/// assert_eq!(&login.respond(b"Username:").unwrap()[..], b"user");
/// assert!(!login.is_complete());
/// assert_eq!(&login.respond(b"Password:").unwrap()[..], b"pencil");
/// assert!(login.is_complete());
/// assert!(login.respond(b"More:").is_err());
/// ```
pub trait Mechanism {
    /// The mechanism's registered name, e.g. `"PLAIN"`.
    fn name(&self) -> &'static str;

    /// The initial response, sent with the authentication command, or
    /// `None` when the mechanism waits for the server to speak first.
    /// Called at most once, before any [`respond`](Mechanism::respond).
    fn initial(&mut self) -> Result<Option<Message>, Error>;

    /// The response to one decoded server challenge.
    fn respond(&mut self, challenge: &[u8]) -> Result<Message, Error>;

    /// Whether the client has sent its last message and checked all the
    /// server had to prove, so that a success reported now is a verdict on
    /// these credentials: LOGIN after the password, CRAM-MD5 after its
    /// response, SCRAM once server-final has verified, the one-message
    /// mechanisms once their message is out. A success that arrives
    /// before is no verdict (the line answers something else, or the
    /// server did not check what it should have).
    fn is_complete(&self) -> bool;

    /// Checks the server's outcome once it has reported success, with the
    /// additional data that came with the success, if any (RFC 4422
    /// section 3.6).
    ///
    /// Mechanisms in which the server proves something (SCRAM's
    /// server-final) refuse a success that arrives before that proof; the
    /// others have nothing to check. By default additional data is handled
    /// like a last challenge whose response is never sent.
    fn success(&mut self, additional_data: Option<&[u8]>) -> Result<(), Error> {
        match additional_data {
            Some(data) => self.respond(data).map(drop),
            None => Ok(()),
        }
    }
}

/// Where a mechanism whose part is one client message stands (PLAIN,
/// EXTERNAL, ANONYMOUS, XOAUTH2, OAUTHBEARER).
///
/// The message goes as the initial response or, when there was none, in
/// answer to the server's first, empty challenge (RFC 4422 section 5).
/// Some mechanisms then answer one more challenge, the server's error
/// report, with a fixed acknowledgement; the others have nothing more to say.
#[derive(Debug, Default)]
pub(crate) struct OneMessage {
    responses: usize,
}

impl OneMessage {
    /// The initial response: `message`, now sent.
    pub(crate) fn initial(&mut self, message: Message) -> Option<Message> {
        self.responses += 1;
        Some(message)
    }

    /// Whether the message was sent.
    pub(crate) fn is_complete(&self) -> bool {
        self.responses > 0
    }

    /// The answer to a challenge: `message` if it was not sent yet, then
    /// `acknowledgement` (once, where the mechanism has one), then an error.
    pub(crate) fn respond(
        &mut self,
        mechanism: &'static str,
        message: Message,
        acknowledgement: Option<&[u8]>,
    ) -> Result<Message, Error> {
        let answer = match (self.responses, acknowledgement) {
            (0, _) => message,
            (1, Some(acknowledgement)) => Message::new(acknowledgement.to_vec()),
            (steps, _) => return Err(Error::UnexpectedChallenge { mechanism, steps }),
        };
        self.responses += 1;
        Ok(answer)
    }
}

/// Every client message of one exchange, in order.
#[derive(Debug)]
pub struct Messages {
    /// The mechanism's registered name.
    pub mechanism: &'static str,
    /// The initial response, if the mechanism sends one.
    pub initial: Option<Message>,
    /// One response per challenge, in order.
    pub responses: Vec<Message>,
}

impl Messages {
    /// Drives `mechanism` through its initial response and one response to
    /// each of `challenges`.
    ///
    /// ```
    /// use saslenc::mech::{Messages, Plain};
    /// let mut plain = Plain::new("", "u", "p", Default::default()).unwrap();
    /// let exchange = Messages::run(&mut plain, &[]).unwrap();
    /// assert_eq!(exchange.initial.as_deref().map(Vec::as_slice), Some(&b"\0u\0p"[..]));
    /// ```
    pub fn run(mechanism: &mut dyn Mechanism, challenges: &[&[u8]]) -> Result<Self, Error> {
        let initial = mechanism.initial()?;
        let responses = challenges
            .iter()
            .map(|challenge| mechanism.respond(challenge))
            .collect::<Result<_, _>>()?;
        Ok(Messages {
            mechanism: mechanism.name(),
            initial,
            responses,
        })
    }
}
