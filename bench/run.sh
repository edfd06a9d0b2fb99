#!/usr/bin/env bash
# Benchmark driver: our Socket.IO server (bench/Server) vs the Node reference (socket.io 4.8)
# vs a bare Kestrel WebSocket ceiling (bench/RawWebSocket), all driven by bench/LoadGen.
#
#   bench/run.sh [--quick] [--cluster] [--rounds N] [--servers ours,node,raw] [--only REGEX]
#   bench/run.sh --servers ours,ours-csr --only "echo|fanout"   # the cost of connection state recovery
#   bench/run.sh --servers ours,ours-kestrel --only "echo|connect"   # WebSockets owning their connection vs Kestrel's stream
#   bench/run.sh --cluster --servers ours,ours-nospin,node --only " 20 "   # the thread pool's spin-wait
#   bench/run.sh --servers ours,ours-tiering --only "echo 100|fanout 1000 20"   # tiering up at once vs the runtime's delay
#   LOADGEN_ARGS="--ws-client dotnet" bench/run.sh ...   # LoadGen on ClientWebSocket instead of its own framing
#   OURS_CMD="dotnet path/to/Other.dll" bench/run.sh ...   # run another build as 'ours'
#
# Every run starts a fresh server on a free loopback port (pinned to CPU 0 when there are at
# least two CPUs; LoadGen gets CPU 1), runs one scenario, and stops the server with SIGTERM.
# Servers are interleaved per scenario (A B C A B C ...). The medians per scenario and server
# are printed as a table and written as one JSON line to bench/results/latest.json.
# --cluster runs the cluster scenarios instead: three nodes of one server kind (CPU 0) on one broker
# (CPU 1, with LoadGen): a fresh redis-server per run (REDIS_URL, REDIS_MODE=classic|sharded), or one
# rabbitmq-server node for the whole invocation (AMQP_URL). Nodes 1 and 2 hold the room, node 3 none.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS_DIR="$BENCH/results"

MODE=full
CLUSTER=0
ROUNDS=""
SERVERS=""
ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) MODE=quick ;;
    --cluster) CLUSTER=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --servers) SERVERS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;   # only the scenarios matching this extended regex
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

if [[ "$MODE" == quick ]]; then
  ROUNDS="${ROUNDS:-1}"
  SCENARIOS=("echo 50 2" "echo 200 2" "fanout 200 0 2" "fanout 200 20 2" "connect 2000" "connect 500" "polling 20 2"
             "tcp echo 50 2" "tcp fanout 200 0 2" "tcp connect 2000")
  CLUSTER_SCENARIOS=("cluster-fanout classic 200 0 2" "cluster-fanout classic 200 20 2" "cluster-fanout sharded 200 0 2" "cluster-fanout sharded 200 20 2"
                     "cluster-fanout rabbitmq 200 0 2" "cluster-fanout rabbitmq 200 20 2")
  LOADGEN_OPTS=(--warmup 0.5 --settle 0.5 --drain 1 --warmup-conns 50)
  RUN_TIMEOUT=60
else
  ROUNDS="${ROUNDS:-3}"
  SCENARIOS=("echo 100 10" "echo 1000 10" "fanout 1000 0 10" "fanout 1000 20 10" "connect 10000" "connect 1000" "polling 50 10"
             "tcp echo 100 10" "tcp echo 1000 10" "tcp fanout 1000 0 10" "tcp fanout 1000 20 10" "tcp connect 10000")
  CLUSTER_SCENARIOS=("cluster-fanout classic 1000 0 8" "cluster-fanout classic 1000 20 8" "cluster-fanout sharded 1000 0 8" "cluster-fanout sharded 1000 20 8"
                     "cluster-fanout rabbitmq 1000 0 8" "cluster-fanout rabbitmq 1000 20 8")
  LOADGEN_OPTS=(--warmup 1 --settle 2 --drain 2 --warmup-conns 100)
  RUN_TIMEOUT=300
fi
# LOADGEN_ARGS adds LoadGen options to every run, e.g. LOADGEN_ARGS="--ws-client dotnet".
read -r -a LOADGEN_EXTRA <<<"${LOADGEN_ARGS:-}"
LOADGEN_OPTS+=("${LOADGEN_EXTRA[@]}")
if [[ $CLUSTER == 1 ]]; then
  SCENARIOS=("${CLUSTER_SCENARIOS[@]}")
  MODE="cluster-$MODE"
  SERVERS="${SERVERS:-ours,node}"
else
  SERVERS="${SERVERS:-ours,node,raw}"
fi
if [[ -n "$ONLY" ]]; then
  kept=()
  for scenario in "${SCENARIOS[@]}"; do
    [[ "$scenario" =~ $ONLY ]] && kept+=("$scenario")
  done
  SCENARIOS=("${kept[@]}")
fi
if [[ $CLUSTER == 1 ]]; then
  # The brokers the chosen scenarios need; RabbitMQ's scripts are run directly (Debian's /usr/sbin
  # wrappers would switch to the rabbitmq user).
  RABBIT_BIN=/usr/lib/rabbitmq/bin
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || RABBIT_BIN="$(dirname "$(command -v rabbitmq-server 2>/dev/null || echo /nonexistent/x)")"
  kept=()
  for scenario in "${SCENARIOS[@]}"; do
    if [[ "$scenario" == *" rabbitmq "* && ! -x "$RABBIT_BIN/rabbitmq-server" ]]; then
      echo "run.sh: skipping '$scenario': rabbitmq-server is not installed" >&2
    elif [[ "$scenario" != *" rabbitmq "* ]] && ! command -v redis-server >/dev/null; then
      echo "run.sh: skipping '$scenario': redis-server is not on PATH" >&2
    else
      kept+=("$scenario")
    fi
  done
  SCENARIOS=("${kept[@]}")
fi

log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# 10k connections need more descriptors than the usual 1024 (each side holds one per connection).
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "mode=$MODE rounds=$ROUNDS open-files=$(ulimit -n) nproc=$(nproc) loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
if (( $(ulimit -n) < 12000 )); then
  log "warning: open-file limit $(ulimit -n) is too low for 10k connections"
fi

SERVER_PIN=()
LOADGEN_PIN=()
if (( $(nproc) >= 2 )) && command -v taskset >/dev/null; then
  SERVER_PIN=(taskset -c 0)
  LOADGEN_PIN=(taskset -c 1)
else
  log "warning: fewer than 2 CPUs (or no taskset): server and LoadGen share CPUs"
fi

# ---------------------------------------------------------------- build
LOADGEN_DLL="$BENCH/LoadGen/bin/Release/net10.0/LoadGen.dll"
RAW_DLL="$BENCH/RawWebSocket/bin/Release/net10.0/RawWebSocket.dll"
OURS_DLL="$BENCH/Server/bin/Release/net10.0/Server.dll"

want() { [[ ",$SERVERS," == *",$1,"* ]]; }

BUILD_DIR="$(mktemp -d)"
build_bg() { # name csproj: builds in the background, output to $BUILD_DIR/name.log, status to name.rc
  ( dotnet build "$2" -c Release -nologo -v q -clp:NoSummary >"$BUILD_DIR/$1.log" 2>&1; echo $? >"$BUILD_DIR/$1.rc" ) &
}
build_ok() {
  if [[ "$(cat "$BUILD_DIR/$1.rc" 2>/dev/null)" == 0 ]]; then
    return 0
  fi
  grep -E 'error|warning' "$BUILD_DIR/$1.log" | sort -u | head -n 20 >&2 || true
  return 1
}

HAVE_OURS=0
if want ours; then
  if [[ -n "${OURS_CMD:-}" ]]; then
    log "using OURS_CMD='$OURS_CMD' as 'ours' (bench/Server is not built)"
  elif [[ -f "$BENCH/Server/Server.csproj" ]]; then
    HAVE_OURS=1
  else
    log "warning: bench/Server/Server.csproj does not exist yet; skipping 'ours'"
  fi
fi

log "building (Release): LoadGen$([[ $CLUSTER == 0 ]] && echo ' RawWebSocket')$([[ $HAVE_OURS == 1 ]] && echo ' Server')"
build_bg loadgen "$BENCH/LoadGen/LoadGen.csproj"
[[ $CLUSTER == 0 ]] && build_bg raw "$BENCH/RawWebSocket/RawWebSocket.csproj"
[[ $HAVE_OURS == 1 ]] && build_bg ours "$BENCH/Server/Server.csproj"
wait
build_ok loadgen || { log "error: LoadGen failed to build"; exit 1; }

ACTIVE=()
if want ours && [[ -n "${OURS_CMD:-}" ]]; then
  ACTIVE+=(ours)
elif [[ $HAVE_OURS == 1 ]]; then
  if build_ok ours && [[ -f "$OURS_DLL" ]]; then
    ACTIVE+=(ours)
  else
    log "warning: bench/Server failed to build; skipping 'ours'"
  fi
fi
# ours-csr: bench/Server with connection state recovery on (--servers ours,ours-csr measures its cost).
if want ours-csr && [[ -z "${OURS_CMD:-}" && $HAVE_OURS == 1 ]] && build_ok ours && [[ -f "$OURS_DLL" ]]; then
  ACTIVE+=(ours-csr)
fi
# ours-kestrel: bench/Server with its WebSockets left on Kestrel's upgraded stream (no connection handoff),
# to compare with 'ours', which hands each connection over after the upgrade (UseSocketIOConnections).
if want ours-kestrel && [[ -z "${OURS_CMD:-}" && $HAVE_OURS == 1 ]] && build_ok ours && [[ -f "$OURS_DLL" ]]; then
  ACTIVE+=(ours-kestrel)
fi
# ours-tiering: bench/Server with the runtime's default delay before tiering up (see OURS_ENV below).
if want ours-tiering && [[ -z "${OURS_CMD:-}" && $HAVE_OURS == 1 ]] && build_ok ours && [[ -f "$OURS_DLL" ]]; then
  ACTIVE+=(ours-tiering)
fi
# ours-nospin: bench/Server with the thread pool's spin-wait before sleeping turned off
# (--servers ours,ours-nospin,node measures what the spinning costs three nodes sharing one CPU).
if want ours-nospin && [[ -z "${OURS_CMD:-}" && $HAVE_OURS == 1 ]] && build_ok ours && [[ -f "$OURS_DLL" ]]; then
  ACTIVE+=(ours-nospin)
fi
if want node; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    NODE_DIR="$BENCH/NodeReference"
    if [[ ! -f "$NODE_DIR/node_modules/.package-lock.json" || "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]]; then
      log "npm ci in bench/NodeReference"
      (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    ACTIVE+=(node)
  else
    log "warning: node/npm not found; skipping 'node'"
  fi
fi
if want raw && [[ $CLUSTER == 1 ]]; then
  log "warning: raw has no cluster mode; skipping 'raw'"
elif want raw; then
  if build_ok raw; then
    ACTIVE+=(raw)
  else
    log "warning: RawWebSocket failed to build; skipping 'raw'"
  fi
fi
rm -rf "$BUILD_DIR"
if (( ${#ACTIVE[@]} == 0 )); then
  log "no server to benchmark"
  exit 1
fi
log "servers: ${ACTIVE[*]}"

# Every bench/Server variant tiers its hot methods up as soon as they are counted (TC_CallCountingDelayMs=0).
# The runtime's default waits 100 ms, ten times that on one CPU, and starts again after any new method: on
# the one core the server gets, the recompilation then runs seconds into the measured window and stalls
# whatever the server is doing (fan-out rounds at 20/s took twice as long while it ran). Node's optimizing
# compiler has no such delay. 'ours-tiering' keeps the runtime's default.
OURS_ENV="env DOTNET_TC_CallCountingDelayMs=0"
server_command() {
  case "$1" in
    ours) echo "${OURS_CMD:-$OURS_ENV dotnet $OURS_DLL}" ;;
    ours-csr) echo "$OURS_ENV SOCKETIO_BENCH_RECOVERY=1 dotnet $OURS_DLL" ;;
    ours-kestrel) echo "$OURS_ENV SOCKETIO_BENCH_KESTREL_STREAMS=1 dotnet $OURS_DLL" ;;
    ours-nospin) echo "$OURS_ENV DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet $OURS_DLL" ;;
    ours-tiering) echo "dotnet $OURS_DLL" ;;
    node) echo "node $BENCH/NodeReference/server.js" ;;
    raw) echo "dotnet $RAW_DLL" ;;
  esac
}

# ---------------------------------------------------------------- server lifecycle
SERVER_PID=""    # the one server of a single-node run, or the first node of a cluster run
SERVER_PIDS=()   # every server process of the current run
REDIS_PID=""
RABBIT_PID=""    # the rabbitmq-server node (beam.smp) shared by every RabbitMQ run

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 12000 ))   # below the default ephemeral range (32768+)
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

pick_ports() { # count: fills PICKED with that many distinct free ports
  local port
  PICKED=()
  while (( ${#PICKED[@]} < $1 )); do
    port=$(free_port)
    [[ " ${PICKED[*]} " == *" $port "* ]] || PICKED+=("$port")
  done
}

launch_server() { # name port logfile [VAR=value...]: starts a server in the background; its pid goes to LAUNCHED
  local name=$1 port=$2 logfile=$3 cmd
  shift 3
  read -r -a cmd <<<"$(server_command "$name")"
  # PORT is the contract; ASPNETCORE_URLS also covers a host that only reads the standard setting.
  env PORT="$port" ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" "${SERVER_PIN[@]}" "${cmd[@]}" >>"$logfile" 2>&1 &
  LAUNCHED=$!
  SERVER_PIDS+=("$LAUNCHED")
}

await_server() { # pid name port logfile: waits until the port accepts connections (30 s at most)
  local deadline=$(( SECONDS + 30 ))
  until port_in_use "$3"; do
    if ! kill -0 "$1" 2>/dev/null; then
      log "error: $2 exited during start-up (see $4)"
      return 1
    fi
    if (( SECONDS > deadline )); then
      log "error: $2 did not listen on port $3 within 30 s"
      return 1
    fi
    sleep 0.05
  done
}

start_server() { # name port logfile [VAR=value...]
  launch_server "$@"
  SERVER_PID=$LAUNCHED
  if ! await_server "$SERVER_PID" "$1" "$2" "$3"; then
    stop_server
    return 1
  fi
}

# Three nodes of one server kind on one broker, started together. On a busy machine a node can give
# up on the broker during start-up (ours allows 3 s to connect to Redis): such a node is started once more.
CLUSTER_PORTS=()
start_cluster() { # name logprefix VAR=value...: the broker's settings; CLUSTER_PORTS must hold three free ports
  local name=$1 prefix=$2 i attempt
  shift 2
  # NODE_PATH: the Node reference's RabbitMQ adapter (tests/TestSupport/js) finds amqplib in bench/NodeReference.
  local pids=() env=("$@" NODE_PATH="$BENCH/NodeReference/node_modules")
  for i in 0 1 2; do
    launch_server "$name" "${CLUSTER_PORTS[$i]}" "$prefix.node$(( i + 1 )).log" "${env[@]}"
    pids+=("$LAUNCHED")
  done
  for i in 0 1 2; do
    for attempt in 1 2; do
      if await_server "${pids[$i]}" "$name node $(( i + 1 ))" "${CLUSTER_PORTS[$i]}" "$prefix.node$(( i + 1 )).log"; then
        break
      fi
      if (( attempt == 2 )); then
        stop_server
        return 1
      fi
      kill -KILL "${pids[$i]}" 2>/dev/null || true
      log "starting $name node $(( i + 1 )) again"
      launch_server "$name" "${CLUSTER_PORTS[$i]}" "$prefix.node$(( i + 1 )).log" "${env[@]}"
      pids[$i]=$LAUNCHED
    done
  done
  CLUSTER_PIDS=("${pids[@]}")
  SERVER_PID=${pids[0]}
}

start_redis() { # port logfile: a throwaway redis-server on CPU 1 (with LoadGen), no persistence
  "${LOADGEN_PIN[@]}" redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no >"$2" 2>&1 &
  REDIS_PID=$!
  local deadline=$(( SECONDS + 10 ))
  until [[ "$(redis-cli -p "$1" ping 2>/dev/null)" == PONG ]]; do
    if ! kill -0 "$REDIS_PID" 2>/dev/null || (( SECONDS > deadline )); then
      log "error: redis-server did not start on port $1 (see $2)"
      stop_redis
      return 1
    fi
    sleep 0.05
  done
}

stop_redis() {
  [[ -n "$REDIS_PID" ]] || return 0
  kill -TERM "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=""
}

# A rabbitmq-server node of our own on CPU 1 (with LoadGen), as tests/TestSupport/RabbitMqServer.cs
# starts one: its own node name, free AMQP and distribution ports on 127.0.0.1, and its database,
# logs and Erlang cookie in a temporary folder. Ready in about 8 s; shared by every RabbitMQ run.
RABBIT_DIR=""
rabbit_env() {
  env HOME="$RABBIT_DIR" RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$RABBIT_PORT" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" RABBITMQ_LOG_BASE="$RABBIT_DIR/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq" RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid" \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" "$@"
}
rabbitmqctl_() { rabbit_env "$RABBIT_BIN/rabbitmqctl" -n "$RABBIT_NODE" "$@"; }

start_rabbit() { # logfile: starts the node unless it runs; RABBIT_PORT and RABBIT_PID describe it
  [[ -n "$RABBIT_PID" ]] && kill -0 "$RABBIT_PID" 2>/dev/null && return 0
  stop_rabbit
  RABBIT_DIR="$(mktemp -d -t bench-rabbitmq-XXXXXX)"
  RABBIT_NODE="bench$$@localhost"
  pick_ports 2
  RABBIT_PORT=${PICKED[0]} RABBIT_DIST_PORT=${PICKED[1]}
  echo '[].' >"$RABBIT_DIR/enabled_plugins"
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  log "starting rabbitmq-server $RABBIT_NODE on port $RABBIT_PORT"
  # In its own folder, where an Erlang crash dump would land.
  (cd "$RABBIT_DIR" && rabbit_env "${LOADGEN_PIN[@]}" "$RABBIT_BIN/rabbitmq-server" >"$1" 2>&1) &
  RABBIT_LAUNCHER=$!
  # `wait` waits for the pid file and the boot; await_startup for the application.
  if ! rabbitmqctl_ wait "$RABBIT_DIR/rabbitmq.pid" --timeout 60 >>"$1" 2>&1 \
    || ! rabbitmqctl_ await_startup --timeout 60 >>"$1" 2>&1; then
    log "error: rabbitmq-server did not start (see $1)"
    RABBIT_PID=$(cat "$RABBIT_DIR/rabbitmq.pid" 2>/dev/null || true)
    stop_rabbit
    return 1
  fi
  RABBIT_PID=$(cat "$RABBIT_DIR/rabbitmq.pid")
}

stop_rabbit() { # SIGTERM to the node (a clean shutdown), SIGKILL 20 s later; then its folder goes
  if [[ -n "$RABBIT_PID" ]]; then
    kill -TERM "$RABBIT_PID" 2>/dev/null || true
    local deadline=$(( SECONDS + 20 ))
    while kill -0 "$RABBIT_PID" 2>/dev/null; do
      if (( SECONDS > deadline )); then
        log "warning: rabbitmq-server $RABBIT_PID ignored SIGTERM for 20 s; killing it"
        kill -KILL "$RABBIT_PID" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  fi
  if [[ -n "${RABBIT_LAUNCHER:-}" ]]; then
    kill -KILL "$RABBIT_LAUNCHER" 2>/dev/null || true
    wait "$RABBIT_LAUNCHER" 2>/dev/null || true
  fi
  [[ -z "$RABBIT_DIR" ]] || rm -rf "$RABBIT_DIR"
  RABBIT_PID="" RABBIT_LAUNCHER="" RABBIT_DIR=""
}

stop_server() { # stops every server of the run: SIGTERM, then SIGKILL for those still alive 10 s later
  (( ${#SERVER_PIDS[@]} > 0 )) || return 0
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  local deadline=$(( SECONDS + 10 ))
  for pid in "${SERVER_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS > deadline )); then
        log "warning: server $pid ignored SIGTERM for 10 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.05
    done
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
  SERVER_PID=""
}
trap 'stop_server; stop_redis; stop_rabbit' EXIT
trap 'stop_server; stop_redis; stop_rabbit; exit 130' INT TERM

# ---------------------------------------------------------------- runs
mkdir -p "$RESULTS_DIR/logs"
STAMP="$(date +%Y%m%d-%H%M%S)"
RESULTS_FILE="$RESULTS_DIR/runs-$STAMP-$MODE.jsonl"
: >"$RESULTS_FILE"
FAILURES=0
STARTED=$SECONDS

for round in $(seq 1 "$ROUNDS"); do
  for scenario in "${SCENARIOS[@]}"; do
    for server in "${ACTIVE[@]}"; do
      target=sio
      [[ "$server" == raw ]] && target=raw
      if [[ "$scenario" == polling* && "$target" == raw ]]; then
        continue
      fi
      # "tcp ..." scenarios: the same scenario over the raw TCP transport, ours only (reported as ours-tcp).
      tcp_port="" tcp_args=() name="$server" run_scenario="$scenario"
      if [[ "$scenario" == tcp\ * ]]; then
        [[ "$server" == ours ]] || continue
        run_scenario="${scenario#tcp }"
        tcp_port=$(free_port)
        tcp_args=(--tcp-port "$tcp_port")
        name=ours-tcp
      fi

      slug="${name}-${run_scenario// /_}-r${round}"
      read -r -a scenario_args <<<"$run_scenario"
      if [[ $CLUSTER == 1 ]]; then
        # cluster-fanout MODE ...: nodes 1 and 2 hold the room, node 3 none of it.
        pick_ports 4
        CLUSTER_PORTS=("${PICKED[@]:0:3}")
        mode=${scenario_args[1]}
        if [[ "$mode" == rabbitmq ]]; then
          # One broker for every RabbitMQ run: each node's queue is exclusive and goes with its connection.
          if ! start_rabbit "$RESULTS_DIR/logs/$STAMP-rabbitmq.log"; then
            FAILURES=$(( FAILURES + 1 ))
            continue
          fi
          broker_env=(AMQP_URL="amqp://guest:guest@127.0.0.1:$RABBIT_PORT")
          broker_args=(--broker "127.0.0.1:$RABBIT_PORT" --broker-pid "$RABBIT_PID")
        else
          redis_port=${PICKED[3]}
          if ! start_redis "$redis_port" "$RESULTS_DIR/logs/$STAMP-$slug.redis.log"; then
            FAILURES=$(( FAILURES + 1 ))
            continue
          fi
          broker_env=(REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_MODE="$mode")
          broker_args=(--broker "127.0.0.1:$redis_port" --broker-pid "$REDIS_PID")
        fi
        if ! start_cluster "$server" "$RESULTS_DIR/logs/$STAMP-$slug" "${broker_env[@]}"; then
          stop_redis
          FAILURES=$(( FAILURES + 1 ))
          continue
        fi
        target_args=(--url "http://127.0.0.1:${CLUSTER_PORTS[0]}" --server-pid "${CLUSTER_PIDS[0]}"
          --url2 "http://127.0.0.1:${CLUSTER_PORTS[1]}" --server2-pid "${CLUSTER_PIDS[1]}"
          --url3 "http://127.0.0.1:${CLUSTER_PORTS[2]}" --server3-pid "${CLUSTER_PIDS[2]}"
          "${broker_args[@]}")
      else
        port=$(free_port)
        if ! start_server "$server" "$port" "$RESULTS_DIR/logs/$STAMP-$slug.server.log" TCP_PORT="$tcp_port"; then
          FAILURES=$(( FAILURES + 1 ))
          continue
        fi
        target_args=(--url "http://127.0.0.1:$port" --server-pid "$SERVER_PID")
      fi
      if [[ -n "$tcp_port" ]]; then
        deadline=$(( SECONDS + 30 ))
        until port_in_use "$tcp_port" || (( SECONDS > deadline )); do sleep 0.05; done
      fi

      set +e
      output=$(timeout "$RUN_TIMEOUT" \
        "${LOADGEN_PIN[@]}" dotnet "$LOADGEN_DLL" --target "$target" "${target_args[@]}" \
        --server-name "$name" "${tcp_args[@]}" "${LOADGEN_OPTS[@]}" "${scenario_args[@]}" 2>&1)
      status=$?
      set -e
      stop_server
      stop_redis

      printf '%s\n' "$output" >"$RESULTS_DIR/logs/$STAMP-$slug.loadgen.log"
      grep '^RESULT ' <<<"$output" | sed 's/^RESULT //' >>"$RESULTS_FILE" || true
      human=$(grep -v '^RESULT ' <<<"$output" | grep '^\[' | tail -n 1 || true)
      printf 'round %s  %s\n' "$round" "${human:-$server $scenario: no result}"
      if (( status != 0 )); then
        FAILURES=$(( FAILURES + 1 ))
        log "warning: LoadGen exited with $status for $name '$run_scenario' (log: results/logs/$STAMP-$slug.loadgen.log)"
      fi
    done
  done
done

log "runs finished in $(( SECONDS - STARTED )) s (loadavg now $(cut -d' ' -f1-3 /proc/loadavg); other work on this machine skews results); raw results: ${RESULTS_FILE#"$BENCH/"}"
echo
dotnet "$LOADGEN_DLL" summarize "$RESULTS_FILE" --out "$RESULTS_DIR/latest.json" --mode "$MODE" --rounds "$ROUNDS"
log "wrote bench/results/latest.json ($FAILURES run(s) reported problems)"
