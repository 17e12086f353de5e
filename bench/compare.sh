#!/usr/bin/env bash
# Times saslenc next to what people use instead, in one hyperfine run, and
# prints a Markdown table: median wall time, ratio to /usr/bin/true (the cost
# of starting any process at all) and peak resident memory of each command,
# then the size of the release binary and the profile that built it.
#
# Usage: bench/compare.sh            (from anywhere in the repository)
# Knobs: BENCH_RUNS (default 500) timed runs per command, in BENCH_ROUNDS
#        (default 5) rounds of hyperfine with BENCH_WARMUP (default 20)
#        warm-up runs each; BENCH_RSS_RUNS (default 10) runs under
#        /usr/bin/time per command, of which the largest peak is reported.
#
# The benchmark reports; it passes or fails nothing. hyperfine times one
# command after the other; taking the runs in rounds spreads each command
# over the whole run, so that a burst of load on a shared machine weighs on
# all of them alike, and only ratios from the same run are compared. Rerun
# if hyperfine's spread shows a command was disturbed.
#
# The password is given with --pass, which the README discourages for real
# accounts (it shows in `ps`); here it is the fixed test value "p", and it
# keeps every command's input on its command line, so all do the same work.
set -euo pipefail

cd "$(dirname "$0")/.."

warmup=${BENCH_WARMUP:-20}
runs=${BENCH_RUNS:-500}
rounds=${BENCH_ROUNDS:-5}
rss_runs=${BENCH_RSS_RUNS:-10}

# --- Tools -----------------------------------------------------------------
missing=()
need() { # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package $2)")
}
need cargo "cargo, or rustup"
need rustc "rustc, or rustup"
need hyperfine hyperfine
need gsasl gsasl
need perl perl-base
need python3 python3
need base64 coreutils
need sh dash
[[ -x /usr/bin/time ]] || missing+=("/usr/bin/time, GNU time (Debian package time)")
[[ -x /usr/bin/true ]] || missing+=("/usr/bin/true (Debian package coreutils)")
if command -v perl >/dev/null 2>&1 && ! perl -MMIME::Base64 -e 1 2>/dev/null; then
    missing+=("Perl module MIME::Base64 (Debian package perl)")
fi
if ((${#missing[@]})); then
    echo "bench/compare.sh: missing, install them and run again:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
fi

# `python3` may be a version manager's shim (pyenv's is a bash script that
# starts another process); time the interpreter itself, as a user of a
# system Python would see it.
python=$(python3 -c 'import sys; print(sys.executable)')

# Quotes a word for hyperfine's command splitting and for `eval` below.
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# --- Builds ----------------------------------------------------------------
cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
saslenc="$target_dir/release/saslenc"
out="$target_dir/bench"
mkdir -p "$out"

# The same release build, linked statically (glibc's static-pie), where the
# host is Linux with glibc: no dynamic loader at start-up. crt-static must
# not reach the proc-macro crates, so it is built for an explicit --target.
host=$(rustc -vV | sed -n 's/^host: //p')
saslenc_static=
if [[ "$host" == *-linux-gnu ]]; then
    RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --quiet \
        --target "$host" --target-dir "$target_dir/static"
    saslenc_static="$target_dir/static/$host/release/saslenc"
fi

# The reference Rust program, built with the flags of the release profile
# (lto = true, codegen-units = 1, strip = true; see Cargo.toml).
rustc --edition 2021 -C opt-level=3 -C lto=fat -C codegen-units=1 -C strip=symbols \
    -o "$out/empty_main" bench/empty_main.rs

# --- The commands, and what each must print --------------------------------
challenge=PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
names=() commands=() expected=()
add() { names+=("$1") commands+=("$2") expected+=("$3"); }

add "true (floor)" "/usr/bin/true" ""
add "Rust: empty main" "$(shq "$out/empty_main")" "AHUAcA=="
add "saslenc plain" "$(shq "$saslenc") plain --user u --pass p" "AHUAcA=="
add "saslenc login" "$(shq "$saslenc") login --user u --pass p" $'dQ==\ncA=='
# RFC 2195, section 2: the published challenge and response.
add "saslenc cram-md5" \
    "$(shq "$saslenc") cram-md5 --user tim --pass tanstaaftanstaaf --challenge $challenge" \
    "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw"
if [[ -n "$saslenc_static" ]]; then
    add "saslenc plain (static)" "$(shq "$saslenc_static") plain --user u --pass p" "AHUAcA=="
    add "saslenc login (static)" "$(shq "$saslenc_static") login --user u --pass p" $'dQ==\ncA=='
    add "saslenc cram-md5 (static)" \
        "$(shq "$saslenc_static") cram-md5 --user tim --pass tanstaaftanstaaf --challenge $challenge" \
        "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw"
fi
add "printf | base64" "sh -c 'printf \"\\0u\\0p\" | base64'" "AHUAcA=="
# gsasl prints the mechanism's name, then the credential.
add "gsasl" "gsasl --client -m PLAIN -a u -p p" $'PLAIN\nAHUAcA=='
add "perl" "perl -MMIME::Base64 -e 'print encode_base64(\"\\0u\\0p\")'" "AHUAcA=="
add "python3" "$(shq "$python") -c 'import base64; print(base64.b64encode(b\"\\0u\\0p\").decode())'" \
    "AHUAcA=="

# gsasl then waits for the server's answer on standard input. hyperfine 1.16
# and later can feed it an empty line (--input); older ones give it
# /dev/null, where it stops at end of file with status 1, after its work is
# done, and the run must ignore that status. Either way every exit status is
# checked after the run.
printf '\n' >"$out/empty-line"
input_args=(--ignore-failure) stdin="/dev/null"
if hyperfine --help | grep -q -- '--input'; then
    input_args=(--input "$out/empty-line") stdin="$out/empty-line"
fi

# --- Equal work: every command prints what it should ------------------------
failed=0
for i in "${!commands[@]}"; do
    eval "argv=(${commands[$i]})"
    actual=$("${argv[@]}" <"$stdin" 2>/dev/null) || true
    if [[ "$actual" != "${expected[$i]}" ]]; then
        printf 'bench/compare.sh: %s printed %q, expected %q\n' \
            "${names[$i]}" "$actual" "${expected[$i]}" >&2
        failed=1
    fi
done
((failed == 0)) || exit 1

# --- Peak resident memory --------------------------------------------------
rss=()
for i in "${!commands[@]}"; do
    eval "argv=(${commands[$i]})"
    peak=0
    for ((run = 0; run < rss_runs; run++)); do
        /usr/bin/time -f '%M' -o "$out/rss" "${argv[@]}" <"$stdin" >/dev/null 2>&1 || true
        kib=$(tail -n 1 "$out/rss")
        if ((kib > peak)); then peak=$kib; fi
    done
    rss+=("$peak")
done

# --- Wall time ---------------------------------------------------------------
hyperfine_args=(--shell=none --warmup "$warmup" --runs $(((runs + rounds - 1) / rounds))
    "${input_args[@]}")
for i in "${!commands[@]}"; do
    hyperfine_args+=(--command-name "${names[$i]}" "${commands[$i]}")
done
rm -f "$out"/hyperfine-*.json
for ((round = 1; round <= rounds; round++)); do
    echo "--- round $round of $rounds" >&2
    hyperfine "${hyperfine_args[@]}" --export-json "$out/hyperfine-$round.json" >&2
done

# --- The table -----------------------------------------------------------------
profile=$(awk '/^\[/ { in_release = ($0 == "[profile.release]") } in_release && NF && !/^#/' Cargo.toml)
[[ -n "$profile" ]] || profile="(no [profile.release]: Cargo's defaults)"

python3 - "$rounds" "$out" "${rss[@]}" <<'PY'
import json, statistics, sys

rounds, out = int(sys.argv[1]), sys.argv[2]
rss_kib = [int(k) for k in sys.argv[3:]]
# One result a command, with the times and exit statuses of every round.
results = None
for round in range(1, rounds + 1):
    with open(f"{out}/hyperfine-{round}.json") as f:
        this_round = json.load(f)["results"]
    if results is None:
        results = this_round
    else:
        for result, more in zip(results, this_round):
            result["times"] += more["times"]
            result["exit_codes"] = (result.get("exit_codes") or []) + (more.get("exit_codes") or [])
floor = statistics.median(results[0]["times"])

print("| command | median | × true | peak RSS |")
print("|---|--:|--:|--:|")
for result, kib in zip(results, rss_kib):
    median = statistics.median(result["times"])
    name = result["command"].replace("|", "\\|")
    print(f"| {name} | {median * 1e3:.3f} ms | {median / floor:.2f} "
          f"| {kib / 1024:.1f} MiB |")

for result in results:
    allowed = {0, 1} if result["command"] == "gsasl" else {0}
    statuses = set(result.get("exit_codes") or [0])
    if not statuses <= allowed:
        print(f"\nwarning: {result['command']} exited with {sorted(statuses)} during the run",
              file=sys.stderr)
PY

echo
echo "saslenc release binary: $(stat -c %s "$saslenc") bytes, built with:"
echo '```toml'
echo "$profile"
echo '```'
if [[ -n "$saslenc_static" ]]; then
    echo "static build: $(stat -c %s "$saslenc_static") bytes, the same profile and" \
        "RUSTFLAGS='-C target-feature=+crt-static' cargo build --release --target $host"
fi
echo
echo "Measured $(date -u +%F) on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) CPUs)," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r);" \
    "$(rustc --version | cut -d' ' -f1-2), $(hyperfine --version)," \
    "$(gsasl --version | head -n 1), perl $(perl -e 'print $^V'), $("$python" -V)," \
    "$runs timed runs a command in $rounds rounds, each after $warmup warm-up runs."
