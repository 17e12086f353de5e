//! With `--maildir` ([`Config::maildir`]): the messages a session accepts
//! (SMTP DATA, IMAP APPEND) stored, each reported as a [`Delivery`], and
//! read back over POP3 (RFC 1939: STAT, LIST, UIDL, RETR, TOP, DELE, RSET,
//! NOOP, and QUIT's removal of the messages marked) and IMAP (the INBOX:
//! FETCH, SEARCH, STORE, EXPUNGE). Every account sees the one maildir.

use std::path::PathBuf;

use super::maildir::{self, Stored};
use super::*;

/// The most recipients of one SMTP message (RFC 5321 section 4.5.3.1.8
/// asks servers to take at least 100).
pub const MAX_RECIPIENTS: usize = 100;
/// The longest envelope address kept (RFC 5321 section 4.5.3.1.3: a path
/// is at most 256 octets).
const MAX_ADDRESS: usize = 256;

/// A message stored (or that could not be).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The envelope sender (SMTP MAIL FROM), if any.
    pub from: Option<String>,
    /// The envelope recipients (SMTP RCPT TO).
    pub to: Vec<String>,
    /// The message's size in bytes.
    pub size: usize,
    /// Its `Subject:`.
    pub subject: Option<String>,
    /// Where it is stored.
    pub path: Option<PathBuf>,
    /// Why it could not be stored.
    pub error: Option<String>,
}

/// A session's mail: the SMTP transaction under way, the deliveries not
/// yet reported, and the POP3 maildrop once logged in.
#[derive(Default)]
pub(super) struct Mail {
    from: Option<String>,
    to: Vec<String>,
    /// SMTP DATA's message, unstuffed, while it comes.
    pub(super) message: Option<Vec<u8>>,
    delivered: Vec<Delivery>,
    /// The messages as at login, each with its deletion mark.
    maildrop: Option<Vec<(Stored, bool)>>,
    /// IMAP: the INBOX selected.
    pub(super) imap: Option<super::imap_mailbox::Selected>,
}

impl Mail {
    /// MAIL FROM: a new transaction.
    pub(super) fn sender(&mut self, command: &str) {
        self.from = Some(address(command));
        self.to.clear();
        self.message = None;
    }

    /// RCPT TO; false past [`MAX_RECIPIENTS`].
    pub(super) fn recipient(&mut self, command: &str) -> bool {
        if self.to.len() >= MAX_RECIPIENTS {
            return false;
        }
        self.to.push(address(command));
        true
    }

    /// RSET: the transaction is forgotten.
    pub(super) fn reset(&mut self) {
        self.from = None;
        self.to.clear();
        self.message = None;
    }

    /// One line of DATA, without its line end: the leading dot of a
    /// stuffed line removed (RFC 5321 section 4.5.2).
    pub(super) fn data_line(&mut self, line: &[u8]) {
        if let Some(message) = &mut self.message {
            message.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
            message.extend_from_slice(b"\r\n");
        }
    }
}

/// The address between `<` and `>` of a MAIL FROM or RCPT TO command, at
/// most [`MAX_ADDRESS`] bytes.
fn address(command: &str) -> String {
    let inside = command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or("", |(address, _)| address);
    let mut address = inside.to_owned();
    if address.len() > MAX_ADDRESS {
        let mut cut = MAX_ADDRESS;
        while !address.is_char_boundary(cut) {
            cut -= 1;
        }
        address.truncate(cut);
    }
    address
}

impl Session<'_> {
    /// The messages stored (or refused by the disk) since last asked.
    pub fn take_deliveries(&mut self) -> Vec<Delivery> {
        std::mem::take(&mut self.mail.delivered)
    }

    /// Stores `message` in the maildir, with the SMTP envelope if there is
    /// one; the protocol's reply follows from the result.
    pub(super) fn store(&mut self, message: &[u8]) -> Result<String, std::io::Error> {
        let Some(maildir) = &self.config.maildir else {
            return Err(std::io::Error::other("no maildir"));
        };
        let result = maildir.deliver(message);
        let name = result
            .as_ref()
            .ok()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.mail.delivered.push(Delivery {
            from: self.mail.from.take(),
            to: std::mem::take(&mut self.mail.to),
            size: message.len(),
            subject: maildir::subject(message),
            path: result.as_ref().ok().cloned(),
            error: result.as_ref().err().map(ToString::to_string),
        });
        match result {
            Ok(path) => {
                self.transcript.note(format!(
                    "(the message's {} are stored in {})",
                    plural(message.len(), "byte"),
                    path.display()
                ));
                Ok(name)
            }
            Err(e) => {
                self.transcript
                    .note(format!("the message could not be stored: {e}"));
                Err(e)
            }
        }
    }

    /// SMTP's reply to the final dot when the message is kept.
    pub(super) fn smtp_store(&mut self) -> Output {
        let message = self.mail.message.take().unwrap_or_default();
        let text = match self.store(&message) {
            Ok(name) => smtp::reply(250, &format!("2.0.0 Ok: stored as {name}")),
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                smtp::reply(452, "4.3.1 Insufficient system storage")
            }
            Err(_) => smtp::reply(451, "4.3.0 Cannot store the message"),
        };
        self.reply(text)
    }

    /// A POP3 command in the TRANSACTION state, on the maildir.
    pub(super) fn pop3_maildrop(&mut self, text: &str) -> Output {
        let Some(maildir) = &self.config.maildir else {
            return self.reply(pop3::err(None, "No maildrop"));
        };
        if self.mail.maildrop.is_none() {
            match maildir.messages() {
                Ok(all) => self.mail.maildrop = Some(all.into_iter().map(|s| (s, false)).collect()),
                Err(e) => {
                    self.transcript
                        .note(format!("the maildir cannot be read: {e}"));
                    return self.reply(pop3::err(Some("SYS/TEMP"), "Cannot read the maildrop"));
                }
            }
        }
        let mut words = text.split_ascii_whitespace();
        let verb = words.next().unwrap_or_default().to_ascii_uppercase();
        let args: Vec<&str> = words.collect();
        let drop = self.mail.maildrop.as_deref().unwrap_or_default();
        // A message number that names a message not deleted.
        let number = |arg: Option<&&str>| -> Result<usize, &'static str> {
            let n: usize = arg
                .ok_or("A message number is needed")?
                .parse()
                .map_err(|_| "Not a message number")?;
            match drop.get(n.wrapping_sub(1)) {
                Some((_, false)) => Ok(n),
                Some((_, true)) => Err("Message already deleted"),
                None => Err("No such message"),
            }
        };
        let live = || drop.iter().enumerate().filter(|(_, (_, deleted))| !deleted);
        let text = match verb.as_str() {
            "STAT" => {
                let size: u64 = live().map(|(_, (s, _))| s.size).sum();
                pop3::ok(&format!("{} {size}", live().count()))
            }
            "LIST" | "UIDL" => {
                let field = |i: usize, s: &Stored| {
                    if verb == "LIST" {
                        format!("{} {}", i + 1, s.size)
                    } else {
                        format!("{} {}", i + 1, s.name)
                    }
                };
                match args.first() {
                    Some(_) => match number(args.first()) {
                        Ok(n) => pop3::ok(&field(n - 1, &drop[n - 1].0)),
                        Err(why) => pop3::err(None, why),
                    },
                    None => {
                        let lines: Vec<String> = live().map(|(i, (s, _))| field(i, s)).collect();
                        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                        pop3::multiline(&plural(lines.len(), "message"), &refs)
                    }
                }
            }
            "RETR" | "TOP" => {
                let n = match number(args.first()) {
                    Ok(n) => n,
                    Err(why) => return self.reply(pop3::err(None, why)),
                };
                let lines = match (verb.as_str(), args.get(1).map(|a| a.parse::<usize>())) {
                    ("RETR", _) => None,
                    (_, Some(Ok(lines))) => Some(lines),
                    _ => {
                        return self.reply(pop3::err(None, "TOP needs a message and a line count"))
                    }
                };
                let stored = drop[n - 1].0.clone();
                return self.pop3_message(n, &stored, lines);
            }
            "DELE" => match number(args.first()) {
                Ok(n) => {
                    if let Some(entry) = self.mail.maildrop.as_mut().and_then(|d| d.get_mut(n - 1))
                    {
                        entry.1 = true;
                    }
                    pop3::ok(&format!("Message {n} deleted"))
                }
                Err(why) => pop3::err(None, why),
            },
            "RSET" => {
                for entry in self.mail.maildrop.iter_mut().flatten() {
                    entry.1 = false;
                }
                pop3::ok("")
            }
            "NOOP" => pop3::ok(""),
            _ => pop3::err(None, "Unknown command"),
        };
        self.reply(text)
    }

    /// RETR (`lines` None) or TOP: the message, or its header and first
    /// `lines` body lines, dot-stuffed (RFC 1939 section 3).
    fn pop3_message(&mut self, n: usize, stored: &Stored, lines: Option<usize>) -> Output {
        let Some(maildir) = &self.config.maildir else {
            return Output::default();
        };
        let bytes = match maildir.read(stored) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.transcript
                    .note(format!("message {n} cannot be read: {e}"));
                return self.reply(pop3::err(Some("SYS/TEMP"), "Cannot read the message"));
            }
        };
        let first = pop3::ok(&format!("{} octets", bytes.len()));
        self.transcript.server(first.trim_end().as_bytes());
        let mut reply = first.into_bytes();
        let mut in_body = false;
        let mut body_lines = 0;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            if in_body && lines.is_some_and(|max| body_lines >= max) {
                break;
            }
            let bare = line.strip_suffix(b"\n").unwrap_or(line);
            let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
            if in_body {
                body_lines += 1;
            } else if bare.is_empty() {
                in_body = true;
            }
            if bare.starts_with(b".") {
                reply.push(b'.');
            }
            reply.extend_from_slice(bare);
            reply.extend_from_slice(b"\r\n");
        }
        reply.extend_from_slice(b".\r\n");
        self.transcript.note(format!(
            "(message {n}{}, {}, not shown)",
            if lines.is_some() { "'s top" } else { "" },
            plural(reply.len(), "byte")
        ));
        Output {
            reply,
            ..Output::default()
        }
    }

    /// POP3's UPDATE state, at QUIT after a login: the messages marked
    /// deleted are removed.
    pub(super) fn pop3_update(&mut self) {
        let (Some(maildir), Some(drop)) = (&self.config.maildir, self.mail.maildrop.take()) else {
            return;
        };
        let mut removed = 0;
        for (stored, deleted) in &drop {
            if *deleted && maildir.delete(stored).is_ok() {
                removed += 1;
            }
        }
        if removed > 0 {
            self.transcript.note(format!(
                "{} removed from the maildir",
                plural(removed, "message")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn lines(session: &mut Session<'_>, lines: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in lines {
            out.extend_from_slice(&session.line(line, false).reply);
        }
        out
    }

    #[test]
    fn smtp_stores_and_pop3_reads_back_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
        let mut config = Config::new(Protocol::Smtp, &accounts);
        config.allow_cleartext = true;
        config.maildir = Some(maildir::Maildir::open(dir.path()).unwrap());
        let mut smtp = Session::new(&config, &accounts, true);
        smtp.greeting();
        let out = lines(
            &mut smtp,
            &[
                b"EHLO x",
                b"AUTH PLAIN AGFsaWNlAHBlbmNpbA==",
                b"MAIL FROM:<a@example.org> SIZE=10",
                b"RCPT TO:<b@example.org>",
                b"RCPT TO:<c@example.org>",
                b"DATA",
                b"Subject: hello",
                b"",
                b"..a stuffed line",
                b"last",
                b".",
            ],
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("250 2.0.0 Ok: stored as "), "{out}");
        let deliveries = smtp.take_deliveries();
        assert_eq!(deliveries.len(), 1);
        let d = &deliveries[0];
        assert_eq!(d.from.as_deref(), Some("a@example.org"));
        assert_eq!(d.to, ["b@example.org", "c@example.org"]);
        assert_eq!(d.subject.as_deref(), Some("hello"));
        let message = b"Subject: hello\r\n\r\n.a stuffed line\r\nlast\r\n";
        assert_eq!(d.size, message.len());
        assert_eq!(std::fs::read(d.path.as_ref().unwrap()).unwrap(), message);

        let mut config = config.clone();
        config.protocol = Protocol::Pop3;
        let mut pop3 = Session::new(&config, &accounts, true);
        pop3.greeting();
        let out = lines(
            &mut pop3,
            &[
                b"USER alice",
                b"PASS pencil",
                b"STAT",
                b"LIST",
                b"RETR 1",
                b"TOP 1 0",
                b"RETR 2",
            ],
        );
        let out = String::from_utf8(out).unwrap();
        let size = message.len();
        assert!(out.contains(&format!("+OK 1 {size}\r\n")), "{out}");
        assert!(
            out.contains(&format!("+OK 1 message\r\n1 {size}\r\n.\r\n")),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "+OK {size} octets\r\nSubject: hello\r\n\r\n..a stuffed line\r\nlast\r\n.\r\n"
            )),
            "{out}"
        );
        assert!(
            out.contains(&format!("+OK {size} octets\r\nSubject: hello\r\n\r\n.\r\n")),
            "{out}"
        );
        assert!(out.ends_with("-ERR No such message\r\n"), "{out}");
        let out = lines(
            &mut pop3,
            &[b"UIDL", b"DELE 1", b"DELE 1", b"STAT", b"QUIT"],
        );
        let out = String::from_utf8(out).unwrap();
        let name = d
            .path
            .as_ref()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(out.contains(&format!("1 {name}\r\n")), "{out}");
        assert!(
            out.contains("-ERR Message already deleted\r\n+OK 0 0\r\n"),
            "{out}"
        );
        assert!(config
            .maildir
            .as_ref()
            .unwrap()
            .messages()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn imap_reads_back_marks_and_expunges() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = Accounts::single("alice", Some(Secret::new(b"pencil".to_vec())), None);
        let mut config = Config::new(Protocol::Imap, &accounts);
        config.allow_cleartext = true;
        let maildir = maildir::Maildir::open(dir.path()).unwrap();
        let first = b"From: a@example.org\r\nSubject: one\r\n\r\nbody one\r\n";
        maildir.deliver(first).unwrap();
        maildir
            .deliver(b"Subject: two\r\n\r\nbody two\r\n")
            .unwrap();
        config.maildir = Some(maildir.clone());
        let mut imap = Session::new(&config, &accounts, true);
        imap.greeting();
        let out = lines(
            &mut imap,
            &[
                b"a LOGIN alice pencil",
                b"b SELECT INBOX",
                b"c SEARCH ALL",
                b"d FETCH 1:* (UID FLAGS RFC822.SIZE)",
                b"e UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
                b"f FETCH 1 BODY[]",
                b"g STORE 2 +FLAGS (\\Deleted)",
                b"h UID SEARCH DELETED",
                b"i EXPUNGE",
                b"j FETCH 2 FLAGS",
            ],
        );
        let out = String::from_utf8(out).unwrap();
        for want in [
            "* 2 EXISTS\r\n",
            "b OK [READ-WRITE] SELECT completed",
            "* SEARCH 1 2\r\n",
            &format!("* 1 FETCH (FLAGS () UID 1 RFC822.SIZE {})\r\n", first.len()),
            "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: one\r\n\r\n)\r\n",
            &format!(
                "* 1 FETCH (FLAGS (\\Seen) BODY[] {{{}}}\r\n{})\r\n",
                first.len(),
                String::from_utf8_lossy(first)
            ),
            "* 2 FETCH (FLAGS (\\Deleted))\r\n",
            "* SEARCH 2\r\n",
            "* 2 EXPUNGE\r\ni OK EXPUNGE completed",
            "j BAD Not a sequence set",
        ] {
            assert!(out.contains(want), "{want:?} not in:\n{out}");
        }
        assert_eq!(maildir.messages().unwrap().len(), 1);
    }

    #[test]
    fn envelope_bounds() {
        assert_eq!(address("MAIL FROM:<>"), "");
        assert_eq!(address("RCPT TO:<x@y> NOTIFY=NEVER"), "x@y");
        assert_eq!(
            address(&format!("MAIL FROM:<{}>", "é".repeat(300))).len(),
            256
        );
        let mut mail = Mail::default();
        for _ in 0..MAX_RECIPIENTS {
            assert!(mail.recipient("RCPT TO:<a@b>"));
        }
        assert!(!mail.recipient("RCPT TO:<a@b>"));
    }
}
