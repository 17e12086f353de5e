//! A step-by-step exchange with a person in between: the client's lines go
//! to one stream (to be pasted into `openssl s_client`), the server's lines
//! come back from another, as pasted, until the server's verdict.
//!
//! This is what runs in a second terminal beside the session: it prints
//! the initial response (or the bare AUTH command), then reads each server
//! line (`334 ...`, `+ ...`, or bare base64), prints the next response,
//! and ends when the server reports success or failure. With
//! [`Streams::explain`], each client message is explained on the notes
//! stream as it is printed, as `--explain` does for a one-shot command.

use std::io::{BufRead, Write};

use zeroize::Zeroizing;

use crate::explain::{explain_step, Explain, Step};
use crate::mech::Mechanism;
use crate::protocol::{self, Protocol};
use crate::server_line::{self, ServerLine};
use crate::{encoding, field, Error};

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
}

/// How the conversation ended when the server accepted the credentials.
#[derive(Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The server's final reply, made printable.
    pub reply: String,
}

/// Runs `mechanism` against the lines read from `streams.input`.
///
/// Returns the server's success reply; a failure reply is
/// [`Error::Refused`], and input that ends before any verdict is
/// [`Error::NoVerdict`].
///
/// ```
/// use saslenc::conversation::{run, Streams};
/// use saslenc::mech::Login;
/// use saslenc::protocol::Protocol;
///
/// let mut login = Login::new("user", "pencil", Default::default())?;
/// let mut input = &b"334 VXNlcm5hbWU6\n334 UGFzc3dvcmQ6\n235 2.7.0 Authentication successful\n"[..];
/// let (mut output, mut notes) = (Vec::new(), Vec::new());
/// let mut streams = Streams {
///     input: &mut input,
///     output: &mut output,
///     notes: &mut notes,
///     prompt: false,
///     explain: false,
///     show_secrets: false,
/// };
/// let verdict = run(&mut login, Some(Protocol::Smtp), &mut streams)?;
/// assert_eq!(String::from_utf8(output).unwrap(), "AUTH LOGIN\ndXNlcg==\ncGVuY2ls\n");
/// assert_eq!(verdict.reply, "235 2.7.0 Authentication successful");
/// # Ok::<(), saslenc::Error>(())
/// ```
pub fn run<M: Mechanism + Explain>(
    mechanism: &mut M,
    protocol: Option<Protocol>,
    streams: &mut Streams<'_>,
) -> Result<Verdict, Error> {
    let name = mechanism.name();
    let initial = mechanism.initial()?;
    let open = protocol::opening(protocol, name, initial.as_deref().map(|m| &m[..]));
    for text in &open.notes {
        note(streams, text)?;
    }
    match &open.first {
        Some(first) => line(streams, first)?,
        None => note(streams, &format!("send AUTH {name} (IMAP: A1 AUTHENTICATE {name}), then paste the server's challenges here"))?,
    }
    // An initial response that must wait for the server's empty 334.
    let mut pending = open.deferred;
    // An initial response printed bare: the person may have sent it on the
    // command line, or sent the command alone, in which case the server
    // asks for it with an empty challenge (RFC 4422 section 5; IMAP without
    // SASL-IR, RFC 4959 section 3).
    let mut bare_initial = if protocol.is_none() { open.first } else { None };
    // For the reports: client messages so far, and challenges answered.
    let (mut sent, mut answered) = (0usize, 0usize);
    if let Some(message) = &initial {
        let step = Step {
            index: sent,
            challenge: None,
            message,
        };
        explain(streams, &*mechanism, &step, 0)?;
        sent += 1;
    }
    // Zeroized now, as before the reports needed it, not when the
    // exchange ends.
    drop(initial);

    let mut buf = Zeroizing::new(String::new());
    let mut responses = 0usize;
    loop {
        if streams.prompt {
            write_note(streams, "server> ", false)?;
        }
        buf.clear();
        let read = streams
            .input
            .read_line(&mut buf)
            .map_err(|e| Error::io("read the server's line from standard input", e))?;
        if read == 0 {
            return Err(Error::NoVerdict {
                what: if responses == 0 && pending.is_none() {
                    "no server line was read"
                } else {
                    "the last response was printed but the server's reply was not pasted"
                },
            });
        }
        match server_line::classify(&buf) {
            ServerLine::Other(text) => {
                if !text.is_empty() {
                    note(
                        streams,
                        &format!("ignored: {}", field::printable(text.as_bytes())),
                    )?;
                }
            }
            ServerLine::Success(reply) => {
                let reply = field::printable(reply.as_bytes());
                mechanism.success(None)?;
                note(
                    streams,
                    &format!("verdict: authentication succeeded ({reply})"),
                )?;
                return Ok(Verdict { reply });
            }
            ServerLine::Failure(reply) => {
                return Err(Error::Refused {
                    reply: field::printable(reply.as_bytes()),
                });
            }
            ServerLine::Challenge(payload) => {
                let challenge = encoding::decode("challenge", payload)?;
                if let Some(initial) = pending.take() {
                    line(streams, &initial)?;
                    responses += 1;
                    continue;
                }
                // Only the server's first line can ask for it.
                if let Some(initial) = bare_initial.take().filter(|_| challenge.is_empty()) {
                    note(streams, "the server's empty challenge asks for the initial response (the command was sent without it): send the same line again")?;
                    line(streams, &initial)?;
                    responses += 1;
                    continue;
                }
                if !challenge.is_empty() {
                    note(
                        streams,
                        &format!("server sent: {}", field::printable(&challenge)),
                    )?;
                }
                let response = mechanism.respond(&challenge)?;
                answered += 1;
                if response.is_empty() {
                    note(streams, "the response is empty: send an empty line")?;
                } else if name == "OAUTHBEARER" || name == "XOAUTH2" {
                    note(streams, "that was the server's error report (RFC 7628 section 3.2.3); this response ends the exchange and the server will refuse")?;
                }
                line(streams, &encoding::encode(&response))?;
                let step = Step {
                    index: sent,
                    challenge: Some(&challenge),
                    message: &response,
                };
                explain(streams, &*mechanism, &step, answered)?;
                sent += 1;
                responses += 1;
            }
        }
    }
}

/// With [`Streams::explain`], the report on one client message.
fn explain(
    streams: &mut Streams<'_>,
    mechanism: &dyn Explain,
    step: &Step<'_>,
    challenge_number: usize,
) -> Result<(), Error> {
    if !streams.explain {
        return Ok(());
    }
    let report = Zeroizing::new(
        explain_step(mechanism, step, challenge_number).report(streams.show_secrets),
    );
    let notes = &mut streams.notes;
    notes
        .write_all(report.as_bytes())
        .and_then(|()| notes.flush())
        .map_err(|e| Error::io("write to standard error", e))
}

fn line(streams: &mut Streams<'_>, text: &str) -> Result<(), Error> {
    let out = &mut streams.output;
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("write to standard output", e))
}

fn note(streams: &mut Streams<'_>, text: &str) -> Result<(), Error> {
    write_note(streams, text, true)
}

fn write_note(streams: &mut Streams<'_>, text: &str, newline: bool) -> Result<(), Error> {
    let notes = &mut streams.notes;
    let prefix = if newline { "saslenc: " } else { "" };
    notes
        .write_all(prefix.as_bytes())
        .and_then(|()| notes.write_all(text.as_bytes()))
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
