//! The diagnosis where the learner is: on a practice server
//! ([`Config::reply_diagnosis`]), the reply to a refused login carries
//! the findings that serve prints, so that someone typing into `openssl
//! s_client` or reading an application's error sees why, not only `535`.
//!
//! Each finding passes the same boundary as on serve's screen: masked
//! with every secret the client sent (never revealed, whatever
//! `--show-secrets` says: this text goes back over the network), but not
//! with the accounts' passwords, whose mask would tell a guesser which
//! guess was right; escaped, cut; then written in ASCII (`\u{e4}` for a
//! character beyond it), since reply text is 7-bit in all three
//! protocols, and fitted to each protocol's line:
//! - SMTP: `535-5.7.8 diagnosis: …` lines before the reply's last line,
//!   each at most 512 octets (RFC 5321 section 4.5.3.1.5), the reply's
//!   own code and enhanced code on every line (section 4.2.1);
//! - IMAP: after the tagged `NO`/`BAD` text, at most [`IMAP_TEXT`]
//!   octets;
//! - POP3: after the `-ERR` text, the line at most 512 octets (RFC 2449
//!   section 4), cut with `...`.

use super::*;

/// The most octets of an SMTP reply line or a POP3 response line, CRLF
/// included (RFC 5321 section 4.5.3.1.5, RFC 2449 section 4).
const MAX_REPLY_LINE: usize = 512;
/// The most octets of diagnosis added to an IMAP tagged reply: RFC 9051
/// sets no line limit, but clients buffer lines (8 KiB is common).
const IMAP_TEXT: usize = 2000;
/// The most SMTP lines of diagnosis in one reply.
const MAX_SMTP_LINES: usize = 12;

impl Session<'_> {
    /// `text`, a reply about to be sent: with the diagnosis of the logins
    /// refused since the last reply, when the server tells its clients.
    pub(super) fn tell_client(&mut self, text: String) -> String {
        let new = &self.logins[self.told.min(self.logins.len())..];
        self.told = self.logins.len();
        if !self.config.reply_diagnosis {
            return text;
        }
        let sent = self.transcript.secrets().masking();
        let findings: Vec<String> = new
            .iter()
            .filter(|l| l.outcome != Outcome::Accepted)
            .flat_map(|l| &l.diagnosis)
            .map(|finding| {
                // What a guess's length says of the account's password
                // is for the screen, not for whoever is guessing.
                let finding = finding
                    .replace(diagnose::RIGHT_LENGTH, "")
                    .replace(diagnose::OTHER_LENGTH, "");
                ascii(sent.text(&finding).as_str())
            })
            .collect();
        if findings.is_empty() {
            return text;
        }
        match self.config.protocol {
            Protocol::Smtp => smtp_with(&text, &findings),
            Protocol::Imap => last_line_with(&text, &findings, |last| last + IMAP_TEXT),
            Protocol::Pop3 => last_line_with(&text, &findings, |_| MAX_REPLY_LINE - 2),
        }
    }
}

/// `text` in ASCII: each character beyond it as `\u{…}`.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    out
}

/// An SMTP reply with `findings` as continuation lines before its last
/// line, with its code and enhanced code.
fn smtp_with(text: &str, findings: &[String]) -> String {
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    let Some((last, before)) = lines.split_last() else {
        return text.to_owned();
    };
    let code = last.get(..3).unwrap_or("500");
    let enhanced = last
        .get(4..)
        .and_then(|rest| rest.split(' ').next())
        .filter(|word| {
            let parts: Vec<&str> = word.split('.').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
    let prefix = match enhanced {
        Some(enhanced) => format!("{code}-{enhanced} "),
        None => format!("{code}-"),
    };
    let width = MAX_REPLY_LINE - 2 - prefix.len();
    let mut out = String::new();
    for line in before {
        out.push_str(line);
        out.push_str("\r\n");
    }
    let wrapped: Vec<String> = findings
        .iter()
        .flat_map(|f| wrap(&format!("diagnosis: {f}"), width))
        .collect();
    for (i, piece) in wrapped.iter().enumerate() {
        if i == MAX_SMTP_LINES {
            out.push_str(&format!(
                "{prefix}diagnosis: (cut; the rest is on the server's screen)\r\n"
            ));
            break;
        }
        out.push_str(&prefix);
        out.push_str(piece);
        out.push_str("\r\n");
    }
    out.push_str(last);
    out.push_str("\r\n");
    out
}

/// A reply whose last line (IMAP's tagged reply, POP3's `-ERR`) gets the
/// findings after its text, the line then at most `limit(its length)`
/// octets without its CRLF.
fn last_line_with(text: &str, findings: &[String], limit: impl Fn(usize) -> usize) -> String {
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    let Some((last, before)) = lines.split_last() else {
        return text.to_owned();
    };
    let mut line = format!("{last} diagnosis: {}", findings.join(" / "));
    let limit = limit(last.len());
    if line.len() > limit {
        // ASCII: any byte is a character boundary.
        line.truncate(limit.max(last.len() + 3) - 3);
        line.push_str("...");
    }
    let mut out = String::new();
    for l in before {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out.push_str(&line);
    out.push_str("\r\n");
    out
}

/// `text` cut into pieces of at most `width` octets, at spaces where it
/// can be (a word longer than the width is cut where it must).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    while rest.len() > width {
        let cut = rest[..=width]
            .rfind(' ')
            .filter(|&at| at > 0)
            .unwrap_or(width);
        pieces.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        pieces.push(rest.to_owned());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_findings_are_continuation_lines_with_the_codes() {
        let long = "x ".repeat(400);
        let reply = smtp_with(
            "535 5.7.8 Authentication credentials invalid\r\n",
            &["the password differs".into(), long.clone()],
        );
        let lines: Vec<&str> = reply.split_terminator("\r\n").collect();
        assert_eq!(lines[0], "535-5.7.8 diagnosis: the password differs");
        assert!(lines[1].starts_with("535-5.7.8 diagnosis: x x"));
        assert_eq!(
            *lines.last().unwrap(),
            "535 5.7.8 Authentication credentials invalid"
        );
        assert!(lines.len() >= 4, "{reply}");
        for line in &lines {
            assert!(line.len() + 2 <= MAX_REPLY_LINE, "{line}");
        }
        // Every x is still there, across the lines.
        assert_eq!(reply.matches('x').count(), 400);
        // No enhanced code: the code alone.
        let reply = smtp_with("503 Send EHLO first\r\n", &["why".into()]);
        assert_eq!(reply, "503-diagnosis: why\r\n503 Send EHLO first\r\n");
    }

    #[test]
    fn smtp_diagnosis_lines_are_bounded() {
        let findings = vec!["y ".repeat(5000)];
        let reply = smtp_with("535 5.7.8 no\r\n", &findings);
        assert_eq!(reply.lines().count(), MAX_SMTP_LINES + 2, "{reply}");
        assert!(reply.contains("(cut; the rest is on the server's screen)"));
    }

    #[test]
    fn pop3_and_imap_text_is_one_line_within_its_limit() {
        let long = "z".repeat(3000);
        let pop3 = last_line_with(
            "-ERR [AUTH] Authentication failed.\r\n",
            &["a".into(), long.clone()],
            |_| MAX_REPLY_LINE - 2,
        );
        assert!(pop3.starts_with("-ERR [AUTH] Authentication failed. diagnosis: a / zzz"));
        assert!(pop3.ends_with("...\r\n"));
        assert_eq!(pop3.len(), MAX_REPLY_LINE);
        assert_eq!(pop3.matches("\r\n").count(), 1);
        let imap = last_line_with(
            "* BYE x\r\na1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
            &["b".into()],
            |last| last + IMAP_TEXT,
        );
        assert_eq!(
            imap,
            "* BYE x\r\na1 NO [AUTHENTICATIONFAILED] Authentication failed. diagnosis: b\r\n"
        );
        let imap = last_line_with("a1 NO x\r\n", &[long], |last| last + IMAP_TEXT);
        assert_eq!(imap.len(), "a1 NO x".len() + IMAP_TEXT + 2);
    }

    fn practice(protocol: Protocol, accounts: &Accounts) -> Config {
        let mut config = Config::new(protocol, accounts);
        config.allow_cleartext = true;
        // Revealed on the screen, still masked in a reply.
        config.show_secrets = true;
        config.reply_diagnosis = true;
        config
    }

    fn replies(config: &Config, accounts: &Accounts, lines: &[&[u8]]) -> String {
        let mut session = Session::new(config, accounts, true);
        session.greeting();
        let mut out = String::new();
        for line in lines {
            out.push_str(&String::from_utf8_lossy(&session.line(line, false).reply));
        }
        out
    }

    /// The catalogue's finding reaches the client in each protocol's own
    /// form; the password, sent in the user name's place, never does.
    #[test]
    fn a_practice_server_tells_the_client_why() {
        let accounts =
            Accounts::single("alice", Some(crate::Secret::new(b"pencil".to_vec())), None);
        // PLAIN with echo's line feed: \0alice\0pencil\n.
        let smtp = replies(
            &practice(Protocol::Smtp, &accounts),
            &accounts,
            &[b"EHLO x", b"AUTH PLAIN AGFsaWNlAHBlbmNpbAo="],
        );
        let lines: Vec<&str> = smtp.split_terminator("\r\n").collect();
        let last = lines.len() - 1;
        assert_eq!(lines[last], "535 5.7.8 Authentication credentials invalid");
        assert!(
            lines[last - 1].starts_with("535-5.7.8 diagnosis: "),
            "{smtp}"
        );
        assert!(smtp.contains("[echo-newline]"), "{smtp}");
        let imap = replies(
            &practice(Protocol::Imap, &accounts),
            &accounts,
            &[b"a1 LOGIN pencil alice"],
        );
        assert!(
            imap.starts_with("a1 NO [AUTHENTICATIONFAILED] Authentication failed. diagnosis: "),
            "{imap}"
        );
        assert!(imap.contains("[user-password-swapped]"), "{imap}");
        assert!(!imap.to_ascii_lowercase().contains("pencil"), "{imap}");
        let pop3 = replies(
            &practice(Protocol::Pop3, &accounts),
            &accounts,
            &[b"USER pencil", b"PASS pencil"],
        );
        assert!(
            pop3.contains("-ERR [AUTH] Authentication failed. diagnosis: "),
            "{pop3}"
        );
        assert!(!pop3.to_ascii_lowercase().contains("pencil"), "{pop3}");
        assert!(pop3.lines().all(|l| l.len() < MAX_REPLY_LINE), "{pop3}");
        // An accepted login's reply is as it was.
        let ok = replies(
            &practice(Protocol::Pop3, &accounts),
            &accounts,
            &[b"USER alice", b"PASS pencil"],
        );
        assert!(ok.ends_with("+OK Logged in.\r\n"), "{ok}");
    }

    /// A wrong password's length beside the account's is on the screen,
    /// never in the reply: it would tell a guesser how long the right one
    /// is.
    #[test]
    fn the_right_length_is_not_told() {
        let accounts =
            Accounts::single("alice", Some(crate::Secret::new(b"pencil".to_vec())), None);
        for guess in ["AGFsaWNlAHBlbmNpeA==", "AGFsaWNlAHBlbg=="] {
            let config = practice(Protocol::Smtp, &accounts);
            let mut session = Session::new(&config, &accounts, true);
            session.greeting();
            session.line(b"EHLO x", false);
            let auth = format!("AUTH PLAIN {guess}");
            let reply =
                String::from_utf8_lossy(&session.line(auth.as_bytes(), false).reply).into_owned();
            let screen = session.logins[0].diagnosis.join(" ");
            assert!(screen.contains("length"), "{screen}");
            assert!(reply.contains("the password differs"), "{reply}");
            assert!(!reply.contains("length"), "{reply}");
        }
    }

    /// The reply is masked with what the client sent only, never with
    /// the account's password: a mask where a guess equals it would let
    /// one login test many guesses (here in the authorization identity).
    #[test]
    fn the_accounts_password_is_no_mask_in_the_reply() {
        let accounts =
            Accounts::single("alice", Some(crate::Secret::new(b"pencil".to_vec())), None);
        let reply = replies(
            &practice(Protocol::Smtp, &accounts),
            &accounts,
            &[
                b"EHLO x",
                b"AUTH PLAIN YWFhYSBwZW5jaWwgYmJiYgBhbGljZQB3eHl6",
            ],
        );
        assert!(reply.contains("aaaa pencil bbbb"), "{reply}");
        assert!(!reply.contains(crate::show::MASK), "{reply}");
    }

    /// Without the option, the replies are a real server's.
    #[test]
    fn a_real_server_says_nothing_more() {
        let accounts =
            Accounts::single("alice", Some(crate::Secret::new(b"pencil".to_vec())), None);
        let mut config = practice(Protocol::Smtp, &accounts);
        config.reply_diagnosis = false;
        let smtp = replies(
            &config,
            &accounts,
            &[b"EHLO x", b"AUTH PLAIN AGFsaWNlAHBlbmNpbAo="],
        );
        assert!(
            smtp.ends_with("250 SIZE 33554432\r\n535 5.7.8 Authentication credentials invalid\r\n"),
            "{smtp}"
        );
    }

    #[test]
    fn non_ascii_is_escaped() {
        assert_eq!(ascii("jörg \\x0a ä"), "j\\u{f6}rg \\x0a \\u{e4}");
    }
}
