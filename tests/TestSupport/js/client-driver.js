// A long-lived host for official socket.io-client sockets, driven by JSON lines (see JsClient.cs).
//
// stdin, one command a line:  {"id":1,"op":"connect","name":"a","url":"http://127.0.0.1:P/nsp","options":{...},"parser":"msgpack"}
// stdout, one line each:      {"id":1,"ok":true,"result":...} | {"id":1,"ok":false,"error":"..."}
//                             {"event":{"client":"a","name":"msg","args":[...],"ack":false,"reserved":false}}
// Ops: connect, emit, emitWithAck, answer, disconnect, kill, close.
// Binary values travel as {"$bin":"<base64>"} in both directions.
// Reserved events (connect, connect_error, disconnect) are reported with "reserved":true.
"use strict";

const readline = require("node:readline");
const { io } = require("socket.io-client");

const sockets = new Map(); // name -> socket
const answers = new Map(); // name -> Map(event -> {mode, value})

function write(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function toJson(value) {
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value === undefined ? null : value;
}

function fromJson(value) {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === "object") {
    if (typeof value.$bin === "string" && Object.keys(value).length === 1) return Buffer.from(value.$bin, "base64");
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v);
    return out;
  }
  return value;
}

function report(client, name, args, extra) {
  write({ event: { client, name, args: toJson(args), ack: false, reserved: false, ...extra } });
}

function socketOf(name) {
  const socket = sockets.get(name);
  if (!socket) throw new Error(`no client named ${name}`);
  return socket;
}

function connect(cmd) {
  if (sockets.has(cmd.name)) throw new Error(`client ${cmd.name} exists`);
  const options = { forceNew: true, ...fromJson(cmd.options || {}) };
  if (cmd.parser === "msgpack") options.parser = require("socket.io-msgpack-parser");
  const socket = io(cmd.url, options);
  sockets.set(cmd.name, socket);
  answers.set(cmd.name, new Map());

  socket.onAny((event, ...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    report(cmd.name, event, args, { ack: ack !== null });
    if (!ack) return;
    const rule = answers.get(cmd.name).get(event);
    if (!rule || rule.mode === "none") return; // never answers
    if (rule.mode === "echo") ack(...args);
    else ack(fromJson(rule.value));
  });
  socket.on("connect", () => report(cmd.name, "connect", [{ id: socket.id, recovered: socket.recovered === true }], { reserved: true }));
  socket.on("connect_error", (err) =>
    report(cmd.name, "connect_error", [{ message: err.message, data: err.data === undefined ? null : err.data }], { reserved: true }),
  );
  socket.on("disconnect", (reason, details) =>
    report(cmd.name, "disconnect", [reason, details && details.description ? String(details.description) : null], { reserved: true }),
  );

  return new Promise((resolve) => {
    const done = (result) => {
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
      resolve(result);
    };
    const onConnect = () => done({ connected: true, id: socket.id, recovered: socket.recovered === true });
    const onError = (err) => done({ connected: false, message: err.message, data: toJson(err.data === undefined ? null : err.data) });
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

function emitWithAck(cmd) {
  const socket = socketOf(cmd.name);
  return new Promise((resolve, reject) => {
    socket.timeout(cmd.timeoutMs || 10000).emit(cmd.event, ...fromJson(cmd.args || []), (err, ...response) => {
      if (err) reject(new Error(`no ack for ${cmd.event} within ${cmd.timeoutMs || 10000} ms`));
      else resolve(toJson(response));
    });
  });
}

// A network blip: the TCP connection under the WebSocket is destroyed without a close frame, so both sides see
// an abnormal end (engine.close() would be a clean close). Polling has no single socket to cut.
function kill(cmd) {
  const socket = socketOf(cmd.name);
  const transport = socket.io.engine && socket.io.engine.transport;
  if (!transport || transport.name !== "websocket" || !transport.ws || !transport.ws._socket)
    throw new Error(`kill needs an open websocket transport (have ${transport ? transport.name : "none"})`);
  transport.ws._socket.destroy();
  return true;
}

const ops = {
  connect,
  emit(cmd) {
    socketOf(cmd.name).emit(cmd.event, ...fromJson(cmd.args || []));
    return true;
  },
  emitWithAck,
  answer(cmd) {
    socketOf(cmd.name);
    answers.get(cmd.name).set(cmd.event, { mode: cmd.mode, value: cmd.value });
    return true;
  },
  disconnect(cmd) {
    socketOf(cmd.name).disconnect();
    return true;
  },
  kill,
  close(cmd) {
    const socket = socketOf(cmd.name);
    socket.io.reconnection(false);
    socket.disconnect();
    sockets.delete(cmd.name);
    return true;
  },
};

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", async (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (err) {
    write({ id: null, ok: false, error: `bad command line: ${err.message}` });
    return;
  }
  try {
    const op = ops[cmd.op];
    if (!op) throw new Error(`unknown op ${cmd.op}`);
    const result = await op(cmd);
    write({ id: cmd.id, ok: true, result: result === undefined ? null : result });
  } catch (err) {
    write({ id: cmd.id, ok: false, error: String(err && err.message) });
  }
});
// The C# side closing stdin (or dying) ends every client.
rl.on("close", () => {
  for (const socket of sockets.values()) socket.disconnect();
  process.exit(0);
});
