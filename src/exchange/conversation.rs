//! The conversation over streams: the client's lines to paste on one
//! stream, the server's lines read from another, notes on a third, each
//! note through the boundary for what is shown.

use std::io::{BufRead, Write};

use zeroize::Zeroizing;

use super::{Accepted, Exchange, Output, Reporting};
use crate::layout::Explain;
use crate::mech::Mechanism;
use crate::protocol::lines::{self, LineRead, MAX_LINE_LEN};
use crate::protocol::Protocol;
use crate::Error;

/// Where a conversation writes, and how chatty it is.
pub struct Streams<'a> {
    /// The server's lines, one per line.
    pub input: &'a mut dyn BufRead,
    /// The client's lines, to paste into the session.
    pub output: &'a mut dyn Write,
    /// Explanations: decoded challenges, notes, the verdict.
    pub notes: &'a mut dyn Write,
    /// Whether to prompt for each server line (the input is a terminal).
    pub prompt: bool,
    /// Whether to explain each client message on `notes` (`--explain`).
    pub explain: bool,
    /// Whether those explanations show secrets (`--show-secrets`).
    pub show_secrets: bool,
    /// The secrets masked in every note (the password, the token), which
    /// pass the boundary for what is shown ([`crate::show`]).
    pub secrets: crate::show::Secrets,
}

/// Runs `mechanism` against the lines read from `streams.input`, each at
/// most [`MAX_LINE_LEN`] bytes.
///
/// Returns the server's success reply; a failure reply is
/// [`Error::Refused`], and input that ends before any verdict is
/// [`Error::NoVerdict`].
///
/// ```
/// use saslenc::exchange::{run, Streams};
/// use saslenc::mech::Login;
/// use saslenc::protocol::Protocol;
///
/// let mut login = Login::new("user", "pencil", Default::default())?;
/// let mut input = &b"220 mail ESMTP\n334 VXNlcm5hbWU6\n334 UGFzc3dvcmQ6\n235 2.7.0 Authentication successful\n"[..];
/// let (mut output, mut notes) = (Vec::new(), Vec::new());
/// let mut streams = Streams {
///     input: &mut input,
///     output: &mut output,
///     notes: &mut notes,
///     prompt: false,
///     explain: false,
///     show_secrets: false,
///     secrets: Default::default(),
/// };
/// let verdict = run(&mut login, Some(Protocol::Smtp), &mut streams)?;
/// assert_eq!(String::from_utf8(output).unwrap(), "AUTH LOGIN\ndXNlcg==\ncGVuY2ls\n");
/// assert_eq!(verdict.reply, "235 2.7.0 Authentication successful");
/// # Ok::<(), saslenc::Error>(())
/// ```
pub fn run<M: Mechanism + Explain + ?Sized>(
    mechanism: &mut M,
    protocol: Option<Protocol>,
    streams: &mut Streams<'_>,
) -> Result<Accepted, Error> {
    let options = Reporting {
        explain: streams.explain,
        show_secrets: streams.show_secrets,
        layouts: false,
    };
    let mut out = Vec::new();
    let started = Exchange::start(mechanism, protocol, options, &mut out);
    emit(streams, &mut out)?;
    let mut exchange = started?;
    let mut buf = Zeroizing::new(Vec::with_capacity(256));
    loop {
        if streams.prompt {
            write_note(streams, "server> ", false)?;
        }
        let read = lines::read_line(streams.input, &mut buf, MAX_LINE_LEN)
            .map_err(|e| Error::io("read the server's line from standard input", e))?;
        match read {
            LineRead::End => return Err(exchange.end_of_input()),
            LineRead::TooLong => {
                return Err(Error::TooLong {
                    field: "server line",
                    limit: MAX_LINE_LEN,
                })
            }
            LineRead::Line => {}
        }
        let verdict = exchange.feed(&buf, &mut out);
        emit(streams, &mut out)?;
        if let Some(verdict) = verdict? {
            return Ok(verdict);
        }
    }
}

/// Writes what a session asked for, in order, and empties `out`.
fn emit(streams: &mut Streams<'_>, out: &mut Vec<Output>) -> Result<(), Error> {
    for output in out.drain(..) {
        match output {
            Output::Send { line: text, .. } => line(streams, &text.text())?,
            Output::Note(text) => note(streams, &text)?,
            Output::Warning(text) => note(streams, &format!("warning: {text}"))?,
            Output::Report(report) => {
                let notes = &mut streams.notes;
                notes
                    .write_all(report.as_bytes())
                    .and_then(|()| notes.flush())
                    .map_err(|e| Error::io("write to standard error", e))?;
            }
            // For a live session's transcript.
            Output::Challenge(_) => {}
        }
    }
    Ok(())
}

/// Writes one client line and its line end in one piece.
fn line(streams: &mut Streams<'_>, text: &str) -> Result<(), Error> {
    let mut whole = Zeroizing::new(String::with_capacity(text.len() + 1));
    whole.push_str(text);
    whole.push('\n');
    let out = &mut streams.output;
    out.write_all(whole.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("write to standard output", e))
}

fn note(streams: &mut Streams<'_>, text: &str) -> Result<(), Error> {
    write_note(streams, text, true)
}

fn write_note(streams: &mut Streams<'_>, text: &str, newline: bool) -> Result<(), Error> {
    let notes = &mut streams.notes;
    let prefix = if newline { "saslenc: " } else { "" };
    let text = streams.secrets.text(text);
    notes
        .write_all(prefix.as_bytes())
        .and_then(|()| notes.write_all(text.as_str().as_bytes()))
        .and_then(|()| {
            if newline {
                notes.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| notes.flush())
        .map_err(|e| Error::io("write to standard error", e))
}
