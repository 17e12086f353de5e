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
//!
//! The protocol is apart from the I/O: a [`Exchange`] is fed one server
//! line at a time and answers with what to send, what to tell the user,
//! and in the end the verdict, so that a live connection drives the same
//! logic as the pasted one. [`run`] is the driver over a pair of streams.
//!
//! A success counts only as the reply to the authentication command, and
//! only once the mechanism has sent its last response and checked what the
//! server had to prove ([`Mechanism::is_complete`]): a greeting, an EHLO
//! line, an untagged or otherwise tagged IMAP response is reported as no
//! verdict, and a success before the exchange is over is an error
//! ([`Error::EarlySuccess`]), never a pass.

mod conversation;

pub use conversation::{run, Streams};

use zeroize::Zeroizing;

use std::ops::{Deref, DerefMut};

use crate::layout::{explain_step, Explain, Layout, Step};
use crate::mech::Mechanism;

use crate::protocol::reply::{self, Expect, NotAVerdict, Reply};
use crate::protocol::verdict::{self, Judgement};
use crate::protocol::{self, ClientLine, Framing, Protocol};
use crate::{encoding, field, Error};

/// The most challenges one exchange may have.
///
/// Every mechanism saslenc has needs at most three (SCRAM: server-first,
/// then server-final sent as a challenge; LOGIN: two prompts; OAuth: an
/// error status), and each refuses a challenge it has no step for. Sixteen
/// is a bound on top of theirs, so that no mechanism added later can be
/// kept answering forever.
pub const MAX_CHALLENGES: usize = 16;

/// How a conversation reports on itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reporting {
    /// Whether to explain each client message (`--explain`).
    pub explain: bool,
    /// Whether those explanations show secrets (`--show-secrets`).
    pub show_secrets: bool,
    /// Whether each line that carries a client message comes with its
    /// layout ([`Output::Send`]), for a transcript (the live session).
    pub layouts: bool,
}

/// Something a [`Exchange`] wants the client to do.
pub enum Output {
    /// A line for the server: to send, or to paste.
    Send {
        /// The line, command and payload apart.
        line: ClientLine,
        /// With [`Reporting::layouts`], the layout of the client message
        /// the line carries: its fields, which are secret, and a label
        /// saying which message it is. `None` for a line with no message
        /// (a command alone).
        layout: Option<Layout>,
    },
    /// The decoded challenge of the server line just taken, for a
    /// transcript; it comes before the answer to it.
    Challenge(Zeroizing<Vec<u8>>),
    /// A warning about what the server asked for (a SCRAM iteration count
    /// below RFC 7677's minimum).
    Warning(String),
    /// A remark for the user, one line (server text in it is escaped).
    Note(String),
    /// With [`Reporting::explain`], the report on one client message, whole
    /// lines ending in `\n`.
    Report(Zeroizing<String>),
}

/// The mechanism a [`Exchange`] drives: lent by the caller (the pasted
/// conversation) or handed over (a live session chooses it on the way).
enum Held<'m, M: ?Sized> {
    Borrowed(&'m mut M),
    Owned(Box<M>),
}

impl<M: ?Sized> Deref for Held<'_, M> {
    type Target = M;
    fn deref(&self) -> &M {
        match self {
            Held::Borrowed(m) => m,
            Held::Owned(m) => m,
        }
    }
}

impl<M: ?Sized> DerefMut for Held<'_, M> {
    fn deref_mut(&mut self) -> &mut M {
        match self {
            Held::Borrowed(m) => m,
            Held::Owned(m) => m,
        }
    }
}

/// The protocol side of one exchange, fed one server line at a time.
///
/// ```
/// use saslenc::exchange::{Exchange, Output, Reporting};
/// use saslenc::mech::CramMd5;
/// use saslenc::protocol::Protocol;
///
/// let mut cram = CramMd5::new("tim", "tanstaaftanstaaf", Default::default())?;
/// let mut out = Vec::new();
/// let mut exchange = Exchange::start(&mut cram, Some(Protocol::Smtp), Reporting::default(), &mut out)?;
/// assert!(matches!(&out[..], [Output::Send { line, .. }] if line.text().as_str() == "AUTH CRAM-MD5"));
/// // The greeting is no verdict: it is noted and the session goes on.
/// assert!(exchange.feed(b"220 mail.example.com ESMTP\r\n", &mut out)?.is_none());
/// // RFC 2195 section 2.
/// exchange.feed(b"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", &mut out)?;
/// assert!(out.iter().any(|o| matches!(o, Output::Send { line, .. } if line.text().as_str() == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")));
/// let verdict = exchange.feed(b"235 2.7.0 Authentication successful", &mut out)?;
/// assert_eq!(verdict.unwrap().reply, "235 2.7.0 Authentication successful");
/// # Ok::<(), saslenc::Error>(())
/// ```
pub struct Exchange<'m, M: Mechanism + Explain + ?Sized> {
    mechanism: Held<'m, M>,
    protocol: Option<Protocol>,
    tag: Option<String>,
    options: Reporting,
    /// An initial response that must wait for the server's empty 334,
    /// and its layout with [`Reporting::layouts`].
    pending: Option<(Zeroizing<String>, Option<Layout>)>,
    /// An initial response printed bare: the person may have sent it on
    /// the command line, or sent the command alone, in which case the
    /// server asks for it with an empty challenge (RFC 4422 section 5;
    /// IMAP without SASL-IR, RFC 4959 section 3).
    bare_initial: Option<Zeroizing<String>>,
    /// Client messages so far, for the reports.
    sent: usize,
    /// Challenges answered, for the reports.
    answered: usize,
    /// Lines printed in answer to server lines.
    responses: usize,
    /// Set once a verdict or an error has ended the exchange.
    over: bool,
    /// The code of an SMTP reply to AUTH whose last line is still to come
    /// (`535-...`): the reply is judged whole, when it ends.
    continued: Option<String>,
}

impl<'m, M: Mechanism + Explain + ?Sized> Exchange<'m, M> {
    /// Starts the exchange: the opening line (the command with its initial
    /// response, or the bare initial response without a protocol) and
    /// notes go to `out`. In IMAP the command's tag is
    /// [`protocol::IMAP_TAG`].
    pub fn start(
        mechanism: &'m mut M,
        protocol: Option<Protocol>,
        options: Reporting,
        out: &mut Vec<Output>,
    ) -> Result<Self, Error> {
        Self::begin(
            Held::Borrowed(mechanism),
            Framing::pasted(protocol),
            true,
            options,
            out,
        )
    }

    /// Starts the exchange of a live session, which owns `mechanism`: the
    /// command framed by `framing` (its IMAP tag, SASL-IR, each
    /// protocol's line limit; see [`protocol::opening`]), with the
    /// initial response where it may go, else sent after the server's
    /// empty challenge.
    pub fn start_framed(
        mechanism: Box<M>,
        framing: Framing<'_>,
        options: Reporting,
        out: &mut Vec<Output>,
    ) -> Result<Self, Error> {
        Self::begin(Held::Owned(mechanism), framing, false, options, out)
    }

    fn begin(
        mut mechanism: Held<'m, M>,
        framing: Framing<'_>,
        pasted: bool,
        options: Reporting,
        out: &mut Vec<Output>,
    ) -> Result<Self, Error> {
        let name = mechanism.name();
        let protocol = framing.protocol;
        let initial = mechanism.initial()?;
        let message = initial.as_deref().map(|m| &m[..]);
        if pasted && message.is_some_and(<[u8]>::is_empty) {
            out.push(Output::Note(protocol::EMPTY_INITIAL_RESPONSE.to_owned()));
        }
        let open = protocol::opening(framing, name, message);
        out.extend(open.notes.into_iter().map(Output::Note));
        let mut exchange = Exchange {
            protocol,
            tag: (protocol == Some(Protocol::Imap)).then(|| framing.tag.to_owned()),
            options,
            pending: None,
            bare_initial: None,
            sent: 0,
            answered: 0,
            responses: 0,
            over: false,
            continued: None,
            mechanism,
        };
        let (layout, report) = match &initial {
            Some(message) => {
                exchange.sent += 1;
                exchange.describe(
                    &Step {
                        index: 0,
                        challenge: None,
                        message,
                    },
                    0,
                )
            }
            None => (None, None),
        };
        match (open.first, open.deferred) {
            (Some(first), Some(deferred)) => {
                out.push(Output::Send {
                    line: first,
                    layout: None,
                });
                exchange.pending = Some((deferred, layout));
            }
            (Some(first), None) => {
                if protocol.is_none() {
                    exchange.bare_initial = Some(first.payload.clone());
                }
                out.push(Output::Send {
                    line: first,
                    layout,
                });
            }
            (None, _) => out.push(Output::Note(format!(
                "send AUTH {name} (IMAP: {} AUTHENTICATE {name}), then paste the server's \
                 challenges here",
                protocol::IMAP_TAG
            ))),
        }
        out.extend(report.map(Output::Report));
        Ok(exchange)
    }

    /// Whether the client has sent everything it has to send, so that a
    /// success now is the verdict on this exchange.
    pub fn is_complete(&self) -> bool {
        self.pending.is_none() && self.mechanism.is_complete()
    }

    /// Takes one server line as pasted (its line end, CR and surrounding
    /// white space are ignored): reads it with [`reply::classify`] in the
    /// exchange's protocol (any, without one) and [`receive`](Self::receive)s
    /// it. A line that is not UTF-8 is the server's fault.
    pub fn feed(&mut self, line: &[u8], out: &mut Vec<Output>) -> Result<Option<Accepted>, Error> {
        let text = match field::utf8("server line", line) {
            Ok(text) => text,
            Err(error) => return self.end(Err(error)),
        };
        let expect = Expect {
            protocol: self.protocol,
            tag: self.tag.as_deref(),
        };
        self.receive(reply::classify(text, expect), out)
    }

    /// Takes one reply the caller has read (a live session reads each
    /// protocol's replies with its codec) and puts what to send and say
    /// into `out`. Returns the verdict once the server has accepted the
    /// credentials; a refusal is [`Error::Refused`]; a fault of the
    /// server's (a success before the exchange is over, a missing or wrong
    /// SCRAM server-final, a malformed or empty challenge) is
    /// [`Error::Protocol`], the same in the pasted conversation and the
    /// live session. Lines that are no verdict (a greeting, EHLO's lines,
    /// untagged IMAP data, another command's reply) are noted and skipped.
    pub fn receive(
        &mut self,
        reply: Reply<'_>,
        out: &mut Vec<Output>,
    ) -> Result<Option<Accepted>, Error> {
        if self.over {
            return Err(Error::ExchangeOver);
        }
        let result = self.step(reply, out);
        self.end(result)
    }

    fn end(&mut self, result: Result<Option<Accepted>, Error>) -> Result<Option<Accepted>, Error> {
        let result = result.map_err(server_fault);
        if !matches!(result, Ok(None)) {
            self.over = true;
        }
        result
    }

    fn step(&mut self, reply: Reply<'_>, out: &mut Vec<Output>) -> Result<Option<Accepted>, Error> {
        self.whole_reply(&reply, out)?;
        match reply {
            Reply::Blank => Ok(None),
            // Noted by `whole_reply`.
            Reply::NotAVerdict(_, NotAVerdict::MultiLine { .. }) if self.continued.is_some() => {
                Ok(None)
            }
            Reply::NotAVerdict(text, what) => {
                out.push(Output::Note(format!(
                    "ignored: {}: {}",
                    field::peer(text.as_bytes()),
                    what.describe()
                )));
                Ok(None)
            }
            Reply::Failure(line) => {
                // Judged by the protocol's codes, as a live login judges
                // it; lines pasted without a protocol by the form they have.
                let protocols = match self.protocol {
                    Some(protocol) => vec![protocol],
                    None => vec![Protocol::Smtp, Protocol::Imap, Protocol::Pop3],
                };
                let judgement = protocols
                    .into_iter()
                    .map(|p| verdict::judge_failure(p, line))
                    .find(|j| *j != Judgement::Refused)
                    .unwrap_or(Judgement::Refused);
                Err(verdict::failure_error(
                    judgement,
                    field::peer(line.as_bytes()),
                ))
            }
            Reply::Success { line, certain } => self.success(line, certain, out),
            Reply::Challenge(payload) => {
                self.challenge(payload, out)?;
                Ok(None)
            }
        }
    }

    /// An SMTP reply to AUTH is one reply however many lines it has (RFC
    /// 5321 section 4.2.1): its lines before the last (`535-...`) are
    /// remembered and noted, and every line of it must carry the same
    /// code, as a live login requires. Lines of other replies (EHLO's
    /// `250-...`, pasted before AUTH) are left to the caller.
    fn whole_reply(&mut self, reply: &Reply<'_>, out: &mut Vec<Output>) -> Result<(), Error> {
        let line = match reply {
            Reply::NotAVerdict(line, _)
            | Reply::Failure(line)
            | Reply::Success { line, .. }
            | Reply::Challenge(line) => *line,
            Reply::Blank => return Ok(()),
        };
        let Some(code) = smtp_auth_code(line) else {
            self.continued = None;
            return Ok(());
        };
        let last = !matches!(reply, Reply::NotAVerdict(_, NotAVerdict::MultiLine { .. }));
        let first = self.continued.take();
        protocol::smtp::auth_reply_continues(
            first.as_deref().map(str::as_bytes),
            code.as_bytes(),
            last,
        )
        .map_err(Error::Protocol)?;
        if !last {
            self.continued = Some(code);
            out.push(Output::Note(
                "a line of a multi-line reply: its last line ends it, and the whole is the verdict"
                    .into(),
            ));
        }
        Ok(())
    }

    fn success(
        &mut self,
        line: &str,
        certain: bool,
        out: &mut Vec<Output>,
    ) -> Result<Option<Accepted>, Error> {
        let reply = field::escape(line.as_bytes());
        if !certain && self.responses == 0 {
            // POP3's +OK, or an IMAP OK with a tag saslenc does not know,
            // before the server has asked for anything: a greeting is
            // never a verdict, even after an AUTH line that carried the
            // whole exchange, which pasted lines cannot tell from it.
            let one_message = if self.is_complete() {
                "; after an AUTH line that carries the whole exchange, its reply cannot be told \
                 from a greeting in pasted lines (`saslenc connect` tells them apart)"
            } else {
                ""
            };
            out.push(Output::Note(format!(
                "ignored: {reply}: the server has not asked for anything yet, so this is its \
                 greeting or the reply to an earlier command, not a reply to AUTH{one_message}"
            )));
            return Ok(None);
        }
        if self.is_complete() {
            self.mechanism.success(None)?;
            out.push(Output::Note(format!(
                "verdict: authentication succeeded ({reply})"
            )));
            return Ok(Some(Accepted { reply }));
        }
        // SCRAM says why its success is not proven; the others are early.
        self.mechanism.success(None)?;
        Err(Error::EarlySuccess {
            mechanism: self.mechanism.name(),
            reply,
        })
    }

    fn challenge(&mut self, payload: &str, out: &mut Vec<Output>) -> Result<(), Error> {
        // A marker alone, or `=`, is an empty challenge.
        let challenge = match payload {
            "" | "=" => Zeroizing::new(Vec::new()),
            _ => encoding::decode("challenge", payload)?,
        };
        out.push(Output::Challenge(challenge.clone()));
        if let Some((initial, layout)) = self.pending.take() {
            out.push(Output::Send {
                line: ClientLine::response(initial),
                layout,
            });
            self.responses += 1;
            return Ok(());
        }
        // Only the server's first line can ask for it.
        if let Some(initial) = self.bare_initial.take().filter(|_| challenge.is_empty()) {
            out.push(Output::Note(
                "the server's empty challenge asks for the initial response (the command was \
                 sent without it): send the same line again"
                    .into(),
            ));
            out.push(Output::Send {
                line: ClientLine::response(initial),
                layout: None,
            });
            self.responses += 1;
            return Ok(());
        }
        if !challenge.is_empty() {
            // A server's proof (DIGEST-MD5's rspauth, SCRAM's v=) is
            // masked as the client's digests are.
            let recognised = crate::mech::digest_md5::recognise_server(&challenge)
                .or_else(|| crate::mech::scram::recognise_server(&challenge));
            let shown = match recognised {
                Some((_, layout)) => layout.escaped(self.options.show_secrets),
                None => field::peer(&challenge),
            };
            out.push(Output::Note(format!("server sent: {shown}")));
            // A binary challenge (NTLM's CHALLENGE) is explained as the
            // client's messages are: its fields, flags and target info.
            if self.options.explain && self.mechanism.name() == "NTLM" {
                if let Ok(layout) = crate::mech::ntlm::read(&challenge) {
                    let layout =
                        layout.labelled("the server's CHALLENGE (MS-NLMP section 2.2.1.2)");
                    out.push(Output::Report(Zeroizing::new(
                        layout.report(self.options.show_secrets),
                    )));
                }
            }
        }
        if self.answered == 0 {
            if let Some(warning) = scram_iterations_warning(self.mechanism.name(), &challenge) {
                out.push(Output::Warning(warning));
            }
        }
        if self.answered >= MAX_CHALLENGES {
            return Err(Error::UnexpectedChallenge {
                mechanism: self.mechanism.name(),
                steps: self.sent,
            });
        }
        let response = self.mechanism.respond(&challenge)?;
        self.answered += 1;
        let name = self.mechanism.name();
        if response.is_empty() {
            out.push(Output::Note(
                "the response is empty: send an empty line".into(),
            ));
        } else if name == "OAUTHBEARER" || name == "XOAUTH2" {
            out.push(Output::Note(
                "that was the server's error report (RFC 7628 section 3.2.3); this response \
                 ends the exchange and the server will refuse"
                    .into(),
            ));
        }
        let (layout, report) = self.describe(
            &Step {
                index: self.sent,
                challenge: Some(&challenge),
                message: &response,
            },
            self.answered,
        );
        out.push(Output::Send {
            line: ClientLine::response(encoding::encode(&response)),
            layout,
        });
        out.extend(report.map(Output::Report));
        self.sent += 1;
        self.responses += 1;
        Ok(())
    }

    /// The layout of one client message, with [`Reporting::layouts`], and
    /// with [`Reporting::explain`] the report on it.
    fn describe(
        &self,
        step: &Step<'_>,
        challenge_number: usize,
    ) -> (Option<Layout>, Option<Zeroizing<String>>) {
        if !self.options.explain && !self.options.layouts {
            return (None, None);
        }
        let layout = explain_step(&*self.mechanism, step, challenge_number);
        let report = self
            .options
            .explain
            .then(|| Zeroizing::new(layout.report(self.options.show_secrets)));
        (self.options.layouts.then_some(layout), report)
    }

    /// The mechanism's registered name.
    pub fn mechanism_name(&self) -> &'static str {
        self.mechanism.name()
    }

    /// The error for input that ends now, before a verdict.
    pub fn end_of_input(&self) -> Error {
        Error::NoVerdict {
            what: if self.responses == 0 && self.pending.is_none() {
                "no reply to the AUTH command was read"
            } else {
                "the last response was printed but the server's reply was not pasted"
            },
        }
    }
}

/// The fewest iterations RFC 7677 section 4 allows a SCRAM server to ask
/// for ("at least 4096").
pub const MIN_SCRAM_ITERATIONS: u64 = 4096;

/// A warning when `challenge` is a SCRAM server-first message whose
/// iteration count is below [`MIN_SCRAM_ITERATIONS`]: the stored key is
/// then cheap to attack by guessing passwords.
///
/// ```
/// use saslenc::exchange::scram_iterations_warning;
/// let first = b"r=abc,s=QSXCR+Q6sek8bf92,i=1";
/// assert!(scram_iterations_warning("SCRAM-SHA-256", first).unwrap().contains("i=1"));
/// assert!(scram_iterations_warning("SCRAM-SHA-256", b"r=abc,s=QSXCR+Q6sek8bf92,i=4096").is_none());
/// assert!(scram_iterations_warning("CRAM-MD5", first).is_none());
/// ```
pub fn scram_iterations_warning(mechanism: &str, challenge: &[u8]) -> Option<String> {
    if !mechanism.starts_with("SCRAM-") {
        return None;
    }
    let text = std::str::from_utf8(challenge).ok()?;
    let count = text.split(',').find_map(|a| a.strip_prefix("i="))?;
    let iterations: u64 = count.parse().ok()?;
    (iterations < MIN_SCRAM_ITERATIONS).then(|| {
        format!(
            "the server's SCRAM iteration count is i={iterations}, below the {MIN_SCRAM_ITERATIONS} \
             RFC 7677 asks for: what it stores for this password is cheap to attack by guessing"
        )
    })
}

/// How the conversation ended when the server accepted the credentials.
#[derive(Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The server's final reply, made printable.
    pub reply: String,
}

/// The code of an SMTP reply line that answers AUTH (`235`, `334`, `4xx`,
/// `5xx`), as the SMTP codec reads it.
fn smtp_auth_code(line: &str) -> Option<String> {
    let reply = protocol::smtp::parse_reply(line.trim().as_bytes()).ok()?;
    matches!(&reply.code, b"235" | b"334" | [b'4' | b'5', ..]).then(|| reply.code_text())
}

/// A mechanism's complaint about what the server sent is the server
/// breaking the protocol, whether its lines were pasted or read live: a
/// challenge the mechanism has no step for, a malformed, empty or
/// undecodable challenge, a success before the exchange was over or
/// before the server proved itself, a server signature that does not
/// verify. Errors about the user's own fields keep their class.
fn server_fault(error: Error) -> Error {
    match error {
        Error::UnexpectedChallenge { .. }
        | Error::Malformed { .. }
        | Error::UnprovenSuccess { .. }
        | Error::EarlySuccess { .. }
        | Error::ServerSignature { .. }
        | Error::Base64 { .. }
        | Error::InvalidUtf8 { .. }
        | Error::Empty {
            field: "challenge", ..
        } => Error::Protocol(error.to_string()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mech::{Login, Plain};

    fn lines(out: &[Output]) -> Vec<String> {
        out.iter()
            .filter_map(|o| match o {
                Output::Send { line, .. } => Some(line.text().to_string()),
                _ => None,
            })
            .collect()
    }

    fn layouts(out: &[Output]) -> Vec<String> {
        out.iter()
            .filter_map(|o| match o {
                Output::Send {
                    layout: Some(layout),
                    ..
                } => Some(layout.escaped(false)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_framed_exchange_defers_the_initial_response_without_sasl_ir() {
        let plain: Box<dyn Client> =
            Box::new(Plain::new("", "u", "p", Default::default()).unwrap());
        let framing = Framing {
            protocol: Some(Protocol::Imap),
            tag: "A5",
            sasl_ir: false,
        };
        let options = Reporting {
            layouts: true,
            ..Reporting::default()
        };
        let mut out = Vec::new();
        let mut exchange = Exchange::start_framed(plain, framing, options, &mut out).unwrap();
        assert_eq!(lines(&out), ["A5 AUTHENTICATE PLAIN"]);
        assert!(layouts(&out).is_empty());
        out.clear();
        assert!(exchange.feed(b"+ ", &mut out).unwrap().is_none());
        assert_eq!(lines(&out), ["AHUAcA=="]);
        assert_eq!(layouts(&out), [r"\0u\0********"]);
        out.clear();
        // Another command's tag is no verdict; this one's is.
        assert!(exchange.feed(b"A1 OK done", &mut out).unwrap().is_none());
        let verdict = exchange.feed(b"A5 OK Logged in", &mut out).unwrap();
        assert_eq!(verdict.unwrap().reply, "A5 OK Logged in");
    }

    #[test]
    fn every_client_message_has_its_layout() {
        let login: Box<dyn Client> =
            Box::new(Login::new("u", "pencil", Default::default()).unwrap());
        let framing = Framing {
            protocol: Some(Protocol::Smtp),
            tag: "",
            sasl_ir: false,
        };
        let options = Reporting {
            layouts: true,
            ..Reporting::default()
        };
        let mut out = Vec::new();
        let mut exchange = Exchange::start_framed(login, framing, options, &mut out).unwrap();
        exchange.feed(b"334 VXNlcm5hbWU6", &mut out).unwrap();
        exchange.feed(b"334 UGFzc3dvcmQ6", &mut out).unwrap();
        assert_eq!(lines(&out), ["AUTH LOGIN", "dQ==", "cGVuY2ls"]);
        assert_eq!(layouts(&out), ["u", "********"]);
    }

    #[test]
    fn challenges_are_bounded() {
        /// A mechanism that would answer forever.
        struct Echo;
        impl Mechanism for Echo {
            fn name(&self) -> &'static str {
                "ECHO"
            }
            fn initial(&mut self) -> Result<Option<crate::mech::Message>, Error> {
                Ok(None)
            }
            fn respond(&mut self, challenge: &[u8]) -> Result<crate::mech::Message, Error> {
                Ok(crate::mech::Message::new(challenge.to_vec()))
            }
            fn is_complete(&self) -> bool {
                false
            }
        }
        impl Explain for Echo {
            fn layout(&self, step: &Step<'_>) -> Layout {
                Layout::new("ECHO").literal(step.message)
            }
        }
        let mut echo = Echo;
        let mut out = Vec::new();
        let mut exchange = Exchange::start(
            &mut echo,
            Some(Protocol::Smtp),
            Reporting::default(),
            &mut out,
        )
        .unwrap();
        for _ in 0..MAX_CHALLENGES {
            assert!(exchange.feed(b"334 YQ==", &mut out).unwrap().is_none());
        }
        let err = exchange.feed(b"334 YQ==", &mut out).unwrap_err();
        // The server's fault, as in a live session: a protocol error.
        assert!(
            matches!(&err, Error::Protocol(m) if m.contains("no step left")),
            "{err}"
        );
    }

    /// The live session's mechanisms, as trait objects.
    trait Client: Mechanism + Explain {}
    impl<T: Mechanism + Explain> Client for T {}
}
