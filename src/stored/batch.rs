//! Many stored secrets at once, from `user:password` lines, on every core
//! (with the `parallel` feature, on by default), in input order.
//!
//! Each line is `user:password` (split at the first `:`; the password is
//! the rest of the line as is, spaces included) or `user<TAB>base64` (the
//! password base64-encoded, for passwords that hold a newline, a NUL-free
//! control character or anything a text editor would mangle). A `\r`
//! before the line end is dropped (files from Windows); empty lines and
//! lines starting with `#` are skipped.

use super::{Made, Spec};
use crate::{encoding, field, Error, Secret};

/// The largest batch input read: 64 MiB, about a million users; far more
/// than any user database, small enough to hold in memory.
pub const MAX_BATCH_LEN: usize = 64 << 20;

/// One parsed line.
pub struct Entry {
    /// The 1-based line number.
    pub line: usize,
    /// The user name.
    pub user: String,
    /// The password.
    pub password: Secret,
}

/// A line that could not be used or made into a secret, by number.
#[derive(Debug)]
pub struct LineError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong (never the password).
    pub error: Error,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

/// Splits `input` into entries; a line that is not `user:password` or
/// `user<TAB>base64` is an error for that line only.
///
/// ```
/// let entries = saslenc::stored::batch::parse(b"# users\nalice:pen cil\r\nbob\tcGVuY2ls\n\njoe\n");
/// assert_eq!(entries.len(), 3);
/// let alice = entries[0].as_ref().unwrap();
/// assert_eq!((alice.line, alice.user.as_str(), alice.password.expose()), (2, "alice", &b"pen cil"[..]));
/// assert_eq!(entries[1].as_ref().unwrap().password.expose(), b"pencil");
/// assert_eq!(entries[2].as_ref().err().unwrap().line, 5);
/// ```
pub fn parse(input: &[u8]) -> Vec<Result<Entry, LineError>> {
    input
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with(b"#"))
        .map(|(line, text)| {
            parse_line(text)
                .map_err(|error| LineError { line, error })
                .map(|(user, password)| Entry {
                    line,
                    user,
                    password,
                })
        })
        .collect()
}

fn parse_line(text: &[u8]) -> Result<(String, Secret), Error> {
    let Some(at) = text.iter().position(|&b| b == b':' || b == b'\t') else {
        return Err(Error::BatchLine {
            reason: "it has no ':' and no tab",
        });
    };
    let user = field::utf8("user", &text[..at])?.to_owned();
    field::non_empty(
        "user",
        user.as_bytes(),
        "each line names a user before its ':'",
    )?;
    let rest = &text[at + 1..];
    let password = if text[at] == b':' {
        Secret::new(rest.to_vec())
    } else {
        let b64 = field::utf8("base64 password", rest)?;
        // The decoder's message names the offending character, which is
        // part of the password's text: say only what is wrong.
        let bytes = encoding::decode("base64 password", b64.trim_ascii_end()).map_err(|_| {
            Error::Base64 {
                field: "base64 password",
                reason: "expected the standard alphabet (A-Z a-z 0-9 + /), padding optional"
                    .to_owned(),
            }
        })?;
        Secret::new(bytes.to_vec())
    };
    Ok((user, password))
}

/// Makes the secret of every entry with `spec`, in parallel when the
/// `parallel` feature is on, and returns them in the entries' order.
/// `done` is called once per entry as it finishes (from any thread), to
/// drive a progress display.
pub fn make_all(
    spec: &Spec,
    entries: &[Entry],
    done: &(dyn Fn() + Sync),
) -> Vec<Result<Made, LineError>> {
    let one = |entry: &Entry| {
        let made = spec
            .make(Some(&entry.user), entry.password.expose())
            .map_err(|error| LineError {
                line: entry.line,
                error,
            });
        done();
        made
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // One secret per task: each is thousands of PBKDF2 rounds, far
        // above rayon's per-task cost.
        entries.par_iter().with_max_len(1).map(one).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        entries.iter().map(one).collect()
    }
}
