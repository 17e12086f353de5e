#!/usr/bin/env bash
# Times `saslenc secret` (one PBKDF2 derivation: the whole cost of a stored
# SCRAM secret) next to gsasl --mkpasswd, doveadm pw and a bare loop of the
# pbkdf2 crate (examples/pbkdf2_loop.rs), in one hyperfine run, then a
# batch on one thread and on two (RAYON_NUM_THREADS). Prints Markdown
# tables with each median and its ratio to a baseline of the same run.
#
# Usage: bench/secret.sh         (from anywhere in the repository)
# Knobs: BENCH_ITERATIONS (default 1000000) for the single secrets,
#        BENCH_RUNS (default 12) runs a command in BENCH_ROUNDS (default 4)
#        rounds of hyperfine, BENCH_WARMUP (default 1) warm-up runs each,
#        BENCH_BATCH_USERS (default 64) and BENCH_BATCH_ITERATIONS
#        (default 100000) for the batch; BENCH_PARTS (default "one batch")
#        which tables to measure.
#
# doveadm pw (Dovecot 2.3) makes SCRAM secrets with 4096 iterations only
# (its -r does not apply to SCRAM), so it is timed at 4096, next to saslenc
# and gsasl at 4096, where process start-up weighs as much as PBKDF2.
#
# The benchmark reports; it passes or fails nothing. The machine may be
# shared: only ratios from the same run are compared, and the runs are
# taken in rounds, so that a burst of load from other programs falls on
# every command alike. A run disturbed anyway (hyperfine's spread shows it)
# should be repeated; the batch's speed-up on two threads needs two idle
# cores.
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

missing=()
for tool in cargo hyperfine gsasl doveadm python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "bench/secret.sh: missing ${missing[*]} (apt-get install hyperfine gsasl dovecot-core)" >&2
    exit 1
fi

cargo build --release --locked --quiet --bin saslenc --example pbkdf2_loop
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
saslenc="$target_dir/release/saslenc"
loop="$target_dir/release/examples/pbkdf2_loop"
out="$target_dir/bench"
mkdir -p "$out"

# Equal work: saslenc's SaltedPassword equals the loop's (its Kafka form
# prints it), for the same salt, count and password.
salt_b64=AAECAwQFBgcICQoLDA0ODw==
kafka=$("$saslenc" secret scram-sha-256 -F kafka -u u --salt "$salt_b64" -I 4096 --pass p)
from_loop=$("$loop" sha256 4096 p | python3 -c 'import base64, sys; print(base64.b64encode(bytes.fromhex(sys.stdin.read().strip())).decode())')
if [[ "$kafka" != *"saltedpassword=\"$from_loop\""* ]]; then
    echo "bench/secret.sh: saslenc and the pbkdf2 loop disagree: $kafka vs $from_loop" >&2
    exit 1
fi

# --- Table 1: one secret ----------------------------------------------------------
args=(--shell=none --warmup "$warmup" --runs "$per_round")
for hash in sha1 sha256; do
    mech=SCRAM-SHA-${hash#sha}
    mech=${mech/SHA-1/SHA-1}
    lower=$(tr 'A-Z' 'a-z' <<<"$mech")
    args+=(--command-name "pbkdf2 loop $hash, $iterations" "$loop $hash $iterations p")
    args+=(--command-name "saslenc $lower, $iterations" "$saslenc secret $lower -I $iterations --pass p")
    args+=(--command-name "gsasl --mkpasswd $mech, $iterations" "gsasl --mkpasswd -m $mech --iteration-count $iterations --password p")
    args+=(--command-name "saslenc $lower, 4096" "$saslenc secret $lower --pass p")
    args+=(--command-name "gsasl --mkpasswd $mech, 4096" "gsasl --mkpasswd -m $mech --iteration-count 4096 --password p")
    args+=(--command-name "doveadm pw $mech, 4096" "doveadm pw -s $mech -p p")
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

python3 - "$out" "$iterations" "$batch_users" "$batch_iterations" "$rounds" <<'PY'
import json, statistics, sys

out, iterations, users, batch_iterations = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rounds = int(sys.argv[5])
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
print("| command | median wall | × loop | × gsasl | CPU time | × loop | × gsasl |")
print("|---|--:|--:|--:|--:|--:|--:|")
for hash, mech in (("sha1", "SCRAM-SHA-1"), ("sha256", "SCRAM-SHA-256")):
    lower = mech.lower()
    loop_name = f"pbkdf2 loop {hash}, {iterations}"
    gsasl_name = f"gsasl --mkpasswd {mech}, {iterations}"
    for name in (loop_name, f"saslenc {lower}, {iterations}", gsasl_name):
        t, c = one[name], one_cpu[name]
        print(f"| {name} | {t * 1e3:.1f} ms | {t / one[loop_name]:.2f} | {t / one[gsasl_name]:.2f} "
              f"| {c * 1e3:.1f} ms | {c / one_cpu[loop_name]:.2f} | {c / one_cpu[gsasl_name]:.2f} |")
    small = f"gsasl --mkpasswd {mech}, 4096"
    for name in (f"saslenc {lower}, 4096", small, f"doveadm pw {mech}, 4096"):
        t, c = one[name], one_cpu[name]
        print(f"| {name} | {t * 1e3:.1f} ms | | {t / one[small]:.2f} "
              f"| {c * 1e3:.1f} ms | | {c / one_cpu[small]:.2f} |")

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
echo "Measured $(date -u +%F) on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) CPUs)," \
    "$(rustc --version | cut -d' ' -f1-2), $(hyperfine --version), $(gsasl --version | head -n 1)," \
    "Dovecot $(dovecot --version | cut -d' ' -f1); $runs runs a command in $rounds rounds, each after $warmup warm-up run(s)."
