#!/usr/bin/env bash
# Times one IMAP login (STARTTLS, then AUTHENTICATE PLAIN, then LOGOUT)
# against a local Dovecot with saslenc connect, curl and gsasl, in one
# hyperfine run, and prints a Markdown table: median wall time of each,
# and its ratio to the fastest.
#
# Usage: bench/connect.sh            (as root: Dovecot drops privileges)
# Knobs: BENCH_RUNS (default 200) timed runs per command, BENCH_WARMUP
#        (default 10), BENCH_BASELINE (another saslenc binary, e.g. a
#        release build of an earlier commit, timed in the same run as
#        "baseline").
#
# The Dovecot is the test suite's (tests/interop/dovecot.conf.in) on free
# loopback ports in a temporary directory, with a self-signed certificate
# every client verifies (--cafile, --cacert, --x509-ca-file). Every
# command does the same work: connect, CAPABILITY, STARTTLS, TLS 1.3
# handshake, CAPABILITY, PLAIN, LOGOUT; curl sends NOOP as its one
# command after login. The password is the fixed test value "pencil".
set -euo pipefail

cd "$(dirname "$0")/.."
warmup=${BENCH_WARMUP:-10}
runs=${BENCH_RUNS:-200}

missing=()
for tool in hyperfine curl gsasl openssl dovecot python3; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "bench/connect.sh: missing: ${missing[*]} (apt-get install hyperfine curl gsasl openssl dovecot-imapd)" >&2
    exit 1
fi
if [[ $(id -u) != 0 ]]; then
    echo "bench/connect.sh: run as root (Dovecot switches to an unprivileged mail user)" >&2
    exit 1
fi
mail_user=saslenc-mail
getent passwd "$mail_user" >/dev/null ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$mail_user"

cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
saslenc="$target_dir/release/saslenc"

# --- A Dovecot of our own ----------------------------------------------------
dir=$(mktemp -d /tmp/saslenc-dovecot-bench.XXXXXX)
chmod 755 "$dir"
cleanup() {
    [[ -s "$dir/run/master.pid" ]] && kill "$(cat "$dir/run/master.pid")" 2>/dev/null || true
    sleep 0.5
    rm -rf "$dir"
}
trap cleanup EXIT
mkdir "$dir/state" "$dir/mail"
chown "$mail_user" "$dir/mail"
printf 'user:{PLAIN}pencil::::::\n' >"$dir/passwd"
chmod 644 "$dir/passwd"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
read -r -a ports < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
uid=$(id -u "$mail_user")
gid=$(id -g "$mail_user")
sed -e "s|@BASE_DIR@|$dir/run|; s|@STATE_DIR@|$dir/state|; s|@LOG_PATH@|$dir/log|" \
    -e "s|@SSL_CERT@|$dir/cert.pem|; s|@SSL_KEY@|$dir/key.pem|; s|@PASSWD_FILE@|$dir/passwd|" \
    -e "s|@MAIL_ROOT@|$dir/mail|; s|@MAIL_UID@|$uid|; s|@MAIL_GID@|$gid|" \
    -e "s|@IMAP_PORT@|${ports[0]}|; s|@IMAPS_PORT@|${ports[1]}|; s|@POP3_PORT@|${ports[2]}|" \
    -e "s|@POP3S_PORT@|${ports[3]}|; s|@SUBMISSION_PORT@|${ports[4]}|" \
    -e "s|@SUBMISSIONS_PORT@|${ports[5]}|; s|@RELAY_PORT@|${ports[6]}|" \
    tests/interop/dovecot.conf.in >"$dir/dovecot.conf"
PATH="$PATH:/usr/sbin" dovecot -c "$dir/dovecot.conf"
port=${ports[0]}
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done

cert="$dir/cert.pem"
cmd_saslenc="$saslenc connect imap://127.0.0.1:$port --cafile $cert --user user --pass pencil --mech PLAIN -q"
cmd_curl="curl -sS --ssl-reqd --cacert $cert -u user:pencil --login-options AUTH=PLAIN -X NOOP imap://127.0.0.1:$port/"
cmd_gsasl="gsasl --connect=127.0.0.1:$port --imap --starttls -m PLAIN -a user -p pencil --x509-ca-file=$cert --no-cb --quiet"

names=(saslenc curl gsasl)
cmds=("$cmd_saslenc" "$cmd_curl" "$cmd_gsasl")
if [[ -n ${BENCH_BASELINE:-} ]]; then
    names+=(baseline)
    cmds+=("${cmd_saslenc/$saslenc/$BENCH_BASELINE}")
fi

# Each must log in, or the timing means nothing.
for cmd in "${cmds[@]}"; do
    if ! $cmd </dev/null >/dev/null 2>&1; then
        echo "bench/connect.sh: this command did not log in: $cmd" >&2
        exit 1
    fi
done

json="$dir/hyperfine.json"
named=()
for name in "${names[@]}"; do
    named+=(--command-name "$name")
done
hyperfine --shell=none --warmup "$warmup" --runs "$runs" --export-json "$json" \
    "${named[@]}" "${cmds[@]}" >&2

python3 - "$json" "$(curl --version | head -1 | cut -d' ' -f1,2)" "$(gsasl --version | head -1)" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
fastest = min(r["median"] for r in results)
print("| command | median | ratio to the fastest |")
print("|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median'] * 1000:.1f} ms | {r['median'] / fastest:.2f} |")
print()
print(f"({sys.argv[2]}, {sys.argv[3]}; {len(results[0]['times'])} runs each)")
EOF
