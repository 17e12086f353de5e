//! The standard descriptors, as files that fail when they should.
//!
//! `std::io::stdin()` reads a closed descriptor 0 as empty, and
//! `std::io::stdout()` takes a closed descriptor 1 for a sink that accepts
//! everything: `saslenc plain ... >&-` printed nothing and exited 0, and
//! `--pass-stdin <&-` read an empty password. Worse, before `main` the
//! Rust runtime reopens a closed 0, 1 or 2 on `/dev/null` (read and
//! write), so that the program's own files cannot take those numbers; by
//! `main` a closed descriptor is indistinguishable from a `/dev/null` the
//! caller opened read-write, which is what Python's `subprocess.DEVNULL`,
//! systemd's `StandardInput=null` and `0<>/dev/null` give.
//!
//! So the fact is taken before the runtime changes it: a constructor in
//! `.init_array` (run by the loader before the runtime's own start-up)
//! asks `fcntl(F_GETFD)` about each of 0, 1 and 2 and records which were
//! not open. The functions here give a duplicate of the descriptor, which
//! shares its position, and `EBADF` for one that was closed. Where no
//! constructor can run (a platform without `.init_array`), nothing is
//! recorded and every descriptor is taken as open: the distinction is
//! dropped rather than guessed.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::atomic::{AtomicU8, Ordering};

/// Bit `n` is set when descriptor `n` (0, 1 or 2) was closed when the
/// process started.
static CLOSED_AT_START: AtomicU8 = AtomicU8::new(0);

/// Records which standard descriptors are closed. It runs before the Rust
/// runtime's start-up, which would open `/dev/null` in their place.
extern "C" fn record_closed_descriptors() {
    let mut closed = 0;
    for fd in 0..3 {
        // SAFETY: F_GETFD only reads the descriptor's flags; a number that
        // is not open gives -1 with EBADF and touches nothing.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        if flags == -1 && io::Error::last_os_error().raw_os_error() == Some(libc::EBADF) {
            closed |= 1 << fd;
        }
    }
    CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

/// The loader runs the functions listed in `.init_array` before the
/// program's entry (glibc, musl and the BSDs' rtld alike).
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly",
    target_os = "illumos",
    target_os = "solaris"
))]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_CLOSED_DESCRIPTORS: extern "C" fn() = record_closed_descriptors;

/// The same on Apple's platforms, whose loader reads `__mod_init_func`.
#[cfg(target_vendor = "apple")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static RECORD_CLOSED_DESCRIPTORS: extern "C" fn() = record_closed_descriptors;

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
        return Err(io::Error::from_raw_os_error(libc::EBADF));
    }
    fd.try_clone_to_owned().map(File::from)
}

/// Whether standard descriptor `number` was closed when the program
/// started, as recorded before the runtime replaced it.
fn closed_at_start(number: u8) -> bool {
    CLOSED_AT_START.load(Ordering::Relaxed) & (1 << number) != 0
}
