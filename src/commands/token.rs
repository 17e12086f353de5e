//! `saslenc token inspect`, and the token report that `--explain` and
//! `decode` add wherever an OAuth token passes.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::commands::Error;
use saslenc::protocol::Protocol;
use saslenc::token::{relative, utc, Finding, Outcome, Token};
use serde_json::{json, Value};

use super::{text, write_stderr, SecretFrom, Stdout, TOKEN_SOURCES};
use crate::cli::{TokenCommand, TokenCommandArgs, TokenInspectArgs};

pub fn run(args: TokenCommandArgs) -> Result<(), Error> {
    match args.command {
        TokenCommand::Inspect(args) => inspect(args),
    }
}

fn inspect(args: TokenInspectArgs) -> Result<(), Error> {
    let user = args.user.as_deref().map(|u| text("user", u)).transpose()?;
    let secret =
        SecretFrom::from(args.token).read("token", "token", TOKEN_SOURCES, false, || {
            "Access token: ".to_owned()
        })?;
    let token = Token::read(secret.expose());
    drop(secret);
    if let Token::Unreadable(reason) = token {
        return Err(saslenc::Error::NotAToken { reason }.into());
    }
    let now = now();
    let findings = token.check(args.protocol.map(Protocol::from), user, now);
    // The claims are the token issuer's text: through the boundary, so
    // that no raw control character or bidirectional override reaches
    // the terminal, and the token itself is masked wherever it stands.
    let output = if args.json {
        super::screen::shown_json(&super::json_line(&json(&token, &findings, now)))
    } else {
        super::screen::shown(&report(&token, &findings, now, ""))
    };
    Stdout::default().write(output.as_str().as_bytes())?;
    let failed = findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fail)
        .count();
    if failed > 0 {
        return Err(saslenc::Error::TokenChecks {
            failed,
            total: findings.len(),
        }
        .into());
    }
    Ok(())
}

/// `--explain` of an OAuth mechanism: after the message's report, on
/// standard error, what the token says and the checks for a login as
/// `user` over `protocol`. The token itself stays masked, as in the
/// report above it.
pub(crate) fn explain(
    mechanism: &str,
    token: &[u8],
    user: Option<&str>,
    protocol: Option<Protocol>,
) -> Result<(), Error> {
    let token = Token::read(token);
    let now = now();
    let findings = token.check(protocol, user, now);
    let text = format!(
        "\n{mechanism} access token, read offline (saslenc token inspect checks it alone)\n{}",
        report(&token, &findings, now, "  ")
    );
    write_stderr(super::screen::shown(&text).as_str().as_bytes())
}

/// Seconds since the Unix epoch, negative before it (a clock that far off
/// is still a time to compare against).
pub(crate) fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The claims, then `checks:` and one line a finding, each line after
/// `indent`. Never the token.
pub(crate) fn report(token: &Token, findings: &[Finding], now: i64, indent: &str) -> String {
    let mut out = String::new();
    for line in token.describe(now) {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    if !findings.is_empty() {
        out.push_str(indent);
        out.push_str("checks:\n");
        for finding in findings {
            out.push_str(indent);
            out.push_str("  ");
            out.push_str(&finding.line());
            out.push('\n');
        }
    }
    out
}

/// The claims and findings as one JSON document. Never the token.
pub(crate) fn json(token: &Token, findings: &[Finding], now: i64) -> Value {
    let time = |t: Option<i64>| {
        t.map_or(
            Value::Null,
            |t| json!({"unix": t, "utc": utc(t), "relative": relative(t, now)}),
        )
    };
    let claims = match token {
        Token::Jwt(c) => json!({
            "kind": "jwt",
            "algorithm": c.algorithm,
            "microsoft": c.is_microsoft(),
            "microsoft_claims": c.microsoft_claims(),
            "app_only": c.is_app_only(),
            "issuer": c.issuer,
            "audience": c.audience,
            "scopes": c.scopes,
            "roles": c.roles,
            "users": c.users.iter().map(|(claim, value)| json!({"claim": claim, "value": value})).collect::<Vec<_>>(),
            "tenant": c.tenant,
            "app": c.app.as_ref().map(|(claim, value)| json!({"claim": claim, "value": value})),
            "issued_at": time(c.issued_at),
            "not_before": time(c.not_before),
            "expires": time(c.expires),
            "expires_malformed": c.expires_malformed,
            "problems": c.problems,
        }),
        Token::GoogleOpaque => json!({"kind": "google-opaque"}),
        Token::MicrosoftOpaque => json!({"kind": "microsoft-opaque"}),
        Token::Unreadable(reason) => json!({"kind": "unreadable", "reason": reason}),
    };
    let findings: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "check": f.check.name(),
                "outcome": f.outcome.as_str().to_ascii_lowercase(),
                "rule": f.rule,
                "fix": f.fix,
            })
        })
        .collect();
    let failed = findings.iter().filter(|f| f["outcome"] == "fail").count();
    json!({"token": claims, "findings": findings, "failed": failed})
}
