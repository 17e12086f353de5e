//! Independent cases side by side. Most of a case's time is spent waiting
//! (for a server's failure timer, a client's own pauses, a TLS handshake
//! in another process), so running them one after another makes a test
//! last the sum of those waits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

/// `check` applied to each of `cases` on up to `workers` threads; the
/// results come back in the order of `cases`.
pub fn map<T: Sync, R: Send>(
    cases: &[T],
    workers: usize,
    check: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(cases.iter().map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..workers.clamp(1, cases.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let result = check(case);
                results.lock().expect("results lock")[i] = Some(result);
            });
        }
    });
    results
        .into_inner()
        .expect("results lock")
        .into_iter()
        .map(|r| r.expect("every case ran"))
        .collect()
}
