//! The shell that would build a message: a portable `printf` pipeline
//! that prints the same base64 ([`Layout::shell`]), and what the classic
//! `echo "..." | base64` would really give instead
//! ([`Layout::echo_pitfall`]), under dash and under bash.

use zeroize::Zeroizing;

use std::fmt::Write as _;

use crate::field::is_invisible;
use crate::layout::{Field, Layout, Segment, MASK};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
