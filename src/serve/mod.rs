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
pub mod chaos;
#[cfg(feature = "net")]
pub mod client_ca;
pub mod diagnose;
mod imap_mailbox;
mod imap_server;
pub mod mailbox;
pub mod maildir;
mod pop3_server;
mod reply_diagnosis;
mod sasl;
mod smtp_server;
#[cfg(feature = "net")]
pub mod tls;

use zeroize::Zeroizing;

use crate::decode;
use crate::encoding;
use crate::field::escape;
use crate::layout::{Field, Layout};
use crate::mech::server::{Check, Failure, Kind, Refusal, Server, Step, Store};
use crate::mech::ChannelBinding;
use crate::protocol::imap::{self, Arg, Part};
use crate::protocol::{pop3, smtp, Protocol};
use crate::transcript::{Entry, Transcript};

use accounts::Accounts;
use imap_server::imap_holds_secret;

/// The largest IMAP literal kept (a password, a user name): 64 KiB.
pub const MAX_LITERAL: usize = 64 * 1024;
/// The largest message taken by SMTP DATA or IMAP APPEND (counted, then
/// discarded): 32 MiB.
pub const MAX_MESSAGE: usize = 32 * 1024 * 1024;
/// The most lines one IMAP command may span (a line per literal).
pub const MAX_COMMAND_PARTS: usize = 64;
/// The most logins tried on one connection before it is closed.
pub const MAX_LOGINS: usize = 10;

/// The accounts a session logs clients in against. [`Accounts`] (a
/// passwd-file, `--user`, capture mode) is one; a program can plug in its
/// own: the checks of [`Store`], which mechanisms it can run and, when it
/// hands out its accounts' secrets, those accounts, for APOP and for the
/// diagnosis's search. Without them a refusal is diagnosed only from what
/// the mechanism itself found, and APOP is refused.
///
/// ```
/// use saslenc::mech::server::{Check, ScramSecret, Store};
/// use saslenc::mech::{Kind, ScramHash};
/// use saslenc::protocol::Protocol;
/// use saslenc::serve::{Config, Directory, Outcome, Session};
///
/// /// One user, whose password is checked elsewhere (here: compared).
/// struct Ldap;
/// impl Store for Ldap {
///     fn password(&self, user: &str, password: &[u8]) -> Check {
///         match (user, password) {
///             ("alice", b"pencil") => Check::Match,
///             ("alice", _) => Check::Mismatch,
///             _ => Check::NoSuchUser,
///         }
///     }
///     fn scram(&self, _: &str, _: ScramHash) -> Option<ScramSecret> { None }
///     fn cram_md5(&self, _: &str, _: &[u8], _: &[u8; 16]) -> Check { Check::Unverifiable }
///     fn token(&self, _: &str, _: &[u8]) -> Check { Check::Unverifiable }
/// }
/// impl Directory for Ldap {
///     fn can_run(&self, kind: Kind) -> bool {
///         matches!(kind, Kind::Plain | Kind::Login)
///     }
/// }
///
/// let config = Config::new(Protocol::Smtp, &Ldap);
/// assert_eq!(config.mechanisms, [Kind::Plain, Kind::Login]);
/// let mut session = Session::new(&config, &Ldap, true);
/// session.greeting();
/// session.line(b"EHLO client", false);
/// let out = session.line(b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==", false);
/// assert!(out.reply.starts_with(b"235 "));
/// assert_eq!(session.verdict().outcome, Outcome::Accepted);
/// ```
pub trait Directory: Store {
    /// Whether some account can run `kind`: the mechanisms offered.
    fn can_run(&self, kind: Kind) -> bool;

    /// Whether every well-formed login is accepted (capture mode).
    fn accepts_any(&self) -> bool {
        false
    }

    /// The accounts with their secrets, when this store hands them out.
    fn known(&self) -> Option<&Accounts> {
        None
    }
}

impl Directory for Accounts {
    fn can_run(&self, kind: Kind) -> bool {
        Accounts::can_run(self, kind)
    }

    fn accepts_any(&self) -> bool {
        Accounts::accepts_any(self)
    }

    fn known(&self) -> Option<&Accounts> {
        Some(self)
    }
}

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
    /// A practice server's replies: when set, the reply to a refused
    /// login carries its diagnosis (SMTP `535-` lines before the last,
    /// IMAP's tagged `NO` text, POP3's `-ERR` text), masked with every
    /// secret the client sent, and never with the accounts' passwords:
    /// a mask that appears where a guess equals one would answer many
    /// guesses a login. `false` answers as a real server does.
    pub reply_diagnosis: bool,
    /// The failures made on purpose ([`chaos`]).
    pub chaos: chaos::Chaos,
    /// Where accepted messages are kept and read back from ([`mailbox`]);
    /// without it they are counted and discarded.
    pub maildir: Option<maildir::Maildir>,
    /// NTLM: whether NTLMv1 responses are taken (weak; each accepted one
    /// is diagnosed so).
    pub ntlm_v1: bool,
    /// NTLM: the domain this server is in; `None`: the host name, and any
    /// domain is taken.
    pub ntlm_domain: Option<String>,
}

impl Config {
    /// A server of `protocol` offering every mechanism `accounts` can run
    /// except ANONYMOUS and the historic DIGEST-MD5, with STARTTLS offered
    /// and cleartext AUTH refused.
    pub fn new(protocol: Protocol, accounts: &dyn Directory) -> Self {
        Config {
            protocol,
            mechanisms: Kind::served_kinds()
                .filter(|&k| {
                    !matches!(k, Kind::Anonymous | Kind::DigestMd5 | Kind::Ntlm)
                        && accounts.can_run(k)
                })
                .collect(),
            allow_cleartext: false,
            starttls: true,
            hostname: "localhost".into(),
            show_secrets: false,
            reply_diagnosis: false,
            chaos: chaos::Chaos::default(),
            maildir: None,
            ntlm_v1: false,
            ntlm_domain: None,
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
    /// The client left a login unfinished: it closed the connection in
    /// the middle of the exchange.
    Unfinished,
}

impl Outcome {
    /// `"accepted"`, `"refused"`, `"malformed"`, `"no login"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
            Outcome::Malformed => "malformed",
            Outcome::NoAuth => "no login",
            Outcome::Unfinished => "unfinished",
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
    /// Why not, one finding a line; for an accepted login, what is weak
    /// about it.
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
    accounts: &'a dyn Directory,
    tls: bool,
    state: State<'a>,
    helo: Option<&'static str>,
    authenticated: Option<String>,
    transcript: Transcript,
    shown: usize,
    logins: Vec<Login>,
    /// How many of `logins` a reply has answered (and told the client
    /// why, with [`Config::reply_diagnosis`]).
    told: usize,
    bare_lf_noted: bool,
    cr_noted: bool,
    /// The client sent a TLS ClientHello where a command was due.
    client_hello: bool,
    /// The last thing read was an IMAP literal: the line after it may be
    /// empty.
    after_literal: bool,
    /// The lines of the SASL exchange under way, as typed, for the
    /// diagnosis.
    exchange: Vec<Zeroizing<Vec<u8>>>,
    apop_timestamp: String,
    closing: bool,
    /// With a maildir: the SMTP transaction, the deliveries, the POP3
    /// maildrop.
    mail: mailbox::Mail,
    /// EXTERNAL: the client certificate of the TLS session, as verified.
    presented: Option<crate::mech::external::Presented>,
    /// The TLS connection's channel bindings (RFC 5056), once TLS runs:
    /// with any, the -PLUS mechanisms are offered and checked against them.
    channel: Vec<ChannelBinding>,
}

impl<'a> Session<'a> {
    /// A session on a connection that is already in TLS (`tls`) or not.
    pub fn new(config: &'a Config, accounts: &'a dyn Directory, tls: bool) -> Self {
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
            told: 0,
            bare_lf_noted: false,
            cr_noted: false,
            client_hello: false,
            after_literal: false,
            exchange: Vec::new(),
            apop_timestamp: timestamp,
            closing: false,
            mail: mailbox::Mail::default(),
            presented: None,
            channel: Vec::new(),
        }
    }

    /// The greeting.
    pub fn greeting(&mut self) -> Output {
        if let Some(out) = self.chaos_greeting() {
            return out;
        }
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

    /// The reply to a line longer than the server takes; the connection
    /// is closed after it.
    pub fn line_too_long(&mut self) -> Output {
        let text = match self.config.protocol {
            // RFC 5321 section 4.5.3.1.4 (and 4.2.3's 500 for it).
            Protocol::Smtp => smtp::reply(500, "5.5.6 Line too long"),
            Protocol::Imap => imap::untagged("BYE Line too long"),
            Protocol::Pop3 => pop3::err(None, "Line too long"),
        };
        self.transcript.note(format!(
            "the client sent a line longer than {} bytes; the server closes the connection",
            crate::protocol::lines::MAX_LINE_LEN
        ));
        let mut out = self.reply(text);
        out.close = true;
        out
    }

    /// The client closed the connection (or it ended otherwise). A login
    /// the server had already refused, whose last challenge went
    /// unanswered (an OAuth error challenge), is recorded with its
    /// verdict; a login left in the middle, as unfinished.
    pub fn hang_up(&mut self) {
        self.left(None);
    }

    /// The server ended the session (`why`: it shuts down, the client was
    /// idle too long): as [`Session::hang_up`], a login left in the
    /// middle is on record as unfinished, with the server as the one that
    /// ended it.
    pub fn interrupted(&mut self, why: &str) {
        self.left(Some(why));
    }

    fn left(&mut self, server_ended: Option<&str>) {
        let State::Sasl { mut server, .. } = std::mem::replace(&mut self.state, State::Commands)
        else {
            return;
        };
        let kind = server.kind();
        let failure = match server_ended {
            None => server.hang_up(),
            Some(why) => server.interrupted(why),
        };
        let Some(failure) = failure else {
            self.exchange.clear();
            return;
        };
        // Recorded without a reply: there is no one left to send it to.
        let at_token_error = failure.refusal != Refusal::HungUp;
        self.record_failure(kind, failure);
        if let Some(login) = self.logins.last_mut().filter(|_| at_token_error) {
            login.diagnosis.push(match server_ended {
                None => "the client closed the connection at the error challenge instead of \
                         answering it (an empty line for XOAUTH2, AQ== for OAUTHBEARER, RFC 7628 \
                         section 3.2.3)"
                    .into(),
                Some(why) => format!(
                    "the server ended the session ({why}) at the error challenge, before the \
                     client answered it (an empty line for XOAUTH2, AQ== for OAUTHBEARER, RFC \
                     7628 section 3.2.3)"
                ),
            });
        }
    }

    /// Whether `bytes` (a line, or what was left unterminated when the
    /// client left) start a TLS handshake record where the protocol's
    /// plain-text command was due; noted once, and the verdict says so.
    pub fn client_hello(&mut self, bytes: &[u8]) -> bool {
        // A TLS record: content type 22 (handshake), version 3.x.
        let hello = !self.tls && bytes.starts_with(&[0x16, 0x03]);
        if hello && !self.client_hello {
            self.client_hello = true;
            self.transcript.note(CLIENT_HELLO);
        }
        hello
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

    /// What the TLS handshake established of the client's certificate,
    /// for EXTERNAL; noted in the transcript.
    pub fn client_certificate(&mut self, presented: crate::mech::external::Presented) {
        use crate::mech::external::Presented;
        self.transcript.note(match &presented {
            Presented::Nothing => "the client sent no TLS client certificate".to_owned(),
            Presented::Refused { subject, reason } => {
                format!("client certificate {subject}: not accepted: {reason}")
            }
            Presented::Verified {
                subject,
                identities,
            } => format!(
                "client certificate {subject}: verified; identities: {}",
                identities
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        self.presented = Some(presented);
    }

    /// The channel bindings of the TLS connection this session runs on
    /// ([`channel_binding::of_connection`](crate::mech::channel_binding::of_connection)),
    /// set after the handshake: the `-PLUS` mechanisms are offered, and
    /// checked against them, only with some.
    pub fn set_channel(&mut self, bindings: Vec<ChannelBinding>) {
        if !bindings.is_empty() {
            let names: Vec<String> = bindings
                .iter()
                .map(|b| format!("{} {}", b.binding_type(), hex::encode(b.data())))
                .collect();
            self.transcript.note(format!(
                "channel binding data of this connection (public; a -PLUS login must carry one): {}",
                names.join(", ")
            ));
        }
        self.channel = bindings;
    }

    /// The mechanisms offered on this connection now: the listener's,
    /// EXTERNAL only once TLS is up (its identity is the TLS client
    /// certificate), the `-PLUS` ones only over TLS with channel binding
    /// data.
    pub(crate) fn offered(&self) -> impl Iterator<Item = Kind> + '_ {
        let bound = self.tls && !self.channel.is_empty();
        self.config
            .mechanisms
            .iter()
            .copied()
            .filter(move |&k| k != Kind::External || self.tls)
            .filter(move |k| bound || !matches!(k, Kind::ScramPlus(_)))
    }

    /// `count` bytes the client sent after its STARTTLS command, before
    /// the handshake, were discarded.
    pub fn discarded_after_starttls(&mut self, count: usize) {
        self.transcript.note(format!(
            "the client sent {} after STARTTLS before the TLS handshake; they were \
             discarded (a server that kept them would run them as if inside TLS: CVE-2011-0411)",
            plural(count, "byte")
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
                diagnosis: vec![if self.client_hello {
                    CLIENT_HELLO.into()
                } else if let Some(failure) = self.config.chaos.at(chaos::Step::Greeting) {
                    format!(
                        "no login could be tried: {}",
                        chaos::chaos_note(chaos::Step::Greeting, failure)
                    )
                } else {
                    "the client never tried to log in: is the application configured without \
                     authentication (no user name set, or AUTH disabled)?"
                        .into()
                }],
            },
        }
    }

    fn reply(&mut self, text: String) -> Output {
        let text = self.tell_client(text);
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
        let after_literal = std::mem::take(&mut self.after_literal);
        if matches!(self.state, State::Commands) && self.client_hello(line) {
            self.client_unknown(line);
            let mut out = self.reply(match self.config.protocol {
                Protocol::Smtp => smtp::reply(500, "5.5.1 TLS on a STARTTLS port"),
                Protocol::Imap => imap::untagged("BYE TLS on a STARTTLS port"),
                Protocol::Pop3 => pop3::err(None, "TLS on a STARTTLS port"),
            });
            out.close = true;
            return out;
        }
        let data = matches!(self.state, State::Data { .. });
        let line = match line.strip_suffix(b"\r") {
            Some(stripped) if !data => {
                if !self.cr_noted {
                    self.cr_noted = true;
                    self.transcript.note(
                        "the client ends its lines with CR CR LF (printf '...\\r\\n' typed into \
                         openssl s_client -crlf, which adds its own CR): this server drops the \
                         extra CR, strict servers refuse such lines; with -crlf send \\n alone",
                    );
                }
                stripped
            }
            _ => line,
        };
        // The line end after a literal whose count was one too high is a
        // lone LF: no client's habit to note.
        let bare_lf = bare_lf && !(after_literal && line.is_empty());
        if bare_lf && !self.bare_lf_noted && !data {
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
                self.after_literal = true;
                self.transcript
                    .note(format!("(a literal of {})", plural(bytes.len(), "byte")));
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
            return self.eight_bit(line);
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

    /// A command line that is not UTF-8: 8-bit bytes (Latin-1) where the
    /// protocols' commands are ASCII. A login in it (IMAP LOGIN with
    /// atoms or quoted strings, POP3 PASS) is checked with its bytes as
    /// sent, so that the diagnosis can name the character set; anything
    /// else gets the protocol's error, tagged in IMAP.
    fn eight_bit(&mut self, line: &[u8]) -> Output {
        let words: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
        let verb = |i: usize| words.get(i).map(|w| w.to_ascii_uppercase());
        let unquote = |w: &[u8]| -> Vec<u8> {
            w.strip_prefix(b"\"")
                .and_then(|w| w.strip_suffix(b"\""))
                .unwrap_or(w)
                .to_vec()
        };
        let note = "the command has 8-bit bytes (not UTF-8): a Latin-1 terminal or \
                    configuration; the protocol's commands are ASCII (IMAP takes 8-bit bytes \
                    only in literals)";
        match self.config.protocol {
            Protocol::Imap => {
                let tag = String::from_utf8_lossy(words[0]).into_owned();
                let tag = if tag.is_empty() || !tag.is_ascii() {
                    "*".to_owned()
                } else {
                    tag
                };
                if verb(1).as_deref() == Some(b"LOGIN") && words.len() == 4 {
                    let user = unquote(words[2]);
                    let password = Zeroizing::new(unquote(words[3]));
                    let prefix = format!("{tag} LOGIN {} ", String::from_utf8_lossy(&user));
                    self.transcript.client_secret(&prefix, &password);
                    self.transcript.note(note);
                    return self.imap_login(&tag, &user, &password, false);
                }
                self.client_unknown(line);
                self.transcript.note(note);
                self.reply(imap::tagged(&tag, "BAD", None, "Command is not UTF-8"))
            }
            Protocol::Pop3 if verb(0).as_deref() == Some(b"PASS") => {
                let password = Zeroizing::new(line.get(5..).unwrap_or_default().to_vec());
                self.transcript.client_secret("PASS ", &password);
                self.transcript.note(note);
                self.pop3_pass(&password)
            }
            protocol => {
                self.client_unknown(line);
                self.transcript.note(note);
                self.reply(match protocol {
                    Protocol::Smtp => smtp::reply(500, "5.5.2 Command is not UTF-8"),
                    _ => pop3::err(None, "Command is not UTF-8"),
                })
            }
        }
    }
}

/// What is said of a TLS ClientHello on a port that expects STARTTLS.
const CLIENT_HELLO: &str = "the client started TLS at once (a TLS ClientHello) on a port that \
     speaks plain text first and offers STARTTLS: the client expects implicit TLS; make it use \
     STARTTLS (openssl s_client -starttls smtp|imap|pop3, curl smtp:// with --ssl-reqd), or serve \
     this port as smtps://, imaps:// or pop3s://";

/// `1 byte`, `2 bytes`: a count and its noun, in agreement.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod session_tests;
