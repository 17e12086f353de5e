"""Python's scramp (an independent SCRAM implementation with channel
binding) as a peer of saslenc's -PLUS mechanisms. One mode per use:

  vectors MECH CB_HEX             scramp's client against scramp's server
                                  with fixed nonces and salt: the four
                                  messages, one a line
  client MECH CB_HEX USER PASS    scramp's client on stdin/stdout: prints
                                  client-first, reads server-first, prints
                                  client-final, reads server-final, prints ok
  end-point DER_FILE              RFC 5929's tls-server-end-point of a
                                  certificate, as scramp computes it, in hex
  serve CERT KEY                  an SMTP server on implicit TLS (Python's
                                  ssl) for one connection, offering
                                  SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS and
                                  SCRAM-SHA-256 with scramp binding to
                                  tls-server-end-point of CERT; prints its
                                  port, then the verdict (accepted, or
                                  refused: reason)
"""
import base64
import socket
import ssl
import sys

import scramp
from scramp.core import CBindData

C_NONCE = "fyko+d2lbbFgONRv9qkxdawL"
S_NONCE = "3rfcNHYJY1ZVvWVs7j"
SALT = b"salt-of-16-bytes"


def binding(cb_hex):
    return ("tls-server-end-point", bytes.fromhex(cb_hex))


def vectors(mech, cb_hex):
    m = scramp.ScramMechanism(mech)
    salt, stored, server_key, i = m.make_auth_info("pencil", iteration_count=4096, salt=SALT)
    server = m.make_server(lambda user: (salt, stored, server_key, i),
                           channel_binding=binding(cb_hex), s_nonce=S_NONCE)
    client = scramp.ScramClient([mech], "user", "pencil",
                                channel_binding=binding(cb_hex), c_nonce=C_NONCE)
    first = client.get_client_first()
    server.set_client_first(first)
    server_first = server.get_server_first()
    client.set_server_first(server_first)
    last = client.get_client_final()
    server.set_client_final(last)
    server_final = server.get_server_final()
    client.set_server_final(server_final)
    for line in (first, server_first, last, server_final):
        print(line)


def client(mech, cb_hex, user, password):
    c = scramp.ScramClient([mech], user, password, channel_binding=binding(cb_hex))
    print(c.get_client_first(), flush=True)
    c.set_server_first(sys.stdin.readline().rstrip("\n"))
    print(c.get_client_final(), flush=True)
    try:
        c.set_server_final(sys.stdin.readline().rstrip("\n"))
    except scramp.ScramException as e:
        print("refused:", e, flush=True)
        return
    print("ok", flush=True)


def end_point(path):
    with open(path, "rb") as f:
        print(CBindData.from_der(f.read()).data.hex())


def serve(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with open(cert) as f:
        pem = f.read()
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], flush=True)
    listener.settimeout(30)
    raw, _ = listener.accept()
    raw.settimeout(30)
    conn = ctx.wrap_socket(raw, server_side=True)
    f = conn.makefile("rb")

    def send(line):
        conn.sendall(line.encode() + b"\r\n")

    def read():
        return f.readline().decode().rstrip("\r\n")

    send("220 scramp test server")
    verdict = "refused: no login"
    while True:
        line = read()
        if not line or line.upper() == "QUIT":
            send("221 bye")
            break
        word = line.split(" ")[0].upper()
        if word == "EHLO":
            send("250-localhost")
            send("250 AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-1-PLUS SCRAM-SHA-256")
        elif word == "AUTH":
            parts = line.split(" ")
            mech = parts[1].upper()
            m = scramp.ScramMechanism(mech)
            salt, stored, server_key, i = m.make_auth_info("pencil", iteration_count=4096)
            server = m.make_server(lambda user: (salt, stored, server_key, i),
                                   channel_binding=("tls-server-end-point", pem))
            try:
                if len(parts) > 2:
                    first = base64.b64decode(parts[2]).decode()
                else:
                    send("334 ")
                    first = base64.b64decode(read()).decode()
                server.set_client_first(first)
                send("334 " + base64.b64encode(server.get_server_first().encode()).decode())
                server.set_client_final(base64.b64decode(read()).decode())
                send("334 " + base64.b64encode(server.get_server_final().encode()).decode())
                read()
                send("235 2.7.0 Authentication successful")
                verdict = "accepted " + mech
            except scramp.ScramException as e:
                send("535 5.7.8 Authentication credentials invalid")
                verdict = "refused: %s" % e
        else:
            send("250 ok")
    print(verdict, flush=True)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"vectors": vectors, "client": client, "end-point": end_point, "serve": serve}[mode](*args)
