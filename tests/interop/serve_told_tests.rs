//! What a client of `saslenc serve` is told, seen from real clients: the
//! diagnosis in the reply text on a practice server (Python's smtplib,
//! imaplib and poplib put it in their exceptions; `openssl s_client`
//! shows the `535-` lines), and nothing more with `--client-diagnosis
//! never`.

use std::process::Command;

use crate::concurrent;
use crate::peers;
use crate::serve_tests::{run, tally, tool, Serve};

const USER: &str = "alice";
const PASS: &str = "pencil";

/// Runs `body` (Python, indented by the caller's lines) with `ctx` (TLS
/// trusting serve's certificate) and `port` defined; an exception's text
/// is printed as `client error: …`.
fn python(serve: &Serve, body: &str) -> (i32, String) {
    let script = format!(
        "import ssl, smtplib, imaplib, poplib\n\
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
}

/// A case: the client's output holds each of `told` and none of
/// `untold`; serve's exit status is `want`.
fn check(
    name: &str,
    serve: Serve,
    client: (i32, String),
    want: i32,
    told: &[&str],
    untold: &[&str],
) -> bool {
    let (code, out) = serve.finish();
    let ok = code == want
        && told.iter().all(|n| client.1.contains(n))
        && untold.iter().all(|n| !client.1.contains(n));
    if !ok {
        eprintln!(
            "FAILED {name}: serve exit {code}, want {want}; told {told:?}, untold {untold:?}\n\
             --- client (exit {}):\n{}\n--- serve:\n{out}",
            client.0, client.1
        );
    }
    ok
}

#[test]
fn real_clients_see_the_diagnosis_on_a_practice_server() {
    if !peers::available("serve told", tool("python3", "--version"))
        || !peers::available("serve told", tool("openssl", "version"))
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pwfile = dir.path().join("pw");
    std::fs::write(&pwfile, format!("{PASS}\n")).unwrap();
    let pw = pwfile.display().to_string();
    // (name, scheme, client's Python, --client-diagnosis, serve's exit,
    // what the client sees, what it must not see)
    type Case<'a> = (
        &'a str,
        &'a str,
        String,
        &'a str,
        i32,
        Vec<&'a str>,
        Vec<&'a str>,
    );
    let cases: Vec<Case> = vec![
        (
            "smtplib, a password file's newline",
            "smtp",
            format!(
                "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); \
                 s.login('{USER}', open({pw:?}).read())"
            ),
            "auto",
            1,
            vec!["535", "diagnosis: found the mistake", "[echo-newline]"],
            vec![PASS],
        ),
        (
            "imaplib, user and password swapped",
            "imap",
            format!(
                "m = imaplib.IMAP4('127.0.0.1', port); m.starttls(ssl_context=ctx); \
                 m.login('{PASS}', '{USER}')"
            ),
            "auto",
            1,
            vec!["AUTHENTICATIONFAILED", "[user-password-swapped]"],
            vec![PASS],
        ),
        (
            "poplib, a user name with a domain",
            "pop3s",
            format!(
                "p = poplib.POP3_SSL('127.0.0.1', port, context=ctx); \
                 p.user('{USER}@example.org'); p.pass_('{PASS}')"
            ),
            "auto",
            1,
            vec!["-ERR [AUTH]", "diagnosis: ", "domain part"],
            vec![PASS],
        ),
        (
            "smtplib, a real server's reply",
            "smtp",
            format!(
                "s = smtplib.SMTP('127.0.0.1', port); s.starttls(context=ctx); \
                 s.login('{USER}', open({pw:?}).read())"
            ),
            "never",
            1,
            vec!["535", "Authentication credentials invalid"],
            vec!["diagnosis", PASS],
        ),
        (
            "imaplib, a real server's reply",
            "imaps",
            format!(
                "m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx); \
                 m.login('{PASS}', '{USER}')"
            ),
            "never",
            1,
            vec!["AUTHENTICATIONFAILED"],
            vec!["diagnosis", PASS],
        ),
    ];
    let mut results = concurrent::map(
        &cases,
        5,
        |(name, scheme, body, when, want, told, untold)| {
            let serve = Serve::start(
                &[scheme],
                &[
                    "--user",
                    USER,
                    "--pass-env",
                    "SERVE_PASS",
                    "--client-diagnosis",
                    when,
                ],
            );
            let client = python(&serve, body);
            check(name, serve, client, *want, told, untold)
        },
    );
    // The learner at openssl s_client: echo's newline in AUTH PLAIN.
    let serve = Serve::start(&["smtp"], &["--user", USER, "--pass-env", "SERVE_PASS"]);
    let script = format!(
        "({{ sleep 1; echo 'EHLO me'; echo \"AUTH PLAIN $(bash -c \"echo -e '\\\\0alice\\\\0pencil'\" | base64)\"; \
         sleep 0.5; echo QUIT; sleep 0.5; }}) | openssl s_client -quiet -crlf -starttls smtp \
         -connect 127.0.0.1:{} -CAfile {} 2>&1",
        serve.port(0),
        serve.cert.display()
    );
    let client = run(Command::new("sh").arg("-c").arg(script));
    results.push(check(
        "openssl s_client, echo's newline",
        serve,
        client,
        1,
        &[
            "535-5.7.8 diagnosis: found the mistake: the password ends with a line feed",
            "535 5.7.8 Authentication credentials invalid",
        ],
        &[PASS],
    ));
    let (passed, failed) = tally(results);
    peers::summary(
        "serve told",
        passed,
        failed,
        "the diagnosis in the replies smtplib, imaplib, poplib and openssl s_client see",
    );
    assert_eq!(failed, 0);
}
