//! `saslenc serve` against the mail clients people sync and send with:
//! mbsync (isync), offlineimap3 and getmail6 read a `--maildir` back over
//! IMAP and POP3, and neomutt and s-nail send over SMTP with AUTH,
//! passwords and OAuth tokens, into a `--maildir` that must then hold
//! their message (and none after a refusal). Each client runs with `HOME` in a
//! temporary directory (no user configuration read, nothing written to
//! the real home) and is killed after 20 s.
//!
//! The readers' copies are compared byte for byte with the files serve
//! stored, after the two changes each reader makes by design: all three
//! write local files with LF line ends (serve stores and sends CRLF), and
//! mbsync adds an `X-TUID:` header line of its own. getmail writes a
//! `Return-Path:` line first, so the stored messages begin with the same
//! line.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::serve_tests::{run, tally, tool, Serve, TOKEN};
use crate::{concurrent, peers};

const USER: &str = "alice";
const PASS: &str = "pencil";
/// Each client is killed after this many seconds.
const LIMIT: &str = "20";

/// The messages put into the maildir before a reader runs: a dot at the
/// start of a line (POP3 stuffs it), a header field serve must not
/// change, CRLF line ends as SMTP delivers them.
const MESSAGES: [&str; 2] = [
    "Return-Path: <a@example.org>\r\nFrom: a@example.org\r\nSubject: first\r\n\r\nline one\r\n.a line that starts with a dot\r\n",
    "Return-Path: <b@example.org>\r\nSubject: second\r\nX-Test: 2\r\n\r\nbody two\r\n\r\nlast\r\n",
];

/// `cmd` run under `timeout`, with `HOME` set to `home`.
fn bounded(home: &Path, program: &str, args: &[&str]) -> (i32, String) {
    run(Command::new("timeout")
        .args(["-k", "2", LIMIT, program])
        .args(args)
        .env("HOME", home))
}

/// A maildir holding [`MESSAGES`], written into `new/` as a delivery
/// would leave them.
fn maildir(root: &Path) -> PathBuf {
    let dir = root.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for (i, text) in MESSAGES.iter().enumerate() {
        std::fs::write(
            dir.join("new")
                .join(format!("100000000{i}.M0P1Q{i}.saslenc")),
            text,
        )
        .unwrap();
    }
    dir
}

/// Every regular file under `dir` whose name `keep` accepts, read.
fn files(dir: &Path, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            out.extend(files(&path, keep));
        } else if keep(&name) {
            out.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned());
        }
    }
    out
}

/// What the readers' local copies must be: [`MESSAGES`] with LF line
/// ends, in order.
fn expected() -> Vec<String> {
    let mut want: Vec<String> = MESSAGES.iter().map(|m| m.replace("\r\n", "\n")).collect();
    want.sort();
    want
}

#[derive(Clone, Copy, Debug)]
enum Reader {
    Mbsync,
    Offlineimap,
    GetmailImap,
    GetmailPop3,
}

impl Reader {
    fn name(self) -> &'static str {
        match self {
            Reader::Mbsync => "mbsync IMAP STARTTLS",
            Reader::Offlineimap => "offlineimap3 IMAPS",
            Reader::GetmailImap => "getmail6 IMAPS",
            Reader::GetmailPop3 => "getmail6 POP3S",
        }
    }

    /// How it logs in, as serve's verdict names it.
    fn login(self) -> &'static str {
        match self {
            Reader::Mbsync => "PLAIN",
            // offlineimap's first choice among what serve offers.
            Reader::Offlineimap => "CRAM-MD5",
            Reader::GetmailImap => "IMAP LOGIN",
            Reader::GetmailPop3 => "USER/PASS",
        }
    }

    fn scheme(self) -> &'static str {
        match self {
            Reader::Mbsync => "imap",
            Reader::Offlineimap | Reader::GetmailImap => "imaps",
            Reader::GetmailPop3 => "pop3s",
        }
    }

    /// Runs the reader with `password` against `serve`, its copies under
    /// `out`; the client's exit status and output.
    fn read(self, serve: &Serve, password: &str, home: &Path, out: &Path) -> (i32, String) {
        let cert = serve.cert.display().to_string();
        let port = serve.port(0);
        let out_s = out.display().to_string();
        match self {
            Reader::Mbsync => {
                let rc = home.join("mbsyncrc");
                std::fs::write(
                    &rc,
                    format!(
                        "IMAPAccount serve\nHost 127.0.0.1\nPort {port}\nUser {USER}\nPass {password}\n\
                         SSLType STARTTLS\nCertificateFile {cert}\nAuthMechs PLAIN\n\n\
                         IMAPStore far\nAccount serve\n\n\
                         MaildirStore near\nPath {out_s}/\nInbox {out_s}/INBOX\n\n\
                         Channel inbox\nFar :far:INBOX\nNear :near:INBOX\nSync Pull\nCreate Near\n"
                    ),
                )
                .unwrap();
                bounded(home, "mbsync", &["-c", &rc.display().to_string(), "inbox"])
            }
            // Implicit TLS: over STARTTLS, offlineimap 8.0.0 now and then
            // stalled after the handshake without sending a command (and
            // once crashed); mbsync covers STARTTLS. Its own certificate
            // check matches DNS names only: `localhost`.
            Reader::Offlineimap => {
                let rc = home.join("offlineimaprc");
                std::fs::write(
                    &rc,
                    format!(
                        "[general]\naccounts = serve\nmetadata = {home}/.offlineimap\n\n\
                         [Account serve]\nlocalrepository = near\nremoterepository = far\n\n\
                         [Repository near]\ntype = Maildir\nlocalfolders = {out_s}\n\n\
                         [Repository far]\ntype = IMAP\nremotehost = localhost\nremoteport = {port}\n\
                         remoteuser = {USER}\nremotepass = {password}\nssl = yes\n\
                         sslcacertfile = {cert}\nreadonly = True\n",
                        home = home.display()
                    ),
                )
                .unwrap();
                bounded(
                    home,
                    "offlineimap",
                    &["-c", &rc.display().to_string(), "-o", "-u", "basic"],
                )
            }
            Reader::GetmailImap | Reader::GetmailPop3 => {
                let kind = if matches!(self, Reader::GetmailImap) {
                    "IMAP"
                } else {
                    "POP3"
                };
                // The IMAP retriever adds a header naming the mailbox,
                // unless told not to.
                let record = if kind == "IMAP" {
                    "record_mailbox = false\n"
                } else {
                    ""
                };
                let rc = home.join("getmailrc");
                // Each message to its own file through a shell, since
                // getmail's Maildir destination refuses to run as root.
                // getmail installs its SIGCHLD handler after the fork, so
                // a command that ends at once can leave it waiting for a
                // signal that came before (60 s): the command lingers.
                std::fs::write(
                    &rc,
                    format!(
                        "[retriever]\ntype = Simple{kind}SSLRetriever\nserver = 127.0.0.1\nport = {port}\n\
                         username = {USER}\npassword = {password}\nca_certs = {cert}\n{record}\n\
                         [destination]\ntype = MDA_external\npath = /bin/sh\n\
                         arguments = (\"-c\", \"cat > {out_s}/msg.$$; sleep 0.5\")\nallow_root_commands = true\n\n\
                         [options]\nread_all = true\ndelete = false\ndelivered_to = false\n\
                         received = false\nmessage_log_syslog = false\n"
                    ),
                )
                .unwrap();
                bounded(
                    home,
                    "getmail",
                    &[
                        "--getmaildir",
                        &home.display().to_string(),
                        "--rcfile",
                        &rc.display().to_string(),
                    ],
                )
            }
        }
    }

    /// The reader's copies of the messages, as [`expected`] spells them.
    fn copies(self, out: &Path) -> Vec<String> {
        let mut got: Vec<String> = match self {
            Reader::Mbsync => files(out, &|name| name.contains(",U="))
                .into_iter()
                .map(|m| {
                    m.split_inclusive('\n')
                        .filter(|line| !line.starts_with("X-TUID: "))
                        .collect()
                })
                .collect(),
            Reader::Offlineimap => files(out, &|name| name.contains(",U=")),
            Reader::GetmailImap | Reader::GetmailPop3 => {
                files(out, &|name| name.starts_with("msg."))
            }
        };
        got.sort();
        got
    }
}

#[test]
fn mbsync_offlineimap_and_getmail_read_the_maildir_back() {
    let have = tool("mbsync", "--version")
        .and_then(|()| tool("offlineimap", "--version"))
        .and_then(|()| tool("getmail", "--version"))
        .and_then(|()| tool("timeout", "--version"));
    if !peers::available("serve mbsync offlineimap3 getmail6", have) {
        return;
    }
    let readers = [
        Reader::Mbsync,
        Reader::Offlineimap,
        Reader::GetmailImap,
        Reader::GetmailPop3,
    ];
    let cases: Vec<(Reader, &str)> = readers
        .iter()
        .flat_map(|&r| [(r, PASS), (r, "wrong")])
        .collect();
    let results = concurrent::map(&cases, 4, |&(reader, password)| {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let stored = maildir(dir.path());
        let serve = Serve::start(
            &[reader.scheme()],
            &[
                "--user",
                USER,
                "--pass-env",
                "SERVE_PASS",
                "--maildir",
                &stored.display().to_string(),
            ],
        );
        let client = reader.read(&serve, password, &home, &out);
        let (code, log) = serve.finish();
        let got = reader.copies(&out);
        let still = files(&stored, &|_| true).len();
        let ok = if password == PASS {
            client.0 == 0
                && code == 0
                && log.contains(&format!("verdict: accepted ({} as {USER})", reader.login()))
                && got == expected()
                && still == MESSAGES.len()
        } else {
            // Refused, told why, and nothing read.
            client.0 != 0
                && code == 1
                && log.contains(&format!("verdict: refused ({}", reader.login()))
                && log.contains("the password differs")
                && got.is_empty()
        };
        if !ok {
            eprintln!(
                "FAILED {} {password}: serve exit {code}, client exit {}, {still} stored\n\
                 --- copies:\n{got:?}\n--- want:\n{:?}\n--- client:\n{}\n--- serve:\n{log}",
                reader.name(),
                client.0,
                expected(),
                client.1
            );
        }
        ok
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve mbsync offlineimap3 getmail6",
        passed,
        failed,
        "mbsync over IMAP STARTTLS, offlineimap3 and getmail6 over IMAPS, getmail6 over POP3S: \
         the maildir read back byte for byte, a wrong password refused and diagnosed",
    );
    assert_eq!(failed, 0);
}

#[derive(Clone, Copy, Debug)]
enum Sender {
    /// neomutt with `smtp_authenticators` set to this.
    Neomutt(&'static str),
    /// s-nail with `smtp-auth` set to this.
    Snail(&'static str),
}

/// Sends a message with `secret` (password or token); the client's exit
/// status and output.
fn send(sender: Sender, serve: &Serve, secret: &str, home: &Path) -> (i32, String) {
    let body = home.join("body.txt");
    std::fs::write(&body, "hello from a mail client\n").unwrap();
    let cert = serve.cert.display().to_string();
    let port = serve.port(0);
    let script = match sender {
        Sender::Neomutt(mech) => {
            let rc = home.join("neomuttrc");
            let secret_line = if mech.contains("oauth") {
                format!("set smtp_oauth_refresh_command = \"echo {secret}\"\n")
            } else {
                format!("set smtp_pass = \"{secret}\"\n")
            };
            std::fs::write(
                &rc,
                format!(
                    "set smtp_url = \"smtp://{USER}@127.0.0.1:{port}\"\n{secret_line}\
                     set ssl_starttls = yes\nset ssl_force_tls = yes\n\
                     set certificate_file = \"{cert}\"\nset from = \"a@example.org\"\n\
                     set record = \"\"\nset smtp_authenticators = \"{mech}\"\n"
                ),
            )
            .unwrap();
            format!(
                "neomutt -n -F '{}' -s 'from neomutt' b@example.org < '{}'",
                rc.display(),
                body.display()
            )
        }
        // s-nail checks the certificate's DNS names only: `localhost`.
        // `-:/` reads no resource file; DEAD keeps a refused message out
        // of the real home.
        Sender::Snail(mech) => format!(
            "s-nail -:/ -# -S v15-compat -S 'DEAD={home}/dead.letter' -S nosave \
             -S 'mta=smtp://{USER}:{secret}@localhost:{port}' -S smtp-use-starttls \
             -S smtp-auth={mech} -S 'tls-ca-file={cert}' -S from=a@example.org \
             -s 'from s-nail' b@example.org < '{}'",
            body.display(),
            home = home.display()
        ),
    };
    bounded(home, "sh", &["-c", &script])
}

#[test]
fn neomutt_and_s_nail_send_with_passwords_and_tokens() {
    let have = tool("neomutt", "-v")
        .and_then(|()| tool("s-nail", "-V"))
        .and_then(|()| tool("timeout", "--version"));
    if !peers::available("serve neomutt s-nail", have) {
        return;
    }
    // (client, secret, serve's exit status, what serve's output holds)
    type Case = (Sender, &'static str, i32, &'static [&'static str]);
    const HUNG_UP: &str = "closed the connection at the error challenge";
    let cases: &[Case] = &[
        (
            Sender::Neomutt("plain"),
            PASS,
            0,
            &["verdict: accepted (PLAIN as alice)", "TLS started"],
        ),
        (
            Sender::Neomutt("plain"),
            "wrong",
            1,
            &["verdict: refused (PLAIN", "the password differs"],
        ),
        (
            Sender::Neomutt("login"),
            PASS,
            0,
            &["verdict: accepted (LOGIN as alice)"],
        ),
        (
            Sender::Neomutt("login"),
            "wrong",
            1,
            &["verdict: refused (LOGIN", "the password differs"],
        ),
        (
            Sender::Neomutt("oauthbearer"),
            TOKEN,
            0,
            &["verdict: accepted (OAUTHBEARER as alice)"],
        ),
        (
            Sender::Neomutt("oauthbearer"),
            "not-the-token",
            1,
            &["verdict: refused (OAUTHBEARER", "the token is not", HUNG_UP],
        ),
        (
            Sender::Neomutt("xoauth2"),
            TOKEN,
            0,
            &["verdict: accepted (XOAUTH2 as alice)"],
        ),
        (
            Sender::Neomutt("xoauth2"),
            "not-the-token",
            1,
            &["verdict: refused (XOAUTH2", "the token is not", HUNG_UP],
        ),
        (
            Sender::Snail("plain"),
            PASS,
            0,
            &["verdict: accepted (PLAIN as alice)", "TLS started"],
        ),
        (
            Sender::Snail("plain"),
            "wrong",
            1,
            &["verdict: refused (PLAIN", "the password differs"],
        ),
        (
            Sender::Snail("login"),
            PASS,
            0,
            &["verdict: accepted (LOGIN as alice)"],
        ),
        (
            Sender::Snail("login"),
            "wrong",
            1,
            &["verdict: refused (LOGIN", "the password differs"],
        ),
        // s-nail's `oauthbearer` sends XOAUTH2 (its manual says the two
        // are the same to it).
        (
            Sender::Snail("oauthbearer"),
            TOKEN,
            0,
            &["verdict: accepted (XOAUTH2 as alice)"],
        ),
        (
            Sender::Snail("oauthbearer"),
            "not-the-token",
            1,
            &["verdict: refused (XOAUTH2", "the token is not", HUNG_UP],
        ),
    ];
    let results = concurrent::map(cases, 4, |&(sender, secret, want, needles)| {
        let dir = tempfile::tempdir().unwrap();
        let oauth = matches!(
            sender,
            Sender::Neomutt("oauthbearer" | "xoauth2") | Sender::Snail("oauthbearer")
        );
        let source = if oauth {
            ["--token-env", "SERVE_TOKEN"]
        } else {
            ["--pass-env", "SERVE_PASS"]
        };
        let stored = dir.path().join("Maildir");
        let serve = Serve::start(
            &["smtp"],
            &[
                "--user",
                USER,
                source[0],
                source[1],
                "--maildir",
                &stored.display().to_string(),
            ],
        );
        let client = send(sender, &serve, secret, dir.path());
        let (code, log) = serve.finish();
        // The message sent after a login is the one stored; none after a
        // refusal.
        let kept = files(&stored, &|_| true);
        let subject = match sender {
            Sender::Neomutt(_) => "Subject: from neomutt\r\n",
            Sender::Snail(_) => "Subject: from s-nail\r\n",
        };
        let delivered = if want == 0 {
            kept.len() == 1
                && kept[0].contains(subject)
                && kept[0].contains("\r\n\r\nhello from a mail client\r\n")
        } else {
            kept.is_empty()
        };
        let ok = code == want
            && (client.0 == 0) == (want == 0)
            && delivered
            && needles.iter().all(|n| log.contains(n));
        if !ok {
            eprintln!(
                "FAILED {sender:?} {secret}: serve exit {code}, want {want}; client exit {}\n\
                 --- stored:\n{kept:?}\n--- client:\n{}\n--- serve:\n{log}",
                client.0, client.1
            );
        }
        ok
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve neomutt s-nail",
        passed,
        failed,
        "neomutt and s-nail over SMTP STARTTLS: PLAIN, LOGIN, OAUTHBEARER, XOAUTH2, \
         right and wrong, a hang-up at the OAuth error challenge",
    );
    assert_eq!(failed, 0);
}
