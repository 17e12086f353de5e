//! The one exchange engine: a [`Mechanism`] driven through its initial
//! response, one response per server challenge and the server's outcome,
//! whoever carries the lines.
//!
//! The pasted conversation ([`crate::conversation`]) and the live session
//! (`saslenc::session`) both run their exchanges through an [`Engine`]; they
//! differ only in where the server's lines come from and where the
//! client's lines go. The engine adds what neither may forget: the number
//! of challenges is bounded, every client message comes with its
//! [`Layout`] (so that a transcript can show it decoded and masked), and a
//! success is checked by the mechanism itself (SCRAM's server signature).

use crate::explain::{explain_step, Explain, Layout, Step};
use crate::mech::{Mechanism, Message};
use crate::Error;

/// The most challenges one exchange may have.
///
/// Every mechanism saslenc has needs at most three (SCRAM: server-first,
/// then server-final sent as a challenge, then the empty one some servers
/// add; LOGIN: two prompts). Sixteen leaves room for a chatty server and
/// stops one that sends challenges forever.
pub const MAX_CHALLENGES: usize = 16;

/// A mechanism the engine can drive and describe.
pub trait Client: Mechanism + Explain {
    /// Itself, as the describing half (without trait upcasting, which
    /// needs a newer Rust than this crate's minimum).
    fn as_explain(&self) -> &dyn Explain;
}

impl<T: Mechanism + Explain> Client for T {
    fn as_explain(&self) -> &dyn Explain {
        self
    }
}

/// One client message: the bytes to send, and their description.
pub struct Sent {
    /// The message, before base64.
    pub message: Message,
    /// The labelled layout of the message (see [`explain_step`]), for
    /// transcripts and `--explain`.
    pub layout: Layout,
}

/// The client side of one exchange in progress.
///
/// ```
/// use saslenc::engine::Engine;
/// use saslenc::mech::Login;
///
/// let mut login = Login::new("user", "pencil", Default::default())?;
/// let mut engine = Engine::new(&mut login);
/// assert!(engine.initial()?.is_none());
/// assert_eq!(&engine.challenge(b"Username:")?.message[..], b"user");
/// let password = engine.challenge(b"Password:")?;
/// assert_eq!(password.layout.escaped(false), "********");
/// engine.success(None)?;
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct Engine<'m> {
    mechanism: Held<'m>,
    /// Client messages produced so far, the initial response included.
    sent: usize,
    /// Challenges answered so far.
    answered: usize,
}

/// The mechanism, lent by the caller or handed over.
enum Held<'m> {
    Borrowed(&'m mut dyn Client),
    Owned(Box<dyn Client + 'm>),
}

impl<'m> Engine<'m> {
    /// An engine for `mechanism`, before its initial response.
    pub fn new(mechanism: &'m mut dyn Client) -> Self {
        Engine {
            mechanism: Held::Borrowed(mechanism),
            sent: 0,
            answered: 0,
        }
    }

    /// An engine that owns `mechanism` (chosen while a session runs).
    pub fn owned(mechanism: Box<dyn Client + 'm>) -> Self {
        Engine {
            mechanism: Held::Owned(mechanism),
            sent: 0,
            answered: 0,
        }
    }

    fn mech(&mut self) -> &mut dyn Client {
        match &mut self.mechanism {
            Held::Borrowed(m) => &mut **m,
            Held::Owned(m) => &mut **m,
        }
    }

    fn mech_ref(&self) -> &dyn Client {
        match &self.mechanism {
            Held::Borrowed(m) => &**m,
            Held::Owned(m) => &**m,
        }
    }

    /// The mechanism's registered name.
    pub fn name(&self) -> &'static str {
        self.mech_ref().name()
    }

    /// How many challenges were answered.
    pub fn answered(&self) -> usize {
        self.answered
    }

    /// The initial response, if the mechanism has one. Call once, first.
    pub fn initial(&mut self) -> Result<Option<Sent>, Error> {
        let Some(message) = self.mech().initial()? else {
            return Ok(None);
        };
        let layout = explain_step(
            self.mech_ref().as_explain(),
            &Step {
                index: self.sent,
                challenge: None,
                message: &message,
            },
            0,
        );
        self.sent += 1;
        Ok(Some(Sent { message, layout }))
    }

    /// The response to one decoded challenge; past [`MAX_CHALLENGES`] an
    /// error.
    pub fn challenge(&mut self, challenge: &[u8]) -> Result<Sent, Error> {
        if self.answered >= MAX_CHALLENGES {
            return Err(Error::Protocol(format!(
                "the server sent more than {MAX_CHALLENGES} challenges in one {} exchange",
                self.name()
            )));
        }
        let message = self.mech().respond(challenge)?;
        self.answered += 1;
        let layout = explain_step(
            self.mech_ref().as_explain(),
            &Step {
                index: self.sent,
                challenge: Some(challenge),
                message: &message,
            },
            self.answered,
        );
        self.sent += 1;
        Ok(Sent { message, layout })
    }

    /// Checks the server's success, with its additional data if any: the
    /// mechanism refuses a success it cannot trust (SCRAM before a valid
    /// server-final).
    pub fn success(&mut self, additional_data: Option<&[u8]>) -> Result<(), Error> {
        self.mech().success(additional_data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mech::{Login, Plain};

    #[test]
    fn challenges_are_bounded() {
        let mut plain = Plain::new("", "u", "p", Default::default()).unwrap();
        let mut engine = Engine::new(&mut plain);
        engine.answered = MAX_CHALLENGES;
        let err = engine.challenge(b"").err().unwrap();
        assert!(matches!(err, Error::Protocol(_)), "{err}");
    }

    #[test]
    fn layouts_mask_the_password() {
        let mut login = Login::new("user", "pencil", Default::default()).unwrap();
        let mut engine = Engine::new(&mut login);
        let user = engine.challenge(b"Username:").unwrap();
        assert_eq!(user.layout.escaped(false), "user");
        let pass = engine.challenge(b"Password:").unwrap();
        assert_eq!(pass.layout.escaped(false), "********");
        assert_eq!(pass.layout.escaped(true), "pencil");
    }
}
