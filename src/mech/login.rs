//! LOGIN (draft-murchison-sasl-login-00).
//!
//! The server prompts twice, conventionally with `Username:` and
//! `Password:`; the client answers each with the bare field. Servers word
//! the prompts differently, so the answer follows the order of the
//! challenges, not their text.

use super::{Mechanism, Message};
use crate::field::{self, Charset};
use crate::layout::{Explain, Field, Layout, Step};
use crate::Error;

const NAME: &str = "LOGIN";

/// The challenges a LOGIN server conventionally sends, in order.
pub const PROMPTS: [&[u8]; 2] = [b"Username:", b"Password:"];

/// The LOGIN client: the user name, then the password.
pub struct Login {
    user: Message,
    password: Message,
    step: usize,
}

impl Login {
    /// Encodes both fields in `charset`. The user name must not be empty;
    /// neither field may hold NUL, which servers read as the end of a C
    /// string.
    pub fn new(user: &str, password: &str, charset: Charset) -> Result<Self, Error> {
        let user = charset.encode("user", user)?;
        let password = charset.encode("password", password)?;
        field::no_nul("user", &user, NAME)?;
        field::no_nul("password", &password, NAME)?;
        field::non_empty("password", &password, field::EMPTY_SECRET_RULE)?;
        field::non_empty(
            "user",
            &user,
            "LOGIN sends the user name as the first answer",
        )?;
        Ok(Login {
            user,
            password,
            step: 0,
        })
    }
}

impl Mechanism for Login {
    fn is_complete(&self) -> bool {
        self.step >= 2
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn initial(&mut self) -> Result<Option<Message>, Error> {
        Ok(None)
    }

    fn respond(&mut self, _challenge: &[u8]) -> Result<Message, Error> {
        let answer = match self.step {
            0 => self.user.clone(),
            1 => self.password.clone(),
            steps => {
                return Err(Error::UnexpectedChallenge {
                    mechanism: NAME,
                    steps,
                })
            }
        };
        self.step += 1;
        Ok(answer)
    }
}

impl Explain for Login {
    /// The first answer is the user name, the second the password.
    fn layout(&self, step: &Step<'_>) -> Layout {
        if step.index == 0 {
            user_layout(step.message)
        } else {
            password_layout(step.message)
        }
    }
}

/// The first answer (or an initial response): the user name.
pub(crate) fn user_layout(message: &[u8]) -> Layout {
    Layout::new(NAME).field(Field::text("user", "USER", message))
}

/// The second answer: the password, a secret.
pub(crate) fn password_layout(message: &[u8]) -> Layout {
    Layout::new(NAME).field(Field::secret("password", "PASS", message))
}

/// An initial response, which draft-murchison-sasl-login allows: the
/// user name.
pub(crate) fn recognise_initial(bytes: &[u8]) -> (&'static str, Layout) {
    ("user name (initial response)", user_layout(bytes))
}

/// The prompts a LOGIN server sends: draft-murchison-sasl-login section
/// 2 ([`PROMPTS`]), without the colon, and the older "User Name\0" and
/// "Password\0".
pub(crate) fn recognise_prompt(bytes: &[u8]) -> Option<(&'static str, Layout)> {
    let what = match bytes {
        b"Username:" | b"User Name\0" | b"Username" => "prompt for the user name",
        b"Password:" | b"Password\0" | b"Password" => "prompt for the password",
        _ => return None,
    };
    Some((
        what,
        Layout::new(NAME).field(Field::text("prompt", "PROMPT", bytes)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_order_whatever_the_prompt_says() {
        let mut login = Login::new("user", "pencil", Charset::Utf8).unwrap();
        assert_eq!(&login.respond(b"User Name\0").unwrap()[..], b"user");
        assert_eq!(&login.respond(b"").unwrap()[..], b"pencil");
        let err = login.respond(b"").unwrap_err();
        assert!(
            matches!(err, Error::UnexpectedChallenge { steps: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn refuses_nul_and_empty_user() {
        assert!(matches!(
            Login::new("u\0", "p", Charset::Utf8).err().unwrap(),
            Error::Nul { field: "user", .. }
        ));
        assert!(matches!(
            Login::new("u", "\0p", Charset::Utf8).err().unwrap(),
            Error::Nul {
                field: "password",
                offset: 0,
                ..
            }
        ));
        assert!(matches!(
            Login::new("", "p", Charset::Utf8).err().unwrap(),
            Error::Empty { field: "user", .. }
        ));
    }
}
