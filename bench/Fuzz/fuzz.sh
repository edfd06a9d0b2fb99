#!/usr/bin/env bash
# The long fuzz campaign: every target (or the ones named) under afl-fuzz through SharpFuzz, one at a time.
#
#   bench/Fuzz/fuzz.sh [--execs N] [--timeout MS] [--out-of-process] [target...]   (default: 1000000 executions per target)
#   bench/Fuzz/fuzz.sh --mutate [--execs N] [target...]   (no afl-fuzz: the driver's coverage-less mutator)
#   bench/Fuzz/fuzz.sh --collect target...                 (only the bookkeeping below, for a campaign that ran on)
#
# It publishes bench/Fuzz/Driver, installs the SharpFuzz.CommandLine tool (2.3.0) under bench/Fuzz/out/tools,
# instruments the SocketIO assemblies it fuzzes (and MessagePack), and runs
#   afl-fuzz -i corpus/<target> -o findings/<target> -E <execs> -- dotnet SocketIO.Fuzz.dll <target>
# under nice -n 19, with the dictionary dict/ has for the target. SharpFuzz runs the target in the fork server's
# own process by default (several times faster); --out-of-process uses SharpFuzz's out-of-process server,
# which survives a hang or a fault that kills the process (afl-fuzz stops with an error in-process).
# Afterwards each target's new queue entries, crashes and hangs are copied into corpus/<target>/ (queue-*,
# crash-*, hang-*), where tests/Fuzz.Tests replays them, and a line per target (executions, run time, paths,
# crashes, hangs) is appended to findings/summary.txt.
# afl-fuzz comes from Debian's afl++ package: apt-get install -y afl++.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/out"
FINDINGS="$HERE/findings"
EXECS=1000000
# Above the targets' own 10 s deadline for a transport task, which then reports a hang as a finding.
TIMEOUT=20000
MODE=afl
IN_PROCESS=1
TARGETS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --execs) EXECS="$2"; shift ;;
    --timeout) TIMEOUT="$2"; shift ;;
    --mutate) MODE=mutate ;;
    --out-of-process) IN_PROCESS=0 ;;
    --collect) MODE=collect ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) TARGETS+=("$1") ;;
  esac
  shift
done

log() { echo "[fuzz.sh] $*"; }

# Keeps what a campaign learnt in corpus/<target>/ (new queue entries, minimized, not the seeds it started
# from; crashes; hangs) and appends its line to findings/summary.txt.
collect() {
  local t="$1" stats="$FINDINGS/$1/default/fuzzer_stats" dir="$HERE/corpus/$1" f kind kept=0
  local queue="$FINDINGS/$1/default/queue"
  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  # afl-cmin keeps the fewest queue entries that still cover every edge the queue reached.
  if command -v afl-cmin >/dev/null; then
    rm -rf "$FINDINGS/$t/cmin"
    if env $(cat "$FINDINGS/$t.env" 2>/dev/null) AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 \
        nice -n 19 afl-cmin -i "$queue" -o "$FINDINGS/$t/cmin" -t "$TIMEOUT" -m none -- "$(command -v dotnet)" "$DRIVER" "$t" \
        >"$FINDINGS/$t.cmin.log" 2>&1; then
      queue="$FINDINGS/$t/cmin"
    else
      log "afl-cmin $t failed (see $FINDINGS/$t.cmin.log); keeping the whole queue"
    fi
  fi
  for f in "$queue"/id:*; do
    [[ "$f" == *orig:* ]] && continue
    cp "$f" "$dir/queue-$(sha1sum "$f" | cut -c1-12)"
    kept=$((kept + 1))
  done
  for kind in crash hang; do
    for f in "$FINDINGS/$t"/default/"${kind/crash/crashe}s"/id:*; do
      [[ -e "$f" ]] || continue
      cp "$f" "$dir/$kind-$(sha1sum "$f" | cut -c1-12)"
    done
  done
  local mode; mode=$(grep -q SHARPFUZZ_IN_PROCESS=1 "$FINDINGS/$t.env" 2>/dev/null && echo in-process || echo out-of-process)
  echo "$(date -u +%F) $t: $(stat execs_done) executions in $(stat run_time) s, $(stat corpus_count) paths, $(stat saved_crashes) crashes, $(stat saved_hangs) hangs, $(stat execs_per_sec)/s, stability $(stat stability), $kept queue entries kept (afl-fuzz $(stat afl_version), SharpFuzz 2.3.0 $mode)" \
    | tee -a "$FINDINGS/summary.txt"
}

DRIVER="$OUT/bin/SocketIO.Fuzz.dll"
if [[ "$MODE" == collect ]]; then
  for t in "${TARGETS[@]}"; do collect "$t"; done
  exit 0
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
log "publishing the driver"
rm -rf "$OUT/bin"
dotnet publish "$HERE/Driver/SocketIO.Fuzz.csproj" -c Release -o "$OUT/bin" -nologo -v quiet
((${#TARGETS[@]})) || mapfile -t TARGETS < <(dotnet "$DRIVER" list | awk '{print $1}')
mkdir -p "$FINDINGS"

if [[ "$MODE" == mutate ]]; then
  for t in "${TARGETS[@]}"; do
    nice -n 19 dotnet "$DRIVER" mutate "$t" "$HERE/corpus/$t" "$EXECS" "$RANDOM" "$FINDINGS/$t/mutate-crashes" | tee -a "$FINDINGS/summary.txt" | tail -n 1
  done
  exit 0
fi

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install -y afl++ (or use --mutate)" >&2; exit 1; }
if [[ ! -x "$OUT/tools/sharpfuzz" ]]; then
  log "installing SharpFuzz.CommandLine 2.3.0"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$OUT/tools" >/dev/null
fi
for dll in SocketIO.Core SocketIO.Transports.WebSocket SocketIO.Parsers.MessagePack MessagePack; do
  log "instrumenting $dll.dll"
  "$OUT/tools/sharpfuzz" "$OUT/bin/$dll.dll" >/dev/null
done

# afl-fuzz drives dotnet, which it did not compile: no instrumentation check, no CPU pinning (the
# machine is shared), no core_pattern or governor demands, no curses screen.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_SKIP_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
if ((IN_PROCESS)); then export SHARPFUZZ_IN_PROCESS=1; else unset SHARPFUZZ_IN_PROCESS; fi
dictionary() {
  case "$1" in
    engine-packet|polling-payload|json-parser|cluster-codec) echo "$HERE/dict/json.dict" ;;
    msgpack-parser|msgpack-reader) echo "$HERE/dict/msgpack.dict" ;;
    websocket-frames|stream-frames) echo "$HERE/dict/frames.dict" ;;
  esac
}
for t in "${TARGETS[@]}"; do
  log "afl-fuzz $t: $EXECS executions"
  rm -rf "${FINDINGS:?}/$t"
  env | grep '^SHARPFUZZ_' >"$FINDINGS/$t.env" || true
  dict=()
  [[ -n "$(dictionary "$t")" ]] && dict=(-x "$(dictionary "$t")")
  [[ "$t" == cluster-codec ]] && dict+=(-x "$HERE/dict/msgpack.dict")
  nice -n 19 afl-fuzz -i "$HERE/corpus/$t" -o "$FINDINGS/$t" -t "$TIMEOUT" -m none -E "$EXECS" "${dict[@]}" -- dotnet "$DRIVER" "$t" \
    >"$FINDINGS/$t.log" 2>&1 || { log "afl-fuzz $t failed; see $FINDINGS/$t.log"; tail -n 20 "$FINDINGS/$t.log"; exit 1; }
  collect "$t"
done
