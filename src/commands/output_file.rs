//! `--output FILE`: write where the user pointed, without destroying what
//! is there.
//!
//! What `FILE` is decides how it is written:
//! - `-`: standard output.
//! - a regular file with one link (or a symbolic link to one): replaced
//!   atomically at the link's target (a temporary file beside it, flushed,
//!   then renamed over it), keeping its mode, owner and group; if the owner
//!   or group cannot be kept, nothing is written. A new file is made 0600.
//! - a regular file with several links: written in place, so that every
//!   name keeps seeing the same file.
//! - anything else that can be opened for writing — a device, a FIFO, a
//!   terminal, `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N` — is opened
//!   and written through, never replaced.
//!
//! A batch writes its lines as they are made ([`Output`]): to the
//! temporary file of a file to replace, which takes the file's place only
//! once the last line is written; straight to anything written through or
//! in place, which is opened at the first line, so that a batch that makes
//! nothing leaves every output as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{fchown, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use saslenc::Error;

use super::Stdout;

/// Symbolic links followed before giving up, as the kernel's own limit
/// (`MAXSYMLINKS` is 40 on Linux).
const MAX_SYMLINK_HOPS: usize = 40;

/// Writes `bytes` to `path` as the module's rules say.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut output = Output::open(Some(path))?;
    output.write(bytes)?;
    output.finish()
}

/// An output being written a piece at a time (a batch's lines as they are
/// made), by the module's rules: a file to replace is written to its
/// temporary file and renamed over it only by [`Output::finish`]; what is
/// written through, or in place, is opened at the first write, so that an
/// output never written to is left as it was. Dropped unfinished, the
/// temporary file is removed.
pub(crate) struct Output {
    kind: Kind,
    /// The path as given, for messages.
    shown: PathBuf,
}

enum Kind {
    Stdout(Stdout),
    /// Opened for appending at the first write.
    Through(PathBuf, Option<File>),
    /// Truncated and written at the first write.
    InPlace(PathBuf, Option<File>),
    /// The temporary file beside `path`, renamed over it when finished.
    Replace {
        temp: PathBuf,
        path: PathBuf,
        file: File,
        done: bool,
    },
}

impl Output {
    /// Where to write: standard output for `None` or `-`, else `path`.
    /// A file to replace gets its temporary file now, with the owner,
    /// group and mode it will keep, so that a file whose owner cannot be
    /// kept is refused before any work is done.
    pub(crate) fn open(path: Option<&Path>) -> Result<Output, Error> {
        let path = match path {
            Some(path) if path != Path::new("-") => path,
            _ => {
                return Ok(Output {
                    kind: Kind::Stdout(Stdout::default()),
                    shown: PathBuf::from("-"),
                })
            }
        };
        let failed = |e| Error::io(format!("write {}", path.display()), e);
        let target = resolve(path).map_err(failed)?;
        let kind = match target {
            Target::Descriptor(path) => Kind::Through(path, None),
            Target::Path(path) => match fs::metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    start_replace(path, None).map_err(failed)?
                }
                Err(e) => return Err(failed(e)),
                Ok(meta) if meta.is_dir() => {
                    return Err(failed(io::Error::other("it is a directory")))
                }
                Ok(meta) if meta.is_file() && meta.nlink() > 1 => Kind::InPlace(path, None),
                Ok(meta) if meta.is_file() => start_replace(path, Some(&meta)).map_err(failed)?,
                Ok(_) => Kind::Through(path, None),
            },
        };
        Ok(Output {
            kind,
            shown: path.to_path_buf(),
        })
    }

    /// Writes `bytes` (to the temporary file, for a file to replace).
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let result = match &mut self.kind {
            Kind::Stdout(stdout) => return stdout.write(bytes),
            Kind::Through(path, file) => {
                opened(file, || OpenOptions::new().append(true).open(&*path))
                    .and_then(|file| file.write_all(bytes).and_then(|()| file.flush()))
            }
            Kind::InPlace(path, file) => opened(file, || {
                OpenOptions::new().write(true).truncate(true).open(&*path)
            })
            .and_then(|file| file.write_all(bytes)),
            Kind::Replace { file, .. } => file.write_all(bytes),
        };
        result.map_err(|e| self.failed(e))
    }

    /// Ends the output: flushes it to disk and, for a file to replace,
    /// renames the temporary file over it.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        let result = match &mut self.kind {
            Kind::Stdout(_) | Kind::Through(_, None) | Kind::InPlace(_, None) => Ok(()),
            Kind::Through(_, Some(file)) => file.flush(),
            Kind::InPlace(_, Some(file)) => file.sync_all(),
            Kind::Replace {
                temp,
                path,
                file,
                done,
            } => file.sync_all().and_then(|()| {
                fs::rename(&*temp, &*path)?;
                *done = true;
                Ok(())
            }),
        };
        result.map_err(|e| self.failed(e))
    }

    fn failed(&self, e: io::Error) -> Error {
        Error::io(format!("write {}", self.shown.display()), e)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Kind::Replace {
            temp, done: false, ..
        } = &self.kind
        {
            let _ = fs::remove_file(temp);
        }
    }
}

/// The file in `slot`, opened by `open` the first time.
fn opened(
    slot: &mut Option<File>,
    open: impl FnOnce() -> io::Result<File>,
) -> io::Result<&mut File> {
    if slot.is_none() {
        *slot = Some(open()?);
    }
    Ok(slot.as_mut().expect("opened above"))
}

/// Where the bytes go once symbolic links are followed.
enum Target {
    /// A name for an open descriptor (`/dev/stdout`, `/dev/fd/N`,
    /// `/proc/self/fd/N`): it is not a file to replace, whatever it
    /// points at.
    Descriptor(PathBuf),
    /// A path with no symbolic link as its last component.
    Path(PathBuf),
}

/// Follows the symbolic links of `path`'s last component, so that a link
/// stays a link and its target is what is replaced.
fn resolve(path: &Path) -> io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        if names_a_descriptor(&current) {
            return Ok(Target::Descriptor(current));
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(Target::Path(current)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Path(current)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_SYMLINK_HOPS} symbolic links to follow"
    )))
}

/// `/proc/...` and `/dev/fd/...`: names of open descriptors and kernel
/// files, never files to replace.
fn names_a_descriptor(path: &Path) -> bool {
    path.starts_with("/proc") || path.starts_with("/dev/fd")
}

/// Makes a temporary file beside `path` with `existing`'s mode, owner and
/// group (a new file: 0600, the writer's), to be filled and renamed over
/// `path` by [`Output::finish`]: `path` holds the old content or all of
/// the new. If the owner or group cannot be given to the new file,
/// nothing is written.
fn start_replace(path: PathBuf, existing: Option<&fs::Metadata>) -> io::Result<Kind> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("the path names no file"))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".saslenc-{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)?;
    if let Err(e) = keep_owner_and_mode(&file, existing) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(Kind::Replace {
        temp,
        path,
        file,
        done: false,
    })
}

/// Gives the temporary file `existing`'s owner, group and mode.
fn keep_owner_and_mode(file: &File, existing: Option<&fs::Metadata>) -> io::Result<()> {
    let Some(existing) = existing else {
        return Ok(());
    };
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (existing.uid(), existing.gid()) {
        fchown(file, Some(existing.uid()), Some(existing.gid())).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "its owner and group ({}:{}) cannot be kept ({e}); nothing was written",
                    existing.uid(),
                    existing.gid()
                ),
            )
        })?;
    }
    file.set_permissions(fs::Permissions::from_mode(existing.mode() & 0o7777))
}
