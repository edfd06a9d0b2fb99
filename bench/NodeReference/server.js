"use strict";
// Reference server for the benchmark contract (docs/architecture.md#test-hosts, bench/Server):
// main namespace only, pingInterval 25000, default parser, WebSocket + polling.
//   echo(...args, ack)        -> ack(...args)
//   join(room[, ack])         -> socket.join(room); ack()
//   broadcast(room, payload)  -> io.to(room).emit("msg", payload)
// Nothing is logged per message or per connection.
//
// With REDIS_URL (redis://127.0.0.1:P) it runs as one node of a cluster on @socket.io/redis-adapter 8.3
// with its defaults: REDIS_MODE = classic (createAdapter, the default) | sharded (createShardedAdapter,
// subscriptionMode "dynamic"). It listens only once both Redis connections are up.
// With AMQP_URL (amqp://guest:guest@127.0.0.1:P) instead it runs on RabbitMQ in the format of
// docs/rabbitmq.md, through the Node adapter over amqplib that the interop tests use
// (tests/TestSupport/js/amqp-adapter.js; its amqplib and notepack.io come from this folder's
// node_modules, found through NODE_PATH when the repository root has none).

const http = require("node:http");
const { Server } = require("socket.io");

const port = Number.parseInt(process.env.PORT || "3000", 10);
const host = "127.0.0.1";
const redisUrl = process.env.REDIS_URL || "";
const redisMode = process.env.REDIS_MODE || "classic";
const amqpUrl = process.env.AMQP_URL || "";

async function redisAdapter() {
  // Required here only, so that the single-node reference loads nothing it does not use.
  const { createClient } = require("redis");
  const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  // Without a listener an 'error' event would crash the process.
  pub.on("error", (err) => console.error("redis pub error:", err.message));
  sub.on("error", (err) => console.error("redis sub error:", err.message));
  await Promise.all([pub.connect(), sub.connect()]);
  if (redisMode === "classic") {
    return createAdapter(pub, sub);
  }
  if (redisMode === "sharded") {
    return createShardedAdapter(pub, sub);
  }
  throw new Error(`REDIS_MODE '${redisMode}' is not classic or sharded`);
}

async function amqpAdapter() {
  const path = require("node:path");
  const { createAdapter } = require(path.join(__dirname, "..", "..", "tests", "TestSupport", "js", "amqp-adapter.js"));
  const rabbit = createAdapter(amqpUrl, { log: (...args) => console.error("amqp:", ...args) });
  await rabbit.ready;
  return rabbit.adapter;
}

async function main() {
  const httpServer = http.createServer();
  const options = { pingInterval: 25000 };
  if (redisUrl) {
    options.adapter = await redisAdapter();
  } else if (amqpUrl) {
    options.adapter = await amqpAdapter();
  }
  const io = new Server(httpServer, options);

  io.on("connection", (socket) => {
    socket.on("echo", (...args) => {
      const ack = args.length > 0 ? args[args.length - 1] : undefined;
      if (typeof ack === "function") {
        args.pop();
        ack(...args);
      }
    });

    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") {
        ack();
      }
    });

    socket.on("broadcast", (room, payload) => {
      io.to(room).emit("msg", payload);
    });
  });

  httpServer.listen(port, host, () => {
    const cluster = redisUrl ? ` (redis ${redisMode})` : amqpUrl ? " (rabbitmq)" : "";
    console.log(`node reference listening on http://${host}:${port}/socket.io/${cluster}`);
  });
}

function shutdown() {
  // Do not wait for clients to go away: the benchmark stops servers between runs.
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

main().catch((err) => {
  console.error("node reference failed to start:", err);
  process.exit(1);
});
