#!/usr/bin/env bash
# Measures `saslenc serve`, in one run, and prints Markdown tables:
#
#  1. start-up: from exec until the listening line (certificate
#     generation, bind and listen included: the port accepts from then
#     on), next to `saslenc plain --user u --pass p`, with hyperfine;
#  2. logins a second on loopback, 16 concurrent clients, IMAP STARTTLS
#     then AUTHENTICATE PLAIN, and SCRAM-SHA-256 at 4096 iterations,
#     against serve and a private Dovecot on the same passwd-file, the
#     same certificate (ECDSA P-256) and the same client
#     (examples/login_load.rs, whose own CPU share is shown);
#  3. serve's resident memory: at start, with 500 idle connections, and
#     after 1,000 and 10,000 logins.
#
# Usage: bench/serve.sh            (as root: Dovecot drops privileges)
# Knobs: BENCH_SECONDS (default 10) per load run, BENCH_CLIENTS (16),
#        BENCH_RUNS (default 100) hyperfine runs for the start-up.
#
# Dovecot runs the test suite's configuration (tests/interop/dovecot.conf.in,
# without the log line per login) twice: with Dovecot's default process
# model (a new imap-login process per connection, its "high-security
# mode", and a new imap process per login), and tuned: its documented
# "high-performance mode" (imap-login processes serve many connections:
# service_count = 0, process_min_avail = the number of cores) and imap
# processes reused (service_count = 0, one waiting per client).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
clients=${BENCH_CLIENTS:-16}
runs=${BENCH_RUNS:-100}

missing=()
for tool in hyperfine openssl dovecot python3; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "bench/serve.sh: missing: ${missing[*]} (apt-get install hyperfine openssl dovecot-imapd)" >&2
    exit 1
fi
if [[ $(id -u) != 0 ]]; then
    echo "bench/serve.sh: run as root (Dovecot switches to an unprivileged mail user)" >&2
    exit 1
fi
mail_user=saslenc-mail
getent passwd "$mail_user" >/dev/null ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$mail_user"

cargo build --release --locked --quiet --bin saslenc --example login_load
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
saslenc="$target_dir/release/saslenc"
load="$target_dir/release/examples/login_load"
cores=$(nproc)

dir=$(mktemp -d /tmp/saslenc-serve-bench.XXXXXX)
chmod 755 "$dir"
serve_pid=
dovecot_master() { [[ -s "$dir/run/master.pid" ]] && cat "$dir/run/master.pid"; }
stop_dovecot() {
    local pid
    pid=$(dovecot_master) || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$dir/run/master.pid"
}
stop_serve() {
    [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
    serve_pid=
}
cleanup() {
    stop_serve
    stop_dovecot
    rm -rf "$dir"
}
trap cleanup EXIT

# --- The shared accounts and certificate -------------------------------------
# Two users: one stored {PLAIN} (for PLAIN), one {SCRAM-SHA-256} at 4096
# iterations (for SCRAM: neither server derives anything per login).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -addext basicConstraints=critical,CA:FALSE \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
{
    echo "plainuser:{PLAIN}pencil"
    BENCH_PASS=pencil "$saslenc" secret scram-sha-256 -F dovecot --user scramuser \
        --pass-env BENCH_PASS --iterations 4096
} >"$dir/passwd"
chmod 644 "$dir/passwd" "$dir/cert.pem" "$dir/key.pem"
export LOAD_PASS=pencil

# --- serve ---------------------------------------------------------------------
# Starts serve on imap://127.0.0.1:0 with ARGS; sets serve_pid, serve_port.
start_serve() {
    "$saslenc" serve imap://127.0.0.1:0 --passdb "$dir/passwd" \
        --cert "$dir/cert.pem" --key "$dir/key.pem" --quiet "$@" \
        >"$dir/serve.out" 2>&1 &
    serve_pid=$!
    for _ in $(seq 200); do
        [[ -s "$dir/serve.out" ]] && break
        sleep 0.01
    done
    serve_port=$(sed -nE '1s|^listening imap://127\.0\.0\.1:([0-9]+) .*|\1|p' "$dir/serve.out")
    [[ -n $serve_port ]] || { cat "$dir/serve.out" >&2; exit 1; }
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- Dovecot -------------------------------------------------------------------
# Starts a Dovecot; $1 = default | performance. Sets dovecot_port.
start_dovecot() {
    stop_dovecot
    rm -rf "$dir/run" "$dir/state" "$dir/mail"
    mkdir "$dir/state" "$dir/mail"
    chown "$mail_user" "$dir/mail"
    local ports uid gid
    read -r -a ports < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
    uid=$(id -u "$mail_user")
    gid=$(id -g "$mail_user")
    sed -e "s|@BASE_DIR@|$dir/run|; s|@STATE_DIR@|$dir/state|; s|@LOG_PATH@|$dir/dovecot.log|" \
        -e "s|@SSL_CERT@|$dir/cert.pem|; s|@SSL_KEY@|$dir/key.pem|; s|@PASSWD_FILE@|$dir/passwd|" \
        -e "s|@MAIL_ROOT@|$dir/mail|; s|@MAIL_UID@|$uid|; s|@MAIL_GID@|$gid|" \
        -e "s|@IMAP_PORT@|${ports[0]}|; s|@IMAPS_PORT@|${ports[1]}|; s|@POP3_PORT@|${ports[2]}|" \
        -e "s|@POP3S_PORT@|${ports[3]}|; s|@SUBMISSION_PORT@|${ports[4]}|" \
        -e "s|@SUBMISSIONS_PORT@|${ports[5]}|; s|@RELAY_PORT@|${ports[6]}|" \
        tests/interop/dovecot.conf.in >"$dir/dovecot.conf"
    # One log line per login would make the log the bottleneck.
    sed -i 's/^auth_verbose = yes/auth_verbose = no/' "$dir/dovecot.conf"
    if [[ $1 == performance ]]; then
        sed -i "/^service imap-login {/a\\  service_count = 0\\n  process_min_avail = $cores" \
            "$dir/dovecot.conf"
        printf 'service imap {\n  service_count = 0\n  process_min_avail = %s\n}\n' \
            "$clients" >>"$dir/dovecot.conf"
    fi
    PATH="$PATH:/usr/sbin" dovecot -c "$dir/dovecot.conf"
    dovecot_port=${ports[0]}
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$dovecot_port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench/serve.sh: Dovecot did not start" >&2
    cat "$dir/dovecot.log" >&2
    exit 1
}

# --- 1. Start-up ---------------------------------------------------------------
# `--once --timeout 0`: serve makes its certificate, binds, listens,
# prints the listening line (from which the port accepts), and stops at
# its first look at the deadline (exit 5, hence -i).
free_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cmd_serve="$saslenc serve imap://127.0.0.1:$free_port --user u --pass p --once --timeout 0"
cmd_plain="$saslenc plain --user u --pass p"
# It must get as far as listening (and stop with 5, "no connection"), or
# the timing means nothing.
status=0
$cmd_serve >"$dir/startup.out" 2>&1 </dev/null || status=$?
if [[ $status != 5 ]] || ! grep -q "^listening imap://127.0.0.1:$free_port " "$dir/startup.out"; then
    echo "bench/serve.sh: serve did not start as expected (exit $status):" >&2
    cat "$dir/startup.out" >&2
    exit 1
fi
hyperfine -N --warmup 10 --runs "$runs" -i --export-json "$dir/startup.json" \
    --command-name "serve (to listening)" --command-name "plain" \
    "$cmd_serve" "$cmd_plain" >&2

echo "## serve: start-up (exec to a port that accepts, self-signed ECDSA P-256 certificate made)"
echo
python3 - "$dir/startup.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
plain = next(r for r in results if r["command"] == "plain")["median"]
print("| command | median | ratio to `saslenc plain` |")
print("|---|---|---|")
for r in results:
    print(f"| {r['command']} | {r['median'] * 1000:.2f} ms | {r['median'] / plain:.2f} |")
EOF
echo

# --- 2. Logins a second ----------------------------------------------------------
# load PORT MECH USER: one run of the load generator; prints its line.
load() {
    "$load" "127.0.0.1:$1" "$dir/cert.pem" "$2" "$3" --seconds 2 --clients "$clients" >/dev/null
    "$load" "127.0.0.1:$1" "$dir/cert.pem" "$2" "$3" --seconds "$seconds" --clients "$clients"
}
field() { sed -nE "s/.*$1=([0-9.]+).*/\\1/p"; }

declare -A rate share
start_serve
for mech in PLAIN SCRAM-SHA-256; do
    user=plainuser
    [[ $mech == PLAIN ]] || user=scramuser
    line=$(load "$serve_port" "$mech" "$user")
    echo "serve $mech: $line" >&2
    rate[serve,$mech]=$(field rate <<<"$line")
    share[serve,$mech]=$(field cpu_share <<<"$line")
done
stop_serve
for mode in default performance; do
    start_dovecot "$mode"
    for mech in PLAIN SCRAM-SHA-256; do
        user=plainuser
        [[ $mech == PLAIN ]] || user=scramuser
        line=$(load "$dovecot_port" "$mech" "$user")
        echo "dovecot ($mode) $mech: $line" >&2
        rate[$mode,$mech]=$(field rate <<<"$line")
        share[$mode,$mech]=$(field cpu_share <<<"$line")
    done
    stop_dovecot
done

echo "## serve: IMAP logins a second, $clients concurrent clients, $seconds s, loopback, $cores cores"
echo
echo "| server | PLAIN (STARTTLS) | SCRAM-SHA-256 (4096) | load generator's CPU share (PLAIN / SCRAM) |"
echo "|---|---|---|---|"
for who in serve default performance; do
    case $who in
    serve) name="saslenc serve" ;;
    default) name="Dovecot $(PATH="$PATH:/usr/sbin" dovecot --version | cut -d' ' -f1), default process model" ;;
    performance) name="Dovecot, tuned (login and imap processes reused)" ;;
    esac
    echo "| $name | ${rate[$who,PLAIN]}/s | ${rate[$who,SCRAM-SHA-256]}/s | ${share[$who,PLAIN]}% / ${share[$who,SCRAM-SHA-256]}% |"
done
echo
python3 - "${rate[serve,PLAIN]}" "${rate[serve,SCRAM-SHA-256]}" \
    "${rate[default,PLAIN]}" "${rate[default,SCRAM-SHA-256]}" \
    "${rate[performance,PLAIN]}" "${rate[performance,SCRAM-SHA-256]}" <<'EOF'
import sys
s_p, s_s, d_p, d_s, p_p, p_s = map(float, sys.argv[1:])
print(f"serve / Dovecot default: PLAIN {s_p / d_p:.2f}, SCRAM-SHA-256 {s_s / d_s:.2f}; "
      f"serve / Dovecot tuned: PLAIN {s_p / p_p:.2f}, SCRAM-SHA-256 {s_s / p_s:.2f}")
EOF
echo

# --- 3. Memory -------------------------------------------------------------------
start_serve --max-connections 1000
sleep 0.2
rss_start=$(rss_kib "$serve_pid")
"$load" "127.0.0.1:$serve_port" "$dir/cert.pem" --idle 500 --seconds 3 >"$dir/idle.out" &
idle_pid=$!
for _ in $(seq 200); do
    grep -q 'idle connections=500' "$dir/idle.out" 2>/dev/null && break
    sleep 0.05
done
sleep 0.5
rss_idle=$(rss_kib "$serve_pid")
wait "$idle_pid"
sleep 0.5
"$load" "127.0.0.1:$serve_port" "$dir/cert.pem" PLAIN plainuser --logins 1000 --clients "$clients" >/dev/null
sleep 0.2
rss_1k=$(rss_kib "$serve_pid")
"$load" "127.0.0.1:$serve_port" "$dir/cert.pem" PLAIN plainuser --logins 9000 --clients "$clients" >/dev/null
sleep 0.2
rss_10k=$(rss_kib "$serve_pid")
stop_serve

echo "## serve: resident memory (VmRSS)"
echo
echo "| state | RSS |"
echo "|---|---|"
echo "| started, no connection | $((rss_start / 1024)).$(((rss_start % 1024) * 10 / 1024)) MiB |"
echo "| 500 idle connections (greeting read, nothing sent) | $((rss_idle / 1024)).$(((rss_idle % 1024) * 10 / 1024)) MiB |"
echo "| after 1,000 logins (PLAIN, STARTTLS) | $((rss_1k / 1024)).$(((rss_1k % 1024) * 10 / 1024)) MiB |"
echo "| after 10,000 logins | $((rss_10k / 1024)).$(((rss_10k % 1024) * 10 / 1024)) MiB |"
