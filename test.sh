#!/usr/bin/env bash
# The project's single test command (CI runs it through .ci/run).
# Installs what is missing, builds Modular.sln once, packs src/ into artifacts/packages,
# runs every tests/**/*.Tests.csproj, and ends with exactly one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

RESULTS="$PWD/TestResults"
HANG_TIMEOUT="${TEST_HANG_TIMEOUT:-5m}"        # one test making no progress this long → killed
PROJECT_TIMEOUT="${TEST_PROJECT_TIMEOUT:-30m}"  # backstop for a whole test project

log() { echo "[test.sh] $*"; }

# --- 1. Debian packages the interop tests use (each test reports itself if one is missing) ---
missing=()
for pkg in redis-server rabbitmq-server chromium; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# The C device client (clients/c) is built by the TCP transport's tests with the system C compiler.
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
         apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/test-sh-apt.log 2>&1; then
    log "WARNING: apt-get failed (see /tmp/test-sh-apt.log); tests that need ${missing[*]} will say so"
    tail -n 5 /tmp/test-sh-apt.log
  fi
fi

# --- 2. npm packages (official socket.io clients for the interop tests and samples) ---
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error || log "WARNING: npm ci failed; interop tests that need node will say so"
fi

# --- 3. build once ---
log "dotnet build Modular.sln -c Release"
if ! dotnet build Modular.sln -c Release -v quiet -nologo; then
  log "BUILD FAILED"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# --- 4. pack every src/ project into the local feed that tests/Packages.Tests consumes ---
PACKAGES="$PWD/artifacts/packages"
rm -rf "$PACKAGES"
pack_failed=0
for proj in src/*/*.csproj; do
  if ! dotnet pack "$proj" -c Release --no-build -nologo -v quiet -o "$PACKAGES"; then
    log "PACK FAILED: $proj"
    pack_failed=$((pack_failed + 1))
  fi
done
log "packed $(find "$PACKAGES" -name '*.nupkg' 2>/dev/null | wc -l) packages into artifacts/packages"

# --- 5. run every test project, sum the TRX counters ---
# counter FILE NAME → the value of NAME="..." on the TRX <Counters .../> element (0 when absent)
counter() {
  local v
  v=$(grep -o '<Counters [^>]*' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9][0-9]*' | head -n 1)
  echo "${v:-0}"
}

total_passed=0 total_failed=$pack_failed total_skipped=0
lines=()
((pack_failed)) && lines+=("$(printf '%-40s %4d passed, %d failed, %d skipped  %s' "dotnet pack src/" 0 "$pack_failed" 0 "see PACK FAILED above")")
mapfile -t projects < <(find tests -name '*.Tests.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
for proj in "${projects[@]}"; do
  name=$(basename "$proj" .csproj)
  dir="$RESULTS/$name"
  rm -rf "$dir"
  log "dotnet test $proj"
  timeout --kill-after=30s "$PROJECT_TIMEOUT" \
    dotnet test "$proj" -c Release --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$dir" \
      --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none
  rc=$?
  trx="$dir/$name.trx"
  if [[ ! -f "$trx" ]] || ! grep -q '<Counters ' "$trx"; then
    p=0 f=1 s=0 note="no TRX produced (exit $rc; crashed, timed out, or not built - is it in Modular.sln?)"
  else
    p=$(counter "$trx" passed)
    f=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    # VSTest leaves notExecuted="0" for skipped xunit tests; they show as total - executed.
    s=$(( $(counter "$trx" total) - $(counter "$trx" executed) ))
    ((s < $(counter "$trx" notExecuted))) && s=$(counter "$trx" notExecuted)
    note=""
    if ((rc != 0 && f == 0)); then
      f=1 note="exit $rc with no failed test: test host crashed, hung or was aborted"
    fi
  fi
  lines+=("$(printf '%-40s %4d passed, %d failed, %d skipped  %s' "$name" "$p" "$f" "$s" "$note")")
  total_passed=$((total_passed + p)) total_failed=$((total_failed + f)) total_skipped=$((total_skipped + s))
done

echo
echo "==== test projects (${#projects[@]}) ===="
((${#lines[@]})) && printf '%s\n' "${lines[@]}"
((${#projects[@]})) || echo "(no tests/**/*.Tests.csproj found)"
echo "${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
((total_failed == 0 && total_passed > 0))
