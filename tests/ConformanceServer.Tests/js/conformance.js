// Drives tests/ConformanceServer's /socket.io/ with the official socket.io-client and prints one
// JSON line with what the client saw; on failure or timeout it prints {"error": …} and exits 1.
// Usage: node conformance.js <baseUrl> <mode: polling|websocket|default>
// PARSER=msgpack: the client uses socket.io-msgpack-parser, as the server then does.
// Binary values are printed as {"$binary": "<base64>"} so the .NET side can compare them.
"use strict";
const { io } = require("socket.io-client");

const [, , baseUrl, mode] = process.argv;
const parser = process.env.PARSER === "msgpack" ? { parser: require("socket.io-msgpack-parser") } : {};
// Generous: on a loaded CI machine a first handshake (JIT, thread-pool growth) can take seconds; a stall is
// still reported by step well within the test's own 60 s limit.
const DEADLINE_MS = 45000;
const sockets = [];
let step = "start"; // the last step reached, printed on a timeout so that a stall names its place

function open(nsp, extra = {}) {
  const options = { reconnection: false, forceNew: true, timeout: 15000, ...parser, ...extra };
  if (mode === "polling") options.transports = ["polling"];
  else if (mode === "websocket") options.transports = ["websocket"];
  const socket = io(baseUrl + nsp, options);
  sockets.push(socket);
  return socket;
}

function plain(value) {
  if (Buffer.isBuffer(value)) return { $binary: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

// emitWithAck resolves with the first argument only; an ack with several arguments needs the callback form.
function emitWithAckArgs(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}

// In the default mode the client starts on polling; wait until it has moved to WebSocket.
async function settled(socket) {
  const engine = socket.io.engine;
  if (mode === "default" && engine.transport.name !== "websocket") await once(engine, "upgrade");
}

// Counts the engine messages the client receives by framing: text, or binary (a binary frame or b+base64).
function framing(socket) {
  const counts = { text: 0, binary: 0 };
  socket.io.once("open", () => socket.io.engine.on("packet", (packet) => {
    if (packet.type === "message") counts[typeof packet.data === "string" ? "text" : "binary"] += 1;
  }));
  return counts;
}

// The "auth" event a namespace emits on connect.
async function authOf(socket) {
  const [auth] = await once(socket, "auth");
  return auth;
}

async function run() {
  const main = open("/");
  const counts = framing(main);
  const mainAuth = authOf(main);
  step = "connect";
  // A refused or timed-out connection fails at once with its reason instead of waiting for the deadline.
  await Promise.race([
    once(main, "connect"),
    once(main, "connect_error").then(([err]) => Promise.reject(new Error(`connect_error on /: ${err && err.message}`))),
  ]);
  step = "upgrade";
  await settled(main);
  step = "message-back";
  const back = once(main, "message-back");
  main.emit("message", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
  const messageBack = plain(await back);
  step = "message-with-ack";
  const ack = plain(await emitWithAckArgs(main, "message-with-ack", "hello", Buffer.from([9, 8, 7]), { n: 1 }));
  step = "invalid namespace";
  const invalid = open("/nope");
  const [invalidError] = await once(invalid, "connect_error");
  step = "auth of /";
  const auth = await mainAuth;
  step = "auth given";
  const authGiven = await authOf(open("/", { auth: { token: "abc", n: 1 } }));
  step = "auth of /custom";
  const customAuth = await authOf(open("/custom", { auth: { who: "custom" } }));
  step = "no auth of /custom";
  const customNoAuth = await authOf(open("/custom"));
  return {
    transport: main.io.engine.transport.name,
    auth,
    authGiven,
    messageBack,
    ack,
    customAuth,
    customNoAuth,
    invalidNamespace: invalidError.message,
    framing: counts,
  };
}

const timer = setTimeout(() => {
  console.log(JSON.stringify({ error: `timed out after ${DEADLINE_MS} ms at step "${step}"` }));
  process.exit(1);
}, DEADLINE_MS);
run().then(
  (result) => {
    clearTimeout(timer);
    console.log(JSON.stringify(result));
    for (const s of sockets) s.close();
    process.exit(0);
  },
  (err) => {
    console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
    process.exit(1);
  },
);
