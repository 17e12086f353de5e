//! The library's one error type.
//!
//! Every message names the field and the rule it broke, and never contains
//! the field's value: a password must not reach a terminal, a log or a bug
//! report through an error message.

use std::io;

/// Which class of failure an [`Error`] belongs to.
///
/// A command-line front end maps each class to one exit status; see
/// [`ErrorClass::exit_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The server refused the credentials, or its final message did not
    /// prove that it knows them.
    Verdict,
    /// The command was used wrongly: conflicting or missing options.
    Usage,
    /// An input value breaks a rule of the mechanism or of the encoding.
    Data,
    /// An input could not be read (missing file, unset variable, closed
    /// descriptor), or the output could not be written.
    Io,
}

impl ErrorClass {
    /// The process exit status for this class of error.
    ///
    /// | status | meaning |
    /// |---|---|
    /// | 0 | success |
    /// | 1 | authentication failed, or the server's proof did not verify |
    /// | 2 | usage error: bad or conflicting options, no secret source |
    /// | 3 | data error: a field breaks a rule (NUL, UTF-8, empty, base64, charset), or an input of `decode` could not be decoded |
    /// | 4 | I/O error: an input could not be read or the output written |
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorClass::Verdict => 1,
            ErrorClass::Usage => 2,
            ErrorClass::Data => 3,
            ErrorClass::Io => 4,
        }
    }
}

/// Everything that can go wrong while building a credential.
///
/// `field` is always the name of an input (`"user"`, `"password"`,
/// `"challenge"`, ...), never its value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A NUL byte inside a field that the mechanism delimits with NUL or
    /// that servers treat as a C string.
    #[error("{field} contains a NUL byte at byte offset {offset}; {mechanism} forbids NUL inside a field")]
    Nul {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the first NUL.
        offset: usize,
        /// The mechanism whose rule this is.
        mechanism: &'static str,
    },

    /// A field that must be text is not valid UTF-8.
    #[error("{field} is not valid UTF-8 (invalid byte sequence at byte offset {offset}); SASL fields are UTF-8 text")]
    InvalidUtf8 {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },

    /// A field that must not be empty is empty.
    #[error("{field} is empty; {rule}")]
    Empty {
        /// The field's name.
        field: &'static str,
        /// The rule, with its source.
        rule: &'static str,
    },

    /// `--charset latin1` was asked for and a character has no ISO-8859-1 form.
    #[error("{field} has a character at character position {position} that ISO-8859-1 cannot represent; use --charset utf-8 or change the {field}")]
    NotLatin1 {
        /// The field's name.
        field: &'static str,
        /// 0-based position of the character, counted in characters.
        position: usize,
    },

    /// A value that must be base64 is not.
    #[error("{field} is not valid base64: {reason}")]
    Base64 {
        /// The field's name.
        field: &'static str,
        /// What the decoder found (offsets and byte values of the base64
        /// text, never of a secret).
        reason: String,
    },

    /// A pasted line that carries no base64 to decode.
    #[error("{field} holds no base64 to decode: {reason}")]
    NoBase64 {
        /// The field's name.
        field: &'static str,
        /// Why (the form found, never the text).
        reason: String,
    },

    /// Some inputs of a batch could not be decoded; each was reported.
    #[error("{failed} of {total} inputs could not be decoded")]
    DecodeFailed {
        /// How many failed.
        failed: usize,
        /// How many there were.
        total: usize,
    },

    /// A secret longer than the limit (guards against `--pass-file /dev/zero`).
    #[error("{field} is longer than {limit} bytes; refusing to read more")]
    TooLong {
        /// The field's name.
        field: &'static str,
        /// The limit in bytes.
        limit: usize,
    },

    /// The server sent a challenge the mechanism has no step for.
    #[error("unexpected challenge: {mechanism} has no step left after {steps} response(s)")]
    UnexpectedChallenge {
        /// The mechanism.
        mechanism: &'static str,
        /// How many responses were already sent.
        steps: usize,
    },

    /// No source for a secret was given, and none can be asked for.
    #[error(
        "no {field} given and standard input is not a terminal to prompt on; use one of {options}"
    )]
    NoSecret {
        /// The field's name.
        field: &'static str,
        /// The options that would supply it.
        options: &'static str,
    },

    /// An environment variable named as a secret source is not set.
    #[error("environment variable {name} (named for the {field}) is not set")]
    EnvMissing {
        /// The field's name.
        field: &'static str,
        /// The variable's name.
        name: String,
    },

    /// Reading an input or writing the output failed.
    #[error("cannot {action}: {source}")]
    Io {
        /// What was being done, e.g. "read the password from /path".
        action: String,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// The class of this error, which decides the exit status.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::NoSecret { .. } => ErrorClass::Usage,
            Error::Nul { .. }
            | Error::InvalidUtf8 { .. }
            | Error::Empty { .. }
            | Error::NotLatin1 { .. }
            | Error::Base64 { .. }
            | Error::NoBase64 { .. }
            | Error::DecodeFailed { .. }
            | Error::TooLong { .. }
            | Error::UnexpectedChallenge { .. } => ErrorClass::Data,
            Error::EnvMissing { .. } | Error::Io { .. } => ErrorClass::Io,
        }
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(action: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            action: action.into(),
            source,
        }
    }
}
