//! `saslenc serve` as scripts and clients meet it: the ready file, a port
//! already taken, the failure delay, the diagnosis in the reply text, and
//! the failures made on purpose (`--chaos`).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::tempdir;
use crate::serve::{start, Client};

/// Waits until `path` exists, for at most 20 s.
fn wait_for(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(Instant::now() < deadline, "{} never came", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The ready file holds every listener's URL with the port bound, is
/// complete when it appears, and is gone once serve has stopped; a file an
/// earlier run left is not taken for this run's.
#[test]
fn the_ready_file_holds_the_bound_ports_and_goes_at_the_end() {
    let dir = tempdir();
    let ready = dir.path().join("ready");
    std::fs::write(&ready, "smtp://127.0.0.1:1\n").unwrap();
    let ready_arg = ready.to_str().unwrap();
    let serve = start(
        &["smtp://127.0.0.1:0", "pop3://127.0.0.1:0"],
        &["--accept-any", "--ready-file", ready_arg],
    );
    let text = wait_for(&ready);
    let urls: Vec<&str> = text.lines().collect();
    assert_eq!(
        urls,
        [
            format!("smtp://{}", serve.addrs[0]),
            format!("pop3://{}", serve.addrs[1])
        ],
        "{text}"
    );
    assert!(!serve.addrs[0].ends_with(":0") && !serve.addrs[0].ends_with(":1"));
    // The ports in the file accept.
    let mut smtp = Client::connect(urls[0].split_once("://").unwrap().1);
    assert!(smtp.line().starts_with("220 "));
    let mut pop3 = Client::connect(urls[1].split_once("://").unwrap().1);
    assert!(pop3.line().starts_with("+OK "));
    drop((smtp, pop3));
    serve.terminate();
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
    assert!(!ready.exists(), "the ready file outlived the run");
}

/// A closed terminal's SIGHUP ends the run as SIGTERM does: a summary,
/// exit 0, and no ready file left behind.
#[test]
fn sighup_ends_the_run_and_removes_the_ready_file() {
    let dir = tempdir();
    let ready = dir.path().join("ready");
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--accept-any", "--ready-file", ready.to_str().unwrap()],
    );
    wait_for(&ready);
    Command::new("kill")
        .args(["-HUP", &serve.child.id().to_string()])
        .status()
        .unwrap();
    let (code, out, err) = serve.wait();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("stopped: 0 connections"), "{out}");
    assert!(!ready.exists(), "the ready file outlived SIGHUP");
}

/// On a STARTTLS listener, EXTERNAL and the -PLUS mechanisms are named as
/// offered only after STARTTLS, in text and in JSON; on implicit TLS they
/// are offered from the start.
#[test]
fn the_listening_line_names_what_only_starttls_offers() {
    let dir = tempdir();
    let ca = dir.path().join("ca.pem");
    let issuer = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["ca".into()])
        .unwrap()
        .self_signed(&issuer)
        .unwrap();
    std::fs::write(&ca, cert.pem()).unwrap();
    let mechs = ["--mech", "SCRAM-SHA-256-PLUS,SCRAM-SHA-256,PLAIN,EXTERNAL"];
    let ca_args = ["--client-ca", ca.to_str().unwrap()];
    let out = Command::new(env!("CARGO_BIN_EXE_saslenc"))
        .args(["serve", "smtp://127.0.0.1:0", "smtps://127.0.0.1:0"])
        .args(["--user", "alice", "--pass-env", "PASS"])
        .env("PASS", "pencil")
        .args(mechs)
        .args(ca_args)
        .args(["--once", "--timeout", "1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("listening"))
        .collect();
    assert_eq!(
        lines.len(),
        2,
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        lines[0]
            .ends_with("; SCRAM-SHA-256 PLAIN; after STARTTLS also SCRAM-SHA-256-PLUS EXTERNAL)"),
        "{stdout}"
    );
    assert!(
        lines[1].ends_with("; SCRAM-SHA-256-PLUS SCRAM-SHA-256 PLAIN EXTERNAL)"),
        "{stdout}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_saslenc"))
        .args(["serve", "smtp://127.0.0.1:0", "smtps://127.0.0.1:0"])
        .args(["--user", "alice", "--pass-env", "PASS"])
        .env("PASS", "pencil")
        .args(mechs)
        .args(ca_args)
        .args(["--once", "--timeout", "1", "--json"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|e: &serde_json::Value| e["event"] == "listening")
        .collect();
    assert_eq!(
        events[0]["only_after_starttls"],
        serde_json::json!(["SCRAM-SHA-256-PLUS", "EXTERNAL"])
    );
    assert_eq!(events[1]["only_after_starttls"], serde_json::json!([]));
    assert_eq!(events[1]["mechanisms"].as_array().unwrap().len(), 4);
}

/// A port already taken: exit 4 with one error line naming the address,
/// a `listen_failed` event for a script reading `--json`, and no ready
/// file (a script waiting for it would wait for nothing).
#[test]
fn a_port_in_use_is_exit_4_an_event_and_no_ready_file() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = tempdir();
    let ready = dir.path().join("ready");
    let output = Command::new(env!("CARGO_BIN_EXE_saslenc"))
        .args(["serve", &format!("smtp://{addr}"), "--accept-any", "--json"])
        .arg("--ready-file")
        .arg(&ready)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{out}{err}");
    assert!(
        err.starts_with(&format!("saslenc: error: cannot listen on {addr}")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let event: serde_json::Value = serde_json::from_str(out.trim()).expect(&out);
    assert_eq!(event["event"], "listen_failed", "{out}");
    assert_eq!(event["url"], format!("smtp://{addr}"));
    assert!(event["error"].as_str().unwrap().contains("in use"), "{out}");
    assert!(!ready.exists());
}

/// Sends `lines` and returns the last reply line and how long it took.
fn timed(client: &mut Client, lines: &[&str]) -> (String, Duration) {
    let started = Instant::now();
    let mut reply = String::new();
    for line in lines {
        client.send(format!("{line}\r\n").as_bytes());
        reply = client.line();
        // The rest of an SMTP multi-line reply.
        while reply.as_bytes().get(3) == Some(&b'-') {
            reply = client.line();
        }
    }
    (reply, started.elapsed())
}

/// `--failure-delay`: a refused login (POP3 USER/PASS, APOP, IMAP LOGIN,
/// SASL) is answered only after the delay; a right one at once; and
/// another connection is served while the first waits.
#[test]
fn the_failure_delay_holds_only_the_refused_login() {
    for (url, wrong, right) in [
        (
            "pop3://127.0.0.1:0",
            &["USER alice", "PASS wrong"][..],
            &["USER alice", "PASS pencil"][..],
        ),
        (
            "pop3://127.0.0.1:0",
            &["APOP alice 0123456789abcdef0123456789abcdef"][..],
            &["USER alice", "PASS pencil"][..],
        ),
        (
            "imap://127.0.0.1:0",
            &["a LOGIN alice wrong"][..],
            &["b LOGIN alice pencil"][..],
        ),
        (
            "smtp://127.0.0.1:0",
            &["EHLO x", "AUTH PLAIN AGFsaWNlAHdyb25n"][..],
            &["AUTH PLAIN AGFsaWNlAHBlbmNpbA=="][..],
        ),
    ] {
        let serve = start(
            &[url],
            &[
                "--user",
                "alice",
                "--pass-env",
                "PASS",
                "--allow-cleartext",
                "--failure-delay",
                "1.5",
            ],
        );
        let mut slow = Client::connect(&serve.addrs[0]);
        slow.line();
        let other_addr = serve.addrs[0].clone();
        let other = std::thread::spawn(move || {
            // Starts while the refused login waits.
            std::thread::sleep(Duration::from_millis(300));
            let started = Instant::now();
            let mut other = Client::connect(&other_addr);
            let greeting = other.line();
            (greeting, started.elapsed())
        });
        let (reply, took) = timed(&mut slow, wrong);
        assert!(
            reply.starts_with("-ERR") || reply.contains(" NO ") || reply.starts_with("535"),
            "{url}: {reply}"
        );
        assert!(took >= Duration::from_millis(1400), "{url}: {took:?}");
        let (greeting, other_took) = other.join().unwrap();
        assert!(!greeting.is_empty(), "{url}");
        assert!(
            other_took < Duration::from_millis(700),
            "{url}: {other_took:?}"
        );
        let (reply, took) = timed(&mut slow, right);
        assert!(
            reply.starts_with("+OK") || reply.contains(" OK ") || reply.starts_with("235"),
            "{url}: {reply}"
        );
        assert!(took < Duration::from_millis(700), "{url}: {took:?}");
        drop(slow);
        serve.terminate();
        serve.wait();
    }
}

/// Without the option, a loopback listener answers a refused login at
/// once (the default delay is for other addresses); a value out of range
/// is a usage error.
#[test]
fn no_failure_delay_on_loopback_by_default_and_the_range_is_checked() {
    let serve = start(
        &["pop3://127.0.0.1:0"],
        &["--user", "alice", "--pass-env", "PASS", "--allow-cleartext"],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    let (reply, took) = timed(&mut client, &["USER alice", "PASS wrong"]);
    assert!(reply.starts_with("-ERR [AUTH]"), "{reply}");
    assert!(took < Duration::from_millis(700), "{took:?}");
    drop(client);
    serve.terminate();
    serve.wait();
    for bad in ["61", "-1", "NaN", "soon"] {
        let output = Command::new(env!("CARGO_BIN_EXE_saslenc"))
            .args(["serve", "smtp://127.0.0.1:0", "--accept-any"])
            .arg(format!("--failure-delay={bad}"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("--failure-delay"), "{bad}: {err}");
    }
}

/// `--chaos`: a step or failure that does not exist is a usage error
/// naming the ones that do; a login failed on purpose is a refused login
/// on record (exit 1 with `--once`), whatever the credentials.
#[test]
fn chaos_rules_are_checked_and_a_failed_login_is_on_record() {
    for (bad, named) in [
        ("login=drop", "greeting, auth, mail, rcpt, data"),
        ("auth=sometimes", "temporary, permanent, drop"),
        ("auth", "temporary, permanent, drop"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_saslenc"))
            .args([
                "serve",
                "smtp://127.0.0.1:0",
                "--accept-any",
                "--chaos",
                bad,
            ])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains("--chaos: ") && err.contains(named),
            "{bad}: {err}"
        );
    }
    // The envelope's steps on listeners none of which speaks SMTP.
    for (urls, code) in [
        (&["imap://127.0.0.1:0", "pop3://127.0.0.1:0"][..], Some(2)),
        (&["imap://127.0.0.1:0", "smtp://127.0.0.1:0"][..], None),
    ] {
        let child = Command::new(env!("CARGO_BIN_EXE_saslenc"))
            .arg("serve")
            .args(urls)
            .args([
                "--accept-any",
                "--chaos",
                "mail=drop",
                "--timeout",
                "1",
                "--once",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        match code {
            Some(code) => {
                assert_eq!(output.status.code(), Some(code), "{urls:?}: {err}");
                assert_eq!(
                    err,
                    "saslenc: error: --chaos mail=...: mail, rcpt and data are SMTP's steps, \
                     and no URL here is smtp://, smtps://, submission:// or submissions://\n"
                );
            }
            // With an SMTP listener it runs, until --timeout ends it.
            None => assert_eq!(output.status.code(), Some(5), "{urls:?}: {err}"),
        }
    }
    let serve = start(
        &["pop3://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--allow-cleartext",
            "--once",
            "--chaos",
            "auth=temporary",
            "--client-diagnosis",
            "never",
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    let (reply, _) = timed(&mut client, &["USER alice", "PASS pencil"]);
    assert_eq!(
        reply,
        "-ERR [SYS/TEMP] Temporary authentication failure\r\n"
    );
    client.send(b"QUIT\r\n");
    let (code, out, _) = serve.wait();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("made on purpose (--chaos auth=temporary)"),
        "{out}"
    );
}

/// `--maildir`: a message sent over SMTP is a `message` event with its
/// envelope, size, Subject and path, stored whole under `new/`; RCPT TO
/// past 100 recipients is refused.
#[test]
fn a_stored_message_is_an_event_and_a_file() {
    let dir = tempdir();
    let maildir = dir.path().join("Maildir");
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--allow-cleartext",
            "--json",
            "--maildir",
            maildir.to_str().unwrap(),
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO x", "250 ");
    client.command("AUTH PLAIN AGFsaWNlAHBlbmNpbA==", "235");
    client.command("MAIL FROM:<a@example.org>", "250");
    client.command("RCPT TO:<b@example.org>", "250");
    for _ in 1..100 {
        client.command("RCPT TO:<c@example.org>", "250");
    }
    let refused = client.command("RCPT TO:<d@example.org>", "4");
    assert!(refused.starts_with("452 4.5.3"), "{refused}");
    client.command("DATA", "354");
    client.send(b"Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n..dot\r\n.\r\n");
    let stored = client.line();
    assert!(stored.starts_with("250 2.0.0 Ok: stored as "), "{stored}");
    client.command("QUIT", "221");
    serve.terminate();
    let (_, out, _) = serve.wait();
    let event: serde_json::Value = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|e| e["event"] == "message")
        .expect(&out);
    let message = b"Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n.dot\r\n";
    assert_eq!(event["from"], "a@example.org");
    assert_eq!(event["to"].as_array().unwrap().len(), 100);
    assert_eq!(event["size"], message.len());
    assert_eq!(event["subject"], "=?utf-8?q?caf=C3=A9?=");
    let path = std::path::PathBuf::from(event["path"].as_str().unwrap());
    assert!(path.starts_with(maildir.join("new")), "{path:?}");
    assert_eq!(std::fs::read(&path).unwrap(), message);
    assert_eq!(std::fs::read_dir(maildir.join("tmp")).unwrap().count(), 0);
}

/// IMAP APPEND reads its literal in chunks: 16 MiB (half the limit) are
/// taken in seconds, not at one read a byte (which took minutes), and
/// stored whole with `--maildir`.
#[test]
fn a_large_append_is_read_at_speed_and_stored_whole() {
    let dir = tempdir();
    let maildir = dir.path().join("Maildir");
    let serve = start(
        &["imap://127.0.0.1:0"],
        &[
            "--accept-any",
            "--allow-cleartext",
            "--quiet",
            "--maildir",
            maildir.to_str().unwrap(),
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("a LOGIN u p", "a ");
    let mut message = b"Subject: big\r\n\r\n".to_vec();
    while message.len() < 16 * 1024 * 1024 {
        message.extend_from_slice(&[b'x'; 998]);
        message.extend_from_slice(b"\r\n");
    }
    let started = Instant::now();
    client.send(format!("b APPEND INBOX {{{}+}}\r\n", message.len()).as_bytes());
    client.send(&message);
    let done = client.command("", "b ");
    let took = started.elapsed();
    assert!(done.starts_with("b OK APPEND completed"), "{done}");
    assert!(took < Duration::from_secs(15), "{took:?}");
    client.command("c LOGOUT", "c ");
    serve.terminate();
    serve.wait();
    let stored: Vec<_> = std::fs::read_dir(maildir.join("new")).unwrap().collect();
    assert_eq!(stored.len(), 1);
    let path = stored[0].as_ref().unwrap().path();
    assert_eq!(std::fs::read(path).unwrap(), message);
}

/// SIGTERM does not wait for a TLS handshake that stalls: a client that
/// sends STARTTLS and then nothing holds the shutdown for a tick, not
/// for the handshake's 10 seconds.
#[test]
fn sigterm_does_not_wait_for_a_stalled_handshake() {
    let serve = start(&["smtp://127.0.0.1:0"], &["--accept-any"]);
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO x", "250 ");
    client.command("STARTTLS", "220");
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    serve.terminate();
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(out.contains("the server is shutting down"), "{out}");
    drop(client);
}
