// A Node socket.io 4.8 server with the official Admin UI instrumentation (@socket.io/admin-ui 0.5.1, instrument())
// on the official Redis adapter: the reference node that the .NET instrumentation shares a cluster with.
//
// Env: PORT (0 = any free port), REDIS_URL, SERVER_ID, PASSWORD_HASH (bcrypt; user "admin").
// Prints "listening on http://127.0.0.1:<port>" once it accepts connections, and stops on SIGTERM.
"use strict";

const http = require("node:http");
const { Server } = require("socket.io");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-adapter");
const { instrument } = require("@socket.io/admin-ui");

const log = (...args) => console.error("[admin-node]", ...args);

async function main() {
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  pub.on("error", (err) => log("redis error:", err.message));
  sub.on("error", (err) => log("redis sub error:", err.message));
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  // The hosted UI connects from its own origin, with credentials.
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { requestsTimeout: 3000 }), cors: { origin: true, credentials: true } });
  instrument(io, {
    auth: { type: "basic", username: "admin", password: process.env.PASSWORD_HASH },
    serverId: process.env.SERVER_ID,
    mode: "development",
  });
  io.on("connection", (socket) => {
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack();
    });
  });
  io.of("/admin").on("connection", (socket) => socket.on("probe", (ack) => ack()));

  httpServer.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
    console.log(`listening on http://127.0.0.1:${httpServer.address().port}`);
  });

  process.on("SIGTERM", async () => {
    io.close();
    await Promise.allSettled([pub.quit(), sub.quit()]);
    process.exit(0);
  });
}

main().catch((err) => {
  log("failed:", err);
  process.exit(1);
});
