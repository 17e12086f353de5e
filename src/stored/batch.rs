//! Many stored secrets at once, from `user:password` lines, on every core
//! (with the `parallel` feature, on by default), in input order.
//!
//! Each line is `user:password` (split at the first `:`; the password is
//! the rest of the line as is, spaces included) or `user<TAB>base64` (the
//! password base64-encoded, for passwords that hold a newline, a NUL-free
//! control character or anything a text editor would mangle). A `\r`
//! before the line end is dropped (files from Windows); empty lines and
//! lines starting with `#` are skipped; a UTF-8 byte order mark before the
//! first line is skipped too ([`Lines::had_bom`] says so).
//!
//! [`Lines`] reads the input a line at a time, holding one line and one
//! read buffer (both zeroized), so an input of any size is read in
//! bounded memory; [`make_all`] makes the secrets of a group of entries.

use std::io::{self, Read};

use zeroize::Zeroizing;

use super::{Made, Spec};
use crate::{encoding, field, Error, Secret};

/// The longest line read: 2 MiB, room for the longest password saslenc
/// reads anywhere ([`crate::secret::MAX_SECRET_LEN`], 1 MiB) in its base64
/// form (1.34 MiB) and a user name. A longer line is an error for that
/// line alone; its bytes are skipped, never held.
pub const MAX_LINE_LEN: usize = 2 << 20;

/// The UTF-8 encoding of U+FEFF, which some editors put at the start of a
/// file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much is read from the input at a time.
const READ_LEN: usize = 64 << 10;

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
/// `user<TAB>base64` is an error for that line only. (All at once: for
/// input of any size, read it with [`Lines`].)
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
    let mut lines = Lines::new(input);
    let mut entries = Vec::new();
    // Reading a byte slice cannot fail.
    while let Ok(Some(entry)) = lines.next_entry() {
        entries.push(entry);
    }
    entries
}

/// The entries of a batch input, read a line at a time.
///
/// ```
/// use saslenc::stored::batch::Lines;
/// let mut lines = Lines::new(&b"\xEF\xBB\xBFalice:pencil\nbob:lead\n"[..]);
/// let alice = lines.next_entry()?.unwrap().unwrap();
/// assert_eq!(alice.user, "alice");
/// assert!(lines.had_bom());
/// assert_eq!(lines.next_entry()?.unwrap().unwrap().line, 2);
/// assert!(lines.next_entry()?.is_none());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Lines<R> {
    reader: R,
    /// What was read and not yet taken: `buf[pos..len]`.
    buf: Zeroizing<Vec<u8>>,
    pos: usize,
    len: usize,
    eof: bool,
    /// The line being read, allocated once at [`MAX_LINE_LEN`] so that it
    /// never moves (a moved buffer would leave a password behind).
    line: Zeroizing<Vec<u8>>,
    number: usize,
    bom: bool,
    consumed: u64,
}

impl<R: Read> Lines<R> {
    /// Reads entries from `reader`.
    pub fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            buf: Zeroizing::new(vec![0; READ_LEN]),
            pos: 0,
            len: 0,
            eof: false,
            line: Zeroizing::new(Vec::new()),
            number: 0,
            bom: false,
            consumed: 0,
        }
    }

    /// Whether the input opened with a UTF-8 byte order mark (skipped, not
    /// taken as part of the first user name).
    pub fn had_bom(&self) -> bool {
        self.bom
    }

    /// Whether input already read is waiting to be taken, so that the next
    /// entry may come without waiting for the reader (a pipe, a terminal).
    pub fn buffered(&self) -> bool {
        self.pos < self.len
    }

    /// How many bytes of input have been taken so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The next entry (or the error of the next line that is not blank or
    /// a comment); `None` at the end of the input. An `Err` is a failure
    /// to read the input itself.
    pub fn next_entry(&mut self) -> io::Result<Option<Result<Entry, LineError>>> {
        loop {
            let Some(complete) = self.read_line()? else {
                return Ok(None);
            };
            self.number += 1;
            let line = self.number;
            if !complete {
                return Ok(Some(Err(LineError {
                    line,
                    error: Error::TooLong {
                        field: "the line",
                        limit: MAX_LINE_LEN,
                    },
                })));
            }
            let mut text = &self.line[..];
            if line == 1 {
                if let Some(rest) = text.strip_prefix(BOM) {
                    self.bom = true;
                    text = rest;
                }
            }
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() || text.starts_with(b"#") {
                continue;
            }
            return Ok(Some(
                parse_line(text)
                    .map_err(|error| LineError { line, error })
                    .map(|(user, password)| Entry {
                        line,
                        user,
                        password,
                    }),
            ));
        }
    }

    /// Reads the next line, without its `\n`, into `self.line`: `None` at
    /// the end of the input, `Some(false)` when the line was longer than
    /// [`MAX_LINE_LEN`] (and skipped to its end).
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        if self.line.capacity() < MAX_LINE_LEN {
            self.line = Zeroizing::new(Vec::with_capacity(MAX_LINE_LEN));
        }
        self.line.clear();
        let mut fits = true;
        let mut any = false;
        loop {
            if self.pos == self.len {
                if self.eof {
                    break;
                }
                let n = loop {
                    match self.reader.read(&mut self.buf) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other?,
                    }
                };
                if n == 0 {
                    self.eof = true;
                    break;
                }
                (self.pos, self.len) = (0, n);
            }
            any = true;
            let available = &self.buf[self.pos..self.len];
            let end = available.iter().position(|&b| b == b'\n');
            let take = end.unwrap_or(available.len());
            if fits && self.line.len() + take <= MAX_LINE_LEN {
                self.line.extend_from_slice(&available[..take]);
            } else {
                fits = false;
            }
            let step = take + usize::from(end.is_some());
            self.pos += step;
            self.consumed += step as u64;
            if end.is_some() {
                break;
            }
        }
        Ok(any.then_some(fits))
    }
}

impl<R: Read> Iterator for Lines<R> {
    type Item = io::Result<Result<Entry, LineError>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
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
