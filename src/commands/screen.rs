//! The binary's side of the one boundary for what is shown
//! ([`saslenc::show`]): the secrets of the whole run, and [`shown`], which
//! every writer of run text (a transcript, a verdict, a note, the error
//! line, `serve`'s events) calls last. Those writers take only
//! [`Shown`]. The credential an encoder was asked for is the one output
//! that does not come this way: printing it is the command's job.

use std::sync::{Mutex, MutexGuard};

use saslenc::show::{Secrets, Shown};

/// Every secret read in this run: each password and token, from whatever
/// source it came.
static RUN: Mutex<Secrets> = Mutex::new(Secrets::new(false));

fn run() -> MutexGuard<'static, Secrets> {
    RUN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remembers a secret of the run, to be masked wherever it appears.
pub(crate) fn remember(secret: &[u8]) {
    run().add(secret);
}

/// Remembers every secret `secrets` knows (what a session's peer sent).
#[cfg(feature = "net")]
pub(crate) fn remember_all(secrets: &Secrets) {
    run().extend(secrets);
}

/// Shows nothing masked from now on: `--show-secrets` asked for them.
#[cfg(feature = "net")]
pub(crate) fn reveal() {
    *run() = Secrets::new(true);
}

/// The run's secrets so far, for a library writer that shows run text
/// itself (the conversation's notes).
pub(crate) fn secrets() -> Secrets {
    run().clone()
}

/// A JSON document through the boundary with the run's secrets: masked
/// and escaped, never cut (see [`Secrets::json`]).
pub(crate) fn shown_json(text: &str) -> Shown {
    run().json(text)
}

/// `text` (one line or several) through the boundary with the run's
/// secrets: masked, escaped, each line truncated.
pub(crate) fn shown(text: &str) -> Shown {
    run().lines(text)
}
