//! An inherited file descriptor, taken by its number (`--pass-fd N`).
//!
//! The one `unsafe` block of saslenc is here, in the binary: the library
//! forbids unsafe code, and the standard library offers no safe way to
//! turn a number into a descriptor (`OwnedFd::from_raw_fd` is unsafe
//! because the number might not be open, or might belong to other code).
//! Opening `/dev/fd/N` instead, as saslenc once did, opens the file anew:
//! it reads a file the descriptor was only allowed to write, and rereads
//! from byte 0 what the caller had already consumed. The checks below
//! make the conditions of `from_raw_fd` hold before it is called.

use std::fs::File;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// How a descriptor was opened, from `/proc/self/fdinfo` (Linux).
enum Access {
    Read,
    WriteOnly,
    /// `/proc` is not there to ask; the read itself will tell.
    Unknown,
}

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
    match access(raw)? {
        Access::WriteOnly => {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "it is open for writing only",
            ))
        }
        Access::Read | Access::Unknown => {}
    }
    // SAFETY: `raw` is open (access() found it in /proc/self/fdinfo, or
    // /dev/fd/N answered fstat), it is not 0, 1 or 2, which std's handles
    // use, and nothing else in this single-threaded program has opened a
    // descriptor yet when the secret is read (the command line is parsed,
    // nothing more): it was inherited, and this is its only owner.
    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
    Ok(File::from(owned))
}

fn access(raw: RawFd) -> io::Result<Access> {
    let closed = || {
        io::Error::new(
            io::ErrorKind::NotFound,
            "it is not open (Bad file descriptor)",
        )
    };
    if std::path::Path::new("/proc/self/fdinfo").is_dir() {
        let mode = saslenc::stdio::access_mode(raw).map_err(|_| closed())?;
        return Ok(match mode {
            Some(1) => Access::WriteOnly,
            Some(_) => Access::Read,
            None => Access::Unknown,
        });
    }
    // Elsewhere (the BSDs, macOS), /dev/fd/N answers fstat only for an
    // open descriptor.
    std::fs::metadata(format!("/dev/fd/{raw}")).map_err(|_| closed())?;
    Ok(Access::Unknown)
}
