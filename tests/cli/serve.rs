//! `saslenc serve` as a process: its listening lines, exit statuses,
//! signals, limits and JSON events, driven by a raw client here. Real
//! clients (curl, swaks, gsasl, msmtp, Python) are in the interop suite.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{b64encode, saslenc};

pub(crate) struct Serve {
    pub(crate) child: Child,
    pub(crate) lines: mpsc::Receiver<String>,
    pub(crate) addrs: Vec<String>,
}

pub(crate) fn start(urls: &[&str], args: &[&str]) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saslenc"))
        .arg("serve")
        .args(urls)
        .args(args)
        .env_clear()
        .env("PASS", "pencil")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut addrs = Vec::new();
    while addrs.len() < urls.len() {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("a listening line");
        let url = if line.starts_with('{') {
            let event: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(event["event"], "listening", "{line}");
            event["url"].as_str().unwrap().to_owned()
        } else {
            let rest = line.strip_prefix("listening ").expect("listening first");
            rest.split(' ').next().unwrap().to_owned()
        };
        addrs.push(url.split_once("://").unwrap().1.to_owned());
    }
    Serve {
        child,
        lines,
        addrs,
    }
}

impl Serve {
    pub(crate) fn wait(mut self) -> (i32, String, String) {
        for _ in 0..200 {
            if self.child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        let mut out = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            out.push_str(&line);
            out.push('\n');
        }
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code().unwrap_or(-1), out, err)
    }

    pub(crate) fn terminate(&self) {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
    }
}

/// A run a test left, by a failed assertion too, does not outlive it.
impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw client: sends lines, reads replies.
pub(crate) struct Client {
    pub(crate) reader: BufReader<TcpStream>,
}

impl Client {
    pub(crate) fn connect(addr: &str) -> Client {
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Client {
            reader: BufReader::new(tcp),
        }
    }

    pub(crate) fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line
    }

    pub(crate) fn send(&mut self, bytes: &[u8]) {
        self.reader.get_mut().write_all(bytes).unwrap();
    }

    /// Sends `line` and reads the reply up to the line that starts with
    /// `until`.
    pub(crate) fn command(&mut self, line: &str, until: &str) -> String {
        self.send(format!("{line}\r\n").as_bytes());
        let mut reply = String::new();
        loop {
            let next = self.line();
            if next.is_empty() {
                return reply;
            }
            reply.push_str(&next);
            if next.starts_with(until) {
                return reply;
            }
        }
    }
}

#[test]
fn a_port_is_required_and_accounts_too() {
    saslenc()
        .args(["serve", "smtp://127.0.0.1", "--accept-any"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("serve needs a port"));
    saslenc()
        .args(["serve", "smtp://127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("serve needs accounts"));
    saslenc()
        .args([
            "serve",
            "smtp://127.0.0.1:0",
            "--accept-any",
            "--mech",
            "SCRAM-SHA-256",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot prove"));
}

#[test]
fn no_connection_within_the_timeout_is_exit_5() {
    let serve = start(
        &["imap://127.0.0.1:0"],
        &["--accept-any", "--once", "--timeout", "1"],
    );
    let (code, _, err) = serve.wait();
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("no connection came within 1 s"), "{err}");
}

#[test]
fn a_client_that_never_logs_in_is_exit_7() {
    let serve = start(&["smtp://127.0.0.1:0"], &["--accept-any", "--once"]);
    let mut client = Client::connect(&serve.addrs[0]);
    assert!(client.line().starts_with("220 "));
    client.command("EHLO me", "250 ");
    client.command("QUIT", "221");
    let (code, out, _) = serve.wait();
    assert_eq!(code, 7, "{out}");
    assert!(out.contains("closed"), "{out}");
}

/// The cleartext session of the seed: PLAIN over plain TCP (with
/// --allow-cleartext), IMAP LOGIN with a literal password, the password
/// masked everywhere, JSON events that parse.
#[test]
fn cleartext_logins_with_literals_and_json_events() {
    let serve = start(
        &["imap://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--allow-cleartext",
            "--once",
            "--json",
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    assert!(client.line().starts_with("* OK [CAPABILITY"));
    client.send(b"a1 LOGIN alice {6}\r\n");
    assert!(client.line().starts_with("+ "));
    client.send(b"pencil\r\n");
    let reply = client.line();
    assert!(reply.starts_with("a1 OK"), "{reply}");
    client.command("a2 SELECT INBOX", "a2 ");
    client.command("a3 LOGOUT", "a3 ");
    let (code, out, err) = serve.wait();
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("pencil"), "the password leaked: {out}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert!(events.iter().all(|e| e["v"] == 1));
    let login = events
        .iter()
        .find(|e| e["event"] == "login")
        .expect("a login event");
    assert_eq!(login["verdict"], "accepted");
    assert_eq!(login["user"], "alice");
    assert_eq!(login["mechanism"], "IMAP LOGIN");
    assert!(events.iter().any(|e| e["event"] == "closed"));
}

#[test]
fn auth_before_starttls_is_538_and_diagnosed() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--user", "alice", "--pass-env", "PASS", "--once"],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    let ehlo = client.command("EHLO me", "250 ");
    assert!(
        ehlo.contains("STARTTLS") && !ehlo.contains("AUTH"),
        "{ehlo}"
    );
    let plain = b64encode(b"\0alice\0pencil");
    let reply = client.command(&format!("AUTH PLAIN {plain}"), "538 ");
    // On loopback the client is told why, before the reply's last line.
    assert!(
        reply.starts_with("538-5.7.11 diagnosis: the client sent AUTH before STARTTLS"),
        "{reply}"
    );
    assert!(reply.contains("\r\n538 5.7.11 "), "{reply}");
    client.command("QUIT", "221");
    let (code, out, _) = serve.wait();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("diagnosis: the client sent AUTH before STARTTLS"),
        "{out}"
    );
    assert!(!out.contains(&plain), "the credential leaked: {out}");
}

#[test]
fn sigterm_ends_sessions_politely_with_a_summary() {
    let serve = start(
        &["imap://127.0.0.1:0", "pop3://127.0.0.1:0"],
        &["--accept-any"],
    );
    let mut imap = Client::connect(&serve.addrs[0]);
    imap.line();
    let mut pop3 = Client::connect(&serve.addrs[1]);
    pop3.line();
    std::thread::sleep(Duration::from_millis(300));
    serve.terminate();
    assert!(imap.line().starts_with("* BYE"));
    assert!(pop3.line().starts_with("-ERR"));
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("stopped: 2 connections, 0 logins accepted, 0 refused"),
        "{out}"
    );
}

/// A login in the middle when serve stops is unfinished, and the server,
/// not the client, is named as the one that ended it; the summary counts
/// it apart from refusals.
#[test]
fn a_login_interrupted_by_the_stop_is_unfinished_by_the_server() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--user", "alice", "--pass-env", "PASS", "--allow-cleartext"],
    );
    let mut smtp = Client::connect(&serve.addrs[0]);
    smtp.line();
    smtp.command("EHLO x", "250 ");
    smtp.command("AUTH LOGIN", "334 ");
    smtp.command("YWxpY2U=", "334 ");
    std::thread::sleep(Duration::from_millis(300));
    serve.terminate();
    assert!(smtp.line().starts_with("421 "));
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "the server ended the session (the server is shutting down) at the server's challenge"
        ),
        "{out}"
    );
    assert!(!out.contains("the client closed"), "{out}");
    assert!(
        out.contains("stopped: 1 connection, 0 logins accepted, 0 refused, 1 unfinished"),
        "{out}"
    );
}

#[test]
fn beyond_max_connections_the_server_is_busy() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--accept-any", "--max-connections", "1"],
    );
    let mut first = Client::connect(&serve.addrs[0]);
    assert!(first.line().starts_with("220 "));
    let mut second = Client::connect(&serve.addrs[0]);
    let busy = second.line();
    assert!(busy.starts_with("421 4.7.0"), "{busy}");
    serve.terminate();
    let (_, out, _) = serve.wait();
    assert!(out.contains("turned away"), "{out}");
}

/// Hostile input: an endless line, bytes that are no UTF-8, a literal
/// announced far too big; the server answers or closes, and keeps
/// serving.
#[test]
fn hostile_input_never_stops_the_server() {
    let serve = start(
        &["imap://127.0.0.1:0"],
        &["--accept-any", "--allow-cleartext"],
    );
    let mut a = Client::connect(&serve.addrs[0]);
    a.line();
    a.send(&vec![b'x'; 70 * 1024]);
    // The connection is closed without a reply to the line.
    let mut rest = String::new();
    let _ = a.reader.read_to_string(&mut rest);
    let mut b = Client::connect(&serve.addrs[0]);
    b.line();
    let reply = b.command("a1 LOGIN {999999999999}", "a1 ");
    assert!(reply.contains("BAD"), "{reply}");
    b.send(b"\xff\xfe\r\n");
    assert!(b.line().contains("BAD"));
    let reply = b.command("a2 LOGIN \"unclosed", "a2 ");
    assert!(reply.contains("BAD"), "{reply}");
    let reply = b.command("a3 NOOP", "a3 ");
    assert!(reply.starts_with("a3 OK"), "{reply}");
    serve.terminate();
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
}

/// An expired JWT issued to another user, for Microsoft Graph, signed by
/// an independent implementation (`jsonwebtoken`).
fn expired_graph_token(upn: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = serde_json::json!({
        "iss": "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
        "aud": "https://graph.microsoft.com",
        "scp": "Mail.Read",
        "upn": upn,
        "iat": now - 10800,
        "exp": now - 7200,
    });
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"a key serve never sees"),
    )
    .unwrap()
}

/// A refused XOAUTH2 login with a JWT: the diagnosis lists the token's
/// failed checks for the session's protocol (IMAP here). An XOAUTH2
/// message typed as text where base64 was due is named as such.
#[test]
fn a_refused_oauth_token_is_diagnosed_by_its_claims() {
    let serve = start(
        &["imap://127.0.0.1:0"],
        &[
            "--user",
            "alice@example.org",
            "--token",
            "the-token-serve-holds",
            "--allow-cleartext",
            "--once",
        ],
    );
    let token = expired_graph_token("bob@example.org");
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    let message = format!("user=alice@example.org\x01auth=Bearer {token}\x01\x01");
    let reply = client.command(
        &format!("a1 AUTHENTICATE XOAUTH2 {}", b64encode(message.as_bytes())),
        "+",
    );
    assert!(reply.starts_with("+ "), "{reply}");
    let reply = client.command("", "a1 ");
    assert!(reply.contains("a1 NO"), "{reply}");
    client.command("a2 AUTHENTICATE XOAUTH2", "+");
    let reply = client.command(
        &format!("user=alice@example.org auth=Bearer {token}"),
        "a2 ",
    );
    assert!(reply.contains("a2 BAD"), "{reply}");
    client.command("a3 LOGOUT", "a3 ");
    let (code, out, _) = serve.wait();
    // A malformed login is exit 3, as documented.
    assert_eq!(code, 3, "{out}");
    for needle in [
        "diagnosis: the token fails the audience check: the audience is Microsoft Graph",
        "diagnosis: the token fails the scope check: scp lacks IMAP.AccessAsUser.All",
        "diagnosis: the token fails the expiry check: expired 2 hours ago",
        "diagnosis: the token fails the user check: the login's user is alice@example.org, \
         but the token was issued to bob@example.org (upn)",
        "diagnosis: the token is not the one this server accepts",
        "diagnosis: the XOAUTH2 message was sent as text, not base64, and its fields are not \
         separated by ^A (0x01) bytes",
        "C: user=alice@example.org auth=Bearer ********",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
    let signature = token.rsplit('.').next().unwrap();
    assert!(!out.contains(signature), "the token leaked: {out}");
}

/// What a client sends when it gets a credential wrong in a way that puts
/// the password where saslenc does not expect it: each case, its lines.
fn misplaced_credentials(password: &str) -> Vec<(&'static str, Vec<String>)> {
    let b = |text: &str| b64encode(text.as_bytes());
    let latin1: Vec<u8> = password.chars().map(|c| c as u32 as u8).collect();
    vec![
        (
            "PLAIN without the leading NUL",
            vec![format!("AUTH PLAIN {}", b(&format!("alice\0{password}")))],
        ),
        (
            "LOGIN with user and password swapped",
            vec!["AUTH LOGIN".into(), b(password), b("alice")],
        ),
        (
            "the PLAIN string at LOGIN's Username: prompt",
            vec![
                "AUTH LOGIN".into(),
                b(&format!("\0alice\0{password}")),
                b(password),
            ],
        ),
        (
            "a Latin-1 password",
            vec!["AUTH LOGIN".into(), b("alice"), b64encode(&latin1)],
        ),
        (
            "PLAIN in base64 twice",
            vec![format!(
                "AUTH PLAIN {}",
                b(&b(&format!("\0alice\0{password}")))
            )],
        ),
        (
            "LOGIN answered in plain text",
            vec!["AUTH LOGIN".into(), "alice".into(), password.into()],
        ),
        (
            "a LOGIN answer where a command is due",
            vec!["AUTH LOGIN".into(), "*".into(), b(password)],
        ),
        (
            "the password as the CRAM-MD5 digest",
            vec!["AUTH CRAM-MD5".into(), b(&format!("alice {password}"))],
        ),
        (
            "the password in the PLAIN user field",
            vec![format!("AUTH PLAIN {}", b(&format!("\0{password}\0alice")))],
        ),
    ]
}

/// A password a client sends malformed or in the wrong field never
/// reaches `serve`'s output, in text or JSON: not its transcript, verdict,
/// diagnosis or summary, in no form (the first promise).
#[test]
fn a_misplaced_password_is_never_shown() {
    let password = "pencil-Ä1";
    for json in [false, true] {
        let mut args = vec!["--user", "alice", "--pass", password, "--allow-cleartext"];
        if json {
            args.push("--json");
        }
        let serve = start(&["smtp://127.0.0.1:0"], &args);
        let mut client = Client::connect(&serve.addrs[0]);
        client.line();
        client.command("EHLO x", "250 ");
        for (_, lines) in misplaced_credentials(password) {
            for line in lines {
                client.send(format!("{line}\r\n").as_bytes());
                client.line();
            }
        }
        client.command("QUIT", "221");
        serve.terminate();
        let (_, out, err) = serve.wait();
        let all = format!("{out}{err}");
        for form in crate::secret_forms::forms_of(password.as_bytes()) {
            assert!(!all.contains(&form), "{form:?} shown:\n{all}");
        }
        assert!(
            all.contains("verdict") || all.contains("\"login\""),
            "{all}"
        );
    }
}

/// IMAP LOGIN with the user name and the password swapped, and the
/// password sent as a tag alone: neither reaches serve's output.
#[test]
fn imap_login_swapped_never_shows_the_password() {
    let serve = start(
        &["imap://127.0.0.1:0"],
        &["--user", "alice", "--pass-env", "PASS", "--allow-cleartext"],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("a1 LOGIN pencil alice", "a1 ");
    client.command("a2 LOGIN \"PENCIL\" \"alice\"", "a2 ");
    client.command("pencil", "pencil ");
    client.command("a3 LOGOUT", "a3 ");
    serve.terminate();
    let (_, out, err) = serve.wait();
    let all = format!("{out}{err}");
    for form in crate::secret_forms::forms_of(b"pencil") {
        assert!(!all.contains(&form), "{form:?} shown:\n{all}");
    }
    assert!(all.contains("verdict: refused"), "{all}");
}

/// A line feed in a user name cannot make a line of its own in the log:
/// no client can forge `[N] verdict: accepted`.
#[test]
fn a_user_name_cannot_forge_a_log_line() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--user", "alice", "--pass-env", "PASS", "--allow-cleartext"],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO x", "250 ");
    let forged = "alice\n[1] verdict: accepted (PLAIN as admin)\r\u{202e}";
    client.command(
        &format!(
            "AUTH PLAIN {}",
            b64encode(format!("\0{forged}\0nope").as_bytes())
        ),
        "5",
    );
    client.command("AUTH LOGIN", "334");
    client.command(&b64encode(forged.as_bytes()), "334");
    client.command(&b64encode(b"nope"), "5");
    client.command("QUIT", "221");
    serve.terminate();
    let (_, out, _) = serve.wait();
    assert!(
        !out.lines().any(|l| l.starts_with("[1] verdict: accepted")),
        "{out}"
    );
    assert!(!out.contains('\r') && !out.contains('\u{202e}'), "{out:?}");
    assert!(
        out.contains(r"alice\x0a[1] verdict: accepted (PLAIN as admin)\x0d\xe2\x80\xae"),
        "{out}"
    );
    // Each LOGIN message says which of the two it is.
    assert!(
        out.contains("[LOGIN user name]") && out.contains("[LOGIN password]"),
        "{out}"
    );
}

/// neomutt and s-nail hang up at the XOAUTH2 error challenge: the login
/// is on record and `--once` exits with its verdict (1), not 7.
#[test]
fn a_hang_up_at_the_oauth_error_challenge_is_a_refused_login() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--token",
            "the-token-serve-holds",
            "--allow-cleartext",
            "--once",
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO me", "250 ");
    let message = b"user=alice\x01auth=Bearer another-token\x01\x01";
    let reply = client.command(&format!("AUTH XOAUTH2 {}", b64encode(message)), "334 ");
    assert!(reply.starts_with("334 "), "{reply}");
    drop(client);
    let (code, out, _) = serve.wait();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("verdict: refused (XOAUTH2 as alice)"), "{out}");
    assert!(out.contains("at the error challenge"), "{out}");
    assert!(!out.contains("closed: closed"), "{out}");
}

/// A line past 64 KiB gets "500 5.5.6 Line too long", not a shutdown.
#[test]
fn an_over_long_line_is_answered_line_too_long() {
    let serve = start(&["smtp://127.0.0.1:0"], &["--accept-any", "--once"]);
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.send(&vec![b'A'; 64 * 1024 + 10]);
    client.send(b"\r\n");
    assert_eq!(client.line(), "500 5.5.6 Line too long\r\n");
    let (code, out, _) = serve.wait();
    assert_eq!(code, 7, "{out}");
    assert!(out.contains("closed: a line passed 65536 bytes"), "{out}");
}

/// A session that ends with QUIT says who closed it.
#[test]
fn the_closing_reason_names_who_closed() {
    let serve = start(&["pop3://127.0.0.1:0"], &["--accept-any", "--once"]);
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("QUIT", "+OK");
    let (_, out, _) = serve.wait();
    assert!(out.contains("closed: the client logged out\n"), "{out}");
}

/// `openssl s_client` without `-starttls` on a STARTTLS port: its
/// ClientHello (here without a line feed in it) is named when it leaves.
#[test]
fn a_tls_client_hello_on_a_starttls_port_is_named() {
    let serve = start(&["imap://127.0.0.1:0"], &["--accept-any", "--once"]);
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.send(b"\x16\x03\x01\x00\x2f\x01\x00\x00\x2b\x03\x03");
    std::thread::sleep(Duration::from_millis(200));
    drop(client);
    let (code, out, err) = serve.wait();
    assert_eq!(code, 7, "{out}");
    assert!(err.contains("a TLS ClientHello"), "{err}");
}

/// `--show-secrets` shows what is masked otherwise, the account's own
/// password included.
#[test]
fn show_secrets_shows_the_password() {
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--allow-cleartext",
            "--show-secrets",
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO x", "250 ");
    client.command(
        &format!("AUTH PLAIN {}", b64encode(b"\0alice\0pencil")),
        "235",
    );
    client.command("QUIT", "221");
    serve.terminate();
    let (_, out, _) = serve.wait();
    assert!(out.contains(r"\0alice\0pencil"), "{out}");
}

/// With --passdb, a password kept in clear is a secret of the run too: a
/// client that sends it as the user name does not get it shown.
#[test]
fn a_passdb_password_sent_as_the_user_name_is_not_shown() {
    let dir = crate::common::tempdir();
    let passdb = dir.path().join("passwd");
    std::fs::write(&passdb, "alice:{PLAIN}pencil-sharp::::::\n").unwrap();
    let serve = start(
        &["smtp://127.0.0.1:0"],
        &["--passdb", passdb.to_str().unwrap(), "--allow-cleartext"],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    client.line();
    client.command("EHLO x", "250 ");
    client.command("AUTH LOGIN", "334");
    client.command(&b64encode(b"pencil-sharp"), "334");
    client.command(&b64encode(b"alice"), "5");
    client.command("QUIT", "221");
    serve.terminate();
    let (_, out, err) = serve.wait();
    let all = format!("{out}{err}");
    for form in crate::secret_forms::forms_of(b"pencil-sharp") {
        assert!(!all.contains(&form), "{form:?} shown:\n{all}");
    }
    assert!(all.contains("verdict: refused"), "{all}");
}

/// `serve --client-ca`, and `connect --cert` as its client: EXTERNAL
/// logs in with a certificate that names the account, and each refusal
/// is said in words, in serve's diagnosis.
#[test]
fn external_with_a_client_ca_logs_in_and_says_why_not() {
    let dir = crate::common::tempdir();
    let pki = crate::pki::Pki::make(dir.path());
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let none: Option<&crate::pki::Pair> = None;
    let cases = [
        (Some(&pki.alice), None, 0, "accepted"),
        (Some(&pki.alice), Some("alice"), 0, "accepted"),
        (
            none,
            None,
            1,
            "EXTERNAL: the client sent no TLS client certificate",
        ),
        (
            Some(&pki.stranger),
            None,
            1,
            "not accepted: untrusted issuer: it was issued by CN=another CA, which is not among \
             the trusted client CAs (CN=saslenc test CA)",
        ),
        (
            Some(&pki.expired),
            None,
            1,
            "(CN=alice) was not accepted: expired: it expired ",
        ),
        (
            Some(&pki.bob),
            None,
            1,
            "the certificate (CN=bob) is verified, but its identity does not match an account \
             here: \"bob\" looked up",
        ),
        (
            Some(&pki.alice),
            Some("bob"),
            1,
            "the client asked to act as \"bob\", and the certificate (CN=alice) is for another \
             user: it names CN alice, email alice@example.org",
        ),
    ];
    for (pair, user, code, said) in cases {
        let serve = start(
            &["imaps://127.0.0.1:0"],
            &[
                "--user",
                "alice",
                "--client-ca",
                &path(&pki.ca),
                "--cert",
                &path(&pki.server.cert),
                "--key",
                &path(&pki.server.key),
                "--once",
                "--quiet",
            ],
        );
        let mut connect = saslenc();
        connect
            .args([
                "connect",
                &format!("imaps://{}", serve.addrs[0]),
                "--mech",
                "EXTERNAL",
            ])
            .arg("--cafile")
            .arg(&pki.ca);
        if let Some(pair) = pair {
            connect
                .arg("--cert")
                .arg(&pair.cert)
                .arg("--key")
                .arg(&pair.key);
        }
        if let Some(user) = user {
            connect.args(["--user", user]);
        }
        let connected = connect.assert().code(code);
        let connect_out = String::from_utf8_lossy(&connected.get_output().stdout).into_owned();
        // A refusal of EXTERNAL is no wrong password, and connect says so.
        assert_eq!(
            connect_out.contains("warning: the server refused EXTERNAL, which sends no password"),
            code == 1 && pair.is_some(),
            "{connect_out}"
        );
        let (status, out, err) = serve.wait();
        assert_eq!(status, code, "{said}: {out}{err}");
        assert!(
            out.contains(said) || err.contains(said),
            "{said}:\n{out}{err}"
        );
    }
    // EXTERNAL is offered on TLS only, and the mechanisms keep their order.
    let serve = start(
        &["imap://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--client-ca",
            &path(&pki.ca),
            "--allow-cleartext",
            "--once",
        ],
    );
    let mut client = Client::connect(&serve.addrs[0]);
    let greeting = client.line();
    assert!(!greeting.contains("AUTH=EXTERNAL"), "{greeting}");
    assert!(greeting.contains("AUTH=PLAIN"), "{greeting}");
    client.command("A1 LOGOUT", "A1 ");
    serve.wait();
    saslenc()
        .args([
            "serve",
            "imaps://127.0.0.1:0",
            "--accept-any",
            "--mech",
            "EXTERNAL",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--mech EXTERNAL needs --client-ca",
        ));
    saslenc()
        .args([
            "serve",
            "imaps://127.0.0.1:0",
            "--accept-any",
            "--client-ca",
        ])
        .arg(dir.path().join("missing.pem"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--client-ca "));
}

/// A key that is not the certificate's is one line naming both options,
/// exit 2, before any listener opens.
/// An X.509 version 1 client certificate (what `openssl x509 -req`
/// makes without extensions) loads in `connect --cert`, as servers on
/// OpenSSL take it; `serve` ends the handshake and refuses it in words
/// that say version 3 is needed, not with webpki's error name.
#[test]
fn a_version_1_client_certificate_is_sent_and_refused_in_words() {
    let dir = crate::common::tempdir();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl").args(args).output();
        match out {
            Ok(out) => assert!(out.status.success(), "{out:?}"),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("skipped: openssl: {e}");
                return false;
            }
            Err(e) => panic!("openssl: {e}"),
        }
        true
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let (ca, ca_key, key, csr, cert) = (
        at("ca.pem"),
        at("ca.key"),
        at("alice.key"),
        at("alice.csr"),
        at("alice.pem"),
    );
    let made = openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-keyout",
                &ca_key,
                "-out",
                &ca,
                "-subj",
                "/CN=v1 CA",
                "-days",
                "2",
            ],
        ]
        .concat(),
    ) && openssl(
        &[
            &["req"][..],
            &ec,
            &["-keyout", &key, "-out", &csr, "-subj", "/CN=alice"],
        ]
        .concat(),
    ) && openssl(&[
        "x509", "-req", "-in", &csr, "-CA", &ca, "-CAkey", &ca_key, "-out", &cert, "-days", "2",
    ]);
    if !made {
        return;
    }
    let text = Command::new("openssl")
        .args(["x509", "-in", &cert, "-noout", "-text"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Version: 1 (0x0)"));
    let serve = start(
        &["imaps://127.0.0.1:0"],
        &[
            "--user",
            "alice",
            "--pass-env",
            "PASS",
            "--client-ca",
            &ca,
            "--once",
            "--quiet",
        ],
    );
    saslenc()
        .args([
            "connect",
            &format!("imaps://{}", serve.addrs[0]),
            "--insecure",
        ])
        .args(["--mech", "EXTERNAL", "--cert", &cert, "--key", &key])
        .assert()
        .code(1);
    let (status, out, err) = serve.wait();
    assert_eq!(status, 1, "{out}{err}");
    let said = "it is an X.509 version 1 certificate, and only version 3 is accepted";
    assert!(out.contains(said) || err.contains(said), "{out}{err}");
    assert!(
        !format!("{out}{err}").contains("UnsupportedCertVersion"),
        "{out}{err}"
    );
}

#[test]
fn a_key_that_is_not_the_certificates_names_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let pki = crate::pki::Pki::make(dir.path());
    saslenc()
        .args(["serve", "smtp://127.0.0.1:0", "--accept-any", "--cert"])
        .arg(&pki.server.cert)
        .arg("--key")
        .arg(&pki.alice.key)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "saslenc: error: --cert and --key do not make a TLS server: the key is not the key \
             of the certificate\n",
        );
}
