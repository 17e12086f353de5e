//! EXTERNAL (RFC 4422 appendix A).
//!
//! The credentials are established outside SASL (a TLS client certificate,
//! a Unix socket's peer); the message is only the authorization identity
//! to act as, and is empty when the client wants the identity the
//! external credentials imply. An empty initial response travels as `=`.

use super::{Mechanism, Message, OneMessage};
use crate::field;
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "EXTERNAL";

/// The EXTERNAL client.
///
/// ```
/// use saslenc::mech::{External, Mechanism};
/// let mut external = External::new("")?;
/// assert!(external.initial()?.unwrap().is_empty());
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct External {
    authzid: Message,
    progress: OneMessage,
}

impl External {
    /// `authzid` may be empty; it must not hold NUL (RFC 4422 appendix A.1:
    /// `authz-id-string = 1*( UTF8-char-no-nul )`).
    pub fn new(authzid: &str) -> Result<Self, Error> {
        field::no_nul("authzid", authzid.as_bytes(), NAME)?;
        Ok(External {
            authzid: Message::new(authzid.as_bytes().to_vec()),
            progress: OneMessage::default(),
        })
    }
}

impl Mechanism for External {
    fn is_complete(&self) -> bool {
        self.progress.is_complete()
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(self.progress.initial(self.authzid.clone()))
    }

    /// Without an initial response the server sends an empty challenge,
    /// answered with the message.
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        self.progress.respond(NAME, self.authzid.clone(), None)
    }
}

impl Explain for External {
    /// The authorization identity, or nothing.
    fn layout(&self, step: &Step<'_>) -> Layout {
        layout(step.message)
    }
}

/// RFC 4422 appendix A: the authorization identity, or empty.
pub(crate) fn recognise(bytes: &[u8]) -> (&'static str, Layout) {
    ("authorization identity", layout(bytes))
}

/// The message: the one field.
pub(crate) fn layout(message: &[u8]) -> Layout {
    Layout::new(NAME).field(Field::text("authzid", "AUTHZID", message))
}
