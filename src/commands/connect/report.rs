//! What `connect` prints of a login: the transcript, the TLS and
//! certificate lines, the mechanisms, the verdict line, or the one JSON
//! document of `--json`, all written through the boundary for what is
//! shown.

use super::*;

pub(super) struct Output {
    pub(super) quiet: bool,
    pub(super) json: bool,
}

impl Output {
    /// The report, and under its verdict the token's failed checks.
    pub(super) fn report(&self, report: &Report, findings: &[Finding]) -> Result<(), Error> {
        if self.json {
            return write_json(&json_report(report, findings));
        }
        let text = if self.quiet {
            // --insecure warns on every run, -q or not: on standard error,
            // so that the one line on standard output stays the verdict.
            for unverified in report
                .warnings
                .iter()
                .filter(|w| **w == Warning::Unverified)
            {
                crate::commands::note(&format!("warning: {}", warning(unverified)))?;
            }
            // The token's failed checks too, where the one line on
            // standard output cannot hold them.
            for finding in findings {
                crate::commands::note(&format!("note: {}", finding.sentence()))?;
            }
            verdict_line(report)
        } else {
            let mut out = String::new();
            for entry in transcript(report) {
                entry.render_to(&mut out);
            }
            if let Some(tls) = &report.tls {
                out.push_str(&tls_lines(tls));
                let probed = report.result.as_ref().is_ok_and(|v| v.reply.is_empty());
                if probed && tls.established() && tls.certificate_request.is_none() {
                    out.push_str("client certificate: the server did not ask for one\n");
                }
            }
            out.push_str(&capability_lines(report));
            if let Some((name, why)) = &report.mechanism {
                out.push_str(&format!("mechanism: {name}: {}\n", choice(name, why)));
            }
            for found in &report.warnings {
                out.push_str(&format!("warning: {}\n", warning(found)));
            }
            out.push_str(&verdict_line(report));
            for finding in findings {
                out.push_str(&format!("note: {}\n", finding.sentence()));
            }
            out
        };
        write_stdout(&text)
    }
}

/// Writes `value` to standard output as one JSON document through the
/// boundary ([`screen::shown_json`]: masked, never cut).
pub(super) fn write_json(value: &Value) -> Result<(), Error> {
    write_shown(screen::shown_json(&json_text(value)))
}

/// Writes `text` to standard output through the boundary
/// ([`screen::shown`]): it holds server text.
pub(super) fn write_stdout(text: &str) -> Result<(), Error> {
    write_shown(screen::shown(text))
}

fn write_shown(text: saslenc::show::Shown) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_str().as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::io("write to standard output", e))
}

pub(super) fn tls_lines(tls: &saslenc::login::tls::TlsInfo) -> String {
    let mut out = if tls.established() {
        format!(
            "tls: {} {}, certificate {}\n",
            tls.version,
            tls.cipher,
            verification(tls.verification)
        )
    } else {
        // The certificate the server showed before the check failed.
        "tls: the handshake failed on the certificate below\n".to_owned()
    };
    if let Some(cert) = &tls.certificate {
        out.push_str(&format!(
            "certificate: subject {}; issuer {}{}; names {}; expires {} ({}); sha256 {}\n",
            cert.subject,
            cert.issuer,
            if cert.self_signed {
                " (self-signed)"
            } else {
                ""
            },
            if cert.names.is_empty() {
                "(none)".to_owned()
            } else {
                cert.names.join(", ")
            },
            cert.not_after,
            cert.expiry(),
            cert.sha256
        ));
    }
    if let Some(request) = &tls.certificate_request {
        out.push_str(&format!(
            "client certificate: the server asked for one, {}; {}\n",
            if request.authorities.is_empty() {
                "naming no CA".to_owned()
            } else {
                format!("from {}", request.authorities.join(" or "))
            },
            match &request.sent {
                Some(sent) => format!(
                    "sent subject {}; issuer {}; expires {} ({}); sha256 {}",
                    sent.subject,
                    sent.issuer,
                    sent.not_after,
                    sent.expiry(),
                    sent.sha256
                ),
                None => "none sent (no --cert)".to_owned(),
            }
        ));
    }
    if !tls.channel_bindings.is_empty() {
        let types: Vec<&str> = tls
            .channel_bindings
            .iter()
            .map(|b| b.binding_type().name())
            .collect();
        out.push_str(&format!(
            "channel binding: {} (what SCRAM-SHA-*-PLUS can bind a login to here)\n",
            types.join(", ")
        ));
    }
    out
}

/// The mechanisms offered, before TLS and after (or without).
pub(super) fn capability_lines(report: &Report) -> String {
    let mut out = String::new();
    let caps = |c: &Option<Capabilities>| {
        c.as_ref().map_or("(unknown)".to_owned(), |c| {
            if c.mechanisms.is_empty() {
                "(none)".to_owned()
            } else {
                c.mechanisms.join(" ")
            }
        })
    };
    if report.capabilities_before_tls.is_some() {
        out.push_str(&format!(
            "mechanisms before TLS: {}\n",
            caps(&report.capabilities_before_tls)
        ));
    }
    if report.capabilities.is_some() {
        let after = if report.capabilities_before_tls.is_some() {
            " after TLS"
        } else {
            ""
        };
        out.push_str(&format!(
            "mechanisms{after}: {}\n",
            caps(&report.capabilities)
        ));
    }
    out
}

/// The one line that says how it ended.
pub(super) fn verdict_line(report: &Report) -> String {
    let target = &report.target;
    match &report.result {
        Ok(verdict) if verdict.reply.is_empty() => {
            // The mechanisms offered, in the line -q keeps.
            let offered = report
                .capabilities
                .as_ref()
                .map(|c| {
                    if c.mechanisms.is_empty() {
                        "; no mechanism offered".to_owned()
                    } else {
                        format!("; mechanisms offered: {}", c.mechanisms.join(" "))
                    }
                })
                .unwrap_or_default();
            format!("verdict: probe of {target} completed{offered}\n")
        }
        Ok(verdict) => {
            let mechanism = report.mechanism.as_ref().map_or("", |(m, _)| m);
            let over = report
                .tls
                .as_ref()
                .map_or("without TLS".to_owned(), |t| format!("over {}", t.version));
            let explained = verdict
                .explanation
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default();
            format!(
                "verdict: accepted: {mechanism} login to {target} {over}; the server answered {}{explained}\n",
                verdict.reply
            )
        }
        Err(error) => format!("verdict: {}\n", verdict_words(error)),
    }
}

/// A failure in words for the verdict: the class's word, unless the
/// message already begins with it ("temporary failure: temporary
/// failure: ..." was printed), and "timed out" for a timeout, which may
/// come long after the connection was made.
pub(super) fn verdict_words(error: &saslenc::Error) -> String {
    let text = crate::commands::wording::library_message(error);
    let word = match error {
        saslenc::Error::Timeout { .. } => return text,
        _ => word(error.class()),
    };
    if text.starts_with(word) {
        text
    } else {
        format!("{word}: {text}")
    }
}

/// The transcript, led by the warnings the options themselves call for
/// (`--insecure`, `--no-tls`), as notes.
pub(super) fn transcript(report: &Report) -> Vec<Entry> {
    let leading = report
        .warnings
        .iter()
        .filter(|w| matches!(w, Warning::Unverified | Warning::Unencrypted))
        .map(|w| Entry {
            speaker: Speaker::Note,
            text: format!("warning: {}", warning(w)),
            decoded: None,
            what: None,
        });
    leading
        .chain(report.transcript.entries.iter().cloned())
        .collect()
}

pub(super) fn json_report(report: &Report, findings: &[Finding]) -> Value {
    let caps = |c: &Option<Capabilities>| {
        c.as_ref().map(
            |c| json!({"mechanisms": c.mechanisms, "starttls": c.starttls, "sasl_ir": c.sasl_ir}),
        )
    };
    let tls = report.tls.as_ref().map(|t| {
        json!({
            "established": t.established(),
            "version": t.version,
            "cipher": t.cipher,
            "verification": verification(t.verification),
            "certificate": t.certificate.as_ref().map(|c| json!({
                "subject": c.subject,
                "not_before": c.not_before,
                "issuer": c.issuer,
                "names": c.names,
                "not_after": c.not_after,
                "days_left": c.days_left,
                "sha256": c.sha256,
                "self_signed": c.self_signed,
            })),
            "certificate_request": t.certificate_request.as_ref().map(|r| json!({
                "authorities": r.authorities,
                "sent": r.sent.as_ref().map(|c| json!({
                    "subject": c.subject,
                    "issuer": c.issuer,
                    "not_after": c.not_after,
                    "sha256": c.sha256,
                })),
            })),
            "channel_bindings": t.channel_bindings.iter().map(|b| json!({
                "type": b.binding_type().name(),
                "data": hex::encode(b.data()),
            })).collect::<Vec<_>>(),
        })
    });
    let transcript: Vec<Value> = transcript(report)
        .iter()
        .map(|e| {
            json!({"from": match e.speaker {
                Speaker::Client => "client",
                Speaker::Server => "server",
                Speaker::Note => "note",
            }, "text": e.text, "decoded": e.decoded, "what": e.what})
        })
        .collect();
    let verdict = match &report.result {
        Ok(v) => json!({
            "status": if v.reply.is_empty() { "probed" } else { "accepted" },
            "exit_code": 0,
            "reply": v.reply,
            "explanation": v.explanation,
        }),
        Err(e) => {
            let mut verdict = json_library_error(e);
            verdict["token_findings"] = findings
                .iter()
                .map(|f| {
                    json!({
                        "check": f.check.name(),
                        "rule": f.rule,
                        "fix": f.fix,
                        "text": f.sentence(),
                    })
                })
                .collect();
            verdict
        }
    };
    let mut verdict = verdict;
    if let Some(reply) = &report.reply {
        verdict["server_reply"] = reply_codes(report.target.protocol, reply);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    json!({
        "server": {
            "url": report.target.to_string(),
            "protocol": report.target.protocol.to_string(),
            "host": report.target.host,
            "port": report.target.port,
        },
        "tls": tls,
        "capabilities_before_tls": caps(&report.capabilities_before_tls),
        "capabilities": caps(&report.capabilities),
        "mechanism": report.mechanism.as_ref().map(|(m, why)| json!({"name": m, "reason": choice(m, why)})),
        "transcript": transcript,
        "warnings": report.warnings.iter().map(warning).collect::<Vec<_>>(),
        "verdict": verdict,
        "timings_ms": {
            "connect": ms(report.timings.connect),
            "tls": report.timings.tls.map(ms),
            "total": ms(report.timings.total),
        },
    })
}

/// The server's final reply and its codes, for a script that must not
/// parse them out of a sentence: SMTP's reply code and enhanced status
/// code (RFC 3463), IMAP's status and response code (RFC 5530), POP3's
/// status and response code (RFC 2449, RFC 3206).
fn reply_codes(protocol: saslenc::protocol::Protocol, reply: &str) -> Value {
    use saslenc::protocol::Protocol;
    let bracketed = || {
        let open = reply.find('[')?;
        let inner = &reply[open + 1..];
        let close = inner.find(']')?;
        inner[..close].split_whitespace().next().map(str::to_owned)
    };
    let mut words = reply.split_whitespace();
    match protocol {
        Protocol::Smtp => {
            let code = reply
                .get(..3)
                .filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
            let enhanced = reply
                .get(4..)
                .and_then(|rest| rest.split_whitespace().next())
                .filter(|e| {
                    let parts: Vec<&str> = e.split('.').collect();
                    parts.len() == 3
                        && parts
                            .iter()
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                });
            json!({"text": reply, "code": code, "enhanced_code": enhanced})
        }
        Protocol::Imap => {
            let status = words.nth(1).map(str::to_ascii_uppercase);
            json!({"text": reply, "status": status, "response_code": bracketed()})
        }
        Protocol::Pop3 => {
            let status = words.next();
            json!({"text": reply, "status": status, "response_code": bracketed()})
        }
    }
}
