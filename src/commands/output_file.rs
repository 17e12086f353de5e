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
    if path == Path::new("-") {
        return Stdout::default().write(bytes);
    }
    let action = || format!("write {}", path.display());
    let target = resolve(path).map_err(|e| Error::io(action(), e))?;
    let result = match &target {
        Target::Descriptor(path) => write_through(path, bytes),
        Target::Path(path) => match fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => replace(path, bytes, None),
            Err(e) => Err(e),
            Ok(meta) if meta.is_dir() => Err(io::Error::other("it is a directory")),
            Ok(meta) if meta.is_file() && meta.nlink() > 1 => write_in_place(path, bytes),
            Ok(meta) if meta.is_file() => replace(path, bytes, Some(&meta)),
            Ok(_) => write_through(path, bytes),
        },
    };
    result.map_err(|e| Error::io(action(), e))
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

/// Opens what is there and writes through it (a device, a FIFO, a
/// terminal, a descriptor): appending, so that a file behind `/dev/stdout`
/// keeps what was written before.
fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().append(true).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// A file with several names: truncated and written where it is.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes a temporary file beside `path` with `existing`'s mode, owner and
/// group (a new file: 0600, the writer's), flushes it and renames it over
/// `path`: `path` holds the old content or all of the new. If the owner
/// or group cannot be given to the new file, nothing is written.
fn replace(path: &Path, bytes: &[u8], existing: Option<&fs::Metadata>) -> io::Result<()> {
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
    let result = fill(&file, bytes, existing).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Gives the temporary file `existing`'s owner, group and mode, then
/// writes `bytes` and flushes them to disk.
fn fill(mut file: &File, bytes: &[u8], existing: Option<&fs::Metadata>) -> io::Result<()> {
    if let Some(existing) = existing {
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
        file.set_permissions(fs::Permissions::from_mode(existing.mode() & 0o7777))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}
