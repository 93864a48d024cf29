#!/usr/bin/env bash
# Reliability harness: runs every example over a corpus of hostile inputs
# under a memory limit and a time limit, and prints, per example, how many
# runs ended as clean refusals, successes and failures.
#
#   scripts/reliability.sh [--quick] [--keep DIR]
#
# Environment: PROFILE (debug or release, default release: build first with
# `cargo build --release --examples`), MEM_KB (default 4194304: 4 GiB of
# address space, `ulimit -v`), TIME_S (default 60, wall time per run),
# FILTER (run only examples whose name matches this regex), BIN_DIR (where
# the example binaries are, instead of target/PROFILE/examples).
#
# A run is
#   a success        when it exits 0;
#   a clean refusal  when it exits 1 or 2 with a message on stderr and no
#                    panic;
#   a failure        otherwise: a signal (an abort on a failed allocation,
#                    a kill at the time limit), a panic, exit 101, a
#                    refusal without a message, or any other exit code.
# Every failure is listed with its command line and the tail of its stderr;
# the exit code is 1 when there is any.
#
# Why a shell script and not an example: `ulimit -v` and `timeout` are what
# a user would reach for, they limit the process from outside (an example
# cannot recover from its own abort to count it), and the script needs no
# dependency beyond coreutils.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${PROFILE:-release}
MEM_KB=${MEM_KB:-4194304}
TIME_S=${TIME_S:-60}
FILTER=${FILTER:-.}
QUICK=0
KEEP=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --keep) KEEP=$2; shift ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "reliability.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

BIN=${BIN_DIR:-$ROOT/target/$PROFILE/examples}
EXAMPLES=(backtest belarus_2025 calibrate clear_exchange conflict custom_strategy explore history inspect peer_negmas simulate soak tournament)
for e in "${EXAMPLES[@]}"; do
    if [ ! -x "$BIN/$e" ]; then
        echo "reliability.sh: $BIN/$e is missing; build with cargo build --examples${PROFILE/debug/} (profile $PROFILE)" >&2
        exit 2
    fi
done

WORK=${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/detente-reliability.XXXXXX")}
mkdir -p "$WORK/in" "$WORK/out" "$WORK/log"
[ -z "$KEEP" ] && trap 'rm -rf "$WORK"' EXIT
IN="$WORK/in"
SCN="$ROOT/examples/scenarios"
BELARUS="$SCN/belarus_2025.json"

# ---------------------------------------------------------------- corpus
# Deterministic bytes (an LCG), so a failure reproduces.
noise() { awk -v n="$1" -v s="$2" 'BEGIN { x = s; for (i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; printf "%c", int(x / 65536) % 256 } }'; }
repeat() { awk -v n="$2" -v t="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'; }

gen_corpus() {
    : > "$IN/empty.json"
    noise 4096 7 > "$IN/binary.json"
    noise 512 11 > "$IN/binary.wmd"
    printf '\xef\xbb\xbf\xff\xfe{}' > "$IN/bad_utf8.json"
    { repeat '[' 100000; } > "$IN/deep_arrays.json"
    { repeat '{"a":' 100000; echo 1; } > "$IN/deep_objects.json"
    head -c 3000 "$BELARUS" > "$IN/truncated_scenario.json"
    sed 's/"count": 1201/"count": "1201"/' "$BELARUS" > "$IN/count_as_string.json"
    sed 's/"count": 1201/"count": 4294967295/' "$BELARUS" > "$IN/count_u32_max.json"
    sed 's/"count": 1201/"count": 18446744073709551616/' "$BELARUS" > "$IN/count_over_u64.json"
    sed 's/"reserve": 2500/"reserve": 4000000/' "$BELARUS" > "$IN/reserve_4m.json"
    sed 's/"count": 1201/"count": 1000000/' "$BELARUS" > "$IN/pool_1m.json"
    # Many inert governments: set-up cost must not be cubic in them.
    awk 'BEGIN { printf "{\"name\": \"inert\", \"governments\": [{\"id\": \"A\"}, {\"id\": \"B\"}"
                 for (i = 0; i < 4000; i++) printf ", {\"id\": \"G%d\"}", i
                 printf "], \"prisoners\": [{\"id\": \"p\", \"held_by\": \"A\", \"valued_by\": {\"B\": 1.0}}]}\n" }' > "$IN/governments_4000.json"
    # A world whose prisoners are valued by many: a dense valuation table.
    awk 'BEGIN { printf "{\"name\": \"wide\", \"governments\": [{\"id\": \"H\"}"
                 for (i = 0; i < 300; i++) printf ", {\"id\": \"V%d\"}", i
                 printf "], \"pools\": [{\"id\": \"p\", \"held_by\": \"H\", \"count\": 20000, \"valued_by\": {"
                 for (i = 0; i < 300; i++) printf "%s\"V%d\": 1.0", (i ? ", " : ""), i
                 printf "}}]}\n" }' > "$IN/valued_by_300.json"
    # PrefLib: the documented cap with no arcs, a second header, huge and
    # tiny weights side by side, ids beyond the declared range.
    printf '# NUMBER ALTERNATIVES: 100000\n' > "$IN/preflib_cap.wmd"
    printf '# NUMBER ALTERNATIVES: 3\n# NUMBER ALTERNATIVES: 300000\n1,2,1\n' > "$IN/preflib_two_headers.wmd"
    printf '# NUMBER ALTERNATIVES: 3\n1,2,1e308\n2,1,2\n2,3,1e308\n3,1,1e-308\n' > "$IN/preflib_weights_apart.wmd"
    printf '# NUMBER ALTERNATIVES: 2\n1,18446744073709551615,1\n' > "$IN/preflib_id_overflow.wmd"
    printf '# NUMBER ALTERNATIVES: 18446744073709551616\n' > "$IN/preflib_count_overflow.wmd"
    # GMCR: the accepted option limit, one beyond, a contradictory condition.
    gmcr_options 24 > "$IN/conflict_24_options.json"
    gmcr_options 25 > "$IN/conflict_25_options.json"
    gmcr_options 64 > "$IN/conflict_64_options.json"
    cp "$ROOT"/examples/conflicts/*.json "$IN/" 2>/dev/null
    for f in "$ROOT"/tests/bad_inputs/conflicts/*.json; do cp "$f" "$IN/conflict_bad_$(basename "$f")"; done
    # Every bad scenario, history case and series; the shipped ones too.
    for f in "$ROOT"/tests/bad_inputs/*.json "$ROOT"/tests/bad_inputs/*.toml; do cp "$f" "$IN/scenario_bad_$(basename "$f")"; done
    for f in "$ROOT"/tests/bad_inputs/history/*.json; do cp "$f" "$IN/history_bad_$(basename "$f")"; done
    for f in "$SCN"/history/*.json "$SCN"/history/series/*.json; do cp "$f" "$IN/history_$(basename "$f")"; done
    cp "$SCN"/*.json "$IN/"
    cp "$ROOT"/tests/data/preflib-kidney/*.wmd "$IN/" 2>/dev/null
    gen_shards
}

# A conflict in the crate's layout with N options, two decision makers.
gmcr_options() {
    awk -v n="$1" 'BEGIN { printf "{\"name\": \"wide\", \"options\": ["
        for (i = 0; i < n; i++) printf "%s{\"name\": \"o%d\", \"owner\": %d}", (i ? ", " : ""), i, i % 2
        pat = ""; for (i = 0; i < n; i++) pat = pat (i == 0 ? "Y" : "-")
        printf "], \"decision_makers\": [{\"name\": \"A\", \"preferences\": {\"prioritization\": [\"%s\"]}},", pat
        printf " {\"name\": \"B\", \"preferences\": {\"prioritization\": [\"%s\"]}}]}\n", pat }'
}

# Shard files: two good halves, one of another experiment, and damaged ones.
gen_shards() {
    local sim="$BIN/simulate"
    "$sim" "$BELARUS" --runs 8 --rounds 3 --seed 1 --shard 0/2 --out "$IN/shard_0of2.json" >/dev/null 2>&1
    "$sim" "$BELARUS" --runs 8 --rounds 3 --seed 1 --shard 1/2 --out "$IN/shard_1of2.json" >/dev/null 2>&1
    "$sim" "$BELARUS" --runs 8 --rounds 3 --seed 2 --shard 1/2 --out "$IN/shard_other_seed.json" >/dev/null 2>&1
    if [ -s "$IN/shard_0of2.json" ]; then
        head -c 200 "$IN/shard_0of2.json" > "$IN/shard_truncated.json"
        sed 's/"total":8/"total":18446744073709551615/' "$IN/shard_0of2.json" > "$IN/shard_total_edited.json"
        sed 's/"runs":/"runs_":/' "$IN/shard_0of2.json" > "$IN/shard_field_renamed.json"
    else
        echo "reliability.sh: simulate wrote no shard; shard cases are skipped" >&2
    fi
}

# ---------------------------------------------------------------- runner
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
n=0

# run EXAMPLE ARGS...: one run under the limits, classified into RESULTS.
run() {
    local ex=$1; shift
    [[ "$ex" =~ $FILTER ]] || return 0
    n=$((n + 1))
    local log="$WORK/log/$n"
    ( cd "$WORK/out" && ulimit -v "$MEM_KB" && timeout -s KILL "$TIME_S" "$BIN/$ex" "$@" ) \
        > /dev/null 2> "$log.err" < /dev/null
    local rc=$? class
    if grep -q "panicked at" "$log.err"; then class=failure
    elif [ "$rc" -eq 0 ]; then class=success
    elif { [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; } && [ -s "$log.err" ]; then class=refusal
    else class=failure
    fi
    printf '%s\t%s\t%s\t%s\n' "$ex" "$class" "$rc" "$*" >> "$RESULTS"
    if [ "$class" = failure ]; then
        {
            echo "FAILURE $ex (exit $rc$( [ "$rc" -ge 128 ] && echo ", signal $((rc - 128))")): $ex $*"
            tail -c 600 "$log.err" | sed 's/^/    /'
        } >> "$WORK/failures.txt"
    fi
}

FILE_EXAMPLES=(inspect simulate explore tournament conflict clear_exchange calibrate backtest)
# Sane flags for each example that reads a file, so that a file it accepts
# finishes well inside the time limit in a debug build.
file_args() {
    case "$1" in
        simulate) echo "--runs 20 --rounds 6" ;;
        explore) echo "--depth 2 --max-nodes 20000" ;;
        tournament) echo "--reps 1 --steps 10" ;;
        calibrate) echo "--particles 4 --generations 1 --runs 2" ;;
        backtest) echo "--cutoff 2025-06-30 --particles 4 --generations 1 --runs 2 --draws 2 --runs-per-draw 2" ;;
        *) echo "" ;;
    esac
}

gen_corpus
files=("$IN"/*)
if [ "$QUICK" = 1 ]; then
    # One file of each kind, for the smoke test.
    files=("$IN/empty.json" "$IN/binary.json" "$IN/deep_arrays.json" "$IN/preflib_cap.wmd"
           "$IN/conflict_bad_gmcrplus_condition_both_taken_and_not.json" "$IN/toy_bilateral.json")
fi

for f in "${files[@]}"; do
    for ex in "${FILE_EXAMPLES[@]}"; do
        # shellcheck disable=SC2046
        run "$ex" "$f" $(file_args "$ex")
    done
done

# The flag runs read a copy: an output flag aimed at a file that is not
# one of the run's inputs (`tournament --builtin --report FILE`) rightly
# overwrites it, and must never reach the repository.
B="$IN/belarus_2025.json"
S0="$IN/shard_0of2.json"; S1="$IN/shard_1of2.json"; SX="$IN/shard_other_seed.json"
absurd() {
    run belarus_2025 --runs 0
    run belarus_2025 --runs 18446744073709551615
    run belarus_2025 --runs 4 --rounds 3 --seed 18446744073709551615
    run belarus_2025 --runs 4 --rounds 3 --threads 0
    run belarus_2025 --runs 4 --rounds 4294967295
    run simulate "$B" --runs 18446744073709551616
    run simulate "$B" --rounds 0
    run simulate "$B" --runs 4 --rounds 3 --threads 100000
    run simulate "$B" --runs 4 --rounds 3 --shard 3/2 --out s.json
    run simulate "$B" --runs 4 --rounds 3 --shard 0/0 --out s.json
    run simulate "$B" --runs 4 --rounds 3 --sweep 'dynamics.rounds=6,24'
    run simulate "$B" --runs 4 --rounds 3 --sweep 'no.such.path=1,2'
    run simulate "$B" --runs 4 --rounds 3 --sweep "dynamics.arrest_rate=$(seq -s, 1 5000)"
    run simulate "$B" --runs 4 --rounds 3 --out /
    run simulate "$B" --runs 4 --rounds 3 --report /nonexistent/dir/r.html
    run simulate "$B" --runs 4 --rounds 3 --out "$B"
    run simulate "$B" --runs 4 --rounds 3 --plots /dev/null
    run simulate --merge "$S0" "$S1"
    run simulate --merge "$S0" "$SX"
    run simulate --merge "$S0" "$S0"
    run simulate --merge "$IN/shard_truncated.json" "$S1"
    run simulate --merge "$IN/shard_total_edited.json" "$S1"
    run simulate --merge "$IN/shard_field_renamed.json" "$S1"
    run simulate --merge "$IN/binary.json"
    run simulate --merge "$IN/empty.json"
    run simulate --merge /nonexistent
    run simulate --merge "$S0" "$S1" --out "$S0"
    run soak --runs 0
    run soak --batch 0
    run soak --runs 18446744073709551615 --batch 1
    run soak --runs 6 --batch 3 --rounds 2
    run history --runs 0
    run history --runs 4294967296
    run history --runs 3
    run history --runs 3 --plots /dev/null
    run history --runs 3 --plots /
    run explore "$B" --depth 0
    run explore "$B" --depth 4294967295 --max-nodes 1000
    run explore "$B" --depth 1 --max-nodes 0
    run explore "$B" --depth 2 --max-nodes 18446744073709551615 --batches 4294967295
    run explore "$B" --depth 1 --batches 0
    run explore "$B" --depth 1 --players USA,USA
    run explore "$B" --depth 1 --players XX,YY
    run explore "$B" --depth 1 --mediator --max-nodes 20000
    run clear_exchange "$IN/preflib_cap.wmd" --max-cycle 0
    run clear_exchange "$IN/preflib_weights_apart.wmd" --max-cycle 18446744073709551615 --max-chain 18446744073709551615
    run conflict --scale 0
    run conflict --scale 24
    run conflict --scale 64
    run conflict --scale 4 --dms 0
    run conflict --scale 4 --dms 1000
    run conflict --scale 4 --exclusions 1000
    run conflict "$IN/elmira.json" --explain 99999
    run conflict "$IN/elmira.json" --inverse 18446744073709551615
    run conflict "$IN/elmira.json" --concept bogus
    run tournament --builtin --reps 0
    run tournament --builtin --reps 1 --steps 0
    run tournament --builtin --reps 1 --steps 18446744073709551615
    run tournament --builtin --strategies ''
    run tournament --builtin --reps 1 --steps 10 --plots /dev/null
    run tournament "$B" --reps 1 --steps 10 --report "$B"
    run tournament
    run peer_negmas --n-small 0 --n-large 0 --warmup 0
    run peer_negmas --n-small 18446744073709551615
    run peer_negmas --n-small 2 --n-large 2 --warmup 0 --negmas "$IN/binary.json"
    run peer_negmas --n-small 2 --n-large 2 --warmup 0 --negmas /nonexistent
    run custom_strategy
    # Calibration and backtests read the record beside the scenario, so
    # they run on the shipped file itself (never with an output into the
    # repository: outputs go to the run's own folder or are refused).
    local R="$BELARUS" fit="$SCN/posterior/belarus_2025_cutoff_2025-06-30.json"
    local small=(--particles 4 --generations 1 --runs 2)
    run calibrate "$R" "${small[@]}"
    run calibrate "$R" --particles 0
    run calibrate "$R" --particles 18446744073709551615
    run calibrate "$R" --particles 4 --generations 4294967295 --runs 2 --max-nodes 40
    run calibrate "$R" --particles 4 --generations 4294967295 --runs 2 --time-limit 5
    run calibrate "$R" "${small[@]}" --runs 0
    run calibrate "$R" "${small[@]}" --sbc 0
    run calibrate "$R" "${small[@]}" --sbc 18446744073709551615 --max-nodes 40
    run calibrate "$R" "${small[@]}" --write "$R"
    run calibrate "$R" "${small[@]}" --write /
    run calibrate "$R" "${small[@]}" --write-draws d.json 0
    run calibrate "$R" "${small[@]}" --write-draws d.json 18446744073709551616
    run calibrate "$R" "${small[@]}" --calibration "$IN/binary.json"
    run calibrate "$R" "${small[@]}" --calibration /nonexistent
    run calibrate "$R" --time-limit 0
    run backtest "$R" --cutoff 2025-06-30 --fit "$fit" --draws 2 --runs-per-draw 2
    run backtest "$R" --cutoff 2025-06-30 "${small[@]}" --draws 2 --runs-per-draw 2
    run backtest "$R" --cutoff bogus
    run backtest "$R" --cutoff 1900-01-31
    run backtest "$R" --cutoff 9999-12-31
    run backtest "$R" --cutoff 2025-02-29
    run backtest "$R" --cutoff 2025-06-30 --draws 0
    run backtest "$R" --cutoff 2025-06-30 --fit "$fit" --runs-per-draw 0
    run backtest "$R" --cutoff 2025-06-30 --fit "$fit" --runs-per-draw 4294967295
    run backtest "$R" --cutoff 2025-06-30 --fit "$IN/binary.json"
    run backtest "$R" --cutoff 2025-06-30 --fit "$IN/empty.json"
    run backtest "$R" --cutoff 2025-06-30 --fit /nonexistent
    run backtest "$R" --cutoff 2025-06-30 "${small[@]}" --draws 2 --write-fit "$R"
    run backtest "$R" --cutoff 2025-06-30 --fit "$fit" --draws 2 --plots /dev/null
    run backtest "$R" --cutoff 2025-06-30 --fit "$fit" --series bogus
    run backtest "$R" --cutoff 2025-06-30 --particles 4 --generations 4294967295 --runs 2 --max-nodes 40 --draws 2 --runs-per-draw 2
    run backtest "$R" --cutoff 2025-06-30 "${small[@]}" --draws 18446744073709551615
    for ex in "${EXAMPLES[@]}"; do
        run "$ex" --no-such-flag
        run "$ex" "$(printf 'bad\377utf8')"
    done
}
if [ "$QUICK" = 1 ]; then
    run simulate --merge "$S0" "$SX"
    run conflict --scale 0
    run custom_strategy --no-such-flag
else
    absurd
fi

# ---------------------------------------------------------------- report
echo "| Example | Runs | Clean refusals | Successes | Failures |"
echo "|---|---:|---:|---:|---:|"
for ex in "${EXAMPLES[@]}"; do
    awk -F'\t' -v e="$ex" '$1 == e { r++; c[$2]++ }
        END { if (r) printf "| `%s` | %d | %d | %d | %d |\n", e, r, c["refusal"], c["success"], c["failure"] }' "$RESULTS"
done
awk -F'\t' '{ r++; c[$2]++ } END { printf "| **all** | %d | %d | %d | %d |\n", r, c["refusal"], c["success"], c["failure"] }' "$RESULTS"
if [ -s "$WORK/failures.txt" ]; then
    echo
    cat "$WORK/failures.txt"
    exit 1
fi
