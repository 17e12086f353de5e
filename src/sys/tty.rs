//! The no-echo prompt on the controlling terminal, for a secret that no
//! option gave.

use std::fs::File;
use std::io::{self, Read, Write};

use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, SpecialCodeIndex};
use saslenc::secret::MAX_SECRET_LEN;
use saslenc::{Error, Secret};
use zeroize::Zeroizing;

/// Control-C, a byte like any other once the signal keys are off.
const CONTROL_C: u8 = 0x03;

/// Asks for a secret on the controlling terminal with echo off, as
/// `getpass(3)` does: the terminal's own line editing (erase, kill) stays,
/// echo and the keys that send signals are off, so that the bytes typed,
/// TAB and escape sequences included, are the bytes of the secret; only
/// the final line end is removed. Invalid UTF-8 is kept as typed, for the
/// mechanism to refuse. Control-C ends the prompt with an error. `field`
/// names the secret in error messages (`"password"`).
pub fn prompt_without_echo(field: &'static str, prompt: &str) -> Result<Secret, Error> {
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
    if secret.expose().contains(&CONTROL_C) {
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
        if matches!(buf.last(), Some(&(b'\n' | CONTROL_C))) {
            break;
        }
    }
    // The buffer itself moves into the secret: no copy is left behind.
    Ok(Secret::new(std::mem::take(&mut *buf)))
}
