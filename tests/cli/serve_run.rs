//! `saslenc serve` as scripts and clients meet it: the ready file, a port
//! already taken, the failure delay, the diagnosis in the reply text, and
//! the failures made on purpose (`--chaos`).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::tempdir;
use crate::serve::{start, Client};

/// Waits until `path` exists, for at most 20 s.
fn wait_for(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(Instant::now() < deadline, "{} never came", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The ready file holds every listener's URL with the port bound, is
/// complete when it appears, and is gone once serve has stopped; a file an
/// earlier run left is not taken for this run's.
#[test]
fn the_ready_file_holds_the_bound_ports_and_goes_at_the_end() {
    let dir = tempdir();
    let ready = dir.path().join("ready");
    std::fs::write(&ready, "smtp://127.0.0.1:1\n").unwrap();
    let ready_arg = ready.to_str().unwrap();
    let serve = start(
        &["smtp://127.0.0.1:0", "pop3://127.0.0.1:0"],
        &["--accept-any", "--ready-file", ready_arg],
    );
    let text = wait_for(&ready);
    let urls: Vec<&str> = text.lines().collect();
    assert_eq!(
        urls,
        [
            format!("smtp://{}", serve.addrs[0]),
            format!("pop3://{}", serve.addrs[1])
        ],
        "{text}"
    );
    assert!(!serve.addrs[0].ends_with(":0") && !serve.addrs[0].ends_with(":1"));
    // The ports in the file accept.
    let mut smtp = Client::connect(urls[0].split_once("://").unwrap().1);
    assert!(smtp.line().starts_with("220 "));
    let mut pop3 = Client::connect(urls[1].split_once("://").unwrap().1);
    assert!(pop3.line().starts_with("+OK "));
    drop((smtp, pop3));
    serve.terminate();
    let (code, out, _) = serve.wait();
    assert_eq!(code, 0, "{out}");
    assert!(!ready.exists(), "the ready file outlived the run");
}

/// A port already taken: exit 4 with one error line naming the address,
/// a `listen_failed` event for a script reading `--json`, and no ready
/// file (a script waiting for it would wait for nothing).
#[test]
fn a_port_in_use_is_exit_4_an_event_and_no_ready_file() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = tempdir();
    let ready = dir.path().join("ready");
    let output = Command::new(env!("CARGO_BIN_EXE_saslenc"))
        .args(["serve", &format!("smtp://{addr}"), "--accept-any", "--json"])
        .arg("--ready-file")
        .arg(&ready)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{out}{err}");
    assert!(
        err.starts_with(&format!("saslenc: error: cannot listen on {addr}")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let event: serde_json::Value = serde_json::from_str(out.trim()).expect(&out);
    assert_eq!(event["event"], "listen_failed", "{out}");
    assert_eq!(event["url"], format!("smtp://{addr}"));
    assert!(event["error"].as_str().unwrap().contains("in use"), "{out}");
    assert!(!ready.exists());
}
