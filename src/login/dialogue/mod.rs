//! The protocol side of a session, with no I/O: a state machine that is
//! fed the server's lines and asked what to do next (send a line, read a
//! line, start TLS, choose a mechanism, stop).
//!
//! - SMTP (RFC 5321, RFC 3207 STARTTLS, RFC 4954 AUTH): greeting `220`,
//!   `EHLO`, `STARTTLS`, `EHLO` again, `AUTH`, `334` challenges, `235`.
//! - IMAP (RFC 9051, SASL-IR RFC 4959): greeting `* OK`, `CAPABILITY`,
//!   `STARTTLS`, `CAPABILITY` again, `AUTHENTICATE`, `+` continuations,
//!   the tagged `OK` / `NO` / `BAD`, `LOGOUT`.
//! - POP3 (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH):
//!   greeting `+OK`, `CAPA`, `STLS`, `CAPA` again, `AUTH`, `+`
//!   continuations, `+OK` / `-ERR`, `QUIT`.
//!
//! Every limit on what a server may send is a named constant here or in
//! [`super::driver`].

mod imap_lines;
mod pop3_lines;
mod smtp_lines;

use zeroize::Zeroizing;

use super::url::Security;
use crate::protocol::verdict::{self, Judgement};
use crate::transcript::Transcript;
use std::collections::VecDeque;

use crate::exchange::{self, Output};
use crate::layout::Layout;
use crate::mech::Client;
use crate::protocol::imap::{self, Response, Status};
use crate::protocol::reply::{NotAVerdict, Reply};
use crate::protocol::{pop3, smtp, ClientLine, Framing, Protocol};
use crate::{field, Error};

/// The most lines one reply may have (an EHLO or CAPA list, untagged IMAP
/// responses before a tagged one). Real servers send a few dozen; a
/// thousand stops a server that never ends its reply.
pub const MAX_REPLY_LINES: usize = 1000;

/// What the driver must do next.
#[derive(Debug)]
pub enum Action {
    /// Write this line, then a CRLF.
    Send(Zeroizing<Vec<u8>>),
    /// Read one server line and [`Dialogue::receive`] it.
    Read,
    /// The server agreed to STARTTLS / STLS: check that it sent nothing
    /// more, do the handshake, then call [`Dialogue::tls_started`].
    StartTls,
    /// The capabilities are known: choose a mechanism (see
    /// [`Dialogue::capabilities`]) and call [`Dialogue::authenticate`].
    Authenticate,
    /// The session is over; [`Dialogue::finish`] tells how it ended.
    Done,
}

/// What a server offers, from EHLO, CAPABILITY or CAPA.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// The SASL mechanisms offered, upper-cased, in the server's order.
    pub mechanisms: Vec<String>,
    /// STARTTLS (SMTP, IMAP) or STLS (POP3) is offered.
    pub starttls: bool,
    /// IMAP SASL-IR (RFC 4959): the initial response may go on the
    /// AUTHENTICATE line.
    pub sasl_ir: bool,
    /// IMAP LOGINDISABLED.
    pub login_disabled: bool,
}

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Greeting,
    Capabilities,
    StartTls,
    Handshake,
    Choose,
    Auth,
    Quit,
    Done,
}

/// How the session is to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The protocol.
    pub protocol: Protocol,
    /// When TLS starts.
    pub security: Security,
    /// The server's `host:port`, for messages.
    pub server: String,
    /// The name given in EHLO.
    pub ehlo: String,
    /// Stop after the capabilities (`--probe`): no authentication.
    pub probe: bool,
    /// Show secrets in the transcript.
    pub show_secrets: bool,
}

/// How the authentication ended.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The server's final reply, escaped.
    pub reply: String,
    /// What its status code means, where saslenc knows.
    pub explanation: Option<String>,
}

/// One session's protocol state.
pub struct Dialogue<'m> {
    settings: Settings,
    state: State,
    tls: bool,
    /// A line waiting to be sent.
    outbox: VecDeque<Zeroizing<Vec<u8>>>,
    /// The lines of the reply being read.
    reply: Vec<Zeroizing<Vec<u8>>>,
    /// POP3 CAPA: `+OK` read, lines until `.` follow.
    in_capa_body: bool,
    /// IMAP: the tag of the command awaiting its completion.
    tag: String,
    tags: u32,
    capabilities: Option<Capabilities>,
    capabilities_before_tls: Option<Capabilities>,
    /// The exchange, once the mechanism is chosen: the same step logic
    /// as the pasted conversation.
    exchange: Option<exchange::Exchange<'m, dyn Client + 'm>>,
    /// How the authentication ended (or why it did not).
    outcome: Option<Result<Verdict, Error>>,
    /// The transcript so far.
    pub transcript: Transcript,
    /// What the user should know from the exchange (a SCRAM iteration
    /// count below RFC 7677's minimum).
    pub warnings: Vec<String>,
    /// The server's final reply to the authentication, whole and escaped
    /// (not yet masked: [`Dialogue::finish`]'s caller masks it).
    pub final_reply: Option<String>,
}

impl<'m> Dialogue<'m> {
    /// A session about to read the server's greeting (after the TLS
    /// handshake for implicit TLS, which the driver does first).
    pub fn new(settings: Settings) -> Self {
        let transcript = Transcript::new(settings.show_secrets);
        let tls = settings.security == Security::Implicit;
        Dialogue {
            settings,
            state: State::Greeting,
            tls,
            outbox: VecDeque::new(),
            reply: Vec::new(),
            in_capa_body: false,
            tag: String::new(),
            tags: 0,
            capabilities: None,
            capabilities_before_tls: None,
            exchange: None,
            outcome: None,
            transcript,
            warnings: Vec::new(),
            final_reply: None,
        }
    }

    /// The latest capabilities (after TLS, once it started).
    pub fn capabilities(&self) -> Option<&Capabilities> {
        self.capabilities.as_ref()
    }

    /// The capabilities read before STARTTLS, if it was used.
    pub fn capabilities_before_tls(&self) -> Option<&Capabilities> {
        self.capabilities_before_tls.as_ref()
    }

    /// Whether TLS is active.
    pub fn tls_active(&self) -> bool {
        self.tls
    }

    /// The next thing to do.
    pub fn poll(&mut self) -> Action {
        if let Some(line) = self.outbox.pop_front() {
            return Action::Send(line);
        }
        match self.state {
            State::Handshake => Action::StartTls,
            State::Choose => Action::Authenticate,
            State::Done => Action::Done,
            _ => Action::Read,
        }
    }

    /// How the session ended: the verdict, or the error that ended it. A
    /// probe that completed is `Ok` with an empty reply.
    /// Server text in the verdict or the error is masked as in the
    /// transcript ([`Transcript::mask`]): a server that echoes the
    /// client's line must not carry a secret into them.
    pub fn finish(self) -> (Result<Verdict, Error>, Transcript) {
        let transcript = self.transcript;
        let mask = |text: String| transcript.mask(&text);
        let outcome = match self.outcome {
            None => Err(Error::Protocol(
                "the session ended before the server's verdict".into(),
            )),
            Some(Ok(verdict)) => Ok(Verdict {
                reply: mask(verdict.reply),
                explanation: verdict.explanation,
            }),
            Some(Err(error)) => Err(match error {
                Error::Refused { reply } => Error::Refused { reply: mask(reply) },
                Error::TempFail { reply } => Error::TempFail { reply: mask(reply) },
                Error::Protocol(text) => Error::Protocol(mask(text)),
                Error::ServerError { mechanism, message } => Error::ServerError {
                    mechanism,
                    message: mask(message),
                },
                other => other,
            }),
        };
        (outcome, transcript)
    }

    /// Ends the session with `error` (after a polite QUIT where the
    /// protocol allows one).
    fn fail(&mut self, error: Error) {
        self.outcome = Some(Err(error));
        self.quit();
    }

    fn send(&mut self, line: &str) {
        self.transcript.client(line);
        self.outbox
            .push_back(Zeroizing::new(line.as_bytes().to_vec()));
    }

    fn next_tag(&mut self) -> String {
        self.tags += 1;
        self.tag = format!("A{}", self.tags);
        self.tag.clone()
    }

    fn quit(&mut self) {
        match self.settings.protocol {
            Protocol::Smtp | Protocol::Pop3 => self.send("QUIT"),
            Protocol::Imap => {
                let tag = self.next_tag();
                self.send(&format!("{tag} LOGOUT"));
            }
        }
        self.state = State::Quit;
    }

    fn ask_capabilities(&mut self) {
        match self.settings.protocol {
            Protocol::Smtp => {
                let ehlo = format!("EHLO {}", self.settings.ehlo);
                self.send(&ehlo);
            }
            Protocol::Imap => {
                let tag = self.next_tag();
                self.send(&format!("{tag} CAPABILITY"));
            }
            Protocol::Pop3 => self.send("CAPA"),
        }
        self.state = State::Capabilities;
    }

    /// The TLS handshake after STARTTLS succeeded: the capabilities are
    /// asked for again, since they change with TLS (RFC 3207 section 4.2,
    /// RFC 9051 section 6.2.1, RFC 2595 section 4).
    pub fn tls_started(&mut self) {
        self.tls = true;
        self.capabilities_before_tls = self.capabilities.take();
        self.ask_capabilities();
    }

    /// Feeds one server line (without its line end).
    pub fn receive(&mut self, line: &[u8]) -> Result<(), Error> {
        if self.state == State::Done || self.state == State::Handshake {
            return Err(Error::Protocol(
                "the server sent a line when none was expected".into(),
            ));
        }
        if self.reply.len() >= MAX_REPLY_LINES {
            return Err(Error::Protocol(format!(
                "the server's reply passed {MAX_REPLY_LINES} lines"
            )));
        }
        let result = match self.settings.protocol {
            Protocol::Smtp => self.smtp_line(line),
            Protocol::Imap => self.imap_line(line),
            Protocol::Pop3 => self.pop3_line(line),
        };
        if let Err(error) = result {
            // After an error there is nothing left to say. While saying
            // goodbye after the verdict, a broken reply changes nothing.
            if !self.judged() {
                self.outcome = Some(Err(error));
            }
            self.state = State::Done;
            self.outbox.clear();
        }
        Ok(())
    }

    /// Whether the session has its outcome and is only saying goodbye.
    pub fn judged(&self) -> bool {
        self.outcome.is_some() && matches!(self.state, State::Quit | State::Done)
    }

    /// Whether the authentication is under way and undecided: each line
    /// sent now must be written before the server's next reply comes.
    pub fn exchanging(&self) -> bool {
        self.state == State::Auth && self.outcome.is_none()
    }

    /// The error for `bytes`, the start of what came where the greeting is
    /// due in clear, when they are a TLS record (RFC 8446 section 5.1: a
    /// content type from 20 to 24, then the legacy version 3.x) rather than
    /// text: the port speaks TLS from the first byte. A greeting never
    /// starts with those control bytes, so three of them decide.
    pub fn tls_record_for_greeting(&self, bytes: &[u8]) -> Option<Error> {
        let record = matches!(bytes, [20..=24, 3, 0..=4, ..]);
        (record && self.state == State::Greeting && !self.tls).then(|| Error::Tls {
            server: self.settings.server.clone(),
            reason: format!(
                "the server sent a TLS record where its greeting was due: this port speaks TLS \
                 from the first byte; use {}",
                super::url::other_tls_mode(self.settings.protocol, self.settings.security)
            ),
        })
    }

    /// What the session waits for, for messages: "the greeting", ...
    pub fn awaiting(&self) -> &'static str {
        match self.state {
            State::Greeting => "the server's greeting",
            State::Capabilities => "the server's capabilities",
            State::StartTls => "the reply to STARTTLS",
            State::Auth => "the server's answer in the authentication",
            State::Quit => "the reply to QUIT",
            State::Handshake | State::Choose | State::Done => "nothing",
        }
    }

    /// Starts the authentication with `mechanism`. Any error (the
    /// mechanism's initial response cannot be built) ends the session.
    pub fn authenticate(&mut self, mechanism: Box<dyn Client + 'm>) {
        if let Err(error) = self.start_auth(mechanism) {
            self.fail(error);
        }
    }

    /// Ends the session without authenticating (no usable mechanism).
    pub fn abandon(&mut self, error: Error) {
        self.fail(error);
    }

    fn start_auth(&mut self, mechanism: Box<dyn Client + 'm>) -> Result<(), Error> {
        let tag = match self.settings.protocol {
            Protocol::Imap => self.next_tag(),
            _ => String::new(),
        };
        let framing = Framing {
            protocol: Some(self.settings.protocol),
            tag: &tag,
            sasl_ir: self.capabilities.as_ref().is_some_and(|c| c.sasl_ir),
        };
        let options = exchange::Reporting {
            explain: false,
            show_secrets: self.settings.show_secrets,
            layouts: true,
        };
        let mut out = Vec::new();
        let exchange = exchange::Exchange::start_framed(mechanism, framing, options, &mut out)?;
        self.exchange = Some(exchange);
        self.state = State::Auth;
        self.take_outputs(out, None);
        Ok(())
    }

    /// Queues the exchange's lines and writes them into the transcript,
    /// each client message decoded and masked by its layout, after the
    /// server line they answer (`server`, with its decoded challenge).
    /// Notes are kept from the opening only (why the initial response
    /// waits); later ones repeat what the transcript shows.
    fn take_outputs(&mut self, out: Vec<Output>, server: Option<&[u8]>) {
        if let Some(line) = server {
            match out.iter().find_map(|o| match o {
                Output::Challenge(decoded) => Some(decoded),
                _ => None,
            }) {
                Some(decoded) => self.transcript.server_challenge(line, decoded),
                None => self.transcript.server(line),
            }
        }
        for output in out {
            match output {
                Output::Send { line, layout } => self.queue(&line, layout.as_ref()),
                Output::Warning(warning) => {
                    if !self.warnings.contains(&warning) {
                        self.transcript.note(format!("warning: {warning}"));
                        self.warnings.push(warning);
                    }
                }
                Output::Note(note) if server.is_none() => self.transcript.note(note),
                Output::Note(_) | Output::Report(_) | Output::Challenge(_) => {}
            }
        }
    }

    /// Queues one client line of the exchange, into the transcript with
    /// the message `layout` describes decoded and masked.
    fn queue(&mut self, line: &ClientLine, layout: Option<&Layout>) {
        match layout {
            None => self.transcript.client(&line.text()),
            Some(layout) => self
                .transcript
                .client_message(&line.prefix(), &line.payload, layout),
        }
        self.outbox
            .push_back(Zeroizing::new(line.text().as_bytes().to_vec()));
    }

    // --- Between the protocols -------------------------------------------

    /// Capabilities read: STARTTLS next, or the mechanism choice.
    fn capabilities_known(&mut self, caps: Capabilities) {
        let starttls = caps.starttls;
        self.capabilities = Some(caps);
        // A probe reports a missing STARTTLS as a warning (see
        // `session::finish`) and shows what the server offers in clear.
        let wants_tls = self.settings.security == Security::StartTls && !self.tls;
        if wants_tls && (starttls || !self.settings.probe) {
            if !starttls {
                let word = match self.settings.protocol {
                    Protocol::Pop3 => "STLS",
                    _ => "STARTTLS",
                };
                self.fail(Error::NoStartTls { word });
                return;
            }
            match self.settings.protocol {
                Protocol::Smtp => self.send("STARTTLS"),
                Protocol::Imap => {
                    let tag = self.next_tag();
                    self.send(&format!("{tag} STARTTLS"));
                }
                Protocol::Pop3 => self.send("STLS"),
            }
            self.state = State::StartTls;
            return;
        }
        if self.settings.probe {
            self.outcome = Some(Ok(Verdict {
                reply: String::new(),
                explanation: None,
            }));
            self.quit();
            return;
        }
        self.state = State::Choose;
    }

    /// One server line of the exchange, read by the protocol's codec as
    /// `kind`: through the exchange's step logic, which answers it, judges
    /// it or refuses it; into the transcript with its challenge decoded
    /// (once, by the exchange).
    fn auth_line(&mut self, line: &[u8], kind: AuthReply) -> Result<(), Error> {
        self.auth_reply(line, line, kind)
    }

    /// [`Self::auth_line`] for a reply whose last line is `line` and whose
    /// whole text (every line, for a multi-line SMTP reply) is `whole`.
    fn auth_reply(&mut self, line: &[u8], whole: &[u8], kind: AuthReply) -> Result<(), Error> {
        let challenge = matches!(kind, AuthReply::Challenge { .. });
        let exchange = self
            .exchange
            .as_mut()
            .ok_or_else(|| Error::Protocol("a reply to AUTH before AUTH".into()))?;
        let mut out = Vec::new();
        let result = match (std::str::from_utf8(line), std::str::from_utf8(whole)) {
            // Not text: fed as it is, for the exchange's own error.
            (Err(_), _) => exchange.feed(line, &mut out),
            (_, Err(_)) => exchange.feed(whole, &mut out),
            (Ok(text), Ok(whole)) => {
                let trimmed = whole.trim();
                let reply = match kind {
                    AuthReply::Challenge { at } => {
                        Reply::Challenge(text.get(at..).unwrap_or_default().trim())
                    }
                    AuthReply::Success => Reply::Success {
                        line: trimmed,
                        certain: true,
                    },
                    AuthReply::Failure => Reply::Failure(trimmed),
                    AuthReply::Other => Reply::NotAVerdict(trimmed, NotAVerdict::Unknown),
                };
                exchange.receive(reply, &mut out)
            }
        };
        self.take_outputs(out, Some(line));
        // An IMAP reply whose response code is long keeps its own words
        // on the screen: the code's arguments go, its name stays.
        let shown = |reply: String| match self.settings.protocol {
            Protocol::Imap => field::escape(
                verdict::without_code_arguments(&String::from_utf8_lossy(line)).as_bytes(),
            ),
            _ => reply,
        };
        if matches!(kind, AuthReply::Success | AuthReply::Failure) {
            self.final_reply = Some(field::escape(whole.trim_ascii()));
        }
        let refusal = matches!(kind, AuthReply::Failure)
            .then(|| std::str::from_utf8(whole).ok())
            .flatten();
        match result {
            // A refusal, whole (every line of a multi-line SMTP reply),
            // judged by its codes: the credentials, the mechanism, the
            // command or a temporary failure.
            Err(_) if refusal.is_some() => {
                let reply = shown(field::escape(refusal.unwrap_or_default().trim().as_bytes()));
                self.auth_failure(&reply)
            }
            Ok(None) => {}
            Ok(Some(verdict)) => {
                let reply = shown(verdict.reply);
                self.outcome = Some(Ok(Verdict {
                    explanation: verdict::explain(self.settings.protocol, &reply),
                    reply,
                }));
                self.quit();
            }
            Err(Error::Refused { reply } | Error::TempFail { reply }) => {
                let reply = shown(reply);
                self.auth_failure(&reply)
            }
            Err(error) if challenge => {
                // The server waits for an answer: cancel the exchange
                // (RFC 4954 section 4, RFC 9051 section 6.2.2, RFC 5034
                // section 4), then stop.
                self.outbox.clear();
                self.send("*");
                self.outcome = Some(Err(error));
                self.state = State::Quit;
            }
            Err(error) => self.fail(error),
        }
        Ok(())
    }

    fn auth_failure(&mut self, reply: &str) {
        let explanation = verdict::explain(self.settings.protocol, reply);
        let marked = field::peer_escaped(reply);
        let shown = match &explanation {
            Some(e) => format!("{marked} ({e})"),
            None => marked,
        };
        let error =
            verdict::failure_error(verdict::judge_failure(self.settings.protocol, reply), shown);
        self.fail(error);
    }
}

/// What a server line in the authentication is, as its protocol's codec
/// read it.
#[derive(Debug, Clone, Copy)]
enum AuthReply {
    /// A challenge, whose base64 starts at byte `at` of the line.
    Challenge { at: usize },
    /// The form of a success (SMTP `235`, IMAP tagged `OK`, POP3 `+OK`).
    Success,
    /// The form of a refusal.
    Failure,
    /// Tagged, but no verdict.
    Other,
}

/// A refusal outside authentication (greeting, EHLO, STARTTLS): temporary
/// for SMTP 4xx, IMAP `[UNAVAILABLE]`, POP3 `[SYS/TEMP]`; otherwise a
/// protocol-level refusal.
fn refused_at(stage: &str, protocol: Protocol, reply: &str) -> Error {
    let marked = field::peer_escaped(reply);
    match verdict::judge_failure(protocol, reply) {
        Judgement::Temporary => Error::TempFail {
            reply: format!("{marked} (at the {stage})"),
        },
        _ => Error::Protocol(format!("the server refused the {stage}: {marked}")),
    }
}

fn add_mechanisms<'a>(caps: &mut Capabilities, words: impl Iterator<Item = &'a str>) {
    for word in words {
        let mechanism = word.to_ascii_uppercase();
        if !caps.mechanisms.contains(&mechanism) {
            caps.mechanisms.push(mechanism);
        }
    }
}
