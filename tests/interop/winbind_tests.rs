//! NTLM against Samba: the standalone winbindd of `samba.rs`, its
//! `ntlm_auth` checking the server's own users, alone and as Dovecot's
//! NTLM helper, where saslenc's and gsasl's clients log in; and Samba's
//! NTLM client logging in to `saslenc serve`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::client::{self, Protocol, Security, Target};

use crate::dovecot::{self, Dovecot, Listener, Service, TestUser};
use crate::process::Interactive;
use crate::samba::{self, Samba, Setup, NETBIOS_NAME, WORKGROUP};
use crate::serve_tests::{self, Serve};
use crate::{concurrent, dovecot_tests, gsasl, legacy_tests, peers};

/// Whether Samba (and the root it needs) is here; prints the skip line.
pub fn available() -> bool {
    peers::available("samba", samba::availability())
}

/// `ntlm_auth --username --password [--domain]`: winbindd checks a
/// plaintext password (the NTLM exchange is winbindd's own). Its exit
/// status, and what it printed.
fn plaintext(
    samba: &Samba,
    user: &str,
    password: &str,
    domain: Option<&str>,
) -> (Option<i32>, String) {
    let mut command = samba.command("ntlm_auth").expect("ntlm_auth");
    command
        .arg(format!("--username={user}"))
        .arg(format!("--password={password}"));
    if let Some(domain) = domain {
        command.arg(format!("--domain={domain}"));
    }
    let out = command
        .stdin(Stdio::null())
        .output()
        .expect("ntlm_auth runs");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Samba's NTLM client (`ntlmssp-client-1`) and server
/// (`squid-2.5-ntlmssp`, Dovecot's helper protocol) talking to each
/// other through this test: `YR` gives the NEGOTIATE, the server answers
/// `TT <CHALLENGE>`, the client `AF <AUTHENTICATE>`, which the server
/// takes with `KK`; its verdict is `AF <user>` or `NA <NT status>`.
fn samba_to_samba(
    samba: &Samba,
    client_config: &Path,
    user: &TestUser,
    password: &str,
    domain: &str,
) -> Result<String, String> {
    let mut client = Interactive::spawn(
        "ntlm_auth client",
        Command::new(dovecot::find_program("ntlm_auth")?)
            .arg(format!("--configfile={}", client_config.display()))
            .arg("--helper-protocol=ntlmssp-client-1")
            .arg(format!("--username={}", user.name))
            .arg(format!("--password={password}"))
            .arg(format!("--domain={domain}")),
    )?;
    let mut server = Interactive::spawn(
        "ntlm_auth server",
        samba
            .command("ntlm_auth")?
            .arg("--helper-protocol=squid-2.5-ntlmssp"),
    )?;
    client.write_line("YR")?;
    let negotiate = client.read_line()?;
    server.write_line(&negotiate)?;
    let challenge = server.read_line()?;
    client.write_line(&challenge)?;
    let authenticate = client.read_line()?;
    let blob = authenticate
        .strip_prefix("AF ")
        .and_then(|rest| rest.split(' ').next())
        .ok_or_else(|| format!("not an AF line: {authenticate}"))?;
    server.write_line(&format!("KK {blob}"))?;
    server.read_line()
}

/// The harness works: winbindd of a standalone server authenticates the
/// local tdbsam users through `ntlm_auth`, with a plaintext password and
/// in a whole NTLMSSP exchange (Samba's client against Samba's server),
/// in the domain named after the NetBIOS name or none; a wrong password,
/// an unknown user, and the workgroup as domain are refused.
#[test]
fn winbindd_authenticates_local_users() {
    if !available() {
        return;
    }
    let samba =
        Samba::start(Setup::default()).unwrap_or_else(|e| panic!("cannot start Samba: {e}"));
    let client_dir = tempfile::tempdir().expect("a temporary directory");
    let client_config = samba::client_config(client_dir.path()).expect("client smb.conf");
    let mut problems = Vec::new();
    let mut total = 0;
    let mut expect = |what: String, ok: bool, detail: String| {
        total += 1;
        if !ok {
            problems.push(format!("{what}: {detail}"));
        }
    };
    for user in samba::USERS {
        let wrong = format!("{}-wrong", user.password);
        let (code, out) = plaintext(&samba, user.name, user.password, Some(NETBIOS_NAME));
        expect(
            format!("plaintext {:?} right", user.name),
            code == Some(0),
            out,
        );
        let (code, out) = plaintext(&samba, user.name, &wrong, Some(NETBIOS_NAME));
        expect(
            format!("plaintext {:?} wrong", user.name),
            code == Some(1) && out.contains("NT_STATUS_WRONG_PASSWORD"),
            out,
        );
        // The workgroup is not a domain this server can authenticate in;
        // without --domain, ntlm_auth names the workgroup.
        for domain in [Some(WORKGROUP), None] {
            let (code, out) = plaintext(&samba, user.name, user.password, domain);
            expect(
                format!("plaintext {:?} in {domain:?}", user.name),
                code == Some(1) && out.contains("NT_STATUS_NO_LOGON_SERVERS"),
                out,
            );
        }
        let verdict = samba_to_samba(&samba, &client_config, user, user.password, NETBIOS_NAME);
        expect(
            format!("NTLMSSP {:?} right", user.name),
            verdict.as_deref() == Ok(&format!("AF {NETBIOS_NAME}\\{}", user.name)[..]),
            format!("{verdict:?}"),
        );
        let verdict = samba_to_samba(&samba, &client_config, user, &wrong, NETBIOS_NAME);
        expect(
            format!("NTLMSSP {:?} wrong", user.name),
            // winbindd finds NT_STATUS_WRONG_PASSWORD; the NTLMSSP server
            // answers only that the logon failed.
            verdict.as_deref() == Ok("NA NT_STATUS_LOGON_FAILURE"),
            format!("{verdict:?}"),
        );
    }
    let (code, out) = plaintext(&samba, "nosuchuser", "pencil", Some(NETBIOS_NAME));
    expect("plaintext unknown user".into(), code == Some(1), out);
    let failed = problems.len();
    peers::summary(
        "samba winbind",
        total - failed,
        failed,
        "a standalone winbindd over a tdbsam: ntlm_auth with a plaintext password and Samba's \
         NTLMSSP client against its squid-2.5-ntlmssp server, right and wrong passwords",
    );
    assert!(
        problems.is_empty(),
        "{}\n--- winbindd log ---\n{}",
        problems.join("\n"),
        samba.log()
    );
}

/// A Dovecot that hands NTLM to the Samba's `ntlm_auth`, and that Samba.
/// The Samba is declared last in the tuple so that Dovecot (whose helper
/// talks to winbindd) stops first.
fn dovecot_with_winbind(setup: Setup) -> (Dovecot, Samba) {
    let group = dovecot::internal_user_gid().unwrap_or_else(|e| panic!("{e}"));
    let samba = Samba::start(Setup {
        helper_group: Some(group),
        ..setup
    })
    .unwrap_or_else(|e| panic!("cannot start Samba: {e}"));
    let server = Dovecot::start_with(dovecot::Setup {
        winbind_helper: Some(samba.helper()),
        ..dovecot::Setup::default()
    })
    .unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    (server, samba)
}

/// `saslenc connect --mech NTLM --user USER` to one of Dovecot's listeners.
fn connect(
    server: &Dovecot,
    service: Service,
    listener: Listener,
    user: &str,
    password: &str,
) -> legacy_tests::Outcome {
    legacy_tests::connect(server, "NTLM", service, listener, user, password)
}

/// One login of the Dovecot matrix: who, with which password, and the
/// exit status Samba's verdict gives.
struct Case {
    service: Service,
    listener: Listener,
    user: String,
    password: String,
    want: i32,
    what: &'static str,
}

/// `saslenc connect --mech NTLM` against Dovecot with `auth_use_winbind`,
/// over IMAP, POP3 and submission, STARTTLS and implicit TLS: Samba's
/// winbindd is the judge. What Samba does, found by trying and checked
/// here: the server's own users log in with no domain, with its NetBIOS
/// name as domain (any case), and with the user name in another case; a
/// wrong password, an unknown user, the workgroup or any other domain are
/// refused (exit 1). The transcript never shows the password, and masks
/// the NTProofStr.
#[test]
fn ntlm_connect_against_dovecot_with_winbind() {
    if !dovecot_tests::available() || !available() {
        return;
    }
    let (server, samba) = dovecot_with_winbind(Setup::default());
    // Every user, right and wrong password, on every listener; the
    // domains and names as Samba judges them on the STARTTLS listeners.
    let mut everywhere: Vec<(String, String, i32, &'static str)> = Vec::new();
    let mut starttls: Vec<(String, String, i32, &'static str)> = Vec::new();
    for user in samba::USERS {
        let (name, password) = (user.name.to_owned(), user.password.to_owned());
        everywhere.push((name.clone(), password.clone(), 0, "no domain"));
        everywhere.push((
            name.clone(),
            format!("{password}-wrong"),
            1,
            "wrong password",
        ));
        starttls.push((
            format!("{NETBIOS_NAME}\\{name}"),
            password.clone(),
            0,
            "NetBIOS name as domain",
        ));
    }
    let ascii = dovecot::ASCII_USER;
    for (user, want, what) in [
        (
            format!("{}\\{}", NETBIOS_NAME.to_lowercase(), ascii.name),
            0,
            "NetBIOS name in lower case",
        ),
        (ascii.name.to_uppercase(), 0, "user name in upper case"),
        (
            format!("{WORKGROUP}\\{}", ascii.name),
            1,
            "the workgroup as domain",
        ),
        (format!("ELSEWHERE\\{}", ascii.name), 1, "another domain"),
        ("nosuchuser".to_owned(), 1, "unknown user"),
    ] {
        starttls.push((user, ascii.password.to_owned(), want, what));
    }
    let mut cases = Vec::new();
    for service in Service::ALL {
        for listener in [Listener::Cleartext, Listener::ImplicitTls] {
            let extra = if listener == Listener::Cleartext {
                &starttls[..]
            } else {
                &[]
            };
            for (user, password, want, what) in everywhere.iter().chain(extra) {
                cases.push(Case {
                    service,
                    listener,
                    user: user.clone(),
                    password: password.clone(),
                    want: *want,
                    what,
                });
            }
        }
    }
    // One at a time: Dovecot's auth process keeps one ntlm_auth helper,
    // whose squid-2.5-ntlmssp protocol holds one NTLMSSP exchange, and
    // Dovecot 2.3 passes concurrent NTLM logins to it interleaved: run
    // side by side, logins with the right password failed at random with
    // NT_STATUS_INVALID_PARAMETER (another login's NEGOTIATE had replaced
    // the helper's challenge).
    let failures: Vec<String> = concurrent::map(&cases, 1, |case| {
        let run = connect(
            &server,
            case.service,
            case.listener,
            &case.user,
            &case.password,
        );
        let mut problems = Vec::new();
        if run.code != Some(case.want) {
            problems.push(format!("expected exit {}", case.want));
        }
        if run.stdout.contains(&case.password) || run.stderr.contains(&case.password) {
            problems.push("the password is shown".into());
        }
        if !run.stdout.contains("(nt-proof-str 16 bytes)") {
            problems.push("the NTProofStr is not shown masked".into());
        }
        if problems.is_empty() {
            String::new()
        } else {
            format!(
                "{} {:?} {:?} ({}): {}\nexit {:?}\n{}{}",
                case.service,
                case.listener,
                case.user,
                case.what,
                problems.join("; "),
                run.code,
                run.stdout,
                run.stderr
            )
        }
    })
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    peers::summary(
        "dovecot ntlm winbind",
        cases.len() - failures.len(),
        failures.len(),
        "saslenc connect --mech NTLM against Dovecot's auth_use_winbind and Samba's ntlm_auth: \
         IMAP, POP3, submission, STARTTLS and implicit TLS, right and wrong passwords, domains \
         and users as Samba judges them",
    );
    assert!(
        failures.is_empty(),
        "{}\n--- dovecot log ---\n{}\n--- winbindd log ---\n{}",
        failures.join("\n"),
        server.log(),
        samba.log()
    );
}

/// GNU gsasl's NTLM client sends NTLMv1 (LM and NT responses of 24
/// bytes). Samba refuses NTLMv1 by default (`ntlm auth = ntlmv2-only`):
/// gsasl is refused even with the right password, and winbindd logs why,
/// while saslenc's NTLMv2 logs in to the same server. With `ntlm auth =
/// ntlmv1-permitted`, gsasl's right password logs in and a wrong one is
/// refused, as saslenc's: the verdicts agree.
#[test]
fn gsasl_ntlm_against_dovecot_with_winbind() {
    if !dovecot_tests::available()
        || !available()
        || !peers::available("gsasl", gsasl::availability())
    {
        return;
    }
    let user = dovecot::ASCII_USER;
    let wrong = format!("{}-wrong", user.password);
    let mut problems = Vec::new();
    let mut total = 0;
    for ntlmv1 in [false, true] {
        let (server, samba) = dovecot_with_winbind(Setup {
            ntlmv1,
            ..Setup::default()
        });
        for service in [Service::Imap, Service::Submission] {
            for (password, gsasl_want, saslenc_want) in
                [(user.password, ntlmv1, 0), (wrong.as_str(), false, 1)]
            {
                total += 1;
                let theirs =
                    legacy_tests::gsasl_login(&server, "NTLM", service, user.name, password, "");
                let ours = connect(&server, service, Listener::Cleartext, user.name, password);
                if theirs != Ok(gsasl_want) || ours.code != Some(saslenc_want) {
                    problems.push(format!(
                        "ntlmv1-permitted={ntlmv1} {service} right={}: gsasl {theirs:?} \
                         (wanted {gsasl_want}), saslenc exit {:?} (wanted {saslenc_want})\n{}",
                        password == user.password,
                        ours.code,
                        ours.stdout
                    ));
                }
            }
        }
        // winbindd says why gsasl's right password was refused.
        total += 1;
        let refused_v1 = samba.log().contains("NTLMv1 passwords NOT PERMITTED");
        if refused_v1 == ntlmv1 {
            problems.push(format!(
                "ntlmv1-permitted={ntlmv1}: winbindd's log {} \"NTLMv1 passwords NOT PERMITTED\"",
                if refused_v1 { "says" } else { "does not say" }
            ));
        }
        if !problems.is_empty() {
            problems.push(format!(
                "--- dovecot log ---\n{}\n--- winbindd log ---\n{}",
                server.log(),
                samba.log()
            ));
            break;
        }
    }
    let failed = problems.iter().filter(|p| !p.starts_with("---")).count();
    peers::summary(
        "gsasl ntlm vs dovecot winbind",
        total - failed,
        failed,
        "gsasl -m NTLM (NTLMv1) refused by Samba's default ntlmv2-only where saslenc's NTLMv2 \
         logs in; with ntlmv1-permitted both reach the same verdicts",
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Samba's NTLM client (`ntlm_auth --helper-protocol=ntlmssp-client-1`,
/// with a config of its own) logs in to `saslenc serve --mech NTLM`, this
/// test carrying its messages: `YR` gives the NEGOTIATE, sent as the
/// initial response; each challenge goes to it as `TT <CHALLENGE>`, and
/// its `AF <AUTHENTICATE> ...` (or `KK`) line is the answer.
fn samba_client_login(
    target: &Target,
    client_config: &Path,
    user: &str,
    password: &str,
    domain: Option<&str>,
) -> Result<client::Outcome, String> {
    let mut command = Command::new(dovecot::find_program("ntlm_auth")?);
    command
        .arg(format!("--configfile={}", client_config.display()))
        .arg("--helper-protocol=ntlmssp-client-1")
        .arg(format!("--username={user}"))
        .arg(format!("--password={password}"));
    if let Some(domain) = domain {
        command.arg(format!("--domain={domain}"));
    }
    let mut helper = Interactive::spawn("ntlm_auth client", &mut command)?;
    helper.write_line("YR")?;
    let negotiate = helper.read_line()?;
    let negotiate = negotiate
        .strip_prefix("YR ")
        .ok_or_else(|| format!("not a YR line: {negotiate}"))?
        .to_owned();
    let mut answer = |challenge: &str| -> Result<String, String> {
        helper.write_line(&format!("TT {challenge}"))?;
        let line = helper.read_line()?;
        match line.split(' ').collect::<Vec<_>>()[..] {
            ["AF" | "KK", blob, ..] => Ok(blob.to_owned()),
            _ => Err(format!(
                "ntlm_auth answered {line:?}; {}",
                helper.describe()
            )),
        }
    };
    Ok(client::authenticate(
        target,
        "NTLM",
        Some(&negotiate),
        &mut answer,
    ))
}

/// Samba's NTLM client against `saslenc serve --mech NTLM` over SMTP,
/// IMAP and POP3 (STARTTLS): its NTLMv2 with the right password is
/// accepted (serve exits 0, showing the NTProofStr masked), a wrong one
/// refused (exit 1, the response matching the password under no domain
/// tried); the non-ASCII user, the
/// shell-hostile password, and no `--domain` (the client then names its
/// own workgroup, which NTOWFv2 covers as sent) log in too.
#[test]
fn samba_ntlm_client_against_serve() {
    if !available() || !peers::available("openssl", client::tls_available()) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let client_config = samba::client_config(&dir.path().join("client")).expect("client smb.conf");
    // serve's accounts: the Samba users, {PLAIN} in a passwd-file.
    let passdb = dir.path().join("passdb");
    let lines: String = samba::USERS
        .iter()
        .map(|u| format!("{}:{{PLAIN}}{}\n", u.name, u.password))
        .collect();
    std::fs::write(&passdb, lines).expect("passdb written");
    let passdb = passdb.display().to_string();
    let mut cases: Vec<(&str, &TestUser, bool, Option<&str>)> = Vec::new();
    for scheme in ["smtp", "imap", "pop3"] {
        for user in samba::USERS {
            cases.push((scheme, user, true, Some("EXAMPLE")));
        }
        cases.push((scheme, &dovecot::ASCII_USER, false, Some("EXAMPLE")));
    }
    cases.push(("smtp", &dovecot::ASCII_USER, true, None));
    let results = concurrent::map(&cases, 4, |&(scheme, user, right, domain)| {
        let serve = Serve::start(&[scheme], &["--mech", "NTLM", "--passdb", &passdb]);
        let port: u16 = serve.port(0).parse().expect("a port");
        let protocol = match scheme {
            "smtp" => Protocol::Smtp,
            "imap" => Protocol::Imap,
            _ => Protocol::Pop3,
        };
        let target = Target::new(protocol, Security::StartTls, ([127, 0, 0, 1], port).into());
        let password = if right {
            user.password.to_owned()
        } else {
            format!("{}-wrong", user.password)
        };
        let outcome = samba_client_login(&target, &client_config, user.name, &password, domain);
        let (code, out) = serve.finish();
        let (want, verdict_ok, needles): (i32, bool, &[&str]) = match &outcome {
            Ok(o) if right => (
                0,
                o.verdict.is_accepted(),
                &["verdict: accepted", "(nt-proof-str 16 bytes)"],
            ),
            Ok(o) => (
                1,
                o.verdict.is_rejected(),
                &[
                    "verdict: refused",
                    "matches the password under no domain tried",
                ],
            ),
            Err(_) => (0, false, &[]),
        };
        let ok = verdict_ok && code == want && needles.iter().all(|n| out.contains(n));
        if !ok {
            eprintln!(
                "FAILED ntlm_auth client {scheme} {:?} right={right} domain={domain:?}: serve exit \
                 {code}, want {want}\n--- client: {outcome:?}\n--- serve:\n{out}",
                user.name
            );
        }
        ok
    });
    let (passed, failed) = serve_tests::tally(results);
    peers::summary(
        "samba ntlm_auth client vs serve",
        passed,
        failed,
        "ntlm_auth --helper-protocol=ntlmssp-client-1 (NTLMv2) logging in to serve --mech NTLM \
         over SMTP, IMAP and POP3 (STARTTLS), right and wrong passwords",
    );
    assert_eq!(failed, 0);
}
