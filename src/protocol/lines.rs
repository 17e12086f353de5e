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
/// line. A longer line is a data error ([`Error::TooLong`]).
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

#[cfg(test)]
mod tests {
    use super::*;

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
