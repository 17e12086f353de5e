//! `serve --maildir`: the messages serve accepts, kept in a Maildir
//! (<https://cr.yp.to/proto/maildir.html>) so that a test can read them
//! back, over POP3 or IMAP from serve itself or from the files.
//!
//! A message is written to `tmp/` under a unique name, flushed to disk,
//! then renamed into `new/`: a reader never sees half a message. The name
//! is `SECONDS.MMICROS` `PPID` `QCOUNTER.saslenc`, the seconds and
//! microseconds zero-padded so that names sort in delivery order. The
//! message is kept as it came, CRLF line ends included (SMTP DATA
//! unstuffed, IMAP APPEND's literal as is), so that its size is the size
//! POP3 and IMAP announce.
//!
//! Bounds, since clients may be hostile: at most [`MAX_MESSAGES`] messages
//! (a delivery beyond is refused as "insufficient storage"), each at most
//! [`MAX_MESSAGE`] bytes; only regular files are read, never through a
//! symbolic link.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::MAX_MESSAGE;

/// The most messages a maildir holds for serve: more would make every
/// POP3 login list a directory without end.
pub const MAX_MESSAGES: usize = 10_000;

/// A Maildir: `tmp/`, `new/` and `cur/` under one directory.
#[derive(Debug, Clone)]
pub struct Maildir {
    root: PathBuf,
}

/// A message in the maildir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Its file.
    pub path: PathBuf,
    /// Its unique name (the file name before any `:2,` flags): the POP3
    /// UIDL.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

impl Maildir {
    /// The maildir at `root`, with `tmp/`, `new/` and `cur/` made where
    /// missing.
    pub fn open(root: &Path) -> io::Result<Maildir> {
        for sub in ["tmp", "new", "cur"] {
            fs::create_dir_all(root.join(sub))?;
        }
        Ok(Maildir {
            root: root.to_path_buf(),
        })
    }

    /// Its directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stores `message`: written to `tmp/`, flushed, renamed into `new/`.
    /// Returns where it is.
    pub fn deliver(&self, message: &[u8]) -> io::Result<PathBuf> {
        if message.len() > MAX_MESSAGE {
            return Err(io::Error::other("the message is larger than serve keeps"));
        }
        if self.messages()?.len() >= MAX_MESSAGES {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                format!("the maildir holds {MAX_MESSAGES} messages, the most serve keeps"),
            ));
        }
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{:010}.M{:06}P{}Q{}.saslenc",
            now.as_secs(),
            now.subsec_micros(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let temp = self.root.join("tmp").join(&name);
        let done = self.root.join("new").join(&name);
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            file.write_all(message)?;
            file.sync_all()?;
            fs::rename(&temp, &done)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        Ok(done)
    }

    /// The messages of `new/` and `cur/`, in the order of their names (the
    /// order of delivery for serve's), at most [`MAX_MESSAGES`]; anything
    /// but a regular file is passed over.
    pub fn messages(&self) -> io::Result<Vec<Stored>> {
        let mut all = Vec::new();
        for sub in ["new", "cur"] {
            for entry in fs::read_dir(self.root.join(sub))? {
                let entry = entry?;
                let meta = entry.metadata()?;
                if !meta.file_type().is_file() {
                    continue;
                }
                let file = entry.file_name().to_string_lossy().into_owned();
                if file.starts_with('.') {
                    continue;
                }
                let name = file.split(':').next().unwrap_or_default().to_owned();
                all.push(Stored {
                    path: entry.path(),
                    name,
                    size: meta.len(),
                });
                if all.len() > MAX_MESSAGES {
                    break;
                }
            }
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all.truncate(MAX_MESSAGES);
        Ok(all)
    }

    /// A message's bytes, at most [`MAX_MESSAGE`]; never through a
    /// symbolic link.
    pub fn read(&self, stored: &Stored) -> io::Result<Vec<u8>> {
        use std::os::unix::fs::MetadataExt;
        // lstat, open, fstat: the file opened is the regular file looked
        // at, not a link put in its place meanwhile.
        let before = fs::symlink_metadata(&stored.path)?;
        if !before.file_type().is_file() {
            return Err(io::Error::other("not a regular file"));
        }
        let file = fs::File::open(&stored.path)?;
        let after = file.metadata()?;
        if (after.dev(), after.ino()) != (before.dev(), before.ino()) {
            return Err(io::Error::other("the file changed while it was opened"));
        }
        let mut bytes = Vec::new();
        file.take(MAX_MESSAGE as u64 + 1).read_to_end(&mut bytes)?;
        if bytes.len() > MAX_MESSAGE {
            return Err(io::Error::other("the message is larger than serve reads"));
        }
        Ok(bytes)
    }

    /// Removes a message.
    pub fn delete(&self, stored: &Stored) -> io::Result<()> {
        match fs::remove_file(&stored.path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

/// The `Subject:` of a message's header (unfolded, at most 200 bytes), if
/// it has one.
pub fn subject(message: &[u8]) -> Option<String> {
    let mut lines = message.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return None;
        }
        if line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"subject:") {
            let mut value = line[8..].to_vec();
            // RFC 5322 section 2.2.3: a line starting with white space
            // continues the field.
            while let Some(next) = lines.peek() {
                if !next.starts_with(b" ") && !next.starts_with(b"\t") {
                    break;
                }
                let next = lines.next().unwrap_or_default();
                value.extend_from_slice(next.strip_suffix(b"\r").unwrap_or(next));
            }
            value.truncate(200);
            return Some(String::from_utf8_lossy(&value).trim().to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivered_into_new_in_order_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let maildir = Maildir::open(&dir.path().join("Mail")).unwrap();
        let first = maildir.deliver(b"Subject: one\r\n\r\nbody\r\n").unwrap();
        let second = maildir.deliver(b"Subject: two\r\n\r\n").unwrap();
        assert!(first.starts_with(dir.path().join("Mail/new")));
        assert_eq!(
            fs::read_dir(dir.path().join("Mail/tmp")).unwrap().count(),
            0
        );
        let all = maildir.messages().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].path, first);
        assert_eq!(all[1].path, second);
        assert_eq!(all[0].size, 22);
        assert_ne!(all[0].name, all[1].name);
        assert_eq!(
            maildir.read(&all[0]).unwrap(),
            b"Subject: one\r\n\r\nbody\r\n"
        );
        maildir.delete(&all[0]).unwrap();
        assert_eq!(maildir.messages().unwrap(), [all[1].clone()]);
    }

    #[test]
    fn a_symbolic_link_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let maildir = Maildir::open(dir.path()).unwrap();
        let secret = dir.path().join("secret");
        fs::write(&secret, "x").unwrap();
        std::os::unix::fs::symlink(&secret, dir.path().join("new/1.link")).unwrap();
        assert!(maildir.messages().unwrap().is_empty());
        let stored = Stored {
            path: dir.path().join("new/1.link"),
            name: "1".into(),
            size: 1,
        };
        assert!(maildir.read(&stored).is_err());
    }

    #[test]
    fn subjects() {
        assert_eq!(
            subject(b"From: a\r\nSubject: hi\r\n there\r\n\r\nx").as_deref(),
            Some("hi there")
        );
        assert_eq!(subject(b"From: a\r\n\r\nSubject: body"), None);
        assert_eq!(subject(b"subject:x\n\n").as_deref(), Some("x"));
    }
}
