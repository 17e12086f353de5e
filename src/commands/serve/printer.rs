//! What `serve` prints: one writer for the events, through the boundary
//! ([`screen::shown`]), one connection's lines never split by another's.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use saslenc::mech::server::Kind;
use saslenc::serve::mailbox::Delivery;
use saslenc::serve::{plural, Login, Outcome};
use saslenc::show::Secrets;
use saslenc::transcript::Entry;
use serde_json::json;

use super::super::{json_line, screen};
use super::{Stats, JSON_VERSION};

/// Writes the events, one connection's lines never split by another's.
pub(super) struct Printer {
    pub(super) json: bool,
    pub(super) quiet: bool,
    pub(super) out: Mutex<io::Stdout>,
}

impl Printer {
    /// Writes `text` through the boundary ([`screen::shown`]): every
    /// secret of the run (the accounts' passwords) masked.
    pub(super) fn write(&self, text: &str) {
        self.write_shown(screen::shown(text));
    }

    /// Writes JSON lines through the boundary ([`screen::shown_json`]):
    /// masked like the text, never cut, so that each line stays one JSON
    /// document.
    fn write_json(&self, lines: &str) {
        self.write_shown(screen::shown_json(lines));
    }

    fn write_shown(&self, text: saslenc::show::Shown) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let _ = out.write_all(text.as_str().as_bytes());
        let _ = out.flush();
    }

    pub(super) fn event(&self, value: serde_json::Value) {
        self.write_json(&json_line(&value));
    }

    /// A listener is up. On a STARTTLS listener, EXTERNAL and the `-PLUS`
    /// mechanisms are offered only once TLS is up (the certificate and
    /// the channel bindings come from it), and the line says so.
    pub(super) fn listening(&self, url: &str, implicit: bool, pin: &str, mechanisms: &[Kind]) {
        let names: Vec<&str> = mechanisms.iter().map(|k| k.name()).collect();
        let after_tls = |k: &&Kind| matches!(k, Kind::External | Kind::ScramPlus(_));
        let (later, now): (Vec<&Kind>, Vec<&Kind>) = if implicit {
            (Vec::new(), mechanisms.iter().collect())
        } else {
            mechanisms.iter().partition(after_tls)
        };
        let tls = if implicit { "implicit TLS" } else { "STARTTLS" };
        if self.json {
            let later: Vec<&str> = later.iter().map(|k| k.name()).collect();
            self.event(
                json!({"v": JSON_VERSION, "event": "listening", "url": url, "tls": tls,
                "pin_sha256": pin, "mechanisms": names, "only_after_starttls": later}),
            );
        } else {
            let list =
                |kinds: &[&Kind]| kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(" ");
            let mut offered = if names.is_empty() {
                "no mechanism".to_owned()
            } else {
                list(&now)
            };
            if !later.is_empty() {
                if !now.is_empty() {
                    offered.push_str("; ");
                }
                offered.push_str(&format!("after STARTTLS also {}", list(&later)));
            }
            self.write(&format!(
                "listening {url} ({tls}; pin-sha256 {pin}; {offered})\n"
            ));
        }
    }

    /// A listener could not be bound: in `--json`, an event before the
    /// error line, so that a script reading events is not left waiting.
    pub(super) fn listen_failed(&self, url: &str, error: &io::Error) {
        if self.json {
            self.event(
                json!({"v": JSON_VERSION, "event": "listen_failed", "url": url,
                "error": error.to_string()}),
            );
        }
    }

    pub(super) fn connected(&self, id: usize, peer: SocketAddr, url: &str) {
        let time = rfc3339(SystemTime::now());
        if self.json {
            self.event(json!({"v": JSON_VERSION, "event": "connection", "id": id,
                "peer": peer.to_string(), "listener": url, "time": time}));
        } else if !self.quiet {
            self.write(&format!("[{id}] {time} connection from {peer} to {url}\n"));
        }
    }

    pub(super) fn busy(&self, id: usize, peer: SocketAddr, max: usize) {
        if self.json {
            self.event(
                json!({"v": JSON_VERSION, "event": "busy", "id": id, "peer": peer.to_string(),
                "max_connections": max}),
            );
        } else {
            self.write(&format!(
                "[{id}] {peer} turned away: {max} connections already (--max-connections)\n"
            ));
        }
    }

    pub(super) fn entries(&self, id: usize, entries: Vec<Entry>) {
        if entries.is_empty() || self.quiet && !self.json {
            return;
        }
        let mut text = String::new();
        for entry in entries {
            if self.json {
                let speaker = match entry.speaker.mark() {
                    "C" => "client",
                    "S" => "server",
                    _ => "note",
                };
                text.push_str(&json_line(
                    &json!({"v": JSON_VERSION, "event": speaker, "id": id,
                    "text": entry.text, "decoded": entry.decoded, "what": entry.what}),
                ));
            } else {
                let mut rendered = String::new();
                entry.render_to(&mut rendered);
                for line in rendered.lines() {
                    text.push_str(&format!("[{id}] {line}\n"));
                }
            }
        }
        if self.json {
            self.write_json(&text);
        } else {
            self.write(&text);
        }
    }

    /// A login's verdict and diagnosis, with every secret the client sent
    /// on the connection (`secrets`) masked: a password sent as the user
    /// name, a credential in the wrong field.
    pub(super) fn login(&self, id: usize, login: &Login, secrets: &Secrets) {
        let user = login.user.as_deref().map(|u| secrets.text(u).into_string());
        let diagnosis: Vec<String> = login
            .diagnosis
            .iter()
            .map(|d| secrets.text(d).into_string())
            .collect();
        if self.json {
            self.event(json!({"v": JSON_VERSION, "event": "login", "id": id,
                "verdict": login.outcome.as_str(), "user": user, "mechanism": login.mechanism,
                "diagnosis": diagnosis}));
            return;
        }
        let mut text = match &user {
            Some(user) => format!(
                "[{id}] verdict: {} ({} as {user})\n",
                login.outcome.as_str(),
                login.mechanism,
            ),
            None => format!(
                "[{id}] verdict: {} ({})\n",
                login.outcome.as_str(),
                login.mechanism
            ),
        };
        for finding in &diagnosis {
            text.push_str(&format!("[{id}] diagnosis: {finding}\n"));
        }
        self.write(&text);
    }

    /// A message stored in the maildir, or refused by it.
    pub(super) fn delivery(&self, id: usize, delivery: &Delivery) {
        let path = delivery.path.as_ref().map(|p| p.display().to_string());
        if self.json {
            self.event(json!({"v": JSON_VERSION, "event": "message", "id": id,
                "from": delivery.from, "to": delivery.to, "size": delivery.size,
                "subject": delivery.subject, "path": path, "error": delivery.error}));
            return;
        }
        let mut text = format!("[{id}] message: {}", plural(delivery.size, "byte"));
        if let Some(from) = &delivery.from {
            text.push_str(&format!(" from <{from}> to <{}>", delivery.to.join(">, <")));
        }
        if let Some(subject) = &delivery.subject {
            text.push_str(&format!(", Subject {subject:?}"));
        }
        match (&path, &delivery.error) {
            (Some(path), _) => text.push_str(&format!(", stored in {path}")),
            (None, Some(error)) => text.push_str(&format!(", not stored: {error}")),
            (None, None) => {}
        }
        text.push('\n');
        self.write(&text);
    }

    pub(super) fn closed(&self, id: usize, why: &str, outcome: Outcome, summary: &str) {
        if self.json {
            self.event(
                json!({"v": JSON_VERSION, "event": "closed", "id": id, "why": why,
                "verdict": outcome.as_str(), "summary": summary}),
            );
        } else if !self.quiet {
            self.write(&format!("[{id}] closed: {why}\n"));
        }
    }

    pub(super) fn summary(&self, stats: &Stats) {
        if self.json {
            self.event(
                json!({"v": JSON_VERSION, "event": "summary", "connections": stats.connections,
                "accepted": stats.accepted, "refused": stats.refused,
                "unfinished": stats.unfinished}),
            );
        } else {
            let unfinished = match stats.unfinished {
                0 => String::new(),
                n => format!(", {n} unfinished"),
            };
            self.write(&format!(
                "stopped: {}, {} accepted, {} refused{unfinished}\n",
                plural(stats.connections, "connection"),
                plural(stats.accepted, "login"),
                stats.refused
            ));
        }
    }
}

/// `2026-11-30T19:50:00Z`: the token module's UTC date in RFC 3339's form.
pub(super) fn rfc3339(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let utc = saslenc::token::utc(i64::try_from(secs).unwrap_or(i64::MAX));
    utc.replacen(' ', "T", 1).replace(" UTC", "Z")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_796_069_400);
        assert_eq!(rfc3339(t), "2026-11-30T20:10:00Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00Z");
    }
}
