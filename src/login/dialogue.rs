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

    // --- Lines, protocol by protocol -------------------------------------

    fn smtp_line(&mut self, line: &[u8]) -> Result<(), Error> {
        // RFC 5321 section 4.2: "ddd-text" continues, "ddd text" ends.
        let reply = smtp::parse_reply(line).map_err(|malformed| {
            let shown = field::peer(line);
            Error::Protocol(match malformed {
                smtp::Malformed::NoCode => format!(
                    "the server's line does not start with a three-digit reply code: {shown}"
                ),
                smtp::Malformed::NoSeparator => {
                    format!("the server's reply line has no space or '-' after its code: {shown}")
                }
            })
        })?;
        let (code, last) = (reply.code, reply.last);
        if self.state == State::Auth {
            return self.smtp_auth_line(line, code, last, line.len() - reply.text.len());
        }
        self.transcript.server(line);
        self.reply.push(Zeroizing::new(line.to_vec()));
        if !last {
            return Ok(());
        }
        let lines = std::mem::take(&mut self.reply);
        let text = field::escape(line);
        let class = code[0];
        match self.state {
            State::Greeting => match class {
                b'2' => self.ask_capabilities(),
                _ => return Err(refused_at("greeting", self.settings.protocol, &text)),
            },
            State::Capabilities => {
                if class != b'2' {
                    return Err(refused_at("EHLO", self.settings.protocol, &text));
                }
                let mut caps = Capabilities::default();
                // The first line is the greeting's name; keywords follow.
                for l in lines.iter().skip(1) {
                    let words =
                        String::from_utf8_lossy(l.get(4..).unwrap_or_default()).into_owned();
                    let mut words = words.split_whitespace();
                    match words.next().map(str::to_ascii_uppercase).as_deref() {
                        Some("STARTTLS") => caps.starttls = true,
                        Some("AUTH") => add_mechanisms(&mut caps, words),
                        Some(w) if w.starts_with("AUTH=") => {
                            add_mechanisms(&mut caps, std::iter::once(&w[5..]).chain(words))
                        }
                        _ => {}
                    }
                }
                self.capabilities_known(caps);
            }
            State::StartTls => match class {
                b'2' => self.state = State::Handshake,
                _ => return Err(refused_at("STARTTLS", self.settings.protocol, &text)),
            },
            State::Quit => self.state = State::Done,
            State::Auth | State::Handshake | State::Choose | State::Done => {}
        }
        Ok(())
    }

    /// One line of the SMTP reply to AUTH. A multi-line reply is one
    /// reply (RFC 5321 section 4.2.1): every line carries the same code,
    /// the transcript shows each, and the verdict reads the whole of it
    /// once its last line has come, never its first line alone.
    fn smtp_auth_line(
        &mut self,
        line: &[u8],
        code: [u8; 3],
        last: bool,
        text_at: usize,
    ) -> Result<(), Error> {
        if let Some(first) = self.reply.first() {
            if first.get(..3) != Some(&code[..]) {
                self.transcript.server(line);
                return Err(Error::Protocol(format!(
                    "the server's reply changed its code from {} to {} between its lines (RFC \
                     5321 section 4.2.1: every line of a reply carries the same code)",
                    field::escape(first.get(..3).unwrap_or_default()),
                    field::escape(&code)
                )));
            }
        }
        if &code == b"334" && (!last || !self.reply.is_empty()) {
            self.transcript.server(line);
            return Err(Error::Protocol(
                "a 334 challenge spread over several lines (RFC 4954 allows one)".into(),
            ));
        }
        if !last {
            self.transcript.server(line);
            self.reply.push(Zeroizing::new(line.to_vec()));
            return Ok(());
        }
        let mut whole = Zeroizing::new(Vec::new());
        for earlier in std::mem::take(&mut self.reply) {
            whole.extend_from_slice(&earlier);
            whole.push(b' ');
        }
        whole.extend_from_slice(line);
        let kind = match &code {
            b"334" => AuthReply::Challenge { at: text_at },
            b"235" => AuthReply::Success,
            [b'4' | b'5', ..] => AuthReply::Failure,
            _ => {
                return Err(Error::Protocol(format!(
                    "unexpected reply to AUTH: {}",
                    field::peer(&whole)
                )))
            }
        };
        self.auth_reply(line, &whole, kind)
    }

    fn imap_line(&mut self, line: &[u8]) -> Result<(), Error> {
        let text = field::escape(line);
        if self.state == State::Auth {
            match imap::parse_response(line) {
                Some(Response::Continuation(payload)) => {
                    let at = line.len() - payload.len();
                    return self.auth_line(line, AuthReply::Challenge { at });
                }
                Some(Response::Tagged { tag, status, .. }) if tag == self.tag.as_bytes() => {
                    return self.auth_line(
                        line,
                        match status {
                            Status::Ok => AuthReply::Success,
                            Status::No | Status::Bad => AuthReply::Failure,
                            // Untagged only: no verdict.
                            Status::Preauth | Status::Bye => AuthReply::Other,
                        },
                    );
                }
                _ => {}
            }
        }
        self.transcript.server(line);
        let upper = text.to_ascii_uppercase();
        if self.state == State::Greeting {
            return if upper.starts_with("* OK") {
                if let Some(caps) = bracketed_capabilities(&text) {
                    // Kept, but asked for again: some servers list only
                    // part of them in the greeting.
                    self.capabilities = Some(caps);
                }
                self.ask_capabilities();
                Ok(())
            } else if upper.starts_with("* PREAUTH") {
                Err(Error::Unsupported(format!(
                    "the server says the connection is already authenticated (PREAUTH): {text}"
                )))
            } else if upper.starts_with("* BYE") {
                Err(refused_at("greeting", Protocol::Imap, &text))
            } else {
                Err(Error::Protocol(format!(
                    "the IMAP greeting is not * OK, * PREAUTH or * BYE: {text}"
                )))
            };
        }
        if let Some(untagged) = text.strip_prefix("* ") {
            if self.state == State::Capabilities
                && untagged.to_ascii_uppercase().starts_with("CAPABILITY ")
            {
                self.reply.push(Zeroizing::new(line.to_vec()));
            } else if upper.starts_with("* BYE") && self.state != State::Quit {
                return Err(Error::Protocol(format!(
                    "the server closed the session: {text}"
                )));
            } else {
                // Untagged data counts against the reply's size too.
                self.reply.push(Zeroizing::new(Vec::new()));
            }
            return Ok(());
        }
        let mut words = text.splitn(3, ' ');
        let (tag, status) = (
            words.next().unwrap_or_default(),
            words.next().unwrap_or_default(),
        );
        if tag != self.tag {
            return Err(Error::Protocol(format!(
                "expected the tagged reply {} or an untagged one, got: {text}",
                self.tag
            )));
        }
        let lines = std::mem::take(&mut self.reply);
        let status = status.to_ascii_uppercase();
        match (self.state, status.as_str()) {
            (State::Capabilities, "OK") => {
                let listed = lines
                    .iter()
                    .find(|l| !l.is_empty())
                    .map(|l| String::from_utf8_lossy(l).into_owned());
                let caps = listed
                    .as_deref()
                    .and_then(|l| l.get(2..))
                    .map(|l| imap_capabilities(l.split_whitespace().skip(1)))
                    .or_else(|| self.capabilities.take())
                    .ok_or_else(|| {
                        Error::Protocol("CAPABILITY completed without * CAPABILITY".into())
                    })?;
                self.capabilities_known(caps);
            }
            (State::StartTls, "OK") => self.state = State::Handshake,
            (State::Quit, _) => self.state = State::Done,
            (State::Capabilities, _) => {
                return Err(refused_at("CAPABILITY", Protocol::Imap, &text))
            }
            (State::StartTls, _) => return Err(refused_at("STARTTLS", Protocol::Imap, &text)),
            _ => return Err(Error::Protocol(format!("unexpected tagged reply: {text}"))),
        }
        Ok(())
    }

    fn pop3_line(&mut self, line: &[u8]) -> Result<(), Error> {
        let text = field::escape(line);
        if self.in_capa_body {
            self.transcript.server(line);
            if line == b"." {
                self.in_capa_body = false;
                let lines = std::mem::take(&mut self.reply);
                let mut caps = Capabilities::default();
                for l in &lines {
                    let l = String::from_utf8_lossy(l).into_owned();
                    let mut words = l.split_whitespace();
                    match words.next().map(str::to_ascii_uppercase).as_deref() {
                        Some("STLS") => caps.starttls = true,
                        Some("SASL") => add_mechanisms(&mut caps, words),
                        _ => {}
                    }
                }
                self.capabilities_known(caps);
            } else {
                self.reply.push(Zeroizing::new(line.to_vec()));
            }
            return Ok(());
        }
        let reply = pop3::parse_reply(line);
        if self.state == State::Auth {
            return match reply {
                Some(pop3::Reply::Ok(_)) => self.auth_line(line, AuthReply::Success),
                Some(pop3::Reply::Err(_)) => self.auth_line(line, AuthReply::Failure),
                Some(pop3::Reply::Continuation(payload)) => {
                    let at = line.len() - payload.len();
                    self.auth_line(line, AuthReply::Challenge { at })
                }
                None => Err(Error::Protocol(format!(
                    "a POP3 reply in an authentication is +OK, -ERR or a + continuation, not: {text}"
                ))),
            };
        }
        let ok = matches!(reply, Some(pop3::Reply::Ok(_)));
        let err = matches!(reply, Some(pop3::Reply::Err(_)));
        self.transcript.server(line);
        if !ok && !err {
            if self.state == State::Quit {
                self.state = State::Done;
                return Ok(());
            }
            return Err(Error::Protocol(format!(
                "a POP3 reply starts with +OK or -ERR, not: {text}"
            )));
        }
        match (self.state, ok) {
            (State::Greeting, true) => self.ask_capabilities(),
            (State::Greeting, false) => return Err(refused_at("greeting", Protocol::Pop3, &text)),
            (State::Capabilities, true) => self.in_capa_body = true,
            // A server without CAPA (RFC 2449) offers nothing known.
            (State::Capabilities, false) => self.capabilities_known(Capabilities::default()),
            (State::StartTls, true) => self.state = State::Handshake,
            (State::StartTls, false) => return Err(refused_at("STLS", Protocol::Pop3, &text)),
            (State::Quit, _) => self.state = State::Done,
            _ => {}
        }
        Ok(())
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

/// IMAP capability atoms.
fn imap_capabilities<'a>(atoms: impl Iterator<Item = &'a str>) -> Capabilities {
    let mut caps = Capabilities::default();
    for atom in atoms {
        let upper = atom.to_ascii_uppercase();
        if let Some(mechanism) = upper.strip_prefix("AUTH=") {
            if !caps.mechanisms.iter().any(|m| m == mechanism) {
                caps.mechanisms.push(mechanism.to_owned());
            }
        }
        match upper.as_str() {
            "STARTTLS" => caps.starttls = true,
            "SASL-IR" => caps.sasl_ir = true,
            "LOGINDISABLED" => caps.login_disabled = true,
            _ => {}
        }
    }
    caps
}

/// `* OK [CAPABILITY ...] text`: the capabilities in the greeting.
fn bracketed_capabilities(text: &str) -> Option<Capabilities> {
    let open = text.find('[')?;
    let inner = &text[open + 1..];
    let inner = &inner[..inner.find(']')?];
    let mut atoms = inner.split_whitespace();
    atoms
        .next()
        .filter(|w| w.eq_ignore_ascii_case("CAPABILITY"))
        .map(|_| imap_capabilities(atoms))
}
