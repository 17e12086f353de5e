//! The connection under a login: the TCP connection to the first address
//! that answers by the deadline, the TLS handshake (after the greeting
//! check that tells a plaintext port from a TLS one), and the streams
//! the dialogue is driven over.

use super::*;

/// A TLS stream, whose read timeout is that of the stream under it.
struct TlsStream<'a>(StreamOwned<ClientConnection, Box<dyn Transport + 'a>>);

impl Read for TlsStream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for TlsStream<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Transport for TlsStream<'_> {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.0.sock.set_read_timeout(timeout)
    }
}

/// A stream that keeps the first bytes read from it, to tell what a
/// server sent when the TLS handshake fails on it.
struct FirstBytes<'a> {
    inner: Box<dyn Transport + 'a>,
    seen: std::rc::Rc<std::cell::RefCell<Vec<u8>>>,
}

/// How many of the first bytes [`FirstBytes`] keeps.
const FIRST_BYTES: usize = 64;

impl Read for FirstBytes<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut seen = self.seen.borrow_mut();
        let room = FIRST_BYTES.saturating_sub(seen.len()).min(n);
        seen.extend_from_slice(&buf[..room]);
        Ok(n)
    }
}

impl Write for FirstBytes<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Transport for FirstBytes<'_> {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.inner.set_read_timeout(timeout)
    }
}

/// The first line of `bytes`, escaped, when they are a text line (a
/// greeting such as `220 ...`, `* OK ...`, `+OK ...`) rather than a TLS
/// record, whose first byte is a content type from 20 to 24.
fn plain_text(bytes: &[u8]) -> Option<String> {
    let first = *bytes.first()?;
    if (20..=24).contains(&first) {
        return None;
    }
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = line.len() >= 3 && line.iter().all(|b| b.is_ascii_graphic() || *b == b' ');
    text.then(|| crate::field::peer(line))
}

/// Does the TLS handshake over `stream` and returns the TLS stream.
pub(super) fn handshake<'a>(
    stream: Box<dyn Transport + 'a>,
    config: &tls::Client,
    options: &Options,
    info: &mut Option<TlsInfo>,
) -> Result<Box<dyn Transport + 'a>, Error> {
    let server = options.target.authority();
    let name = tls::server_name(&options.target.host)?;
    let connection =
        ClientConnection::new(config.config.clone(), name).map_err(|e| Error::Tls {
            server: server.clone(),
            reason: e.to_string(),
        })?;
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let stream: Box<dyn Transport + 'a> = Box::new(FirstBytes {
        inner: stream,
        seen: seen.clone(),
    });
    let mut tls = StreamOwned::new(connection, stream);
    while tls.conn.is_handshaking() {
        if let Err(e) = tls.conn.complete_io(&mut tls.sock) {
            if let Some(text) = plain_text(&seen.borrow()) {
                if options.security == Security::Implicit {
                    return Err(Error::Tls {
                        server,
                        reason: format!(
                            "the server sent plain text ({text}) where a TLS record was \
                             expected: this port speaks STARTTLS; use {}",
                            url::other_tls_mode(options.target.protocol, options.target.security)
                        ),
                    });
                }
            }
            let rustls_error = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            // The certificate the server showed, if it got that far: in the
            // report (names, dates, SHA-256) and in the reason's words.
            let certificate = config
                .seen_certificate()
                .and_then(|der| tls::certificate_info(&der));
            if certificate.is_some() {
                *info = Some(TlsInfo {
                    certificate: certificate.clone(),
                    certificate_request: config.certificate_request(),
                    ..TlsInfo::failed(&options.tls)
                });
            }
            return Err(match rustls_error {
                Some(error) => {
                    tls::handshake_error(server, error, &options.tls, certificate.as_ref())
                }
                None => match e.kind() {
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Timeout {
                        what: "the TLS handshake".into(),
                        seconds: options.timeout.as_secs().max(1),
                    },
                    _ => Error::Tls {
                        server,
                        reason: format!("the handshake broke off: {e}"),
                    },
                },
            });
        }
    }
    *info = Some(TlsInfo {
        certificate_request: config.certificate_request(),
        ..TlsInfo::of(&tls.conn, &options.tls)
    });
    Ok(Box::new(TlsStream(tls)))
}

/// The addresses of the target's host, looked up within the timeout.
///
/// The system's resolver (`getaddrinfo`) has no timeout of its own and can
/// hang for its own retries: the lookup runs on a thread of its own, and
/// a lookup that outlives `--timeout` is abandoned to it.
fn resolve(options: &Options, deadline: Deadline) -> Result<Vec<std::net::SocketAddr>, Error> {
    let server = options.target.authority();
    let cannot = |reason: String| Error::Connect {
        server: server.clone(),
        reason: format!("cannot resolve the host name: {reason}"),
    };
    let (host, port) = options
        .connect_to
        .clone()
        .unwrap_or_else(|| (options.target.host.clone(), options.target.port));
    let display_host = host.clone();
    // An address literal needs no lookup.
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(vec![std::net::SocketAddr::new(ip, port)]);
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("resolve".into())
        .spawn(move || {
            let found = (host.as_str(), port)
                .to_socket_addrs()
                .map(Iterator::collect::<Vec<_>>);
            // The receiver may have given up already.
            let _ = sender.send(found);
        })
        .map_err(|e| cannot(e.to_string()))?;
    match receiver.recv_timeout(deadline.left()) {
        Ok(found) => found.map_err(|e| cannot(e.to_string())),
        Err(_) => Err(deadline.timed_out(&format!("the address of {}", display_host))),
    }
}

/// Opens the TCP connection, trying each address within the timeout.
pub(super) fn tcp(options: &Options, deadline: Deadline) -> Result<TcpStream, Error> {
    let server = options.target.authority();
    let addresses = resolve(options, deadline)?;
    let mut last = None;
    for address in addresses {
        let left = deadline.left();
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&address, left) {
            Ok(stream) => {
                stream
                    .set_write_timeout(Some(options.timeout))
                    .map_err(|e| Error::io("set the write timeout", e))?;
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e)
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            deadline.timed_out(&format!("the connection to {server}"))
        }
        None if deadline.left().is_zero() => {
            deadline.timed_out(&format!("the connection to {server}"))
        }
        Some(e) => Error::Connect {
            server,
            reason: e.to_string(),
        },
        None => Error::Connect {
            server,
            reason: "the host name has no address".into(),
        },
    })
}
