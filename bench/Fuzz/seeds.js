// Writes the seed corpora (bench/Fuzz/corpus/<target>/seed-*) from the official encoders, so every seed is
// traffic a real client or node sends: the packets tests/ConformanceServer.Tests/js/conformance.js and the
// official engine.io / socket.io protocol suites exchange, encoded by engine.io-parser, socket.io-parser,
// socket.io-msgpack-parser and ws's frame writer, and the cluster messages socket.io-adapter's own
// ClusterAdapterWithHeartbeat publishes (captured from a live socket.io server), as JSON and as notepack.
// Usage: node bench/Fuzz/seeds.js [corpus-dir]    (run from the repository root; needs node_modules)
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const engineParser = require("engine.io-parser");
const sioParser = require("socket.io-parser");
const msgpackParser = require("socket.io-msgpack-parser");
const notepack = require("notepack.io");
const { Sender } = require("ws");

const root = process.argv[2] || path.join(__dirname, "corpus");
const RS = Buffer.from([0x1e]);

function write(target, name, bytes) {
  const dir = path.join(root, target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `seed-${name}`), Buffer.from(bytes));
}

// --- Socket.IO packets: what conformance.js and the socket.io protocol suite send, plus server-side shapes ---
const E = sioParser.PacketType;
const packets = {
  "connect-main": { type: E.CONNECT, nsp: "/" },
  "connect-auth": { type: E.CONNECT, nsp: "/", data: { token: "abc", n: 1 } },
  "connect-custom": { type: E.CONNECT, nsp: "/custom", data: { who: "custom" } },
  "connect-invalid": { type: E.CONNECT, nsp: "/nope" },
  "disconnect": { type: E.DISCONNECT, nsp: "/custom" },
  "event-message": { type: E.EVENT, nsp: "/", data: ["message", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) }] },
  "event-ack": { type: E.EVENT, nsp: "/", id: 1, data: ["message-with-ack", "hello", Buffer.from([9, 8, 7]), { n: 1 }] },
  "event-text": { type: E.EVENT, nsp: "/", data: ["message", "héllo ✓ 😀", null, true, 1.5, -2e300, { a: [{}, []] }] },
  "event-numeric-name": { type: E.EVENT, nsp: "/custom", id: 42, data: [7, "x"] },
  "ack": { type: E.ACK, nsp: "/", id: 13, data: ["ok", { n: 2 }] },
  "ack-binary": { type: E.ACK, nsp: "/custom", id: 999999999, data: [Buffer.from("bin"), [Buffer.alloc(0)]] },
  "connect-error": { type: E.CONNECT_ERROR, nsp: "/nope", data: { message: "Invalid namespace" } },
};

function socketIoText(packet) {
  return new sioParser.Encoder().encode(packet); // [string, ...buffers]
}

// json-parser: messages joined with 0x1E; a binary message is 0xFF + its bytes.
for (const [name, packet] of Object.entries(packets)) {
  const parts = socketIoText(packet).map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.concat([Buffer.from([0xff]), p])));
  write("json-parser", name, Buffer.concat(parts.flatMap((p, i) => (i ? [RS, p] : [p]))));
}
// The socket.io protocol suite's literal frames (socketio/socket.io-protocol test-suite.js), without the engine '4'.
const suiteFrames = ["0", "0/custom,", "0{\"token\":\"123\"}", "2[\"message\",\"hello\"]", "2/custom,[\"message\",\"hello\"]",
  "21[\"message-with-ack\",1,\"2\",{\"3\":[true]}]", "31[1,\"2\",{\"3\":[true]}]", "1", "1/custom,", "4{\"message\":\"Invalid namespace\"}",
  "51-[\"message\",{\"_placeholder\":true,\"num\":0}]", "61-3[{\"_placeholder\":true,\"num\":0}]"];
suiteFrames.forEach((f, i) => write("json-parser", `suite-${i}`, f));

// msgpack-parser: one binary message per packet.
for (const [name, packet] of Object.entries(packets)) {
  const type = packet.type === E.BINARY_EVENT ? E.EVENT : packet.type === E.BINARY_ACK ? E.ACK : packet.type;
  write("msgpack-parser", name, new msgpackParser.Encoder().encode({ ...packet, type })[0]);
}
write("msgpack-parser", "date-undefined", new msgpackParser.Encoder().encode({ type: E.EVENT, nsp: "/", data: ["d", new Date(0), undefined, { u: undefined }] })[0]);
write("msgpack-parser", "typed-array", new msgpackParser.Encoder().encode({ type: E.EVENT, nsp: "/", data: ["t", new Uint8Array([1, 2]).buffer, new Float32Array([1.5])] })[0]);

// --- Engine.IO: the client's packets (engine.io protocol suite and conformance traffic) ---
const engineMessages = []; // { type, data } as engine.io-parser takes them
for (const packet of Object.values(packets)) {
  for (const part of socketIoText(packet))
    engineMessages.push({ type: "message", data: part });
}
const control = [{ type: "ping", data: "probe" }, { type: "pong" }, { type: "pong", data: "probe" }, { type: "upgrade" }, { type: "noop" },
  { type: "close" }, { type: "message", data: "hello" }, { type: "message", data: "€ 😀" }, { type: "message", data: Buffer.from([0, 1, 2, 3, 255]) }];

function encodePacket(packet, supportsBinary) {
  return new Promise((resolve) => engineParser.encodePacket(packet, supportsBinary, resolve));
}
function encodePayload(list) {
  return new Promise((resolve) => engineParser.encodePayload(list, resolve));
}

// --- WebSocket: masked client frames as ws writes them; a fixed mask keeps the seeds stable ---
function frame(data, opcode, fin = true) {
  const maskBuffer = Buffer.alloc(4);
  const parts = Sender.frame(typeof data === "string" ? Buffer.from(data) : Buffer.from(data), {
    fin, mask: true, opcode, readOnly: false, rsv1: false, maskBuffer, generateMask: (m) => m.set([0x12, 0x34, 0x56, 0x78]),
  });
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}
function closeFrame(code, reason = "") {
  const body = Buffer.alloc(2 + Buffer.byteLength(reason));
  body.writeUInt16BE(code, 0);
  body.write(reason, 2);
  return frame(body, 0x8);
}

// --- stream framing (docs/protocol.md#stream-framing): engine.io-parser's WebTransport encoder ---
async function streamFrames(list) {
  const encoder = engineParser.createPacketEncoderStream();
  const writer = encoder.writable.getWriter();
  const reader = encoder.readable.getReader();
  const chunks = [];
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      chunks.push(Buffer.from(value));
    }
  })();
  for (const p of list) await writer.write(p);
  await writer.close();
  await reading;
  return Buffer.concat(chunks);
}

// --- cluster messages: captured from socket.io-adapter's ClusterAdapterWithHeartbeat on a live server ---
async function clusterMessages() {
  const { Server } = require("socket.io");
  const { io: client } = require("socket.io-client");
  const { ClusterAdapterWithHeartbeat, MessageType } = require("socket.io-adapter");
  const captured = [];
  class CapturingAdapter extends ClusterAdapterWithHeartbeat {
    constructor(nsp) { super(nsp, { heartbeatInterval: 60000, heartbeatTimeout: 120000 }); }
    doPublish(message) { captured.push(message); return Promise.resolve("1-0"); }
    doPublishResponse(uid, message) { captured.push(message); return Promise.resolve(); }
  }
  const httpServer = require("http").createServer();
  const io = new Server(httpServer, { adapter: CapturingAdapter });
  io.on("connection", (socket) => { socket.join("room1"); socket.data.user = { name: "alice", n: 1 }; socket.on("ping", (cb) => cb && cb("pong")); });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = httpServer.address().port;
  const c = client(`http://127.0.0.1:${port}`, { auth: { token: "abc" }, query: { q: "1" }, transports: ["websocket"] });
  c.on("ping", (cb) => cb("pong"));
  c.on("needs-ack", (data, cb) => cb("got", data));
  await new Promise((resolve) => c.on("connect", resolve));
  const adapter = io.of("/").adapter;
  const other = "other-node";
  adapter.nodesMap?.set?.(other, Date.now()); // one live peer, so requests expect a response
  io.to("room1").except("room2").volatile.emit("msg", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]));
  io.compress(false).emit("plain", "x");
  io.in("room1").socketsJoin(["a", "b"]);
  io.in("room1").socketsLeave("a");
  io.in("room2").disconnectSockets(true);
  io.fetchSockets().catch(() => {});
  io.serverSideEmit("hello", "world", Buffer.from([7]));
  io.serverSideEmit("question", 1, () => {});
  io.timeout(1000).to("room1").emit("needs-ack", Buffer.from("data"), () => {});
  // Requests from another node make this one answer (FETCH_SOCKETS_RESPONSE with the connected socket, and so on).
  adapter.onMessage({ uid: other, nsp: "/", type: MessageType.FETCH_SOCKETS, data: { opts: { rooms: [], except: [] }, requestId: "r1" } });
  adapter.onMessage({ uid: other, nsp: "/", type: MessageType.SERVER_SIDE_EMIT, data: { requestId: "r2", packet: ["question", 2] } });
  adapter.onMessage({ uid: other, nsp: "/", type: MessageType.BROADCAST, data: { opts: { rooms: [], except: [], flags: {} }, requestId: "r3", packet: { type: 2, data: ["ping"], nsp: "/" } } });
  io.of("/").on("question", (n, cb) => cb && cb(n + 1));
  adapter.onMessage({ uid: other, nsp: "/", type: MessageType.SERVER_SIDE_EMIT, data: { requestId: "r4", packet: ["question", 3] } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  c.disconnect();
  adapter.close?.();
  io.close();
  return captured;
}

(async () => {
  // engine-packet: each packet as a text frame (binary as 'b' + base64, as for a client without binary).
  const texts = [];
  for (const [i, p] of [...control, ...engineMessages].entries()) {
    const text = await encodePacket(p, false);
    texts.push(text);
    write("engine-packet", `packet-${String(i).padStart(2, "0")}`, text);
  }
  // polling-payload: POST bodies as engine.io-client writes them (encodePayload joins with 0x1E).
  write("polling-payload", "conformance", await encodePayload(engineMessages));
  write("polling-payload", "control", await encodePayload(control));
  for (const [name, packet] of Object.entries(packets))
    write("polling-payload", name, await encodePayload(socketIoText(packet).map((data) => ({ type: "message", data }))));
  write("polling-payload", "close", await encodePayload([{ type: "close" }]));

  // websocket-frames: mode byte, then the frames. Mode 0x00 whole, 0x01 one byte at a time, 0x80 as an upgrade probe.
  const textFrames = Buffer.concat(engineMessages.filter((m) => typeof m.data === "string").map((m) => frame("4" + m.data, 0x1)));
  const conversation = [];
  for (const m of engineMessages)
    conversation.push(typeof m.data === "string" ? frame("4" + m.data, 0x1) : frame(m.data, 0x2));
  const all = Buffer.concat(conversation);
  write("websocket-frames", "conversation", Buffer.concat([Buffer.from([0x00]), all]));
  write("websocket-frames", "conversation-bytewise", Buffer.concat([Buffer.from([0x01]), all]));
  write("websocket-frames", "conversation-b64", Buffer.concat([Buffer.from([0x4d]), textFrames]));
  write("websocket-frames", "probe", Buffer.concat([Buffer.from([0x80]), frame("2probe", 0x1), frame("5", 0x1), all]));
  write("websocket-frames", "control", Buffer.concat([Buffer.from([0x00]), frame("", 0x9), frame("hi", 0x9), frame("", 0xa), frame("3", 0x1), closeFrame(1000, "bye")]));
  write("websocket-frames", "fragments", Buffer.concat([Buffer.from([0x07]), frame("42[\"frag", 0x1, false), frame("", 0x9), frame("mented\"]", 0x0, true), frame(Buffer.from([1, 2]), 0x2, false), frame(Buffer.from([3]), 0x0, true)]));
  write("websocket-frames", "large", Buffer.concat([Buffer.from([0x0c]), frame("4" + "x".repeat(300), 0x1), frame(Buffer.alloc(70000, 7), 0x2), closeFrame(4000)]));

  // stream-frames: mode byte, then an open and the conversation as the TCP transport's device clients frame it.
  const stream = await streamFrames([{ type: "open" }, ...control.filter((p) => p.type !== "close"), ...engineMessages, { type: "message", data: "y".repeat(200) }, { type: "message", data: Buffer.alloc(70000, 1) }, { type: "close" }]);
  write("stream-frames", "conversation", Buffer.concat([Buffer.from([0x00]), stream]));
  write("stream-frames", "conversation-bytewise", Buffer.concat([Buffer.from([0x01]), stream.subarray(0, 4000)]));
  write("stream-frames", "conversation-segments", Buffer.concat([Buffer.from([0x06]), stream.subarray(0, 4000)]));

  // cluster-codec and msgpack-reader: every captured message as JSON (classic/sharded adapters) and as notepack.
  const messages = await clusterMessages();
  const seen = new Set();
  for (const m of messages) {
    const json = Buffer.from(JSON.stringify(m));
    const msgpack = notepack.encode(m);
    const key = crypto.createHash("sha1").update(msgpack).digest("hex").slice(0, 8);
    if (seen.has(key)) continue;
    seen.add(key);
    write("cluster-codec", `type${m.type}-${key}.json`, json);
    write("cluster-codec", `type${m.type}-${key}.msgpack`, msgpack);
    write("msgpack-reader", `type${m.type}-${key}`, msgpack);
  }
  const values = { nil: null, bools: [true, false], ints: [0, -1, 127, 128, -33, 65535, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1], floats: [1.5, -0.25, 1e300, NaN, Infinity],
    text: "héllo ✓ 😀", long: "z".repeat(40), bin: Buffer.from([1, 2, 3]), date: new Date(1700000000000), nested: { a: { b: { c: [[[]]] } } }, undef: undefined, arr: [undefined, 1] };
  for (const [name, value] of Object.entries(values))
    write("msgpack-reader", `value-${name}`, notepack.encode(value));
  write("msgpack-reader", "value-all", notepack.encode(values));
  console.log(`seeds written under ${root}: ${messages.length} cluster messages captured`);
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
