//! The `--explain` report: a message's exact bytes made visible (from its
//! [`Layout`]), and the shell that would build them ([`shell`]).
//!
//! ```
//! use saslenc::layout::{Field, Layout};
//!
//! let layout = Layout::new("PLAIN")
//!     .field(Field::text("authzid", "AUTHZID", b""))
//!     .literal(b"\0")
//!     .field(Field::text("user", "USER", b"tim"))
//!     .literal(b"\0")
//!     .field(Field::secret("password", "PASS", b"tanstaaftanstaaf"));
//! assert_eq!(
//!     layout.shell(false).pipeline,
//!     r#"printf '%s\0%s\0%s' "$AUTHZID" "$USER" "$PASS" | base64 | tr -d '\n'"#
//! );
//! assert!(layout.report(false).contains("tanstaaftanstaaf") == false);
//! ```

use std::fmt::Write as _;

use crate::encoding;
use crate::layout::{describe, Layout};

pub mod shell;

impl Layout {
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

#[cfg(test)]
mod tests {
    use crate::layout::{Field, Layout};

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
