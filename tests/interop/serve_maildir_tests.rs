//! `saslenc serve --maildir`: a message sent by one real client is stored
//! and read back by another, as an application's test does with Mailpit
//! or GreenMail. Senders: curl, Python's smtplib, swaks, imaplib's APPEND;
//! readers: curl, Python's poplib, fetchmail. The message that comes back
//! must be the one sent, and a deleted one must be gone from the maildir.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::peers;
use crate::saslenc::binary;
use crate::serve_tests::{listening, run, tally, tool};

const USER: &str = "alice";
const PASS: &str = "pencil";

/// serve with SMTP, POP3, POP3S and IMAP listeners on one maildir, until
/// dropped.
struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// smtp, pop3, pop3s, imap: `host:port`.
    addrs: Vec<String>,
    dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary())
            .args([
                "serve",
                "smtp://127.0.0.1:0",
                "pop3://127.0.0.1:0",
                "pop3s://127.0.0.1:0",
                "imap://127.0.0.1:0",
                "--user",
                USER,
                "--pass-env",
                "SERVE_PASS",
                "--maildir",
            ])
            .arg(dir.path().join("Maildir"))
            .arg("--write-cert")
            .arg(dir.path().join("cert.pem"))
            .env("SERVE_PASS", PASS)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("saslenc serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let addrs = listening(&lines, 4);
        Server {
            child,
            lines,
            addrs,
            dir,
        }
    }

    fn cert(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    fn port(&self, index: usize) -> &str {
        self.addrs[index].rsplit_once(':').unwrap().1
    }

    /// The messages in the maildir's `new/` and `cur/`.
    fn stored(&self) -> usize {
        ["new", "cur"]
            .iter()
            .map(|sub| {
                std::fs::read_dir(self.dir.path().join("Maildir").join(sub))
                    .map_or(0, Iterator::count)
            })
            .sum()
    }

    /// Stops serve; everything it printed.
    fn stop(mut self) -> String {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
        let mut out = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(300)) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

fn python(server: &Server, body: &str) -> (i32, String) {
    let script = format!(
        "import ssl, smtplib, imaplib, poplib, time\n\
         ctx = ssl.create_default_context(cafile={cert:?})\n\
         smtp_port, pop3_port, pop3s_port, imap_port = {p0}, {p1}, {p2}, {p3}\n\
         {body}\n",
        cert = server.cert().display().to_string(),
        p0 = server.port(0),
        p1 = server.port(1),
        p2 = server.port(2),
        p3 = server.port(3),
    );
    run(Command::new("python3").arg("-c").arg(script))
}

/// One round trip's verdict: every `needle` in the client's output and
/// every `served` in serve's, `left` messages still stored.
fn verdict(
    name: &str,
    server: Server,
    client: (i32, String),
    needles: &[&str],
    served: &[&str],
    left: usize,
) -> bool {
    let stored = server.stored();
    let out = server.stop();
    let ok = client.0 == 0
        && needles.iter().all(|n| client.1.contains(n))
        && served.iter().all(|n| out.contains(n))
        && stored == left;
    if !ok {
        eprintln!(
            "FAILED {name}: client exit {}, {stored} stored (want {left})\n--- client:\n{}\n--- serve:\n{out}",
            client.0, client.1
        );
    }
    ok
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn messages_sent_are_read_back_by_other_clients() {
    let have = tool("python3", "--version")
        .and_then(|()| tool("curl", "--version"))
        .and_then(|()| tool("swaks", "--version"))
        .and_then(|()| tool("fetchmail", "--version"));
    if !peers::available("serve maildir", have) {
        return;
    }
    let mut results = Vec::new();

    // curl sends over SMTP STARTTLS, curl lists and reads over POP3 STLS.
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let text = "Subject: from curl\r\n\r\n.a line that starts with a dot\r\nbye\r\n";
    let mail = write(dir.path(), "mail.txt", text);
    let listed = format!("1 {}", text.len());
    let stored = format!(
        "message: {} bytes from <a@example.org> to <b@example.org>, Subject \"from curl\", stored in ",
        text.len()
    );
    let cert = server.cert().display().to_string();
    let auth = format!("{USER}:{PASS}");
    let mut sent = run(Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "--ssl-reqd",
            "--cacert",
            &cert,
            "--user",
            &auth,
            "--mail-from",
            "a@example.org",
            "--mail-rcpt",
            "b@example.org",
            "-T",
        ])
        .arg(&mail)
        .arg(format!("smtp://127.0.0.1:{}", server.port(0))));
    let list = run(Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "--ssl-reqd",
            "--cacert",
            &cert,
            "--user",
            &auth,
        ])
        .arg(format!("pop3://127.0.0.1:{}/", server.port(1))));
    let retr = run(Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "--ssl-reqd",
            "--cacert",
            &cert,
            "--user",
            &auth,
        ])
        .arg(format!("pop3://127.0.0.1:{}/1", server.port(1))));
    sent.0 += list.0 + retr.0;
    sent.1 = format!("{}\n--- list:\n{}\n--- retr:\n{}", sent.1, list.1, retr.1);
    results.push(verdict(
        "curl SMTP, then curl POP3",
        server,
        sent,
        &[listed.as_str(), text],
        &[stored.as_str()],
        1,
    ));

    // smtplib sends, poplib reads every way and deletes.
    let server = Server::start();
    let client = python(
        &server,
        "s = smtplib.SMTP('127.0.0.1', smtp_port); s.starttls(context=ctx); s.login('alice', 'pencil')\n\
         s.sendmail('a@example.org', ['b@example.org', 'c@example.org'], 'Subject: from smtplib\\r\\nX-Test: 1\\r\\n\\r\\nline one\\r\\nline two\\r\\n'); s.quit()\n\
         p = poplib.POP3_SSL('127.0.0.1', pop3s_port, context=ctx); p.user('alice'); p.pass_('pencil')\n\
         print('stat', p.stat())\n\
         print('uidl', p.uidl()[1])\n\
         print('top', p.top(1, 1)[1])\n\
         print('retr', p.retr(1)[1])\n\
         p.dele(1); p.quit()\n\
         p = poplib.POP3_SSL('127.0.0.1', pop3s_port, context=ctx); p.user('alice'); p.pass_('pencil')\n\
         print('after', p.stat()); p.quit()",
    );
    results.push(verdict(
        "smtplib, then poplib",
        server,
        client,
        &[
            // The message's 56 bytes: 21 + 2, 9 + 2, 2, 8 + 2, 8 + 2.
            "stat (1, 56)",
            ".saslenc",
            "top [b'Subject: from smtplib', b'X-Test: 1', b'', b'line one']",
            "retr [b'Subject: from smtplib', b'X-Test: 1', b'', b'line one', b'line two']",
            "after (0, 0)",
        ],
        &[
            "to <b@example.org>, <c@example.org>",
            "1 message removed from the maildir",
        ],
        0,
    ));

    // imaplib APPENDs (a literal), poplib reads it.
    let server = Server::start();
    let client = python(
        &server,
        "m = imaplib.IMAP4('127.0.0.1', imap_port); m.starttls(ssl_context=ctx); m.login('alice', 'pencil')\n\
         print(m.append('INBOX', None, None, b'Subject: appended\\r\\n\\r\\nfrom imaplib\\r\\n')); m.logout()\n\
         p = poplib.POP3('127.0.0.1', pop3_port); p.stls(context=ctx); p.user('alice'); p.pass_('pencil')\n\
         print('retr', p.retr(1)[1]); p.quit()",
    );
    results.push(verdict(
        "imaplib APPEND, then poplib",
        server,
        client,
        &[
            "APPEND completed",
            "retr [b'Subject: appended', b'', b'from imaplib']",
        ],
        &["Subject \"appended\", stored in "],
        1,
    ));

    // smtplib sends two, imaplib reads them back over IMAP, marks one
    // \Deleted and expunges it; curl reads the other over IMAP.
    let server = Server::start();
    let client = python(
        &server,
        "s = smtplib.SMTP('127.0.0.1', smtp_port); s.starttls(context=ctx); s.login('alice', 'pencil')\n\
         s.sendmail('a@example.org', ['b@example.org'], 'From: a@example.org\\r\\nSubject: first\\r\\n\\r\\none\\r\\n')\n\
         s.sendmail('a@example.org', ['b@example.org'], 'Subject: second\\r\\n\\r\\ntwo\\r\\n'); s.quit()\n\
         m = imaplib.IMAP4('127.0.0.1', imap_port); m.starttls(ssl_context=ctx); m.login('alice', 'pencil')\n\
         print('select', m.select('INBOX'))\n\
         print('search', m.search(None, 'ALL'))\n\
         print('fetch', m.fetch('1', '(RFC822)')[1][0][1])\n\
         print('uid', m.uid('FETCH', '2', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)])')[1][0][1])\n\
         print('store', m.store('1', '+FLAGS', '\\\\Deleted'))\n\
         print('expunge', m.expunge()); m.logout()",
    );
    let cert = server.cert().display().to_string();
    let curl = run(Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "20",
            "--ssl-reqd",
            "--cacert",
            &cert,
            "--user",
            &auth,
        ])
        .arg(format!("imap://127.0.0.1:{}/INBOX;UID=1", server.port(3))));
    let client = (
        client.0 + curl.0,
        format!("{}\n--- curl:\n{}", client.1, curl.1),
    );
    results.push(verdict(
        "smtplib, then imaplib and curl over IMAP",
        server,
        client,
        &[
            "select ('OK', [b'2'])",
            "search ('OK', [b'1 2'])",
            "fetch b'From: a@example.org\\r\\nSubject: first\\r\\n\\r\\none\\r\\n'",
            "uid b'Subject: second\\r\\n\\r\\n'",
            "expunge ('OK', [b'1'])",
            "--- curl:\nSubject: second\r\n\r\ntwo",
        ],
        &["1 message removed from the maildir"],
        1,
    ));

    // swaks sends, fetchmail fetches over POP3S and deletes.
    let server = Server::start();
    let sent = run(Command::new("swaks").args([
        "--server",
        "127.0.0.1",
        "--port",
        server.port(0),
        "--tls",
        "--auth",
        "PLAIN",
        "--auth-user",
        USER,
        "--auth-password",
        PASS,
        "--from",
        "a@example.org",
        "--to",
        "b@example.org",
        "--header",
        "Subject: from swaks",
        "--body",
        "hello fetchmail",
    ]));
    let out = dir.path().join("fetched");
    let rc = dir.path().join("fetchmailrc");
    std::fs::write(
        &rc,
        format!(
            "poll 127.0.0.1 port {} protocol pop3 user \"{USER}\" password \"{PASS}\" ssl \
             sslcertfile \"{cert}\" sslcertck sslcommonname localhost nokeep \
             mda \"cat >> {}\"\n",
            server.port(2),
            out.display(),
            cert = server.cert().display(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(&rc, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let mut fetched = run(Command::new("fetchmail")
        .args(["--nosyslog", "--silent", "-f"])
        .arg(&rc)
        .env("HOME", dir.path()));
    fetched.1 = format!(
        "swaks (exit {}):\n{}\n--- fetchmail:\n{}\n--- fetched:\n{}",
        sent.0,
        sent.1,
        fetched.1,
        std::fs::read_to_string(&out).unwrap_or_default()
    );
    fetched.0 += sent.0;
    results.push(verdict(
        "swaks, then fetchmail",
        server,
        fetched,
        &["Subject: from swaks", "hello fetchmail"],
        &["Subject \"from swaks\", stored in ", "1 message removed"],
        0,
    ));

    let (passed, failed) = tally(results);
    peers::summary(
        "serve maildir",
        passed,
        failed,
        "curl, smtplib, imaplib APPEND and swaks send; curl, poplib, fetchmail and imaplib read back",
    );
    assert_eq!(failed, 0);
}
