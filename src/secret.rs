//! Secrets (passwords, later tokens): a redacting, zeroizing newtype and the
//! places a secret can be read from.

use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::field;
use crate::Error;

/// The longest secret read from a file, a descriptor or standard input.
///
/// OAuth access tokens reach a few kilobytes; a megabyte is far beyond any
/// real credential and stops `--pass-file /dev/zero` from eating memory.
pub const MAX_SECRET_LEN: usize = 1 << 20;

/// A secret value: its `Debug` prints `Secret(redacted)` and its bytes are
/// overwritten with zeros when it is dropped.
///
/// ```
/// let secret = saslenc::Secret::from("pencil");
/// assert_eq!(format!("{secret:?}"), "Secret(redacted)");
/// assert_eq!(secret.expose(), b"pencil");
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps bytes that are already in memory; they are zeroized on drop.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// The secret bytes. Callers must not print them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as UTF-8 text, or an error naming `field` and the offset
    /// of the first invalid byte.
    pub fn as_text(&self, field: &'static str) -> Result<&str, Error> {
        field::utf8(field, &self.0)
    }

    /// Reads a secret of at most [`MAX_SECRET_LEN`] bytes from `reader`,
    /// growing the buffer by copying so that no unzeroized copy is left
    /// behind by a reallocation. `origin` completes the error message
    /// "cannot read the {field} {origin}".
    pub fn read_from(
        field: &'static str,
        origin: &str,
        reader: &mut dyn Read,
    ) -> Result<Self, Error> {
        let mut buf = Zeroizing::new(Vec::with_capacity(256));
        let mut chunk = Zeroizing::new([0u8; 1024]);
        loop {
            let n = match reader.read(&mut chunk[..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(format!("read the {field} {origin}"), e)),
            };
            if buf.len() + n > MAX_SECRET_LEN {
                return Err(Error::TooLong {
                    field,
                    limit: MAX_SECRET_LEN,
                });
            }
            if buf.len() + n > buf.capacity() {
                let mut bigger = Zeroizing::new(Vec::with_capacity((buf.len() + n) * 2));
                bigger.extend_from_slice(&buf);
                buf = bigger;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Ok(Secret(buf))
    }

    /// Removes exactly one trailing `\n` or `\r\n`, nothing else: the line
    /// end that `echo pass > file` or a text editor adds is not part of the
    /// secret, but other trailing white space may be.
    pub fn strip_one_line_end(&mut self) {
        if self.0.last() == Some(&b'\n') {
            self.0.pop();
            if self.0.last() == Some(&b'\r') {
                self.0.pop();
            }
        }
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret::new(text.as_bytes().to_vec())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// Where a secret comes from. Exactly one source is used.
pub enum SecretSource {
    /// Given on the command line (visible in `ps` and shell history).
    Value(Secret),
    /// A file; one trailing line end is stripped.
    File(PathBuf),
    /// An environment variable, taken as is.
    Env(OsString),
    /// An inherited file descriptor (a pipe from the caller, or standard
    /// input as 0), read to end of file from where it stands; one trailing
    /// line end is stripped. The caller opens it: a library without
    /// `unsafe` cannot turn a number into a descriptor, nor tell a closed
    /// standard input from an empty one.
    Fd {
        /// The descriptor's number, for messages.
        fd: u32,
        /// The descriptor itself.
        file: File,
    },
    /// Asked for on the terminal without echo, with this prompt (with the
    /// `cli` feature: it needs the terminal crate).
    #[cfg(feature = "cli")]
    Prompt(String),
}

impl fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Value(_) => f.write_str("Value(redacted)"),
            SecretSource::File(path) => f.debug_tuple("File").field(path).finish(),
            SecretSource::Env(name) => f.debug_tuple("Env").field(name).finish(),
            SecretSource::Fd { fd, .. } => f.debug_tuple("Fd").field(fd).finish(),
            #[cfg(feature = "cli")]
            SecretSource::Prompt(prompt) => f.debug_tuple("Prompt").field(prompt).finish(),
        }
    }
}

impl SecretSource {
    /// Reads the secret. `field` names it in error messages (`"password"`).
    pub fn read(self, field: &'static str) -> Result<Secret, Error> {
        match self {
            SecretSource::Value(secret) => Ok(secret),
            SecretSource::File(path) => {
                let origin = format!("from {}", path.display());
                let mut file = File::open(&path)
                    .map_err(|e| Error::io(format!("read the {field} {origin}"), e))?;
                read_stripped(field, &origin, &mut file)
            }
            SecretSource::Env(name) => match std::env::var_os(&name) {
                Some(value) => Ok(Secret::new(value.into_encoded_bytes())),
                None => Err(Error::EnvMissing {
                    field,
                    name: name.to_string_lossy().into_owned(),
                }),
            },
            SecretSource::Fd { fd: 0, mut file } => {
                read_stripped(field, "from standard input", &mut file)
            }
            SecretSource::Fd { fd, mut file } => {
                read_stripped(field, &format!("from file descriptor {fd}"), &mut file)
            }
            #[cfg(feature = "cli")]
            SecretSource::Prompt(prompt) => prompt_without_echo(field, &prompt),
        }
    }
}

/// Asks for a secret on the controlling terminal with echo off, as
/// `getpass(3)` does: the terminal's own line editing (erase, kill) stays,
/// echo and the keys that send signals are off, so that the bytes typed,
/// TAB and escape sequences included, are the bytes of the secret; only
/// the final line end is removed. Invalid UTF-8 is kept as typed, for the
/// mechanism to refuse. Control-C ends the prompt with an error.
#[cfg(feature = "cli")]
fn prompt_without_echo(field: &'static str, prompt: &str) -> Result<Secret, Error> {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, SpecialCodeIndex};
    const CONTROL_C: u8 = 0x03;
    use std::io::Write;

    let action = || format!("prompt for the {field} on the terminal");
    let mut tty = File::options()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| Error::io(action(), e))?;
    let original = tcgetattr(&tty).map_err(|e| Error::io(action(), e.into()))?;
    let mut quiet = original.clone();
    quiet.local_modes -= LocalModes::ECHO | LocalModes::ISIG;
    quiet.local_modes |= LocalModes::ICANON;
    // With the signal keys off, Control-C is a byte; as an extra end of
    // line it ends the read at once, and is then taken as "stop".
    quiet.special_codes[SpecialCodeIndex::VEOL] = CONTROL_C;
    // Echo off before the prompt shows, as getpass(3) does, so that
    // nothing typed after it is echoed; what was typed before is dropped.
    tcsetattr(&tty, OptionalActions::Flush, &quiet).map_err(|e| Error::io(action(), e.into()))?;
    // Read the line, then put the terminal back whatever happened.
    let read = tty
        .write_all(prompt.as_bytes())
        .and_then(|()| tty.flush())
        .and_then(|()| read_tty_line(&mut tty));
    let restored = tcsetattr(&tty, OptionalActions::Now, &original);
    let _ = tty.write_all(b"\n");
    let line = read.map_err(|e| Error::io(action(), e))?;
    restored.map_err(|e| Error::io(action(), e.into()))?;
    let mut secret = line;
    if secret.0.contains(&CONTROL_C) {
        return Err(Error::io(
            action(),
            io::Error::new(io::ErrorKind::Interrupted, "interrupted with Control-C"),
        ));
    }
    secret.strip_one_line_end();
    Ok(secret)
}

/// One canonical-mode line from the terminal, at most [`MAX_SECRET_LEN`]
/// bytes, into a zeroizing buffer.
#[cfg(feature = "cli")]
fn read_tty_line(tty: &mut File) -> io::Result<Secret> {
    let mut buf = Zeroizing::new(Vec::with_capacity(1024));
    let mut chunk = Zeroizing::new([0u8; 1024]);
    loop {
        let n = match tty.read(&mut chunk[..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            // Control-D on an empty line.
            break;
        }
        if buf.len() + n > MAX_SECRET_LEN {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
        }
        if buf.len() + n > buf.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity((buf.len() + n) * 2));
            bigger.extend_from_slice(&buf);
            buf = bigger;
        }
        buf.extend_from_slice(&chunk[..n]);
        if matches!(buf.last(), Some(b'\n' | 0x03)) {
            break;
        }
    }
    Ok(Secret(buf))
}

fn read_stripped(
    field: &'static str,
    origin: &str,
    reader: &mut dyn Read,
) -> Result<Secret, Error> {
    let mut secret = Secret::read_from(field, origin, reader)?;
    secret.strip_one_line_end();
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(bytes: &[u8]) -> Vec<u8> {
        let mut secret = Secret::new(bytes.to_vec());
        secret.strip_one_line_end();
        secret.expose().to_vec()
    }

    #[test]
    fn strips_exactly_one_line_end() {
        assert_eq!(stripped(b"pencil\n"), b"pencil");
        assert_eq!(stripped(b"pencil\r\n"), b"pencil");
        assert_eq!(stripped(b"pencil\n\n"), b"pencil\n");
        assert_eq!(stripped(b"pencil \n"), b"pencil ");
        assert_eq!(stripped(b"pencil\r"), b"pencil\r");
        assert_eq!(stripped(b"pencil"), b"pencil");
        assert_eq!(stripped(b"\n"), b"");
    }

    #[test]
    fn reads_long_input_across_growth() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let secret = Secret::read_from("password", "from a test", &mut &data[..]).unwrap();
        assert_eq!(secret.expose(), &data[..]);
    }

    #[test]
    fn refuses_more_than_the_limit() {
        let mut endless = io::repeat(b'x');
        let err = Secret::read_from("password", "from a test", &mut endless).unwrap_err();
        assert!(matches!(err, Error::TooLong { .. }), "{err}");
    }

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        let source = SecretSource::Value(secret);
        assert!(!format!("{source:?}").contains("hunter2"));
    }
}
