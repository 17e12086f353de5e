//! `saslenc serve` against clients nobody here wrote: curl, swaks, GNU
//! gsasl, msmtp, Python's smtplib, imaplib and poplib, `openssl s_client`
//! sessions typed as the README's learner types them, and saslenc
//! `connect`. Each case starts `serve --once` on a free port, runs the
//! client, and checks serve's exit status (0 accepted, 1 refused, 3
//! malformed, 7 no login) and, for mistakes, the diagnosis line.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::saslenc::binary;
use crate::{concurrent, peers};

const USER: &str = "alice";
const PASS: &str = "pencil";
pub(crate) const TOKEN: &str = "ya29.test-token-0123456789";
/// Cases run side by side, each with its own `serve --once` on its own
/// port: the clients mostly wait (TLS handshakes, their own pauses).
const WORKERS: usize = 8;

/// A running `saslenc serve --once`.
pub(crate) struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// `host:port` of each listener, in the order of the URLs.
    pub(crate) addrs: Vec<String>,
    _dir: tempfile::TempDir,
    pub(crate) cert: PathBuf,
}

impl Serve {
    /// Starts serve on `schemes` (each on 127.0.0.1, port 0) with `args`.
    pub(crate) fn start(schemes: &[&str], args: &[&str]) -> Serve {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        let mut cmd = Command::new(binary());
        cmd.arg("serve");
        for scheme in schemes {
            cmd.arg(format!("{scheme}://127.0.0.1:0"));
        }
        cmd.arg("--once")
            .arg("--timeout")
            .arg("30")
            .arg("--write-cert")
            .arg(&cert)
            .args(args)
            .env("SERVE_PASS", PASS)
            .env("SERVE_TOKEN", TOKEN)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("saslenc serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let addrs = listening(&lines, schemes.len());
        Serve {
            child,
            lines,
            addrs,
            _dir: dir,
            cert,
        }
    }

    pub(crate) fn port(&self, index: usize) -> &str {
        self.addrs[index].rsplit_once(':').unwrap().1
    }

    /// Waits for serve to end; its exit status and everything it printed.
    pub(crate) fn finish(mut self) -> (i32, String) {
        let mut code = None;
        for _ in 0..3000 {
            if let Some(status) = self.child.try_wait().unwrap() {
                code = status.code();
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if code.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let mut out = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(500)) {
            out.push_str(&line);
            out.push('\n');
        }
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut err);
        }
        out.push_str(&err);
        (code.unwrap_or(-1), out)
    }
}

/// The `host:port` of the first `count` listening lines serve prints,
/// which come before anything is accepted.
pub(crate) fn listening(lines: &mpsc::Receiver<String>, count: usize) -> Vec<String> {
    let mut addrs = Vec::new();
    while addrs.len() < count {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("serve prints its listening lines");
        let url = line
            .strip_prefix("listening ")
            .and_then(|l| l.split(' ').next())
            .unwrap_or_else(|| panic!("not a listening line: {line}"));
        addrs.push(url.split_once("://").unwrap().1.to_owned());
    }
    addrs
}

pub(crate) fn tool(name: &str, version_arg: &str) -> Result<(), String> {
    match Command::new(name).arg(version_arg).output() {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "`{name}` not runnable ({e}); apt-get install {name}"
        )),
    }
}

/// Runs `cmd`, returning its exit status and output for messages.
pub(crate) fn run(cmd: &mut Command) -> (i32, String) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A case: serve's exit status must be `want`, and its output must hold
/// each of `needles`.
fn check(name: &str, serve: Serve, client: (i32, String), want: i32, needles: &[&str]) -> bool {
    let (code, out) = serve.finish();
    let ok = code == want && needles.iter().all(|n| out.contains(n));
    if !ok {
        eprintln!(
            "FAILED {name}: serve exit {code}, want {want}; needles {needles:?}\n--- serve:\n{out}\n--- client (exit {}):\n{}",
            client.0, client.1
        );
    }
    ok
}

/// (passed, failed) of the cases' verdicts.
pub(crate) fn tally(results: impl IntoIterator<Item = bool>) -> (usize, usize) {
    results.into_iter().fold(
        (0, 0),
        |(p, f), ok| if ok { (p + 1, f) } else { (p, f + 1) },
    )
}

/// What curl needs to send a message over SMTP once logged in: the
/// envelope and the message file.
fn curl_mail(mail: &str) -> [&str; 6] {
    [
        "--mail-from",
        "a@example.org",
        "--mail-rcpt",
        "b@example.org",
        "-T",
        mail,
    ]
}

fn curl(serve: &Serve, url: String, extra: &[&str]) -> (i32, String) {
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--max-time", "20", "--cacert"])
        .arg(&serve.cert)
        .arg("--url")
        .arg(url)
        .args(extra);
    run(&mut cmd)
}

fn mail_file(dir: &Path) -> PathBuf {
    let path = dir.join("mail.txt");
    std::fs::write(&path, "Subject: test\r\n\r\nhello\r\n").unwrap();
    path
}

#[test]
fn curl_logs_in_with_every_mechanism_it_has() {
    if !peers::available("serve curl", tool("curl", "--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mail = mail_file(dir.path());
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    let mut cases = Vec::new();
    for (scheme, ssl) in [
        ("smtp", true),
        ("smtps", false),
        ("imap", true),
        ("imaps", false),
        ("pop3", true),
        ("pop3s", false),
    ] {
        for mech in ["PLAIN", "LOGIN", "CRAM-MD5"] {
            for (password, want) in [(PASS, 0), ("wrong", 1)] {
                cases.push((scheme, ssl, mech, password, want));
            }
        }
    }
    let results = concurrent::map(&cases, WORKERS, |&(scheme, ssl, mech, password, want)| {
        let serve = Serve::start(&[scheme], &user_args);
        let url = match scheme {
            "imap" | "imaps" => format!("{scheme}://{}/INBOX?ALL", serve.addrs[0]),
            "pop3" | "pop3s" => format!("{scheme}://{}/", serve.addrs[0]),
            _ => format!("{scheme}://{}", serve.addrs[0]),
        };
        let auth = format!("AUTH={mech}");
        let userpass = format!("{USER}:{password}");
        let mut extra = vec![
            "--user",
            userpass.as_str(),
            "--login-options",
            auth.as_str(),
        ];
        if ssl {
            extra.push("--ssl-reqd");
        }
        let mail_arg = mail.to_str().unwrap();
        if scheme.starts_with("smtp") {
            extra.extend(curl_mail(mail_arg));
        }
        let client = curl(&serve, url, &extra);
        let verdict = if want == 0 {
            "verdict: accepted"
        } else {
            "verdict: refused"
        };
        check(
            &format!("curl {scheme} {mech} {password}"),
            serve,
            client,
            want,
            &[verdict, mech],
        )
    });
    // XOAUTH2 and OAUTHBEARER with --oauth2-bearer.
    let mut oauth = Vec::new();
    for (scheme, mech) in [
        ("smtp", "XOAUTH2"),
        ("imap", "OAUTHBEARER"),
        ("pop3", "XOAUTH2"),
    ] {
        for (token, want) in [(TOKEN, 0), ("not-the-token", 1)] {
            oauth.push((scheme, mech, token, want));
        }
    }
    let oauth_results = concurrent::map(&oauth, WORKERS, |&(scheme, mech, token, want)| {
        let serve = Serve::start(&[scheme], &["--user", USER, "--token-env", "SERVE_TOKEN"]);
        let url = match scheme {
            "imap" => format!("imap://{}/INBOX?ALL", serve.addrs[0]),
            "pop3" => format!("pop3://{}/", serve.addrs[0]),
            _ => format!("smtp://{}", serve.addrs[0]),
        };
        let auth = format!("AUTH={mech}");
        let mail_arg = mail.to_str().unwrap();
        let mut extra = vec![
            "--ssl-reqd",
            "--user",
            USER,
            "--oauth2-bearer",
            token,
            "--login-options",
            auth.as_str(),
        ];
        if scheme == "smtp" {
            extra.extend(curl_mail(mail_arg));
        }
        let client = curl(&serve, url, &extra);
        check(
            &format!("curl {scheme} {mech} {token}"),
            serve,
            client,
            want,
            &[mech],
        )
    });
    let (passed, failed) = tally(results.into_iter().chain(oauth_results));
    peers::summary(
        "serve curl",
        passed,
        failed,
        "SMTP, IMAP, POP3; STARTTLS and implicit TLS",
    );
    assert_eq!(failed, 0);
}

#[test]
fn swaks_gsasl_msmtp_and_saslenc_log_in() {
    let have = tool("swaks", "--version")
        .and_then(|()| tool("gsasl", "--version"))
        .and_then(|()| tool("msmtp", "--version"));
    if !peers::available("serve swaks gsasl msmtp", have) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mail = mail_file(dir.path());
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    /// One login: which client, with what.
    enum Case {
        Swaks(&'static str, &'static str, i32),
        Gsasl(&'static str, &'static str, &'static str, &'static str, i32),
        Msmtp(&'static str, &'static str, i32),
        MsmtpOauth(&'static str, &'static str, i32),
        Connect(&'static str),
    }
    let mut cases = Vec::new();
    for mech in ["PLAIN", "LOGIN", "CRAM-MD5"] {
        for (password, want) in [(PASS, 0), ("wrong", 1)] {
            cases.push(Case::Swaks(mech, password, want));
        }
    }
    for (proto, flag) in [("smtp", "--smtp"), ("imap", "--imap")] {
        for mech in ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"] {
            for (password, want) in [(PASS, 0), ("wrong", 1)] {
                cases.push(Case::Gsasl(proto, flag, mech, password, want));
            }
        }
    }
    for mech in ["scram-sha-256", "plain", "login", "cram-md5"] {
        for (password, want) in [(PASS, 0), ("wrong", 1)] {
            cases.push(Case::Msmtp(mech, password, want));
        }
    }
    for mech in ["xoauth2", "oauthbearer"] {
        for (token, want) in [(TOKEN, 0), ("not-the-token", 1)] {
            cases.push(Case::MsmtpOauth(mech, token, want));
        }
    }
    // saslenc connect, with the pin serve printed.
    for mech in ["SCRAM-SHA-256", "PLAIN", "CRAM-MD5"] {
        cases.push(Case::Connect(mech));
    }
    let results = concurrent::map(&cases, WORKERS, |case| match *case {
        Case::Swaks(mech, password, want) => {
            let serve = Serve::start(&["smtp"], &user_args);
            let port = serve.port(0).to_owned();
            let client = run(Command::new("swaks").args([
                "--server",
                "127.0.0.1",
                "--port",
                &port,
                "--tls",
                "--auth",
                mech,
                "--auth-user",
                USER,
                "--auth-password",
                password,
                "--from",
                "a@example.org",
                "--to",
                "b@example.org",
            ]));
            check(
                &format!("swaks {mech} {password}"),
                serve,
                client,
                want,
                &[mech],
            )
        }
        Case::Gsasl(proto, flag, mech, password, want) => {
            let serve = Serve::start(&[proto], &user_args);
            let connect = format!("--connect=127.0.0.1:{}", serve.port(0));
            let ca = format!("--x509-ca-file={}", serve.cert.display());
            let client = run(Command::new("gsasl").args([
                connect.as_str(),
                flag,
                "--starttls",
                ca.as_str(),
                "--no-cb",
                "-m",
                mech,
                "-a",
                USER,
                "-p",
                password,
                "--quiet",
            ]));
            // gsasl's SMTP client looks for "250-STARTTLS": TLS must have
            // started before any login (serve refuses AUTH without it).
            check(
                &format!("gsasl {proto} {mech} {password}"),
                serve,
                client,
                want,
                &[mech, "TLS started"],
            )
        }
        Case::Msmtp(mech, password, want) => {
            let serve = Serve::start(&["smtp"], &user_args);
            let port = format!("--port={}", serve.port(0));
            let trust = format!("--tls-trust-file={}", serve.cert.display());
            let auth = format!("--auth={mech}");
            let eval = format!("--passwordeval=echo {password}");
            let client = run(Command::new("sh").arg("-c").arg(format!(
                "msmtp --host=127.0.0.1 '{port}' --tls=on --tls-starttls=on '{trust}' '{auth}' --user={USER} '{eval}' --from=a@example.org b@example.org < '{}'",
                mail.display()
            )));
            check(
                &format!("msmtp {mech} {password}"),
                serve,
                client,
                want,
                &[&mech.to_uppercase()],
            )
        }
        Case::MsmtpOauth(mech, token, want) => {
            let serve = Serve::start(&["smtp"], &["--user", USER, "--token-env", "SERVE_TOKEN"]);
            let port = format!("--port={}", serve.port(0));
            let trust = format!("--tls-trust-file={}", serve.cert.display());
            let client = run(Command::new("sh").arg("-c").arg(format!(
                "msmtp --host=127.0.0.1 '{port}' --tls=on --tls-starttls=on '{trust}' --auth={mech} --user={USER} '--passwordeval=echo {token}' --from=a@example.org b@example.org < '{}'",
                mail.display()
            )));
            check(
                &format!("msmtp {mech} {token}"),
                serve,
                client,
                want,
                &[&mech.to_uppercase()],
            )
        }
        Case::Connect(mech) => {
            let serve = Serve::start(&["imap"], &user_args);
            let url = format!("imap://{}", serve.addrs[0]);
            let cafile = serve.cert.display().to_string();
            let client = run(Command::new(binary())
                .args([
                    "connect",
                    url.as_str(),
                    "--user",
                    USER,
                    "--pass-env",
                    "SERVE_PASS",
                    "--mech",
                    mech,
                    "--cafile",
                    cafile.as_str(),
                ])
                .env("SERVE_PASS", PASS));
            check(
                &format!("saslenc connect {mech}"),
                serve,
                client,
                0,
                &["verdict: accepted"],
            )
        }
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve swaks gsasl msmtp",
        passed,
        failed,
        "swaks, gsasl SMTP/IMAP, msmtp, saslenc connect",
    );
    assert_eq!(failed, 0);
}

/// Python's standard library clients, and the mistakes real code makes
/// with them.
#[test]
fn python_clients_and_their_mistakes() {
    if !peers::available("serve python", tool("python3", "--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pwfile = dir.path().join("pw");
    std::fs::write(&pwfile, format!("{PASS}\n")).unwrap();
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    let py = |serve: &Serve, body: &str| {
        let script = format!(
            "import ssl, smtplib, imaplib, poplib, hmac, hashlib, base64\n\
             ctx = ssl.create_default_context(cafile={cert:?})\n\
             port = {port}\n\
             try:\n{body}\nexcept Exception as e:\n    print('client error:', e)\n",
            cert = serve.cert.display().to_string(),
            port = serve.port(0),
            body = body
                .lines()
                .map(|l| format!("    {l}\n"))
                .collect::<String>(),
        );
        run(Command::new("python3").arg("-c").arg(script))
    };
    let cases: &[(&str, &str, String, i32, &[&str])] = &[
        ("smtplib login", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.login('{USER}', '{PASS}')\n\
             s.sendmail('a@example.org', ['b@example.org'], 'Subject: x\\r\\n\\r\\nhi'); s.quit()"), 0, &["verdict: accepted"]),
        ("imaplib login", "imap", format!(
            "m = imaplib.IMAP4('127.0.0.1', port); m.starttls(ssl_context=ctx); m.login('{USER}', '{PASS}'); m.select('INBOX'); m.logout()"),
            0, &["verdict: accepted (IMAP LOGIN"]),
        ("imaplib authenticate", "imaps", format!(
            "m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx); m.authenticate('PLAIN', lambda c: b'\\0{USER}\\0{PASS}'); m.logout()"),
            0, &["verdict: accepted (PLAIN"]),
        ("poplib user/pass", "pop3s", format!(
            "p = poplib.POP3_SSL('127.0.0.1', port, context=ctx); p.user('{USER}'); p.pass_('{PASS}'); p.stat(); p.quit()"),
            0, &["verdict: accepted (USER/PASS"]),
        ("poplib apop", "pop3", format!(
            "p = poplib.POP3('127.0.0.1', port); p.stls(context=ctx); p.apop('{USER}', '{PASS}'); p.quit()"),
            0, &["verdict: accepted (APOP"]),
        // A password file read whole: its line end goes with it.
        ("password file with a newline", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.login('{USER}', open({pw:?}).read())",
            pw = pwfile.display().to_string()), 1, &["the password ends with a line feed (0x0a)"]),
        ("user name case", "imaps", format!(
            "m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx); m.login('Alice', '{PASS}')"),
            1, &["differs from it only in case"]),
        ("user name with a domain", "pop3s", format!(
            "p = poplib.POP3_SSL('127.0.0.1', port, context=ctx); p.user('{USER}@example.org'); p.pass_('{PASS}')"),
            1, &["differs from it only in its domain part"]),
        ("CRAM-MD5 over the base64", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo()\n\
             def cram(c):\n    \
             if c is None: return None\n    \
             return '{USER} ' + hmac.new(b'{PASS}', base64.b64encode(c), hashlib.md5).hexdigest()\n\
             s.auth('CRAM-MD5', cram, initial_response_ok=False)"),
            1, &["the digest is over the challenge's base64 text"]),
        ("CRAM-MD5 in upper case", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo()\n\
             def cram(c):\n    \
             if c is None: return None\n    \
             return '{USER} ' + hmac.new(b'{PASS}', c, hashlib.md5).hexdigest().upper()\n\
             s.auth('CRAM-MD5', cram, initial_response_ok=False)"),
            3, &["the digest is in upper-case hex"]),
        ("XOAUTH2 without ^A", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo()\n\
             s.auth('XOAUTH2', lambda c=None: 'user={USER},auth=Bearer {TOKEN}')"),
            3, &["diagnosis: the XOAUTH2 fields are not separated by ^A"]),
        ("AUTH before STARTTLS", "smtp", format!(
            "s = smtplib.SMTP('127.0.0.1', port); s.ehlo(); s.esmtp_features['auth'] = 'PLAIN'; s.login('{USER}', '{PASS}')"),
            1, &["538 5.7.11", "diagnosis: the client sent AUTH before STARTTLS"]),
        // CVE-2011-0411's server side: a command pipelined behind
        // STARTTLS must not run inside TLS.
        ("bytes after STARTTLS", "smtp", "import socket\n\
             c = socket.create_connection(('127.0.0.1', port)); f = c.makefile('rb')\n\
             f.readline(); c.sendall(b'EHLO me\\r\\n')\n\
             while not f.readline().startswith(b'250 '): pass\n\
             c.sendall(b'STARTTLS\\r\\nAUTH PLAIN AGFsaWNlAHBlbmNpbA==\\r\\n'); f.readline()\n\
             t = ctx.wrap_socket(c, server_hostname='localhost'); g = t.makefile('rb')\n\
             t.sendall(b'QUIT\\r\\n'); print(g.readline())".to_owned(),
            7, &["bytes after STARTTLS before the TLS handshake; they were discarded", "CVE-2011-0411"]),
        ("no login at all", "smtp", "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo(); s.quit()".to_owned(),
            7, &["the client never tried to log in"]),
    ];
    let results = concurrent::map(cases, WORKERS, |(name, scheme, body, want, needles)| {
        let token_args = [
            "--user",
            USER,
            "--pass-env",
            "SERVE_PASS",
            "--token-env",
            "SERVE_TOKEN",
        ];
        let serve = if name.contains("XOAUTH2") {
            Serve::start(&[scheme], &token_args)
        } else {
            Serve::start(&[scheme], &user_args)
        };
        let client = py(&serve, body);
        check(name, serve, client, *want, needles)
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve python",
        passed,
        failed,
        "smtplib, imaplib, poplib, and their mistakes",
    );
    assert_eq!(failed, 0);
}

/// The learner's session: `openssl s_client -starttls smtp -crlf`, then
/// lines typed with base64 made by shell pipelines.
#[test]
fn openssl_s_client_sessions_with_shell_made_base64() {
    if !peers::available("serve openssl", tool("openssl", "version")) {
        return;
    }
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    // (name, lines typed after the TLS handshake, as shell words, exit, needles)
    let cases: &[(&str, &str, i32, &[&str])] = &[
        (
            "printf, right",
            r#"echo 'HELO me'; echo "AUTH PLAIN $(printf '\0alice\0pencil' | base64)""#,
            0,
            &["AUTH after HELO", "verdict: accepted"],
        ),
        // bash's echo keeps backslashes without -e (dash's would not).
        (
            "echo without -e",
            r#"echo 'EHLO me'; echo "AUTH PLAIN $(bash -c "echo '\\0alice\\0pencil'" | base64)""#,
            3,
            &["\\0 is two characters"],
        ),
        (
            "bash echo -e without -n",
            r#"echo 'EHLO me'; echo "AUTH PLAIN $(bash -c "echo -e '\\0alice\\0pencil'" | base64)""#,
            1,
            &["the password ends with a line feed (0x0a)"],
        ),
        (
            "two fields",
            r#"echo 'EHLO me'; echo "AUTH PLAIN $(printf 'alice\0pencil' | base64)""#,
            3,
            &["PLAIN's leading NUL is missing"],
        ),
        (
            "LOGIN in plain text",
            r#"echo 'EHLO me'; echo 'AUTH LOGIN'; sleep 0.3; echo 'alice'"#,
            3,
            &["LOGIN's prompts were answered in plain text"],
        ),
        (
            "LOGIN swapped",
            r#"echo 'EHLO me'; echo 'AUTH LOGIN'; sleep 0.3; printf 'pencil' | base64; sleep 0.3; printf 'alice' | base64"#,
            1,
            &["the user name and the password are swapped"],
        ),
        (
            "URL-safe base64",
            r#"echo 'EHLO me'; echo "AUTH PLAIN $(printf '\0alice\0pencil>>>' | base64 | tr '+/' '-_')""#,
            3,
            &["URL-safe base64"],
        ),
    ];
    let results = concurrent::map(cases, WORKERS, |(name, typed, want, needles)| {
        let serve = Serve::start(&["smtp"], &user_args);
        let script = format!(
            "({{ sleep 1; {typed}; sleep 0.5; echo QUIT; sleep 0.5; }}) | openssl s_client -quiet -crlf -starttls smtp -connect 127.0.0.1:{} -CAfile {} 2>&1",
            serve.port(0),
            serve.cert.display()
        );
        let client = run(Command::new("sh").arg("-c").arg(script));
        check(name, serve, client, *want, needles)
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve openssl",
        passed,
        failed,
        "openssl s_client sessions typed by hand",
    );
    assert_eq!(failed, 0);
}

/// DIGEST-MD5 against `serve --mech DIGEST-MD5`: curl (quoted `nc`,
/// `digest-uri="smtp/<realm>"`) over SMTP, IMAP and POP3 with STARTTLS,
/// and GNU gsasl's client over IMAP and SMTP, right and wrong passwords;
/// then the secret from `saslenc secret digest-md5` (a passdb of
/// `{DIGEST-MD5}` made for alice@localhost, serve's realm) with curl.
#[test]
fn digest_md5_clients_against_serve() {
    let curl_here = peers::available("serve curl", tool("curl", "--version"));
    let gsasl_here = peers::available("gsasl", tool("gsasl", "--version"));
    if !curl_here && !gsasl_here {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mail = mail_file(dir.path());
    let passdb = dir.path().join("passdb");
    let made = Command::new(binary())
        .args([
            "secret",
            "digest-md5",
            "--user",
            "alice@localhost",
            "--pass-env",
            "SERVE_PASS",
        ])
        .env("SERVE_PASS", PASS)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    std::fs::write(&passdb, &made.stdout).unwrap();
    let passdb_arg = passdb.to_str().unwrap().to_owned();
    // (client, scheme, password, want, stored)
    let mut cases: Vec<(&str, &str, &str, i32, bool)> = Vec::new();
    if curl_here {
        for scheme in ["smtp", "imap", "pop3"] {
            for (password, want) in [(PASS, 0), ("wrong", 1)] {
                cases.push(("curl", scheme, password, want, false));
            }
        }
        for (password, want) in [(PASS, 0), ("wrong", 1)] {
            cases.push(("curl", "smtp", password, want, true));
        }
    }
    if gsasl_here {
        for scheme in ["imap", "smtp"] {
            for (password, want) in [(PASS, 0), ("wrong", 1)] {
                cases.push(("gsasl", scheme, password, want, false));
            }
        }
    }
    let results = concurrent::map(
        &cases,
        WORKERS,
        |&(client, scheme, password, want, stored)| {
            let mut args = vec!["--mech", "DIGEST-MD5"];
            if stored {
                args.extend(["--passdb", passdb_arg.as_str()]);
            } else {
                args.extend(["--user", USER, "--pass-env", "SERVE_PASS"]);
            }
            let serve = Serve::start(&[scheme], &args);
            let out = if client == "curl" {
                let url = match scheme {
                    "imap" => format!("imap://{}/INBOX?ALL", serve.addrs[0]),
                    "pop3" => format!("pop3://{}/", serve.addrs[0]),
                    _ => format!("smtp://{}", serve.addrs[0]),
                };
                let userpass = format!("{USER}:{password}");
                let mut extra = vec![
                    "--ssl-reqd",
                    "--user",
                    userpass.as_str(),
                    "--login-options",
                    "AUTH=DIGEST-MD5",
                ];
                let mail_arg = mail.to_str().unwrap();
                if scheme == "smtp" {
                    extra.extend(curl_mail(mail_arg));
                }
                curl(&serve, url, &extra)
            } else {
                let connect = format!("--connect=127.0.0.1:{}", serve.port(0));
                let ca = format!("--x509-ca-file={}", serve.cert.display());
                let flag = if scheme == "imap" { "--imap" } else { "--smtp" };
                run(Command::new("gsasl").args([
                    connect.as_str(),
                    flag,
                    "--starttls",
                    ca.as_str(),
                    "-m",
                    "DIGEST-MD5",
                    "-a",
                    USER,
                    "-p",
                    password,
                    "--service",
                    scheme,
                    "--hostname",
                    "localhost",
                    "--realm",
                    "localhost",
                    "--quiet",
                ]))
            };
            let needles: &[&str] = if want == 0 {
                &["verdict: accepted", "rspauth=********"]
            } else {
                &["verdict: refused", "the password differs"]
            };
            check(
                &format!("{client} {scheme} DIGEST-MD5 {password} stored={stored}"),
                serve,
                out,
                want,
                needles,
            )
        },
    );
    let (passed, failed) = tally(results);
    peers::summary(
        "serve digest-md5",
        passed,
        failed,
        "curl --login-options AUTH=DIGEST-MD5 (SMTP, IMAP, POP3; plaintext and {DIGEST-MD5} \
         passdb) and gsasl -m DIGEST-MD5 (IMAP, SMTP) against serve",
    );
    assert_eq!(failed, 0);
}

/// NTLM against `serve --mech NTLM`: curl's NTLMv2 over SMTP, IMAP and
/// POP3 (STARTTLS), right and wrong passwords, from a plaintext password
/// and from an `{NTLM}` NT hash made by `saslenc secret nt-hash`; GNU
/// gsasl's NTLM client sends NTLMv1, which serve refuses as weak (exit 3,
/// malformed for this server) and says so.
#[test]
fn ntlm_clients_against_serve() {
    let curl_here = peers::available("serve curl", tool("curl", "--version"));
    let gsasl_here = peers::available("gsasl", tool("gsasl", "--version"));
    if !curl_here && !gsasl_here {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mail = mail_file(dir.path());
    let passdb = dir.path().join("passdb");
    let made = Command::new(binary())
        .args([
            "secret",
            "nt-hash",
            "--user",
            USER,
            "--pass-env",
            "SERVE_PASS",
        ])
        .env("SERVE_PASS", PASS)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    std::fs::write(&passdb, &made.stdout).unwrap();
    let passdb_arg = passdb.to_str().unwrap().to_owned();
    let mut cases: Vec<(&str, &str, &str, i32, bool)> = Vec::new();
    if curl_here {
        for scheme in ["smtp", "imap", "pop3"] {
            for (password, want) in [(PASS, 0), ("wrong", 1)] {
                cases.push(("curl", scheme, password, want, false));
            }
        }
        for (password, want) in [(PASS, 0), ("wrong", 1)] {
            cases.push(("curl", "smtp", password, want, true));
        }
    }
    if gsasl_here {
        cases.push(("gsasl", "imap", PASS, 3, false));
    }
    // saslenc's own client too, with a domain: NTOWFv2 covers it.
    for scheme in ["smtp", "imap", "pop3"] {
        for (password, want) in [(PASS, 0), ("wrong", 1)] {
            cases.push(("saslenc", scheme, password, want, false));
        }
    }
    let results = concurrent::map(
        &cases,
        WORKERS,
        |&(client, scheme, password, want, stored)| {
            let mut args = vec!["--mech", "NTLM"];
            if stored {
                args.extend(["--passdb", passdb_arg.as_str()]);
            } else {
                args.extend(["--user", USER, "--pass-env", "SERVE_PASS"]);
            }
            let serve = Serve::start(&[scheme], &args);
            let out = if client == "curl" {
                let url = match scheme {
                    "imap" => format!("imap://{}/INBOX?ALL", serve.addrs[0]),
                    "pop3" => format!("pop3://{}/", serve.addrs[0]),
                    _ => format!("smtp://{}", serve.addrs[0]),
                };
                let userpass = format!("{USER}:{password}");
                let mut extra = vec![
                    "--ssl-reqd",
                    "--user",
                    userpass.as_str(),
                    "--login-options",
                    "AUTH=NTLM",
                ];
                let mail_arg = mail.to_str().unwrap();
                if scheme == "smtp" {
                    extra.extend(curl_mail(mail_arg));
                }
                curl(&serve, url, &extra)
            } else if client == "saslenc" {
                let url = format!("{scheme}://{}", serve.addrs[0]);
                let cafile = serve.cert.display().to_string();
                let user = format!("WORKGROUP\\{USER}");
                run(Command::new(binary())
                    .args(["connect", url.as_str(), "--user", user.as_str()])
                    .args(["--pass-env", "CLIENT_PASS", "--mech", "NTLM"])
                    .args(["--cafile", cafile.as_str()])
                    .env("CLIENT_PASS", password))
            } else {
                let connect = format!("--connect=127.0.0.1:{}", serve.port(0));
                let ca = format!("--x509-ca-file={}", serve.cert.display());
                run(Command::new("gsasl").args([
                    connect.as_str(),
                    "--imap",
                    "--starttls",
                    ca.as_str(),
                    "-m",
                    "NTLM",
                    "-a",
                    USER,
                    "-p",
                    password,
                    "--quiet",
                ]))
            };
            let needles: &[&str] = match want {
                0 => &["verdict: accepted", "(nt-proof-str 16 bytes)"],
                1 => &[
                    "verdict: refused",
                    "matches the password under no domain tried",
                ],
                _ => &["NTLMv1", "weak"],
            };
            check(
                &format!("{client} {scheme} NTLM {password} stored={stored}"),
                serve,
                out,
                want,
                needles,
            )
        },
    );
    let (passed, failed) = tally(results);
    peers::summary(
        "serve ntlm",
        passed,
        failed,
        "curl --login-options AUTH=NTLM (NTLMv2; SMTP, IMAP, POP3; plaintext and {NTLM}), \
         gsasl -m NTLM (NTLMv1, refused as weak), saslenc connect --mech NTLM against serve",
    );
    assert_eq!(failed, 0);
}

/// SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS (RFC 5802 section 6) on serve's
/// STARTTLS listeners: gsasl 2.2 binds with tls-exporter on TLS 1.3 (right
/// and wrong password; with --no-cb it sends n, which is taken); Python's
/// scramp binds with tls-server-end-point, which it computes from serve's
/// certificate itself, and is refused when its data is not the
/// connection's; a client-first with y where -PLUS was offered is refused
/// as a downgrade.
#[test]
fn gsasl_and_scramp_bind_to_serves_channel() {
    let have = tool("gsasl", "--version")
        .and_then(|()| tool("python3", "--version"))
        .and_then(|()| crate::channel_binding_tests::scramp_check());
    if !peers::available("serve channel binding", have) {
        return;
    }
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    enum Case {
        Gsasl(
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            bool,
            i32,
        ),
        Python(&'static str, String, i32, &'static str),
    }
    let mut cases = Vec::new();
    for (proto, flag) in [("smtp", "--smtp"), ("imap", "--imap")] {
        for mech in ["SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS"] {
            cases.push(Case::Gsasl(proto, flag, mech, PASS, false, 0));
            cases.push(Case::Gsasl(proto, flag, mech, "pencil!", false, 1));
        }
        cases.push(Case::Gsasl(proto, flag, "SCRAM-SHA-256", PASS, true, 0));
    }
    let scramp = |mech: &str, tamper: bool| {
        format!(
            "import scramp\n\
             s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo()\n\
             c = scramp.ScramClient(['{mech}'], '{USER}', '{PASS}', channel_binding=('tls-server-end-point', s.sock))\n\
             if {tamper}: c.cb.data.data = bytes([c.cb.data.data[0] ^ 1]) + c.cb.data.data[1:]\n\
             code, r = s.docmd('AUTH', '{mech} ' + base64.b64encode(c.get_client_first().encode()).decode())\n\
             c.set_server_first(base64.b64decode(r).decode())\n\
             code, r = s.docmd(base64.b64encode(c.get_client_final().encode()).decode())\n\
             if code == 334:\n    c.set_server_final(base64.b64decode(r).decode()); code, r = s.docmd('')\n\
             print('reply', code)",
            tamper = if tamper { "True" } else { "False" },
        )
    };
    for mech in ["SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS"] {
        cases.push(Case::Python(
            "scramp tls-server-end-point",
            scramp(mech, false),
            0,
            "accepted",
        ));
    }
    cases.push(Case::Python(
        "scramp with another connection's data",
        scramp("SCRAM-SHA-256-PLUS", true),
        1,
        "data from another connection",
    ));
    cases.push(Case::Python(
        "y where -PLUS was offered",
        // y,,n=alice,r=abc
        "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); s.ehlo()\n\
         print(s.docmd('AUTH', 'SCRAM-SHA-256 eSwsbj1hbGljZSxyPWFiYw=='))"
            .to_owned(),
        1,
        "a downgrade",
    ));
    let results = concurrent::map(&cases, WORKERS, |case| match case {
        Case::Gsasl(proto, flag, mech, password, no_cb, want) => {
            let serve = Serve::start(&[proto], &user_args);
            let connect = format!("--connect=127.0.0.1:{}", serve.port(0));
            let ca = format!("--x509-ca-file={}", serve.cert.display());
            let mut args = vec![connect.as_str(), flag, "--starttls", ca.as_str()];
            if *no_cb {
                args.push("--no-cb");
            }
            args.extend(["-m", mech, "-a", USER, "-p", password, "--quiet"]);
            let client = run(Command::new("gsasl").args(&args));
            let verdict = if *want == 0 {
                format!("verdict: accepted ({mech}")
            } else {
                format!("verdict: refused ({mech}")
            };
            // gsasl binds with tls-exporter (TLS 1.3); with --no-cb it
            // sends n.
            let flag_sent = if *no_cb {
                "= n,,n="
            } else {
                "= p=tls-exporter,,n="
            };
            check(
                &format!("gsasl {proto} {mech} {password} no-cb={no_cb}"),
                serve,
                client,
                *want,
                &[&verdict, flag_sent],
            )
        }
        Case::Python(name, body, want, needle) => {
            let serve = Serve::start(&["smtp"], &user_args);
            let script = format!(
                "import ssl, smtplib, base64\n\
                 ctx = ssl.create_default_context(cafile={cert:?})\n\
                 port = {port}\n{body}\n",
                cert = serve.cert.display().to_string(),
                port = serve.port(0),
            );
            let client = run(Command::new("python3").arg("-c").arg(script));
            check(name, serve, client, *want, &[needle])
        }
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve channel binding",
        passed,
        failed,
        "gsasl SCRAM-SHA-1-PLUS/SCRAM-SHA-256-PLUS over SMTP and IMAP STARTTLS (tls-exporter), \
         --no-cb, scramp (tls-server-end-point), a downgrade",
    );
    assert_eq!(failed, 0);
}

/// The pasted -PLUS conversation of docs/channel-binding.md: `openssl
/// s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32`
/// prints OpenSSL's tls-exporter data, `saslenc scram-sha-256
/// --binding-data` builds the messages from it, and serve, which reads its
/// own from rustls, accepts the login; with one byte of the data changed,
/// serve refuses it as data from another connection.
#[test]
fn openssl_keying_material_binds_a_pasted_plus_conversation() {
    let have = tool("openssl", "version").and_then(|()| tool("python3", "--version"));
    if !peers::available("serve openssl -keymatexport", have) {
        return;
    }
    let driver = r#"
import os, re, subprocess, sys
port, cert, saslenc, tamper = sys.argv[1:5]
s = subprocess.Popen(["openssl", "s_client", "-starttls", "smtp", "-crlf", "-connect",
    "127.0.0.1:" + port, "-CAfile", cert, "-keymatexport", "EXPORTER-Channel-Binding",
    "-keymatexportlen", "32"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL, text=True, bufsize=1)
km = None
while km is None:
    l = s.stdout.readline()
    if not l: sys.exit("no keying material")
    m = re.search(r"Keying material:\s*([0-9A-Fa-f]{64})", l)
    if m: km = m.group(1)
if tamper == "1":
    km = ("%02X" % (int(km[:2], 16) ^ 1)) + km[2:]
def send(t):
    s.stdin.write(t + "\n"); s.stdin.flush()
send("EHLO me")
while not s.stdout.readline().startswith("250 "): pass
c = subprocess.Popen([saslenc, "scram-sha-256", "-u", "alice", "--pass-env", "SERVE_PASS",
    "--binding-data", km, "-i"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
send("AUTH SCRAM-SHA-256-PLUS " + c.stdout.readline().strip())
while True:
    l = s.stdout.readline().strip()
    print("server:", l)
    c.stdin.write(l + "\n"); c.stdin.flush()
    if not l.startswith("334"): break
    send(c.stdout.readline().strip())
send("QUIT")
"#;
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    let mut results = Vec::new();
    for (tamper, want, needle) in [
        ("0", 0, "verdict: accepted (SCRAM-SHA-256-PLUS"),
        ("1", 1, "data from another connection"),
    ] {
        let serve = Serve::start(&["smtp"], &user_args);
        let client = run(Command::new("python3")
            .arg("-c")
            .arg(driver)
            .arg(serve.port(0))
            .arg(&serve.cert)
            .arg(binary())
            .arg(tamper)
            .env("SERVE_PASS", PASS));
        results.push(check(
            &format!("openssl -keymatexport, tampered={tamper}"),
            serve,
            client,
            want,
            &[needle, "p=tls-exporter,,n=alice"],
        ));
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve openssl -keymatexport",
        passed,
        failed,
        "OpenSSL's tls-exporter data in a pasted SCRAM-SHA-256-PLUS conversation",
    );
    assert_eq!(failed, 0);
}

/// `connect` and serve, both saslenc, over STARTTLS: --probe names the
/// binding types and the -PLUS mechanisms; the choice is SCRAM-SHA-256-PLUS
/// with tls-exporter, or tls-server-end-point when asked; --mech
/// SCRAM-SHA-256 sends n and says the binding was declined.
#[test]
fn connect_binds_to_serve() {
    let user_args = ["--user", USER, "--pass-env", "SERVE_PASS"];
    let cases: [(&[&str], i32, &[&str], &str); 4] = [
        (
            &["--probe"],
            0,
            &[
                "channel binding: tls-exporter, tls-server-end-point",
                "SCRAM-SHA-256-PLUS SCRAM-SHA-1-PLUS",
            ],
            "",
        ),
        (
            &[],
            0,
            &["= p=tls-exporter,,n=alice"],
            "verdict: accepted (SCRAM-SHA-256-PLUS",
        ),
        (
            &[
                "--channel-binding",
                "tls-server-end-point",
                "--mech",
                "SCRAM-SHA-1-PLUS",
            ],
            0,
            &["= p=tls-server-end-point,,n=alice"],
            "verdict: accepted (SCRAM-SHA-1-PLUS",
        ),
        (
            &["--mech", "SCRAM-SHA-256"],
            0,
            &["the channel binding was declined", "= n,,n=alice"],
            "verdict: accepted (SCRAM-SHA-256 ",
        ),
    ];
    let mut results = Vec::new();
    for (args, want, needles, serve_needle) in cases {
        let serve = Serve::start(&["smtp"], &user_args);
        let mut cmd = Command::new(binary());
        cmd.arg("connect")
            .arg(format!("smtp://127.0.0.1:{}", serve.port(0)))
            .arg("--cafile")
            .arg(&serve.cert)
            .args(args)
            .env("SERVE_PASS", PASS);
        if !args.contains(&"--probe") {
            cmd.args(["--user", USER, "--pass-env", "SERVE_PASS"]);
        }
        let client = run(&mut cmd);
        let client_ok = client.0 == want && needles.iter().all(|n| client.1.contains(n));
        if !client_ok {
            eprintln!("FAILED connect {args:?}: exit {}\n{}", client.0, client.1);
        }
        let needles: &[&str] = if serve_needle.is_empty() {
            &[]
        } else {
            &[serve_needle]
        };
        // --probe logs in to nothing: serve's --once verdict is 7.
        let serve_want = if args.contains(&"--probe") { 7 } else { 0 };
        results.push(
            check(
                &format!("connect {args:?}"),
                serve,
                client,
                serve_want,
                needles,
            ) && client_ok,
        );
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve connect -PLUS",
        passed,
        failed,
        "saslenc connect against serve over STARTTLS",
    );
    assert_eq!(failed, 0);
}
