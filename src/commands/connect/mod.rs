//! `saslenc connect`: wires the command line to `saslenc::login`. The
//! secrets are read before the connection opens, so that a prompt does
//! not eat into the server's timeout.

use std::io::{self, Write};
use std::time::Duration;

use crate::commands::Error;
use saslenc::login::client_cert::ClientCert;
use saslenc::login::dialogue::Capabilities;
use saslenc::login::tls::{parse_pin, TlsOptions};
use saslenc::login::url::{Security, Target};
use saslenc::login::{self, BindingChoice, Choice, Options, Report, Warning};
use saslenc::mech::{BindingType, Credentials, Kind};
use saslenc::token::{Finding, Outcome, Token};
use saslenc::transcript::{Entry, Speaker};
use saslenc::ErrorClass;
use serde_json::{json, Value};

use super::wording::{choice, verification, warning};
use super::{json_text, screen, text, SecretFrom, PASSWORD_SOURCES, TOKEN_SOURCES};
use crate::cli::{ChannelBindingArg, ConnectArgs};

mod report;

use report::{json_report, verdict_words, write_json, write_stdout, Output};

pub fn run(args: ConnectArgs) -> Result<(), Error> {
    let output = Output {
        quiet: args.quiet,
        json: args.json,
    };
    let all_mechanisms = args.all;
    // Whatever stops the check before the server is reached (a refused
    // URL or option, a secret that cannot be read) is still one JSON
    // document on standard output with --json, as a verdict is.
    let (options, credentials) = match prepare(args) {
        Ok(prepared) => prepared,
        Err(error) => {
            if output.json {
                write_json(&json!({"verdict": json_error(&error)}))?;
            }
            return Err(error);
        }
    };
    if all_mechanisms {
        return all(&options, &credentials, &output);
    }
    let report = login::connect(&options, &credentials);
    screen::remember_all(report.transcript.secrets());
    output.report(&report, &token_findings(&report, &credentials))?;
    Ok(report.result.map(drop)?)
}

/// `--connect-to HOST:PORT`: a host name or an address (IPv6 in
/// brackets) and a port from 1 to 65535.
fn host_port(text: &str) -> Result<(String, u16), Error> {
    let rule = || {
        Error::UsageOf(
            "--connect-to is HOST:PORT, an IPv6 address in brackets ([::1]:993), the port \
             from 1 to 65535"
                .into(),
        )
    };
    let (host, port) = text.rsplit_once(':').ok_or_else(rule)?;
    let host = match host.strip_prefix('[') {
        Some(inner) => inner.strip_suffix(']').ok_or_else(rule)?,
        None if host.contains(':') => return Err(rule()),
        None => host,
    };
    let port: u16 = port.parse().ok().filter(|&p| p != 0).ok_or_else(rule)?;
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(rule());
    }
    Ok((host.to_owned(), port))
}

/// The verdict object of an error, for --json.
fn json_error(error: &Error) -> Value {
    verdict_object(error.class(), &super::message(error))
}

/// [`json_error`] for the library's error.
fn json_library_error(error: &saslenc::Error) -> Value {
    verdict_object(error.class(), &super::wording::library_message(error))
}

/// `{"status", "exit_code", "error"}` for a failure of `class`.
fn verdict_object(class: ErrorClass, message: &str) -> Value {
    json!({
        "status": word(class),
        "exit_code": crate::commands::exit::code(class),
        "error": message,
    })
}

/// The --json document for a command line that was refused before
/// `connect` ran (an unknown option, a missing value), when `args` ask
/// `connect` for `--json`: the verdict object of a usage error, with the
/// first paragraph of `message` on one line, so that a JSON consumer has
/// something to parse.
pub(crate) fn usage_verdict(args: &[std::ffi::OsString], message: &str) -> Option<String> {
    let json = args.get(1).is_some_and(|verb| verb == "connect")
        && args
            .iter()
            .skip(2)
            .take_while(|a| *a != "--")
            .any(|a| a == "--json");
    if !json {
        return None;
    }
    let words: Vec<&str> = message
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let line = words.join(" ");
    let line = line.strip_prefix("saslenc: ").unwrap_or(&line);
    let line = line.strip_prefix("error: ").unwrap_or(line);
    Some(json_text(
        &json!({"verdict": verdict_object(ErrorClass::Usage, line)}),
    ))
}

/// Everything that needs no server: the URL, the options, the secrets.
fn prepare(args: ConnectArgs) -> Result<(Options, Credentials), Error> {
    if args.show_secrets {
        screen::reveal();
    }
    let url = text("URL", &args.url)?;
    let target = Target::parse(url)?;
    let user = args
        .user
        .as_deref()
        .map(|u| text("user", u).map(str::to_owned))
        .transpose()?;
    let authzid = match &args.authzid {
        Some(z) => text("authzid", z)?.to_owned(),
        None => String::new(),
    };
    let mut pins = Vec::new();
    for pin in &args.pin_sha256 {
        pins.push(parse_pin(pin)?);
    }
    // RFC 5321 section 4.1.1.1: a domain or an address literal; nothing
    // that could end the line and start another command.
    if args.ehlo.is_empty()
        || !args
            .ehlo
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_[]:".contains(&b))
    {
        return Err(Error::Usage(
            "--ehlo takes a domain or an address literal: letters, digits, '.', '-', '_', \
             and '[', ']', ':' for an address",
        ));
    }
    if args.timeout == 0 {
        return Err(Error::Usage("--timeout must be at least 1 second"));
    }
    if std::time::Instant::now()
        .checked_add(Duration::from_secs(args.timeout))
        .is_none()
    {
        return Err(Error::Usage(
            "--timeout is too large to add to the clock; give the seconds the whole check may take",
        ));
    }
    let security = if args.no_tls {
        if target.security == Security::Implicit {
            return Err(Error::Usage(
                "--no-tls applies to the STARTTLS schemes (smtp, submission, imap, pop3); \
                 smtps, submissions, imaps and pop3s are TLS from the first byte",
            ));
        }
        Security::None
    } else {
        target.security
    };
    // Known before the connection opens: a mechanism saslenc lacks, and a
    // login with no user name.
    let requested = match args.mech.as_deref().map(str::parse::<Kind>) {
        None => None,
        Some(Ok(kind)) => Some(kind),
        Some(Err(unknown)) => return Err(saslenc::Error::from(unknown).into()),
    };
    // A client certificate logs in with EXTERNAL where the server offers
    // it: no user name, no password needed.
    let by_certificate = args.cert.is_some() && requested.is_none();
    let client_cert = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => Some(ClientCert::from_pem_files(cert, key)?),
        _ => None,
    };
    if user.is_none()
        && !args.probe
        && !args.all
        && !by_certificate
        && requested.is_none_or(Kind::takes_user)
    {
        return Err(Error::Usage(
            "--user is required for this mechanism (only ANONYMOUS, EXTERNAL and --probe go without)",
        ));
    }
    let limit = Duration::from_secs(args.timeout);
    let password_args = SecretFrom::from(args.password).within(limit);
    let token_args = SecretFrom::from(args.token).within(limit);
    let oauth = token_args.given() || requested.is_some_and(Kind::takes_token);
    let needs_secret = !args.probe && !by_certificate && requested.is_none_or(Kind::takes_user);
    let shown_user = user.clone().unwrap_or_default();
    let password = if password_args.given() || (needs_secret && !oauth) {
        Some(
            password_args.read("password", "pass", PASSWORD_SOURCES, false, || {
                format!("Password for {shown_user}: ")
            })?,
        )
    } else {
        None
    };
    let token = if token_args.given() || (needs_secret && oauth) {
        Some(token_args.read("token", "token", TOKEN_SOURCES, false, || {
            format!("Access token for {shown_user}: ")
        })?)
    } else {
        None
    };
    let credentials = Credentials {
        user,
        authzid,
        password,
        token,
        server: Some((target.host.clone(), target.port)),
        protocol: Some(target.protocol),
        digest_hashing: args.digest_encoding.digest_encoding.into(),
    };
    let connect_to = args.connect_to.as_deref().map(host_port).transpose()?;
    let options = Options {
        target: target.clone(),
        security,
        tls: TlsOptions {
            cafile: args.cafile,
            pins,
            insecure: args.insecure,
            client_cert,
        },
        timeout: Duration::from_secs(args.timeout),
        ehlo: args.ehlo,
        probe: args.probe,
        show_secrets: args.show_secrets,
        mechanism: requested,
        force_mechanism: args.force_mech,
        oauth,
        allow_cleartext: args.allow_cleartext,
        connect_to,
        channel_binding: match args.channel_binding {
            None => BindingChoice::Default,
            Some(ChannelBindingArg::TlsExporter) => BindingChoice::Only(BindingType::TlsExporter),
            Some(ChannelBindingArg::TlsServerEndPoint) => {
                BindingChoice::Only(BindingType::TlsServerEndPoint)
            }
            Some(ChannelBindingArg::None) => BindingChoice::Off,
        },
    };
    Ok((options, credentials))
}

/// `--all`: a probe for the mechanisms, then one session each.
///
/// The exit status: 0 when every mechanism tried was accepted; 1 when any
/// was refused and nothing else failed; otherwise that of the first row
/// that failed otherwise. Mechanisms skipped (no credentials for them, no
/// TLS for a cleartext one) or not tried (saslenc lacks them) are listed
/// with the reason and do not count; with none left to try, 7.
fn all(options: &Options, credentials: &Credentials, output: &Output) -> Result<(), Error> {
    let probe = login::connect(
        &Options {
            probe: true,
            ..options.clone()
        },
        credentials,
    );
    if probe.result.is_err() {
        output.report(&probe, &[])?;
        return Ok(probe.result.map(drop)?);
    }
    let offered = probe
        .capabilities
        .as_ref()
        .map(|c| c.mechanisms.clone())
        .unwrap_or_default();
    let mut usable: Vec<Kind> = Vec::new();
    // (mechanism, "skipped" or "not tried", why)
    let mut passed_over: Vec<(String, &'static str, String)> = Vec::new();
    for name in &offered {
        match name.parse::<Kind>() {
            Ok(kind) => match skip_reason(kind, options, credentials) {
                Some(why) => passed_over.push((name.clone(), "skipped", why)),
                None => usable.push(kind),
            },
            Err(_) => passed_over.push((name.clone(), "not tried", not_tried_reason(name))),
        }
    }
    let mut rows: Vec<(&'static str, Report)> = Vec::new();
    for kind in usable {
        let mut report = login::connect(
            &Options {
                mechanism: Some(kind),
                ..options.clone()
            },
            credentials,
        );
        report.mechanism = report.mechanism.map(|(m, _)| (m, Choice::EachOffered));
        screen::remember_all(report.transcript.secrets());
        rows.push((kind.name(), report));
    }
    let failure = |report: &Report| report.result.as_ref().err().map(saslenc::Error::class);
    let refused: Vec<&str> = rows
        .iter()
        .filter(|(_, r)| failure(r) == Some(ErrorClass::Verdict))
        .map(|(name, _)| *name)
        .collect();
    let accepted: Vec<&str> = rows
        .iter()
        .filter(|(_, r)| r.result.is_ok())
        .map(|(name, _)| *name)
        .collect();
    let other = rows
        .iter()
        .position(|(_, r)| failure(r).is_some_and(|c| c != ErrorClass::Verdict));
    let passed_over_text = if passed_over.is_empty() {
        String::new()
    } else {
        format!(
            "; {}",
            passed_over
                .iter()
                .map(|(name, status, why)| format!("{name} {status} ({why})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let target = &options.target;
    let (class, summary) = if rows.is_empty() {
        (
            Some(ErrorClass::Unsupported),
            format!(
                "unsupported: --all found nothing to try at {target}: the server offers {}{passed_over_text}",
                if offered.is_empty() {
                    "no mechanism".to_owned()
                } else {
                    offered.join(" ")
                }
            ),
        )
    } else if let Some(index) = other {
        let (name, report) = &rows[index];
        let error = report.result.as_ref().expect_err("a failed row");
        (
            Some(error.class()),
            format!(
                "{} (with {name}, the first mechanism that failed otherwise than by a \
                 refusal){passed_over_text}",
                verdict_words(error)
            ),
        )
    } else if !refused.is_empty() {
        (
            Some(ErrorClass::Verdict),
            format!(
                "refused: {} of {} mechanisms tried at {target} were refused ({}){}{passed_over_text}",
                refused.len(),
                rows.len(),
                refused.join(", "),
                if accepted.is_empty() {
                    String::new()
                } else {
                    format!("; accepted: {}", accepted.join(", "))
                }
            ),
        )
    } else {
        (
            None,
            format!(
                "accepted: every mechanism tried at {target} was accepted ({}){passed_over_text}",
                accepted.join(", ")
            ),
        )
    };
    let exit_code = class.map_or(0, crate::commands::exit::code);
    if output.json {
        let mut results: Vec<Value> = rows
            .iter()
            .map(|(name, report)| {
                let (status, code, detail) = row(report);
                let findings = token_findings(report, credentials);
                json!({"mechanism": name, "status": status, "exit_code": code, "detail": detail, "report": json_report(report, &findings)})
            })
            .collect();
        results.extend(passed_over.iter().map(|(name, status, why)| {
            json!({"mechanism": name, "status": status, "exit_code": null, "detail": why})
        }));
        write_json(&json!({
            "server": target.to_string(),
            "results": results,
            "verdict": {
                "status": class.map_or("accepted", word),
                "exit_code": exit_code,
                "text": summary,
            },
        }))?;
    } else if output.quiet {
        write_stdout(&format!("verdict: {summary}\n"))?;
    } else {
        let mut table = format!(
            "{:<14} {:<20} {:<4} {}\n",
            "MECHANISM", "RESULT", "EXIT", "SERVER SAID"
        );
        for (name, report) in &rows {
            let (status, code, detail) = row(report);
            table.push_str(&format!("{name:<14} {status:<20} {code:<4} {detail}\n"));
            // A refused OAuth login's token findings, under its row.
            for finding in token_findings(report, credentials) {
                table.push_str(&format!("{:<40} note: {}\n", "", finding.sentence()));
            }
        }
        for (name, status, why) in &passed_over {
            table.push_str(&format!("{name:<14} {status:<20} {:<4} {why}\n", "-"));
        }
        table.push_str(&format!("verdict: {summary}\n"));
        write_stdout(&table)?;
    }
    match class {
        None => Ok(()),
        // The message is the verdict line's; the status is the class's.
        Some(_) if rows.is_empty() => Err(saslenc::Error::Unsupported(summary).into()),
        Some(_) => {
            // The first refusal, or the first other failure, as it was.
            let index = other
                .or_else(|| rows.iter().position(|(_, r)| r.result.is_err()))
                .expect("a failed row");
            let (name, report) = rows.swap_remove(index);
            match report.result {
                Err(saslenc::Error::Refused { reply }) => Err(saslenc::Error::Refused {
                    reply: format!(
                        "{reply} (to {name}; --all: {} of {} refused, see the table)",
                        refused.len(),
                        refused.len() + accepted.len()
                    ),
                }
                .into()),
                result => Ok(result.map(drop)?),
            }
        }
    }
}

/// A tried row: its result word, exit status and what the server said.
fn row(report: &Report) -> (&'static str, u8, String) {
    match &report.result {
        Ok(verdict) => ("accepted", 0, verdict.reply.clone()),
        Err(error) => (
            word(error.class()),
            crate::commands::exit::code(error.class()),
            super::wording::library_message(error),
        ),
    }
}

/// Why `--all` does not try a mechanism saslenc has, if it does not.
fn skip_reason(kind: Kind, options: &Options, credentials: &Credentials) -> Option<String> {
    match kind {
        Kind::DigestMd5 => {
            return Some("historic, RFC 6331: tried only when asked for by name".to_owned())
        }
        Kind::Ntlm => {
            return Some("deprecated by Microsoft: tried only when asked for by name".to_owned())
        }
        _ => {}
    }
    if kind.takes_token() && credentials.token.is_none() {
        return Some(format!("no token was given ({TOKEN_SOURCES})"));
    }
    if kind.takes_password() && credentials.password.is_none() {
        return Some(format!("no password was given ({PASSWORD_SOURCES})"));
    }
    if kind == Kind::External && options.tls.client_cert.is_none() {
        return Some("no --cert was given: EXTERNAL logs in with a client certificate".to_owned());
    }
    if kind.takes_user() && credentials.user.is_none() {
        return Some("no --user was given".to_owned());
    }
    if options.security == Security::None && matches!(kind, Kind::ScramPlus(_)) {
        return Some(
            "it binds the login to the TLS channel (RFC 5802 section 6), and this session has no \
             TLS"
            .to_owned(),
        );
    }
    if options.security == Security::None && kind.cleartext() && !options.allow_cleartext {
        return Some(format!(
            "it would send the {} itself without TLS; --allow-cleartext tries it",
            if kind.takes_token() {
                "token"
            } else {
                "password"
            }
        ));
    }
    None
}

/// Why `--all` does not try a mechanism saslenc does not have.
fn not_tried_reason(name: &str) -> String {
    if name.ends_with("-PLUS") {
        "saslenc binds SCRAM-SHA-1 and SCRAM-SHA-256 to the channel (-PLUS), not this one"
            .to_owned()
    } else if name == "DIGEST-MD5" {
        "obsolete (RFC 6331); saslenc does not have it".to_owned()
    } else {
        "saslenc does not have this mechanism".to_owned()
    }
}

/// A word for each outcome.
fn word(class: ErrorClass) -> &'static str {
    match class {
        ErrorClass::Verdict => "refused",
        ErrorClass::Usage => "usage error",
        ErrorClass::Data => "data error",
        ErrorClass::Io => "I/O error",
        ErrorClass::Connect => "cannot connect",
        ErrorClass::Tls => "TLS failure",
        ErrorClass::Unsupported => "unsupported",
        ErrorClass::TempFail => "temporary failure",
        ErrorClass::Protocol => "protocol error",
    }
}

/// On a refused XOAUTH2 or OAUTHBEARER login whose token is a JWT, the
/// checks `saslenc token inspect` runs that the token fails, for the
/// session's protocol and the login's user: why the server said no, when
/// the token shows it.
fn token_findings(report: &Report, credentials: &Credentials) -> Vec<Finding> {
    let refused =
        report.result.as_ref().err().map(saslenc::Error::class) == Some(ErrorClass::Verdict);
    let oauth = report
        .mechanism
        .as_ref()
        .is_some_and(|(name, _)| matches!(*name, "XOAUTH2" | "OAUTHBEARER"));
    let Some(secret) = credentials.token.as_ref().filter(|_| refused && oauth) else {
        return Vec::new();
    };
    let token = Token::read(secret.expose());
    if !matches!(token, Token::Jwt(_)) {
        return Vec::new();
    }
    token
        .check(
            Some(report.target.protocol),
            credentials.user.as_deref(),
            super::token::now(),
        )
        .into_iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .collect()
}
