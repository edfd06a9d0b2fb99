#!/usr/bin/env bash
# Runs one memory scenario of docs/hardening.md against a fresh server and prints its VmRSS: idle, at the
# peak, and 5 s and 60 s after the scenario ended. Extra VAR=value arguments (GC settings) go to the server.
# Usage: bench/Memory/measure.sh <spike|claims|slow-reader> [VAR=value ...]
#   spike: samples/Chat and bench/Memory/spike.js; the attacks: bench/Server and bench/Memory/attacks.js.
# Needs ./test.sh (or the Release builds of samples/Chat and bench/Server) and the npm packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenario="$1"; shift
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
if [[ "$scenario" == spike ]]; then
  server="$root/samples/Chat/bin/Release/net10.0/Chat.dll"; driver=("$root/bench/Memory/spike.js" "$url")
else
  server="$root/bench/Server/bin/Release/net10.0/Server.dll"; driver=("$root/bench/Memory/attacks.js" "$url" "$scenario")
fi
env PORT="$port" Logging__LogLevel__SocketIO=Warning "$@" dotnet "$server" > /dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s "$url/socket.io/?EIO=4&transport=polling" > /dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
sleep 2
idle="$(rss)"
peak=0
NODE_PATH="$root/node_modules" node "${driver[@]}" > /tmp/measure-driver.$$ &
run=$!
while kill -0 "$run" 2>/dev/null; do r="$(rss)"; (( r > peak )) && peak=$r; sleep 0.1; done
sleep 5; after5="$(rss)"
sleep 55; after60="$(rss)"
echo "$scenario $* idle=${idle}MB peak=${peak}MB after5s=${after5}MB after60s=${after60}MB $(cat /tmp/measure-driver.$$)"
rm -f /tmp/measure-driver.$$
