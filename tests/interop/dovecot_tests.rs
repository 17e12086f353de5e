//! saslenc against a real Dovecot 2.3: every mechanism Dovecot offers, over
//! IMAP (with and without SASL-IR), POP3 and SMTP submission, with STARTTLS
//! and implicit TLS, for every test user, with the right password (the
//! server must log in) and a wrong one (it must refuse). Then the bad-input
//! side: saslenc refuses to produce a credential, and Dovecot never sees one.
//!
//! saslenc is the only producer of credentials: one-shot runs give the
//! lines to send, and in the conversation mode saslenc reads the server's
//! challenges as pasted (`334 ...` / `+ ...`), answers them, and judges the
//! server's verdict line itself (exit 0 or 1), which also checks its SCRAM
//! server-signature verification against a real server.
//!
//! Not covered: EXTERNAL (Dovecot would need TLS client certificates), and
//! ANONYMOUS over submission, which Dovecot's submission service does not
//! offer (its EHLO lacks it; `AUTH ANONYMOUS` gets `504`): the matrix checks
//! that refusal instead.

use std::ffi::OsString;
use std::fmt;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::client::{self, InitialResponseMode, Protocol, Security, Session, Target, Verdict};
use crate::dovecot::{self, Dovecot, Listener, Service, TestUser};
use crate::peers;
use crate::saslenc::{self, opt, Conversation};

/// Concurrent sessions. Most of a case's time is spent waiting: for
/// Dovecot's 0.5 s failure timer, for TLS handshakes of `openssl s_client`.
const WORKERS: usize = 32;

const TLS_MODES: [Security; 2] = [Security::StartTls, Security::ImplicitTls];

/// The four ways a client talks to Dovecot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    /// IMAP, initial response on the AUTHENTICATE line (RFC 4959).
    ImapSaslIr,
    /// IMAP as a client without SASL-IR: the initial response answers the
    /// server's first, empty `+` (in the conversation mode, saslenc itself
    /// reads that `+` and prints client-first again).
    ImapNoSaslIr,
    /// POP3 AUTH (RFC 5034).
    Pop3,
    /// SMTP submission AUTH (RFC 4954).
    Submission,
}

impl Route {
    const ALL: [Route; 4] = [
        Route::ImapSaslIr,
        Route::ImapNoSaslIr,
        Route::Pop3,
        Route::Submission,
    ];

    fn service(self) -> Service {
        match self {
            Route::ImapSaslIr | Route::ImapNoSaslIr => Service::Imap,
            Route::Pop3 => Service::Pop3,
            Route::Submission => Service::Submission,
        }
    }

    fn mode(self) -> InitialResponseMode {
        match self {
            Route::ImapNoSaslIr => InitialResponseMode::AfterChallenge,
            _ => InitialResponseMode::Inline,
        }
    }

    /// What precedes a challenge on the wire, as a person would paste it.
    fn marker(self) -> &'static str {
        match self {
            Route::Submission => "334",
            _ => "+",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Route::ImapSaslIr => "IMAP (SASL-IR)",
            Route::ImapNoSaslIr => "IMAP (no SASL-IR)",
            Route::Pop3 => "POP3",
            Route::Submission => "submission",
        })
    }
}

/// How saslenc produces the credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Producer {
    /// `saslenc plain`: the initial response.
    Plain,
    /// `saslenc plain --authzid USER`.
    PlainAuthzid,
    /// `saslenc login`: two lines, answering `Username:` and `Password:`.
    Login,
    /// `saslenc login --interactive`: the conversation mode.
    LoginConversation,
    /// `saslenc cram-md5 --challenge '<the server's line>'`, run when the
    /// live server has sent its challenge.
    CramMd5,
    /// `saslenc cram-md5` without `--challenge`: the conversation mode.
    CramMd5Conversation,
    /// `saslenc scram-sha-1` (conversation mode).
    ScramSha1,
    /// `saslenc scram-sha-256` (conversation mode).
    ScramSha256,
    /// `saslenc anonymous --trace ...`.
    Anonymous,
}

impl Producer {
    /// The mechanisms that take a password, in the matrix order.
    const WITH_PASSWORD: [Producer; 8] = [
        Producer::Plain,
        Producer::PlainAuthzid,
        Producer::Login,
        Producer::LoginConversation,
        Producer::CramMd5,
        Producer::CramMd5Conversation,
        Producer::ScramSha1,
        Producer::ScramSha256,
    ];

    fn mechanism(self) -> &'static str {
        match self {
            Producer::Plain | Producer::PlainAuthzid => "PLAIN",
            Producer::Login | Producer::LoginConversation => "LOGIN",
            Producer::CramMd5 | Producer::CramMd5Conversation => "CRAM-MD5",
            Producer::ScramSha1 => "SCRAM-SHA-1",
            Producer::ScramSha256 => "SCRAM-SHA-256",
            Producer::Anonymous => "ANONYMOUS",
        }
    }

    fn subcommand(self) -> &'static str {
        match self {
            Producer::Plain | Producer::PlainAuthzid => "plain",
            Producer::Login | Producer::LoginConversation => "login",
            Producer::CramMd5 | Producer::CramMd5Conversation => "cram-md5",
            Producer::ScramSha1 => "scram-sha-1",
            Producer::ScramSha256 => "scram-sha-256",
            Producer::Anonymous => "anonymous",
        }
    }
}

/// What the server must decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Accepted,
    Rejected,
}

/// Where saslenc reads the password from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PasswordSource {
    /// `--pass-env`, the value as is.
    Env,
    /// `--pass-file`, the file holding the password and a line end.
    File,
}

#[derive(Clone, Debug)]
struct Case {
    route: Route,
    security: Security,
    producer: Producer,
    user: TestUser,
    password: String,
    source: PasswordSource,
    expect: Expect,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} ({}) over {} {}, user {:?}, {} password ({:?}), expecting {:?}",
            self.producer,
            self.producer.mechanism(),
            self.route,
            self.security,
            self.user.name,
            if self.password == self.user.password {
                "right"
            } else {
                "wrong"
            },
            self.source,
            self.expect
        )
    }
}

/// Everything a case needs from the test.
struct Context<'a> {
    dovecot: &'a Dovecot,
    /// Password files are written here.
    dir: &'a Path,
}

impl Case {
    fn target(&self, dovecot: &Dovecot) -> Target {
        target(dovecot, self.route.service(), self.security)
            .with_initial_response_mode(self.route.mode())
    }

    /// saslenc's arguments; `index` names the password file.
    fn args(&self, context: &Context<'_>, index: usize) -> Result<Vec<OsString>, String> {
        let mut args: Vec<OsString> = vec![self.producer.subcommand().into()];
        if self.producer == Producer::Anonymous {
            args.push(opt("trace", self.user.password));
            return Ok(args);
        }
        args.push(opt("user", self.user.name));
        match self.source {
            PasswordSource::Env => args.push(opt("pass-env", saslenc::PASS_ENV)),
            PasswordSource::File => {
                let path = context.dir.join(format!("pass-{index}"));
                // saslenc removes exactly one trailing line end.
                std::fs::write(&path, format!("{}\n", self.password))
                    .map_err(|e| format!("cannot write {path:?}: {e}"))?;
                args.push("--pass-file".into());
                args.push(path.into());
            }
        }
        match self.producer {
            Producer::PlainAuthzid => args.push(opt("authzid", self.user.name)),
            Producer::LoginConversation => args.push("--interactive".into()),
            _ => {}
        }
        Ok(args)
    }

    fn password_env(&self) -> Option<&str> {
        (self.source == PasswordSource::Env).then_some(self.password.as_str())
    }

    /// Runs the case; `Err` says what went wrong, with the transcript.
    fn run(&self, context: &Context<'_>, index: usize) -> Result<(), String> {
        let args = self.args(context, index)?;
        let mechanism = self.producer.mechanism();
        let target = self.target(context.dovecot);
        let (outcome, saslenc_exit, saslenc_log) = match self.producer {
            Producer::Plain | Producer::PlainAuthzid | Producer::Anonymous => {
                let lines = saslenc::run(&args, self.password_env())?.lines()?;
                let [line] = lines.as_slice() else {
                    return Err(format!("expected one line from saslenc, got {lines:?}"));
                };
                let outcome = client::authenticate(
                    &target,
                    mechanism,
                    Some(saslenc::initial_response(line)),
                    &mut client::no_challenges_expected,
                );
                (outcome, None, String::new())
            }
            Producer::Login => {
                let lines = saslenc::run(&args, self.password_env())?.lines()?;
                if lines.len() != 2 {
                    return Err(format!("expected two lines from saslenc, got {lines:?}"));
                }
                let mut answers = lines.into_iter();
                let mut responder = |_: &str| {
                    answers
                        .next()
                        .ok_or_else(|| "saslenc gave only two lines".to_string())
                };
                let outcome = client::authenticate(&target, mechanism, None, &mut responder);
                if outcome.verdict.is_accepted() && answers.next().is_some() {
                    return Err(format!(
                        "{self}: accepted before both LOGIN lines were sent"
                    ));
                }
                (outcome, None, String::new())
            }
            Producer::CramMd5 => {
                let marker = self.route.marker();
                let password = self.password_env();
                let mut runs = 0;
                let mut responder = |challenge: &str| -> Result<String, String> {
                    runs += 1;
                    let mut args = args.clone();
                    args.push(opt("challenge", &format!("{marker} {challenge}")));
                    let lines = saslenc::run(&args, password)?.lines()?;
                    match lines.as_slice() {
                        [line] => Ok(line.clone()),
                        _ => Err(format!("expected one line from saslenc, got {lines:?}")),
                    }
                };
                let outcome = client::authenticate(&target, mechanism, None, &mut responder);
                if runs != 1 {
                    return Err(format!("{self}: saslenc ran {runs} times, not once"));
                }
                (outcome, None, String::new())
            }
            Producer::LoginConversation
            | Producer::CramMd5Conversation
            | Producer::ScramSha1
            | Producer::ScramSha256 => {
                let mut conversation =
                    Conversation::spawn(&args, self.password_env(), self.route.marker())?;
                // SCRAM is client-first: saslenc prints client-first at once.
                // LOGIN and CRAM-MD5 wait for the server's first line.
                let initial = match self.producer {
                    Producer::ScramSha1 | Producer::ScramSha256 => Some(conversation.read_line()?),
                    _ => None,
                };
                // Without SASL-IR the command goes alone, and saslenc gets the
                // server's empty "+", which asks it for client-first again.
                let on_command_line = match self.route {
                    Route::ImapNoSaslIr => None,
                    _ => initial.as_deref(),
                };
                let outcome =
                    client::authenticate(&target, mechanism, on_command_line, &mut conversation);
                if let (Route::ImapNoSaslIr, Some(initial)) = (self.route, &initial) {
                    let first_answer = outcome
                        .transcript
                        .lines()
                        .filter_map(|l| l.strip_prefix("C: "))
                        .skip_while(|l| !l.contains(" AUTHENTICATE "))
                        .nth(1);
                    if first_answer != Some(initial.as_str()) {
                        return Err(format!(
                            "{self}: client-first was not sent after the empty \"+\"\n{}\n{}",
                            outcome.transcript,
                            conversation.describe()
                        ));
                    }
                }
                let exit = conversation.finish(&outcome.reply)?;
                (outcome, Some(exit), conversation.describe())
            }
        };

        let verdict_ok = matches!(
            (&outcome.verdict, self.expect),
            (Verdict::Accepted, Expect::Accepted) | (Verdict::Rejected(_), Expect::Rejected)
        );
        // In the conversation mode saslenc judges the verdict itself.
        let expected_exit = match self.expect {
            Expect::Accepted => Some(0),
            Expect::Rejected => Some(1),
        };
        let exit_ok = saslenc_exit.is_none_or(|exit| exit == expected_exit);
        if verdict_ok && exit_ok {
            Ok(())
        } else {
            Err(format!(
                "{self}: server verdict {:?}, saslenc exit {saslenc_exit:?} (expected {expected_exit:?})\n{}\n{saslenc_log}",
                outcome.verdict, outcome.transcript
            ))
        }
    }
}

fn protocol_of(service: Service) -> Protocol {
    match service {
        Service::Imap => Protocol::Imap,
        Service::Pop3 => Protocol::Pop3,
        Service::Submission => Protocol::Smtp,
    }
}

/// The listener that serves `security`: STARTTLS starts on the cleartext one.
pub fn listener_for(security: Security) -> Listener {
    match security {
        Security::Cleartext | Security::StartTls => Listener::Cleartext,
        Security::ImplicitTls => Listener::ImplicitTls,
    }
}

/// A client target verifying the server's certificate strictly against the
/// harness's self-signed one.
pub fn target(dovecot: &Dovecot, service: Service, security: Security) -> Target {
    Target::new(
        protocol_of(service),
        security,
        dovecot.addr(service, listener_for(security)),
    )
    .with_ca_file(dovecot.ca_cert())
}

/// Whether Dovecot and everything around it is here; prints the skip line
/// (or fails under CI) when not.
pub fn available() -> bool {
    peers::available(
        "dovecot",
        dovecot::availability().and_then(|()| client::tls_available()),
    )
}

/// The whole matrix.
fn matrix() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut n = 0usize;
    for route in Route::ALL {
        for security in TLS_MODES {
            for user in dovecot::USERS.iter().copied() {
                for producer in Producer::WITH_PASSWORD {
                    for expect in [Expect::Accepted, Expect::Rejected] {
                        n += 1;
                        let password = match expect {
                            Expect::Accepted => user.password.to_string(),
                            Expect::Rejected => format!("{}-wrong", user.password),
                        };
                        cases.push(Case {
                            route,
                            security,
                            producer,
                            user,
                            password,
                            source: if n.is_multiple_of(3) {
                                PasswordSource::File
                            } else {
                                PasswordSource::Env
                            },
                            expect,
                        });
                    }
                }
                // ANONYMOUS, with the user's password as trace text. Dovecot's
                // submission service does not offer it: 504.
                cases.push(Case {
                    route,
                    security,
                    producer: Producer::Anonymous,
                    user,
                    password: String::new(),
                    source: PasswordSource::Env,
                    expect: if route == Route::Submission {
                        Expect::Rejected
                    } else {
                        Expect::Accepted
                    },
                });
            }
        }
    }
    cases
}

/// Runs `cases` on [`WORKERS`] threads; returns the failures.
fn run_cases(context: &Context<'_>, cases: Vec<Case>) -> Vec<String> {
    let queue = Mutex::new(cases.into_iter().enumerate());
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let next = queue.lock().expect("queue lock").next();
                let Some((index, case)) = next else { break };
                if let Err(e) = case.run(context, index) {
                    failures.lock().expect("failures lock").push(e);
                }
            });
        }
    });
    failures.into_inner().expect("failures lock")
}

#[test]
fn dovecot() {
    if !available() {
        return;
    }
    let started = Instant::now();
    let dovecot = Dovecot::start().expect("Dovecot should start");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let context = Context {
        dovecot: &dovecot,
        dir: dir.path(),
    };

    // Preconditions that give the routes their meaning.
    let session = Session::connect(&target(&dovecot, Service::Imap, Security::StartTls))
        .expect("IMAP STARTTLS session");
    assert!(
        session.inline_initial_response_allowed(),
        "Dovecot no longer advertises SASL-IR: {:?}",
        session.capabilities()
    );
    drop(session);

    // The bad-input side first, while nothing else talks to the server.
    let (bad_passed, mut failures) = bad_input(&context);

    let cases = matrix();
    let total = cases.len() + bad_passed + failures.len();
    let accepted = cases
        .iter()
        .filter(|c| c.expect == Expect::Accepted)
        .count();
    failures.extend(run_cases(&context, cases));

    // ANONYMOUS logins really were anonymous ones.
    if !dovecot
        .log()
        .contains(&format!("user=<{}>", dovecot::ANONYMOUS_USERNAME))
    {
        failures.push(format!(
            "no ANONYMOUS login was logged as {}",
            dovecot::ANONYMOUS_USERNAME
        ));
    }

    let version = dovecot::version().unwrap_or_else(|e| e);
    // "OpenSSL 3.0.19 27 Jan 2026 (Library: ...)": name and number.
    let openssl = client::openssl_version()
        .map(|v| v.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|e| e);
    peers::summary(
        "dovecot",
        total - failures.len(),
        failures.len(),
        &format!(
            "Dovecot {version}, {openssl}; {accepted} logins, {} refusals, {bad_passed} bad-input checks; {:.1?}",
            total - accepted - bad_passed,
            started.elapsed()
        ),
    );
    if !failures.is_empty() {
        panic!(
            "{} of {total} Dovecot cases failed:\n\n{}\n\n--- Dovecot log ---\n{}",
            failures.len(),
            failures.join("\n\n"),
            dovecot.log()
        );
    }
}

// ---------------------------------------------------------------------------
// The bad-input side
// ---------------------------------------------------------------------------

/// The log line Dovecot's login processes write for a session that logged
/// out (QUIT / LOGOUT, as the test client does when it drops a session)
/// without a single AUTH attempt. Connections that merely closed, such as
/// the harness's readiness probes, log "Connection closed (no auth
/// attempts" instead, and may be logged at any moment: they must not count.
const NO_AUTH_ATTEMPTS: &str = "Aborted login by logging out (no auth attempts";

/// For each protocol, a session is open while saslenc is asked for a
/// credential from invalid input (a NUL in the password, invalid UTF-8 in
/// the user name or password). saslenc must exit 3 with empty stdout, so
/// that the session has nothing to send: it sends no AUTH command, and
/// Dovecot logs the connection as one without auth attempts. For CRAM-MD5
/// the refusal comes after the server's challenge, and the client can only
/// cancel the exchange (`*`): the server gets no credential either.
///
/// Returns (cases passed, failures).
fn bad_input(context: &Context<'_>) -> (usize, Vec<String>) {
    let dir = context.dir;
    let nul_file = dir.join("password-with-nul");
    let latin1_file = dir.join("password-latin1");
    std::fs::write(&nul_file, b"pen\0cil\n").expect("write the NUL password file");
    std::fs::write(&latin1_file, b"p\xe4sswort\n").expect("write the Latin-1 password file");
    let latin1_user = OsString::from_vec(b"j\xfcrgen".to_vec());

    let mut refused_before_auth: Vec<(&str, Vec<OsString>)> = vec![
        (
            "PLAIN, NUL in the password",
            vec![
                "plain".into(),
                "--user".into(),
                "user".into(),
                "--pass-file".into(),
                nul_file.clone().into(),
            ],
        ),
        (
            "LOGIN, invalid UTF-8 in the user name",
            vec![
                "login".into(),
                "--user".into(),
                latin1_user.clone(),
                "--pass-env".into(),
                saslenc::PASS_ENV.into(),
            ],
        ),
        (
            "SCRAM-SHA-256, invalid UTF-8 in the password",
            vec![
                "scram-sha-256".into(),
                "--user".into(),
                "user".into(),
                "--pass-file".into(),
                latin1_file.clone().into(),
            ],
        ),
    ];
    refused_before_auth.push((
        "PLAIN, invalid UTF-8 in the authzid",
        vec![
            "plain".into(),
            "--user".into(),
            "user".into(),
            "--authzid".into(),
            latin1_user,
            "--pass-env".into(),
            saslenc::PASS_ENV.into(),
        ],
    ));

    let mut passed = 0;
    let mut failures = Vec::new();
    let before = context.dovecot.log().matches(NO_AUTH_ATTEMPTS).count();
    let mut sessions_without_auth = 0;
    for service in Service::ALL {
        let target = target(context.dovecot, service, Security::StartTls);
        for (what, args) in &refused_before_auth {
            let session = match Session::connect(&target) {
                Ok(session) => session,
                Err(e) => {
                    failures.push(format!("bad input {what} over {service}: {e}"));
                    continue;
                }
            };
            sessions_without_auth += 1;
            let result = saslenc::run(args, Some("pencil")).and_then(|out| refused(&out));
            // Nothing to send: the session ends without AUTH.
            let transcript = session.transcript();
            drop(session);
            match result {
                Ok(())
                    if !transcript
                        .lines()
                        .any(|l| l.starts_with("C: ") && l.contains("AUTH")) =>
                {
                    passed += 1
                }
                Ok(()) => failures.push(format!(
                    "bad input {what} over {service}: AUTH was sent\n{transcript}"
                )),
                Err(e) => failures.push(format!("bad input {what} over {service}: {e}")),
            }
        }

        // CRAM-MD5: the challenge is live, the password has a NUL.
        let marker = if service == Service::Submission {
            "334"
        } else {
            "+"
        };
        let mut refusal = None;
        let mut responder = |challenge: &str| -> Result<String, String> {
            let args: Vec<OsString> = vec![
                "cram-md5".into(),
                "--user".into(),
                "user".into(),
                "--pass-file".into(),
                nul_file.clone().into(),
                opt("challenge", &format!("{marker} {challenge}")),
            ];
            let out = saslenc::run(&args, None)?;
            refusal = Some(refused(&out));
            Err(format!("saslenc refused: {}", out.stderr.trim()))
        };
        let outcome = client::authenticate(&target, "CRAM-MD5", None, &mut responder);
        let sent_after_auth: Vec<&str> = outcome
            .transcript
            .lines()
            .skip_while(|l| !(l.starts_with("C: ") && l.contains("CRAM-MD5")))
            .skip(1)
            .filter_map(|l| l.strip_prefix("C: "))
            .filter(|l| !l.contains("LOGOUT") && *l != "QUIT")
            .collect();
        match (&outcome.verdict, refusal) {
            (Verdict::ProtocolError(e), Some(Ok(()))) if e.contains("saslenc refused") && sent_after_auth == ["*"] => {
                passed += 1
            }
            (verdict, refusal) => failures.push(format!(
                "bad input CRAM-MD5 (NUL in the password, live challenge) over {service}: \
                 verdict {verdict:?}, saslenc {refusal:?}, client lines after AUTH {sent_after_auth:?}\n{}",
                outcome.transcript
            )),
        }
    }

    // Dovecot's own account: every one of those sessions ended with no auth
    // attempt. Login processes log at disconnect, a moment later.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = 0;
    while Instant::now() < deadline {
        seen = context.dovecot.log().matches(NO_AUTH_ATTEMPTS).count() - before;
        if seen >= sessions_without_auth {
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    if seen == sessions_without_auth {
        passed += 1;
    } else {
        failures.push(format!(
            "Dovecot logged {seen} connections without auth attempts, expected {sessions_without_auth}"
        ));
    }
    (passed, failures)
}

/// saslenc's refusal: exit 3 (data error), nothing on stdout, one error line.
fn refused(out: &saslenc::Output) -> Result<(), String> {
    if out.code == Some(3) && out.stdout.is_empty() && out.stderr.starts_with("saslenc: error: ") {
        Ok(())
    } else {
        Err(format!(
            "expected exit 3 with empty stdout, got {:?}, stdout {:?}, stderr {:?}",
            out.code,
            String::from_utf8_lossy(&out.stdout),
            out.stderr
        ))
    }
}
