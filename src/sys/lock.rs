//! An advisory lock on an output file written in place (`--output` to a
//! file with several links), so that two batches writing one file do not
//! interleave their lines.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

/// Takes `flock(LOCK_EX | LOCK_NB)` on `file`, held until the file is
/// closed. Another process holding a lock on it is an error of kind
/// `WouldBlock`, at once: waiting could hang a batch behind a writer that
/// never ends.
pub fn exclusive_now(file: &File) -> io::Result<()> {
    // SAFETY: flock takes a descriptor `file` owns, open for the whole
    // call, and no pointer.
    let done = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if done == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    if err.kind() == io::ErrorKind::WouldBlock {
        return Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            "another process holds a lock on it (flock), another batch writing it perhaps; \
             nothing was written",
        ));
    }
    Err(err)
}
