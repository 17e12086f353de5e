//! An inherited file descriptor, taken by its number (`--pass-fd N`).
//!
//! The `unsafe` block that takes a descriptor is here, in the binary: the library
//! forbids unsafe code, and the standard library offers no safe way to
//! turn a number into a descriptor (`OwnedFd::from_raw_fd` is unsafe
//! because the number might not be open, or might belong to other code).
//! Opening `/dev/fd/N` instead, as saslenc once did, opens the file anew:
//! it reads a file the descriptor was only allowed to write, and rereads
//! from byte 0 what the caller had already consumed. The checks below
//! make the conditions of `from_raw_fd` hold before it is called. (The
//! other `unsafe` blocks of the binary, in `streams.rs` and `listen.rs`,
//! only ask `fcntl`, wait in `poll` and raise a limit.)

use std::fs::File;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// Takes ownership of the inherited descriptor `fd` (3 or above) for
/// reading, from where it stands. A descriptor that is not open, or not
/// open for reading, is an error of kind `NotFound` / `PermissionDenied`
/// with the operating system's words.
pub fn inherited(fd: u32) -> io::Result<File> {
    let raw = RawFd::try_from(fd)
        .ok()
        .filter(|&raw| raw > 2)
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "not an inherited descriptor")
        })?;
    // F_GETFL only reads the descriptor's status flags; a number that is
    // not open gives -1 with EBADF.
    // SAFETY: fcntl with F_GETFL takes no pointer and changes nothing.
    let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
    if flags == -1 {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "it is not open (Bad file descriptor)",
        ));
    }
    if flags & libc::O_ACCMODE == libc::O_WRONLY {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "it is open for writing only",
        ));
    }
    // SAFETY: `raw` is open (F_GETFL answered), it is not 0, 1 or 2, which std's handles
    // use, and nothing else in this single-threaded program has opened a
    // descriptor yet when the secret is read (the command line is parsed,
    // nothing more): it was inherited, and this is its only owner.
    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
    Ok(File::from(owned))
}
