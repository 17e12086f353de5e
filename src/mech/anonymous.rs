//! ANONYMOUS (RFC 4505).
//!
//! Section 2: the message is optional trace information, an email address
//! or a token of 1 to 255 characters, that the server may log. An empty
//! message travels as `=` in an initial response.

use super::{Mechanism, Message, OneMessage};
use crate::field;
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "ANONYMOUS";

/// The most characters RFC 4505 section 2 allows in the trace.
pub const MAX_TRACE_CHARS: usize = 255;

/// The ANONYMOUS client.
///
/// ```
/// use saslenc::mech::{Anonymous, Mechanism};
/// // RFC 4505 section 4.
/// let mut anonymous = Anonymous::new("sirhc")?;
/// assert_eq!(&anonymous.initial()?.unwrap()[..], b"sirhc");
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct Anonymous {
    trace: Message,
    progress: OneMessage,
}

impl Anonymous {
    /// `trace` may be empty; otherwise at most 255 characters with no
    /// control character (RFC 4505 section 2: `tchar` and `email` are
    /// printable).
    pub fn new(trace: &str) -> Result<Self, Error> {
        let len = trace.chars().count();
        if len > MAX_TRACE_CHARS {
            return Err(Error::Length {
                field: "trace",
                len,
                rule: "RFC 4505 section 2 allows at most 255",
            });
        }
        field::forbid(
            "trace",
            trace.as_bytes(),
            |b| b < 0x20 || b == 0x7f,
            "RFC 4505 section 2 allows printable characters only",
        )?;
        Ok(Anonymous {
            trace: Message::new(trace.as_bytes().to_vec()),
            progress: OneMessage::default(),
        })
    }
}

impl Mechanism for Anonymous {
    fn is_complete(&self) -> bool {
        self.progress.is_complete()
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(self.progress.initial(self.trace.clone()))
    }

    /// Without an initial response the server sends an empty challenge,
    /// answered with the message.
    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        self.progress.respond(NAME, self.trace.clone(), None)
    }
}

impl Explain for Anonymous {
    /// The trace information, or nothing.
    fn layout(&self, step: &Step<'_>) -> Layout {
        layout(step.message)
    }
}

/// RFC 4505 section 2: trace information.
pub(crate) fn recognise(bytes: &[u8]) -> (&'static str, Layout) {
    ("trace information", layout(bytes))
}

/// The message: the one field.
pub(crate) fn layout(message: &[u8]) -> Layout {
    Layout::new(NAME).field(Field::text("trace", "TRACE", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_is_limited_to_255_printable_characters() {
        assert!(Anonymous::new(&"é".repeat(255)).is_ok());
        let err = Anonymous::new(&"a".repeat(256)).err().unwrap();
        assert!(matches!(err, Error::Length { len: 256, .. }), "{err}");
        assert!(Anonymous::new("a\nb").is_err());
    }
}
