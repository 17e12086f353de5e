//! `saslenc decode`: each value, or each line of standard input, decoded
//! and explained. One input's failure is reported on stderr and does not
//! stop the others; the exit status says that something failed.

use std::io;

use crate::commands::Error;
use saslenc::decode::{Decoded, Decoder};
use saslenc::field;
use saslenc::field::escape;
use saslenc::layout::describe;
use saslenc::protocol::lines::{self, LineRead, MAX_LINE_LEN};
use saslenc::protocol::Protocol;
use saslenc::token::{Finding, Token};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::{note, screen, text, Stdout};
use crate::cli::DecodeArgs;

mod expected;

pub fn run(mut args: DecodeArgs) -> Result<(), Error> {
    let expect = expected::Expectation::read(&mut args)?;
    let mut run = Run {
        args: &args,
        decoder: Decoder::default(),
        stdout: Stdout::default(),
        total: 0,
        failed: 0,
        expect,
    };
    if args.values.is_empty() {
        // Line by line, in constant memory: each line is decoded and
        // printed before the next is read, so that a log of any size
        // streams through, and one line that fails fails alone.
        let stdin =
            crate::sys::streams::stdin().map_err(|e| Error::io("read standard input", e))?;
        let mut reader = io::BufReader::new(stdin);
        let mut buf = Zeroizing::new(Vec::with_capacity(MAX_LINE_LEN));
        for number in 1.. {
            let label = || format!("line {number}");
            let read = lines::read_line(&mut reader, &mut buf, MAX_LINE_LEN)
                .map_err(|e| Error::io("read standard input", e))?;
            match read {
                LineRead::End => break,
                LineRead::TooLong => {
                    lines::skip_line(&mut reader)
                        .map_err(|e| Error::io("read standard input", e))?;
                    run.one(
                        &label(),
                        Err(saslenc::Error::TooLong {
                            field: "input line",
                            limit: MAX_LINE_LEN,
                        }),
                    )?;
                }
                LineRead::Line if buf.trim_ascii().is_empty() => {}
                LineRead::Line => run.one(&label(), field::utf8("input", &buf))?,
            }
        }
    } else {
        for (n, value) in args.values.iter().enumerate() {
            run.one(&format!("argument {}", n + 1), text("input", value))?;
        }
    }
    if run.failed > 0 {
        return Err(saslenc::Error::DecodeFailed {
            failed: run.failed,
            total: run.total,
        }
        .into());
    }
    match &run.expect {
        Some(expect) => expect.verdict(),
        None => Ok(()),
    }
}

/// One decode command under way.
struct Run<'a> {
    args: &'a DecodeArgs,
    decoder: Decoder,
    stdout: Stdout,
    total: usize,
    failed: usize,
    /// The credential expected, and what was found of it so far.
    expect: Option<expected::Expectation>,
}

impl Run<'_> {
    /// Decodes and prints one input, or reports why it cannot be decoded.
    fn one(&mut self, label: &str, line: Result<&str, saslenc::Error>) -> Result<(), Error> {
        let args = self.args;
        let first = self.total == 0;
        self.total += 1;
        let block = match line.and_then(|line| self.decoder.decode_line("input", line)) {
            Ok(decoded) if args.json => {
                let mut object = json_object(label, &decoded, args.show_secrets);
                if let Some((token, findings, now)) = token_of(&decoded) {
                    object["token"] = super::token::json(&token, &findings, now);
                }
                if let Some(checked) = self.expect.as_mut().and_then(|e| e.check(&decoded)) {
                    object["expected"] = expected::json(&checked);
                }
                Zeroizing::new(super::json_line(&object))
            }
            Ok(decoded) => {
                let separator = if first { "" } else { "\n" };
                let mut block = separator.to_owned() + &render(&decoded, args.show_secrets);
                if let Some((token, findings, now)) = token_of(&decoded) {
                    let report = super::token::report(&token, &findings, now, "  ");
                    block.push_str(&super::terminal_safe(&report));
                }
                if let Some(expect) = self.expect.as_mut() {
                    if let Some(checked) = expect.check(&decoded) {
                        block.push_str(&expect.words(&checked));
                    }
                }
                Zeroizing::new(block)
            }
            Err(err) => {
                self.decoder.reset();
                if let Some(expect) = self.expect.as_mut() {
                    expect.reset();
                }
                self.failed += 1;
                note(&format!(
                    "{label}: {}",
                    super::wording::library_message(&err)
                ))?;
                if args.json {
                    Zeroizing::new(super::json_line(
                        &json!({"input": label, "error": super::wording::library_message(&err)}),
                    ))
                } else {
                    return Ok(());
                }
            }
        };
        if self.expect.is_none() {
            return self.stdout.write(block.as_bytes());
        }
        // An expected secret is in the run: everything shown goes
        // through the boundary, which masks it in every form (a password
        // sent in the user field is not masked by the layout).
        let shown = if args.json {
            screen::shown_json(&block)
        } else {
            screen::shown(&block)
        };
        self.stdout.write(shown.as_str().as_bytes())
    }
}

/// The access token an XOAUTH2 or OAUTHBEARER message carries, read
/// offline, with the checks for the message's user (and for IMAP when the
/// line was an AUTHENTICATE command), at the time it was decoded.
fn token_of(decoded: &Decoded) -> Option<(Token, Vec<Finding>, i64)> {
    if !matches!(
        decoded.mechanism.as_deref(),
        Some("XOAUTH2" | "OAUTHBEARER")
    ) {
        return None;
    }
    let mut token = None;
    let mut user = None;
    for field in decoded.layout.fields() {
        match field.name {
            "token" => token = Some(Token::read(&field.value)),
            "user" => user = std::str::from_utf8(&field.value).ok().map(str::to_owned),
            // OAUTHBEARER's authzid is a saslname (RFC 5801 section 4):
            // `,` and `=` arrive escaped.
            "authzid" => {
                user = std::str::from_utf8(&field.value)
                    .ok()
                    .map(|a| a.replace("=2C", ",").replace("=3D", "="))
            }
            _ => {}
        }
    }
    let token = token?;
    let protocol = (decoded.form == "AUTHENTICATE command").then_some(Protocol::Imap);
    let now = super::token::now();
    let findings = token.check(protocol, user.as_deref(), now);
    Some((token, findings, now))
}

/// The text block for one decoded input.
fn render(decoded: &Decoded, show_secrets: bool) -> String {
    let text = if decoded.layout.is_empty() {
        "(empty)".to_owned()
    } else {
        decoded.escaped(show_secrets)
    };
    let mut out = format!("{}\n  text: {text}\n", decoded.summary());
    let fields: Vec<_> = decoded.layout.fields().collect();
    // A single visible field that is the whole message says nothing new.
    let whole =
        matches!(fields.as_slice(), [f] if !f.secret && f.value.len() == decoded.layout.len());
    if !whole {
        for f in fields {
            out.push_str(&format!("  {}: {}\n", f.name, describe(f, show_secrets)));
        }
    }
    for note in &decoded.notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    out
}

/// The JSON object for one decoded input.
fn json_object(label: &str, decoded: &Decoded, show_secrets: bool) -> Value {
    let fields: Vec<Value> = decoded
        .layout
        .fields()
        .map(|f| {
            let masked = f.secret && !show_secrets;
            json!({
                "name": f.name,
                "value": if masked { Value::Null } else { Value::String(String::from_utf8_lossy(&f.value).into_owned()) },
                "escaped": if masked { Value::Null } else { Value::String(escape(&f.value)) },
                "secret": f.secret,
                "masked": masked,
                "length": f.value.len(),
            })
        })
        .collect();
    json!({
        "input": label,
        "form": decoded.form,
        "sender": decoded.sender.as_str(),
        "mechanism": decoded.mechanism,
        "mechanism_named": decoded.named,
        "what": decoded.what,
        "length": decoded.layout.len(),
        "text": decoded.escaped(show_secrets),
        "fields": fields,
        "masked": !show_secrets && decoded.layout.fields().any(|f| f.secret),
        "hex": decoded.layout.hex(show_secrets),
        "notes": decoded.notes,
    })
}
