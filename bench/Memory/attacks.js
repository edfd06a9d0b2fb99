// Hostile clients of docs/hardening.md, against a Socket.IO server at <url> (bench/Server):
//   claims       CLIENTS raw WebSockets each send a frame header claiming 999,000 bytes and 10 of them (24 bytes), and hold
//   slow-reader  one raw WebSocket joins room "r" and never reads, while an official client broadcasts 64 KB to "r" COUNT times
// Usage: node bench/Memory/attacks.js <url> <claims|slow-reader>   (env: CLIENTS=1000 COUNT=2000 HOLD_MS=10000)
"use strict";
const net = require("net");
const crypto = require("crypto");
const { io } = require("socket.io-client");

const [url, attack] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const hold = Number(process.env.HOLD_MS || 10000);

function frame(text) {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
  return Buffer.concat([head, mask, payload.map((b, i) => b ^ mask[i & 3])]);
}

// A raw WebSocket to the Socket.IO endpoint, resolved once the 101 response has arrived.
function rawWebSocket() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    socket.once("data", (data) => (data.toString().startsWith("HTTP/1.1 101") ? resolve(socket) : reject(new Error(data.toString()))));
    socket.on("error", () => {});
  });
}

const attacks = {
  async claims() {
    const clients = Number(process.env.CLIENTS || 1000);
    const sockets = [];
    for (let i = 0; i < clients; i++) {
      const s = await rawWebSocket();
      // FIN + text, masked, 64-bit length 999,000, mask, then 10 payload bytes: 24 bytes in all.
      const header = Buffer.alloc(14);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(999000n, 2);
      s.write(Buffer.concat([header, Buffer.alloc(10, 0x20)]));
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, hold));
    sockets.forEach((s) => s.destroy());
    return { clients };
  },

  async "slow-reader"() {
    const count = Number(process.env.COUNT || 2000);
    const slow = await rawWebSocket();
    slow.write(frame("40"));
    slow.write(frame('42["join","r"]'));
    slow.pause(); // never reads again
    const fast = io(url, { transports: ["websocket"], reconnection: false });
    await new Promise((resolve) => fast.once("connect", resolve));
    await fast.emitWithAck("join", "r");
    const payload = "x".repeat(64 * 1024);
    let sent = 0;
    for (; sent < count; sent++) {
      const got = new Promise((resolve) => fast.once("msg", resolve));
      fast.emit("broadcast", "r", payload);
      await got;
    }
    // Read what the server still sent the slow client: it ends with the server closing the connection.
    const closedByServer = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      slow.once("end", () => { clearTimeout(timer); resolve(true); });
      slow.resume();
    });
    slow.destroy();
    fast.disconnect();
    return { sent, closedByServer };
  },
};

attacks[attack]().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (err) => {
    console.log(JSON.stringify({ error: String(err) }));
    process.exit(1);
  },
);
