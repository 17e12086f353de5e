//! The exact bytes of a message, made visible, and the shell that would
//! build them.
//!
//! A message is described once, as a [`Layout`]: a list of [`Segment`]s,
//! each either literal bytes the mechanism fixes (`\0`, `,r=`, `\x01`) or
//! a named [`Field`] the user supplies, marked secret or not. Everything
//! else is derived from that description, for every mechanism alike: the
//! escaped text ([`Layout::escaped`]), the masking of secrets, the hex
//! dump, the byte count, the base64, a portable `printf` pipeline that
//! prints the same base64 ([`Layout::shell`]), and what the classic
//! `echo "..." | base64` would really give instead ([`Layout::echo_pitfall`]).
//!
//! A mechanism takes part by implementing [`Explain`]: given one of its
//! messages, it returns the layout. [`explain_exchange`] does the rest.
//!
//! ```
//! use saslenc::explain::{Field, Layout};
//!
//! let layout = Layout::new("PLAIN")
//!     .field(Field::text("authzid", "AUTHZID", b""))
//!     .literal(b"\0")
//!     .field(Field::text("user", "USER", b"tim"))
//!     .literal(b"\0")
//!     .field(Field::secret("password", "PASS", b"tanstaaftanstaaf"));
//! assert_eq!(layout.escaped(false), r"\0tim\0********");
//! assert_eq!(layout.escaped(true), r"\0tim\0tanstaaftanstaaf");
//! assert_eq!(&*layout.base64(), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
//! assert_eq!(
//!     layout.shell(false).pipeline,
//!     r#"printf '%s\0%s\0%s' "$AUTHZID" "$USER" "$PASS" | base64 | tr -d '\n'"#
//! );
//! ```

use std::fmt::Write as _;

use zeroize::Zeroizing;

use crate::encoding;
use crate::mech::Exchange;

/// What a masked secret looks like, whatever its length.
pub const MASK: &str = "********";

pub use crate::field::{escape, is_invisible};

/// One value the user supplies (or that is computed from what they
/// supply), with its place in the shell pipeline.
pub struct Field {
    /// The field's name as the RFC calls it, for display (`"user"`).
    pub name: &'static str,
    /// The shell variable that holds it in the pipeline (`"USER"`).
    pub var: &'static str,
    /// The bytes.
    pub value: Zeroizing<Vec<u8>>,
    /// Masked in every output unless secrets are asked for: passwords,
    /// tokens, proofs, digests.
    pub secret: bool,
    /// For a value computed from other variables (a CRAM-MD5 digest), the
    /// POSIX shell command whose output is the value, used inside `$(...)`.
    pub derive: Option<String>,
}

impl Field {
    /// A field that may be shown.
    pub fn text(name: &'static str, var: &'static str, value: &[u8]) -> Self {
        Field {
            name,
            var,
            value: Zeroizing::new(value.to_vec()),
            secret: false,
            derive: None,
        }
    }

    /// A field that is masked unless secrets are asked for.
    pub fn secret(name: &'static str, var: &'static str, value: &[u8]) -> Self {
        Field {
            secret: true,
            ..Field::text(name, var, value)
        }
    }

    /// Marks this field as computed by `command` from other variables.
    pub fn derived(mut self, command: impl Into<String>) -> Self {
        self.derive = Some(command.into());
        self
    }

    /// The value as [`escape`] shows it, or [`MASK`] for a hidden secret.
    pub fn display(&self, show_secrets: bool) -> String {
        if self.secret && !show_secrets {
            MASK.to_owned()
        } else {
            escape(&self.value)
        }
    }
}

/// A GS2 `saslname` (RFC 5801 section 4, RFC 5802 section 5.1) as it
/// stands in a message: `raw` with `,` as `=2C` and `=` as `=3D`.
///
/// The pipeline derives it with `sed` from the variable `raw_var`, which
/// the caller adds as an input holding `raw`. `$(...)` strips trailing line
/// ends, so text with a line end is given already escaped instead.
///
/// ```
/// use saslenc::explain::{saslname, Field, Layout};
/// let layout = Layout::new("OAUTHBEARER")
///     .input(Field::text("user", "USER", b"a,b=c"))
///     .literal(b"n,a=")
///     .field(saslname("authzid", "AUTHZID", "USER", "a,b=c"))
///     .literal(b",");
/// assert_eq!(&layout.bytes()[..], b"n,a=a=2Cb=3Dc,");
/// assert!(layout.shell(false).assignments[1].contains("sed"));
/// ```
pub fn saslname(name: &'static str, var: &'static str, raw_var: &str, raw: &str) -> Field {
    let field = Field::text(name, var, crate::field::saslname(raw).as_bytes());
    if raw.contains('\n') {
        field
    } else {
        // `=` first, so that the `=` of `=2C` is not escaped again.
        field.derived(format!(
            r#"printf '%s' "${raw_var}" | sed -e 's/=/=3D/g' -e 's/,/=2C/g'"#
        ))
    }
}

/// One piece of a message.
pub enum Segment {
    /// Bytes the mechanism fixes (or, for a message of no known shape,
    /// the whole message, which may hold a secret: zeroized on drop too).
    Literal(Zeroizing<Vec<u8>>),
    /// A value the user supplies.
    Field(Field),
}

/// A client message described as literal bytes and named fields.
pub struct Layout {
    /// The mechanism's registered name.
    pub mechanism: &'static str,
    /// Which message of the exchange this is ("initial response", ...).
    pub label: String,
    /// The message, in order.
    pub segments: Vec<Segment>,
    /// Values the pipeline needs that are not part of the message (the
    /// CRAM-MD5 challenge and password, from which the digest is derived).
    pub inputs: Vec<Field>,
    /// Remarks the report prints after the fields: how a value that the
    /// shell cannot compute came about, what an empty message is sent as.
    pub notes: Vec<String>,
}

/// The portable pipeline that prints a layout's base64.
pub struct Shell {
    /// `VAR='value'` lines, secrets masked unless asked for.
    pub assignments: Vec<String>,
    /// `printf '...' "$VAR" ... | base64 | tr -d '\n'`.
    pub pipeline: String,
}

/// What the classic `echo "..." | base64` gives for a layout, in the two
/// shells people actually have as `sh` and as their login shell.
pub struct EchoPitfall {
    /// The pipeline as people type it.
    pub pipeline: String,
    /// Bytes under dash (`/bin/sh` on Debian and Ubuntu), whose `echo`
    /// interprets backslash escapes, also inside the variables' values.
    pub dash: Zeroizing<Vec<u8>>,
    /// Bytes under bash, whose `echo` leaves backslashes alone.
    pub bash: Zeroizing<Vec<u8>>,
}

impl Layout {
    /// An empty layout for `mechanism`.
    pub fn new(mechanism: &'static str) -> Self {
        Layout {
            mechanism,
            label: String::new(),
            segments: Vec::new(),
            inputs: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Appends bytes the mechanism fixes (merged with a literal before it).
    pub fn literal(mut self, bytes: &[u8]) -> Self {
        if let Some(Segment::Literal(last)) = self.segments.last_mut() {
            last.extend_from_slice(bytes);
        } else if !bytes.is_empty() {
            self.segments
                .push(Segment::Literal(Zeroizing::new(bytes.to_vec())));
        }
        self
    }

    /// Appends a field.
    pub fn field(mut self, field: Field) -> Self {
        self.segments.push(Segment::Field(field));
        self
    }

    /// Adds a value the pipeline needs outside the message.
    pub fn input(mut self, field: Field) -> Self {
        self.inputs.push(field);
        self
    }

    /// Adds a remark for the report.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the label.
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The fields of the message, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Field(f) => Some(f),
            Segment::Literal(_) => None,
        })
    }

    /// The message bytes.
    pub fn bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(self.len()));
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.extend_from_slice(bytes),
                Segment::Field(f) => out.extend_from_slice(&f.value),
            }
        }
        out
    }

    /// The message length in bytes.
    pub fn len(&self) -> usize {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(bytes) => bytes.len(),
                Segment::Field(f) => f.value.len(),
            })
            .sum()
    }

    /// Whether the message is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The message's base64, as sent (empty for an empty message).
    pub fn base64(&self) -> Zeroizing<String> {
        encoding::encode(&self.bytes())
    }

    /// The message as [`escape`] shows it, each hidden secret as [`MASK`].
    pub fn escaped(&self, show_secrets: bool) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.push_str(&escape(bytes)),
                Segment::Field(f) => out.push_str(&f.display(show_secrets)),
            }
        }
        out
    }

    /// Each byte with whether it belongs to a hidden secret.
    fn masked_bytes(&self, show_secrets: bool) -> Vec<(u8, bool)> {
        let mut out = Vec::with_capacity(self.len());
        for segment in &self.segments {
            match segment {
                Segment::Literal(bytes) => out.extend(bytes.iter().map(|&b| (b, false))),
                Segment::Field(f) => {
                    let hide = f.secret && !show_secrets;
                    out.extend(f.value.iter().map(|&b| (if hide { 0 } else { b }, hide)));
                }
            }
        }
        out
    }

    /// The bytes as one lower-case hex string, each byte of a hidden secret
    /// as `**`.
    pub fn hex(&self, show_secrets: bool) -> String {
        let mut out = String::with_capacity(self.len() * 2);
        for (byte, hidden) in self.masked_bytes(show_secrets) {
            if hidden {
                out.push_str("**");
            } else {
                let _ = write!(out, "{byte:02x}");
            }
        }
        out
    }

    /// A hex dump in the layout of `xxd`/`hexdump -C`: offset, 16 bytes in
    /// hex, the same bytes as ASCII (`.` for the rest); a hidden secret's
    /// bytes are `**` and `*`.
    pub fn hex_dump(&self, show_secrets: bool) -> String {
        let bytes = self.masked_bytes(show_secrets);
        let mut out = String::new();
        for (row, chunk) in bytes.chunks(16).enumerate() {
            let _ = write!(out, "{:08x} ", row * 16);
            for (i, &(byte, hidden)) in chunk.iter().enumerate() {
                out.push_str(if i == 8 { "  " } else { " " });
                if hidden {
                    out.push_str("**");
                } else {
                    let _ = write!(out, "{byte:02x}");
                }
            }
            for i in chunk.len()..16 {
                out.push_str(if i == 8 { "    " } else { "   " });
            }
            out.push_str("  |");
            for &(byte, hidden) in chunk {
                out.push(match byte {
                    _ if hidden => '*',
                    0x20..=0x7e => char::from(byte),
                    _ => '.',
                });
            }
            out.push_str("|\n");
        }
        out
    }

    /// A POSIX `sh` pipeline that prints exactly [`Layout::base64`]: the
    /// fields in shell variables, the literal bytes in a `printf` format,
    /// each field passed as a `%s` argument so that `%` and `\` in a value
    /// are never interpreted, and `tr -d '\n'` to undo GNU `base64`'s line
    /// wrapping and its final newline.
    pub fn shell(&self, show_secrets: bool) -> Shell {
        let mut assignments = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let plain = self.inputs.iter().chain(self.fields());
        for f in plain.filter(|f| f.derive.is_none()) {
            if !seen.contains(&f.var) {
                seen.push(f.var);
                assignments.push(assign(f, show_secrets));
            }
        }
        for f in self.fields().filter(|f| f.derive.is_some()) {
            if !seen.contains(&f.var) {
                seen.push(f.var);
                assignments.push(assign(f, show_secrets));
            }
        }

        let mut format = String::new();
        let mut args = String::new();
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(bytes) => {
                    let next_is_digit = matches!(
                        self.segments.get(i + 1),
                        Some(Segment::Literal(next)) if next.first().is_some_and(|b| (b'0'..=b'7').contains(b))
                    );
                    push_printf_format(&mut format, bytes, next_is_digit);
                }
                Segment::Field(f) => {
                    format.push_str("%s");
                    let _ = write!(args, " \"${}\"", f.var);
                }
            }
        }
        Shell {
            assignments,
            pipeline: format!("printf '{format}'{args} | base64 | tr -d '\\n'"),
        }
    }

    /// The classic wrong pipeline, `echo "\0$USER\0$PASS" | base64`, and
    /// the bytes it really feeds to `base64` under dash and under bash.
    pub fn echo_pitfall(&self) -> EchoPitfall {
        // What is typed between the double quotes, and the argument echo
        // receives once the shell has expanded the variables.
        let mut typed = String::new();
        let mut argument = Zeroizing::new(Vec::new());
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(bytes) => {
                    for &byte in bytes.iter() {
                        let (text, arg): (String, Vec<u8>) = match byte {
                            0 => ("\\0".into(), b"\\0".to_vec()),
                            b'"' | b'$' | b'`' => (format!("\\{}", char::from(byte)), vec![byte]),
                            b'\\' => ("\\\\".into(), vec![b'\\']),
                            0x20..=0x7e => (char::from(byte).to_string(), vec![byte]),
                            _ => {
                                let octal = format!("\\0{byte:03o}");
                                (octal.clone(), octal.into_bytes())
                            }
                        };
                        typed.push_str(&text);
                        argument.extend_from_slice(&arg);
                    }
                }
                // An empty field adds nothing, and people leave it out:
                // `echo "\0$USER\0$PASS"`.
                Segment::Field(f) if f.value.is_empty() => {}
                Segment::Field(f) => {
                    let braces = matches!(
                        self.segments.get(i + 1),
                        Some(Segment::Literal(next))
                            if next.first().is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    );
                    if braces {
                        let _ = write!(typed, "${{{}}}", f.var);
                    } else {
                        let _ = write!(typed, "${}", f.var);
                    }
                    argument.extend_from_slice(&f.value);
                }
            }
        }
        EchoPitfall {
            pipeline: format!("echo \"{typed}\" | base64"),
            dash: dash_echo(&argument),
            bash: bash_echo(&argument),
        }
    }

    /// The whole explanation, as printed by `--explain`: the escaped bytes,
    /// the hex dump, the byte count, the base64, the right pipeline and the
    /// wrong one with what it really gives. Secrets are masked unless
    /// `show_secrets`, and so is every base64 of a message that holds one
    /// (it would give the secret back): the report says what it left out.
    pub fn report(&self, show_secrets: bool) -> String {
        let mut out = String::new();
        let bytes = self.bytes();
        // Without --show-secrets nothing may give a secret back: not the
        // base64 of a message that holds one, nor that of the echo
        // variants, which hold the same bytes.
        let hidden = !show_secrets && self.fields().any(|f| f.secret);
        let _ = writeln!(out, "{} {}", self.mechanism, self.label);
        if bytes.is_empty() {
            let _ = writeln!(out, "  bytes (0): (empty)");
        } else {
            let _ = writeln!(
                out,
                "  bytes ({}): {}",
                bytes.len(),
                self.escaped(show_secrets)
            );
        }
        for f in self.fields() {
            let _ = writeln!(out, "    {}: {}", f.name, describe(f, show_secrets));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        if bytes.is_empty() {
            let _ = writeln!(out, "  hex dump: (no bytes)");
            let _ = writeln!(out, "  base64: (empty)");
        } else {
            let _ = writeln!(out, "  hex dump:");
            for line in self.hex_dump(show_secrets).lines() {
                let _ = writeln!(out, "    {line}");
            }
            if hidden {
                let _ = writeln!(
                    out,
                    "  base64: (left out: it would give the masked values back; --show-secrets \
                     prints it)"
                );
            } else {
                let _ = writeln!(out, "  base64: {}", &*self.base64());
            }
        }
        let shell = self.shell(show_secrets);
        let _ = writeln!(out, "  the same base64 from a POSIX shell:");
        for line in shell.assignments.iter().chain([&shell.pipeline]) {
            let _ = writeln!(out, "    {line}");
        }
        let masked = self.inputs.iter().chain(self.fields());
        if !show_secrets && masked.filter(|f| f.derive.is_none()).any(|f| f.secret) {
            let _ = writeln!(
                out,
                "    (set the masked values yourself; --show-secrets prints them)"
            );
        }
        let pitfall = self.echo_pitfall();
        let _ = writeln!(out, "  not this: {}", pitfall.pipeline);
        for (shell, wrong) in [("dash (sh)", &pitfall.dash), ("bash", &pitfall.bash)] {
            if hidden {
                let _ = writeln!(
                    out,
                    "    {shell}: {} bytes (base64 left out, as above)",
                    wrong.len()
                );
            } else {
                let _ = writeln!(
                    out,
                    "    {shell}: {} bytes, base64 {}",
                    wrong.len(),
                    wrapped_base64(wrong)
                );
            }
            for reason in pitfall_reasons(&bytes, wrong) {
                let _ = writeln!(out, "      - {reason}");
            }
        }
        out
    }
}

/// A field for a display list: its escaped value or the mask with the
/// length, and `(empty)` for an empty one.
pub fn describe(field: &Field, show_secrets: bool) -> String {
    if field.value.is_empty() {
        "(empty)".to_owned()
    } else if field.secret && !show_secrets {
        format!("{MASK} ({} bytes)", field.value.len())
    } else {
        escape(&field.value)
    }
}

/// Base64 as GNU `base64` prints it: wrapped at 76 columns (shown here
/// with ` / ` where it breaks the line).
fn wrapped_base64(bytes: &[u8]) -> String {
    let b64 = encoding::encode(bytes);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    if lines.len() > 1 {
        format!(
            "{} (GNU base64 breaks it into {} lines: {})",
            &*b64,
            lines.len(),
            lines.join(" / ")
        )
    } else {
        b64.to_string()
    }
}

/// Why `wrong` is not `right`, in words that name bytes, not values.
fn pitfall_reasons(right: &[u8], wrong: &[u8]) -> Vec<String> {
    if right == wrong {
        return vec!["same bytes by luck; still not portable".into()];
    }
    let mut reasons = Vec::new();
    let body = match wrong.strip_suffix(b"\n") {
        Some(body) => {
            reasons
                .push("echo appends a newline (\\x0a) that becomes part of the last field".into());
            body
        }
        None => wrong,
    };
    if body != right {
        let right_nuls = right.iter().filter(|&&b| b == 0).count();
        let body_nuls = body.iter().filter(|&&b| b == 0).count();
        if right_nuls > 0 && body_nuls == 0 && body.windows(2).any(|w| w == b"\\0") {
            reasons.push(
                "echo leaves \\0 as the two characters backslash and zero; no NUL byte is sent"
                    .into(),
            );
        } else if wrong.is_empty() || body.len() < right.len() {
            reasons.push(
                "echo took part of the text as an option (-n, -e) or an escape (\\c, \\0NNN) and dropped bytes"
                    .into(),
            );
        } else {
            reasons.push(
                "echo rewrote backslash sequences (\\0NNN, \\n, \\t, ...), including any inside the values"
                    .into(),
            );
        }
    }
    reasons
}

/// One `VAR=...` line: single quotes for printable text, a `printf` with
/// octal escapes for anything else (the `x` suffix keeps trailing
/// newlines, which `$(...)` would strip).
fn assign(field: &Field, show_secrets: bool) -> String {
    if let Some(command) = &field.derive {
        return format!("{}=$({command})", field.var);
    }
    if field.secret && !show_secrets {
        return format!("{}='{MASK}'", field.var);
    }
    let value = &field.value[..];
    match std::str::from_utf8(value) {
        Ok(text) if !text.chars().any(is_invisible) => {
            format!("{}='{}'", field.var, text.replace('\'', r"'\''"))
        }
        _ => {
            let mut format = String::new();
            push_printf_format(&mut format, value, false);
            format!("{0}=$(printf '{format}x'); {0}=${{{0}%x}}", field.var)
        }
    }
}

/// Appends `bytes` to a single-quoted `printf` format: `%` and `\`
/// doubled, `'` closed and reopened, NUL as `\0` (`\000` before an octal
/// digit), other bytes outside printable ASCII as three-digit octal, and a
/// `-` that would begin the format as `\055`: `printf '-...'` takes the
/// format for an option (dash: "Illegal option", bash: "invalid option").
fn push_printf_format(format: &mut String, bytes: &[u8], next_is_digit: bool) {
    for (i, &byte) in bytes.iter().enumerate() {
        let digit_follows = match bytes.get(i + 1) {
            Some(b) => (b'0'..=b'7').contains(b),
            None => next_is_digit,
        };
        match byte {
            b'-' if format.is_empty() => format.push_str("\\055"),
            0 if !digit_follows => format.push_str("\\0"),
            b'%' => format.push_str("%%"),
            b'\\' => format.push_str("\\\\"),
            b'\'' => format.push_str(r"'\''"),
            0x20..=0x7e => format.push(char::from(byte)),
            _ => {
                let _ = write!(format, "\\{byte:03o}");
            }
        }
    }
}

/// What dash's `echo ARG` writes (dash 0.5, `src/bltin/printf.c`): a lone
/// `-n` is an option; `\c` stops all output; `\0` and up to three octal
/// digits after it, or `\` and one to three octal digits, is that byte;
/// `\\ \a \b \f \n \r \t \v` are the C escapes, and `\e` is ESC (dash
/// 0.5.12, as Debian and Ubuntu ship it); any other backslash stays; then a
/// newline.
pub fn dash_echo(argument: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(argument.len() + 1));
    if argument == b"-n" {
        return out;
    }
    let is_octal = |b: Option<&u8>| b.is_some_and(|b| (b'0'..=b'7').contains(b));
    let mut i = 0;
    while i < argument.len() {
        let byte = argument[i];
        i += 1;
        if byte != b'\\' {
            out.push(byte);
            continue;
        }
        match argument.get(i) {
            Some(b'c') => return out,
            Some(b'0') if is_octal(argument.get(i + 1)) => i += 1,
            _ => {}
        }
        let escaped = match argument.get(i) {
            Some(b'\\') => Some(b'\\'),
            Some(b'a') => Some(0x07),
            Some(b'b') => Some(0x08),
            // Not in POSIX, but dash (0.5.12, Debian 12) has it.
            Some(b'e') => Some(0x1b),
            Some(b'f') => Some(0x0c),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'v') => Some(0x0b),
            _ => None,
        };
        if let Some(value) = escaped {
            out.push(value);
            i += 1;
        } else if is_octal(argument.get(i)) {
            let mut value: u32 = 0;
            let mut digits = 0;
            while digits < 3 && is_octal(argument.get(i)) {
                value = value * 8 + u32::from(argument[i] - b'0');
                i += 1;
                digits += 1;
            }
            out.push((value & 0xff) as u8);
        } else {
            out.push(b'\\');
        }
    }
    out.push(b'\n');
    out
}

/// What bash's builtin `echo ARG` writes with its default `xpg_echo` off:
/// an argument made only of `-` and the letters `n`, `e`, `E` is taken as
/// options (`-n` drops the newline); anything else is written as is,
/// backslashes included, then a newline.
pub fn bash_echo(argument: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(argument.len() + 1));
    let is_options = argument.len() > 1
        && argument[0] == b'-'
        && argument[1..]
            .iter()
            .all(|b| matches!(b, b'n' | b'e' | b'E'));
    if is_options {
        if !argument.contains(&b'n') {
            out.push(b'\n');
        }
        return out;
    }
    out.extend_from_slice(argument);
    out.push(b'\n');
    out
}

/// A mechanism that can describe its own messages for `--explain`.
///
/// This is all a new mechanism provides: for each client message of an
/// exchange, a [`Layout`] of literal bytes and named fields whose
/// [`Layout::bytes`] equal the message. Escaping, masking, the hex dump,
/// the base64 and the shell pipelines all follow from it.
pub trait Explain {
    /// Describes one client message of an exchange.
    fn layout(&self, step: &Step<'_>) -> Layout;
}

/// One client message of an exchange, as handed to [`Explain::layout`].
pub struct Step<'a> {
    /// Position among the client's messages: 0 is the initial response if
    /// there is one, otherwise the answer to the first challenge.
    pub index: usize,
    /// The decoded challenge this message answers; `None` for an initial
    /// response.
    pub challenge: Option<&'a [u8]>,
    /// The message bytes.
    pub message: &'a [u8],
}

/// The labelled [`Layout`] of one client message; `challenge_number`
/// counts the challenges answered so far, this one included (unused for
/// an initial response). The label says where the message stands, after
/// the name the mechanism gave it if any ("client-first"). An empty
/// message gets a note on how it is sent.
pub fn explain_step<E: Explain + ?Sized>(
    mechanism: &E,
    step: &Step<'_>,
    challenge_number: usize,
) -> Layout {
    let layout = mechanism.layout(step);
    let position = match step.challenge {
        None => "initial response".to_owned(),
        Some(challenge) => format!(
            "response to challenge {challenge_number} ({})",
            escape(challenge)
        ),
    };
    let layout = if layout.label.is_empty() {
        layout.labelled(position)
    } else {
        let label = format!("{}, {position}", layout.label);
        layout.labelled(label)
    };
    match (step.message.is_empty(), step.challenge) {
        (false, _) => layout,
        (true, None) => layout.note(
            "the message is empty: it is sent as \"=\", which stands for an empty initial \
             response (RFC 4954 section 4); the pipeline below prints nothing",
        ),
        (true, Some(_)) => layout.note(
            "the message is empty: it is sent as an empty line; the pipeline below prints nothing",
        ),
    }
}

/// One labelled [`Layout`] for each client message of `exchange`, whose
/// responses answered `challenges` in order.
///
/// ```
/// use saslenc::explain::explain_exchange;
/// use saslenc::mech::{Exchange, Plain};
/// let mut plain = Plain::new("", "u", "p", Default::default()).unwrap();
/// let exchange = Exchange::run(&mut plain, &[]).unwrap();
/// let layouts = explain_exchange(&plain, &exchange, &[]);
/// assert_eq!(layouts[0].escaped(false), r"\0u\0********");
/// assert_eq!(&layouts[0].bytes()[..], b"\0u\0p");
/// ```
pub fn explain_exchange(
    mechanism: &dyn Explain,
    exchange: &Exchange,
    challenges: &[&[u8]],
) -> Vec<Layout> {
    let initial = exchange.initial.iter().map(|message| (None, message));
    let responses = exchange.responses.iter().enumerate().map(|(n, message)| {
        (
            Some(challenges.get(n).copied().unwrap_or_default()),
            message,
        )
    });
    initial
        .chain(responses)
        .enumerate()
        .map(|(index, (challenge, message))| {
            let step = Step {
                index,
                challenge,
                message,
            };
            let number = index + 1 - usize::from(exchange.initial.is_some());
            explain_step(mechanism, &step, number)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_every_byte_once() {
        assert_eq!(escape(b"a\x001"), r"a\01");
        assert_eq!(escape(b"\x7f\x1b\r\n\t"), r"\x7f\x1b\x0d\x0a\x09");
        assert_eq!(escape("a\u{200b}b".as_bytes()), r"a\xe2\x80\x8bb");
        assert_eq!(escape(b"\xff\xfe"), r"\xff\xfe");
        assert_eq!(escape(b"\\0"), r"\\0");
    }

    #[test]
    fn printf_format_is_exact_before_digits() {
        let layout = Layout::new("X")
            .literal(b"\x001%'\\\x01")
            .field(Field::text("f", "F", b"v"));
        assert_eq!(
            layout.shell(true).pipeline,
            r#"printf '\0001%%'\''\\\001%s' "$F" | base64 | tr -d '\n'"#
        );
    }

    #[test]
    fn printf_format_never_begins_with_a_dash() {
        let layout = Layout::new("X").field(Field::text("f", "F", b"-\x01"));
        let assignment = &layout.shell(true).assignments[0];
        assert_eq!(assignment, r"F=$(printf '\055\001x'); F=${F%x}");
        let layout = Layout::new("X")
            .literal(b"-")
            .field(Field::text("f", "F", b"v"));
        assert_eq!(
            layout.shell(true).pipeline,
            r#"printf '\055%s' "$F" | base64 | tr -d '\n'"#
        );
    }

    #[test]
    fn dash_echo_follows_dash() {
        assert_eq!(&dash_echo(b"\\0u\\0p")[..], b"\0u\0p\n");
        assert_eq!(&dash_echo(b"\\01user")[..], b"\x01user\n");
        assert_eq!(&dash_echo(b"\\0123")[..], b"S\n");
        assert_eq!(&dash_echo(b"a\\cb")[..], b"a");
        assert_eq!(&dash_echo(b"a\\qb\\")[..], b"a\\qb\\\n");
        assert_eq!(&dash_echo(b"\\e[0m")[..], b"\x1b[0m\n");
        assert_eq!(&dash_echo(b"\\E")[..], b"\\E\n");
        assert_eq!(&dash_echo(b"-n")[..], b"");
        assert_eq!(&dash_echo(b"-e")[..], b"-e\n");
    }

    #[test]
    fn bash_echo_follows_bash() {
        assert_eq!(&bash_echo(b"\\0u\\0p")[..], b"\\0u\\0p\n");
        assert_eq!(&bash_echo(b"-n")[..], b"");
        assert_eq!(&bash_echo(b"-e")[..], b"\n");
        assert_eq!(&bash_echo(b"-")[..], b"-\n");
        assert_eq!(&bash_echo(b"-nx")[..], b"-nx\n");
    }

    #[test]
    fn masked_outputs_hide_the_secret() {
        let layout = Layout::new("X")
            .field(Field::text("user", "USER", b"u"))
            .literal(b"\0")
            .field(Field::secret("password", "PASS", b"hunter2"));
        let report = layout.report(false);
        assert!(!report.contains("hunter2"), "{report}");
        assert!(!report.contains(&hex::encode("hunter2")), "{report}");
        assert!(report.contains("********"), "{report}");
        assert!(layout.report(true).contains("hunter2"));
        assert_eq!(layout.hex(false), "7500**************");
    }
}
