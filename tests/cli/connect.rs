//! `saslenc connect` against an in-process fake server, for what no real
//! server does on purpose: bytes injected after STARTTLS, endless replies
//! and challenges, a 16 MB line, silence, a success before the
//! mechanism's last step, a connection dropped in the middle of the
//! exchange. Each case checks the exit status and the message. Then the
//! checks that need no server at all (bad URLs, a refused connection).
//! Logins against a real server are in tests/interop/connect_tests.rs.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use predicates::prelude::*;

use crate::common::saslenc;

/// How long the fake server waits for a client line before it gives up,
/// so that a test whose client misbehaves ends.
const SERVER_WAIT: Duration = Duration::from_secs(20);

/// A one-connection server on 127.0.0.1 running `script` in a thread.
pub(crate) fn fake(script: impl FnOnce(&mut Peer) + Send + 'static) -> (u16, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        stream.set_read_timeout(Some(SERVER_WAIT)).expect("timeout");
        let reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut peer = Peer { stream, reader };
        script(&mut peer);
    });
    (port, handle)
}

pub(crate) struct Peer {
    stream: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Peer {
    /// Sends raw bytes; a client that has gone is no failure here.
    pub(crate) fn send(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).is_ok()
    }

    /// The client's next line, without CRLF ("" at end of stream).
    pub(crate) fn line(&mut self) -> String {
        let mut line = String::new();
        let _ = self.reader.read_line(&mut line);
        line.trim_end_matches(['\r', '\n']).to_owned()
    }

    /// Reads until the client closes (or the wait runs out).
    pub(crate) fn drain(&mut self) {
        self.rest();
    }

    /// Everything the client sends until it closes (or the wait runs out).
    pub(crate) fn rest(&mut self) -> String {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut self.reader, &mut sink);
        String::from_utf8_lossy(&sink).into_owned()
    }
}

/// An SMTP server that greets and lists `auth` in its EHLO reply, without
/// STARTTLS (the cases run with --no-tls).
fn smtp_greeting(peer: &mut Peer, auth: &str) {
    peer.send(b"220 fake.invalid ESMTP\r\n");
    assert!(peer.line().starts_with("EHLO "));
    peer.send(format!("250-fake.invalid\r\n250 AUTH {auth}\r\n").as_bytes());
}

#[test]
fn bytes_injected_after_starttls_are_refused() {
    let (port, server) = fake(|peer| {
        peer.send(b"* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] fake ready\r\n");
        assert_eq!(peer.line(), "A1 CAPABILITY");
        peer.send(b"* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\nA1 OK done\r\n");
        assert_eq!(peer.line(), "A2 STARTTLS");
        // The reply and a forged post-TLS reply (48 bytes) in one segment.
        peer.send(b"A2 OK Begin TLS now\r\nA3 OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] forged\r\n");
        peer.drain();
    });
    saslenc()
        .args(["connect", &format!("imap://127.0.0.1:{port}")])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: the server sent 48 bytes after its STARTTLS reply",
        ))
        .stderr(predicate::str::contains("CVE-2011-0411"))
        .stdout(predicate::str::contains("verdict: protocol error"));
    server.join().expect("server thread");
}

#[test]
fn an_endless_reply_is_cut_off() {
    let (port, server) = fake(|peer| {
        peer.send(b"220 fake.invalid ESMTP\r\n");
        assert!(peer.line().starts_with("EHLO"));
        // Bounded here too: the client must stop long before.
        for _ in 0..100_000 {
            if !peer.send(b"250-more\r\n") {
                break;
            }
        }
    });
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: the server's reply passed 1000 lines",
        ));
    server.join().expect("server thread");
}

#[test]
fn endless_challenges_end_the_exchange() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "LOGIN");
        assert_eq!(peer.line(), "AUTH LOGIN");
        // Every line the client sends gets another challenge.
        for _ in 0..100 {
            if !peer.send(b"334 VXNlcm5hbWU6\r\n") {
                break;
            }
            let line = peer.line();
            if line == "*" {
                // RFC 4954 section 4: the cancelled AUTH gets its 501, and
                // QUIT its 221, so the client need not wait out a timeout.
                peer.send(b"501 5.7.0 Authentication cancelled\r\n");
                if peer.line() == "QUIT" {
                    peer.send(b"221 bye\r\n");
                }
                break;
            }
            if line.is_empty() {
                break;
            }
        }
        peer.drain();
    });
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--allow-cleartext", "--mech", "login"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: unexpected challenge: LOGIN has no step left after 2 response(s)",
        ));
    server.join().expect("server thread");
}

#[test]
fn a_16_mb_line_is_refused_without_reading_it_all() {
    let (port, server) = fake(|peer| {
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..16 {
            if !peer.send(&chunk) {
                break;
            }
        }
        peer.send(b"\r\n");
    });
    saslenc()
        .args(["connect", &format!("imap://127.0.0.1:{port}"), "--no-tls"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: a line from the server passed 65536 bytes without a line end",
        ));
    server.join().expect("server thread");
}

#[test]
fn a_silent_server_times_out() {
    let (port, server) = fake(|peer| peer.drain());
    saslenc()
        .args(["connect", &format!("pop3://127.0.0.1:{port}")])
        .args(["--user", "u", "--pass", "p", "--timeout", "1"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "error: timed out after 1 s waiting for the server's greeting",
        ))
        // Silence proves nothing: only a hint at the other scheme.
        .stderr(predicate::str::contains("if this is one, use pop3s://"));
    server.join().expect("server thread");
}

#[test]
fn success_before_the_scram_proof_is_no_success() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "SCRAM-SHA-256");
        assert!(peer.line().starts_with("AUTH SCRAM-SHA-256 biws"));
        peer.send(b"235 2.7.0 Authentication successful\r\n");
        assert_eq!(peer.line(), "QUIT");
        peer.send(b"221 2.0.0 Bye\r\n");
    });
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: the server reported success without sending its SCRAM-SHA-256 server-final",
        ))
        .stdout(predicate::str::contains("verdict: accepted").not());
    server.join().expect("server thread");
}

#[test]
fn success_before_the_password_is_no_success() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "LOGIN");
        assert_eq!(peer.line(), "AUTH LOGIN");
        peer.send(b"334 VXNlcm5hbWU6\r\n");
        assert_eq!(peer.line(), "dQ==");
        // Accepted on the user name alone: nothing was checked.
        peer.send(b"235 2.7.0 Authentication successful\r\n");
        assert_eq!(peer.line(), "QUIT");
        peer.send(b"221 2.0.0 Bye\r\n");
    });
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--allow-cleartext", "--mech", "LOGIN"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: the server reported success (235 2.7.0 Authentication successful) before LOGIN sent its last response",
        ))
        .stdout(predicate::str::contains("verdict: accepted").not());
    server.join().expect("server thread");
}

#[test]
fn a_connection_dropped_mid_exchange_is_reported() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "LOGIN");
        assert_eq!(peer.line(), "AUTH LOGIN");
        peer.send(b"334 VXNlcm5hbWU6\r\n");
        assert_eq!(peer.line(), "dQ==");
        // Gone, with the password still to come.
    });
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--allow-cleartext", "--mech", "LOGIN"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(9)
        .stderr(predicate::str::contains(
            "protocol error: the server closed the connection while saslenc waited for the server's answer in the authentication",
        ));
    server.join().expect("server thread");
}

#[test]
fn nobody_listening_is_cannot_connect() {
    // A port just freed: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    saslenc()
        .args(["connect", &format!("imaps://127.0.0.1:{port}")])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains(format!(
            "error: cannot connect to 127.0.0.1:{port}"
        )));
}

#[test]
fn an_ipv6_address_goes_in_brackets() {
    // Nothing listens on port 1 of ::1 (or IPv6 is off): cannot connect,
    // and the message names the address as the URL wrote it.
    saslenc()
        .args(["connect", "imaps://[::1]:1", "--user", "u", "--pass", "p"])
        .args(["--timeout", "5"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("cannot connect to [::1]:1"));
    saslenc()
        .args(["connect", "imaps://::1:1", "--user", "u", "--pass", "p"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "an IPv6 address must be written in brackets",
        ));
}

#[test]
fn an_ehlo_name_cannot_smuggle_a_command() {
    saslenc()
        .args([
            "connect",
            "smtp://127.0.0.1:1",
            "--user",
            "u",
            "--pass",
            "p",
        ])
        .args(["--ehlo", "x\r\nMAIL FROM:<a@b>"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--ehlo takes a domain or an address literal",
        ));
}

#[test]
fn bad_urls_are_usage_errors() {
    // A port is digits only: `+12199` was taken.
    for url in [
        "http://example.com",
        "imap://user:secret@example.com",
        "smtp://127.0.0.1:+12199",
        "smtp://127.0.0.1:-25",
        "smtp://127.0.0.1:0x19",
    ] {
        saslenc()
            .args(["connect", url, "--user", "u", "--pass", "p"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("secret").not());
    }
}

/// Sends `bytes` one at a time, `pause` apart, until the client goes or
/// the server's wait runs out.
fn drip(peer: &mut Peer, bytes: &[u8], pause: Duration) {
    let start = std::time::Instant::now();
    for byte in bytes.iter().cycle() {
        if !peer.send(&[*byte]) || start.elapsed() > SERVER_WAIT {
            return;
        }
        thread::sleep(pause);
    }
}

/// `--timeout` bounds the whole check, whatever the byte rate: a TLS
/// record dripped a byte at a time (the TLS layer read it with no
/// deadline: 36 s for `--timeout 2`), and continuation lines sent for
/// ever (each line reset the clock). The guard of 15 s is no timing: it
/// only stops a run that would otherwise go on for minutes.
#[test]
fn the_deadline_holds_whatever_the_byte_rate() {
    // The two servers run side by side: each check waits out its 2 s.
    thread::scope(|scope| {
        // A TLS handshake record header, then its body at 0.3 s a byte.
        scope.spawn(|| {
            let (port, server) = fake(|peer| {
                drip(peer, b"\x16\x03\x03\x40\x00", Duration::from_millis(300));
            });
            saslenc()
                .args(["connect", &format!("smtps://127.0.0.1:{port}")])
                .args(["--user", "u", "--pass", "p", "--timeout", "2"])
                .timeout(Duration::from_secs(15))
                .assert()
                .code(5)
                .stderr(predicate::str::contains(
                    "timed out after 2 s waiting for the TLS handshake",
                ));
            server.join().expect("server thread");
        });

        // A greeting of continuation lines that never ends.
        scope.spawn(|| {
            let (port, server) = fake(|peer| {
                let start = std::time::Instant::now();
                while peer.send(b"220-still greeting\r\n") && start.elapsed() < SERVER_WAIT {
                    thread::sleep(Duration::from_millis(200));
                }
            });
            saslenc()
                .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
                .args(["--user", "u", "--pass", "p", "--timeout", "2"])
                .timeout(Duration::from_secs(15))
                .assert()
                .code(5)
                .stderr(predicate::str::contains("timed out after 2 s waiting for"))
                // Lines came: no hint that the port waits in silence.
                .stderr(predicate::str::contains("in silence").not())
                // The transcript so far is printed when the deadline ends
                // the check.
                .stdout(predicate::function(|out: &str| {
                    out.matches("S: 220-still greeting\n").count() >= 3
                }));
            server.join().expect("server thread");
        });
    });
}

/// A timeout too large to add to the clock is a usage error, not a panic
/// (it was exit 101, "overflow when adding duration to instant").
#[test]
fn a_timeout_too_large_for_the_clock_is_a_usage_error() {
    saslenc()
        .args([
            "connect",
            "imap://127.0.0.1:1",
            "--user",
            "u",
            "--pass",
            "p",
        ])
        .args(["--timeout", "18446744073709551615"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--timeout is too large"));
}

/// A server whose EHLO offers mechanism names with an OSC window title,
/// BEL, ESC sequences and U+202E, and refuses with more of them.
fn hostile_text_server() -> (u16, JoinHandle<()>) {
    fake(|peer| {
        smtp_greeting(peer, "PLAIN \x1b]0;pwned\x07 X\u{202e}Y \x1b[2K\x1b[1A");
        if peer.line().starts_with("AUTH") {
            peer.send("535 5.7.8 no \x1b[31mway\u{202e}\r\n".as_bytes());
        }
        if peer.line().starts_with("QUIT") {
            peer.send(b"221 bye\r\n");
        }
    })
}

/// Every byte that came from the server is escaped wherever it appears:
/// `\xHH` in text (the mechanisms line, the verdict, also with -q, and
/// standard error), `\uXXXX` in JSON, where nothing is lost.
#[test]
fn server_text_never_reaches_the_terminal_raw() {
    let raw = |text: &str| text.contains(['\x1b', '\x07', '\u{202e}']);
    for quiet in [false, true] {
        let (port, server) = hostile_text_server();
        let mut cmd = saslenc();
        cmd.args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
            .args([
                "--user",
                "u",
                "--pass",
                "p",
                "--allow-cleartext",
                "--mech",
                "PLAIN",
            ]);
        if quiet {
            cmd.arg("-q");
        }
        let out = cmd.output().unwrap();
        server.join().expect("server thread");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(!raw(&stdout) && !raw(&stderr), "{stdout}\n{stderr}");
        assert!(stdout.contains(r"no \x1b[31mway\xe2\x80\xae"), "{stdout}");
        if !quiet {
            assert!(stdout.contains(r"\x1b]0;pwned\x07"), "{stdout}");
        }
    }
    let (port, server) = hostile_text_server();
    let out = saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args([
            "--user",
            "u",
            "--pass",
            "p",
            "--allow-cleartext",
            "--mech",
            "PLAIN",
        ])
        .arg("--json")
        .output()
        .unwrap();
    server.join().expect("server thread");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!raw(&stdout), "{stdout}");
    assert!(stdout.contains(r"\u202e"), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    // Nothing lost: the parsed JSON holds the very characters.
    let mechanisms = json["capabilities"]["mechanisms"]
        .as_array()
        .expect("a list");
    assert!(mechanisms.contains(&"X\u{202e}Y".into()), "{json}");
    assert!(mechanisms.contains(&"\x1b]0;PWNED\x07".into()), "{json}");
}

/// A server that echoes the client's AUTH line (PLAIN's message) or its
/// last response (LOGIN's password) back in its refusal.
fn echoing_server(mechanism: &'static str) -> (u16, JoinHandle<()>) {
    fake(move |peer| {
        smtp_greeting(peer, mechanism);
        let mut last = peer.line();
        if mechanism == "LOGIN" {
            for prompt in ["334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n"] {
                peer.send(prompt.as_bytes());
                last = peer.line();
            }
        }
        let echoed = last.rsplit(' ').next().unwrap_or_default().to_owned();
        peer.send(format!("535 5.7.8 bad response '{echoed}' (cGVuY2ls, pencil)\r\n").as_bytes());
        if peer.line().starts_with("QUIT") {
            peer.send(b"221 bye\r\n");
        }
    })
}

/// What a server echoes back is masked in the transcript, the verdict,
/// standard error and the JSON: the base64 of the message, the password
/// as text and in base64; with --show-secrets it is shown.
#[test]
fn a_secret_echoed_by_the_server_is_masked() {
    // base64 of "\0user\0pencil", of "pencil", and the password itself.
    let secrets = ["AHVzZXIAcGVuY2ls", "cGVuY2ls", "pencil"];
    for mechanism in ["PLAIN", "LOGIN"] {
        for extra in [None, Some("--json"), Some("-q"), Some("--show-secrets")] {
            let (port, server) = echoing_server(mechanism);
            let mut cmd = saslenc();
            cmd.args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
                .args(["--user", "user", "--pass", "pencil", "--allow-cleartext"])
                .args(["--mech", mechanism]);
            cmd.args(extra);
            let out = cmd.output().unwrap();
            server.join().expect("server thread");
            assert_eq!(out.status.code(), Some(1), "{out:?}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if extra == Some("--show-secrets") {
                assert!(all.contains("cGVuY2ls"), "{all}");
            } else {
                for secret in secrets {
                    assert!(!all.contains(secret), "{mechanism} {extra:?}: {all}");
                }
                assert!(all.contains("bad response"), "{all}");
            }
        }
    }
}

/// `--insecure` warns on every run, with `-q` too (on standard error, the
/// verdict alone on standard output).
#[test]
fn insecure_warns_even_when_quiet() {
    saslenc()
        .args(["connect", "smtps://127.0.0.1:1", "--insecure", "-q"])
        .args(["--user", "u", "--pass", "p"])
        .assert()
        .code(5)
        .stdout(
            predicate::str::starts_with("verdict: ").and(predicate::str::contains("\n").count(1)),
        )
        .stderr(predicate::str::contains("warning: --insecure"));
}

/// A POP3 server that greets and lists `sasl` in its CAPA reply.
fn pop3_greeting(peer: &mut Peer, sasl: &str) {
    peer.send(b"+OK fake POP3 ready\r\n");
    assert_eq!(peer.line(), "CAPA");
    peer.send(format!("+OK\r\nSASL {sasl}\r\n.\r\n").as_bytes());
}

/// A POP3 `+OK` to AUTH before the mechanism's last response is a success
/// before the exchange is over (9), at once, as in SMTP and IMAP: not a
/// line to skip until the deadline (5).
#[test]
fn a_pop3_success_before_the_last_response_is_a_protocol_error() {
    for (mechanism, opening, said) in [
        (
            "LOGIN",
            "AUTH LOGIN",
            "the server reported success (+OK Logged in.) before LOGIN sent its last response",
        ),
        (
            "SCRAM-SHA-256",
            "AUTH SCRAM-SHA-256 biws",
            "the server reported success without sending its SCRAM-SHA-256 server-final",
        ),
    ] {
        let (port, server) = fake(move |peer| {
            pop3_greeting(peer, mechanism);
            assert!(peer.line().starts_with(opening));
            peer.send(b"+OK Logged in.\r\n");
            assert_eq!(peer.line(), "QUIT");
            peer.send(b"+OK Bye\r\n");
        });
        let start = std::time::Instant::now();
        saslenc()
            .args(["connect", &format!("pop3://127.0.0.1:{port}"), "--no-tls"])
            .args(["--allow-cleartext", "--mech", mechanism])
            .args(["--user", "u", "--pass", "p", "--timeout", "20"])
            .assert()
            .code(9)
            .stderr(predicate::str::contains(format!("protocol error: {said}")))
            .stdout(predicate::str::contains("verdict: accepted").not());
        // Not the deadline's doing: the line decided.
        assert!(start.elapsed() < Duration::from_secs(15), "{mechanism}");
        server.join().expect("server thread");
    }
}

/// A reply that was already there when saslenc was to write its next
/// line of the exchange answers nothing saslenc sent: a protocol error
/// (9) in every protocol, and the line (here the password) is not sent.
#[test]
fn a_reply_before_the_response_is_a_protocol_error() {
    for (scheme, greet, auth, pipelined) in [
        (
            "smtp",
            "220 fake.invalid ESMTP\r\n",
            "250-fake.invalid\r\n250 AUTH LOGIN\r\n",
            "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 ok\r\n",
        ),
        (
            "imap",
            "* OK fake ready\r\n",
            "* CAPABILITY IMAP4rev1 AUTH=LOGIN\r\nA1 OK done\r\n",
            "+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\nA2 OK done\r\n",
        ),
        (
            "pop3",
            "+OK fake ready\r\n",
            "+OK\r\nSASL LOGIN\r\n.\r\n",
            "+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\n+OK done\r\n",
        ),
    ] {
        let (port, server) = fake(move |peer| {
            peer.send(greet.as_bytes());
            peer.line();
            peer.send(auth.as_bytes());
            assert!(peer.line().contains("LOGIN"), "{scheme}");
            // Both prompts and the success in one write.
            peer.send(pipelined.as_bytes());
            let rest = peer.rest();
            assert!(
                !rest.contains("cGVuY2ls"),
                "{scheme}: the password was sent"
            );
        });
        saslenc()
            .args([
                "connect",
                &format!("{scheme}://127.0.0.1:{port}"),
                "--no-tls",
            ])
            .args(["--allow-cleartext", "--mech", "LOGIN"])
            .args(["--user", "u", "--pass", "pencil", "--timeout", "5"])
            .assert()
            .code(9)
            .stderr(predicate::str::contains(
                "before saslenc's line was written",
            ))
            .stdout(predicate::str::contains(
                "saslenc did not send the line above",
            ))
            .stdout(predicate::str::contains("verdict: accepted").not());
        server.join().expect("server thread");
    }
}

/// An empty CRAM-MD5 challenge is the server's fault (9), as a challenge
/// that is not base64 is: RFC 2195 has the server send a msg-id.
#[test]
fn a_cram_md5_challenge_empty_or_not_base64_is_a_protocol_error() {
    for challenge in ["334 ", "334 =", "334 !!notbase64"] {
        let (port, server) = fake(move |peer| {
            smtp_greeting(peer, "CRAM-MD5");
            assert_eq!(peer.line(), "AUTH CRAM-MD5");
            peer.send(format!("{challenge}\r\n").as_bytes());
            // The exchange is cancelled (RFC 4954 section 4).
            assert_eq!(peer.line(), "*");
            peer.send(b"501 5.7.0 cancelled\r\n");
            peer.drain();
        });
        saslenc()
            .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
            .args(["--user", "u", "--pass", "p", "--timeout", "5"])
            .assert()
            .code(9)
            .stderr(predicate::str::contains("protocol error: "));
        server.join().expect("server thread");
    }
}

/// A server for `count` connections, each running `script`.
pub(crate) fn fake_many(
    count: usize,
    script: impl Fn(&mut Peer) + Send + Sync + 'static,
) -> (u16, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    let handle = thread::spawn(move || {
        for _ in 0..count {
            let (stream, _) = listener.accept().expect("accept");
            stream.set_read_timeout(Some(SERVER_WAIT)).expect("timeout");
            let reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut peer = Peer { stream, reader };
            script(&mut peer);
        }
    });
    (port, handle)
}

/// A port nobody listens on (bound, then let go).
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// What needs no server is checked before connecting: a mechanism
/// saslenc lacks, a pin that is no SHA-256 and a missing --user are usage
/// errors (2), not "cannot
/// connect" (5) nor a report after TLS and EHLO; with --json, standard
/// output still holds one JSON document.
#[test]
fn the_mechanism_and_the_user_are_checked_before_connecting() {
    let url = format!("smtp://127.0.0.1:{}", closed_port());
    for (args, said) in [
        (
            &["--user", "u", "--pass", "p", "--mech", "GSSAPI"][..],
            "--mech: saslenc has no mechanism GSSAPI",
        ),
        (
            &["--user", "u", "--pass", "p", "--pin-sha256", "ab:cd"][..],
            "--pin-sha256 takes the SHA-256 of the certificate's DER encoding: 64 hex digits",
        ),
        (&["--pass", "p"][..], "--user is required"),
    ] {
        saslenc()
            .args(["connect", &url])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said))
            .stdout("");
        let out = saslenc()
            .args(["connect", &url, "--json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["verdict"]["exit_code"], 2, "{json}");
        assert_eq!(json["verdict"]["status"], "usage error", "{json}");
        assert!(json["verdict"]["error"].as_str().unwrap().contains(said));
    }
    // A refused URL and a secret that cannot be read, likewise.
    for (args, code) in [
        (
            &["connect", "ftp://h", "--json", "--user", "u", "--pass", "p"][..],
            2,
        ),
        (
            &[
                "connect",
                &url,
                "--json",
                "--user",
                "u",
                "--pass-env",
                "UNSET_HERE",
            ][..],
            4,
        ),
    ] {
        let out = saslenc().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["verdict"]["exit_code"], code, "{json}");
    }
}

/// A command line the parser refuses is a usage error for --json too: one
/// verdict object on standard output, its message on one line (and still
/// never repeating an unknown word, which may be a secret), and the whole
/// message on standard error. Without --json, standard output stays empty.
#[test]
fn a_command_line_refused_by_the_parser_is_a_json_verdict_too() {
    let url = format!("smtp://127.0.0.1:{}", closed_port());
    for (args, said) in [
        (
            &["connect", &url, "--json", "--user", "u", "hunter2"][..],
            "unexpected argument (not repeated here",
        ),
        (
            &["connect", &url, "--json", "--user", "u", "--timeout"][..],
            "--timeout <SECS> needs a value",
        ),
        (
            &[
                "connect",
                &url,
                "--json",
                "--user",
                "u",
                "--timeout",
                "soon",
            ][..],
            "invalid value for --timeout <SECS> (not repeated here)",
        ),
        (
            &["connect", "--json", "--user", "u"][..],
            "the following required arguments were not provided: <URL>",
        ),
        (
            &["connect", &url, "--json", "--quiet", "--user", "u"][..],
            "cannot be used with",
        ),
    ] {
        let out = saslenc().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
        assert_eq!(json["verdict"]["exit_code"], 2, "{json}");
        assert_eq!(json["verdict"]["status"], "usage error", "{json}");
        let error = json["verdict"]["error"].as_str().unwrap();
        assert!(error.contains(said), "{error}");
        assert!(
            !error.contains('\n') && !error.starts_with("error"),
            "{error}"
        );
        assert!(
            !stdout.contains("hunter2") && !stdout.contains("soon"),
            "{stdout}"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        let flat = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(said) && flat.contains("--help"), "{stderr}");

        let without: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
        if without.contains(&"--quiet") {
            continue;
        }
        saslenc().args(&without).assert().code(2).stdout("");
    }
    // --json after `--` is a word, not the option.
    saslenc()
        .args(["connect", &url, "--user", "u", "--", "--json"])
        .assert()
        .code(2)
        .stdout("");
}

/// STARTTLS offered and accepted, then a handshake that fails: the TLS
/// error alone (6), the capabilities as those before TLS, and no claim
/// that STARTTLS is missing, for --probe and --all alike.
#[test]
fn a_failed_handshake_after_starttls_is_reported_as_itself() {
    for extra in [
        &["--probe"][..],
        &["--all", "--pass", "p", "--user", "u"][..],
        &["--probe", "--json"][..],
    ] {
        let (port, server) = fake(|peer| {
            peer.send(b"220 fake.invalid ESMTP\r\n");
            assert!(peer.line().starts_with("EHLO "));
            peer.send(b"250-fake.invalid\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
            assert_eq!(peer.line(), "STARTTLS");
            peer.send(b"220 2.0.0 Ready to start TLS\r\n");
            // No TLS at all after that.
            peer.send(b"this is not TLS\r\n");
            peer.drain();
        });
        let out = saslenc()
            .args(["connect", &format!("submission://127.0.0.1:{port}")])
            .args(["--timeout", "5"])
            .args(extra)
            .output()
            .unwrap();
        server.join().expect("server thread");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(6), "{extra:?}: {out:?}");
        assert!(
            !stdout.contains("does not offer STARTTLS"),
            "{extra:?}: {stdout}"
        );
        if extra.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            assert_eq!(
                json["capabilities_before_tls"]["mechanisms"],
                serde_json::json!(["PLAIN", "LOGIN"]),
                "{json}"
            );
            assert!(json["capabilities"].is_null(), "{json}");
            assert!(json["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| !w.as_str().unwrap().contains("does not offer")));
        } else {
            assert!(
                stdout.contains("mechanisms before TLS: PLAIN LOGIN"),
                "{stdout}"
            );
            assert!(!stdout.contains("\nmechanisms: "), "{stdout}");
            assert!(stdout.contains("verdict: TLS failure"), "{stdout}");
        }
    }
}

/// An SMTP server for --all: offers `auth`, answers CRAM-MD5 with
/// `verdict`, and QUIT.
fn all_server(
    connections: usize,
    auth: &'static str,
    verdict: &'static str,
) -> (u16, JoinHandle<()>) {
    fake_many(connections, move |peer| {
        smtp_greeting(peer, auth);
        let mut line = peer.line();
        if line == "AUTH CRAM-MD5" {
            peer.send(b"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
            peer.line();
            peer.send(format!("{verdict}\r\n").as_bytes());
            line = peer.line();
        }
        assert_eq!(line, "QUIT");
        peer.send(b"221 2.0.0 Bye\r\n");
    })
}

/// --all: skipped and untried mechanisms are named with the reason and do
/// not count; 0 when every mechanism tried was accepted, 1 when one was
/// refused and nothing else failed, 7 when nothing could be tried; -q
/// prints the verdict line alone, --json has a verdict; no row claims
/// --mech.
#[test]
fn all_names_what_it_skips_and_sums_up_in_its_exit_status() {
    let offered = "PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-256-PLUS";
    for (verdict, code, word) in [
        (
            "535 5.7.8 Authentication credentials invalid",
            1,
            "verdict: refused: 1 of 1",
        ),
        (
            "235 2.7.0 Authentication successful",
            0,
            "verdict: accepted: every mechanism tried",
        ),
    ] {
        let (port, server) = all_server(2, offered, verdict);
        let out = saslenc()
            .args([
                "connect",
                &format!("smtp://127.0.0.1:{port}"),
                "--no-tls",
                "--all",
            ])
            .args([
                "--user",
                "tim",
                "--pass",
                "tanstaaftanstaaf",
                "--timeout",
                "5",
            ])
            .output()
            .unwrap();
        server.join().expect("server thread");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        assert!(stdout.contains(word), "{stdout}");
        for needle in [
            "PLAIN          skipped",
            "--allow-cleartext tries it",
            "DIGEST-MD5     skipped",
            "RFC 6331",
            "SCRAM-SHA-256-PLUS skipped",
            "binds the login to the TLS channel",
        ] {
            assert!(stdout.contains(needle), "{needle}: {stdout}");
        }
        assert!(!stdout.contains("usage error"), "{stdout}");
        assert!(!stdout.contains("--mech"), "{stdout}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("answered --all"), "{stderr}");
        // -q: the verdict line alone.
        let (port, server) = all_server(2, offered, verdict);
        let out = saslenc()
            .args([
                "connect",
                &format!("smtp://127.0.0.1:{port}"),
                "--no-tls",
                "--all",
                "-q",
            ])
            .args([
                "--user",
                "tim",
                "--pass",
                "tanstaaftanstaaf",
                "--timeout",
                "5",
            ])
            .output()
            .unwrap();
        server.join().expect("server thread");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{out:?}");
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        assert!(stdout.starts_with(word), "{stdout}");
        // --json: a verdict, as for one session.
        let (port, server) = all_server(2, offered, verdict);
        let out = saslenc()
            .args([
                "connect",
                &format!("smtp://127.0.0.1:{port}"),
                "--no-tls",
                "--all",
                "--json",
            ])
            .args([
                "--user",
                "tim",
                "--pass",
                "tanstaaftanstaaf",
                "--timeout",
                "5",
            ])
            .output()
            .unwrap();
        server.join().expect("server thread");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["verdict"]["exit_code"], code, "{json}");
        let skipped = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["exit_code"].is_null())
            .count();
        assert_eq!(skipped, 4, "{json}");
    }
    // Nothing to try: 7, one connection (the probe).
    let (port, server) = all_server(1, "PLAIN LOGIN", "");
    saslenc()
        .args([
            "connect",
            &format!("smtp://127.0.0.1:{port}"),
            "--no-tls",
            "--all",
        ])
        .args(["--user", "tim", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(7)
        .stdout(predicate::str::contains(
            "verdict: unsupported: --all found nothing to try",
        ))
        .stdout(predicate::str::contains("LOGIN          skipped"));
    server.join().expect("server thread");
}

/// --no-tls against a server that lists AUTH only after STARTTLS: say
/// so, not "it offers none".
#[test]
fn no_tls_where_auth_comes_after_starttls_says_so() {
    let (port, server) = fake(|peer| {
        peer.send(b"220 fake.invalid ESMTP\r\n");
        assert!(peer.line().starts_with("EHLO "));
        peer.send(b"250-fake.invalid\r\n250 STARTTLS\r\n");
        assert_eq!(peer.line(), "QUIT");
        peer.send(b"221 2.0.0 Bye\r\n");
    });
    saslenc()
        .args([
            "connect",
            &format!("submission://127.0.0.1:{port}"),
            "--no-tls",
        ])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "it offers STARTTLS, and AUTH only after it",
        ))
        .stderr(predicate::str::contains("it offers none").not());
    server.join().expect("server thread");
}

/// --probe warns of ANONYMOUS offered on a submission port.
#[test]
fn a_probe_warns_of_anonymous_on_a_submission_port() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "PLAIN ANONYMOUS");
        assert_eq!(peer.line(), "QUIT");
        peer.send(b"221 2.0.0 Bye\r\n");
    });
    saslenc()
        .args([
            "connect",
            &format!("submission://127.0.0.1:{port}"),
            "--no-tls",
            "--probe",
        ])
        .args(["--timeout", "5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: the server offers ANONYMOUS on the submission port",
        ));
    server.join().expect("server thread");
}

/// An implicit-TLS scheme on a port whose server greets in plain text:
/// the bytes say so, and the STARTTLS scheme is named.
#[test]
fn a_plaintext_greeting_where_tls_was_expected_names_the_starttls_scheme() {
    for (scheme, greeting, other) in [
        ("smtps", "220 fake.invalid ESMTP\r\n", "use submission://"),
        ("imaps", "* OK fake ready\r\n", "use imap://"),
        ("pop3s", "+OK fake ready\r\n", "use pop3://"),
    ] {
        let (port, server) = fake(move |peer| {
            peer.send(greeting.as_bytes());
            peer.drain();
        });
        saslenc()
            .args(["connect", &format!("{scheme}://127.0.0.1:{port}")])
            .args(["--user", "u", "--pass", "p", "--timeout", "5"])
            .assert()
            .code(6)
            .stderr(predicate::str::contains("sent plain text ("))
            .stderr(predicate::str::contains(other))
            .stderr(predicate::str::contains("InvalidContentType").not());
        server.join().expect("server thread");
    }
}

/// The mirror case: a STARTTLS scheme on a port whose server speaks TLS
/// first. Such a server (here, one that sends a TLS alert record) is
/// named at its first bytes, not waited out to the timeout; a server that
/// says nothing is only a hint in the timeout message.
#[test]
fn a_tls_record_where_a_greeting_was_expected_names_the_implicit_tls_scheme() {
    for (scheme, other) in [
        ("submission", "use submissions:// or smtps://"),
        ("imap", "use imaps://"),
        ("pop3", "use pop3s://"),
    ] {
        let (port, server) = fake(|peer| {
            // RFC 8446 section 6: a fatal handshake_failure alert record.
            peer.send(b"\x15\x03\x03\x00\x02\x02\x28");
            peer.drain();
        });
        saslenc()
            .args(["connect", &format!("{scheme}://127.0.0.1:{port}")])
            .args(["--user", "u", "--pass", "p", "--timeout", "60"])
            .timeout(Duration::from_secs(15))
            .assert()
            .code(6)
            .stderr(predicate::str::contains(
                "sent a TLS record where its greeting was due",
            ))
            .stderr(predicate::str::contains(other));
        server.join().expect("server thread");
    }
}

/// A SCRAM server-first asking for fewer than RFC 7677's 4096 iterations
/// is warned of, in the text, in --json, and in the pasted conversation.
#[test]
fn a_scram_iteration_count_below_4096_is_warned_of() {
    let server = || {
        fake(|peer| {
            smtp_greeting(peer, "SCRAM-SHA-256");
            let auth = peer.line();
            let first = auth
                .strip_prefix("AUTH SCRAM-SHA-256 ")
                .expect("an initial response");
            let first = String::from_utf8(crate::common::b64decode(first)).unwrap();
            let nonce = first.split("r=").nth(1).expect("a nonce").to_owned();
            let server_first = format!("r={nonce}server,s=QSXCR+Q6sek8bf92,i=1");
            peer.send(
                format!(
                    "334 {}\r\n",
                    crate::common::b64encode(server_first.as_bytes())
                )
                .as_bytes(),
            );
            peer.line();
            peer.send(b"535 5.7.8 Authentication credentials invalid\r\n");
            assert_eq!(peer.line(), "QUIT");
            peer.send(b"221 2.0.0 Bye\r\n");
        })
    };
    let warning = "the server's SCRAM iteration count is i=1, below the 4096 RFC 7677 asks for";
    let (port, handle) = server();
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--no-tls"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("warning: {warning}")));
    handle.join().expect("server thread");
    let (port, handle) = server();
    let out = saslenc()
        .args([
            "connect",
            &format!("smtp://127.0.0.1:{port}"),
            "--no-tls",
            "--json",
        ])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .output()
        .unwrap();
    handle.join().expect("server thread");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(warning)),
        "{json}"
    );
    saslenc()
        .args([
            "scram-sha-256",
            "--user",
            "u",
            "--pass",
            "p",
            "--nonce",
            "abcdefghijklmnop",
        ])
        .write_stdin(format!(
            "334 {}\n535 5.7.8 no\n",
            crate::common::b64encode(b"r=abcdefghijklmnopserver,s=QSXCR+Q6sek8bf92,i=1")
        ))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("warning: {warning}")));
}

/// An IMAP verdict whose response code is long shows the server's own
/// words after it, and names the code.
#[test]
fn an_imap_verdict_keeps_the_words_after_a_long_response_code() {
    let (port, server) = fake(|peer| {
        peer.send(b"* OK fake ready\r\n");
        assert_eq!(peer.line(), "A1 CAPABILITY");
        peer.send(b"* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\nA1 OK done\r\n");
        assert!(peer.line().starts_with("A2 AUTHENTICATE PLAIN "));
        let atoms = (0..40)
            .map(|i| format!("X-EXTENSION-{i}"))
            .collect::<Vec<_>>();
        peer.send(
            format!(
                "A2 OK [CAPABILITY IMAP4rev1 {}] Success (tls protection)\r\n",
                atoms.join(" ")
            )
            .as_bytes(),
        );
        assert_eq!(peer.line(), "A3 LOGOUT");
        peer.send(b"* BYE bye\r\nA3 OK bye\r\n");
    });
    saslenc()
        .args(["connect", &format!("imap://127.0.0.1:{port}"), "--no-tls", "--allow-cleartext"])
        .args(["--user", "u", "--pass", "p", "--timeout", "5"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "the server answered A2 OK [CAPABILITY ...] Success (tls protection) ([CAPABILITY] accepted",
        ));
    server.join().expect("server thread");
}

/// A server that echoes `secret` back in every form a screen may show it
/// in: whole and across the point where a long reply is cut, in each line
/// of a multi-line refusal, in the form of each mechanism's message.
fn echo_everywhere(peer: &mut Peer, secret: &str) {
    smtp_greeting(peer, "PLAIN LOGIN");
    let auth = peer.line();
    if auth.is_empty() {
        return;
    }
    if auth.eq_ignore_ascii_case("QUIT") {
        // --all's probe.
        peer.send(b"221 2.0.0 Bye\r\n");
        return;
    }
    let forms = crate::secret_forms::forms_of(secret.as_bytes());
    let mut reply = String::new();
    for (i, form) in forms.iter().enumerate() {
        // Across the cut of a long reply at 200 bytes, and whole.
        let pad = "x".repeat(190 - (i * 7) % 40);
        reply.push_str(&format!("535-5.7.8 {pad}{form} then more\r\n"));
        reply.push_str(&format!("535-5.7.8 you sent {form}\r\n"));
    }
    reply.push_str(&format!("535 5.7.8 {} no\r\n", forms.join(" ")));
    peer.send(reply.as_bytes());
    goodbye(peer);
}

/// The end of a fake SMTP session: 221 to the client's QUIT, then
/// whatever else it sends until it closes.
fn goodbye(peer: &mut Peer) {
    if peer.line().eq_ignore_ascii_case("QUIT") {
        peer.send(b"221 2.0.0 Bye\r\n");
    }
    peer.drain();
}

/// `connect` to the fake SMTP server on `port`, without TLS, as user `u`
/// with `mech`; the secret and the rest are the caller's.
fn cleartext(port: u16, mech: &str) -> assert_cmd::Command {
    let mut cmd = saslenc();
    cmd.args(["connect", &format!("smtp://127.0.0.1:{port}")])
        .args([
            "--no-tls",
            "--allow-cleartext",
            "--mech",
            mech,
            "--user",
            "u",
        ]);
    cmd
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// For any secret (8 to 64 characters of any script), a server that
    /// echoes it in every form (whole, across a cut, in a multi-line
    /// reply) never gets it onto connect's output, in text, -q or --json,
    /// on standard output or error (the first promise).
    #[test]
    fn an_echoed_secret_never_reaches_connects_output(
        secret in "[^\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}]{8,64}",
        mech in proptest::sample::select(vec!["PLAIN", "LOGIN"]),
    ) {
        for mode in [None, Some("-q"), Some("--json")] {
            let shared = secret.clone();
            let (port, server) = fake(move |peer| echo_everywhere(peer, &shared));
            let mut cmd = cleartext(port, mech);
            cmd.args(["--pass-env", "SECRET", "--timeout", "10"])
                .env("SECRET", &secret)
                .args(mode);
            let out = cmd.output().expect("saslenc runs");
            server.join().expect("server thread");
            proptest::prop_assert_eq!(out.status.code(), Some(1), "{:?}", out);
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            for form in crate::secret_forms::forms_of(secret.as_bytes()) {
                proptest::prop_assert!(!all.contains(&form), "{:?} in {:?} output:\n{}", form, mode, all);
            }
        }
        // --all: a probe, then one login a mechanism, each echoed.
        let shared = secret.clone();
        let (port, server) = fake_many(3, move |peer| echo_everywhere(peer, &shared));
        let out = saslenc()
            .args(["connect", &format!("smtp://127.0.0.1:{port}"), "--all"])
            .args(["--no-tls", "--allow-cleartext", "--user", "u"])
            .args(["--pass-env", "SECRET", "--timeout", "10"])
            .env("SECRET", &secret)
            .output()
            .expect("saslenc runs");
        server.join().expect("server thread");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for form in crate::secret_forms::forms_of(secret.as_bytes()) {
            proptest::prop_assert!(!all.contains(&form), "{:?} in --all output:\n{}", form, all);
        }
    }
}

/// A server that folds its long refusal across lines may cut an echoed
/// password anywhere: each piece is masked in the transcript and in the
/// verdict that quotes the reply, in text, -q and --json.
#[test]
fn a_password_folded_across_reply_lines_is_masked_in_each() {
    let secret = "correct-horse-battery-staple";
    for (cut, mode) in [(9, None), (14, Some("-q")), (20, Some("--json")), (5, None)] {
        let (port, server) = fake(move |peer| {
            smtp_greeting(peer, "PLAIN");
            if peer.line().is_empty() {
                return;
            }
            let (head, tail) = secret.split_at(cut);
            peer.send(
                format!("535-5.7.8 the password {head}\r\n535 5.7.8 {tail} is wrong\r\n")
                    .as_bytes(),
            );
            goodbye(peer);
        });
        let out = cleartext(port, "PLAIN")
            .args(["--pass-env", "SECRET", "--timeout", "10"])
            .env("SECRET", secret)
            .args(mode)
            .output()
            .expect("saslenc runs");
        server.join().expect("server thread");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let (head, tail) = secret.split_at(cut);
        for piece in [head, tail] {
            assert!(!all.contains(piece), "{piece:?} in {mode:?} output:\n{all}");
        }
    }
}

/// A multi-line SMTP reply to AUTH is one reply: judged by its last line,
/// every line the same code, the whole of it in the transcript, and QUIT
/// only after it, live as in pasted lines.
#[test]
fn a_multi_line_reply_to_auth_is_judged_whole() {
    for (lines, status, shown) in [
        (
            &["235-2.7.0 first line", "535 5.7.8 refused"][..],
            9,
            "changed its code from 235 to 535",
        ),
        (
            &[
                "535-5.7.8 Username and Password not accepted. Learn more at",
                "535 5.7.8 https://support.google.com/mail/?p=BadCredentials",
            ][..],
            1,
            "p=BadCredentials",
        ),
        (&["235-2.7.0 one", "235 2.7.0 Accepted"][..], 0, "Accepted"),
        (&["454-4.7.0 try", "454 4.7.0 later"][..], 8, "later"),
        (
            &["334-VXNlcm5hbWU6", "334 VXNlcm5hbWU6"][..],
            9,
            "334 challenge spread",
        ),
    ] {
        let reply: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        let (port, server) = fake(move |peer| {
            smtp_greeting(peer, "LOGIN");
            peer.line();
            peer.send(b"334 VXNlcm5hbWU6\r\n");
            peer.line();
            peer.send(b"334 UGFzc3dvcmQ6\r\n");
            peer.line();
            peer.send(reply.as_bytes());
            // QUIT after the whole reply, or nothing after a broken one.
            let next = peer.line();
            assert!(
                next.eq_ignore_ascii_case("QUIT") || next.is_empty(),
                "{next}"
            );
            peer.send(b"221 2.0.0 Bye\r\n");
            peer.drain();
        });
        let out = cleartext(port, "LOGIN")
            .args(["--pass", "p", "--timeout", "10"])
            .output()
            .unwrap();
        server.join().expect("server thread");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(status), "{lines:?}: {out:?}");
        assert!(
            format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)).contains(shown),
            "{out:?}"
        );
        for line in lines {
            assert!(stdout.contains(&format!("S: {line}")), "{line}: {stdout}");
        }
        // The pasted conversation, fed the same lines, agrees.
        let pasted = saslenc()
            .args([
                "login",
                "--user",
                "u",
                "--pass",
                "p",
                "--protocol",
                "smtp",
                "-i",
            ])
            .write_stdin(format!(
                "334 VXNlcm5hbWU6\n334 UGFzc3dvcmQ6\n{}",
                lines.iter().map(|l| format!("{l}\n")).collect::<String>()
            ))
            .output()
            .unwrap();
        assert_eq!(
            pasted.status.code(),
            Some(status),
            "pasted {lines:?}: {pasted:?}"
        );
    }
}

/// The deadline passing while the client's line is made (PBKDF2 of a
/// huge SCRAM iteration count under a short --timeout) is a timeout (5),
/// and the transcript says the line was not sent.
#[test]
fn a_deadline_passed_while_a_proof_is_made_is_a_timeout() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "SCRAM-SHA-256");
        let auth = peer.line();
        let first = crate::common::b64decode(auth.rsplit(' ').next().unwrap_or_default());
        let first = String::from_utf8_lossy(&first).into_owned();
        let nonce = first.rsplit("r=").next().unwrap_or_default().to_owned();
        let server_first = format!("r={nonce}srv,s=QSXCR+Q6sek8bf92,i=10000000");
        peer.send(
            format!(
                "334 {}\r\n",
                crate::common::b64encode(server_first.as_bytes())
            )
            .as_bytes(),
        );
        peer.drain();
    });
    let out = cleartext(port, "SCRAM-SHA-256")
        .args(["--pass", "p", "--timeout", "1"])
        .output()
        .unwrap();
    server.join().expect("server thread");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(stdout.contains("was not sent"), "{stdout}");
}

/// A command that makes the secret is bounded by connect's --timeout, not
/// only by the 30 seconds of the other verbs.
#[test]
fn a_secret_command_is_bounded_by_the_timeout() {
    saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{}", closed_port())])
        .args(["--user", "u", "--pass-cmd", "sleep 20", "--timeout", "1"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("within 1 second"));
}

/// `--json` is one document however long the server's lines are: the
/// boundary cuts a string where it is made, never the document.
#[test]
fn json_stays_one_document_whatever_the_line_length() {
    let long = format!("250 {}", "x".repeat(5000));
    let (port, server) = fake(move |peer| {
        peer.send(b"220 fake.invalid ESMTP\r\n");
        peer.line();
        peer.send(
            format!(
                "250-fake.invalid\r\n250-{}\r\n250 AUTH PLAIN\r\n",
                &long[4..]
            )
            .as_bytes(),
        );
        peer.line();
        peer.send(format!("535-{}\r\n535 5.7.8 no\r\n", "y".repeat(5000)).as_bytes());
        goodbye(peer);
    });
    let out = cleartext(port, "PLAIN")
        .args(["--pass", "pencil", "--timeout", "10", "--json"])
        .output()
        .unwrap();
    server.join().expect("server thread");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["verdict"]["exit_code"], 1, "{doc}");
}

/// A connection refused: the whole check took at least as long as the
/// attempt to connect (--json's timings).
#[test]
fn a_refused_connection_times_the_whole_check() {
    let out = saslenc()
        .args(["connect", &format!("smtp://127.0.0.1:{}", closed_port())])
        .args(["--user", "u", "--pass", "p", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (connect, total) = (
        doc["timings_ms"]["connect"].as_f64().unwrap(),
        doc["timings_ms"]["total"].as_f64().unwrap(),
    );
    assert!(total >= connect, "{doc}");
}

/// `--json` gives a refusal's reply codes in fields of their own: SMTP's
/// reply code and enhanced status code, from the whole multi-line reply.
#[test]
fn json_names_the_reply_codes() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "PLAIN");
        peer.line();
        peer.send(b"535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 BadCredentials\r\n");
        goodbye(peer);
    });
    let out = cleartext(port, "PLAIN")
        .args(["--pass", "pencil", "--timeout", "10", "--json"])
        .output()
        .unwrap();
    server.join().expect("server thread");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reply = &doc["verdict"]["server_reply"];
    assert_eq!(reply["code"], "535", "{doc}");
    assert_eq!(reply["enhanced_code"], "5.7.8", "{doc}");
    assert!(
        reply["text"]
            .as_str()
            .is_some_and(|t| t.contains("not accepted") && t.ends_with("BadCredentials")),
        "{doc}"
    );
}

/// `--connect-to HOST:PORT` connects there, while the URL still names the
/// server; a value that is no HOST:PORT is a usage error.
#[test]
fn connect_to_reaches_another_address_for_the_same_name() {
    let (port, server) = fake(|peer| {
        smtp_greeting(peer, "PLAIN");
        peer.line();
        peer.send(b"235 2.7.0 Accepted\r\n");
        goodbye(peer);
    });
    let out = saslenc()
        .args(["connect", "smtp://mail.example.invalid:2525", "--no-tls"])
        .args([
            "--allow-cleartext",
            "--mech",
            "PLAIN",
            "--user",
            "u",
            "--pass",
            "p",
        ])
        .args(["--connect-to", &format!("127.0.0.1:{port}"), "-q"])
        .output()
        .unwrap();
    server.join().expect("server thread");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("smtp://mail.example.invalid:2525"),
        "{out:?}"
    );
    for bad in [
        "127.0.0.1",
        "::1:25",
        "[::1]",
        "host:0",
        "host:70000",
        ":25",
    ] {
        saslenc()
            .args([
                "connect",
                "smtp://mail.example.invalid",
                "--user",
                "u",
                "--pass",
                "p",
            ])
            .args(["--connect-to", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--connect-to is HOST:PORT"));
    }
}
