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
//!   name keeps seeing the same file, but only once the whole output is
//!   known (it is held until then), under an advisory lock (`flock`) taken
//!   when the output is opened: a second batch writing the same file is
//!   refused at once rather than interleaved.
//! - anything else that can be opened for writing — a device, a FIFO, a
//!   terminal, `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N` — is opened
//!   and written through, never replaced.
//!
//! A batch writes its lines as they are made ([`Output`]): to the
//! temporary file of a file to replace, which takes the file's place only
//! once the last line is written (then the directory is synced, so that
//! the rename survives a crash); straight to anything written through,
//! which is opened at the first line, so that a batch that makes nothing
//! leaves every output as it was. The temporary file is named
//! `.NAME.saslenc-PID-RANDOM.tmp`, made with `O_EXCL`, and removed when the
//! batch fails or is stopped by SIGINT, SIGTERM or SIGHUP.
//!
//! The kernel's protections for world-writable sticky directories (`/tmp`)
//! are applied to the path's last component, which saslenc resolves
//! itself: a symbolic link there is followed only when its owner is the
//! directory's or this process's (`fs.protected_symlinks`), and an
//! existing file there is written only when its owner is (as
//! `fs.protected_regular` makes `>` refuse it); otherwise nothing is
//! written. What has been resolved is opened with `O_NOFOLLOW`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{fchown, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::commands::Error;
use zeroize::Zeroizing;

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
    /// Opened for appending at the first write; `O_NOFOLLOW` unless the
    /// path names a descriptor (`/dev/stdout`, a link by design).
    Through {
        path: PathBuf,
        file: Option<File>,
        follow: bool,
    },
    /// Opened and locked now; truncated and written when finished, with
    /// everything written until then.
    InPlace {
        file: File,
        pending: Zeroizing<Vec<u8>>,
    },
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
        // Our own standard output by name: written as standard output,
        // which works for a socket too (systemd's journal), where opening
        // /proc/self/fd/1 anew fails with ENXIO.
        if ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
            .iter()
            .any(|name| path == Path::new(name))
        {
            return Ok(Output {
                kind: Kind::Stdout(Stdout::default()),
                shown: path.to_path_buf(),
            });
        }
        let target = resolve(path).map_err(failed)?;
        let kind = match target {
            Target::Descriptor(path) => Kind::Through {
                path,
                file: None,
                follow: true,
            },
            Target::Path(path) => match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    start_replace(path, None).map_err(failed)?
                }
                Err(e) => return Err(failed(e)),
                Ok(meta) if meta.is_dir() => {
                    return Err(failed(io::Error::other("it is a directory")))
                }
                Ok(meta) => {
                    protected_file(&path, &meta).map_err(failed)?;
                    if meta.is_file() {
                        writable(&meta).map_err(failed)?;
                    }
                    if meta.is_file() && meta.nlink() > 1 {
                        in_place(&path).map_err(failed)?
                    } else if meta.is_file() {
                        start_replace(path, Some(&meta)).map_err(failed)?
                    } else {
                        Kind::Through {
                            path,
                            file: None,
                            follow: false,
                        }
                    }
                }
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
            Kind::Through { path, file, follow } => {
                let flags = if *follow { 0 } else { libc::O_NOFOLLOW };
                opened(file, || {
                    OpenOptions::new()
                        .append(true)
                        .custom_flags(flags)
                        .open(&*path)
                })
                .and_then(|file| file.write_all(bytes).and_then(|()| file.flush()))
            }
            Kind::InPlace { pending, .. } => {
                hold(pending, bytes);
                Ok(())
            }
            Kind::Replace { file, .. } => file.write_all(bytes),
        };
        result.map_err(|e| self.failed(e))
    }

    /// Ends the output: flushes it to disk and, for a file to replace,
    /// renames the temporary file over it.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        let result = match &mut self.kind {
            Kind::Stdout(_) | Kind::Through { file: None, .. } => Ok(()),
            Kind::Through {
                file: Some(file), ..
            } => file.flush(),
            Kind::InPlace { file, pending } => file
                .set_len(0)
                .and_then(|()| file.write_all(pending))
                .and_then(|()| file.sync_all()),
            Kind::Replace {
                temp,
                path,
                file,
                done,
            } => file.sync_all().and_then(|()| {
                match fs::rename(&*temp, &*path) {
                    // A file bind-mounted over `path` (a container's
                    // secret, say) cannot be renamed over: it is written
                    // in place instead, whole, under the lock.
                    Err(e) if e.raw_os_error() == Some(libc::EBUSY) => {
                        copy_in_place(temp, path)?;
                        let _ = fs::remove_file(&*temp);
                    }
                    other => other?,
                }
                *done = true;
                forget_temporary(temp);
                sync_dir(path)
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
        match &self.kind {
            Kind::Replace {
                temp, done: false, ..
            } => {
                let _ = fs::remove_file(temp);
                forget_temporary(temp);
            }
            // A FIFO never written to: opened and closed, so that its
            // reader sees the end instead of waiting for a writer forever
            // (with no reader, the open fails at once, ENXIO, and that is
            // all).
            Kind::Through {
                path,
                file: None,
                follow: false,
            } => {
                use std::os::unix::fs::FileTypeExt;
                if fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
                    let _ = OpenOptions::new()
                        .write(true)
                        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
                        .open(path);
                }
            }
            _ => {}
        }
    }
}

/// Writes the finished temporary file `temp` into `path` in place, under
/// the lock (when `path` cannot be renamed over).
fn copy_in_place(temp: &Path, path: &Path) -> io::Result<()> {
    let mut target = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    crate::sys::lock::exclusive_now(&target)?;
    target.set_len(0)?;
    io::copy(&mut File::open(temp)?, &mut target)?;
    target.sync_all()
}

/// A file the user could not write with `>` is not replaced either (a
/// 0444 file, another user's): the directory's permission, which a rename
/// needs, is not the file's. Root writes any, as `>` does.
fn writable(meta: &fs::Metadata) -> io::Result<()> {
    let uid = rustix::process::geteuid().as_raw();
    if uid == 0 {
        return Ok(());
    }
    let gid = rustix::process::getegid().as_raw();
    let bit = if meta.uid() == uid {
        0o200
    } else if meta.gid() == gid {
        0o020
    } else {
        0o002
    };
    if meta.mode() & bit != 0 {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "it is not writable for this user (mode {:04o}, owner {}), so `>` would refuse it \
             and so does saslenc: nothing was written",
            meta.mode() & 0o7777,
            meta.uid()
        ),
    ))
}

/// Appends `bytes` to `pending`, growing it by copying into a zeroized
/// buffer twice the size, so that no reallocation leaves secrets behind in
/// freed memory.
fn hold(pending: &mut Zeroizing<Vec<u8>>, bytes: &[u8]) {
    if pending.len() + bytes.len() > pending.capacity() {
        let mut bigger = Zeroizing::new(Vec::with_capacity(
            (pending.len() + bytes.len()).saturating_mul(2),
        ));
        bigger.extend_from_slice(pending);
        *pending = bigger;
    }
    pending.extend_from_slice(bytes);
}

/// Opens a file with several links to be written in place, and locks it.
fn in_place(path: &Path) -> io::Result<Kind> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    crate::sys::lock::exclusive_now(&file)?;
    Ok(Kind::InPlace {
        file,
        pending: Zeroizing::new(Vec::new()),
    })
}

/// Syncs the directory holding `path`, so that a rename into it is on
/// disk.
fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

/// The temporary files to remove if a signal stops the process.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remembers `temp` for removal on SIGINT, SIGTERM or SIGHUP, starting
/// the thread that waits for them the first time.
fn remember_temporary(temp: &Path) {
    static WATCH: Once = Once::new();
    WATCH.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // Without the thread, a signal kills the process as before and
        // only the temporary file is left: no reason to refuse the work.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("output-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    if let Ok(list) = TEMPORARY.lock() {
                        for temp in list.iter() {
                            let _ = fs::remove_file(temp);
                        }
                    }
                    // Dies of the signal, as it would have without the
                    // handler; the exit is for a signal that cannot be
                    // raised again.
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
    });
    if let Ok(mut list) = TEMPORARY.lock() {
        list.push(temp.to_path_buf());
    }
}

/// Forgets `temp`, renamed or removed.
fn forget_temporary(temp: &Path) {
    if let Ok(mut list) = TEMPORARY.lock() {
        list.retain(|t| t != temp);
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
                protected_symlink(&current, &meta)?;
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

/// The directory holding `path`, when it is world-writable and sticky
/// (`/tmp`): where other users can plant names.
fn shared_sticky_dir(path: &Path) -> io::Result<Option<(PathBuf, fs::Metadata)>> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta = fs::metadata(&dir)?;
    Ok((meta.mode() & 0o1002 == 0o1002).then_some((dir, meta)))
}

/// `fs.protected_symlinks`: in a world-writable sticky directory, a
/// symbolic link is followed only when its owner is the follower or the
/// directory's owner. Anyone else's link there may point at a file its
/// owner could not write, for us to replace.
fn protected_symlink(link: &Path, meta: &fs::Metadata) -> io::Result<()> {
    foreign_in_sticky_dir(link, meta, |owner, dir, dir_owner| {
        format!(
            "it is a symbolic link owned by uid {owner} in {dir}, a world-writable sticky \
             directory owned by uid {dir_owner}; the kernel's fs.protected_symlinks refuses to \
             follow such a link, and so does saslenc: nothing was written"
        )
    })
}

/// `fs.protected_regular` and `fs.protected_fifos`: in a world-writable
/// sticky directory, a file that belongs to neither this process's user
/// nor the directory's owner is not written (`>` is refused there); the
/// replacement would keep that owner, who would then own the secrets.
fn protected_file(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    foreign_in_sticky_dir(path, meta, |owner, dir, dir_owner| {
        format!(
            "it belongs to uid {owner} in {dir}, a world-writable sticky directory owned by \
             uid {dir_owner}; the kernel's fs.protected_regular refuses to write such a file \
             with `>`, and saslenc refuses to replace it (its owner would own the secrets): \
             nothing was written"
        )
    })
}

/// The kernel's rule for both: in a world-writable sticky directory, what
/// belongs to neither this process's user nor the directory's owner is
/// refused, with the reason `refusal` words from the owners.
fn foreign_in_sticky_dir(
    path: &Path,
    meta: &fs::Metadata,
    refusal: impl FnOnce(u32, std::path::Display<'_>, u32) -> String,
) -> io::Result<()> {
    let Some((dir, dir_meta)) = shared_sticky_dir(path)? else {
        return Ok(());
    };
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() == me || meta.uid() == dir_meta.uid() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::PermissionDenied,
        refusal(meta.uid(), dir.display(), dir_meta.uid()),
    ))
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
    // The PID and 64 random bits: a name no other run (of this PID, after
    // a crash, or another) has left behind; O_EXCL refuses one that
    // exists all the same, and a few tries follow.
    let mut tries = 0;
    let (temp, file) = loop {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| io::Error::other(e.to_string()))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(
            ".saslenc-{}-{}.tmp",
            std::process::id(),
            hex::encode(random)
        ));
        let temp = dir.join(temp_name);
        remember_temporary(&temp);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temp)
        {
            Ok(file) => break (temp, file),
            Err(e) => {
                forget_temporary(&temp);
                tries += 1;
                if e.kind() != io::ErrorKind::AlreadyExists || tries == 4 {
                    return Err(e);
                }
            }
        }
    };
    if let Err(e) = keep_owner_and_mode(&file, existing) {
        let _ = fs::remove_file(&temp);
        forget_temporary(&temp);
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
