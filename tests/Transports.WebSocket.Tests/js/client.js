// Drives the official socket.io-client against a test server and prints one JSON result line.
// Usage: node client.js <baseUrl> <mode: polling|websocket|default> <scenario>
// Binary values are printed as {"$binary": "<base64>"} so the .NET side can compare them.
"use strict";

const { io, Manager } = require("socket.io-client");

const [, , baseUrl, mode, scenario] = process.argv;
const DEADLINE_MS = 15000;

function options(extra = {}) {
  const o = { reconnection: false, timeout: 5000, ...extra };
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

function transportOf(socket) {
  return socket.io.engine.transport.name;
}

const scenarios = {
  async connect() {
    const socket = io(baseUrl, options({ auth: { token: "abc" } }));
    const auth = once(socket, "auth");
    await connected(socket);
    await settled(socket);
    const [authArg] = await auth;
    const server = await socket.emitWithAck("whoami");
    const result = { id: socket.id, transport: transportOf(socket), auth: authArg, server };
    const disconnected = once(socket, "disconnect");
    // Wait for the engine to close too, so the DISCONNECT packet has been written before we exit.
    const engineClosed = once(socket.io.engine, "close");
    socket.disconnect();
    const [reason] = await disconnected;
    await engineClosed;
    result.disconnectReason = reason;
    return result;
  },

  async events() {
    const socket = io(baseUrl, options());
    await connected(socket);
    await settled(socket);
    const back = once(socket, "message-back");
    socket.emit("message", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
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
    // The client acks a server emitWithAck: the server asks "question" and reports our answer as "answer".
    socket.on("question", (...args) => {
      const ack = args.pop();
      ack("reply", ...args);
    });
    const answer = once(socket, "answer");
    socket.emit("ask-client", 42, Buffer.from([1, 1]));
    const answerArgs = await answer;
    const result = { acked: plain(acked), answer: plain(answerArgs), transport: transportOf(socket) };
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

  async dynamic() {
    const manager = new Manager(baseUrl, options({ autoConnect: false }));
    const result = {};
    const regex = manager.socket("/dyn-42");
    const hello = once(regex, "hello");
    regex.connect();
    await connected(regex);
    result.regex = (await hello)[0];
    const pred = manager.socket("/pred-x", { auth: { token: "ok" } });
    const predHello = once(pred, "hello");
    pred.connect();
    await connected(pred);
    result.predicate = (await predHello)[0];
    const refused = manager.socket("/pred-y", { auth: { token: "wrong" } });
    refused.connect();
    const [err] = await once(refused, "connect_error");
    result.refused = err.message;
    regex.disconnect();
    pred.disconnect();
    return result;
  },

  // Connects with the credentials the test passes in the environment (BEARER, ACCESS_TOKEN, COOKIE) and
  // asks the server who it is; a refused connection reports the connect_error instead.
  async user() {
    const headers = {};
    if (process.env.BEARER) headers.authorization = `Bearer ${process.env.BEARER}`;
    if (process.env.COOKIE) headers.cookie = process.env.COOKIE;
    const extra = { extraHeaders: headers };
    if (process.env.ACCESS_TOKEN) extra.query = { access_token: process.env.ACCESS_TOKEN };
    const socket = io(baseUrl, options(extra));
    try {
      await connected(socket);
    } catch (err) {
      socket.close();
      const status = typeof err.description === "number" ? err.description : null;
      return { connectError: err.message, status };
    }
    await settled(socket);
    const user = await socket.emitWithAck("user");
    const result = { user, transport: transportOf(socket) };
    socket.disconnect();
    return result;
  },

  // What a client learns when connection middleware fails by accident (NSP names the namespace).
  async "connect-error"() {
    const socket = io(`${baseUrl}${process.env.NSP}`, options());
    const [err] = await once(socket, "connect_error");
    socket.close();
    return { message: err.message, data: err.data ?? null };
  },

  // A typed handler given arguments of the wrong type: the ack carries the error.
  async "bad-arguments"() {
    const socket = io(baseUrl, options());
    await connected(socket);
    await settled(socket);
    const wrongType = await socket.timeout(5000).emitWithAck("sum", "2", "3");
    const missing = await socket.timeout(5000).emitWithAck("sum", 2);
    const good = await socket.timeout(5000).emitWithAck("sum", 2, 3);
    // leave-room returns the Socket (a fluent call): no ack. The server handles events in order, so an
    // ack for it would arrive before the ack of the event sent after it.
    let left = "no ack";
    socket.emit("leave-room", "lobby", (...args) => { left = { acked: args }; });
    await socket.timeout(5000).emitWithAck("whoami");
    socket.disconnect();
    return { wrongType, missing, good, left };
  },

  // JavaScript strings may hold lone surrogates (JSON.stringify writes "\ud800"); the server must give them back.
  async "lone-surrogates"() {
    const socket = io(baseUrl, options());
    await connected(socket);
    await settled(socket);
    const text = "a\ud800b";
    const key = "k\udc00";
    const value = { s: text, [key]: ["\udfff", 1], bin: Buffer.from([1, 2, 3]) };
    const back = once(socket, "message-back");
    socket.emit("message", text, value);
    const [echoedText, echoedValue] = await back;
    const [acked] = await emitWithAckArgs(socket, "message-with-ack", text);
    const typed = await socket.emitWithAck("typed-string", text);
    const note = await socket.emitWithAck("typed-record", { text, count: 2 });
    const result = {
      echoed: echoedText === text,
      echoedObject:
        echoedValue.s === text &&
        Array.isArray(echoedValue[key]) &&
        echoedValue[key][0] === "\udfff" &&
        Buffer.compare(Buffer.from(echoedValue.bin), Buffer.from([1, 2, 3])) === 0,
      acked: acked === text,
      typed: typed === text,
      record: note.text === text && note.count === 2,
      connected: socket.connected,
    };
    socket.disconnect();
    return result;
  },

  async multiplex() {
    const manager = new Manager(baseUrl, options({ autoConnect: false }));
    const sockets = ["/", "/orders", "/users"].map((nsp) => manager.socket(nsp));
    sockets.forEach((s) => s.connect());
    await Promise.all(sockets.map(connected));
    await settled(sockets[0]);
    const seen = [];
    for (const s of sockets) seen.push(await s.emitWithAck("whoami"));
    const other = io(baseUrl, options({ forceNew: true }));
    await connected(other);
    await settled(other);
    const otherSeen = await other.emitWithAck("whoami");
    const result = {
      engineId: manager.engine.id,
      seen,
      forceNew: { engineId: other.io.engine.id, server: otherSeen },
    };
    sockets.forEach((s) => s.disconnect());
    other.disconnect();
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
  // Let the closing requests (the polling close POST, the answered GET) finish so the server sees a
  // clean close; exit anyway if something is still open after a while.
  setTimeout(() => process.exit(0), 3000).unref();
}

main().catch((err) => {
  console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
  process.exit(1);
});
