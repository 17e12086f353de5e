//! The server's side of a login, for practising, for catching what an
//! application sends, and for CI: a sans-I/O session per connection that
//! is fed the client's lines and answers with the protocol's replies,
//! through the same codecs ([`protocol::smtp`], [`protocol::imap`],
//! [`protocol::pop3`]) and the mechanisms' server steps
//! ([`mech::server`]). The binary only moves bytes.
//!
//! ```
//! use saslenc::protocol::Protocol;
//! use saslenc::serve::{accounts::Accounts, Config, Outcome, Session};
//! use saslenc::Secret;
//!
//! let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
//! let config = Config::new(Protocol::Smtp, &accounts);
//! let mut session = Session::new(&config, &accounts, true);
//! assert!(session.greeting().reply.starts_with(b"220 "));
//! session.line(b"EHLO client", false);
//! let out = session.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==", false);
//! assert!(out.reply.starts_with(b"235 "));
//! assert_eq!(session.verdict().outcome, Outcome::Accepted);
//! ```
//!
//! [`protocol::smtp`]: crate::protocol::smtp
//! [`protocol::imap`]: crate::protocol::imap
//! [`protocol::pop3`]: crate::protocol::pop3
//! [`mech::server`]: crate::mech::server

pub mod accounts;
pub mod diagnose;
pub mod tls;

use zeroize::Zeroizing;

use crate::decode;
use crate::encoding;
use crate::field::escape;
use crate::layout::{Field, Layout};
use crate::login::transcript::{Entry, Transcript};
use crate::mech::server::{Check, Failure, Kind, Refusal, Server, Step, Store};
use crate::protocol::imap::{self, Arg, Part};
use crate::protocol::{pop3, smtp, Protocol};

use accounts::Accounts;

/// The largest IMAP literal kept (a password, a user name): 64 KiB.
pub const MAX_LITERAL: usize = 64 * 1024;
/// The largest message taken by SMTP DATA or IMAP APPEND (counted, then
/// discarded): 32 MiB.
pub const MAX_MESSAGE: usize = 32 * 1024 * 1024;
/// The most lines one IMAP command may span (a line per literal).
pub const MAX_COMMAND_PARTS: usize = 64;
/// The most logins tried on one connection before it is closed.
pub const MAX_LOGINS: usize = 10;

/// How a server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The protocol spoken.
    pub protocol: Protocol,
    /// The mechanisms offered, in order.
    pub mechanisms: Vec<Kind>,
    /// Whether AUTH may run without TLS.
    pub allow_cleartext: bool,
    /// Whether STARTTLS (STLS) is offered: the listener has a TLS
    /// configuration and is not implicit TLS.
    pub starttls: bool,
    /// The name the server gives itself.
    pub hostname: String,
    /// Whether secrets are shown in the transcript.
    pub show_secrets: bool,
}

impl Config {
    /// A server of `protocol` offering every mechanism `accounts` can run
    /// except ANONYMOUS, with STARTTLS offered and cleartext AUTH refused.
    pub fn new(protocol: Protocol, accounts: &Accounts) -> Self {
        Config {
            protocol,
            mechanisms: Kind::served_kinds()
                .filter(|&k| k != Kind::Anonymous && accounts.can_run(k))
                .collect(),
            allow_cleartext: false,
            starttls: true,
            hostname: "localhost".into(),
            show_secrets: false,
        }
    }
}

/// What to do after a line.
#[derive(Debug, Default)]
pub struct Output {
    /// Bytes to send.
    pub reply: Vec<u8>,
    /// Start TLS once the reply is sent; bytes the client sent after its
    /// command are discarded (and reported with
    /// [`Session::discarded_after_starttls`]).
    pub start_tls: bool,
    /// Close the connection once the reply is sent.
    pub close: bool,
    /// IMAP: read a literal of this many bytes next, to give to
    /// [`Session::literal`].
    pub literal: Option<usize>,
}

/// How a connection ended, for `serve --once`'s exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A login was accepted.
    Accepted,
    /// Logins were refused.
    Refused,
    /// A client message broke the grammar.
    Malformed,
    /// The client never tried to log in.
    NoAuth,
}

impl Outcome {
    /// `"accepted"`, `"refused"`, `"malformed"`, `"no login"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
            Outcome::Malformed => "malformed",
            Outcome::NoAuth => "no login",
        }
    }
}

/// A connection's verdict.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// How it ended.
    pub outcome: Outcome,
    /// The user of the last login tried.
    pub user: Option<String>,
    /// Its mechanism (`"PLAIN"`, `"IMAP LOGIN"`, `"USER/PASS"`, ...).
    pub mechanism: Option<String>,
    /// What went wrong, and why, one finding a line.
    pub diagnosis: Vec<String>,
}

/// One login tried.
#[derive(Debug, Clone)]
pub struct Login {
    /// Accepted or not.
    pub outcome: Outcome,
    /// The user sent.
    pub user: Option<String>,
    /// The mechanism.
    pub mechanism: String,
    /// Why not, one finding a line.
    pub diagnosis: Vec<String>,
}

enum State<'a> {
    /// Before AUTH.
    Commands,
    /// A SASL exchange; `tag` for IMAP.
    Sasl {
        server: Box<Server<'a>>,
        tag: String,
        /// SCRAM: the success waits for the client's answer to
        /// server-final.
        pending_success: Option<String>,
    },
    /// SMTP DATA: counting the message's bytes.
    Data { bytes: usize },
    /// POP3: `USER` was given.
    Pop3User(String),
    /// IMAP: a command whose literal is being read.
    ImapCommand(Vec<Part>),
}

/// One connection's server side.
pub struct Session<'a> {
    config: &'a Config,
    accounts: &'a Accounts,
    tls: bool,
    state: State<'a>,
    helo: Option<&'static str>,
    authenticated: Option<String>,
    transcript: Transcript,
    shown: usize,
    logins: Vec<Login>,
    bare_lf_noted: bool,
    apop_timestamp: String,
    closing: bool,
}

impl<'a> Session<'a> {
    /// A session on a connection that is already in TLS (`tls`) or not.
    pub fn new(config: &'a Config, accounts: &'a Accounts, tls: bool) -> Self {
        let timestamp =
            String::from_utf8_lossy(&crate::mech::server::cram_challenge(&config.hostname))
                .into_owned();
        Session {
            config,
            accounts,
            tls,
            state: State::Commands,
            helo: None,
            authenticated: None,
            transcript: Transcript::new(config.show_secrets),
            shown: 0,
            logins: Vec::new(),
            bare_lf_noted: false,
            apop_timestamp: timestamp,
            closing: false,
        }
    }

    /// The greeting.
    pub fn greeting(&mut self) -> Output {
        let host = self.config.hostname.clone();
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(220, &format!("{host} ESMTP saslenc serve")),
            Protocol::Imap => imap::untagged(&format!(
                "OK [CAPABILITY {}] saslenc serve ready",
                self.imap_capabilities()
            )),
            Protocol::Pop3 => pop3::ok(&format!("saslenc serve ready {}", self.apop_timestamp)),
        };
        self.reply(text)
    }

    /// The protocol's goodbye when the server shuts down.
    pub fn goodbye(&mut self) -> Output {
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(421, "4.3.2 Service shutting down"),
            Protocol::Imap => imap::untagged("BYE Server shutting down"),
            Protocol::Pop3 => pop3::err(None, "Server shutting down"),
        };
        let mut out = self.reply(text);
        out.close = true;
        out
    }

    /// The reply to too many connections: the protocol's "busy".
    pub fn busy(protocol: Protocol) -> &'static str {
        match protocol {
            Protocol::Smtp => "421 4.7.0 Too many connections, try again later\r\n",
            Protocol::Imap => "* BYE [UNAVAILABLE] Too many connections, try again later\r\n",
            Protocol::Pop3 => "-ERR [SYS/TEMP] Too many connections, try again later\r\n",
        }
    }

    /// TLS is now active.
    pub fn tls_started(&mut self) {
        self.tls = true;
        self.transcript.note("TLS started");
        // RFC 3207 section 4.2: the client starts over with EHLO.
        self.helo = None;
    }

    /// `count` bytes the client sent after its STARTTLS command, before
    /// the handshake, were discarded.
    pub fn discarded_after_starttls(&mut self, count: usize) {
        self.transcript.note(format!(
            "the client sent {count} bytes after STARTTLS before the TLS handshake; they were \
             discarded (a server that kept them would run them as if inside TLS: CVE-2011-0411)"
        ));
    }

    /// A remark for the transcript.
    pub fn note(&mut self, text: impl Into<String>) {
        self.transcript.note(text);
    }

    /// Every secret the client has sent on this connection, in every form
    /// it is masked in: for what is shown of the session besides its
    /// transcript (a verdict, a diagnosis).
    pub fn secrets(&self) -> &crate::show::Secrets {
        self.transcript.secrets()
    }

    /// The transcript lines not yet taken.
    pub fn take_entries(&mut self) -> Vec<Entry> {
        let new = self.transcript.entries[self.shown..].to_vec();
        self.shown = self.transcript.entries.len();
        new
    }

    /// Every login tried on this connection, in order.
    pub fn logins(&self) -> &[Login] {
        &self.logins
    }

    /// Whether the session asked to close.
    pub fn closing(&self) -> bool {
        self.closing
    }

    /// The connection's verdict: accepted if a login was; otherwise the
    /// last login's; no login if none was tried.
    pub fn verdict(&self) -> Verdict {
        let chosen = self
            .logins
            .iter()
            .find(|l| l.outcome == Outcome::Accepted)
            .or_else(|| self.logins.last());
        match chosen {
            Some(login) => Verdict {
                outcome: login.outcome,
                user: login.user.clone(),
                mechanism: Some(login.mechanism.clone()),
                diagnosis: login.diagnosis.clone(),
            },
            None => Verdict {
                outcome: Outcome::NoAuth,
                user: None,
                mechanism: None,
                diagnosis: vec![
                    "the client never tried to log in: is the application configured without \
                     authentication (no user name set, or AUTH disabled)?"
                        .into(),
                ],
            },
        }
    }

    fn reply(&mut self, text: String) -> Output {
        for line in text.split_terminator("\r\n") {
            self.transcript.server(line.as_bytes());
        }
        Output {
            reply: text.into_bytes(),
            ..Output::default()
        }
    }

    fn challenge_reply(&mut self, challenge: &[u8]) -> Output {
        let base64 = encoding::encode(challenge);
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::challenge(&base64),
            Protocol::Imap => imap::continuation(&base64),
            Protocol::Pop3 => pop3::challenge(&base64),
        };
        self.transcript
            .server_challenge(text.trim_end().as_bytes(), challenge);
        Output {
            reply: text.into_bytes(),
            ..Output::default()
        }
    }

    fn client_plain(&mut self, line: &[u8]) {
        self.transcript.client_bytes(line);
    }

    /// A client line that no grammar here accepts (an unknown command, a
    /// base64 answer where a command was due): possibly a credential sent
    /// at the wrong moment, so shown by its shape only.
    fn client_unknown(&mut self, line: &[u8]) {
        self.transcript.client_shape(line);
    }

    /// One line from the client, without its line end; `bare_lf` when it
    /// ended in LF alone.
    pub fn line(&mut self, line: &[u8], bare_lf: bool) -> Output {
        if bare_lf && !self.bare_lf_noted && !matches!(self.state, State::Data { .. }) {
            self.bare_lf_noted = true;
            self.transcript.note(
                "the client ends its lines with a bare LF; the protocols ask for CRLF (strict \
                 servers refuse such lines; openssl s_client needs -crlf)",
            );
        }
        match std::mem::replace(&mut self.state, State::Commands) {
            State::Sasl {
                server,
                tag,
                pending_success,
            } => self.sasl_response(*server, tag, pending_success, line),
            State::Data { bytes } => self.data_line(bytes, line),
            State::ImapCommand(mut parts) => {
                let login = matches!(parts.first(), Some(Part::Line(l)) if imap_holds_secret(l));
                if !login {
                    self.client_plain(line);
                }
                parts.push(Part::Line(String::from_utf8_lossy(line).into_owned()));
                self.imap_parts(parts)
            }
            State::Pop3User(user) => {
                self.state = State::Pop3User(user);
                self.command(line)
            }
            State::Commands => self.command(line),
        }
    }

    /// IMAP: the bytes of the literal asked for with [`Output::literal`].
    pub fn literal(&mut self, bytes: &[u8]) -> Output {
        match std::mem::replace(&mut self.state, State::Commands) {
            State::ImapCommand(mut parts) => {
                self.transcript
                    .note(format!("(a literal of {} bytes)", bytes.len()));
                parts.push(Part::Literal(Zeroizing::new(bytes.to_vec())));
                self.state = State::ImapCommand(parts);
                Output::default()
            }
            other => {
                self.state = other;
                Output::default()
            }
        }
    }

    fn command(&mut self, line: &[u8]) -> Output {
        let Ok(text) = std::str::from_utf8(line) else {
            self.client_unknown(line);
            let reply = match self.config.protocol {
                Protocol::Smtp => smtp::reply(500, "5.5.2 Command is not UTF-8"),
                Protocol::Imap => imap::untagged("BAD Command is not UTF-8"),
                Protocol::Pop3 => pop3::err(None, "Command is not UTF-8"),
            };
            return self.reply(reply);
        };
        match self.config.protocol {
            Protocol::Smtp => self.smtp(text),
            Protocol::Imap => {
                // LOGIN's password and AUTHENTICATE's initial response
                // are shown masked once the command is parsed.
                if text.split(' ').nth(1).is_none() {
                    // A tag alone is no command: a word of base64 sent
                    // after the exchange ended, or a password.
                    self.client_unknown(line);
                } else if !imap_holds_secret(text) {
                    self.client_plain(line);
                }
                self.imap_parts(vec![Part::Line(text.to_owned())])
            }
            Protocol::Pop3 => self.pop3(text),
        }
    }

    fn cleartext_refused(&self) -> bool {
        !self.tls && !self.config.allow_cleartext
    }

    /// The start of a SASL exchange with `mechanism` and the initial
    /// response as sent.
    fn auth(&mut self, mechanism: &str, initial: Option<&str>, tag: &str) -> Output {
        let protocol = self.config.protocol;
        let no = |code: u16, enhanced: &str, text: &str| -> String {
            match protocol {
                Protocol::Smtp => smtp::reply(code, &format!("{enhanced} {text}")),
                Protocol::Imap => imap::tagged(tag, "NO", None, text),
                Protocol::Pop3 => pop3::err(None, text),
            }
        };
        if self.authenticated.is_some() {
            let text = match protocol {
                Protocol::Imap => imap::tagged(tag, "BAD", None, "Already authenticated"),
                _ => no(503, "5.5.1", "Already authenticated"),
            };
            return self.reply(text);
        }
        if self.logins.len() >= MAX_LOGINS {
            let mut out = self.reply(no(421, "4.7.0", "Too many failed logins, closing"));
            out.close = true;
            return out;
        }
        if self.cleartext_refused() {
            self.transcript.note(
                "the client tried to log in before STARTTLS; this server (like most) refuses \
                 authentication without TLS: start TLS first, or run serve with --allow-cleartext",
            );
            let text = match protocol {
                Protocol::Smtp => smtp::reply(
                    538,
                    "5.7.11 Encryption required for requested authentication mechanism",
                ),
                Protocol::Imap => imap::tagged(
                    tag,
                    "NO",
                    Some("PRIVACYREQUIRED"),
                    "Authentication is disabled before STARTTLS",
                ),
                Protocol::Pop3 => pop3::err(
                    Some("AUTH"),
                    "Plaintext authentication disallowed on non-secure connections",
                ),
            };
            self.logins.push(Login {
                outcome: Outcome::Refused,
                user: None,
                mechanism: mechanism.to_ascii_uppercase(),
                diagnosis: vec![
                    "the client sent AUTH before STARTTLS: it must start TLS first (curl \
                     --ssl-reqd, swaks --tls, msmtp tls_starttls on)"
                        .into(),
                ],
            });
            return self.reply(text);
        }
        let kind = Kind::served(mechanism).filter(|k| self.config.mechanisms.contains(k));
        let Some(kind) = kind else {
            let text = match protocol {
                Protocol::Smtp => smtp::reply(504, "5.5.4 Unrecognized authentication type"),
                Protocol::Imap => {
                    imap::tagged(tag, "NO", None, "Unsupported authentication mechanism")
                }
                Protocol::Pop3 => pop3::err(None, "Unsupported authentication mechanism"),
            };
            self.transcript.note(format!(
                "{} is not offered here; offered: {}",
                escape(mechanism.as_bytes()),
                self.mechanism_list()
            ));
            return self.reply(text);
        };
        let accounts: &'a Accounts = self.accounts;
        let mut server = Server::new(kind, accounts).with_hostname(&self.config.hostname);
        let initial_line = initial.unwrap_or_default().to_owned();
        let initial = match initial {
            None => None,
            Some("=") => Some(Zeroizing::new(Vec::new())),
            Some(text) => match self.decode_response(kind, text, tag) {
                Ok(bytes) => Some(bytes),
                Err(out) => return out,
            },
        };
        if let Some(bytes) = &initial {
            let prefix = match protocol {
                Protocol::Imap => format!("{tag} AUTHENTICATE {mechanism} "),
                _ => format!("AUTH {mechanism} "),
            };
            self.client_message(kind, &prefix, initial_line, bytes, 0);
        }
        let step = server.start(initial.as_deref().map(|m| &m[..]));
        self.step(server, tag.to_owned(), step)
    }

    fn mechanism_list(&self) -> String {
        let names: Vec<&str> = self.config.mechanisms.iter().map(|k| k.name()).collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(" ")
        }
    }

    /// Records a client's SASL message in the transcript, masked.
    fn client_message(
        &mut self,
        kind: Kind,
        prefix: &str,
        base64: String,
        bytes: &[u8],
        index: usize,
    ) {
        let layout = match kind {
            Kind::Login => {
                let (name, secret) = if index == 0 {
                    ("user", false)
                } else {
                    ("password", true)
                };
                let field = if secret {
                    Field::secret(name, "PASS", bytes)
                } else {
                    Field::text(name, "USER", bytes)
                };
                let label = if secret { "password" } else { "user name" };
                Layout::new("LOGIN").field(field).labelled(label)
            }
            _ => {
                let decoded = decode::client_message(kind.name(), bytes);
                if decoded.layout.fields().next().is_none() && !bytes.is_empty() {
                    // No layout of this mechanism's fits: the bytes may be
                    // a credential in a form saslenc cannot take apart (a
                    // PLAIN string without its leading NUL), so all of
                    // them are masked.
                    Layout::new(kind.name())
                        .field(Field::secret("message", "MESSAGE", bytes))
                        .labelled(format!("message not in {}'s form", kind.name()))
                } else {
                    decoded.layout.labelled(decoded.what)
                }
            }
        };
        self.transcript.client_message(prefix, &base64, &layout);
    }

    /// Decodes a SASL response line; a line that is not base64 is a
    /// malformed login, answered and diagnosed.
    fn decode_response(
        &mut self,
        kind: Kind,
        text: &str,
        tag: &str,
    ) -> Result<Zeroizing<Vec<u8>>, Output> {
        if let Ok(bytes) = encoding::decode("response", text) {
            return Ok(bytes);
        }
        let xoauth2 = match kind {
            Kind::XOAuth2 => crate::mech::xoauth2::misbuilt(text.as_bytes(), false),
            _ => None,
        };
        // An XOAUTH2 message typed as text carries the token after auth=.
        match text.find("auth=").filter(|_| xoauth2.is_some()) {
            Some(at) => {
                let at = at + 5;
                let at = at
                    + text[at..].get(..7).map_or(0, |w| {
                        if w.eq_ignore_ascii_case("Bearer ") {
                            7
                        } else {
                            0
                        }
                    });
                self.transcript
                    .client_secret(&text[..at], &text.as_bytes()[at..]);
            }
            // Not base64: possibly the password typed as it is.
            None => self.transcript.client_shape(text.as_bytes()),
        }
        let mut diagnosis = Vec::new();
        let url_safe: String = text
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        if let Some(finding) = xoauth2 {
            diagnosis.push(finding);
        } else if url_safe != text && encoding::decode("response", &url_safe).is_ok() {
            diagnosis.push(
                "the response is URL-safe base64 (- and _, RFC 4648 section 5); SASL uses the \
                 standard alphabet (+ and /): encode with base64, not base64url"
                    .to_owned(),
            );
        } else if text.contains(char::is_whitespace) {
            diagnosis
                .push("the base64 has spaces in it: it was wrapped or pasted in pieces".into());
        } else if matches!(kind, Kind::Login) || text.bytes().all(|b| b.is_ascii_graphic()) {
            diagnosis.push(format!(
                "the response is not base64{}: was it typed as plain text? Each answer to a 334 / + \
                 challenge is base64 (printf %s TEXT | base64)",
                if kind == Kind::Login { " (LOGIN answered in plain text)" } else { "" }
            ));
        } else {
            diagnosis.push("the response is not base64".into());
        }
        self.logins.push(Login {
            outcome: Outcome::Malformed,
            user: None,
            mechanism: kind.name().into(),
            diagnosis,
        });
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(501, "5.5.2 Cannot decode response"),
            Protocol::Imap => imap::tagged(tag, "BAD", None, "Invalid base64 in response"),
            Protocol::Pop3 => pop3::err(None, "Cannot decode response"),
        };
        Err(self.reply(text))
    }

    fn sasl_response(
        &mut self,
        mut server: Server<'a>,
        tag: String,
        pending: Option<String>,
        line: &[u8],
    ) -> Output {
        let kind = server.kind();
        let text = String::from_utf8_lossy(line).into_owned();
        let text = text.trim_end_matches('\r');
        if text == "*" {
            self.client_plain(line);
            let failure = server.cancel();
            return self.finish_failure(kind, failure, &tag);
        }
        let bytes = match encoding::decode("response", text) {
            Ok(bytes) => bytes,
            Err(_) => {
                return self
                    .decode_response(kind, text, &tag)
                    .err()
                    .unwrap_or_default()
            }
        };
        let index = server_index(&server);
        self.client_message(kind, "", text.to_owned(), &bytes, index);
        if let Some(user) = pending {
            // The answer to SCRAM's server-final: empty.
            if bytes.is_empty() {
                return self.finish_success(kind, user, &tag);
            }
        }
        let step = server.respond(&bytes);
        self.step(server, tag, step)
    }

    fn step(&mut self, server: Server<'a>, tag: String, step: Step) -> Output {
        let kind = server.kind();
        match step {
            Step::Challenge(challenge) => {
                let out = self.challenge_reply(&challenge);
                self.state = State::Sasl {
                    server: Box::new(server),
                    tag,
                    pending_success: None,
                };
                out
            }
            Step::Success {
                user,
                additional: Some(data),
                ..
            } => {
                let out = self.challenge_reply(&data);
                self.state = State::Sasl {
                    server: Box::new(server),
                    tag,
                    pending_success: Some(user),
                };
                out
            }
            Step::Success { user, .. } => self.finish_success(kind, user, &tag),
            Step::Failure(failure) => self.finish_failure(kind, failure, &tag),
        }
    }

    fn finish_success(&mut self, kind: Kind, user: String, tag: &str) -> Output {
        self.logins.push(Login {
            outcome: Outcome::Accepted,
            user: Some(user.clone()),
            mechanism: kind.name().into(),
            diagnosis: Vec::new(),
        });
        self.authenticated = Some(user);
        let text = match self.config.protocol {
            Protocol::Smtp => smtp::reply(235, "2.7.0 Authentication successful"),
            Protocol::Imap => imap::tagged(
                tag,
                "OK",
                Some(&format!("CAPABILITY {}", self.imap_capabilities())),
                "Logged in",
            ),
            Protocol::Pop3 => pop3::ok("Logged in."),
        };
        self.reply(text)
    }

    fn finish_failure(&mut self, kind: Kind, failure: Failure, tag: &str) -> Output {
        let diagnosis = diagnose::diagnose(kind, &failure, self.accounts, self.config.protocol);
        let outcome = match failure.refusal {
            Refusal::Malformed => Outcome::Malformed,
            _ => Outcome::Refused,
        };
        self.logins.push(Login {
            outcome,
            user: failure.evidence.user.clone(),
            mechanism: kind.name().into(),
            diagnosis,
        });
        let protocol = self.config.protocol;
        let text = match (failure.refusal, protocol) {
            (Refusal::Cancelled, Protocol::Smtp) => {
                smtp::reply(501, "5.0.0 Authentication cancelled")
            }
            (Refusal::Cancelled, Protocol::Imap) => {
                imap::tagged(tag, "BAD", None, "Authentication cancelled")
            }
            (Refusal::Cancelled, Protocol::Pop3) => pop3::err(None, "Authentication cancelled"),
            (Refusal::Malformed, Protocol::Smtp) => {
                smtp::reply(501, "5.5.2 Malformed authentication message")
            }
            (_, Protocol::Smtp) => smtp::reply(535, "5.7.8 Authentication credentials invalid"),
            (Refusal::Malformed, Protocol::Imap) => {
                imap::tagged(tag, "BAD", None, "Malformed authentication message")
            }
            (_, Protocol::Imap) => imap::tagged(
                tag,
                "NO",
                Some("AUTHENTICATIONFAILED"),
                "Authentication failed.",
            ),
            (_, Protocol::Pop3) => pop3::err(Some("AUTH"), "Authentication failed."),
        };
        self.reply(text)
    }

    /// A login with a password sent as it is (IMAP LOGIN, POP3 USER/PASS).
    fn password_login(&mut self, mechanism: &str, user: &str, password: &[u8]) -> bool {
        let check = self.accounts.password(user, password);
        if check == Check::Match {
            self.logins.push(Login {
                outcome: Outcome::Accepted,
                user: Some(user.into()),
                mechanism: mechanism.into(),
                diagnosis: Vec::new(),
            });
            self.authenticated = Some(user.into());
            return true;
        }
        // The same diagnosis as PLAIN's.
        let failure = Failure {
            refusal: if check == Check::Unverifiable {
                Refusal::Unavailable
            } else {
                Refusal::Store
            },
            reason: "wrong password".into(),
            evidence: crate::mech::server::Evidence {
                user: Some(user.into()),
                secret: Some(Zeroizing::new(password.to_vec())),
                ..Default::default()
            },
        };
        let diagnosis =
            diagnose::diagnose(Kind::Plain, &failure, self.accounts, self.config.protocol);
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: Some(user.into()),
            mechanism: mechanism.into(),
            diagnosis,
        });
        false
    }

    // SMTP

    fn smtp(&mut self, text: &str) -> Output {
        let command = smtp::parse_command(text);
        match command {
            // An initial response is shown masked once decoded.
            smtp::Command::Auth {
                initial: Some(_), ..
            } => {}
            smtp::Command::Unknown(_) | smtp::Command::Malformed { .. } => {
                self.client_unknown(text.as_bytes())
            }
            _ => self.client_plain(text.as_bytes()),
        }
        match command {
            smtp::Command::Ehlo(_) => {
                self.helo = Some("EHLO");
                let mut lines = vec![
                    self.config.hostname.clone(),
                    "8BITMIME".into(),
                    "ENHANCEDSTATUSCODES".into(),
                    "SIZE 33554432".into(),
                ];
                if !self.tls && self.config.starttls {
                    lines.push("STARTTLS".into());
                }
                if !self.cleartext_refused()
                    && self.authenticated.is_none()
                    && !self.config.mechanisms.is_empty()
                {
                    lines.push(format!("AUTH {}", self.mechanism_list()));
                }
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                self.reply(smtp::reply_lines(250, &refs))
            }
            smtp::Command::Helo(_) => {
                self.helo = Some("HELO");
                let host = self.config.hostname.clone();
                self.reply(smtp::reply(250, &host))
            }
            smtp::Command::StartTls => {
                if self.tls || !self.config.starttls {
                    self.reply(smtp::reply(503, "5.5.1 TLS already active or not offered"))
                } else {
                    let mut out = self.reply(smtp::reply(220, "2.0.0 Ready to start TLS"));
                    out.start_tls = true;
                    out
                }
            }
            smtp::Command::Auth { mechanism, initial } => {
                match self.helo {
                    None => return self.reply(smtp::reply(503, "5.5.1 Send EHLO first")),
                    Some("HELO") => self.transcript.note(
                        "AUTH after HELO: RFC 4954 defines AUTH for sessions opened with EHLO; this \
                         server takes it, strict servers refuse it",
                    ),
                    Some(_) => {}
                }
                if initial.is_some() && text.len() + 2 > smtp::AUTH_MAX_LINE {
                    self.transcript.note(format!(
                        "the AUTH line is {} octets; RFC 4954 section 4 lets servers refuse \
                         any over {}: send AUTH alone and the response after 334",
                        text.len() + 2,
                        smtp::AUTH_MAX_LINE
                    ));
                }
                let mechanism = mechanism.to_owned();
                let initial = initial.map(str::to_owned);
                self.auth(&mechanism, initial.as_deref(), "")
            }
            smtp::Command::Mail | smtp::Command::Rcpt if self.authenticated.is_none() => {
                self.reply(smtp::reply(530, "5.7.0 Authentication required"))
            }
            smtp::Command::Mail => self.reply(smtp::reply(250, "2.1.0 Ok")),
            smtp::Command::Rcpt => self.reply(smtp::reply(250, "2.1.5 Ok")),
            smtp::Command::Data if self.authenticated.is_none() => {
                self.reply(smtp::reply(530, "5.7.0 Authentication required"))
            }
            smtp::Command::Data => {
                self.state = State::Data { bytes: 0 };
                self.reply(smtp::reply(354, "End data with <CR><LF>.<CR><LF>"))
            }
            smtp::Command::Rset | smtp::Command::Noop => self.reply(smtp::reply(250, "2.0.0 Ok")),
            smtp::Command::Quit => {
                let mut out = self.reply(smtp::reply(221, "2.0.0 Bye"));
                out.close = true;
                self.closing = true;
                out
            }
            smtp::Command::Malformed { reason, .. } => {
                self.reply(smtp::reply(501, &format!("5.5.4 {reason}")))
            }
            smtp::Command::Unknown(_) => {
                self.reply(smtp::reply(502, "5.5.2 Command not recognized"))
            }
        }
    }

    fn data_line(&mut self, bytes: usize, line: &[u8]) -> Output {
        if line == b"." {
            let text = smtp::reply(
                250,
                &format!("2.0.0 Ok: message of {bytes} bytes discarded"),
            );
            self.transcript
                .note(format!("(the message's {bytes} bytes are not shown)"));
            return self.reply(text);
        }
        let bytes = bytes + line.len() + 2;
        if bytes > MAX_MESSAGE {
            let mut out = self.reply(smtp::reply(552, "5.3.4 Message too big"));
            out.close = true;
            return out;
        }
        self.state = State::Data { bytes };
        Output::default()
    }

    // IMAP

    fn imap_capabilities(&self) -> String {
        let mut caps = vec![
            "IMAP4rev1".to_owned(),
            "SASL-IR".into(),
            "LITERAL+".into(),
            "ID".into(),
            "ENABLE".into(),
        ];
        if !self.tls && self.config.starttls {
            caps.push("STARTTLS".into());
        }
        if self.cleartext_refused() {
            caps.push("LOGINDISABLED".into());
        } else if self.authenticated.is_none() {
            caps.extend(
                self.config
                    .mechanisms
                    .iter()
                    .map(|k| format!("AUTH={}", k.name())),
            );
        }
        caps.join(" ")
    }

    fn imap_parts(&mut self, parts: Vec<Part>) -> Output {
        let last = match parts.last() {
            Some(Part::Line(line)) => line.clone(),
            _ => String::new(),
        };
        if let Some((size, sync)) = imap::literal_at_end(&last) {
            let append = parts
                .first()
                .and_then(|p| match p {
                    Part::Line(l) => l.split(' ').nth(1),
                    _ => None,
                })
                .is_some_and(|w| w.eq_ignore_ascii_case("APPEND"));
            let limit = if append { MAX_MESSAGE } else { MAX_LITERAL };
            if size > limit || parts.len() >= MAX_COMMAND_PARTS {
                let tag = last.split(' ').next().unwrap_or("*").to_owned();
                let mut out = self.reply(imap::tagged(&tag, "BAD", None, "Literal too large"));
                // A non-synchronising literal is on its way: the stream
                // cannot be followed any more.
                out.close = !sync;
                return out;
            }
            let mut out = if sync {
                self.reply(imap::continuation("Ready for literal data"))
            } else {
                Output::default()
            };
            out.literal = Some(size);
            self.state = State::ImapCommand(parts);
            return out;
        }
        match imap::parse_command(&parts) {
            Ok(command) => self.imap(command),
            Err(reason) => {
                let tag = last
                    .split(' ')
                    .next()
                    .filter(|t| !t.is_empty())
                    .unwrap_or("*")
                    .to_owned();
                self.reply(imap::tagged(&tag, "BAD", None, reason))
            }
        }
    }

    fn imap(&mut self, command: imap::Command) -> Output {
        let tag = command.tag.clone();
        let ok = |name: &str| imap::tagged(&tag, "OK", None, &format!("{name} completed"));
        let authed = self.authenticated.is_some();
        match command.name.as_str() {
            "CAPABILITY" => {
                let caps = imap::untagged(&format!("CAPABILITY {}", self.imap_capabilities()));
                self.reply(caps + &ok("CAPABILITY"))
            }
            "NOOP" | "CHECK" | "CLOSE" | "UNSELECT" | "EXPUNGE" | "SUBSCRIBE" | "UNSUBSCRIBE" => {
                let name = command.name.clone();
                self.reply(ok(&name))
            }
            "ID" => self.reply(imap::untagged("ID NIL") + &ok("ID")),
            "LOGOUT" => {
                let mut out = self.reply(imap::untagged("BYE Logging out") + &ok("LOGOUT"));
                out.close = true;
                self.closing = true;
                out
            }
            "STARTTLS" => {
                if self.tls || !self.config.starttls {
                    self.reply(imap::tagged(
                        &tag,
                        "BAD",
                        None,
                        "TLS already active or not offered",
                    ))
                } else {
                    let mut out =
                        self.reply(imap::tagged(&tag, "OK", None, "Begin TLS negotiation now"));
                    out.start_tls = true;
                    out
                }
            }
            "AUTHENTICATE" => {
                let mechanism = match command.args.first() {
                    Some(Arg::Atom(m)) => m.clone(),
                    _ => {
                        return self.reply(imap::tagged(
                            &tag,
                            "BAD",
                            None,
                            "AUTHENTICATE needs a mechanism",
                        ))
                    }
                };
                let initial = match command.args.get(1) {
                    Some(Arg::Atom(a)) => Some(a.clone()),
                    _ => None,
                };
                self.auth(&mechanism, initial.as_deref(), &tag)
            }
            "LOGIN" => {
                let (Some(user), Some(password)) = (
                    command.args.first().and_then(Arg::bytes),
                    command.args.get(1).and_then(Arg::bytes),
                ) else {
                    return self.reply(imap::tagged(
                        &tag,
                        "BAD",
                        None,
                        "LOGIN needs a user name and a password",
                    ));
                };
                let user = String::from_utf8_lossy(user).into_owned();
                let password = Zeroizing::new(password.to_vec());
                self.transcript
                    .client_secret(&format!("{tag} LOGIN {user} "), &password);
                if authed {
                    return self.reply(imap::tagged(&tag, "BAD", None, "Already authenticated"));
                }
                if self.cleartext_refused() {
                    return self.auth("LOGIN", None, &tag);
                }
                if self.password_login("IMAP LOGIN", &user, &password) {
                    let caps = format!("CAPABILITY {}", self.imap_capabilities());
                    self.reply(imap::tagged(&tag, "OK", Some(&caps), "Logged in"))
                } else {
                    self.reply(imap::tagged(
                        &tag,
                        "NO",
                        Some("AUTHENTICATIONFAILED"),
                        "Authentication failed.",
                    ))
                }
            }
            _ if !authed => self.reply(imap::tagged(&tag, "BAD", None, "Log in first")),
            "SELECT" | "EXAMINE" => {
                let name = command.name.clone();
                let mailbox = command
                    .args
                    .first()
                    .and_then(Arg::bytes)
                    .map(|b| String::from_utf8_lossy(b).to_ascii_uppercase());
                if mailbox.as_deref() != Some("INBOX") {
                    return self.reply(imap::tagged(
                        &tag,
                        "NO",
                        Some("NONEXISTENT"),
                        "Only INBOX exists here",
                    ));
                }
                let code = if name == "SELECT" {
                    "READ-WRITE"
                } else {
                    "READ-ONLY"
                };
                let text = [
                    imap::untagged(r"FLAGS (\Answered \Flagged \Deleted \Seen \Draft)"),
                    imap::untagged("0 EXISTS"),
                    imap::untagged("0 RECENT"),
                    imap::untagged("OK [UIDVALIDITY 1] UIDs valid"),
                    imap::untagged("OK [UIDNEXT 1] Predicted next UID"),
                    imap::tagged(&tag, "OK", Some(code), &format!("{name} completed")),
                ]
                .concat();
                self.reply(text)
            }
            "LIST" | "LSUB" => {
                let name = command.name.clone();
                let text =
                    imap::untagged(&format!(r#"{name} (\HasNoChildren) "/" INBOX"#)) + &ok(&name);
                self.reply(text)
            }
            "STATUS" => {
                let text = imap::untagged(
                    "STATUS INBOX (MESSAGES 0 RECENT 0 UIDNEXT 1 UIDVALIDITY 1 UNSEEN 0)",
                ) + &ok("STATUS");
                self.reply(text)
            }
            "NAMESPACE" => {
                self.reply(imap::untagged(r#"NAMESPACE (("" "/")) NIL NIL"#) + &ok("NAMESPACE"))
            }
            "ENABLE" => self.reply(imap::untagged("ENABLED") + &ok("ENABLE")),
            "APPEND" => {
                let size = command
                    .args
                    .last()
                    .and_then(Arg::bytes)
                    .map_or(0, <[u8]>::len);
                self.transcript.note(format!(
                    "(the appended message's {size} bytes are discarded)"
                ));
                self.reply(imap::tagged(
                    &tag,
                    "OK",
                    Some("APPENDUID 1 1"),
                    "APPEND completed (message discarded)",
                ))
            }
            "SEARCH" | "FETCH" | "STORE" | "COPY" | "UID" => {
                let name = command.name.clone();
                let text = if name == "SEARCH" {
                    imap::untagged("SEARCH")
                } else {
                    String::new()
                };
                self.reply(text + &ok(&name))
            }
            _ => self.reply(imap::tagged(&tag, "BAD", None, "Unknown command")),
        }
    }

    // POP3

    fn pop3_capabilities(&self) -> Vec<String> {
        let mut caps = vec![
            "TOP".to_owned(),
            "UIDL".into(),
            "RESP-CODES".into(),
            "AUTH-RESP-CODE".into(),
        ];
        if !self.cleartext_refused() && self.authenticated.is_none() {
            caps.push("USER".into());
            if !self.config.mechanisms.is_empty() {
                caps.push(format!("SASL {}", self.mechanism_list()));
            }
        }
        if !self.tls && self.config.starttls {
            caps.push("STLS".into());
        }
        caps.push("IMPLEMENTATION saslenc".into());
        caps
    }

    fn pop3(&mut self, text: &str) -> Output {
        let command = pop3::parse_command(text);
        match &command {
            pop3::Command::Pass(password) => {
                self.transcript.client_secret("PASS ", password.as_bytes());
            }
            pop3::Command::Apop { user, .. } => {
                let user = (*user).to_owned();
                self.transcript.client_secret(
                    &format!("APOP {user} "),
                    text.rsplit(' ').next().unwrap_or_default().as_bytes(),
                );
            }
            // An initial response is shown masked once decoded.
            pop3::Command::Auth {
                initial: Some(_), ..
            } => {}
            pop3::Command::Unknown(_) => self.client_unknown(text.as_bytes()),
            _ => self.client_plain(text.as_bytes()),
        }
        let authed = self.authenticated.is_some();
        match command {
            pop3::Command::Capa => {
                let caps = self.pop3_capabilities();
                let refs: Vec<&str> = caps.iter().map(String::as_str).collect();
                self.reply(pop3::multiline("Capability list follows", &refs))
            }
            pop3::Command::Stls => {
                if self.tls || !self.config.starttls {
                    self.reply(pop3::err(None, "TLS already active or not offered"))
                } else {
                    let mut out = self.reply(pop3::ok("Begin TLS negotiation"));
                    out.start_tls = true;
                    out
                }
            }
            pop3::Command::Quit => {
                let mut out = self.reply(pop3::ok("Bye"));
                out.close = true;
                self.closing = true;
                out
            }
            _ if authed => match command {
                pop3::Command::Transaction("STAT") => self.reply(pop3::ok("0 0")),
                pop3::Command::Transaction("LIST") => {
                    self.reply(pop3::multiline("0 messages", &[]))
                }
                pop3::Command::Transaction("UIDL") => self.reply(pop3::multiline("", &[])),
                pop3::Command::Transaction(_) => self.reply(pop3::ok("")),
                pop3::Command::Message(_) => self.reply(pop3::err(None, "No such message")),
                _ => self.reply(pop3::err(None, "Already logged in")),
            },
            pop3::Command::User(user) => {
                if self.cleartext_refused() {
                    self.logins.push(Login {
                        outcome: Outcome::Refused,
                        user: Some(user.into()),
                        mechanism: "USER/PASS".into(),
                        diagnosis: vec![
                            "the client sent USER before STLS: it must start TLS first".into(),
                        ],
                    });
                    return self.reply(pop3::err(
                        Some("AUTH"),
                        "Plaintext authentication disallowed on non-secure connections",
                    ));
                }
                self.state = State::Pop3User(user.to_owned());
                self.reply(pop3::ok("Send PASS"))
            }
            pop3::Command::Pass(password) => {
                let State::Pop3User(user) = std::mem::replace(&mut self.state, State::Commands)
                else {
                    return self.reply(pop3::err(None, "Send USER first"));
                };
                let password = Zeroizing::new(password.as_bytes().to_vec());
                if self.password_login("USER/PASS", &user, &password) {
                    self.reply(pop3::ok("Logged in."))
                } else {
                    self.reply(pop3::err(Some("AUTH"), "Authentication failed."))
                }
            }
            pop3::Command::Apop { user, digest } => {
                let user = user.to_owned();
                self.apop(&user, digest)
            }
            pop3::Command::Auth {
                mechanism: None, ..
            } => {
                let names: Vec<&str> = self.config.mechanisms.iter().map(|k| k.name()).collect();
                self.reply(pop3::multiline("Methods supported", &names))
            }
            pop3::Command::Auth {
                mechanism: Some(mechanism),
                initial,
            } => {
                let mechanism = mechanism.to_owned();
                let initial = initial.map(str::to_owned);
                self.auth(&mechanism, initial.as_deref(), "")
            }
            pop3::Command::Transaction(_) | pop3::Command::Message(_) => {
                self.reply(pop3::err(None, "Log in first"))
            }
            pop3::Command::Unknown(_) => self.reply(pop3::err(None, "Unknown command")),
        }
    }

    fn apop(&mut self, user: &str, digest: &str) -> Output {
        let password = self
            .accounts
            .get(user)
            .and_then(|a| a.plaintext())
            .map(<[u8]>::to_vec);
        let right = password.as_ref().is_some_and(|pw| {
            use md5::Digest;
            let mut hasher = md5::Md5::new();
            hasher.update(self.apop_timestamp.as_bytes());
            hasher.update(pw);
            hex::encode(hasher.finalize()) == digest.to_ascii_lowercase()
        });
        let accept = right || (self.accounts.accepts_any() && digest.len() == 32);
        let user_owned = user.to_owned();
        if accept {
            self.logins.push(Login {
                outcome: Outcome::Accepted,
                user: Some(user_owned.clone()),
                mechanism: "APOP".into(),
                diagnosis: Vec::new(),
            });
            self.authenticated = Some(user_owned);
            return self.reply(pop3::ok("Logged in."));
        }
        let diagnosis = vec![if password.is_none() && !self.accounts.accepts_any() {
            "APOP needs the password in plain text on the server; this account has none (or there is no such user)".to_owned()
        } else {
            "the APOP digest is not MD5(timestamp + password) for this account's password"
                .to_owned()
        }];
        self.logins.push(Login {
            outcome: Outcome::Refused,
            user: Some(user_owned),
            mechanism: "APOP".into(),
            diagnosis,
        });
        self.reply(pop3::err(Some("AUTH"), "Authentication failed."))
    }
}

/// Whether an IMAP command line carries a secret: LOGIN (its password),
/// AUTHENTICATE with an initial response.
fn imap_holds_secret(line: &str) -> bool {
    let mut words = line.split(' ').skip(1);
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("LOGIN") => true,
        Some(w) if w.eq_ignore_ascii_case("AUTHENTICATE") => words.nth(1).is_some(),
        _ => false,
    }
}

/// How many client messages the server has had, to tell LOGIN's user
/// name (the first) from its password.
fn server_index(server: &Server<'_>) -> usize {
    server.messages()
}
