//! The test client and the Dovecot harness themselves: exact rejection
//! lines, `=` for an empty initial response, cancellation, refusal of
//! wrapped lines, strict TLS verification, timeouts, the SASL-IR fallback,
//! and a clean stop. The base64 strings here are fixtures for the client
//! (`AHVzZXIAcGVuY2ls` is `\0user\0pencil`), not credentials under test.

use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

use crate::client::{self, Protocol, Security, Session, Target, Verdict};
use crate::dovecot::{self as harness, Dovecot, Listener, Service};
use crate::dovecot_tests::{available, listener_for, target};

const TLS_MODES: [Security; 2] = [Security::StartTls, Security::ImplicitTls];

fn start_dovecot_or_skip() -> Option<Dovecot> {
    available().then(|| Dovecot::start().expect("Dovecot should start"))
}

/// Verdict details that the saslenc matrix does not pin down: the exact
/// rejection lines, `=` for an empty initial response, responder failure,
/// base64 garbage, and the 235-then-421 of Dovecot's submission service.
#[test]
fn verdict_details() {
    let Some(dovecot) = start_dovecot_or_skip() else {
        return;
    };
    let plain_ok = "AHVzZXIAcGVuY2ls"; // \0user\0pencil
    let plain_bad = "AHVzZXIAd3Jvbmc="; // \0user\0wrong

    // Exact rejection lines per protocol.
    for (service, prefix) in [
        (Service::Imap, "a2 NO [AUTHENTICATIONFAILED]"),
        (Service::Pop3, "-ERR [AUTH]"),
        (Service::Submission, "535 5.7.8"),
    ] {
        let t = target(&dovecot, service, Security::Cleartext);
        let outcome = client::authenticate(
            &t,
            "PLAIN",
            Some(plain_bad),
            &mut client::no_challenges_expected,
        );
        match &outcome.verdict {
            Verdict::Rejected(line) => assert!(line.starts_with(prefix), "{service}: {line:?}"),
            other => panic!("{service}: {other:?}\n{}", outcome.transcript),
        }
        let outcome = client::authenticate(
            &t,
            "PLAIN",
            Some(plain_ok),
            &mut client::no_challenges_expected,
        );
        assert!(outcome.verdict.is_accepted(), "{service}: {outcome:?}");
    }

    // Submission: 235 is the verdict; Dovecot then fails to reach its relay,
    // sends 421 on its own and closes the connection.
    let t = target(&dovecot, Service::Submission, Security::Cleartext);
    let mut session = Session::connect(&t).expect("submission session");
    assert!(session
        .capabilities()
        .iter()
        .any(|c| c.starts_with("AUTH ") && c.contains("PLAIN")));
    let verdict =
        session.authenticate("PLAIN", Some(plain_ok), &mut client::no_challenges_expected);
    assert_eq!(verdict, Verdict::Accepted, "{}", session.transcript());
    let unsolicited = session.next_line().expect("a line after 235");
    assert!(
        unsolicited.starts_with("421 4.4.0") && unsolicited.contains("relay"),
        "{unsolicited:?}"
    );
    let closed = session
        .next_line()
        .expect_err("connection closed after 421");
    assert!(closed.contains("closed"), "{closed}");
    drop(session);

    // An empty initial response is sent as "=", which PLAIN rejects.
    let t = target(&dovecot, Service::Imap, Security::Cleartext);
    let mut session = Session::connect(&t).expect("IMAP session");
    let verdict = session.authenticate("PLAIN", Some(""), &mut client::no_challenges_expected);
    assert!(verdict.is_rejected(), "{verdict:?}");
    assert!(
        session.transcript().contains("C: a2 AUTHENTICATE PLAIN ="),
        "{}",
        session.transcript()
    );
    drop(session);

    // Garbage base64 is the server's business: a rejection, not a client error.
    let t = target(&dovecot, Service::Submission, Security::Cleartext);
    let outcome = client::authenticate(
        &t,
        "PLAIN",
        Some("###"),
        &mut client::no_challenges_expected,
    );
    assert!(
        matches!(&outcome.verdict, Verdict::Rejected(l) if l.starts_with("501")),
        "{outcome:?}"
    );

    // A responder that gives up cancels the exchange with "*".
    let t = target(&dovecot, Service::Pop3, Security::Cleartext);
    let mut give_up = |_: &str| -> Result<String, String> { Err("no thanks".to_string()) };
    let outcome = client::authenticate(&t, "CRAM-MD5", None, &mut give_up);
    assert!(
        matches!(&outcome.verdict, Verdict::ProtocolError(e) if e.contains("no thanks")),
        "{outcome:?}"
    );
    assert!(
        outcome.transcript.contains("C: *"),
        "{}",
        outcome.transcript
    );

    // A responder's line with a line break is refused, not split.
    let t = target(&dovecot, Service::Imap, Security::ImplicitTls);
    let mut wrapped = |_: &str| -> Result<String, String> { Ok("AHVzZXIAcGVu\nY2ls".to_string()) };
    let outcome = client::authenticate(&t, "PLAIN", None, &mut wrapped);
    assert!(
        matches!(&outcome.verdict, Verdict::ProtocolError(e) if e.contains("line break")),
        "{outcome:?}"
    );
}

/// Strict TLS verification really verifies: a different CA fails the
/// handshake and the attempt ends in a protocol error mentioning s_client's
/// complaint.
#[test]
fn tls_verification_failure_is_a_protocol_error() {
    let Some(dovecot) = start_dovecot_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let other_ca = dir.path().join("other.pem");
    let status = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=other", "-keyout"])
        .arg(dir.path().join("other.key"))
        .arg("-out")
        .arg(&other_ca)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl req runs");
    assert!(status.success());
    for security in TLS_MODES {
        let t = Target::new(
            Protocol::Imap,
            security,
            dovecot.addr(Service::Imap, listener_for(security)),
        )
        .with_ca_file(&other_ca)
        .with_timeout(Duration::from_secs(5));
        let outcome = client::authenticate(
            &t,
            "PLAIN",
            Some("AHVzZXIAcGVuY2ls"),
            &mut client::no_challenges_expected,
        );
        match &outcome.verdict {
            Verdict::ProtocolError(e) => assert!(e.contains("verify"), "{security}: {e}"),
            other => panic!("{security}: expected a TLS failure, got {other:?}"),
        }
    }
}

/// A server that accepts the connection but never speaks must not hang the
/// client (no Dovecot needed).
#[test]
fn silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().expect("local addr");
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        // Keep the connection open, silently, until the client has given up.
        let _ = done_rx.recv_timeout(Duration::from_secs(10));
        drop(stream);
    });
    let started = Instant::now();
    let t = Target::new(Protocol::Smtp, Security::Cleartext, addr)
        .with_timeout(Duration::from_millis(300));
    let outcome = client::authenticate(
        &t,
        "PLAIN",
        Some("AHVzZXIAcGVuY2ls"),
        &mut client::no_challenges_expected,
    );
    assert!(
        matches!(&outcome.verdict, Verdict::ProtocolError(e) if e.contains("no line within")),
        "{outcome:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    let _ = done_tx.send(());
    holder.join().expect("holder thread");
}

// ---------------------------------------------------------------------------
// Harness lifecycle
// ---------------------------------------------------------------------------

/// Stopping leaves no Dovecot process, no listener and no directory behind.
#[test]
fn stop_leaves_nothing_running() {
    let Some(dovecot) = start_dovecot_or_skip() else {
        return;
    };
    assert!(harness::version().expect("version").starts_with("2.3."));
    // Log in once everywhere so that login and mail processes exist too.
    for service in Service::ALL {
        let outcome = client::authenticate(
            &target(&dovecot, service, Security::ImplicitTls),
            "PLAIN",
            Some("AHVzZXIAcGVuY2ls"),
            &mut client::no_challenges_expected,
        );
        assert!(outcome.verdict.is_accepted(), "{service}: {outcome:?}");
    }
    let pids = dovecot.process_ids();
    assert!(pids.len() > 3, "expected master + workers, got {pids:?}");
    assert_eq!(pids[0], dovecot.master_pid());
    let before: Vec<(u32, String)> = pids
        .iter()
        .filter_map(|&pid| Some((pid, live_start_time(pid)?)))
        .collect();
    let addrs: Vec<_> = Service::ALL
        .iter()
        .flat_map(|&s| {
            [
                dovecot.addr(s, Listener::Cleartext),
                dovecot.addr(s, Listener::ImplicitTls),
            ]
        })
        .collect();
    let config_dir = dovecot
        .config_path()
        .parent()
        .expect("config has a parent")
        .to_path_buf();

    let started = Instant::now();
    dovecot.stop().expect("clean stop");
    eprintln!("Dovecot stopped in {:.2?}", started.elapsed());

    for (pid, start_time) in before {
        assert_ne!(
            live_start_time(pid),
            Some(start_time),
            "Dovecot process {pid} is still running"
        );
    }
    for addr in addrs {
        assert!(
            std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err(),
            "{addr} still accepts connections"
        );
    }
    assert!(!config_dir.exists(), "{config_dir:?} not removed");
}

/// The start time (clock ticks since boot) of a live, non-zombie process:
/// together with the PID it identifies a process even if PIDs are recycled.
fn live_start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after "pid (comm) ": state is the first, starttime the 20th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    match fields.first() {
        Some(&"Z") | Some(&"X") | None => None,
        Some(_) => fields.get(19).map(|s| s.to_string()),
    }
}

/// A scripted IMAP server without SASL-IR: in [`InitialResponseMode::Inline`]
/// the client must fall back to sending the initial response after the
/// empty continuation (Dovecot always offers SASL-IR, so it cannot show this).
#[test]
fn imap_without_sasl_ir_capability_defers_initial_response() {
    use std::io::{BufRead, BufReader, Write};

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().expect("local addr");
    let server = thread::spawn(move || -> Vec<String> {
        let (stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("read timeout");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut writer = stream;
        let mut received = Vec::new();
        let mut exchange = |reply: &str, received: &mut Vec<String>| {
            writer.write_all(reply.as_bytes()).expect("write");
            let mut line = String::new();
            reader.read_line(&mut line).expect("read");
            received.push(line.trim_end().to_string());
        };
        exchange("* OK scripted server ready\r\n", &mut received);
        exchange(
            "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n",
            &mut received,
        );
        exchange("+ \r\n", &mut received);
        exchange("a2 OK logged in\r\n", &mut received); // reads the LOGOUT
        received
    });

    let t =
        Target::new(Protocol::Imap, Security::Cleartext, addr).with_timeout(Duration::from_secs(5));
    let mut session = Session::connect(&t).expect("session with the scripted server");
    assert!(!session.inline_initial_response_allowed());
    let verdict = session.authenticate(
        "PLAIN",
        Some("AHVzZXIAcGVuY2ls"),
        &mut client::no_challenges_expected,
    );
    assert_eq!(verdict, Verdict::Accepted, "{}", session.transcript());
    drop(session);
    let received = server.join().expect("scripted server");
    assert_eq!(
        received,
        [
            "a1 CAPABILITY",
            "a2 AUTHENTICATE PLAIN",
            "AHVzZXIAcGVuY2ls",
            "a3 LOGOUT"
        ]
    );
}
