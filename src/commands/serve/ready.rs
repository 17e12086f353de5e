//! `--ready-file`: the listeners' URLs, written once every one is bound,
//! so that a script waits for a file instead of reading serve's output.
//!
//! The file is written whole or not at all: a temporary file beside it
//! (made with `O_EXCL`, never through a symbolic link), flushed, then
//! renamed over the name, so that a script that sees the name sees every
//! line. A file left by an earlier run is removed before anything is
//! bound (a script must not take it for this run's), and this run's is
//! removed when serve ends.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use saslenc::Error;

/// The ready file of a run: removed when dropped (serve's end, whatever
/// the exit status).
pub(super) struct ReadyFile {
    path: PathBuf,
    written: bool,
}

impl ReadyFile {
    /// Removes what an earlier run left at `path`; nothing is written yet.
    pub(super) fn prepare(path: &Path) -> Result<ReadyFile, Error> {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::io(
                    format!("use --ready-file {}", path.display()),
                    io::Error::other("it is a directory"),
                ))
            }
            Ok(_) => fs::remove_file(path).map_err(|e| {
                Error::io(format!("remove the old --ready-file {}", path.display()), e)
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("use --ready-file {}", path.display()), e)),
        }
        Ok(ReadyFile {
            path: path.to_path_buf(),
            written: false,
        })
    }

    /// Writes `urls`, one a line, under the file's name in one step.
    pub(super) fn write(&mut self, urls: &[String]) -> Result<(), Error> {
        let failed = |e| Error::io(format!("write --ready-file {}", self.path.display()), e);
        let name = self
            .path
            .file_name()
            .ok_or_else(|| failed(io::Error::other("it names no file")))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".saslenc-{}.tmp", std::process::id()));
        let temp = self.path.with_file_name(temp_name);
        let mut text = urls.join("\n");
        text.push('\n');
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .custom_flags(libc::O_NOFOLLOW)
                .mode(0o644)
                .open(&temp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temp, &self.path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(failed(e));
        }
        self.written = true;
        Ok(())
    }
}

impl Drop for ReadyFile {
    fn drop(&mut self) {
        if self.written {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_whole_and_removed_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ready");
        fs::write(&path, "stale\n").unwrap();
        let mut ready = ReadyFile::prepare(&path).unwrap();
        assert!(!path.exists(), "an earlier run's file is removed first");
        ready
            .write(&["smtp://127.0.0.1:2525".into(), "imap://[::1]:143".into()])
            .unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "smtp://127.0.0.1:2525\nimap://[::1]:143\n"
        );
        // No temporary file is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(ready);
        assert!(!path.exists());
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ReadyFile::prepare(dir.path()).is_err());
    }
}
