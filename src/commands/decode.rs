//! `saslenc decode`: each value, or each line of standard input, decoded
//! and explained. One input's failure is reported on stderr and does not
//! stop the others; the exit status says that something failed.

use std::io::{self, Read, Write};

use saslenc::decode::{decode_line, Decoded};
use saslenc::explain::{describe, escape};
use saslenc::secret::MAX_SECRET_LEN;
use saslenc::{field, Error};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::{note, text};
use crate::cli::DecodeArgs;

pub fn run(args: DecodeArgs) -> Result<(), Error> {
    let stdin_bytes;
    let inputs: Vec<(String, Result<&str, Error>)> = if args.values.is_empty() {
        stdin_bytes = read_stdin()?;
        // Line by line, so that one line that is not UTF-8 fails alone.
        stdin_bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.trim_ascii().is_empty())
            .map(|(n, line)| (format!("line {}", n + 1), field::utf8("input", line)))
            .collect()
    } else {
        args.values
            .iter()
            .enumerate()
            .map(|(n, value)| (format!("argument {}", n + 1), text("input", value)))
            .collect()
    };

    let total = inputs.len();
    let mut failed = 0;
    let mut stdout = io::stdout().lock();
    for (n, (label, line)) in inputs.into_iter().enumerate() {
        let block = match line.and_then(|line| decode_line("input", line)) {
            Ok(decoded) if args.json => {
                Zeroizing::new(json_object(&label, &decoded, args.show_secrets).to_string() + "\n")
            }
            Ok(decoded) => {
                let separator = if n > 0 { "\n" } else { "" };
                Zeroizing::new(separator.to_owned() + &render(&decoded, args.show_secrets))
            }
            Err(err) => {
                failed += 1;
                note(&format!("{label}: {err}"))?;
                if args.json {
                    Zeroizing::new(
                        json!({"input": label, "error": err.to_string()}).to_string() + "\n",
                    )
                } else {
                    continue;
                }
            }
        };
        stdout
            .write_all(block.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::io("write to standard output", e))?;
    }
    if failed > 0 {
        return Err(Error::DecodeFailed { failed, total });
    }
    Ok(())
}

/// Standard input, at most [`MAX_SECRET_LEN`] bytes.
fn read_stdin() -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut bytes = Zeroizing::new(Vec::new());
    io::stdin()
        .lock()
        .take(MAX_SECRET_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read standard input", e))?;
    if bytes.len() > MAX_SECRET_LEN {
        return Err(Error::TooLong {
            field: "standard input",
            limit: MAX_SECRET_LEN,
        });
    }
    Ok(bytes)
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
