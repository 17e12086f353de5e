//! The command line's errors: the library's, and the cases only a command
//! line has (a usage error, an output whose reader has gone, `serve
//! --once`'s verdict). [`super::exit::code`] turns each one's class into
//! the exit status; [`super::message`] words it.

use saslenc::ErrorClass;

/// Whatever ends a command with a failure.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// The library's error, worded with the options by [`super::wording`].
    #[error(transparent)]
    Lib(#[from] saslenc::Error),

    /// Options that cannot be used together, or one that needs another.
    #[error("{0}")]
    Usage(&'static str),

    /// A usage error whose message names a value given on the command
    /// line (never a secret).
    #[error("{0}")]
    UsageOf(String),

    /// Standard output is a pipe whose reader has gone (`saslenc decode
    /// ... | head`): the output ends there, quietly, as `cat` and `grep`
    /// end, with status 0 and no message, except in the conversation,
    /// where the lines still to be sent are an I/O error.
    #[error("standard output was closed by its reader")]
    OutputClosed,

    /// `serve --once`: the one connection's login was not accepted; the
    /// class says how (refused, malformed, TLS failed, no login, no
    /// connection).
    #[cfg(feature = "net")]
    #[error("{detail}")]
    NotAccepted {
        /// The exit status's class.
        class: ErrorClass,
        /// What happened, in words.
        detail: String,
    },
}

impl Error {
    /// The class that decides the exit status.
    pub(crate) fn class(&self) -> ErrorClass {
        match self {
            Error::Lib(e) => e.class(),
            Error::Usage(_) | Error::UsageOf(_) => ErrorClass::Usage,
            Error::OutputClosed => ErrorClass::Io,
            #[cfg(feature = "net")]
            Error::NotAccepted { class, .. } => *class,
        }
    }

    /// Shorthand for the library's [`saslenc::Error::Io`].
    pub(crate) fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        Error::Lib(saslenc::Error::io(action, source))
    }
}
