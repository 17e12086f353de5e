//! `saslenc serve` against aiosmtplib, the asyncio SMTP client: STARTTLS
//! and implicit TLS, a right and a wrong password, and a temporary
//! failure made on purpose. aiosmtplib releases differ in whether they
//! send EHLO again after STARTTLS before AUTH (RFC 3207 section 4.2 asks
//! for it); serve records either as a login with its verdict, and the
//! test accepts only those two outcomes.

use std::process::Command;

use crate::concurrent;
use crate::peers;
use crate::serve_tests::{run, tally, Serve};

const USER: &str = "alice";
const PASS: &str = "pencil";

fn aiosmtplib() -> Result<(), String> {
    match Command::new("python3")
        .args(["-c", "import aiosmtplib"])
        .output()
    {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err("python3 cannot import aiosmtplib; pip install aiosmtplib".into()),
    }
}

/// Logs in as `user` with `password` and sends a message, over STARTTLS
/// or implicit TLS (`implicit`); prints `client: sent` or the exception.
fn client(serve: &Serve, password: &str, implicit: bool) -> (i32, String) {
    let script = format!(
        "import asyncio, ssl, aiosmtplib\n\
         ctx = ssl.create_default_context(cafile={cert:?})\n\
         async def main():\n\
         \x20   smtp = aiosmtplib.SMTP(hostname='127.0.0.1', port={port}, tls_context=ctx, use_tls={tls}, timeout=10)\n\
         \x20   await smtp.connect()\n\
         \x20   if smtp.get_transport_info('sslcontext') is None:\n\
         \x20       await smtp.starttls(tls_context=ctx)\n\
         \x20   await smtp.login('{USER}', '{password}')\n\
         \x20   await smtp.sendmail('a@example.org', ['b@example.org'], 'Subject: x\\r\\n\\r\\nhi')\n\
         \x20   await smtp.quit()\n\
         try:\n\
         \x20   asyncio.run(main())\n\
         \x20   print('client: sent')\n\
         except Exception as e:\n\
         \x20   print('client error:', type(e).__name__ + ':', e)\n",
        cert = serve.cert.display().to_string(),
        port = serve.port(0),
        tls = if implicit { "True" } else { "False" },
    );
    run(Command::new("python3").arg("-c").arg(script))
}

#[test]
fn aiosmtplib_logs_in_and_is_refused_as_it_should() {
    if !peers::available("serve aiosmtplib", aiosmtplib()) {
        return;
    }
    // (name, scheme, password, extra serve arguments, outcomes allowed:
    // serve's exit status with what its output and the client's hold)
    type Outcome<'a> = (i32, &'a [&'a str], &'a [&'a str]);
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [Outcome<'a>]);
    let ehlo_skipped: Outcome = (
        1,
        &["after STARTTLS without a new EHLO"],
        &["SMTPAuthenticationError", "503"],
    );
    let cases: &[Case] = &[
        (
            "STARTTLS, right password",
            "smtp",
            PASS,
            &[],
            &[
                (0, &["verdict: accepted", "TLS started"], &["client: sent"]),
                ehlo_skipped,
            ],
        ),
        (
            "implicit TLS, right password",
            "smtps",
            PASS,
            &[],
            &[(0, &["verdict: accepted"], &["client: sent"])],
        ),
        (
            "STARTTLS, wrong password",
            "smtp",
            "wrong",
            &[],
            &[
                (
                    1,
                    &["verdict: refused"],
                    &["SMTPAuthenticationError", "535"],
                ),
                ehlo_skipped,
            ],
        ),
        (
            "implicit TLS, wrong password",
            "smtps",
            "wrong",
            &[],
            &[(
                1,
                &["verdict: refused", "the password differs"],
                &["SMTPAuthenticationError", "535", "diagnosis: "],
            )],
        ),
        (
            "implicit TLS, a temporary failure",
            "smtps",
            PASS,
            &["--chaos", "auth=temporary"],
            &[(
                1,
                &["--chaos auth=temporary"],
                &["SMTPAuthenticationError", "454"],
            )],
        ),
    ];
    let results = concurrent::map(cases, 5, |(name, scheme, password, extra, outcomes)| {
        let mut args = vec!["--user", USER, "--pass-env", "SERVE_PASS"];
        args.extend(extra.iter().copied());
        let serve = Serve::start(&[scheme], &args);
        let client = client(&serve, password, *scheme == "smtps");
        let (code, out) = serve.finish();
        let ok = outcomes
            .iter()
            .any(|(want, serve_needles, client_needles)| {
                code == *want
                    && serve_needles.iter().all(|n| out.contains(n))
                    && client_needles.iter().all(|n| client.1.contains(n))
            });
        if !ok {
            eprintln!(
                "FAILED aiosmtplib {name}: serve exit {code}\n--- client:\n{}\n--- serve:\n{out}",
                client.1
            );
        }
        ok
    });
    let (passed, failed) = tally(results);
    peers::summary(
        "serve aiosmtplib",
        passed,
        failed,
        "STARTTLS and implicit TLS, right and wrong passwords, a temporary failure",
    );
    assert_eq!(failed, 0);
}
