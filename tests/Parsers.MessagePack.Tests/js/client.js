"use strict";
// Drives the official socket.io-client with socket.io-msgpack-parser against the test server and
// prints one JSON result line. Usage: node client.js <baseUrl> <mode: polling|websocket|default> <scenario>
// Binary values are printed as {"$binary": "<base64>"}, so the .NET side can compare them.
const { io, Manager } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");

const [, , baseUrl, mode, scenario] = process.argv;
const DEADLINE_MS = 15000;

function options(extra = {}) {
  const o = { parser, reconnection: false, timeout: 5000, ...extra };
  if (mode === "polling") o.transports = ["polling"];
  else if (mode === "websocket") o.transports = ["websocket"];
  return o;
}

function plain(value) {
  if (Buffer.isBuffer(value)) return { $binary: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

// emitWithAck resolves with the first argument only; acks with several arguments need the callback form.
function emitWithAckArgs(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
}

// In the default mode the client starts on polling; wait until it has moved to WebSocket.
async function settled(socket) {
  if (mode !== "default") return;
  const engine = socket.io.engine;
  if (engine.transport.name !== "websocket") await once(engine, "upgrade");
}

const transportOf = (socket) => socket.io.engine.transport.name;

const scenarios = {
  async connect() {
    const socket = io(baseUrl, options({ auth: { token: "abc", n: 1 } }));
    const auth = once(socket, "auth");
    await connected(socket);
    await settled(socket);
    const [authArg] = await auth;
    const server = await socket.emitWithAck("whoami");
    const result = { id: socket.id, transport: transportOf(socket), auth: authArg, server };
    socket.disconnect();
    return result;
  },

  async "connect-without-auth"() {
    const socket = io(baseUrl, options());
    const auth = once(socket, "auth");
    await connected(socket);
    const [authArg] = await auth;
    socket.disconnect();
    return { auth: authArg };
  },

  async events() {
    const socket = io(baseUrl, options());
    await connected(socket);
    await settled(socket);
    const back = once(socket, "message-back");
    socket.emit(
      "message",
      1,
      "two",
      { three: [3], skipped: undefined },
      Buffer.from([1, 2, 3]),
      { nested: Buffer.from([4, 5]) },
      Uint8Array.of(6, 7),
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
      1.5,
      null,
    );
    const args = await back;
    const result = { args: plain(args), transport: transportOf(socket) };
    socket.disconnect();
    return result;
  },

  async acks() {
    const socket = io(baseUrl, options());
    await connected(socket);
    await settled(socket);
    // The server acks a client emit.
    const acked = await emitWithAckArgs(socket, "message-with-ack", "hello", Buffer.from([9, 8, 7]));
    // A typed handler's return value is the ack.
    const upload = await socket.emitWithAck("upload", { name: "a.txt", content: Buffer.from([5, 6, 7]), at: new Date(Date.UTC(2024, 5, 1)) });
    // The client acks a server emitWithAck: the server asks "question" and reports our answer as "answer".
    socket.on("question", (...args) => {
      const ack = args.pop();
      ack("reply", ...args);
    });
    const answer = once(socket, "answer");
    socket.emit("ask-client", 42, Buffer.from([1, 1]));
    const answerArgs = await answer;
    const result = { acked: plain(acked), upload: plain(upload), answer: plain(answerArgs), transport: transportOf(socket) };
    socket.disconnect();
    return result;
  },

  async "middleware-error"() {
    const socket = io(`${baseUrl}/secure`, options());
    const [err] = await once(socket, "connect_error");
    socket.close();
    return { message: err.message, data: err.data ?? null };
  },

  async "invalid-namespace"() {
    const socket = io(`${baseUrl}/nope`, options());
    const [err] = await once(socket, "connect_error");
    socket.close();
    return { message: err.message };
  },

  async multiplex() {
    const manager = new Manager(baseUrl, options({ autoConnect: false }));
    const sockets = ["/", "/orders", "/users"].map((nsp) => manager.socket(nsp));
    sockets.forEach((s) => s.connect());
    await Promise.all(sockets.map(connected));
    await settled(sockets[0]);
    const seen = [];
    for (const s of sockets) seen.push(await s.emitWithAck("whoami"));
    const result = { engineId: manager.engine.id, seen };
    sockets.forEach((s) => s.disconnect());
    return result;
  },

  async broadcast() {
    const [a, b, outsider] = [0, 1, 2].map(() => io(baseUrl, options({ forceNew: true })));
    await Promise.all([a, b, outsider].map(connected));
    await Promise.all([a, b, outsider].map(settled));
    await a.emitWithAck("join", "room");
    await b.emitWithAck("join", "room");
    const missed = [];
    outsider.on("shouted", (...args) => missed.push(plain(args)));
    const atA = once(a, "shouted");
    const atB = once(b, "shouted");
    a.emit("shout", "room", { text: "hi", blob: Buffer.from([1, 2]) });
    const result = { a: plain(await atA), b: plain(await atB) };
    // The broadcast is queued to every target before the server reads the outsider's next packet, so
    // a stray copy would arrive before this ack.
    await outsider.emitWithAck("whoami");
    result.outsider = missed;
    [a, b, outsider].forEach((s) => s.disconnect());
    return result;
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}`);
  const timer = setTimeout(() => {
    console.log(JSON.stringify({ error: `scenario ${scenario} timed out` }));
    process.exit(2);
  }, DEADLINE_MS);
  const result = await run();
  clearTimeout(timer);
  console.log(JSON.stringify(result));
  // Let closing requests finish so the server sees a clean close; exit anyway after a while.
  setTimeout(() => process.exit(0), 3000).unref();
}

main().catch((err) => {
  console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
  process.exit(1);
});
