//! The one blocking driver: runs a [`Dialogue`] over any byte stream that
//! can read, write and bound its reads in time (a `TcpStream`, a rustls
//! stream over one, an in-memory pipe in tests).
//!
//! Every read is bounded: a line may not pass [`MAX_LINE`] bytes, and it
//! must arrive whole within the timeout, however slowly its bytes come.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::dialogue::{Action, Dialogue};
use crate::server_line::MAX_LINE_LEN;
use crate::Error;

/// The longest server line saslenc reads: the same bound as for a pasted
/// line ([`MAX_LINE_LEN`], 64 KiB, where the reason for that number is).
/// An SMTP reply line has at most 512 octets (RFC 5321), an IMAP
/// capability list a few kilobytes; a server sending one endless line
/// cannot make saslenc hold more than this.
pub const MAX_LINE: usize = MAX_LINE_LEN;

/// The size of one read from the stream.
const CHUNK: usize = 4096;

/// A byte stream whose reads can be bounded in time.
pub trait Transport: Read + Write {
    /// Bounds the next reads; `None` blocks without limit.
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
}

impl Transport for std::net::TcpStream {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        std::net::TcpStream::set_read_timeout(self, timeout)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        (**self).set_read_timeout(timeout)
    }
}

/// Reads CRLF- (or LF-) terminated lines, keeping what came after the
/// last line, so that bytes a server sent too early can be seen (STARTTLS
/// injection, CVE-2011-0411).
#[derive(Default)]
pub struct LineReader {
    buf: Zeroizing<Vec<u8>>,
}

impl LineReader {
    /// A reader with nothing buffered.
    pub fn new() -> Self {
        LineReader::default()
    }

    /// How many bytes are buffered past the last line read.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Reads one line, without its line end, within `timeout`; `what`
    /// names what is awaited, for the error messages.
    pub fn read_line(
        &mut self,
        stream: &mut dyn Transport,
        timeout: Duration,
        what: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let deadline = Instant::now() + timeout;
        let mut searched = 0;
        loop {
            if let Some(end) = self.buf[searched..].iter().position(|&b| b == b'\n') {
                let end = searched + end;
                let mut line = Zeroizing::new(self.buf[..end].to_vec());
                self.buf.drain(..=end);
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            searched = self.buf.len();
            if self.buf.len() >= MAX_LINE {
                return Err(Error::Protocol(format!(
                    "a line from the server passed {MAX_LINE} bytes without a line end"
                )));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out(what, timeout));
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|e| Error::io("set the read timeout", e))?;
            let mut chunk = Zeroizing::new([0u8; CHUNK]);
            let room = (MAX_LINE - self.buf.len()).min(CHUNK);
            match stream.read(&mut chunk[..room]) {
                Ok(0) => {
                    return Err(Error::Protocol(format!(
                        "the server closed the connection while saslenc waited for {what}"
                    )))
                }
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read_error(e, what, timeout)),
            }
        }
    }
}

/// A read error: a timeout, or the connection lost.
pub fn read_error(e: io::Error, what: &str, timeout: Duration) -> Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => timed_out(what, timeout),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::UnexpectedEof => Error::Protocol(format!(
            "the connection was lost while saslenc waited for {what}: {e}"
        )),
        _ => Error::io(format!("read {what} from the server"), e),
    }
}

fn timed_out(what: &str, timeout: Duration) -> Error {
    Error::Timeout {
        what: what.to_owned(),
        seconds: timeout.as_secs().max(1),
    }
}

/// Chooses and builds the mechanism from what a dialogue has learnt.
pub type Choose<'c, 'm> =
    dyn FnMut(&Dialogue<'m>) -> Result<Box<dyn super::Client + 'm>, Error> + 'c;

/// Runs `dialogue` over `stream` to its end. `starttls` starts TLS on the
/// stream after STARTTLS and returns the TLS stream; `choose` chooses the
/// mechanism once the capabilities are known (an error ends the session). Errors of the stream end the
/// session; they are returned in the dialogue's outcome unless the
/// session was already judged (a failure while saying goodbye is no
/// failure of the login).
pub fn drive<'a, 'm>(
    dialogue: &mut Dialogue<'m>,
    mut stream: Box<dyn Transport + 'a>,
    timeout: Duration,
    starttls: &mut dyn FnMut(Box<dyn Transport + 'a>) -> Result<Box<dyn Transport + 'a>, Error>,
    choose: &mut Choose<'_, 'm>,
) -> Result<(), Error> {
    let mut reader = LineReader::new();
    loop {
        match dialogue.poll() {
            Action::Send(line) => {
                let mut wire = Zeroizing::new(Vec::with_capacity(line.len() + 2));
                wire.extend_from_slice(&line);
                wire.extend_from_slice(b"\r\n");
                let written = stream.write_all(&wire).and_then(|()| stream.flush());
                if let Err(e) = written {
                    if dialogue.judged() {
                        return Ok(());
                    }
                    return Err(Error::Protocol(format!(
                        "the connection was lost while saslenc was sending: {e}"
                    )));
                }
            }
            Action::Read => {
                let what = dialogue.awaiting();
                match reader.read_line(&mut *stream, timeout, what) {
                    Ok(line) => dialogue.receive(&line)?,
                    Err(_) if dialogue.judged() => return Ok(()),
                    Err(e) => return Err(e),
                }
            }
            Action::StartTls => {
                // RFC 3207 section 4, RFC 2595 section 3.1: nothing the
                // server sent before the handshake may be read after it.
                if reader.buffered() > 0 {
                    return Err(Error::Protocol(format!(
                        "the server sent {} bytes after its STARTTLS reply and before the TLS \
                         handshake; they could have been injected by an attacker \
                         (CVE-2011-0411) and are refused",
                        reader.buffered()
                    )));
                }
                stream = starttls(stream)?;
                dialogue.tls_started();
            }
            Action::Authenticate => match choose(dialogue) {
                Ok(mechanism) => dialogue.authenticate(mechanism),
                Err(error) => dialogue.abandon(error),
            },
            Action::Done => return Ok(()),
        }
    }
}
