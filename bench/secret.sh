#!/usr/bin/env bash
# Times `saslenc secret` (one PBKDF2 derivation: the whole cost of a stored
# SCRAM secret) for SHA-1, SHA-256 and SHA-512 next to the hardware's
# floor, examples/compress_floor.rs: 2 x ITERATIONS dependent calls of the
# same block compression functions saslenc's derivation calls, and nothing
# else, in two kinds: "state" (each call continues from the state the one
# before left, on a fixed block: the lowest) and "block" (each call's
# block is the previous output, as PBKDF2's must be). Beside them, a bare loop of the pbkdf2 crate
# (examples/pbkdf2_loop.rs) and, when installed, gsasl --mkpasswd and
# doveadm pw, all in one hyperfine run; then a batch on one thread and on
# two (RAYON_NUM_THREADS). Prints Markdown tables with each median, its
# ratio to the "state" floor of the same run, and whether saslenc is
# within BENCH_GOAL (default 1.10) times each floor.
#
# Usage: bench/secret.sh         (from anywhere in the repository)
# Knobs: BENCH_ITERATIONS (default 1000000) for the single secrets,
#        BENCH_RUNS (default 12) runs a command in BENCH_ROUNDS (default 4)
#        rounds of hyperfine, BENCH_WARMUP (default 1) warm-up runs each,
#        BENCH_BATCH_USERS (default 64) and BENCH_BATCH_ITERATIONS
#        (default 100000) for the batch; BENCH_PARTS (default "one batch")
#        which tables to measure; BENCH_GOAL (default 1.10).
#
# doveadm pw (Dovecot 2.3) makes SCRAM secrets with 4096 iterations only
# (its -r does not apply to SCRAM), so it is timed at 4096, next to saslenc
# and gsasl at 4096, where process start-up weighs as much as PBKDF2.
# gsasl 2.2 makes no SCRAM-SHA-512 secrets.
#
# The benchmark reports; it passes or fails nothing. The machine may be
# shared: only ratios from the same run are compared, and the runs are
# taken in rounds, so that a burst of load from other programs falls on
# every command alike. CPU time (user + system) is far less disturbed by
# other programs than wall time, so the goal is judged on it. A run
# disturbed anyway (hyperfine's spread shows it) should be repeated; the
# batch's speed-up on two threads needs two idle cores.
set -euo pipefail

cd "$(dirname "$0")/.."

iterations=${BENCH_ITERATIONS:-1000000}
runs=${BENCH_RUNS:-12}
rounds=${BENCH_ROUNDS:-4}
warmup=${BENCH_WARMUP:-1}
per_round=$(((runs + rounds - 1) / rounds))
batch_users=${BENCH_BATCH_USERS:-64}
batch_iterations=${BENCH_BATCH_ITERATIONS:-100000}
parts=" ${BENCH_PARTS:-one batch} "
goal=${BENCH_GOAL:-1.10}

missing=()
for tool in cargo hyperfine python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "bench/secret.sh: missing ${missing[*]} (apt-get install hyperfine)" >&2
    exit 1
fi
have() { command -v "$1" >/dev/null 2>&1; }
have gsasl || echo "bench/secret.sh: gsasl is not installed; its rows are left out (apt-get install gsasl)" >&2
have doveadm || echo "bench/secret.sh: doveadm is not installed; its rows are left out (apt-get install dovecot-core)" >&2

cargo build --release --locked --quiet --bin saslenc --example pbkdf2_loop --example compress_floor
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
saslenc="$target_dir/release/saslenc"
loop="$target_dir/release/examples/pbkdf2_loop"
floor="$target_dir/release/examples/compress_floor"
out="$target_dir/bench"
mkdir -p "$out"

# Equal work: for each hash, saslenc's RFC 5803 verifier is the one Python
# computes (RFC 5802 section 3) from the pbkdf2 crate's SaltedPassword,
# for the same salt, count and password.
salt_b64=AAECAwQFBgcICQoLDA0ODw==
for bits in 1 256 512; do
    made=$("$saslenc" secret "scram-sha-$bits" -F rfc5803 --salt "$salt_b64" -I 4096 --pass p)
    expected=$("$loop" "sha$bits" 4096 p | python3 -c '
import base64, hashlib, hmac, sys
name = sys.argv[1]
salted = bytes.fromhex(sys.stdin.read().strip())
client_key = hmac.new(salted, b"Client Key", name).digest()
stored_key = hashlib.new(name, client_key).digest()
server_key = hmac.new(salted, b"Server Key", name).digest()
b64 = lambda b: base64.b64encode(b).decode()
print(f"SCRAM-SHA-{sys.argv[2]}$4096:{sys.argv[3]}${b64(stored_key)}:{b64(server_key)}")
' "sha$bits" "$bits" "$salt_b64")
    if [[ "$made" != "$expected" ]]; then
        echo "bench/secret.sh: saslenc and the pbkdf2 loop disagree for SHA-$bits: $made vs $expected" >&2
        exit 1
    fi
done

# --- Table 1: one secret ----------------------------------------------------------
args=(--shell=none --warmup "$warmup" --runs "$per_round")
for bits in 1 256 512; do
    mech=SCRAM-SHA-$bits
    lower=scram-sha-$bits
    args+=(--command-name "floor sha$bits, $iterations" "$floor state sha$bits $iterations")
    args+=(--command-name "floor, fed blocks, sha$bits, $iterations" "$floor block sha$bits $iterations")
    args+=(--command-name "saslenc $lower, $iterations" "$saslenc secret $lower -F rfc5803 -I $iterations --pass p")
    args+=(--command-name "pbkdf2 loop sha$bits, $iterations" "$loop sha$bits $iterations p")
    if have gsasl && ((bits != 512)); then
        args+=(--command-name "gsasl --mkpasswd $mech, $iterations" "gsasl --mkpasswd -m $mech --iteration-count $iterations --password p")
    fi
    ((bits == 512)) && continue
    args+=(--command-name "saslenc $lower, 4096" "$saslenc secret $lower --pass p")
    if have gsasl; then
        args+=(--command-name "gsasl --mkpasswd $mech, 4096" "gsasl --mkpasswd -m $mech --iteration-count 4096 --password p")
    fi
    if have doveadm; then
        args+=(--command-name "doveadm pw $mech, 4096" "doveadm pw -s $mech -p p")
    fi
done
[[ "$parts" == *" one "* ]] && rm -f "$out"/secret-one-*.json
[[ "$parts" == *" batch "* ]] && rm -f "$out"/secret-batch-*.json
for ((round = 1; round <= rounds; round++)); do
    [[ "$parts" == *" one "* ]] || break
    echo "--- single secrets, round $round of $rounds" >&2
    hyperfine "${args[@]}" --export-json "$out/secret-one-$round.json" >&2
done

# --- Table 2: a batch on 1 and 2 threads ----------------------------------------------
python3 -c "
import sys
for i in range($batch_users):
    print(f'user{i}:password-{i}')
" >"$out/batch-users.txt"
for ((round = 1; round <= rounds; round++)); do
    [[ "$parts" == *" batch "* ]] || break
    echo "--- batch, round $round of $rounds" >&2
    hyperfine --shell=none --warmup "$warmup" --runs "$per_round" \
        --export-json "$out/secret-batch-$round.json" \
        --command-name "batch, 1 thread" \
        "env RAYON_NUM_THREADS=1 $saslenc secret scram-sha-256 -I $batch_iterations --batch $out/batch-users.txt" \
        --command-name "batch, 2 threads" \
        "env RAYON_NUM_THREADS=2 $saslenc secret scram-sha-256 -I $batch_iterations --batch $out/batch-users.txt" \
        >&2
done

python3 - "$out" "$iterations" "$batch_users" "$batch_iterations" "$rounds" "$goal" <<'PY'
import json, statistics, sys

out, iterations, users, batch_iterations = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rounds, goal = int(sys.argv[5]), float(sys.argv[6])
def load(name):
    """Each command's wall times over every round, and its CPU time (user
    + system, hyperfine's mean of each round, averaged over the rounds)."""
    wall, cpu = {}, {}
    for round in range(1, rounds + 1):
        with open(f"{out}/{name}-{round}.json") as f:
            for r in json.load(f)["results"]:
                wall.setdefault(r["command"], []).extend(r["times"])
                cpu.setdefault(r["command"], []).append(r["user"] + r["system"])
    return ({c: statistics.median(t) for c, t in wall.items()},
            {c: statistics.mean(t) for c, t in cpu.items()})

# Wall time is what a user waits; CPU time is what the work costs, and is
# far less disturbed by other programs on a shared machine. A table whose
# part was not measured this time is printed from the last run that did.
one, one_cpu = load("secret-one")
print(f"| command | median wall | × floor | CPU time | × floor |")
print("|---|--:|--:|--:|--:|")
verdicts = {}
for bits in (1, 256, 512):
    floor = f"floor sha{bits}, {iterations}"
    ours = f"saslenc scram-sha-{bits}, {iterations}"
    fed = f"floor, fed blocks, sha{bits}, {iterations}"
    for name in (floor, fed, ours, f"pbkdf2 loop sha{bits}, {iterations}",
                 f"gsasl --mkpasswd SCRAM-SHA-{bits}, {iterations}"):
        if name not in one:
            continue
        t, c = one[name], one_cpu[name]
        print(f"| {name} | {t * 1e3:.1f} ms | {t / one[floor]:.2f} "
              f"| {c * 1e3:.1f} ms | {c / one_cpu[floor]:.2f} |")
    for base, kind in ((floor, "state"), (fed, "fed blocks")):
        ratio = one_cpu[ours] / one_cpu[base]
        verdicts.setdefault(kind, []).append(
            f"SHA-{bits} {ratio:.2f} ({'met' if ratio <= goal else 'not met'})")
print()
for kind, list in verdicts.items():
    print(f"saslenc's CPU time against the {kind} floor, goal at most {goal:.2f}: "
          + ", ".join(list))

small_rows = [(bits, n) for bits in (1, 256) for n in
              (f"saslenc scram-sha-{bits}, 4096", f"gsasl --mkpasswd SCRAM-SHA-{bits}, 4096",
               f"doveadm pw SCRAM-SHA-{bits}, 4096") if n in one]
if small_rows:
    print()
    print("| command, 4096 iterations | median wall | × saslenc | CPU time | × saslenc |")
    print("|---|--:|--:|--:|--:|")
    for bits, name in small_rows:
        base = f"saslenc scram-sha-{bits}, 4096"
        t, c = one[name], one_cpu[name]
        print(f"| {name} | {t * 1e3:.1f} ms | {t / one[base]:.2f} "
              f"| {c * 1e3:.1f} ms | {c / one_cpu[base]:.2f} |")

batch, batch_cpu = load("secret-batch")
t1, t2 = batch["batch, 1 thread"], batch["batch, 2 threads"]
c1, c2 = batch_cpu["batch, 1 thread"], batch_cpu["batch, 2 threads"]
print()
print(f"| batch of {users} SCRAM-SHA-256 secrets, {batch_iterations} iterations | median wall | speed-up | CPU time |")
print("|---|--:|--:|--:|")
print(f"| 1 thread | {t1 * 1e3:.0f} ms | 1.00 | {c1 * 1e3:.0f} ms |")
print(f"| 2 threads | {t2 * 1e3:.0f} ms | {t1 / t2:.2f} | {c2 * 1e3:.0f} ms |")
PY

echo
versions="$(rustc --version | cut -d' ' -f1-2), $(hyperfine --version)"
have gsasl && versions+=", $(gsasl --version | head -n 1)"
have dovecot && versions+=", Dovecot $(dovecot --version | cut -d' ' -f1)"
echo "Measured $(date -u +%F) on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) CPUs," \
    "SHA extensions: $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)), $versions;" \
    "$runs runs a command in $rounds rounds, each after $warmup warm-up run(s)."
