//! `saslenc serve`: listeners, threads and bytes around the library's
//! sans-I/O server session ([`saslenc::serve::Session`]).

use std::io::{self, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::commands::Error;
use rustls::ServerConfig;
use saslenc::login::url::{Security, Target};
use saslenc::mech::server::Kind;
use saslenc::protocol::lines::MAX_LINE_LEN;
use saslenc::serve::accounts::Accounts;
use saslenc::serve::chaos::{Chaos, Failure, Step};
use saslenc::serve::client_ca::ClientCa;
use saslenc::serve::maildir::Maildir;
use saslenc::serve::tls::Identity;
use saslenc::serve::{Config, Outcome, Output, Session};
use saslenc::ErrorClass;

use super::{terminal_safe, text, SecretFrom, PASSWORD_SOURCES, TOKEN_SOURCES};
use crate::cli::{ClientDiagnosis, ServeArgs};

mod printer;
mod ready;
mod stream;
use printer::Printer;
use ready::ReadyFile;
use stream::{handshake, Reader, Stop, Stream};

/// The JSON events' format version.
const JSON_VERSION: u32 = 1;
/// How long a connection may sit idle between two lines.
const IDLE: Duration = Duration::from_secs(120);
/// How long one connection may last in all.
const TOTAL: Duration = Duration::from_secs(600);
/// How long a TLS handshake may take.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// How often blocked reads and the accept loop look at the shutdown flag.
const TICK: Duration = Duration::from_millis(50);
/// The wait before a refused login's reply on a listener that is not
/// loopback: Dovecot's `auth_failure_delay` default.
const FAILURE_DELAY: Duration = Duration::from_secs(2);
/// The longest `--failure-delay`: past a minute, clients time out.
const MAX_FAILURE_DELAY: f64 = 60.0;

struct Listener {
    url: String,
    socket: TcpListener,
    implicit: bool,
    config: Config,
    /// The wait before a refused login's reply.
    failure_delay: Duration,
}

struct Shared {
    accounts: Accounts,
    /// `--client-ca`: the CAs client certificates are judged against.
    client_ca: Option<ClientCa>,
    tls: Arc<ServerConfig>,
    /// The DER of the server's own certificate, for tls-server-end-point.
    certificate: Vec<u8>,
    printer: Printer,
    stop: Arc<AtomicBool>,
    /// With --once, the whole run's end.
    deadline: Option<Instant>,
}

pub(crate) fn run(mut args: ServeArgs) -> Result<(), Error> {
    let started = Instant::now();
    if args.show_secrets {
        // Asked for: the accounts' passwords are shown too.
        super::screen::reveal();
    }
    let deadline = if args.once {
        Some(
            started
                .checked_add(Duration::from_secs(args.timeout))
                .ok_or(Error::Usage(
                    "--timeout is too large for this system's clock",
                ))?,
        )
    } else {
        None
    };
    let failure_delay = match args.failure_delay {
        None => None,
        Some(seconds) if (0.0..=MAX_FAILURE_DELAY).contains(&seconds) => {
            Some(Duration::from_secs_f64(seconds))
        }
        Some(_) => {
            return Err(Error::Usage(
                "--failure-delay: SECONDS must be a number from 0 to 60 (Dovecot's \
                 auth_failure_delay is 2)",
            ))
        }
    };
    let chaos = chaos(&args.chaos)?;
    let maildir = args
        .maildir
        .as_deref()
        .map(|dir| {
            Maildir::open(dir).map_err(|e| Error::io(format!("use --maildir {}", dir.display()), e))
        })
        .transpose()?;
    let mut targets = Vec::new();
    for url in &args.urls {
        targets.push(listen_target(text("URL", url)?)?);
    }
    // The envelope's steps are SMTP's: on IMAP and POP3 alone they would
    // test nothing, silently.
    let smtp = targets
        .iter()
        .any(|t| t.protocol == saslenc::protocol::Protocol::Smtp);
    if let Some(step) = [Step::Mail, Step::Rcpt, Step::Data]
        .into_iter()
        .find(|&step| !smtp && chaos.at(step).is_some())
    {
        return Err(Error::UsageOf(format!(
            "--chaos {}=...: mail, rcpt and data are SMTP's steps, and no URL here is smtp://, \
             smtps://, submission:// or submissions://",
            step.name()
        )));
    }
    let client_ca = args
        .client_ca
        .as_deref()
        .map(ClientCa::from_pem_file)
        .transpose()?;
    let accounts = accounts(&mut args)?;
    let mechanisms = mechanisms(&args, &accounts)?;
    let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    for target in &targets {
        if !names.contains(&target.host) {
            names.push(target.host.clone());
        }
    }
    let identity = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => Identity::from_pem_files(cert, key)?,
        _ => Identity::self_signed(&names)?,
    };
    if let Some(path) = &args.write_cert {
        std::fs::write(path, identity.pem.as_bytes())
            .map_err(|e| Error::io(format!("write the certificate to {}", path.display()), e))?;
    }
    let tls = identity.config_asking(client_ca.as_ref())?;
    crate::sys::listen::raise_open_files_limit();
    let mut ready = args
        .ready_file
        .as_deref()
        .map(ReadyFile::prepare)
        .transpose()?;
    let printer = Printer {
        json: args.json,
        quiet: args.quiet,
        out: Mutex::new(io::stdout()),
    };

    let mut listeners = Vec::new();
    for target in targets {
        let addr = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| Error::UsageOf(format!("URL: cannot resolve {}", target.host)))?;
        let loopback = addr.ip().is_loopback();
        if args.allow_cleartext && !loopback {
            return Err(Error::UsageOf(format!(
                "--allow-cleartext: {} is not a loopback address; cleartext AUTH is refused on \
                 any other",
                addr.ip()
            )));
        }
        let socket = TcpListener::bind(addr).map_err(|e| {
            // A script reading --json learns why no listening event comes.
            printer.listen_failed(&format!("{}://{}", target.scheme, authority(addr)), &e);
            Error::io(format!("listen on {}", addr), e)
        })?;
        socket
            .set_nonblocking(true)
            .map_err(|e| Error::io("set the listener non-blocking", e))?;
        let bound = socket
            .local_addr()
            .map_err(|e| Error::io("read the listening address", e))?;
        let implicit = target.security == Security::Implicit;
        let config = Config {
            protocol: target.protocol,
            mechanisms: mechanisms.clone(),
            allow_cleartext: args.allow_cleartext,
            starttls: !implicit,
            hostname: "localhost".into(),
            show_secrets: args.show_secrets,
            reply_diagnosis: match args.client_diagnosis {
                ClientDiagnosis::Always => true,
                ClientDiagnosis::Auto => loopback,
                ClientDiagnosis::Never => false,
            },
            chaos: chaos.clone(),
            maildir: maildir.clone(),
            ntlm_v1: args.allow_ntlmv1,
            ntlm_domain: args.ntlm_domain.clone(),
        };
        let url = format!("{}://{}", target.scheme, authority(bound));
        listeners.push(Listener {
            url,
            socket,
            implicit,
            config,
            failure_delay: failure_delay.unwrap_or(if loopback {
                Duration::ZERO
            } else {
                FAILURE_DELAY
            }),
        });
    }

    let stop = Arc::new(AtomicBool::new(false));
    // SIGHUP too: a closed terminal ends the run as SIGTERM does, and the
    // ready file goes with it.
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| Error::io("install the signal handlers", e))?;
    }
    let shared = Arc::new(Shared {
        accounts,
        client_ca,
        tls,
        certificate: identity.chain[0].to_vec(),
        printer,
        stop,
        deadline,
    });
    // The ready file first: a listening line is a promise the run then
    // keeps, and a ready file that cannot be written ends it.
    if let Some(ready) = &mut ready {
        let urls: Vec<String> = listeners.iter().map(|l| l.url.clone()).collect();
        ready.write(&urls)?;
    }
    for listener in &listeners {
        let printer = &shared.printer;
        printer.listening(
            &listener.url,
            listener.implicit,
            &identity.pin(),
            &mechanisms,
        );
    }
    let listeners = Arc::new(listeners);
    // The ready file goes when the run ends, whatever its verdict.
    let result = accept_loop(&args, &shared, &listeners);
    drop(ready);
    result
}

/// The whole run: accept on every listener, a thread a connection.
fn accept_loop(
    args: &ServeArgs,
    shared: &Arc<Shared>,
    listeners: &Arc<Vec<Listener>>,
) -> Result<(), Error> {
    let active = Arc::new(AtomicUsize::new(0));
    let next_id = AtomicUsize::new(1);
    let (done_tx, done_rx) = mpsc::channel::<Ended>();
    let mut stats = Stats::default();
    let mut threads = Vec::new();
    loop {
        while let Ok(ended) = done_rx.try_recv() {
            stats.add(&ended);
            if args.once {
                return once_verdict(&ended);
            }
        }
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        if let Some(deadline) = shared.deadline {
            if Instant::now() >= deadline && next_id.load(Ordering::Relaxed) == 1 {
                return Err(Error::NotAccepted {
                    class: ErrorClass::Connect,
                    detail: format!("no connection came within {} s (--timeout)", args.timeout),
                });
            }
        }
        let mut accepted = false;
        for (index, listener) in listeners.iter().enumerate() {
            let Ok((tcp, peer)) = listener.socket.accept() else {
                continue;
            };
            accepted = true;
            if args.once && next_id.load(Ordering::Relaxed) > 1 {
                // One connection is served; later ones wait for nothing.
                drop(tcp);
                continue;
            }
            let id = next_id.fetch_add(1, Ordering::Relaxed);
            if active.load(Ordering::Relaxed) >= args.max_connections {
                let _ = tcp.set_nonblocking(false);
                let _ = (&tcp).write_all(Session::busy(listener.config.protocol).as_bytes());
                shared.printer.busy(id, peer, args.max_connections);
                continue;
            }
            active.fetch_add(1, Ordering::Relaxed);
            let (shared, listeners, active, done) = (
                Arc::clone(shared),
                Arc::clone(listeners),
                Arc::clone(&active),
                done_tx.clone(),
            );
            threads.push(thread::spawn(move || {
                let listener = &listeners[index];
                // One connection's failure never stops the server.
                let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    connection(id, tcp, peer, listener, &shared)
                }))
                .unwrap_or_else(|_| Ended {
                    outcome: Ended_::Session(Outcome::Malformed),
                    summary: "the connection's handling failed".into(),
                    accepted: 0,
                    refused: 0,
                    unfinished: 0,
                });
                active.fetch_sub(1, Ordering::Relaxed);
                let _ = done.send(ended);
            }));
        }
        threads.retain(|t| !t.is_finished());
        if !accepted {
            crate::sys::listen::wait_for_connection(listeners.iter().map(|l| &l.socket), TICK);
        }
    }
    // Stopping: the sessions see the flag and say goodbye.
    for thread in threads {
        let _ = thread.join();
    }
    while let Ok(ended) = done_rx.try_recv() {
        stats.add(&ended);
    }
    shared.printer.summary(&stats);
    Ok(())
}

fn once_verdict(ended: &Ended) -> Result<(), Error> {
    let class = match ended.outcome {
        Ended_::Tls => ErrorClass::Tls,
        Ended_::Session(Outcome::Accepted) => return Ok(()),
        Ended_::Session(Outcome::Refused | Outcome::Unfinished) => ErrorClass::Verdict,
        Ended_::Session(Outcome::Malformed) => ErrorClass::Data,
        Ended_::Session(Outcome::NoAuth) => ErrorClass::Unsupported,
    };
    Err(Error::NotAccepted {
        class,
        detail: ended.summary.clone(),
    })
}

#[derive(Default)]
struct Stats {
    connections: usize,
    accepted: usize,
    refused: usize,
    unfinished: usize,
}

impl Stats {
    fn add(&mut self, ended: &Ended) {
        self.connections += 1;
        self.accepted += ended.accepted;
        self.refused += ended.refused;
        self.unfinished += ended.unfinished;
    }
}

#[allow(non_camel_case_types)]
enum Ended_ {
    Tls,
    Session(Outcome),
}

struct Ended {
    outcome: Ended_,
    summary: String,
    accepted: usize,
    refused: usize,
    /// Logins left in the middle, by either side: neither accepted nor
    /// refused.
    unfinished: usize,
}

/// The URL of a listener: the scheme's protocol and TLS mode, a host and
/// a port that must be given (0 picks a free one).
fn listen_target(url: &str) -> Result<Target, Error> {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let port = match authority.strip_prefix('[') {
        Some(inner) => inner.split_once(']').and_then(|(_, p)| p.strip_prefix(':')),
        None => authority.rsplit_once(':').map(|(_, p)| p),
    };
    match port {
        None | Some("") => Err(Error::Usage(
            "URL: serve needs a port (SCHEME://HOST:PORT): there is no default, since ports \
             below 1024 need root and clash with the system's own services; 0 picks a free one",
        )),
        Some("0") => {
            let cut = url.rfind(":0").unwrap_or(url.len());
            let mut target = Target::parse(&format!("{}:1{}", &url[..cut], &url[cut + 2..]))?;
            target.port = 0;
            Ok(target)
        }
        Some(_) => Ok(Target::parse(url)?),
    }
}

fn authority(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => a.to_string(),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}

fn accounts(args: &mut ServeArgs) -> Result<Accounts, Error> {
    if args.accept_any {
        return Ok(Accounts::accept_any());
    }
    if let Some(path) = &args.passdb {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format!("read --passdb {}", path.display()), e))?;
        let accounts = Accounts::passdb(&text)?;
        // The passwords kept in clear are secrets of the run: masked
        // wherever a client sends one in the wrong place. Each adds a few
        // forms to every search; past this many accounts the rest go
        // unmasked outside their own fields, which a note says.
        const MASKED_ACCOUNTS: usize = 1000;
        let clear: Vec<&[u8]> = accounts
            .all()
            .iter()
            .filter_map(|a| a.plaintext().or(a.token()))
            .collect();
        for secret in clear.iter().take(MASKED_ACCOUNTS) {
            super::screen::remember(secret);
        }
        if clear.len() > MASKED_ACCOUNTS {
            super::note(&format!(
                "note: only the first {MASKED_ACCOUNTS} passwords of --passdb are masked where a \
                 client sends one outside its field"
            ))?;
        }
        return Ok(accounts);
    }
    let Some(user) = &args.user else {
        return Err(Error::Usage(
            "serve needs accounts: --user USER with a password or token source, --passdb FILE, \
             or --accept-any",
        ));
    };
    let user = text("--user", user)?.to_owned();
    let password = SecretFrom::from(std::mem::take(&mut args.password));
    let token = SecretFrom::from(std::mem::take(&mut args.token));
    let token = if token.given() {
        Some(token.read("token", "token", TOKEN_SOURCES, false, || {
            format!("Token for {user}: ")
        })?)
    } else {
        None
    };
    // With --client-ca, a user may have no password: EXTERNAL needs none.
    let password = if password.given() || (token.is_none() && args.client_ca.is_none()) {
        Some(
            password.read("password", "pass", PASSWORD_SOURCES, false, || {
                format!("Password for {user}: ")
            })?,
        )
    } else {
        None
    };
    Ok(Accounts::single(&user, password, token))
}

/// `--chaos STEP=FAILURE`, each given.
fn chaos(rules: &[String]) -> Result<Chaos, Error> {
    let mut chaos = Chaos::default();
    for rule in rules {
        let (step, failure) = rule.split_once('=').unwrap_or((rule, ""));
        let names =
            |all: &mut dyn Iterator<Item = &'static str>| all.collect::<Vec<_>>().join(", ");
        let step = Step::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(step.trim()))
            .ok_or_else(|| {
                Error::UsageOf(format!(
                    "--chaos: {} is not a step; STEP=FAILURE with STEP one of {}",
                    terminal_safe(step),
                    names(&mut Step::ALL.into_iter().map(Step::name))
                ))
            })?;
        let failure = Failure::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(failure.trim()))
            .ok_or_else(|| {
                Error::UsageOf(format!(
                    "--chaos: {} is not a failure; STEP=FAILURE with FAILURE one of {}",
                    terminal_safe(failure),
                    names(&mut Failure::ALL.into_iter().map(Failure::name))
                ))
            })?;
        chaos.set(step, failure);
    }
    Ok(chaos)
}

fn mechanisms(args: &ServeArgs, accounts: &Accounts) -> Result<Vec<Kind>, Error> {
    let mut kinds = Vec::new();
    if args.mech.is_empty() {
        // EXTERNAL first: a client that presents a certificate means it.
        if args.client_ca.is_some() {
            kinds.push(Kind::External);
        }
        // ANONYMOUS needs --allow-anonymous; DIGEST-MD5 (historic) and
        // NTLM (deprecated) --mech.
        kinds.extend(Kind::served_kinds().filter(|&k| {
            !matches!(k, Kind::Anonymous | Kind::DigestMd5 | Kind::Ntlm) && accounts.can_run(k)
        }));
    } else {
        for name in &args.mech {
            if name.trim().eq_ignore_ascii_case(Kind::External.name()) {
                if args.client_ca.is_none() {
                    return Err(Error::Usage(
                        "--mech EXTERNAL needs --client-ca: EXTERNAL logs in with a client \
                         certificate, which serve asks for only with it",
                    ));
                }
                if !kinds.contains(&Kind::External) {
                    kinds.push(Kind::External);
                }
                continue;
            }
            let kind = Kind::served(name.trim()).ok_or_else(|| {
                Error::UsageOf(format!(
                    "--mech: {} is not a mechanism serve runs; it runs {}",
                    terminal_safe(name),
                    Kind::served_kinds()
                        .map(Kind::name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            if kind == Kind::Anonymous && !args.allow_anonymous {
                return Err(Error::Usage("--mech ANONYMOUS needs --allow-anonymous"));
            }
            if !accounts.can_run(kind) {
                return Err(Error::UsageOf(format!(
                    "--mech: no account can log in with {kind}: {}",
                    match kind {
                        Kind::XOAuth2 | Kind::OAuthBearer => "it needs a token (--token-*)",
                        Kind::Scram(_) | Kind::ScramPlus(_) if accounts.accepts_any() => {
                            "with --accept-any the server cannot prove it knows a password"
                        }
                        Kind::Scram(_) | Kind::ScramPlus(_) =>
                            "it needs that SCRAM secret or a plaintext password",
                        Kind::Ntlm if accounts.accepts_any() => {
                            "with --accept-any there is no NT hash to check a response with"
                        }
                        Kind::Ntlm => "it needs a plaintext password or an {NTLM} NT hash",
                        Kind::DigestMd5 if accounts.accepts_any() => {
                            "with --accept-any the server cannot prove it knows a password"
                        }
                        Kind::DigestMd5 => {
                            "it needs a plaintext password or a {DIGEST-MD5} made for \
                             user@localhost"
                        }
                        _ => "nothing stored can check it",
                    }
                )));
            }
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    if args.allow_anonymous && !kinds.contains(&Kind::Anonymous) {
        kinds.push(Kind::Anonymous);
    }
    if args.allow_ntlmv1 && !kinds.contains(&Kind::Ntlm) {
        return Err(Error::Usage(
            "--allow-ntlmv1 applies to NTLM logins, and NTLM is offered only when --mech names it",
        ));
    }
    if args.ntlm_domain.is_some() && !kinds.contains(&Kind::Ntlm) {
        return Err(Error::Usage(
            "--ntlm-domain applies to NTLM logins, and NTLM is offered only when --mech names it",
        ));
    }
    Ok(kinds)
}

/// What a TLS session now established gives the login: with
/// `--client-ca`, what the client certificate is worth for EXTERNAL; and
/// the channel bindings a -PLUS login must carry.
fn tls_established(session: &mut Session<'_>, stream: &Stream, shared: &Shared) {
    if let Some(ca) = &shared.client_ca {
        session.client_certificate(ca.judge(&stream.client_chain()));
    }
    session.set_channel(stream.channel_bindings(&shared.certificate));
}

/// One connection, from accept to close.
fn connection(
    id: usize,
    tcp: TcpStream,
    peer: SocketAddr,
    listener: &Listener,
    shared: &Shared,
) -> Ended {
    let printer = &shared.printer;
    printer.connected(id, peer, &listener.url);
    let mut session = Session::new(&listener.config, &shared.accounts, listener.implicit);
    let end = {
        let total = Instant::now() + TOTAL;
        shared.deadline.map_or(total, |d| d.min(total))
    };
    let _ = tcp.set_nonblocking(false);
    let _ = tcp.set_nodelay(true);
    let mut stream = Stream::Plain(tcp);
    let mut reader = Reader::new();
    if listener.implicit {
        match handshake(stream.into_tcp(), &mut reader, shared, true) {
            Ok(tls) => stream = tls,
            Err(reason) => return tls_failed(id, &mut session, printer, &reason),
        }
        tls_established(&mut session, &stream, shared);
    }
    let greeting = session.greeting();
    if send(&mut stream, &greeting).is_err() {
        return finish(id, &mut session, printer, "the client went away");
    }
    printer.entries(id, session.take_entries());
    if greeting.close {
        // A failure on purpose (--chaos greeting=...).
        let _ = stream.flush();
        let _ = stream.tcp().shutdown(Shutdown::Both);
        return finish(id, &mut session, printer, "the server ended the session");
    }
    let mut logins_shown = 0;
    let why = loop {
        let (line, bare) = match reader.line(&mut stream, shared, end) {
            Ok(line) => line,
            Err(stop) => {
                let polite = !matches!(stop, Stop::Closed | Stop::Failed(_));
                let client_ended = matches!(stop, Stop::Closed | Stop::Failed(_));
                let too_long = matches!(stop, Stop::TooLong);
                if matches!(stop, Stop::Closed | Stop::Idle) {
                    session.client_hello(reader.lines.pending());
                }
                let why = match stop {
                    Stop::Closed => "the client closed the connection".to_owned(),
                    Stop::Idle => "the client was idle too long".to_owned(),
                    Stop::TooLong => format!("a line passed {MAX_LINE_LEN} bytes"),
                    Stop::Shutdown => "the server is shutting down".to_owned(),
                    Stop::Failed(e) => format!("reading failed: {e}"),
                };
                if too_long {
                    let reply = session.line_too_long();
                    let _ = send(&mut stream, &reply);
                } else if polite {
                    let bye = session.goodbye();
                    let _ = send(&mut stream, &bye);
                }
                // A login already refused whose last challenge went
                // unanswered is recorded now; one left in the middle, as
                // unfinished, by whoever ended the session.
                if client_ended {
                    session.hang_up();
                } else {
                    session.interrupted(&why);
                }
                break why;
            }
        };
        let mut out = session.line(&line, bare);
        while let Some(size) = out.literal.take() {
            let _ = send(&mut stream, &out);
            match reader.exact(size, &mut stream, shared, end) {
                Ok(bytes) => {
                    session.literal(&bytes);
                }
                Err(_) => break,
            }
            match reader.line(&mut stream, shared, end) {
                Ok((line, bare)) => out = session.line(&line, bare),
                Err(_) => {
                    out = Output::default();
                    out.close = true;
                }
            }
        }
        printer.entries(id, session.take_entries());
        for delivery in session.take_deliveries() {
            printer.delivery(id, &delivery);
        }
        let logins = session.logins();
        for login in &logins[logins_shown..] {
            printer.login(id, login, session.secrets());
        }
        let failed = logins[logins_shown..]
            .iter()
            .any(|l| l.outcome != Outcome::Accepted);
        logins_shown = logins.len();
        if failed && !listener.failure_delay.is_zero() {
            // This connection's thread waits; the others go on.
            pause(
                listener
                    .failure_delay
                    .min(end.saturating_duration_since(Instant::now())),
                shared,
            );
        }
        if send(&mut stream, &out).is_err() {
            break "the client went away".to_owned();
        }
        if out.start_tls {
            if reader.lines.buffered() > 0 {
                session.discarded_after_starttls(reader.lines.take_buffered().len());
            }
            printer.entries(id, session.take_entries());
            match handshake(stream.into_tcp(), &mut reader, shared, false) {
                Ok(tls) => stream = tls,
                Err(reason) => return tls_failed(id, &mut session, printer, &reason),
            }
            session.tls_started();
            tls_established(&mut session, &stream, shared);
            printer.entries(id, session.take_entries());
        }
        if out.close {
            break if session.closing() {
                "the client logged out".to_owned()
            } else {
                "the server ended the session".to_owned()
            };
        }
    };
    let logins = session.logins();
    for login in &logins[logins_shown..] {
        printer.login(id, login, session.secrets());
    }
    let _ = stream.flush();
    let _ = stream.tcp().shutdown(Shutdown::Both);
    finish(id, &mut session, printer, &why)
}

/// Sleeps for `wait`, or until the server is told to stop.
fn pause(wait: Duration, shared: &Shared) {
    let until = Instant::now() + wait;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || shared.stop.load(Ordering::Relaxed) {
            return;
        }
        thread::sleep(left.min(TICK));
    }
}

fn send(stream: &mut Stream, out: &Output) -> io::Result<()> {
    if out.reply.is_empty() {
        return Ok(());
    }
    stream.write_all(&out.reply)?;
    stream.flush()
}

fn finish(id: usize, session: &mut Session<'_>, printer: &Printer, why: &str) -> Ended {
    printer.entries(id, session.take_entries());
    let verdict = session.verdict();
    let accepted = session
        .logins()
        .iter()
        .filter(|l| l.outcome == Outcome::Accepted)
        .count();
    let unfinished = session
        .logins()
        .iter()
        .filter(|l| l.outcome == Outcome::Unfinished)
        .count();
    let refused = session.logins().len() - accepted - unfinished;
    let summary = match (&verdict.user, &verdict.mechanism) {
        (Some(user), Some(mech)) => format!("{}: {} with {mech}", verdict.outcome.as_str(), user),
        (None, Some(mech)) => format!("{} ({mech})", verdict.outcome.as_str()),
        _ => verdict.outcome.as_str().to_owned(),
    };
    let summary = match verdict.diagnosis.first() {
        Some(first) if verdict.outcome != Outcome::Accepted => format!("{summary}: {first}"),
        _ => summary,
    };
    let summary = session.secrets().text(&summary).into_string();
    printer.closed(id, why, verdict.outcome, &summary);
    Ended {
        outcome: Ended_::Session(verdict.outcome),
        summary,
        accepted,
        refused,
        unfinished,
    }
}

fn tls_failed(id: usize, session: &mut Session<'_>, printer: &Printer, reason: &str) -> Ended {
    session.note(format!("TLS handshake failed: {reason}"));
    printer.entries(id, session.take_entries());
    let summary = format!("TLS handshake failed: {reason}");
    printer.closed(id, "TLS failed", Outcome::NoAuth, &summary);
    Ended {
        outcome: Ended_::Tls,
        summary,
        accepted: 0,
        refused: 0,
        unfinished: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_is_required() {
        assert!(listen_target("smtp://127.0.0.1").is_err());
        assert_eq!(listen_target("smtp://127.0.0.1:0").unwrap().port, 0);
        assert_eq!(listen_target("imaps://[::1]:0").unwrap().port, 0);
        assert_eq!(listen_target("pop3://localhost:2110").unwrap().port, 2110);
    }
}
