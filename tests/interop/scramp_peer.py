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
"""
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


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    {"vectors": vectors, "client": client, "end-point": end_point}[mode](*args)
