//! `saslenc serve --chaos`: failures made on purpose, as real clients see
//! them. Python's smtplib, imaplib and poplib raise the error their
//! library has for each (a temporary code, a permanent one, a connection
//! closed), and curl exits with its own status for each.

use std::process::Command;

use crate::concurrent;
use crate::peers;
use crate::serve_tests::{run, tally, tool, Serve};

const USER: &str = "alice";
const PASS: &str = "pencil";

/// Python's view: `body` runs with `ctx` and `port`; an exception is
/// printed as `client error: TYPE: TEXT`.
fn python(serve: &Serve, body: &str) -> (i32, String) {
    let script = format!(
        "import ssl, smtplib, imaplib, poplib\n\
         ctx = ssl.create_default_context(cafile={cert:?})\n\
         port = {port}\n\
         try:\n{body}\n    print('client: no error')\n\
         except Exception as e:\n    print('client error:', type(e).__name__ + ':', e)\n",
        cert = serve.cert.display().to_string(),
        port = serve.port(0),
        body = body
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>(),
    );
    run(Command::new("python3").arg("-c").arg(script))
}

/// A case: the client's output holds each of `seen`.
fn check(name: &str, serve: Serve, client: (i32, String), seen: &[&str]) -> bool {
    let (_, out) = serve.finish();
    let ok = seen.iter().all(|n| client.1.contains(n));
    if !ok {
        eprintln!(
            "FAILED {name}: want {seen:?}\n--- client (exit {}):\n{}\n--- serve:\n{out}",
            client.0, client.1
        );
    }
    ok
}

#[test]
fn clients_meet_each_failure_made_on_purpose() {
    if !peers::available("serve chaos", tool("python3", "--version"))
        || !peers::available("serve chaos", tool("curl", "--version"))
    {
        return;
    }
    let smtp_send = format!(
        "s = smtplib.SMTP('127.0.0.1', port, timeout=10); s.starttls(context=ctx); \
         s.login('{USER}', '{PASS}')\n\
         s.sendmail('a@example.org', ['b@example.org'], 'Subject: x\\r\\n\\r\\nhi'); s.quit()"
    );
    let imap_login = format!(
        "m = imaplib.IMAP4('127.0.0.1', port, timeout=10); m.starttls(ssl_context=ctx); \
         m.login('{USER}', '{PASS}'); m.logout()"
    );
    let pop3_login = format!(
        "p = poplib.POP3('127.0.0.1', port, timeout=10); p.stls(context=ctx); \
         p.user('{USER}'); p.pass_('{PASS}'); p.quit()"
    );
    // (name, scheme, --chaos, client, what the client reports)
    let cases: Vec<(&str, &str, &str, &String, &[&str])> = vec![
        (
            "smtplib, no chaos",
            "smtp",
            "",
            &smtp_send,
            &["client: no error"],
        ),
        (
            "smtplib, greeting temporary",
            "smtp",
            "greeting=temporary",
            &smtp_send,
            &["SMTPConnectError", "421"],
        ),
        (
            "smtplib, auth temporary",
            "smtp",
            "auth=temporary",
            &smtp_send,
            &["SMTPAuthenticationError", "454"],
        ),
        (
            "smtplib, auth permanent",
            "smtp",
            "auth=permanent",
            &smtp_send,
            &["SMTPAuthenticationError", "535"],
        ),
        (
            "smtplib, auth drop",
            "smtp",
            "auth=drop",
            &smtp_send,
            &["SMTPServerDisconnected"],
        ),
        (
            "smtplib, mail temporary",
            "smtp",
            "mail=temporary",
            &smtp_send,
            &["SMTPSenderRefused", "451"],
        ),
        (
            "smtplib, rcpt permanent",
            "smtp",
            "rcpt=permanent",
            &smtp_send,
            &["SMTPRecipientsRefused", "550"],
        ),
        (
            "smtplib, data temporary",
            "smtp",
            "data=temporary",
            &smtp_send,
            &["SMTPDataError", "451"],
        ),
        (
            "smtplib, data drop",
            "smtp",
            "data=drop",
            &smtp_send,
            &["SMTPServerDisconnected"],
        ),
        (
            "imaplib, auth temporary",
            "imap",
            "auth=temporary",
            &imap_login,
            &["error:", "[UNAVAILABLE]"],
        ),
        (
            "imaplib, greeting temporary",
            "imap",
            "greeting=temporary",
            &imap_login,
            &["UNAVAILABLE"],
        ),
        (
            "imaplib, auth drop",
            "imap",
            "auth=drop",
            &imap_login,
            &["client error: abort"],
        ),
        (
            "poplib, auth temporary",
            "pop3",
            "auth=temporary",
            &pop3_login,
            &["error_proto", "-ERR [SYS/TEMP]"],
        ),
        (
            "poplib, greeting permanent",
            "pop3",
            "greeting=permanent",
            &pop3_login,
            &["error_proto", "-ERR [SYS/PERM]"],
        ),
    ];
    let mut results = concurrent::map(&cases, 6, |(name, scheme, chaos, body, seen)| {
        let mut args = vec!["--user", USER, "--pass-env", "SERVE_PASS"];
        if !chaos.is_empty() {
            args.extend(["--chaos", chaos]);
        }
        let serve = Serve::start(&[scheme], &args);
        let client = python(&serve, body);
        check(name, serve, client, seen)
    });
    // curl's exit status: 67 for a login refused, 8 ("weird server
    // reply") for anything but 250 after DATA, 56 (receive failed) for a
    // dropped connection; its -v shows the code.
    let dir = tempfile::tempdir().unwrap();
    let mail = dir.path().join("mail.txt");
    std::fs::write(&mail, "Subject: test\r\n\r\nhello\r\n").unwrap();
    let curl_cases: &[(&str, &[i32], &str)] = &[
        ("auth=temporary", &[67], "< 454"),
        ("data=permanent", &[8], "< 554"),
        ("auth=drop", &[56], ""),
    ];
    for (chaos, codes, seen) in curl_cases {
        let serve = Serve::start(
            &["smtp"],
            &["--user", USER, "--pass-env", "SERVE_PASS", "--chaos", chaos],
        );
        let mut cmd = Command::new("curl");
        cmd.args(["-sS", "-v", "--max-time", "20", "--ssl-reqd", "--cacert"])
            .arg(&serve.cert)
            .arg("--url")
            .arg(format!("smtp://127.0.0.1:{}", serve.port(0)))
            .args(["--user", &format!("{USER}:{PASS}")])
            .args([
                "--mail-from",
                "a@example.org",
                "--mail-rcpt",
                "b@example.org",
                "-T",
            ])
            .arg(&mail);
        let client = run(&mut cmd);
        let ok = codes.contains(&client.0);
        if !ok {
            eprintln!("FAILED curl, {chaos}: exit {}, want {codes:?}", client.0);
        }
        results.push(check(&format!("curl, {chaos}"), serve, client, &[seen]) && ok);
    }
    let (passed, failed) = tally(results);
    peers::summary(
        "serve chaos",
        passed,
        failed,
        "smtplib, imaplib, poplib and curl meet temporary, permanent and dropped failures",
    );
    assert_eq!(failed, 0);
}
