//! A small line-based SMTP / IMAP / POP3 client that carries SASL
//! credentials to a server and reports the server's verdict.
//!
//! The client deliberately computes **no** SASL encodings itself: the
//! caller supplies the optional initial response (already base64) and a
//! [`Responder`] that turns each server challenge (the base64 text after
//! `334 ` or `+ `, passed on exactly as received) into the base64 line to
//! send back. That keeps the code under test (saslenc, or a reference such as
//! GNU gsasl) the only thing producing credentials.
//!
//! Transports ([`Security`]):
//! * [`Security::Cleartext`]: a `std::net::TcpStream`.
//! * [`Security::StartTls`] and [`Security::ImplicitTls`]: a child
//!   `openssl s_client -quiet -crlf -connect 127.0.0.1:PORT [-starttls
//!   smtp|imap|pop3]`, driven through its stdin/stdout: exactly the tool mail
//!   administrators type into by hand, so no TLS crate is needed.
//!
//! `s_client` behaviour this relies on (OpenSSL 3.0):
//! * `-quiet` prints no certificate/session chatter on stdout, and it implies
//!   `-ign_eof`, which also switches off the interactive command letters: in
//!   a plain interactive `s_client`, a line starting with `R` renegotiates,
//!   `Q` quits and `k`/`K` update keys *instead of being sent*, and base64
//!   lines do start with those letters (`RGFuaWVs` is "Daniel").
//! * `-crlf` turns each `\n` written to stdin into `\r\n`, so lines are
//!   written to it with a bare `\n` (writing `\r\n` would send `\r\r\n`).
//! * With `-starttls`, `s_client` itself reads the greeting, sends
//!   `EHLO` / `. CAPABILITY` / `STLS` as needed, and consumes the replies, all
//!   before the handshake, and prints none of it. The first line on stdout is
//!   the reply to the first command we send after TLS, so this client sends
//!   `EHLO` / `CAPABILITY` / `CAPA` again (which RFC 3207 / 9051 / 2595
//!   require after STARTTLS anyway) and does not wait for a greeting.
//!
//! Every read has a timeout ([`Target::timeout`]), so a test never hangs; a
//! silent server yields [`Verdict::ProtocolError`].

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Default time to wait for any single line from the server.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this many challenge/response round trips per authentication
/// (SCRAM needs 2, LOGIN 2, CRAM-MD5 1): protects against a looping server.
const MAX_ROUND_TRIPS: usize = 16;

/// The application protocol spoken over the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// SMTP / submission: `EHLO`, `AUTH mech [ir]`, `334` challenges,
    /// `235` success (RFC 4954).
    Smtp,
    /// IMAP: `CAPABILITY`, `tag AUTHENTICATE mech [ir]` (SASL-IR, RFC 4959),
    /// `+` continuations, tagged `OK`/`NO`/`BAD` (RFC 9051).
    Imap,
    /// POP3: `CAPA`, `AUTH mech [ir]`, `+` continuations, `+OK`/`-ERR`
    /// (RFC 5034).
    Pop3,
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Smtp => "SMTP",
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
        })
    }
}

/// How the connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Security {
    /// Plain TCP, no TLS at all.
    Cleartext,
    /// Cleartext connection upgraded with STARTTLS / STLS (`s_client -starttls`).
    StartTls,
    /// TLS from the first byte (`s_client` without `-starttls`).
    ImplicitTls,
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Cleartext => "cleartext",
            Security::StartTls => "STARTTLS",
            Security::ImplicitTls => "implicit TLS",
        })
    }
}

/// Where the initial response goes when the caller provides one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InitialResponseMode {
    /// On the command line (`AUTH PLAIN <ir>`, `AUTHENTICATE PLAIN <ir>`)
    /// whenever the protocol allows it: always for SMTP (RFC 4954) and POP3
    /// (RFC 5034), for IMAP only if the server advertises `SASL-IR`. An empty
    /// initial response is sent as `=`. When IMAP lacks SASL-IR this falls
    /// back to [`InitialResponseMode::AfterChallenge`].
    Inline,
    /// Never on the command line: send the bare command, and answer the
    /// server's first challenge (normally empty) with the initial response,
    /// as a client without SASL-IR support does.
    AfterChallenge,
}

/// The outcome of one authentication attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `235`, tagged `OK`, `+OK`.
    Accepted,
    /// The server's refusal line(s): `535 ...`, `501 ...`, `504 ...`, tagged
    /// `NO`/`BAD`, `-ERR ...`.
    Rejected(String),
    /// Anything else: connection failure, TLS failure, timeout, unexpected
    /// reply, the responder giving up. The text says what happened.
    ProtocolError(String),
}

impl Verdict {
    /// True for [`Verdict::Accepted`].
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted)
    }

    /// True for [`Verdict::Rejected`].
    pub fn is_rejected(&self) -> bool {
        matches!(self, Verdict::Rejected(_))
    }
}

/// Produces the client's answer to each server challenge.
///
/// `challenge` is the text after `334 ` (SMTP) or `+ ` (IMAP, POP3) exactly
/// as the server sent it: base64, possibly empty. The returned string is sent
/// as one line, unchanged (it must not contain CR or LF); return `""` for an
/// empty response. Returning `Err` cancels the exchange (`*`) and the
/// attempt ends in [`Verdict::ProtocolError`].
///
/// Implemented for closures `FnMut(&str) -> Result<String, String>`.
pub trait Responder {
    /// Answers one challenge.
    fn respond(&mut self, challenge: &str) -> Result<String, String>;
}

impl<F> Responder for F
where
    F: FnMut(&str) -> Result<String, String>,
{
    fn respond(&mut self, challenge: &str) -> Result<String, String> {
        self(challenge)
    }
}

/// A responder for single-step mechanisms (PLAIN with an initial response,
/// ANONYMOUS, EXTERNAL): any challenge is an error.
pub fn no_challenges_expected(challenge: &str) -> Result<String, String> {
    Err(format!("unexpected server challenge {challenge:?}"))
}

/// Where and how to connect.
#[derive(Clone, Debug)]
pub struct Target {
    /// Application protocol.
    pub protocol: Protocol,
    /// Transport security.
    pub security: Security,
    /// Server address (normally `127.0.0.1:port`).
    pub addr: SocketAddr,
    /// Maximum wait for each line from the server.
    pub timeout: Duration,
    /// Placement of the initial response.
    pub initial_response_mode: InitialResponseMode,
    /// When set, TLS is verified strictly against this PEM file
    /// (`-CAfile FILE -verify_return_error -verify_ip <addr ip>`); when
    /// `None`, any certificate is accepted (as `s_client` does by default).
    pub ca_file: Option<PathBuf>,
}

impl Target {
    /// A target with [`DEFAULT_TIMEOUT`], [`InitialResponseMode::Inline`] and
    /// no certificate verification.
    pub fn new(protocol: Protocol, security: Security, addr: SocketAddr) -> Target {
        Target {
            protocol,
            security,
            addr,
            timeout: DEFAULT_TIMEOUT,
            initial_response_mode: InitialResponseMode::Inline,
            ca_file: None,
        }
    }

    /// Sets [`Target::timeout`].
    pub fn with_timeout(mut self, timeout: Duration) -> Target {
        self.timeout = timeout;
        self
    }

    /// Sets [`Target::initial_response_mode`].
    pub fn with_initial_response_mode(mut self, mode: InitialResponseMode) -> Target {
        self.initial_response_mode = mode;
        self
    }

    /// Sets [`Target::ca_file`] (strict TLS verification).
    pub fn with_ca_file(mut self, ca_file: impl Into<PathBuf>) -> Target {
        self.ca_file = Some(ca_file.into());
        self
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} over {} to {}",
            self.protocol, self.security, self.addr
        )
    }
}

/// The result of [`authenticate`]: the verdict plus the whole conversation.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What the server decided.
    pub verdict: Verdict,
    /// The server's final reply line (`235 ...`, `a2 NO ...`, `+OK ...`),
    /// empty when there was none: what a person would paste into saslenc's
    /// conversation mode as the verdict.
    pub reply: String,
    /// Every line sent (`C: `) and received (`S: `), one per line.
    pub transcript: String,
}

/// Connects, authenticates once, logs out. Connection problems become
/// [`Verdict::ProtocolError`].
pub fn authenticate(
    target: &Target,
    mechanism: &str,
    initial_response: Option<&str>,
    responder: &mut dyn Responder,
) -> Outcome {
    let mut transcript = Vec::new();
    match Session::connect_with_transcript(target, &mut transcript) {
        Ok(mut session) => {
            let verdict = session.authenticate(mechanism, initial_response, responder);
            Outcome {
                verdict,
                reply: session.last_reply().to_string(),
                transcript: session.transcript(),
            }
        }
        Err(e) => Outcome {
            verdict: Verdict::ProtocolError(e),
            reply: String::new(),
            transcript: transcript.join("\n"),
        },
    }
}

/// Checks that the `openssl` command needed for TLS transports runs.
pub fn tls_available() -> Result<(), String> {
    openssl_version().map(drop)
}

/// `openssl version`, e.g. `OpenSSL 3.0.19 27 Jan 2026 (Library: ...)`.
pub fn openssl_version() -> Result<String, String> {
    match Command::new("openssl")
        .arg("version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        }
        Ok(out) => Err(format!("`openssl version` failed ({})", out.status)),
        Err(e) => Err(format!(
            "`openssl` not runnable ({e}); apt-get install openssl"
        )),
    }
}

/// An open connection, greeted and with capabilities read, ready for
/// [`Session::authenticate`].
pub struct Session {
    protocol: Protocol,
    timeout: Duration,
    initial_response_mode: InitialResponseMode,
    transport: Transport,
    lines: LineReader,
    capabilities: Vec<String>,
    transcript: Vec<String>,
    next_tag: u32,
    /// The final reply of the last AUTH exchange.
    last_reply: String,
}

impl Session {
    /// Connects (TCP or `openssl s_client`), reads the greeting (unless
    /// `s_client -starttls` already consumed it) and asks for capabilities
    /// (`EHLO`, `CAPABILITY`, `CAPA`).
    pub fn connect(target: &Target) -> Result<Session, String> {
        Self::connect_with_transcript(target, &mut Vec::new())
    }

    /// Like [`Session::connect`]; on failure the conversation so far is left
    /// in `transcript_on_error`.
    fn connect_with_transcript(
        target: &Target,
        transcript_on_error: &mut Vec<String>,
    ) -> Result<Session, String> {
        let (transport, lines) = Transport::open(target)?;
        let mut session = Session {
            protocol: target.protocol,
            timeout: target.timeout,
            initial_response_mode: target.initial_response_mode,
            transport,
            lines,
            capabilities: Vec::new(),
            transcript: Vec::new(),
            next_tag: 0,
            last_reply: String::new(),
        };
        let greeted = if target.security == Security::StartTls {
            Ok(()) // s_client read the greeting before the handshake
        } else {
            session.read_greeting()
        };
        match greeted.and_then(|()| session.read_capabilities()) {
            Ok(()) => Ok(session),
            Err(e) => {
                let e = session.with_diagnostics(e);
                *transcript_on_error = std::mem::take(&mut session.transcript);
                Err(e)
            }
        }
    }

    /// Capabilities as announced after connecting (and after TLS): SMTP EHLO
    /// keywords (`AUTH PLAIN LOGIN`, `STARTTLS`, ...), IMAP capability atoms
    /// (`SASL-IR`, `AUTH=PLAIN`, ...), POP3 CAPA lines (`SASL PLAIN ...`).
    pub fn capabilities(&self) -> &[String] {
        &self.capabilities
    }

    /// Whether an initial response may go on the command line: always for
    /// SMTP and POP3, for IMAP only with the `SASL-IR` capability.
    pub fn inline_initial_response_allowed(&self) -> bool {
        match self.protocol {
            Protocol::Smtp | Protocol::Pop3 => true,
            Protocol::Imap => self
                .capabilities
                .iter()
                .any(|c| c.eq_ignore_ascii_case("SASL-IR")),
        }
    }

    /// Reads the next line the server sends on its own (after a verdict),
    /// e.g. Dovecot submission's `421` once it fails to reach its relay.
    /// Recorded in the transcript; `Err` on timeout or closed connection.
    pub fn next_line(&mut self) -> Result<String, String> {
        self.recv()
    }

    /// The server's final reply line of the last [`Session::authenticate`]
    /// (`235 ...`, `a2 OK ...`, `-ERR ...`); empty if it gave none.
    pub fn last_reply(&self) -> &str {
        &self.last_reply
    }

    /// The conversation so far, `C: ` / `S: ` prefixed, one line each.
    pub fn transcript(&self) -> String {
        self.transcript.join("\n")
    }

    /// Runs one SASL exchange. `initial_response` is base64 (`Some("")` for
    /// an empty one); it is placed according to [`Target::initial_response_mode`].
    /// Each challenge is handed to `responder` (except the first one when a
    /// deferred initial response answers it).
    pub fn authenticate(
        &mut self,
        mechanism: &str,
        initial_response: Option<&str>,
        responder: &mut dyn Responder,
    ) -> Verdict {
        match self.authenticate_inner(mechanism, initial_response, responder) {
            Ok(verdict) => verdict,
            Err(e) => Verdict::ProtocolError(self.with_diagnostics(e)),
        }
    }

    fn authenticate_inner(
        &mut self,
        mechanism: &str,
        initial_response: Option<&str>,
        responder: &mut dyn Responder,
    ) -> Result<Verdict, String> {
        self.last_reply.clear();
        check_line("mechanism", mechanism)?;
        if mechanism.is_empty() || mechanism.contains(' ') {
            return Err(format!("invalid mechanism name {mechanism:?}"));
        }
        if let Some(ir) = initial_response {
            check_line("initial response", ir)?;
        }
        let inline = initial_response.is_some()
            && self.initial_response_mode == InitialResponseMode::Inline
            && self.inline_initial_response_allowed();
        let mut deferred = if inline { None } else { initial_response };

        let mut command = match self.protocol {
            Protocol::Smtp | Protocol::Pop3 => format!("AUTH {mechanism}"),
            Protocol::Imap => format!("{} AUTHENTICATE {mechanism}", self.new_tag()),
        };
        if inline {
            // RFC 4954 / 4959 / 5034: an empty initial response is "=".
            let ir = initial_response.unwrap_or_default();
            command.push(' ');
            command.push_str(if ir.is_empty() { "=" } else { ir });
        }
        self.send(&command)?;

        for _ in 0..MAX_ROUND_TRIPS {
            let challenge = match self.read_auth_step()? {
                AuthStep::Done(verdict) => {
                    self.last_reply = self
                        .transcript
                        .last()
                        .and_then(|l| l.strip_prefix("S: "))
                        .unwrap_or_default()
                        .to_string();
                    return Ok(verdict);
                }
                AuthStep::Challenge(challenge) => challenge,
            };
            let answer = match deferred.take() {
                Some(ir) => Ok(ir.to_string()),
                None => responder.respond(&challenge),
            };
            match answer {
                Ok(line) => {
                    check_line("responder output", &line)?;
                    self.send(&line)?;
                }
                Err(reason) => {
                    // Cancel the exchange (RFC 4954 / 9051 / 5034: "*").
                    self.send("*")?;
                    let after = match self.read_auth_step() {
                        Ok(AuthStep::Done(Verdict::Rejected(line))) => line,
                        Ok(other) => format!("{other:?}"),
                        Err(e) => e,
                    };
                    return Ok(Verdict::ProtocolError(format!(
                        "responder failed on challenge {challenge:?}: {reason} \
                         (exchange cancelled; server: {after})"
                    )));
                }
            }
        }
        Err(format!(
            "no verdict after {MAX_ROUND_TRIPS} challenge/response round trips"
        ))
    }

    /// Reads the server's next move during AUTH.
    fn read_auth_step(&mut self) -> Result<AuthStep, String> {
        match self.protocol {
            Protocol::Smtp => {
                let (code, lines) = self.read_smtp_reply()?;
                let last = lines.last().map(String::as_str).unwrap_or_default();
                match code {
                    334 => Ok(AuthStep::Challenge(smtp_text(last).to_string())),
                    235 => Ok(AuthStep::Done(Verdict::Accepted)),
                    400..=599 => Ok(AuthStep::Done(Verdict::Rejected(lines.join("\n")))),
                    _ => Err(format!("unexpected reply to AUTH: {}", lines.join(" | "))),
                }
            }
            Protocol::Imap => {
                let tag = self.current_tag();
                loop {
                    let line = self.recv()?;
                    if let Some(challenge) = continuation(&line) {
                        return Ok(AuthStep::Challenge(challenge.to_string()));
                    }
                    if line.starts_with("* ") {
                        continue; // untagged data: ignore
                    }
                    if let Some(status) = tagged_status(&line, &tag) {
                        return Ok(AuthStep::Done(match status {
                            "OK" => Verdict::Accepted,
                            "NO" | "BAD" => Verdict::Rejected(line),
                            _ => Verdict::ProtocolError(format!("unknown status in {line:?}")),
                        }));
                    }
                    return Err(format!("unexpected line during AUTHENTICATE: {line:?}"));
                }
            }
            Protocol::Pop3 => {
                let line = self.recv()?;
                if let Some(challenge) = continuation(&line) {
                    Ok(AuthStep::Challenge(challenge.to_string()))
                } else if pop3_status(&line, "+OK") {
                    Ok(AuthStep::Done(Verdict::Accepted))
                } else if pop3_status(&line, "-ERR") {
                    Ok(AuthStep::Done(Verdict::Rejected(line)))
                } else {
                    Err(format!("unexpected line during AUTH: {line:?}"))
                }
            }
        }
    }

    fn read_greeting(&mut self) -> Result<(), String> {
        match self.protocol {
            Protocol::Smtp => {
                let (code, lines) = self.read_smtp_reply()?;
                if code != 220 {
                    return Err(format!("SMTP greeting is not 220: {}", lines.join(" | ")));
                }
            }
            Protocol::Imap => {
                let line = self.recv()?;
                if !line.starts_with("* OK") {
                    return Err(format!("IMAP greeting is not \"* OK\": {line:?}"));
                }
            }
            Protocol::Pop3 => {
                let line = self.recv()?;
                if !pop3_status(&line, "+OK") {
                    return Err(format!("POP3 greeting is not +OK: {line:?}"));
                }
            }
        }
        Ok(())
    }

    fn read_capabilities(&mut self) -> Result<(), String> {
        self.capabilities = match self.protocol {
            Protocol::Smtp => {
                self.send("EHLO saslenc.test")?;
                let (code, lines) = self.read_smtp_reply()?;
                if code != 250 {
                    return Err(format!("EHLO refused: {}", lines.join(" | ")));
                }
                // The first line is the server's name, the rest are keywords.
                lines
                    .iter()
                    .skip(1)
                    .map(|l| smtp_text(l).to_string())
                    .collect()
            }
            Protocol::Imap => {
                let tag = self.new_tag();
                self.send(&format!("{tag} CAPABILITY"))?;
                let mut capabilities = Vec::new();
                loop {
                    let line = self.recv()?;
                    if let Some(atoms) = line.strip_prefix("* CAPABILITY ") {
                        capabilities.extend(atoms.split_whitespace().map(str::to_string));
                    } else if let Some(status) = tagged_status(&line, &tag) {
                        if status != "OK" {
                            return Err(format!("CAPABILITY failed: {line:?}"));
                        }
                        break capabilities;
                    } else if !line.starts_with("* ") {
                        return Err(format!("unexpected line after CAPABILITY: {line:?}"));
                    }
                }
            }
            Protocol::Pop3 => {
                self.send("CAPA")?;
                let first = self.recv()?;
                if pop3_status(&first, "-ERR") {
                    Vec::new() // CAPA is optional (RFC 2449)
                } else if pop3_status(&first, "+OK") {
                    let mut capabilities = Vec::new();
                    loop {
                        let line = self.recv()?;
                        if line == "." {
                            break capabilities;
                        }
                        capabilities.push(line);
                    }
                } else {
                    return Err(format!("unexpected reply to CAPA: {first:?}"));
                }
            }
        };
        Ok(())
    }

    /// Reads a complete (possibly multi-line) SMTP reply.
    fn read_smtp_reply(&mut self) -> Result<(u16, Vec<String>), String> {
        let mut lines = Vec::new();
        loop {
            let line = self.recv()?;
            let code = line
                .get(..3)
                .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| format!("malformed SMTP reply line {line:?}"))?;
            let more = line.as_bytes().get(3) == Some(&b'-');
            lines.push(line);
            if !more {
                return Ok((code, lines));
            }
        }
    }

    fn new_tag(&mut self) -> String {
        self.next_tag += 1;
        self.current_tag()
    }

    fn current_tag(&self) -> String {
        format!("a{}", self.next_tag)
    }

    fn send(&mut self, line: &str) -> Result<(), String> {
        self.transcript.push(format!("C: {line}"));
        self.transport
            .write_line(line)
            .map_err(|e| format!("cannot send {line:?}: {e}"))
    }

    fn recv(&mut self) -> Result<String, String> {
        match self.lines.read_line(self.timeout) {
            Ok(line) => {
                self.transcript.push(format!("S: {line}"));
                Ok(line)
            }
            Err(e) => {
                self.transcript.push(format!("-- {e}"));
                Err(format!("reading from the server: {e}"))
            }
        }
    }

    /// Appends what `s_client` said on stderr (handshake errors etc.).
    fn with_diagnostics(&self, message: String) -> String {
        match self.transport.diagnostics() {
            Some(d) if !d.is_empty() => format!("{message}\n--- openssl s_client stderr ---\n{d}"),
            _ => message,
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Best effort, without waiting for the reply: a clean logout keeps
        // the server log readable. Errors (e.g. the server already closed
        // the connection after "421") are irrelevant here.
        let goodbye = match self.protocol {
            Protocol::Smtp | Protocol::Pop3 => "QUIT".to_string(),
            Protocol::Imap => format!("{} LOGOUT", self.new_tag()),
        };
        let _ = self.transport.write_line(&goodbye);
        self.transport.close();
    }
}

/// What the server did in response to an AUTH step.
#[derive(Debug)]
enum AuthStep {
    Challenge(String),
    Done(Verdict),
}

/// SMTP reply text: `"334 abc"` → `"abc"`, `"334"` → `""`.
fn smtp_text(line: &str) -> &str {
    line.get(4..).unwrap_or_default()
}

/// `"+ abc"` → `Some("abc")`, `"+"` → `Some("")`; `"+OK"` is no continuation.
fn continuation(line: &str) -> Option<&str> {
    if line == "+" {
        Some("")
    } else {
        line.strip_prefix("+ ")
    }
}

/// `"a2 OK Logged in"` with tag `a2` → `Some("OK")`.
fn tagged_status<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(tag)?.strip_prefix(' ')?;
    Some(rest.split(' ').next().unwrap_or_default())
}

/// `+OK` / `-ERR` alone or followed by a space.
fn pop3_status(line: &str, status: &str) -> bool {
    line.strip_prefix(status)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// Protocol lines must not contain line breaks (a wrapped base64 string
/// would otherwise be sent as two lines and hide the bug).
fn check_line(what: &str, line: &str) -> Result<(), String> {
    if line.contains(['\r', '\n']) {
        Err(format!("{what} contains a line break: {line:?}"))
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Transports
// ---------------------------------------------------------------------------

enum Transport {
    Tcp(TcpStream),
    OpenSsl {
        child: Child,
        stdin: Option<ChildStdin>,
        stderr: Arc<Mutex<Vec<u8>>>,
    },
}

impl Transport {
    fn open(target: &Target) -> Result<(Transport, LineReader), String> {
        match target.security {
            Security::Cleartext => {
                let stream = TcpStream::connect_timeout(&target.addr, target.timeout)
                    .map_err(|e| format!("cannot connect to {}: {e}", target.addr))?;
                let reader = stream
                    .try_clone()
                    .map_err(|e| format!("cannot clone the TCP stream: {e}"))?;
                Ok((Transport::Tcp(stream), LineReader::spawn(reader)))
            }
            Security::StartTls | Security::ImplicitTls => Self::spawn_s_client(target),
        }
    }

    fn spawn_s_client(target: &Target) -> Result<(Transport, LineReader), String> {
        let mut command = Command::new("openssl");
        command
            .arg("s_client")
            .arg("-connect")
            .arg(target.addr.to_string())
            .args(["-quiet", "-crlf"]);
        if target.security == Security::StartTls {
            command.arg("-starttls").arg(match target.protocol {
                Protocol::Smtp => "smtp",
                Protocol::Imap => "imap",
                Protocol::Pop3 => "pop3",
            });
        }
        if let Some(ca_file) = &target.ca_file {
            command
                .arg("-CAfile")
                .arg(ca_file)
                .arg("-verify_return_error")
                .arg("-verify_ip")
                .arg(target.addr.ip().to_string());
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run openssl s_client: {e}"))?;
        let (Some(stdin), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("openssl s_client started without pipes".to_string());
        };
        // Collect stderr in the background (verification messages, errors),
        // so the pipe never fills up and it can be shown on failure.
        let collected = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&collected);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut sink) = sink.lock() {
                    sink.extend_from_slice(&buf[..n]);
                }
            }
        });
        Ok((
            Transport::OpenSsl {
                child,
                stdin: Some(stdin),
                stderr: collected,
            },
            LineReader::spawn(stdout),
        ))
    }

    fn write_line(&mut self, line: &str) -> io::Result<()> {
        match self {
            Transport::Tcp(stream) => {
                let mut data = Vec::with_capacity(line.len() + 2);
                data.extend_from_slice(line.as_bytes());
                data.extend_from_slice(b"\r\n");
                stream.write_all(&data)
            }
            Transport::OpenSsl { stdin, .. } => {
                let stdin = stdin
                    .as_mut()
                    .ok_or_else(|| io::Error::new(io::ErrorKind::BrokenPipe, "stdin closed"))?;
                // s_client -crlf turns "\n" into "\r\n".
                let mut data = Vec::with_capacity(line.len() + 1);
                data.extend_from_slice(line.as_bytes());
                data.push(b'\n');
                stdin.write_all(&data)?;
                stdin.flush()
            }
        }
    }

    fn diagnostics(&self) -> Option<String> {
        match self {
            Transport::Tcp(_) => None,
            Transport::OpenSsl { stderr, .. } => {
                // Give the collector thread a moment to catch up.
                thread::sleep(Duration::from_millis(20));
                let bytes = stderr.lock().map(|b| b.clone()).unwrap_or_default();
                Some(String::from_utf8_lossy(&bytes).trim().to_string())
            }
        }
    }

    /// Closes the connection; for `s_client`, waits briefly for it to exit
    /// on its own (the server closes after QUIT/LOGOUT) and kills it
    /// otherwise. Either way the reader thread then sees EOF and ends.
    fn close(&mut self) {
        match self {
            Transport::Tcp(stream) => {
                let _ = stream.shutdown(Shutdown::Both);
            }
            Transport::OpenSsl { child, stdin, .. } => {
                drop(stdin.take());
                let deadline = Instant::now() + Duration::from_millis(300);
                while Instant::now() < deadline {
                    match child.try_wait() {
                        Ok(Some(_)) | Err(_) => return,
                        Ok(None) => thread::sleep(Duration::from_millis(5)),
                    }
                }
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Line reading with timeouts
// ---------------------------------------------------------------------------

/// Why [`LineReader::read_line`] returned no line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing arrived within the timeout.
    Timeout(Duration),
    /// The peer closed the stream.
    Closed,
    /// The stream failed.
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Timeout(t) => write!(f, "no line within {t:?}"),
            ReadError::Closed => f.write_str("connection closed"),
            ReadError::Io(e) => write!(f, "read error: {e}"),
        }
    }
}

enum ReadEvent {
    Line(String),
    End(ReadError),
}

/// Reads lines from any byte stream (a socket, a child's stdout) on a
/// background thread, so that each line can be awaited with a timeout.
/// Line endings (`\n` or `\r\n`) are stripped; bytes that are not UTF-8 are
/// replaced (U+FFFD). The thread ends when the stream reaches EOF or fails,
/// or when the reader is dropped and the next line arrives.
pub struct LineReader {
    rx: mpsc::Receiver<ReadEvent>,
    end: Option<ReadError>,
}

impl LineReader {
    /// Starts the background reader.
    pub fn spawn<R: Read + Send + 'static>(source: R) -> LineReader {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(source);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let event = match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => ReadEvent::End(ReadError::Closed),
                    Ok(_) => {
                        if buf.last() == Some(&b'\n') {
                            buf.pop();
                            if buf.last() == Some(&b'\r') {
                                buf.pop();
                            }
                        }
                        ReadEvent::Line(String::from_utf8_lossy(&buf).into_owned())
                    }
                    Err(e) => ReadEvent::End(ReadError::Io(e.to_string())),
                };
                let last = matches!(event, ReadEvent::End(_));
                if tx.send(event).is_err() || last {
                    break;
                }
            }
        });
        LineReader { rx, end: None }
    }

    /// The next line, waiting at most `timeout`.
    pub fn read_line(&mut self, timeout: Duration) -> Result<String, ReadError> {
        if let Some(end) = &self.end {
            return Err(end.clone());
        }
        match self.rx.recv_timeout(timeout) {
            Ok(ReadEvent::Line(line)) => Ok(line),
            Ok(ReadEvent::End(end)) => {
                self.end = Some(end.clone());
                Err(end)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => Err(ReadError::Timeout(timeout)),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(ReadError::Closed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_protocol_lines() {
        assert_eq!(continuation("+ "), Some(""));
        assert_eq!(continuation("+"), Some(""));
        assert_eq!(continuation("+ VXNlcm5hbWU6"), Some("VXNlcm5hbWU6"));
        assert_eq!(continuation("+OK Logged in."), None);
        assert_eq!(
            tagged_status("a2 NO [AUTHENTICATIONFAILED] x", "a2"),
            Some("NO")
        );
        assert_eq!(tagged_status("a22 OK", "a2"), None);
        assert!(pop3_status("+OK", "+OK"));
        assert!(pop3_status("-ERR [AUTH] Authentication failed.", "-ERR"));
        assert!(!pop3_status("+OKAY", "+OK"));
        assert_eq!(smtp_text("334 "), "");
        assert_eq!(smtp_text("334"), "");
        assert_eq!(smtp_text("334 UGFzc3dvcmQ6"), "UGFzc3dvcmQ6");
        assert!(check_line("x", "abc\ndef").is_err());
    }

    #[test]
    fn line_reader_times_out_and_reports_eof() {
        let mut reader = LineReader::spawn(io::Cursor::new(b"one\r\ntwo\nthree".to_vec()));
        let t = Duration::from_secs(5);
        assert_eq!(reader.read_line(t).as_deref(), Ok("one"));
        assert_eq!(reader.read_line(t).as_deref(), Ok("two"));
        assert_eq!(reader.read_line(t).as_deref(), Ok("three"));
        assert_eq!(reader.read_line(t), Err(ReadError::Closed));
        assert_eq!(reader.read_line(t), Err(ReadError::Closed));

        // A source that never produces anything.
        let (_keep_open, silent) = std::os::unix::net::UnixStream::pair().expect("socketpair");
        let mut reader = LineReader::spawn(silent);
        let short = Duration::from_millis(50);
        assert_eq!(reader.read_line(short), Err(ReadError::Timeout(short)));
    }
}
