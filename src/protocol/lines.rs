//! The one bounded line reader: lines from a server, a client, a pasted
//! session or a file, never more than a limit held in memory.
//!
//! [`read_line`] reads from a [`BufRead`] (standard input, a file);
//! [`LineBuffer`] cuts lines out of bytes a caller reads from a socket
//! itself (with its own deadline or stop flag), and keeps what came after
//! the last line, so that bytes a peer sent too early can be seen.

use std::io::{self, BufRead};

use zeroize::Zeroizing;

/// The longest line saslenc reads from a server, a pasted session or a
/// log, line end included: 64 KiB.
///
/// The longest real SASL lines are client lines carrying OAuth access
/// tokens (a few KiB, under 8 KiB once base64-encoded with the rest of an
/// XOAUTH2 message); server challenges are far shorter. Eight times that
/// leaves room for any real line, and is small enough that a hostile or
/// broken peer cannot make saslenc hold more than this in memory for one
/// line. A longer line is a data error ([`crate::Error::TooLong`]).
pub const MAX_LINE_LEN: usize = 64 * 1024;

/// How a bounded line read ended (see [`read_line`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// A line is in the buffer, without its `\n` (a final line without one
    /// counts too).
    Line,
    /// The input ended before any byte of a new line.
    End,
    /// The line is longer than the limit; the buffer holds its first
    /// `limit` bytes and the rest is still unread (see [`skip_line`]).
    TooLong,
}

/// Reads one line of at most `limit` bytes (its `\n` not counted) into
/// `buf`, which is cleared first, and never holds more than `limit` bytes
/// of it in memory. Read errors other than `Interrupted` are returned as
/// they are.
///
/// ```
/// use saslenc::protocol::lines::{read_line, LineRead};
/// let mut input = &b"334 VXNlcm5hbWU6\r\nlast"[..];
/// let mut buf = Vec::new();
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::Line);
/// assert_eq!(buf, b"334 VXNlcm5hbWU6\r");
/// assert_eq!(read_line(&mut input, &mut buf, 2).unwrap(), LineRead::TooLong);
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::Line);
/// assert_eq!(buf, b"st");
/// assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::End);
/// ```
pub fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if any { LineRead::Line } else { LineRead::End });
        }
        any = true;
        let (chunk, newline) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        let room = limit - buf.len();
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            reader.consume(room);
            return Ok(LineRead::TooLong);
        }
        buf.extend_from_slice(chunk);
        let used = chunk.len() + usize::from(newline);
        reader.consume(used);
        if newline {
            return Ok(LineRead::Line);
        }
    }
}

/// Discards the rest of the current line, `\n` included, reading in
/// constant memory; after a [`LineRead::TooLong`], the next read starts at
/// the next line.
pub fn skip_line(reader: &mut dyn BufRead) -> io::Result<()> {
    // The line, read on in bounded pieces that are dropped (and zeroized:
    // it may be a secret) as they come.
    const PIECE: usize = 4096;
    let mut piece = Zeroizing::new(Vec::with_capacity(PIECE));
    while read_line(reader, &mut piece, PIECE)? == LineRead::TooLong {}
    Ok(())
}

/// A line cut out of a [`LineBuffer`]: its bytes without the line end,
/// and whether that end was a bare LF instead of CRLF.
pub struct Line {
    /// The line, without CRLF or LF.
    pub bytes: Zeroizing<Vec<u8>>,
    /// It ended in LF alone (RFC 5321, 9051 and 1939 ask for CRLF).
    pub bare_lf: bool,
}

/// What [`LineBuffer::next_line`] found.
pub enum Next {
    /// A whole line.
    Line(Line),
    /// No line end yet: read more (at most [`LineBuffer::room`] bytes).
    More,
    /// No line end within the limit: the peer is sending a line longer
    /// than anything the protocol allows.
    TooLong,
}

/// Bytes read from a peer, cut into lines of at most `limit` bytes; what
/// comes after the last line cut stays buffered (and zeroized when
/// dropped: it may be a secret). The caller reads from its socket, with
/// its own deadline or stop flag, and [`push`](LineBuffer::push)es what
/// came.
///
/// ```
/// use saslenc::protocol::lines::{LineBuffer, Next};
/// let mut lines = LineBuffer::new(100);
/// lines.push(b"+OK ready\r\nA1 ");
/// let Next::Line(line) = lines.next_line() else { panic!() };
/// assert_eq!(&line.bytes[..], b"+OK ready");
/// assert!(!line.bare_lf);
/// assert!(matches!(lines.next_line(), Next::More));
/// assert_eq!(lines.buffered(), 3);
/// ```
pub struct LineBuffer {
    buf: Zeroizing<Vec<u8>>,
    /// How far `buf` is known to hold no line end.
    searched: usize,
    limit: usize,
}

impl LineBuffer {
    /// An empty buffer for lines of at most `limit` bytes, line end
    /// excluded.
    pub fn new(limit: usize) -> Self {
        LineBuffer {
            buf: Zeroizing::new(Vec::new()),
            searched: 0,
            limit,
        }
    }

    /// Adds bytes read from the peer.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// How many bytes may still be read before the line being read passes
    /// the limit (its line end included): read no more than this.
    pub fn room(&self) -> usize {
        (self.limit + 2).saturating_sub(self.buf.len()).max(1)
    }

    /// Cuts the next line out of the buffer.
    pub fn next_line(&mut self) -> Next {
        match self.buf[self.searched..].iter().position(|&b| b == b'\n') {
            Some(at) => {
                let at = self.searched + at;
                let mut bytes = Zeroizing::new(self.buf[..at].to_vec());
                self.buf.drain(..=at);
                self.searched = 0;
                let bare_lf = bytes.last() != Some(&b'\r');
                if !bare_lf {
                    bytes.pop();
                }
                if bytes.len() > self.limit {
                    return Next::TooLong;
                }
                Next::Line(Line { bytes, bare_lf })
            }
            None => {
                self.searched = self.buf.len();
                if self.buf.len() > self.limit + 1 {
                    Next::TooLong
                } else {
                    Next::More
                }
            }
        }
    }

    /// Exactly `n` bytes, if that many are buffered (an IMAP literal).
    pub fn take_exact(&mut self, n: usize) -> Option<Zeroizing<Vec<u8>>> {
        (self.buf.len() >= n).then(|| {
            self.searched = 0;
            Zeroizing::new(self.buf.drain(..n).collect())
        })
    }

    /// How many bytes are buffered past the last line cut.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The bytes buffered past the last line cut, left in place.
    pub fn pending(&self) -> &[u8] {
        &self.buf
    }

    /// Takes every byte buffered past the last line cut.
    pub fn take_buffered(&mut self) -> Zeroizing<Vec<u8>> {
        self.searched = 0;
        Zeroizing::new(std::mem::take(&mut *self.buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_buffer_cuts_whatever_the_chunks() {
        let text = b"one\r\ntwo\nthree\r\n";
        for chunk in 1..=text.len() {
            let mut lines = LineBuffer::new(10);
            let mut got = Vec::new();
            for piece in text.chunks(chunk) {
                lines.push(piece);
                while let Next::Line(line) = lines.next_line() {
                    got.push((line.bytes.to_vec(), line.bare_lf));
                }
            }
            assert_eq!(
                got,
                [
                    (b"one".to_vec(), false),
                    (b"two".to_vec(), true),
                    (b"three".to_vec(), false)
                ],
                "{chunk}"
            );
            assert_eq!(lines.buffered(), 0);
        }
    }

    #[test]
    fn a_line_buffer_holds_no_more_than_its_limit() {
        // A line of exactly the limit passes, with CRLF or LF.
        for end in [&b"\r\n"[..], b"\n"] {
            let mut lines = LineBuffer::new(4);
            lines.push(b"abcd");
            lines.push(end);
            assert!(matches!(lines.next_line(), Next::Line(l) if &l.bytes[..] == b"abcd"));
        }
        // One byte more is too long, whether or not its end has come.
        let mut lines = LineBuffer::new(4);
        lines.push(b"abcde\r\n");
        assert!(matches!(lines.next_line(), Next::TooLong));
        let mut lines = LineBuffer::new(4);
        let mut held = 0;
        loop {
            let room = lines.room();
            held += room;
            lines.push(&vec![b'x'; room]);
            match lines.next_line() {
                Next::More => assert!(held <= 6),
                Next::TooLong => break,
                Next::Line(_) => panic!("no line end was sent"),
            }
        }
        assert!(lines.buffered() <= 7, "{}", lines.buffered());
    }

    #[test]
    fn skip_line_resumes_at_the_next_line_whatever_the_length() {
        for long in [1, 4095, 4096, 4097, 10_000] {
            let mut text = vec![b'a'; 100 + long];
            text.extend_from_slice(b"\nnext\nlast");
            let mut input = &text[..];
            let mut buf = Vec::new();
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::TooLong
            );
            skip_line(&mut input).unwrap();
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::Line
            );
            assert_eq!(buf, b"next", "{long}");
            assert_eq!(
                read_line(&mut input, &mut buf, 100).unwrap(),
                LineRead::Line
            );
            assert_eq!(buf, b"last");
            skip_line(&mut input).unwrap();
            assert_eq!(read_line(&mut input, &mut buf, 100).unwrap(), LineRead::End);
        }
    }
}
