"use strict";
// Reference server for the benchmark contract (docs/architecture.md#test-hosts, bench/Server):
// main namespace only, pingInterval 25000, default parser, WebSocket + polling.
//   echo(...args, ack)        -> ack(...args)
//   join(room[, ack])         -> socket.join(room); ack()
//   broadcast(room, payload)  -> io.to(room).emit("msg", payload)
// Nothing is logged per message or per connection.

const http = require("node:http");
const { Server } = require("socket.io");

const port = Number.parseInt(process.env.PORT || "3000", 10);
const host = "127.0.0.1";

const httpServer = http.createServer();
const io = new Server(httpServer, { pingInterval: 25000 });

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
  console.log(`node reference listening on http://${host}:${port}/socket.io/`);
});

function shutdown() {
  // Do not wait for clients to go away: the benchmark stops servers between runs.
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
