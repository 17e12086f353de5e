//! The standard descriptors, as files that fail when they should.
//!
//! `std::io::stdin()` reads a closed descriptor 0 as empty, and
//! `std::io::stdout()` takes a closed descriptor 1 for a sink that accepts
//! everything: `saslenc plain ... >&-` printed nothing and exited 0, and
//! `--pass-stdin <&-` read an empty password. Worse, at start-up the Rust
//! runtime reopens a closed 0, 1 or 2 on `/dev/null` (read and write),
//! so that the program's own files cannot take those numbers; a closed
//! descriptor then looks like `/dev/null`. The functions here give a
//! duplicate of the descriptor, which shares its position, and an error
//! (`EBADF`) when the descriptor was closed when the program started.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};

/// Standard input, from where it stands; an error if it was closed.
pub fn stdin() -> io::Result<File> {
    duplicate(io::stdin().as_fd(), 0)
}

/// Standard output; an error if it was closed.
pub fn stdout() -> io::Result<File> {
    duplicate(io::stdout().as_fd(), 1)
}

/// Standard error; an error if it was closed.
pub fn stderr() -> io::Result<File> {
    duplicate(io::stderr().as_fd(), 2)
}

fn duplicate(fd: BorrowedFd<'_>, number: u8) -> io::Result<File> {
    if closed_at_start(number) {
        return Err(io::Error::from_raw_os_error(EBADF));
    }
    fd.try_clone_to_owned().map(File::from)
}

/// `EBADF`, "Bad file descriptor", on Linux and the BSDs alike.
const EBADF: i32 = 9;

/// Whether standard descriptor `number` was closed when the program
/// started: the runtime's `/dev/null`, opened for reading and writing,
/// stands in its place (Linux; elsewhere this cannot be told and is
/// taken as open). A `/dev/null` that the caller gave (`>/dev/null`,
/// `</dev/null`) is opened for one direction only and is not mistaken
/// for it.
pub fn closed_at_start(number: u8) -> bool {
    let Ok(target) = std::fs::read_link(format!("/proc/self/fd/{number}")) else {
        return false;
    };
    if target != std::path::Path::new("/dev/null") {
        return false;
    }
    // 2 is O_RDWR.
    matches!(access_mode(i32::from(number)), Ok(Some(2)))
}

/// The access mode with which descriptor `fd` is open, from
/// `/proc/self/fdinfo` (Linux): 0 read only, 1 write only, 2 read and
/// write. `Ok(None)` when the file has no `flags:` line to read; an error
/// when the descriptor is not open or `/proc` is not there.
pub fn access_mode(fd: i32) -> io::Result<Option<u32>> {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}"))?;
    // "flags:\t0100002": octal; the access mode is the low two bits.
    Ok(info
        .lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        .map(|flags| flags & 3))
}
