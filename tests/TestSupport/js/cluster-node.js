// One node of the cluster-node contract (samples/Cluster in the issue tracker's horizontal-scaling issue),
// written with socket.io 4.8 and the official Redis adapters, so that every cluster test can run with
// Node nodes, .NET nodes or a mix of both.
//
// Env: PORT (0 = any free port), REDIS_URL, NODE_NAME,
//      REDIS_MODE = classic (default) | sharded | streams, REDIS_SUBSCRIPTION_MODE (sharded; default dynamic),
//      RECOVERY=1 turns on connection state recovery.
//      AMQP_URL instead of REDIS_URL: RabbitMQ in the format of docs/rabbitmq.md (./amqp-adapter.js); all-rooms then
//      answers with this node's rooms only.
// Prints "cluster node <name> listening on http://127.0.0.1:<port> (<mode>)" once it accepts connections,
// and stops on SIGTERM.
"use strict";

const http = require("node:http");
const { Server } = require("socket.io");
const { createClient } = require("redis");

const PORT = Number(process.env.PORT || 0);
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const NODE_NAME = process.env.NODE_NAME || "node";
const AMQP_URL = process.env.AMQP_URL;
const MODE = AMQP_URL ? "amqp" : process.env.REDIS_MODE || "classic";
const SUBSCRIPTION_MODE = process.env.REDIS_SUBSCRIPTION_MODE || "dynamic";
const RECOVERY = process.env.RECOVERY === "1";
const TIMEOUT = 3000;

function log(...args) {
  console.error(`[${NODE_NAME}]`, ...args);
}

// Ascending ordinal order (UTF-16 code units, as string.CompareOrdinal); non-strings compare by their JSON.
function sortKey(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}
function sorted(values) {
  return [...values].sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function redisClient() {
  const client = createClient({ url: REDIS_URL });
  // Without a listener an 'error' event would crash the process while Redis is away.
  client.on("error", (err) => log("redis error:", err.message));
  return client;
}

async function createAdapterFactory() {
  if (MODE === "amqp") {
    const rabbit = require("./amqp-adapter").createAdapter(AMQP_URL, { log });
    await rabbit.ready;
    return { adapter: rabbit.adapter, clients: [rabbit] };
  }
  if (MODE === "classic") {
    const { createAdapter } = require("@socket.io/redis-adapter");
    const pub = redisClient();
    const sub = pub.duplicate();
    sub.on("error", (err) => log("redis sub error:", err.message));
    await Promise.all([pub.connect(), sub.connect()]);
    return { adapter: createAdapter(pub, sub, { key: "socket.io", requestsTimeout: TIMEOUT }), clients: [pub, sub] };
  }
  if (MODE === "sharded") {
    const { createShardedAdapter } = require("@socket.io/redis-adapter");
    const pub = redisClient();
    const sub = pub.duplicate();
    sub.on("error", (err) => log("redis sub error:", err.message));
    await Promise.all([pub.connect(), sub.connect()]);
    return { adapter: createShardedAdapter(pub, sub, { subscriptionMode: SUBSCRIPTION_MODE }), clients: [pub, sub] };
  }
  if (MODE === "streams") {
    const { createAdapter } = require("@socket.io/redis-streams-adapter");
    const client = redisClient();
    await client.connect();
    return { adapter: createAdapter(client), clients: [client] };
  }
  throw new Error(`unknown REDIS_MODE ${MODE}`);
}

// Runs an async ack handler; a failure acks { error } instead of leaving the client waiting.
function handle(fn) {
  return async (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    try {
      const result = await fn(...args);
      if (ack) ack(result);
    } catch (err) {
      log("handler failed:", err && err.message);
      if (ack) ack(err && err.partial !== undefined ? { error: err.message, partial: err.partial } : { error: String(err && err.message) });
    }
  };
}

// An ack-collecting promise that rejects on timeout; keeps what arrived as `partial`, sorted.
async function collect(promise) {
  try {
    return sorted(await promise);
  } catch (err) {
    const e = new Error(err.message);
    e.partial = sorted(err.responses || []);
    throw e;
  }
}

async function allRooms(io) {
  // Classic Redis has a cluster-wide request for it (ALL_ROOMS); the other adapters have none, so the
  // rooms of every socket in the cluster (fetchSockets) give the same set.
  if (MODE === "classic") return sorted(new Set(await io.of("/").adapter.allRooms()));
  // RabbitMQ's format has no all-rooms request either; its contract is this node's rooms only.
  if (MODE === "amqp") return sorted(io.of("/").adapter.rooms.keys());
  const rooms = new Set();
  for (const s of await io.timeout(TIMEOUT).fetchSockets()) for (const r of s.rooms) rooms.add(r);
  return sorted(rooms);
}

async function main() {
  const { adapter, clients } = await createAdapterFactory();
  const httpServer = http.createServer();
  const options = { adapter, path: "/socket.io", transports: ["polling", "websocket"] };
  if (RECOVERY) options.connectionStateRecovery = { maxDisconnectionDuration: 120000, skipMiddlewares: true };
  const io = new Server(httpServer, options);

  io.use((socket, next) => {
    const auth = socket.handshake.auth || {};
    socket.data = { node: NODE_NAME, user: auth.user === undefined ? null : auth.user };
    if (typeof auth.room === "string") socket.join(auth.room);
    next();
  });

  io.on("connection", (socket) => {
    socket.on("whoami", handle(() => ({ node: NODE_NAME, id: socket.id })));
    socket.on("broadcast", (room, payload) => io.to(room).emit("msg", payload, NODE_NAME));
    socket.on(
      "fetch",
      handle(async (room) => {
        const sockets = await io.in(room).timeout(TIMEOUT).fetchSockets();
        const list = sockets.map((s) => ({
          id: s.id,
          node: s.data.node,
          user: s.data.user,
          rooms: sorted(s.rooms),
        }));
        return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),
    );
    socket.on(
      "sockets-join",
      handle((room, newRoom) => {
        io.in(room).socketsJoin(newRoom);
        return true;
      }),
    );
    socket.on(
      "sockets-leave",
      handle((room, oldRoom) => {
        io.in(room).socketsLeave(oldRoom);
        return true;
      }),
    );
    socket.on(
      "disconnect-room",
      handle((room) => {
        io.in(room).disconnectSockets(true);
        return true;
      }),
    );
    socket.on("ask", handle((room, question) => collect(io.to(room).timeout(TIMEOUT).emitWithAck("question", question))));
    socket.on("server-ask", handle((payload) => collect(io.serverSideEmitWithAck("server-question", payload))));
    socket.on("server-count", handle(() => io.of("/").adapter.serverCount()));
    socket.on("all-rooms", handle(() => allRooms(io)));
    socket.on("announce", (text) => io.serverSideEmit("announce", text));
  });

  io.on("server-question", (_payload, ack) => ack(NODE_NAME));
  io.on("announce", (text) => io.local.to("listeners").emit("announced", text, NODE_NAME));

  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(PORT, "127.0.0.1", resolve);
  });
  // The handler is in place before the address is printed: a test may send SIGTERM as soon as it reads it.
  let stopping = false;
  process.on("SIGTERM", async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    io.close();
    await Promise.allSettled(clients.map((c) => c.quit()));
    process.exit(0);
  });

  console.log(`cluster node ${NODE_NAME} listening on http://127.0.0.1:${httpServer.address().port} (${MODE})`);
}

main().catch((err) => {
  log("failed to start:", err && err.stack);
  process.exit(1);
});
