//! A live login: connect to an SMTP, IMAP or POP3 server, start TLS,
//! authenticate with one of saslenc's mechanisms, and report what was
//! said and what the server decided.
//!
//! The pieces, each testable alone:
//! - [`url`]: `imaps://host:port` and friends;
//! - [`tls`]: the rustls client and its certificate verifier;
//! - [`dialogue`]: the protocols, as a state machine with no I/O, whose
//!   exchange runs through the same step logic as the pasted conversation
//!   ([`crate::exchange::Exchange`], handed each reply as the protocol's
//!   codec in [`crate::protocol`] read it);
//! - [`driver`]: the one blocking loop that runs a dialogue over any
//!   [`driver::Transport`], with every read bounded in size and time;
//! - [`transcript`]: what was said, decoded and masked.
//!
//! What the server's reply codes mean is [`crate::protocol::verdict`]'s,
//! shared with the pasted conversation.
//!
//! [`connect`] puts them together.

mod binding;
pub mod client_cert;
pub mod dialogue;
pub mod driver;
mod stream;
pub mod tls;
pub use crate::transcript;
pub mod url;

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use rustls::{ClientConnection, StreamOwned};

use self::dialogue::{Capabilities, Dialogue, Settings, Verdict};
use self::driver::{Deadline, DeadlineStream, Transport};
use self::stream::{handshake, tcp};
use self::tls::{TlsInfo, TlsOptions};
use self::url::{Security, Target};
use crate::mech::{BindingType, ChannelBinding, Client, Credentials, Kind};
use crate::transcript::Transcript;
use crate::Error;

/// The default for `--timeout`: long enough for a slow server across the
/// world (a TLS handshake takes a few round trips), short enough that a
/// monitoring check does not hang.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Days before a certificate's end of validity from which a probe warns.
pub const EXPIRY_WARNING_DAYS: i64 = 14;

/// How to run one session.
#[derive(Debug, Clone)]
pub struct Options {
    /// The server.
    pub target: Target,
    /// When TLS starts (the URL's, or none with `--no-tls`).
    pub security: Security,
    /// How the certificate is checked.
    pub tls: TlsOptions,
    /// For the connection and every line read.
    pub timeout: Duration,
    /// The EHLO name (SMTP).
    pub ehlo: String,
    /// Only look: no authentication.
    pub probe: bool,
    /// Show secrets in the transcript.
    pub show_secrets: bool,
    /// The mechanism asked for.
    pub mechanism: Option<Kind>,
    /// Use it even if the server does not advertise it.
    pub force_mechanism: bool,
    /// A token source was given: prefer the OAuth mechanisms.
    pub oauth: bool,
    /// Allow PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER without TLS.
    pub allow_cleartext: bool,
    /// Connect to this host and port instead of the URL's, which still
    /// names the server for SNI and the certificate check (one node behind
    /// a load balancer).
    pub connect_to: Option<(String, u16)>,
    /// Which channel binding SCRAM's `-PLUS` mechanisms use.
    pub channel_binding: BindingChoice,
}

/// Which channel binding (RFC 5056) a login over TLS may use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BindingChoice {
    /// The first the connection has: `tls-exporter` on TLS 1.3 (RFC 9266
    /// section 3), else `tls-server-end-point`.
    #[default]
    Default,
    /// This type only.
    Only(BindingType),
    /// None: the `-PLUS` mechanisms are not chosen, and SCRAM says `n`.
    Off,
}

impl BindingChoice {
    /// The binding to use among the connection's `bindings`.
    pub fn pick(self, bindings: &[ChannelBinding]) -> Option<ChannelBinding> {
        match self {
            BindingChoice::Default => bindings.first().cloned(),
            BindingChoice::Only(wanted) => bindings
                .iter()
                .find(|b| b.binding_type() == wanted)
                .cloned(),
            BindingChoice::Off => None,
        }
    }
}

/// How long each part took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// TCP connect.
    pub connect: Duration,
    /// The TLS handshake, if any.
    pub tls: Option<Duration>,
    /// From the connection to the verdict.
    pub total: Duration,
}

/// Everything a session found out.
pub struct Report {
    /// The server.
    pub target: Target,
    /// What was said.
    pub transcript: Transcript,
    /// What TLS negotiated, if it started.
    pub tls: Option<TlsInfo>,
    /// The capabilities before STARTTLS, if it was used.
    pub capabilities_before_tls: Option<Capabilities>,
    /// The capabilities the authentication saw.
    pub capabilities: Option<Capabilities>,
    /// The mechanism used, and why it was chosen.
    pub mechanism: Option<(&'static str, Choice)>,
    /// What the user should know (no TLS, an unverified certificate, its
    /// expiry, ...).
    pub warnings: Vec<Warning>,
    /// The verdict, or why there is none.
    pub result: Result<Verdict, Error>,
    /// The server's final reply to the authentication, whole and masked,
    /// where one came: for a script to read its codes.
    pub reply: Option<String>,
    /// How long it took.
    pub timings: Timings,
}

/// Something the user of a session should know beside its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The server's certificate is not verified ([`TlsOptions::insecure`]).
    Unverified,
    /// The session is not encrypted ([`Security::None`]).
    Unencrypted,
    /// What the session found, in words (a certificate about to expire,
    /// a cleartext mechanism offered without TLS, ...).
    Found(String),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Unverified => f.write_str(
                "the server's certificate is not verified; anyone on the path can read and \
                 change this session",
            ),
            Warning::Unencrypted => f.write_str("this session is not encrypted"),
            Warning::Found(text) => f.write_str(text),
        }
    }
}

/// Why a mechanism was chosen ([`choose_mechanism`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Choice {
    /// Asked for by name ([`Options::mechanism`]), and offered.
    Asked,
    /// Asked for by name and forced ([`Options::force_mechanism`]): the
    /// server offers only `offered` (space-separated, or `none`).
    Forced {
        /// What the server offers.
        offered: String,
    },
    /// The strongest of saslenc's `what` mechanisms (`names`, strongest
    /// first) that the server offers (`offered`).
    Strongest {
        /// `password` or `OAuth`.
        what: &'static str,
        /// saslenc's mechanisms of that kind, strongest first.
        names: String,
        /// What the server offers.
        offered: String,
    },
    /// One of each mechanism the server offers, tried in turn by the
    /// caller.
    EachOffered,
    /// EXTERNAL, because a client certificate was presented
    /// ([`TlsOptions::client_cert`]) and the server offers EXTERNAL over
    /// TLS (`offered`).
    Certificate {
        /// What the server offers.
        offered: String,
    },
}

impl Choice {
    /// Why `mechanism` was chosen, as a sentence.
    pub fn sentence(&self, mechanism: &str) -> String {
        match self {
            Choice::Asked => format!("{mechanism} was asked for by name"),
            Choice::Forced { offered } => {
                format!("{mechanism} was asked for and forced; the server offers {offered}")
            }
            Choice::Strongest {
                what,
                names,
                offered,
            } => format!(
                "{mechanism} is the strongest of saslenc's {what} mechanisms ({names}) that the \
                 server offers ({offered})"
            ),
            Choice::EachOffered => {
                format!("each mechanism the server offers is tried; this is {mechanism}")
            }
            Choice::Certificate { offered } => format!(
                "{mechanism} logs in with the client certificate, which is preferred when the \
                 server offers {mechanism} over TLS (it offers {offered})"
            ),
        }
    }
}

/// Chooses the mechanism among those `offered`.
///
/// With `requested`, that one, refused unless offered or `force`;
/// without, the strongest both sides have: with a token the OAuth ones
/// ([`Kind::OAUTH_PREFERENCE`]), else [`Kind::PASSWORD_PREFERENCE`].
/// Returns the mechanism and why it was chosen.
///
/// ```
/// use saslenc::login::choose_mechanism;
/// use saslenc::mech::Kind;
/// let offered = vec!["PLAIN".to_owned(), "SCRAM-SHA-1".to_owned()];
/// let (kind, why) = choose_mechanism(&offered, None, false, false)?;
/// assert_eq!(kind.name(), "SCRAM-SHA-1");
/// assert!(matches!(why, saslenc::login::Choice::Strongest { .. }));
/// assert!(choose_mechanism(&offered, Some(Kind::CramMd5), false, false).is_err());
/// assert_eq!(choose_mechanism(&offered, Some(Kind::CramMd5), true, false)?.0, Kind::CramMd5);
/// # Ok::<(), saslenc::Error>(())
/// ```
pub fn choose_mechanism(
    offered: &[String],
    requested: Option<Kind>,
    force: bool,
    oauth: bool,
) -> Result<(Kind, Choice), Error> {
    choose_mechanism_bound(offered, requested, force, oauth, false)
}

/// [`choose_mechanism`], for a client that `can_bind` to the TLS channel:
/// then SCRAM-SHA-256-PLUS and SCRAM-SHA-1-PLUS come first
/// ([`Kind::BOUND_PREFERENCE`]), where they are offered.
///
/// ```
/// use saslenc::login::choose_mechanism_bound;
/// let offered = vec!["SCRAM-SHA-256".to_owned(), "SCRAM-SHA-256-PLUS".to_owned()];
/// assert_eq!(choose_mechanism_bound(&offered, None, false, false, true)?.0.name(), "SCRAM-SHA-256-PLUS");
/// assert_eq!(choose_mechanism_bound(&offered, None, false, false, false)?.0.name(), "SCRAM-SHA-256");
/// # Ok::<(), saslenc::Error>(())
/// ```
pub fn choose_mechanism_bound(
    offered: &[String],
    requested: Option<Kind>,
    force: bool,
    oauth: bool,
    can_bind: bool,
) -> Result<(Kind, Choice), Error> {
    let offers = |kind: Kind| offered.iter().any(|m| m.eq_ignore_ascii_case(kind.name()));
    let list = if offered.is_empty() {
        "none".to_owned()
    } else {
        offered.join(" ")
    };
    if let Some(kind) = requested {
        return if offers(kind) {
            Ok((kind, Choice::Asked))
        } else if force {
            Ok((kind, Choice::Forced { offered: list }))
        } else {
            Err(Error::NotOffered {
                mechanism: kind.name(),
                offered: list,
            })
        };
    }
    let bound: Vec<Kind> = Kind::BOUND_PREFERENCE
        .into_iter()
        .chain(Kind::PASSWORD_PREFERENCE)
        .collect();
    let preference: &[Kind] = if oauth {
        &Kind::OAUTH_PREFERENCE
    } else if can_bind {
        &bound
    } else {
        &Kind::PASSWORD_PREFERENCE
    };
    let names = preference
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ");
    let what = if oauth { "OAuth" } else { "password" };
    preference
        .iter()
        .copied()
        .find(|&kind| offers(kind))
        .map(|kind| {
            (
                kind,
                Choice::Strongest {
                    what,
                    names: names.clone(),
                    offered: list.clone(),
                },
            )
        })
        .ok_or_else(|| {
            Error::Unsupported(format!(
                "the server offers no {what} mechanism saslenc has: it offers {list}, saslenc \
                 has {names}"
            ))
        })
}

/// Runs one session against the server of `options` over TCP, logging
/// in with `credentials` (the mechanism is made once it is chosen).
pub fn connect(options: &Options, credentials: &Credentials) -> Report {
    let start = Instant::now();
    let deadline = Deadline::after(options.timeout);
    let mut timings = Timings::default();
    let stream = tcp(options, deadline);
    timings.connect = start.elapsed();
    let stream = match stream {
        Ok(stream) => Box::new(stream) as Box<dyn Transport>,
        Err(error) => {
            let mut report = empty_report(options, error);
            // The whole check is the attempt to connect.
            timings.total = timings.connect;
            report.timings = timings;
            return report;
        }
    };
    let mut report = run_until(options, stream, credentials, &mut timings, deadline);
    timings.total = start.elapsed();
    report.timings = timings;
    report
}

fn empty_report(options: &Options, error: Error) -> Report {
    Report {
        target: options.target.clone(),
        transcript: Transcript::new(options.show_secrets),
        tls: None,
        capabilities_before_tls: None,
        capabilities: None,
        mechanism: None,
        warnings: warnings_before(options),
        result: Err(error),
        reply: None,
        timings: Timings::default(),
    }
}

/// The warnings the options themselves call for.
fn warnings_before(options: &Options) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if options.tls.insecure && options.security != Security::None {
        warnings.push(Warning::Unverified);
    }
    if options.security == Security::None {
        warnings.push(Warning::Unencrypted);
    }
    warnings
}

/// Runs one session over an open `stream` (a TCP connection, or a pipe
/// in tests): implicit TLS first if the options say so, then the
/// dialogue, all of it within `options.timeout` from now.
pub fn run<'a>(
    options: &Options,
    stream: Box<dyn Transport + 'a>,
    credentials: &Credentials,
    timings: &mut Timings,
) -> Report {
    let deadline = Deadline::after(options.timeout);
    run_until(options, stream, credentials, timings, deadline)
}

/// [`run`], to end by `deadline`.
fn run_until<'a>(
    options: &Options,
    stream: Box<dyn Transport + 'a>,
    credentials: &Credentials,
    timings: &mut Timings,
    deadline: Deadline,
) -> Report {
    // Every read below, the TLS layer's included, ends by the deadline.
    let stream: Box<dyn Transport + 'a> = Box::new(DeadlineStream::new(stream, deadline));
    let mut warnings = warnings_before(options);
    let mut tls_info = None;
    let mut chosen: Option<(&'static str, Choice)> = None;
    let mut dialogue = Dialogue::new(Settings {
        protocol: options.target.protocol,
        security: options.security,
        server: options.target.authority(),
        ehlo: options.ehlo.clone(),
        probe: options.probe,
        show_secrets: options.show_secrets,
    });
    // The secrets given for the login are masked wherever the server
    // echoes them, in the transcript, the verdict and the error.
    for secret in [&credentials.password, &credentials.token]
        .into_iter()
        .flatten()
    {
        dialogue.transcript.add_secret(secret.expose());
    }
    let config = match options.security {
        Security::None => None,
        _ => match tls::client_config(&options.tls) {
            Ok(config) => Some(config),
            Err(error) => return finish(options, dialogue, None, None, warnings, Err(error)),
        },
    };
    let tls_timing = std::cell::Cell::new(None);
    // The TLS connection's channel bindings, once it runs.
    let bindings = std::cell::RefCell::new(Vec::new());
    let mut starttls = |stream: Box<dyn Transport + 'a>| -> Result<Box<dyn Transport + 'a>, Error> {
        let config = config
            .as_ref()
            .ok_or_else(|| Error::Protocol("STARTTLS without a TLS configuration".into()))?;
        let start = Instant::now();
        let stream = handshake(stream, config, options, &mut tls_info)?;
        tls_timing.set(Some(start.elapsed()));
        if let Some(info) = &tls_info {
            bindings.borrow_mut().clone_from(&info.channel_bindings);
        }
        Ok(stream)
    };
    let stream = if options.security == Security::Implicit {
        match starttls(stream) {
            Ok(stream) => stream,
            Err(error) => {
                return finish(options, dialogue, tls_info, None, warnings, Err(error));
            }
        }
    } else {
        stream
    };
    let mut cleartext_warning = None;
    let mut choose = |dialogue: &mut Dialogue<'_>| -> Result<Box<dyn Client>, Error> {
        let offered = dialogue
            .capabilities()
            .map(|c| c.mechanisms.clone())
            .unwrap_or_default();
        if offered.is_empty()
            && !dialogue.tls_active()
            && dialogue.capabilities().is_some_and(|c| c.starttls)
            && !options.force_mechanism
        {
            return Err(Error::NoMechanismBeforeTls {
                word: match options.target.protocol {
                    crate::protocol::Protocol::Pop3 => "STLS",
                    _ => "STARTTLS",
                },
            });
        }
        let usable = options.channel_binding.pick(&bindings.borrow());
        let (kind, why) = match certificate_choice(options, credentials, dialogue, &offered) {
            Some(chosen) => chosen?,
            None => choose_mechanism_bound(
                &offered,
                options.mechanism,
                options.force_mechanism,
                options.oauth,
                usable.is_some(),
            )?,
        };
        let name = kind.name();
        let binding = binding::gs2(kind, usable, &offered, dialogue)?;
        if !dialogue.tls_active() {
            if kind.cleartext() && !options.allow_cleartext {
                return Err(Error::Cleartext {
                    mechanism: name,
                    what: if kind.takes_token() {
                        "token"
                    } else {
                        "password"
                    },
                });
            }
            if matches!(
                kind,
                Kind::Scram(_) | Kind::ScramPlus(_) | Kind::CramMd5 | Kind::DigestMd5 | Kind::Ntlm
            ) {
                cleartext_warning = Some(format!(
                    "{name} without TLS: the password does not travel, but an eavesdropper can \
                     try to guess it from what does"
                ));
            }
        }
        chosen = Some((name, why));
        kind.client_with_binding(credentials, binding)
    };
    let outcome = driver::drive(&mut dialogue, stream, deadline, &mut starttls, &mut choose);
    // Only a server that sent nothing at all may be waiting for a
    // ClientHello; lines of an endless greeting (220-...) are no silence.
    let silent = !dialogue
        .transcript
        .entries
        .iter()
        .any(|e| e.speaker == crate::transcript::Speaker::Server);
    let outcome = outcome.map_err(|error| match silent {
        true => silent_greeting_hint(error, options),
        false => error,
    });
    timings.tls = tls_timing.get();
    if let Some(warning) = cleartext_warning {
        warnings.push(Warning::Found(warning));
    }
    finish(options, dialogue, tls_info, chosen, warnings, outcome)
}

/// With a client certificate and no mechanism asked for: EXTERNAL where
/// the server offers it over TLS; where it does not and no password or
/// token was given, the certificate is all there is, and its absence is
/// the error. `None`: the usual choice.
fn certificate_choice(
    options: &Options,
    credentials: &Credentials,
    dialogue: &Dialogue<'_>,
    offered: &[String],
) -> Option<Result<(Kind, Choice), Error>> {
    if options.tls.client_cert.is_none() || options.mechanism.is_some() || options.oauth {
        return None;
    }
    let list = if offered.is_empty() {
        "none".to_owned()
    } else {
        offered.join(" ")
    };
    let external = offered
        .iter()
        .any(|m| m.eq_ignore_ascii_case(Kind::External.name()));
    if external && dialogue.tls_active() {
        return Some(Ok((Kind::External, Choice::Certificate { offered: list })));
    }
    if credentials.password.is_none() && credentials.token.is_none() {
        return Some(Err(Error::NotOffered {
            mechanism: Kind::External.name(),
            offered: list,
        }));
    }
    None
}

/// A server that says nothing at all where a greeting is due may be
/// waiting for a TLS ClientHello: only a hint, since silence proves
/// nothing.
fn silent_greeting_hint(error: Error, options: &Options) -> Error {
    match error {
        Error::Timeout { what, seconds }
            if what == "the server's greeting" && options.security != Security::Implicit =>
        {
            Error::Timeout {
                what: format!(
                    "{what} (a port that speaks TLS from the first byte waits for the client \
                     in silence: if this is one, use {})",
                    url::other_tls_mode(options.target.protocol, options.target.security)
                ),
                seconds,
            }
        }
        other => other,
    }
}

fn finish(
    options: &Options,
    dialogue: Dialogue<'_>,
    tls: Option<TlsInfo>,
    mechanism: Option<(&'static str, Choice)>,
    mut warnings: Vec<Warning>,
    driven: Result<(), Error>,
) -> Report {
    let mut capabilities = dialogue.capabilities().cloned();
    let mut capabilities_before_tls = dialogue.capabilities_before_tls().cloned();
    let mut found: Vec<String> = dialogue.warnings.clone();
    let final_reply = dialogue.final_reply.clone();
    let (outcome, transcript) = dialogue.finish();
    let reply = final_reply.map(|r| transcript.mask(&r));
    let result = driven.and(outcome);
    // A handshake that failed may still have shown its certificate.
    let tls_started = tls.as_ref().is_some_and(TlsInfo::established);
    let starttls_failed = options.security == Security::StartTls
        && !tls_started
        && capabilities_before_tls.is_none()
        && capabilities.as_ref().is_some_and(|c| c.starttls)
        && result.is_err();
    if starttls_failed {
        // STARTTLS was offered and tried, and TLS did not start: what the
        // server listed is what it offers before TLS, and it does offer
        // STARTTLS; the error says why TLS failed.
        capabilities_before_tls = capabilities.take();
    }
    if options.probe && options.security == Security::StartTls && !tls_started && !starttls_failed {
        found.push(format!(
            "the server does not offer {}: the session cannot be encrypted on this port",
            match options.target.protocol {
                crate::protocol::Protocol::Pop3 => "STLS",
                _ => "STARTTLS",
            }
        ));
    }
    if let Some(cert) = tls
        .as_ref()
        .and_then(|t| t.certificate.as_ref())
        .filter(|c| c.days_left < EXPIRY_WARNING_DAYS)
    {
        let when = if cert.days_left < 0 {
            "expired"
        } else {
            "expires"
        };
        found.push(format!(
            "the server's certificate {when} {} (warning from {EXPIRY_WARNING_DAYS} days)",
            cert.expiry()
        ));
    }
    found.extend(certificate_warnings(
        mechanism.as_ref().map(|(name, _)| *name),
        options,
        tls.as_ref(),
        matches!(result, Err(Error::Refused { .. })),
    ));
    let offers_anonymous = |c: &Option<Capabilities>| {
        c.as_ref()
            .is_some_and(|c| c.mechanisms.iter().any(|m| m == "ANONYMOUS"))
    };
    if options.probe
        && options.target.protocol == crate::protocol::Protocol::Smtp
        && options.target.port != 25
        && (offers_anonymous(&capabilities) || offers_anonymous(&capabilities_before_tls))
    {
        found.push(format!(
            "the server offers ANONYMOUS on the submission port {}: anyone may log in without \
             credentials, an open relay if it lets authenticated senders relay",
            options.target.port
        ));
    }
    let cleartext = match (&capabilities_before_tls, &tls) {
        (Some(before), _) => Some(before),
        (None, None) => capabilities.as_ref(),
        (None, Some(_)) => None,
    };
    if let Some(before) = cleartext {
        let exposed: Vec<&str> = before
            .mechanisms
            .iter()
            .map(String::as_str)
            .filter(|m| m.parse::<Kind>().is_ok_and(Kind::cleartext))
            .collect();
        if !exposed.is_empty() {
            let when = if capabilities_before_tls.is_some() {
                "before STARTTLS"
            } else {
                "without TLS"
            };
            found.push(format!(
                "the server offers {} {when}, where the password would travel in clear",
                exposed.join(", ")
            ));
        }
    }
    warnings.extend(found.into_iter().map(Warning::Found));
    Report {
        target: options.target.clone(),
        transcript,
        tls,
        capabilities_before_tls,
        capabilities,
        mechanism,
        warnings,
        result,
        reply,
        timings: Timings::default(),
    }
}

/// What a login with `mechanism` should know of the client certificate:
/// EXTERNAL with none to present, or with one the server did not ask
/// for, has no external credentials behind it; a certificate from a CA
/// the server did not name is likely refused.
fn certificate_warnings(
    mechanism: Option<&str>,
    options: &Options,
    tls: Option<&TlsInfo>,
    refused: bool,
) -> Vec<String> {
    let mut found = Vec::new();
    let request = tls.and_then(|t| t.certificate_request.as_ref());
    if mechanism == Some(Kind::External.name()) {
        let established = tls.is_some_and(TlsInfo::established);
        if options.tls.client_cert.is_none() {
            found.push(
                "EXTERNAL without a client certificate: the server has no certificate to take \
                 the identity from"
                    .to_owned(),
            );
        } else if established && request.is_none() {
            found.push(
                "the server did not ask for a client certificate, so none was sent: EXTERNAL \
                 has no certificate to take the identity from (the server must request one, \
                 e.g. Dovecot's ssl_verify_client_cert = yes)"
                    .to_owned(),
            );
        } else if refused {
            // No password was wrong: the refusal's usual words do not fit.
            found.push(
                "the server refused EXTERNAL, which sends no password: it did not take the \
                 certificate's identity for the user asked, or the certificate itself (an \
                 issuer it does not trust, expired, for another user, or an account that may \
                 not log in with a certificate); the server's log says which"
                    .to_owned(),
            );
        }
    }
    if let Some(request) = request.filter(|r| r.issuer_not_named()) {
        found.push(format!(
            "the client certificate's issuer ({}) is none of the CAs the server asked for \
             ({}): the server is likely to refuse it",
            request.sent.as_ref().map_or("", |c| c.issuer.as_str()),
            request.authorities.join("; ")
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    //! Sessions through the driver over an in-memory pipe: a scripted
    //! server that answers each client line with the next reply.

    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    use super::*;
    use crate::ErrorClass;

    #[derive(Default)]
    struct Script {
        to_client: VecDeque<u8>,
        replies: VecDeque<&'static str>,
        partial: Vec<u8>,
        sent: Vec<String>,
    }

    #[derive(Clone)]
    struct Pipe(Rc<RefCell<Script>>);

    impl Read for Pipe {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let mut s = self.0.borrow_mut();
            if s.to_client.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(s.to_client.len());
            for (slot, byte) in buf.iter_mut().zip(s.to_client.drain(..n)) {
                *slot = byte;
            }
            Ok(n)
        }
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let mut s = self.0.borrow_mut();
            for &b in buf {
                if b == b'\n' {
                    let line = String::from_utf8_lossy(&s.partial).trim_end().to_owned();
                    s.partial.clear();
                    s.sent.push(line);
                    if let Some(reply) = s.replies.pop_front() {
                        s.to_client.extend(reply.as_bytes());
                    }
                } else {
                    s.partial.push(b);
                }
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Transport for Pipe {
        fn set_read_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
            Ok(())
        }
    }

    /// Options for a session of `url` without TLS, with `mechanism`.
    fn cleartext(url: &str, mechanism: &str, force_mechanism: bool) -> Options {
        Options {
            target: Target::parse(url).unwrap(),
            security: Security::None,
            tls: TlsOptions::default(),
            timeout: Duration::from_secs(1),
            ehlo: "localhost".into(),
            probe: false,
            show_secrets: false,
            mechanism: Some(mechanism.parse().unwrap()),
            force_mechanism,
            oauth: false,
            allow_cleartext: true,
            connect_to: None,
            channel_binding: BindingChoice::Default,
        }
    }

    /// Runs a cleartext session of `url` with PLAIN as `password`
    /// against `greeting` and then `replies`, one per client line.
    fn session(
        url: &str,
        password: &'static str,
        greeting: &'static str,
        replies: &[&'static str],
    ) -> (Report, Vec<String>) {
        session_with(cleartext(url, "PLAIN", false), password, greeting, replies)
    }

    fn session_with(
        options: Options,
        password: &'static str,
        greeting: &'static str,
        replies: &[&'static str],
    ) -> (Report, Vec<String>) {
        let script = Script {
            to_client: greeting.bytes().collect(),
            replies: replies.iter().copied().collect(),
            ..Script::default()
        };
        let pipe = Pipe(Rc::new(RefCell::new(script)));
        let report = run(
            &options,
            Box::new(pipe.clone()),
            &Credentials::password("u", password),
            &mut Timings::default(),
        );
        let sent = pipe.0.borrow().sent.clone();
        (report, sent)
    }

    #[test]
    fn no_starttls_where_tls_is_required_is_unsupported() {
        for (url, greeting, capabilities, sent) in [
            (
                "imap://h",
                "* OK ready\r\n",
                "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA1 OK done\r\n",
                ["A1 CAPABILITY", "A2 LOGOUT"],
            ),
            (
                "pop3://h",
                "+OK ready\r\n",
                "+OK\r\nSASL PLAIN\r\n.\r\n",
                ["CAPA", "QUIT"],
            ),
            (
                "submission://h",
                "220 h\r\n",
                "250-h\r\n250 AUTH PLAIN\r\n",
                ["EHLO localhost", "QUIT"],
            ),
        ] {
            let options = Options {
                security: Security::StartTls,
                ..cleartext(url, "PLAIN", false)
            };
            let (report, lines) =
                session_with(options, "p", greeting, &[capabilities, "+OK bye\r\n"]);
            let err = report.result.unwrap_err();
            assert_eq!(err.class(), ErrorClass::Unsupported, "{url}: {err}");
            assert!(err.to_string().contains("does not offer S"), "{err}");
            assert_eq!(lines, sent, "{url}");
        }
    }

    #[test]
    fn a_probe_warns_of_a_missing_starttls_and_completes() {
        for (url, greeting, capabilities, sent, word) in [
            (
                "imap://h",
                "* OK ready\r\n",
                "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA1 OK done\r\n",
                ["A1 CAPABILITY", "A2 LOGOUT"],
                "STARTTLS",
            ),
            (
                "pop3://h",
                "+OK ready\r\n",
                "+OK\r\nSASL PLAIN\r\n.\r\n",
                ["CAPA", "QUIT"],
                "STLS",
            ),
            (
                "submission://h",
                "220 h\r\n",
                "250-h\r\n250 AUTH PLAIN\r\n",
                ["EHLO localhost", "QUIT"],
                "STARTTLS",
            ),
        ] {
            let options = Options {
                security: Security::StartTls,
                probe: true,
                ..cleartext(url, "PLAIN", false)
            };
            let (report, lines) =
                session_with(options, "p", greeting, &[capabilities, "+OK bye\r\n"]);
            assert!(report.result.is_ok(), "{url}: {:?}", report.result.err());
            assert_eq!(lines, sent, "{url}");
            let missing = format!("the server does not offer {word}");
            assert!(
                report
                    .warnings
                    .iter()
                    .any(|w| w.to_string().starts_with(&missing)),
                "{url}: {:?}",
                report.warnings
            );
            assert!(
                report
                    .warnings
                    .iter()
                    .any(|w| w.to_string().contains("PLAIN without TLS")),
                "{url}: {:?}",
                report.warnings
            );
        }
    }

    #[test]
    fn smtp_454_is_a_temporary_failure() {
        let (report, sent) = session(
            "smtp://h",
            "p",
            "220 h ESMTP\r\n",
            &[
                "250-h\r\n250 AUTH PLAIN\r\n",
                "454 4.7.0 Temporary authentication failure\r\n",
                "221 bye\r\n",
            ],
        );
        let err = report.result.unwrap_err();
        assert_eq!(err.class(), ErrorClass::TempFail, "{err}");
        assert!(err.to_string().contains("4.7.0: temporary"), "{err}");
        assert_eq!(sent, ["EHLO localhost", "AUTH PLAIN AHUAcA==", "QUIT"]);
    }

    #[test]
    fn imap_without_sasl_ir_waits_for_the_empty_continuation() {
        let (report, sent) = session(
            "imap://h",
            "p",
            "* OK ready\r\n",
            &[
                "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA1 OK done\r\n",
                "+ \r\n",
                "A2 NO [UNAVAILABLE] try later\r\n",
                "* BYE\r\nA3 OK bye\r\n",
            ],
        );
        let err = report.result.unwrap_err();
        assert_eq!(err.class(), ErrorClass::TempFail, "{err}");
        assert_eq!(
            sent,
            [
                "A1 CAPABILITY",
                "A2 AUTHENTICATE PLAIN",
                "AHUAcA==",
                "A3 LOGOUT"
            ]
        );
    }

    #[test]
    fn pop3_moves_a_long_initial_response_off_the_auth_line() {
        // RFC 5034 section 4: "AUTH PLAIN " + 244 base64 + CRLF is 257 > 255.
        let password: &'static str = Box::leak("x".repeat(180).into_boxed_str());
        let (report, sent) = session(
            "pop3://h",
            password,
            "+OK ready\r\n",
            &[
                "+OK\r\nSASL PLAIN\r\n.\r\n",
                "+ \r\n",
                "+OK Logged in.\r\n",
                "+OK bye\r\n",
            ],
        );
        assert_eq!(report.result.unwrap().reply, "+OK Logged in.");
        assert_eq!(sent[1], "AUTH PLAIN");
        assert_eq!(sent[2].len(), 244);
        // ... and one that fits stays on the line.
        let (report, sent) = session(
            "pop3://h",
            "p",
            "+OK ready\r\n",
            &[
                "+OK\r\nSASL PLAIN\r\n.\r\n",
                "-ERR [SYS/TEMP] later\r\n",
                "+OK\r\n",
            ],
        );
        assert_eq!(report.result.unwrap_err().class(), ErrorClass::TempFail);
        assert_eq!(sent[1], "AUTH PLAIN AHUAcA==");
    }

    #[test]
    fn smtp_keeps_a_512_octet_line() {
        // "AUTH PLAIN " is 11 octets, CRLF 2: 499 base64 characters fit,
        // 500 do not (base64 of 375 bytes is 500 characters).
        let password: &'static str = Box::leak("x".repeat(372).into_boxed_str());
        let (report, sent) = session(
            "smtp://h",
            password,
            "220 h\r\n",
            &[
                "250-h\r\n250 AUTH PLAIN\r\n",
                "334 \r\n",
                "235 2.7.0 ok\r\n",
                "221 bye\r\n",
            ],
        );
        assert!(report.result.is_ok(), "{:?}", report.result.err());
        assert_eq!(sent[1], "AUTH PLAIN");
        assert_eq!(sent[2].len(), 500);
    }

    #[test]
    fn a_mechanism_the_server_lacks_is_unsupported() {
        let (report, sent) = session(
            "smtp://h",
            "p",
            "220 h\r\n",
            &["250-h\r\n250 AUTH LOGIN\r\n", "221 bye\r\n"],
        );
        let err = report.result.unwrap_err();
        assert_eq!(err.class(), ErrorClass::Unsupported, "{err}");
        assert!(err.to_string().contains("(it offers LOGIN)"), "{err}");
        assert_eq!(sent, ["EHLO localhost", "QUIT"]);
    }

    /// All the server's bytes at once, whatever the client says.
    struct Canned(VecDeque<u8>);

    impl Read for Canned {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.0.len());
            for (slot, byte) in buf.iter_mut().zip(self.0.drain(..n)) {
                *slot = byte;
            }
            Ok(n)
        }
    }

    impl Write for Canned {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Transport for Canned {
        fn set_read_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
            Ok(())
        }
    }

    /// Lines built from the prefixes the parsers branch on, and bytes.
    fn server_line() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let prefix = prop::sample::select(vec![
            "",
            "220 ",
            "220-",
            "250-",
            "250 AUTH ",
            "250-AUTH=",
            "334 ",
            "334",
            "235 ",
            "535 ",
            "454 ",
            "+",
            "+ ",
            "+OK",
            "+OK ",
            "-ERR ",
            ".",
            "SASL ",
            "STLS",
            "* OK ",
            "* CAPABILITY ",
            "* BYE ",
            "* PREAUTH ",
            "A1 OK ",
            "A2 OK ",
            "A3 OK ",
            "A4 NO ",
            "A4 OK ",
            "A5 BAD ",
            "dj1",
            "cj1",
        ]);
        (prefix, prop::collection::vec(any::<u8>(), 0..40)).prop_map(|(p, rest)| {
            let mut line = p.as_bytes().to_vec();
            line.extend(rest.into_iter().filter(|&b| b != b'\n'));
            line.extend_from_slice(b"\r\n");
            line
        })
    }

    proptest::proptest! {
        #[test]
        fn no_server_input_makes_a_session_panic(
            protocol in 0..3usize,
            mechanism in proptest::sample::select(vec!["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256", "OAUTHBEARER"]),
            lines in proptest::collection::vec(server_line(), 0..30),
        ) {
            let url = ["smtp://h", "imap://h", "pop3://h"][protocol];
            let options = cleartext(url, mechanism, true);
            let bytes: VecDeque<u8> = lines.concat().into();
            let credentials = Credentials {
                token: Some(crate::Secret::new(b"t".to_vec())),
                ..Credentials::password("u", "p")
            };
            let report = run(&options, Box::new(Canned(bytes)), &credentials, &mut Timings::default());
            // Whatever the bytes, the session ends with a verdict or an
            // error, and a success only after the exchange was complete.
            if let Ok(verdict) = &report.result {
                proptest::prop_assert!(!verdict.reply.is_empty());
            }
        }
    }

    /// DIGEST-MD5: the digest-uri is `smtp/<host>`; a server whose
    /// rspauth is wrong, or that reports success without one, has not
    /// proved that it knows the password: a protocol error, not a verdict.
    #[test]
    fn digest_md5_refuses_a_server_that_does_not_prove_itself() {
        const CHALLENGE: &str = "334 cmVhbG09IiIsbm9uY2U9ImFiYyIscW9wPSJhdXRoIixjaGFyc2V0PSJ1dGYtOCIsYWxnb3JpdGhtPSJtZDUtc2VzcyI=\r\n";
        for (third, what) in [
            (
                "334 cnNwYXV0aD0wMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==\r\n",
                "rspauth does not match",
            ),
            ("235 2.7.0 ok\r\n", "success"),
        ] {
            let script = Script {
                to_client: "220 h\r\n".bytes().collect(),
                replies: [
                    "250-h\r\n250 AUTH DIGEST-MD5\r\n",
                    CHALLENGE,
                    third,
                    "235 ok\r\n",
                    "221 bye\r\n",
                ]
                .into_iter()
                .collect(),
                ..Script::default()
            };
            let pipe = Pipe(Rc::new(RefCell::new(script)));
            let credentials = Credentials {
                server: Some(("mail.example.com".into(), 25)),
                protocol: Some(crate::protocol::Protocol::Smtp),
                ..Credentials::password("u", "p")
            };
            let report = run(
                &cleartext("smtp://mail.example.com", "DIGEST-MD5", false),
                Box::new(pipe.clone()),
                &credentials,
                &mut Timings::default(),
            );
            let err = report.result.unwrap_err();
            assert_eq!(err.class(), ErrorClass::Protocol, "{err}");
            assert!(err.to_string().contains(what), "{err}");
            let sent = pipe.0.borrow().sent.clone();
            let response = crate::encoding::decode("response", &sent[2]).unwrap();
            let response = String::from_utf8_lossy(&response);
            assert!(
                response.contains(r#"digest-uri="smtp/mail.example.com""#),
                "{response}"
            );
        }
    }

    /// NTLM over SMTP (AUTH NTLM with the NEGOTIATE as initial response)
    /// and IMAP (AUTHENTICATE NTLM with SASL-IR): the server's CHALLENGE
    /// (MS-NLMP section 4.2.4.3) is answered with an AUTHENTICATE that
    /// carries an NTLMv2 response for DOMAIN\\user, and the server's success
    /// is the verdict.
    #[test]
    fn ntlm_answers_the_challenge_with_ntlmv2() {
        const SMTP_CHALLENGE: &str = "334 TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=\r\n";
        const IMAP_CHALLENGE: &str = "+ TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=\r\n";
        for (url, greeting, replies, auth) in [
            (
                "smtp://h",
                "220 h\r\n",
                vec![
                    "250-h\r\n250 AUTH NTLM\r\n",
                    SMTP_CHALLENGE,
                    "235 ok\r\n",
                    "221 bye\r\n",
                ],
                "AUTH NTLM ",
            ),
            (
                "imap://h",
                "* OK ready\r\n",
                vec![
                    "* CAPABILITY IMAP4rev1 SASL-IR AUTH=NTLM\r\nA1 OK done\r\n",
                    IMAP_CHALLENGE,
                    "A2 OK logged in\r\n",
                    "* BYE\r\nA3 OK bye\r\n",
                ],
                "A2 AUTHENTICATE NTLM ",
            ),
            (
                "pop3://h",
                "+OK ready\r\n",
                vec![
                    "+OK\r\nSASL NTLM\r\n.\r\n",
                    IMAP_CHALLENGE,
                    "+OK logged in\r\n",
                    "+OK bye\r\n",
                ],
                "AUTH NTLM ",
            ),
        ] {
            let script = Script {
                to_client: greeting.bytes().collect(),
                replies: replies.into_iter().collect(),
                ..Script::default()
            };
            let pipe = Pipe(Rc::new(RefCell::new(script)));
            let report = run(
                &cleartext(url, "NTLM", false),
                Box::new(pipe.clone()),
                &Credentials::password("Domain\\User", "Password"),
                &mut Timings::default(),
            );
            assert!(report.result.is_ok(), "{url}: {:?}", report.result.err());
            let sent = pipe.0.borrow().sent.clone();
            let negotiate = sent
                .iter()
                .find_map(|l| l.strip_prefix(auth))
                .expect("AUTH line");
            let negotiate = crate::encoding::decode("negotiate", negotiate).unwrap();
            assert!(matches!(
                crate::mech::ntlm::parse(&negotiate),
                Ok(crate::mech::ntlm::Message::Negotiate(_))
            ));
            let authenticate = sent
                .iter()
                .filter_map(|l| crate::encoding::decode("authenticate", l).ok())
                .find(|b| b.starts_with(b"NTLMSSP\0\x03"))
                .expect("an AUTHENTICATE line");
            let Ok(crate::mech::ntlm::Message::Authenticate(a)) =
                crate::mech::ntlm::parse(&authenticate)
            else {
                panic!()
            };
            assert_eq!(a.nt_response.len(), 16 + 28 + 0x24 + 4, "{url}");
            let user: Vec<u8> = "User".encode_utf16().flat_map(u16::to_le_bytes).collect();
            assert_eq!(&authenticate[a.user.clone()], &user[..]);
            // The transcript masks the proof.
            let shown = report
                .transcript
                .entries
                .iter()
                .map(|e| format!("{e:?}"))
                .collect::<String>();
            assert!(!shown.contains(&hex::encode(
                &authenticate[a.nt_response.start..a.nt_response.start + 16]
            )));
        }
    }
}
