// A memory spike against a Socket.IO server: CLIENTS official clients connect over WebSocket, each
// sends MESSAGES events of SIZE bytes and waits for their acks, then all disconnect.
// Usage: node bench/Memory/spike.js <url> [event]   (env: CLIENTS=100 MESSAGES=5 SIZE=500000)
"use strict";
const { io } = require("socket.io-client");

const [url, event = "chat message"] = process.argv.slice(2);
const clients = Number(process.env.CLIENTS || 100);
const messages = Number(process.env.MESSAGES || 5);
const size = Number(process.env.SIZE || 500000);

async function one(i) {
  const socket = io(url, { forceNew: true, reconnection: false, transports: ["websocket"], auth: { nickname: `spike${i}` } });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const text = "x".repeat(size);
  await Promise.all(Array.from({ length: messages }, () => socket.timeout(30000).emitWithAck(event, text)));
  return socket;
}

(async () => {
  const started = Date.now();
  const sockets = await Promise.all(Array.from({ length: clients }, (_, i) => one(i)));
  for (const s of sockets) s.disconnect();
  console.log(JSON.stringify({ clients, messages, size, ms: Date.now() - started }));
  setTimeout(() => process.exit(0), 500);
})().catch((err) => {
  console.log(JSON.stringify({ error: String(err) }));
  process.exit(1);
});
