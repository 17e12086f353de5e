//! The bytes under a session: the TCP or TLS stream, the bounded line
//! reader that watches the deadlines and the stop flag, and the server's
//! TLS handshake.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use rustls::{ServerConnection, StreamOwned};
use saslenc::protocol::lines::{LineBuffer, Next, MAX_LINE_LEN};
use zeroize::Zeroizing;

use super::{Shared, HANDSHAKE, IDLE, TICK};

pub(super) enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Stream {
    /// The client's certificate chain, as the TLS handshake kept it
    /// (empty without TLS, or when the client sent none).
    pub(super) fn client_chain(&self) -> Vec<rustls::pki_types::CertificateDer<'static>> {
        match self {
            Stream::Plain(_) => Vec::new(),
            Stream::Tls(tls) => tls
                .conn
                .peer_certificates()
                .map(|certs| certs.iter().map(|c| c.clone().into_owned()).collect())
                .unwrap_or_default(),
        }
    }
}

impl Stream {
    pub(super) fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => &tls.sock,
        }
    }

    /// The channel bindings of the TLS connection (none in plain text),
    /// `certificate` being the server's own.
    pub(super) fn channel_bindings(
        &self,
        certificate: &[u8],
    ) -> Vec<saslenc::mech::ChannelBinding> {
        match self {
            Stream::Plain(_) => Vec::new(),
            Stream::Tls(tls) => {
                saslenc::mech::channel_binding::of_connection(&tls.conn, Some(certificate))
            }
        }
    }

    pub(super) fn into_tcp(self) -> TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => tls.sock,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// Why reading stopped.
pub(super) enum Stop {
    Closed,
    Idle,
    TooLong,
    Shutdown,
    Failed(String),
}

/// The bytes read and not yet used, cut into lines by the one bounded
/// [`LineBuffer`] (zeroized on drop: they may hold a password).
pub(super) struct Reader {
    pub(super) lines: LineBuffer,
}

impl Reader {
    pub(super) fn new() -> Self {
        Reader {
            lines: LineBuffer::new(MAX_LINE_LEN),
        }
    }

    /// Adds what the stream has, at most `room` bytes, waiting in ticks
    /// so that the stop flag and the time limits are seen.
    pub(super) fn fill(
        &mut self,
        stream: &mut Stream,
        shared: &Shared,
        end: Instant,
        room: usize,
    ) -> Result<(), Stop> {
        let idle_end = Instant::now() + IDLE;
        let mut chunk = Zeroizing::new([0u8; 4096]);
        let room = room.clamp(1, chunk.len());
        loop {
            if shared.stop.load(Ordering::Relaxed) {
                return Err(Stop::Shutdown);
            }
            let now = Instant::now();
            if now >= idle_end || now >= end {
                return Err(Stop::Idle);
            }
            let _ = stream.tcp().set_read_timeout(Some(TICK));
            match stream.read(&mut chunk[..room]) {
                Ok(0) => return Err(Stop::Closed),
                Ok(n) => {
                    self.lines.push(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if waiting(&e) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Err(Stop::Closed),
                Err(e) => return Err(Stop::Failed(e.to_string())),
            }
        }
    }

    /// One line without its line end, and whether it ended in a bare LF.
    pub(super) fn line(
        &mut self,
        stream: &mut Stream,
        shared: &Shared,
        end: Instant,
    ) -> Result<(Zeroizing<Vec<u8>>, bool), Stop> {
        loop {
            match self.lines.next_line() {
                Next::Line(line) => return Ok((line.bytes, line.bare_lf)),
                Next::TooLong => return Err(Stop::TooLong),
                Next::More => {
                    let room = self.lines.room();
                    self.fill(stream, shared, end, room)?
                }
            }
        }
    }

    /// Exactly `n` bytes.
    pub(super) fn exact(
        &mut self,
        n: usize,
        stream: &mut Stream,
        shared: &Shared,
        end: Instant,
    ) -> Result<Zeroizing<Vec<u8>>, Stop> {
        loop {
            if let Some(bytes) = self.lines.take_exact(n) {
                return Ok(bytes);
            }
            // The literal's own bytes, not the line's room: past the line
            // limit that would be one byte a read (32 MiB took minutes).
            let room = n.saturating_sub(self.lines.buffered());
            self.fill(stream, shared, end, room)?;
        }
    }
}

/// The server's TLS handshake on `tcp`. On an implicit-TLS port, a client
/// that speaks first in plain text is named as such.
pub(super) fn handshake(
    tcp: TcpStream,
    reader: &mut Reader,
    shared: &Shared,
    implicit: bool,
) -> Result<Stream, String> {
    let end = Instant::now() + HANDSHAKE;
    let _ = tcp.set_read_timeout(Some(TICK));
    if implicit {
        let mut first = [0u8; 1];
        loop {
            if Instant::now() >= end || shared.stop.load(Ordering::Relaxed) {
                return Err("the client sent nothing".into());
            }
            match tcp.peek(&mut first) {
                Ok(0) => return Err("the client closed the connection".into()),
                Ok(_) => break,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        if first[0] != 0x16 {
            return Err(
                "the client spoke in plain text on an implicit-TLS port: it expects STARTTLS; \
                 serve this port with the smtp://, imap:// or pop3:// scheme, or make the client \
                 use implicit TLS (smtps, imaps, pop3s)"
                    .into(),
            );
        }
    }
    reader.lines.take_buffered();
    let connection = ServerConnection::new(Arc::clone(&shared.tls)).map_err(|e| e.to_string())?;
    let mut tls = StreamOwned::new(connection, tcp);
    while tls.conn.is_handshaking() {
        // A stalled handshake does not hold a shutdown.
        if shared.stop.load(Ordering::Relaxed) {
            return Err("the server is shutting down".into());
        }
        if Instant::now() >= end {
            return Err(format!(
                "the handshake did not finish within {} s",
                HANDSHAKE.as_secs()
            ));
        }
        match tls.conn.complete_io(&mut tls.sock) {
            Ok((0, 0)) if tls.conn.wants_read() => {
                return Err("the client closed the connection".into())
            }
            Ok(_) => {}
            Err(e) if waiting(&e) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(Stream::Tls(Box::new(tls)))
}

/// Whether a read or handshake error only means "nothing yet".
pub(super) fn waiting(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}
