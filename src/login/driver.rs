//! The one blocking driver: runs a [`Dialogue`] over any byte stream that
//! can read, write and bound its reads in time (a `TcpStream`, a rustls
//! stream over one, an in-memory pipe in tests).
//!
//! Every read is bounded: a line may not pass [`MAX_LINE`] bytes, and the
//! whole session, from the first byte read to the verdict, ends at one
//! [`Deadline`], however slowly the server's bytes come (the TLS layer's
//! own reads included: they go through [`DeadlineStream`]).

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::dialogue::{Action, Dialogue};
use crate::protocol::lines::{LineBuffer, Next, MAX_LINE_LEN};
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

/// The instant by which a whole session must end (`--timeout` from its
/// start), with the timeout it came from, for messages. One deadline is
/// passed down, never a timeout per read added up: a server that drips
/// one byte at a time, or sends continuation lines forever, cannot stretch
/// it.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
    timeout: Duration,
}

impl Deadline {
    /// `timeout` from now. A timeout too large to add to the clock (only a
    /// caller's mistake: centuries) is taken as no deadline at all within
    /// the program's life, a year from now.
    pub fn after(timeout: Duration) -> Deadline {
        let now = Instant::now();
        let at = now
            .checked_add(timeout)
            .or_else(|| now.checked_add(Duration::from_secs(365 * 24 * 3600)))
            .unwrap_or(now);
        Deadline { at, timeout }
    }

    /// The time left, zero once it has passed.
    pub fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The error for a session that reached the deadline waiting for `what`.
    pub fn timed_out(&self, what: &str) -> Error {
        Error::Timeout {
            what: what.to_owned(),
            seconds: self.timeout.as_secs().max(1),
        }
    }
}

/// A stream whose every read and write ends by the [`Deadline`]: each
/// sets the stream's own timeout to the time left, and none starts once it
/// has passed. The TLS layer reads through it, so a handshake or a record
/// sent one byte at a time is bounded too.
pub struct DeadlineStream<'a> {
    inner: Box<dyn Transport + 'a>,
    deadline: Deadline,
}

impl<'a> DeadlineStream<'a> {
    /// `inner`, bounded by `deadline`.
    pub fn new(inner: Box<dyn Transport + 'a>, deadline: Deadline) -> Self {
        DeadlineStream { inner, deadline }
    }

    fn left(&self) -> io::Result<Duration> {
        let left = self.deadline.left();
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the deadline has passed",
            ));
        }
        Ok(left)
    }
}

impl Read for DeadlineStream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.inner.set_read_timeout(Some(left))?;
        self.inner.read(buf)
    }
}

impl Write for DeadlineStream<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.left()?;
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Transport for DeadlineStream<'_> {
    /// The deadline decides: a longer timeout asked for is cut to it.
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        let left = self.left()?;
        self.inner
            .set_read_timeout(Some(timeout.map_or(left, |t| t.min(left))))
    }
}

/// Reads CRLF- (or LF-) terminated lines by a deadline, through the one
/// bounded [`LineBuffer`], which keeps what came after the last line, so
/// that bytes a server sent too early can be seen (STARTTLS injection,
/// CVE-2011-0411).
pub struct LineReader {
    lines: LineBuffer,
}

impl Default for LineReader {
    fn default() -> Self {
        LineReader {
            lines: LineBuffer::new(MAX_LINE),
        }
    }
}

impl LineReader {
    /// A reader with nothing buffered.
    pub fn new() -> Self {
        LineReader::default()
    }

    /// How many bytes are buffered past the last line read.
    pub fn buffered(&self) -> usize {
        self.lines.buffered()
    }

    /// Takes every byte buffered past the last line read.
    pub fn take_buffered(&mut self) -> Zeroizing<Vec<u8>> {
        self.lines.take_buffered()
    }

    /// Reads one line, without its line end, by `deadline`; `what`
    /// names what is awaited, for the error messages.
    pub fn read_line(
        &mut self,
        stream: &mut dyn Transport,
        deadline: Deadline,
        what: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.read_line_unless(stream, deadline, what, &|_| None)
    }

    /// [`read_line`](LineReader::read_line), which ends at once with the
    /// error `refuse` finds in the bytes buffered so far, without waiting
    /// for a line end that may never come.
    pub fn read_line_unless(
        &mut self,
        stream: &mut dyn Transport,
        deadline: Deadline,
        what: &str,
        refuse: &dyn Fn(&[u8]) -> Option<Error>,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        loop {
            if let Some(error) = refuse(self.lines.pending()) {
                return Err(error);
            }
            match self.lines.next_line() {
                Next::Line(line) => return Ok(line.bytes),
                Next::TooLong => {
                    return Err(Error::Protocol(format!(
                        "a line from the server passed {MAX_LINE} bytes without a line end"
                    )))
                }
                Next::More => {}
            }
            let left = deadline.left();
            if left.is_zero() {
                return Err(deadline.timed_out(what));
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|e| Error::io("set the read timeout", e))?;
            let mut chunk = Zeroizing::new([0u8; CHUNK]);
            let room = self.lines.room().min(CHUNK);
            match stream.read(&mut chunk[..room]) {
                Ok(0) => {
                    return Err(Error::Protocol(format!(
                        "the server closed the connection while saslenc waited for {what}"
                    )))
                }
                Ok(n) => self.lines.push(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read_error(e, what, deadline)),
            }
        }
    }
}

/// A read error: a timeout, or the connection lost.
pub fn read_error(e: io::Error, what: &str, deadline: Deadline) -> Error {
    if let Some(alert) = super::client_cert::alert_error(&e) {
        return alert;
    }
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => deadline.timed_out(what),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::UnexpectedEof => Error::Protocol(format!(
            "the connection was lost while saslenc waited for {what}: {e}"
        )),
        _ => Error::io(format!("read {what} from the server"), e),
    }
}

/// The error for a server whose next reply had arrived before saslenc
/// wrote its next line of the authentication: the reply cannot answer a
/// line the server had not read (a success so sent was decided before the
/// credentials came). The line is not sent; the early bytes go into the
/// transcript, to show what came.
fn answered_before_asked(dialogue: &mut Dialogue<'_>, reader: &mut LineReader) -> Error {
    let early = reader.take_buffered();
    dialogue.transcript.note(
        "saslenc did not send the line above: the server's next reply (below) had already \
         arrived",
    );
    let mut first = None;
    for line in early.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        first.get_or_insert(line);
        dialogue.transcript.server(line);
    }
    let first = first.unwrap_or_default();
    let shown = dialogue.transcript.mask(&crate::field::peer(first));
    Error::Protocol(format!(
        "the server sent its next reply ({shown}) before saslenc's line was written ({} bytes \
         were already there); a reply to a line the server had not read is no answer to it, and \
         a success so sent did not check the credentials",
        early.len()
    ))
}

/// Chooses and builds the mechanism from what a dialogue has learnt.
pub type Choose<'c, 'm> =
    dyn FnMut(&mut Dialogue<'m>) -> Result<Box<dyn crate::mech::Client + 'm>, Error> + 'c;

/// Runs `dialogue` over `stream` to its end. `starttls` starts TLS on the
/// stream after STARTTLS and returns the TLS stream; `choose` chooses the
/// mechanism once the capabilities are known (an error ends the session). Errors of the stream end the
/// session; they are returned in the dialogue's outcome unless the
/// session was already judged (a failure while saying goodbye is no
/// failure of the login).
pub fn drive<'a, 'm>(
    dialogue: &mut Dialogue<'m>,
    mut stream: Box<dyn Transport + 'a>,
    deadline: Deadline,
    starttls: &mut dyn FnMut(Box<dyn Transport + 'a>) -> Result<Box<dyn Transport + 'a>, Error>,
    choose: &mut Choose<'_, 'm>,
) -> Result<(), Error> {
    let mut reader = LineReader::new();
    loop {
        match dialogue.poll() {
            Action::Send(line) => {
                if dialogue.exchanging() && reader.buffered() > 0 {
                    return Err(answered_before_asked(dialogue, &mut reader));
                }
                let mut wire = Zeroizing::new(Vec::with_capacity(line.len() + 2));
                wire.extend_from_slice(&line);
                wire.extend_from_slice(b"\r\n");
                // The deadline may have passed while the line was made
                // (a SCRAM proof with a huge iteration count): the check
                // timed out, and the line queued in the transcript was
                // never sent.
                if deadline.left().is_zero() && !dialogue.judged() {
                    dialogue.transcript.note(
                        "(the line above was not sent: the deadline passed while it was made)",
                    );
                    return Err(deadline.timed_out(dialogue.awaiting()));
                }
                let written = stream.write_all(&wire).and_then(|()| stream.flush());
                if let Err(e) = written {
                    if dialogue.judged() {
                        return Ok(());
                    }
                    if e.kind() == std::io::ErrorKind::TimedOut {
                        return Err(deadline.timed_out(dialogue.awaiting()));
                    }
                    return Err(Error::Protocol(format!(
                        "the connection was lost while saslenc was sending: {e}"
                    )));
                }
            }
            Action::Read => {
                let what = dialogue.awaiting();
                let refuse = |bytes: &[u8]| dialogue.tls_record_for_greeting(bytes);
                match reader.read_line_unless(&mut *stream, deadline, what, &refuse) {
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
