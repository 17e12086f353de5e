//! `serve`'s listening sockets: a wait for the first connection on any of
//! them, and room for as many open connections as the system allows.

use std::net::TcpListener;
use std::os::fd::AsRawFd;
use std::thread;
use std::time::Duration;

/// Waits until one of the listeners has a connection to accept, or for
/// `tick` at most (so that the stop flag and the deadline are seen): a
/// connection is accepted as soon as it arrives, not at the next tick.
pub fn wait_for_connection<'a>(listeners: impl Iterator<Item = &'a TcpListener>, tick: Duration) {
    let mut fds: Vec<libc::pollfd> = listeners
        .map(|socket| libc::pollfd {
            fd: socket.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let millis = libc::c_int::try_from(tick.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: poll reads and writes the `fds.len()` structs of `fds`.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, millis) };
    if ready < 0 {
        // Interrupted (a signal) or out of resources: fall back to a tick.
        thread::sleep(tick.min(Duration::from_millis(10)));
    }
}

/// Raises the soft limit on open files to the hard one, as servers do, so
/// that --max-connections is not cut short by the default 1024.
pub fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
