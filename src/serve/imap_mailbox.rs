//! With `--maildir`: the maildir as the IMAP INBOX (RFC 9051), enough for
//! a test to read back what it sent: SELECT and EXAMINE, FETCH and UID
//! FETCH (FLAGS, UID, RFC822.SIZE, INTERNALDATE, BODY[], BODY[HEADER],
//! BODY[TEXT], BODY[HEADER.FIELDS (...)], their .PEEK forms, RFC822,
//! RFC822.HEADER, RFC822.TEXT, FAST), SEARCH and UID SEARCH (ALL, SEEN,
//! UNSEEN, DELETED, UNDELETED), STORE and UID STORE of \Seen and
//! \Deleted, EXPUNGE and CLOSE, STATUS.
//!
//! UIDs are the messages' places in the maildir at SELECT, and
//! UIDVALIDITY is drawn from the messages' names: when the maildir
//! changes between two sessions, UIDVALIDITY changes too, so that a
//! client that keeps UIDs starts over (RFC 9051 section 2.3.1.1). Flags
//! live for the session; \Deleted messages are removed at EXPUNGE or
//! CLOSE.

use super::maildir::Stored;
use super::*;

/// The most bytes of FETCH replies for one command: past this, the client
/// is asked to fetch fewer at a time.
const MAX_FETCH_REPLY: usize = 64 * 1024 * 1024;

/// The INBOX selected.
pub(super) struct Selected {
    read_only: bool,
    messages: Vec<Message>,
}

struct Message {
    stored: Stored,
    uid: u32,
    seen: bool,
    deleted: bool,
}

/// A FETCH data item asked for.
#[derive(Debug, PartialEq)]
enum Item {
    Flags,
    Uid,
    Size,
    InternalDate,
    /// A BODY section (`""`, `HEADER`, `TEXT`, `HEADER.FIELDS (...)`),
    /// whether it sets \Seen, and the name to answer with.
    Body {
        section: String,
        peek: bool,
        name: String,
    },
}

impl Session<'_> {
    /// An IMAP command on the maildir, if it is one of those this module
    /// answers once logged in.
    pub(super) fn imap_maildir(&mut self, command: &imap::Command) -> Option<Output> {
        let tag = command.tag.clone();
        let name = command.name.as_str();
        let (uid, name, args) = if name == "UID" {
            let sub = match command.args.first() {
                Some(Arg::Atom(sub)) => sub.to_ascii_uppercase(),
                _ => {
                    return Some(self.reply(imap::tagged(&tag, "BAD", None, "UID needs a command")))
                }
            };
            (true, sub, &command.args[1..])
        } else {
            (false, name.to_owned(), &command.args[..])
        };
        let out = match name.as_str() {
            "SELECT" | "EXAMINE" => self.imap_select(&tag, &name, args),
            "STATUS" => self.imap_status(&tag),
            "FETCH" | "SEARCH" | "STORE" | "EXPUNGE" | "CLOSE" | "UNSELECT" | "CHECK" => {
                if self.mail.imap.is_none() {
                    self.reply(imap::tagged(&tag, "BAD", None, "No mailbox selected"))
                } else {
                    match name.as_str() {
                        "FETCH" => self.imap_fetch(&tag, uid, args),
                        "SEARCH" => self.imap_search(&tag, uid, args),
                        "STORE" => self.imap_store(&tag, uid, args),
                        "EXPUNGE" => self.imap_expunge(&tag, false),
                        "CLOSE" => self.imap_expunge(&tag, true),
                        "UNSELECT" => {
                            self.mail.imap = None;
                            self.reply(imap::tagged(&tag, "OK", None, "UNSELECT completed"))
                        }
                        _ => self.reply(imap::tagged(&tag, "OK", None, "CHECK completed")),
                    }
                }
            }
            _ => return None,
        };
        Some(out)
    }

    fn imap_select(&mut self, tag: &str, name: &str, args: &[Arg]) -> Output {
        let mailbox = args
            .first()
            .and_then(Arg::bytes)
            .map(|b| String::from_utf8_lossy(b).to_ascii_uppercase());
        if mailbox.as_deref() != Some("INBOX") {
            self.mail.imap = None;
            return self.reply(imap::tagged(
                tag,
                "NO",
                Some("NONEXISTENT"),
                "Only INBOX exists here",
            ));
        }
        let Some(maildir) = &self.config.maildir else {
            return Output::default();
        };
        let all = match maildir.messages() {
            Ok(all) => all,
            Err(e) => {
                self.transcript
                    .note(format!("the maildir cannot be read: {e}"));
                return self.reply(imap::tagged(
                    tag,
                    "NO",
                    Some("UNAVAILABLE"),
                    "Cannot read the maildir",
                ));
            }
        };
        let uid_validity = uid_validity(&all);
        let messages: Vec<Message> = all
            .into_iter()
            .zip(1u32..)
            .map(|(stored, uid)| Message {
                stored,
                uid,
                seen: false,
                deleted: false,
            })
            .collect();
        let count = messages.len();
        let next_uid = u32::try_from(count).unwrap_or(u32::MAX - 1) + 1;
        let read_only = name == "EXAMINE";
        self.mail.imap = Some(Selected {
            read_only,
            messages,
        });
        let code = if read_only { "READ-ONLY" } else { "READ-WRITE" };
        let text = [
            imap::untagged(r"FLAGS (\Answered \Flagged \Deleted \Seen \Draft)"),
            imap::untagged(r"OK [PERMANENTFLAGS (\Deleted \Seen)] Flags kept for the session"),
            imap::untagged(&format!("{count} EXISTS")),
            imap::untagged("0 RECENT"),
            imap::untagged(&format!("OK [UIDVALIDITY {uid_validity}] UIDs valid")),
            imap::untagged(&format!("OK [UIDNEXT {next_uid}] Predicted next UID")),
            imap::tagged(tag, "OK", Some(code), &format!("{name} completed")),
        ]
        .concat();
        self.reply(text)
    }

    fn imap_status(&mut self, tag: &str) -> Output {
        let Some(maildir) = &self.config.maildir else {
            return Output::default();
        };
        let all = maildir.messages().unwrap_or_default();
        let text = imap::untagged(&format!(
            "STATUS INBOX (MESSAGES {} RECENT 0 UIDNEXT {} UIDVALIDITY {} UNSEEN {})",
            all.len(),
            all.len() + 1,
            uid_validity(&all),
            all.len()
        )) + &imap::tagged(tag, "OK", None, "STATUS completed");
        self.reply(text)
    }

    /// The messages a sequence set names: their indices.
    fn imap_set(&self, set: Option<&Arg>, uid: bool) -> Option<Vec<usize>> {
        let selected = self.mail.imap.as_ref()?;
        let set = match set? {
            Arg::Atom(set) => set,
            _ => return None,
        };
        let count = selected.messages.len();
        let numbers: Vec<u32> = if uid {
            selected.messages.iter().map(|m| m.uid).collect()
        } else {
            (1..=u32::try_from(count).ok()?).collect()
        };
        let star = if uid {
            numbers.last().copied().unwrap_or(0)
        } else {
            u32::try_from(count).ok()?
        };
        // A message number past the last is an error (RFC 9051 section
        // 6.4.5); a UID that names no message is passed over.
        let value = |s: &str| -> Option<u32> {
            if s == "*" {
                Some(star).filter(|&n| n > 0 || uid)
            } else {
                s.parse().ok().filter(|&n| n > 0 && (uid || n <= star))
            }
        };
        // A mark a message: ranges that overlap name a message once, and
        // a set of many ranges costs ranges times messages, not more.
        let mut chosen = vec![false; numbers.len()];
        for range in set.split(',') {
            let (low, high) = match range.split_once(':') {
                Some((a, b)) => (value(a)?, value(b)?),
                None => (value(range)?, value(range)?),
            };
            let (low, high) = (low.min(high), low.max(high));
            for (mark, n) in chosen.iter_mut().zip(&numbers) {
                *mark |= (low..=high).contains(n);
            }
        }
        Some((0..numbers.len()).filter(|&i| chosen[i]).collect())
    }

    fn imap_fetch(&mut self, tag: &str, uid: bool, args: &[Arg]) -> Output {
        let Some(indices) = self.imap_set(args.first(), uid) else {
            return self.reply(imap::tagged(tag, "BAD", None, "Not a sequence set"));
        };
        let mut items = match fetch_items(&args[1.min(args.len())..]) {
            Ok(items) => items,
            Err(why) => return self.reply(imap::tagged(tag, "BAD", None, why)),
        };
        if uid && !items.contains(&Item::Uid) {
            items.insert(0, Item::Uid);
        }
        let Some(maildir) = self.config.maildir.clone() else {
            return Output::default();
        };
        let mut reply = Vec::new();
        let mut shown = Vec::new();
        for index in indices {
            let Some(selected) = self.mail.imap.as_mut() else {
                break;
            };
            let read_only = selected.read_only;
            let message = &mut selected.messages[index];
            let needs_bytes = items.iter().any(|i| matches!(i, Item::Body { .. }));
            let bytes = if needs_bytes {
                match maildir.read(&message.stored) {
                    Ok(bytes) => bytes,
                    Err(_) => {
                        return self.reply(imap::tagged(
                            tag,
                            "NO",
                            Some("UNAVAILABLE"),
                            "Cannot read a message",
                        ))
                    }
                }
            } else {
                Vec::new()
            };
            let mut parts: Vec<Vec<u8>> = Vec::new();
            let mut set_seen = false;
            for item in &items {
                match item {
                    Item::Flags => {}
                    Item::Uid => parts.push(format!("UID {}", message.uid).into_bytes()),
                    Item::Size => {
                        parts.push(format!("RFC822.SIZE {}", message.stored.size).into_bytes())
                    }
                    Item::InternalDate => {
                        parts.push(b"INTERNALDATE \"01-Jan-2000 00:00:00 +0000\"".to_vec())
                    }
                    Item::Body {
                        section,
                        peek,
                        name,
                    } => {
                        set_seen |= !peek && !read_only;
                        let data = section_bytes(&bytes, section);
                        let mut part = format!("{name} {{{}}}\r\n", data.len()).into_bytes();
                        part.extend_from_slice(&data);
                        parts.push(part);
                    }
                }
            }
            if set_seen && !message.seen {
                message.seen = true;
            }
            if items.contains(&Item::Flags) || set_seen {
                parts.insert(0, format!("FLAGS ({})", flags(message)).into_bytes());
            }
            let head = format!("* {} FETCH (", index + 1);
            shown.push(head.clone());
            reply.extend_from_slice(head.as_bytes());
            reply.extend_from_slice(&parts.join(&b' '));
            reply.extend_from_slice(b")\r\n");
            if reply.len() > MAX_FETCH_REPLY {
                return self.reply(imap::tagged(
                    tag,
                    "NO",
                    Some("LIMIT"),
                    "Fetch fewer messages at a time",
                ));
            }
        }
        let done = imap::tagged(
            tag,
            "OK",
            None,
            if uid {
                "UID FETCH completed"
            } else {
                "FETCH completed"
            },
        );
        self.transcript.note(format!(
            "({} of FETCH replies for {}, not shown)",
            plural(reply.len(), "byte"),
            plural(shown.len(), "message")
        ));
        self.transcript.server(done.trim_end().as_bytes());
        reply.extend_from_slice(done.as_bytes());
        Output {
            reply,
            ..Output::default()
        }
    }

    fn imap_search(&mut self, tag: &str, uid: bool, args: &[Arg]) -> Output {
        let Some(selected) = &self.mail.imap else {
            return Output::default();
        };
        let mut keep: Vec<bool> = vec![true; selected.messages.len()];
        for arg in args {
            let key = match arg {
                Arg::Atom(a) => a.to_ascii_uppercase(),
                _ => String::new(),
            };
            let test: fn(&Message) -> bool = match key.as_str() {
                "ALL" | "CHARSET" | "UTF-8" | "US-ASCII" => continue,
                "SEEN" => |m| m.seen,
                "UNSEEN" => |m| !m.seen,
                "DELETED" => |m| m.deleted,
                "UNDELETED" => |m| !m.deleted,
                _ => {
                    return self.reply(imap::tagged(
                        tag,
                        "BAD",
                        None,
                        "Searched here: ALL, SEEN, UNSEEN, DELETED, UNDELETED",
                    ))
                }
            };
            for (k, m) in keep.iter_mut().zip(&selected.messages) {
                *k &= test(m);
            }
        }
        let found: Vec<String> = selected
            .messages
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i])
            .map(|(i, m)| {
                if uid {
                    m.uid.to_string()
                } else {
                    (i + 1).to_string()
                }
            })
            .collect();
        let mut line = "SEARCH".to_owned();
        for n in &found {
            line.push(' ');
            line.push_str(n);
        }
        let text = imap::untagged(&line) + &imap::tagged(tag, "OK", None, "SEARCH completed");
        self.reply(text)
    }

    fn imap_store(&mut self, tag: &str, uid: bool, args: &[Arg]) -> Output {
        if self.mail.imap.as_ref().is_some_and(|s| s.read_only) {
            return self.reply(imap::tagged(
                tag,
                "NO",
                Some("READ-ONLY"),
                "The mailbox is read-only (EXAMINE)",
            ));
        }
        let Some(indices) = self.imap_set(args.first(), uid) else {
            return self.reply(imap::tagged(tag, "BAD", None, "Not a sequence set"));
        };
        let how = match args.get(1) {
            Some(Arg::Atom(how)) => how.to_ascii_uppercase(),
            _ => {
                return self.reply(imap::tagged(
                    tag,
                    "BAD",
                    None,
                    "STORE needs FLAGS, +FLAGS or -FLAGS",
                ))
            }
        };
        let silent = how.ends_with(".SILENT");
        let how = how.trim_end_matches(".SILENT");
        let list = args[2.min(args.len())..]
            .iter()
            .map(|a| match a {
                Arg::Atom(a) | Arg::List(a) => a.to_ascii_uppercase(),
                Arg::String(_) => String::new(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        let seen = list.contains(r"\SEEN");
        let deleted = list.contains(r"\DELETED");
        let Some(selected) = self.mail.imap.as_mut() else {
            return Output::default();
        };
        let mut text = String::new();
        for index in indices {
            let message = &mut selected.messages[index];
            match how {
                "FLAGS" => {
                    message.seen = seen;
                    message.deleted = deleted;
                }
                "+FLAGS" => {
                    message.seen |= seen;
                    message.deleted |= deleted;
                }
                "-FLAGS" => {
                    message.seen &= !seen;
                    message.deleted &= !deleted;
                }
                _ => {
                    return self.reply(imap::tagged(
                        tag,
                        "BAD",
                        None,
                        "STORE needs FLAGS, +FLAGS or -FLAGS",
                    ))
                }
            }
            if !silent {
                let uid_part = if uid {
                    format!(" UID {}", message.uid)
                } else {
                    String::new()
                };
                text.push_str(&imap::untagged(&format!(
                    "{} FETCH (FLAGS ({}){uid_part})",
                    index + 1,
                    flags(message)
                )));
            }
        }
        text.push_str(&imap::tagged(tag, "OK", None, "STORE completed"));
        self.reply(text)
    }

    /// EXPUNGE, or CLOSE (`closing`: silently, then unselected).
    fn imap_expunge(&mut self, tag: &str, closing: bool) -> Output {
        let Some(maildir) = self.config.maildir.clone() else {
            return Output::default();
        };
        let Some(selected) = self.mail.imap.as_mut() else {
            return Output::default();
        };
        if selected.read_only && !closing {
            return self.reply(imap::tagged(
                tag,
                "NO",
                Some("READ-ONLY"),
                "The mailbox is read-only (EXAMINE)",
            ));
        }
        let mut text = String::new();
        let mut removed = 0;
        if !selected.read_only {
            // From the last, so that each number is right when sent.
            for index in (0..selected.messages.len()).rev() {
                if selected.messages[index].deleted
                    && maildir.delete(&selected.messages[index].stored).is_ok()
                {
                    selected.messages.remove(index);
                    removed += 1;
                    if !closing {
                        text.push_str(&imap::untagged(&format!("{} EXPUNGE", index + 1)));
                    }
                }
            }
        }
        if closing {
            self.mail.imap = None;
        }
        if removed > 0 {
            self.transcript.note(format!(
                "{} removed from the maildir",
                plural(removed, "message")
            ));
        }
        let name = if closing { "CLOSE" } else { "EXPUNGE" };
        text.push_str(&imap::tagged(tag, "OK", None, &format!("{name} completed")));
        self.reply(text)
    }
}

/// A message's flags, as IMAP writes them.
fn flags(message: &Message) -> String {
    let mut flags = Vec::new();
    if message.seen {
        flags.push(r"\Seen");
    }
    if message.deleted {
        flags.push(r"\Deleted");
    }
    flags.join(" ")
}

/// UIDVALIDITY for the messages `all`: FNV-1a of their names, never 0.
fn uid_validity(all: &[Stored]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for stored in all {
        for &b in stored.name.as_bytes().iter().chain(b"\n") {
            hash ^= u32::from(b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    (hash & 0x7fff_ffff).max(1)
}

/// The FETCH items of `args` (an atom, or a parenthesised list, as the
/// codec keeps them).
fn fetch_items(args: &[Arg]) -> Result<Vec<Item>, &'static str> {
    let mut text = String::new();
    for arg in args {
        match arg {
            Arg::Atom(a) | Arg::List(a) => {
                text.push_str(a);
                text.push(' ');
            }
            Arg::String(_) => return Err("FETCH takes no string here"),
        }
    }
    let text = text.trim();
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text)
        .replace(" ]", "]");
    let mut items = Vec::new();
    let mut rest = text.as_str().trim();
    while !rest.is_empty() {
        // One item: up to a space outside brackets.
        let mut depth = 0i32;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => depth -= 1,
                ' ' if depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        let upper = word.to_ascii_uppercase();
        match upper.as_str() {
            "FLAGS" => items.push(Item::Flags),
            "UID" => items.push(Item::Uid),
            "RFC822.SIZE" => items.push(Item::Size),
            "INTERNALDATE" => items.push(Item::InternalDate),
            "FAST" => items.extend([Item::Flags, Item::InternalDate, Item::Size]),
            "RFC822" => items.push(body("", false, "RFC822")),
            "RFC822.HEADER" => items.push(body("HEADER", true, "RFC822.HEADER")),
            "RFC822.TEXT" => items.push(body("TEXT", false, "RFC822.TEXT")),
            _ => {
                let (peek, after) = if let Some(after) = upper.strip_prefix("BODY.PEEK[") {
                    (true, after)
                } else if let Some(after) = upper.strip_prefix("BODY[") {
                    (false, after)
                } else {
                    return Err("Fetched here: FLAGS UID RFC822.SIZE INTERNALDATE FAST RFC822 RFC822.HEADER RFC822.TEXT BODY[...] BODY.PEEK[...]");
                };
                let section = after
                    .strip_suffix(']')
                    .ok_or("A BODY section is not closed")?;
                if !matches!(section, "" | "HEADER" | "TEXT")
                    && !section.starts_with("HEADER.FIELDS")
                {
                    return Err("Sections fetched here: none, HEADER, TEXT, HEADER.FIELDS");
                }
                items.push(body(section, peek, &format!("BODY[{section}]")));
            }
        }
    }
    if items.is_empty() {
        return Err("FETCH needs items");
    }
    Ok(items)
}

fn body(section: &str, peek: bool, name: &str) -> Item {
    Item::Body {
        section: section.to_owned(),
        peek,
        name: name.to_owned(),
    }
}

/// A section of a message: all of it, its header (with the blank line),
/// its text, or the header fields named.
fn section_bytes(message: &[u8], section: &str) -> Vec<u8> {
    let split = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
        .or_else(|| {
            message
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|at| at + 2)
        })
        .unwrap_or(message.len());
    let (header, text) = message.split_at(split);
    match section {
        "" => message.to_vec(),
        "HEADER" => header.to_vec(),
        "TEXT" => text.to_vec(),
        fields => {
            let not = fields.starts_with("HEADER.FIELDS.NOT");
            let names: Vec<String> = fields
                .split_once('(')
                .map(|(_, list)| list.trim_end_matches(')'))
                .unwrap_or_default()
                .split_ascii_whitespace()
                .map(str::to_ascii_uppercase)
                .collect();
            let mut out = Vec::new();
            let mut keeping = false;
            for line in header.split_inclusive(|&b| b == b'\n') {
                let bare = line.strip_suffix(b"\n").unwrap_or(line);
                let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
                if bare.is_empty() {
                    break;
                }
                if !line.starts_with(b" ") && !line.starts_with(b"\t") {
                    let name = bare
                        .split(|&b| b == b':')
                        .next()
                        .map(|n| String::from_utf8_lossy(n).trim().to_ascii_uppercase())
                        .unwrap_or_default();
                    keeping = names.contains(&name) != not;
                }
                if keeping {
                    out.extend_from_slice(bare);
                    out.extend_from_slice(b"\r\n");
                }
            }
            out.extend_from_slice(b"\r\n");
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_items_as_clients_send_them() {
        let args = |text: &str| -> Vec<Arg> {
            let parts = [Part::Line(format!("a FETCH 1 {text}"))];
            imap::parse_command(&parts).unwrap().args[1..].to_vec()
        };
        assert_eq!(
            fetch_items(&args(
                "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])"
            ))
            .unwrap(),
            [
                Item::Uid,
                Item::Flags,
                Item::Size,
                body(
                    "HEADER.FIELDS (FROM SUBJECT)",
                    true,
                    "BODY[HEADER.FIELDS (FROM SUBJECT)]"
                )
            ]
        );
        assert_eq!(
            fetch_items(&args("BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]"))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            fetch_items(&args("(RFC822)")).unwrap(),
            [body("", false, "RFC822")]
        );
        assert!(fetch_items(&args("(ENVELOPE)")).is_err());
        assert!(fetch_items(&args("BODY[1.MIME]")).is_err());
    }

    #[test]
    fn sections() {
        let m = b"From: a\r\nSubject: s\r\n x\r\nTo: b\r\n\r\nbody\r\n";
        assert_eq!(
            section_bytes(m, "HEADER"),
            b"From: a\r\nSubject: s\r\n x\r\nTo: b\r\n\r\n"
        );
        assert_eq!(section_bytes(m, "TEXT"), b"body\r\n");
        assert_eq!(
            section_bytes(m, "HEADER.FIELDS (SUBJECT TO)"),
            b"Subject: s\r\n x\r\nTo: b\r\n\r\n"
        );
        assert_eq!(
            section_bytes(m, "HEADER.FIELDS.NOT (SUBJECT TO)"),
            b"From: a\r\n\r\n"
        );
    }
}
