// Drives the official socket.io-client over raw TCP (the "webtransport" transport on a TCP socket)
// against the test server and prints one JSON result line.
// Usage: node tcp-client.js '<config json>' <scenario>
// config: { tcp, tls, tlsRequired, http, parser, certs: { ca, deviceCert, deviceKey, rogueCert, rogueKey } }
// Binary values are printed as {"$binary": "<base64>"}.
"use strict";

const fs = require("fs");
const { io, Manager } = require("socket.io-client");
const standIn = require("./tcp-webtransport");

standIn.install();

const [, , configJson, scenario] = process.argv;
const config = JSON.parse(configJson);
const DEADLINE_MS = 20000;

function options(extra = {}) {
  const o = { transports: ["webtransport"], reconnection: false, timeout: 5000, ...extra };
  if (config.parser === "msgpack") o.parser = require("socket.io-msgpack-parser");
  return o;
}

function tlsOptions(certName) {
  const t = { ca: fs.readFileSync(config.certs.ca) };
  if (certName) {
    t.cert = fs.readFileSync(config.certs[`${certName}Cert`]);
    t.key = fs.readFileSync(config.certs[`${certName}Key`]);
  }
  return { transportOptions: { webtransport: { tls: t } } };
}

const tcpUrl = (endpoint) => `http://${endpoint}`;

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

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
}

function emitWithAckArgs(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}

const scenarios = {
  async connect() {
    const socket = io(tcpUrl(config.tcp), options({ auth: { token: "abc" } }));
    const auth = once(socket, "auth");
    await connected(socket);
    const [authArg] = await auth;
    const server = await socket.emitWithAck("whoami");
    const result = { id: socket.id, transport: socket.io.engine.transport.name, auth: authArg, server };
    const disconnected = once(socket, "disconnect");
    socket.disconnect();
    result.disconnectReason = (await disconnected)[0];
    return result;
  },

  async multiplex() {
    const manager = new Manager(tcpUrl(config.tcp), options({ autoConnect: false }));
    const sockets = ["/", "/orders", "/users"].map((nsp) => manager.socket(nsp));
    sockets.forEach((s) => s.connect());
    await Promise.all(sockets.map(connected));
    const seen = [];
    for (const s of sockets) seen.push(await s.emitWithAck("whoami"));
    const result = { engineId: manager.engine.id, seen };
    sockets.forEach((s) => s.disconnect());
    return result;
  },

  async events() {
    const socket = io(tcpUrl(config.tcp), options());
    await connected(socket);
    const back = once(socket, "message-back");
    socket.emit("message", 1, "two", { three: [3] }, Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
    const result = { args: plain(await back) };
    socket.disconnect();
    return result;
  },

  async acks() {
    const socket = io(tcpUrl(config.tcp), options());
    await connected(socket);
    const acked = await emitWithAckArgs(socket, "message-with-ack", "hello", Buffer.from([9, 8, 7]));
    socket.on("question", (...args) => {
      const ack = args.pop();
      ack("reply", ...args);
    });
    const answer = once(socket, "answer");
    socket.emit("ask-client", 42, Buffer.from([1, 1]));
    const result = { acked: plain(acked), answer: plain(await answer) };
    socket.disconnect();
    return result;
  },

  // A TCP device and a WebSocket client in one room of one namespace; each shouts once.
  async broadcast() {
    const room = `room-${Date.now()}`;
    const device = io(tcpUrl(config.tcp), options());
    const browserOptions = { transports: ["websocket"], reconnection: false, timeout: 5000 };
    if (config.parser === "msgpack") browserOptions.parser = require("socket.io-msgpack-parser");
    const browser = io(config.http, browserOptions);
    await Promise.all([connected(device), connected(browser)]);
    await Promise.all([device.emitWithAck("join-room", room), browser.emitWithAck("join-room", room)]);
    const heard = (socket) => {
      const got = [];
      socket.on("heard", (...args) => got.push(plain(args)));
      return got;
    };
    const deviceHeard = heard(device);
    const browserHeard = heard(browser);
    device.emit("shout", room, "from-device", Buffer.from([7]));
    browser.emit("shout", room, "from-browser");
    const deadline = Date.now() + 10000;
    while ((deviceHeard.length < 2 || browserHeard.length < 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const sortBySender = (list) => list.slice().sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    const result = {
      device: sortBySender(deviceHeard),
      browser: sortBySender(browserHeard),
      transports: [device.io.engine.transport.name, browser.io.engine.transport.name],
    };
    device.disconnect();
    browser.disconnect();
    return result;
  },

  async "middleware-error"() {
    const socket = io(`${tcpUrl(config.tcp)}/secure`, options());
    const [err] = await once(socket, "connect_error");
    socket.close();
    return { message: err.message, data: err.data ?? null };
  },

  // The device stops sending (pongs included); the server's ping timeout ends the connection.
  async "ping-timeout"() {
    const socket = io(tcpUrl(config.heartbeat), options());
    await connected(socket);
    const id = socket.id;
    const disconnected = once(socket, "disconnect");
    standIn.mute();
    const [reason] = await disconnected;
    return { id, reason };
  },

  async "tls-device"() {
    const socket = io(`${tcpUrl(config.tls)}/cert`, options(tlsOptions("device")));
    const subject = once(socket, "subject");
    await connected(socket);
    const [subjectArg] = await subject;
    const result = { subject: subjectArg, transport: socket.io.engine.transport.name };
    socket.disconnect();
    return result;
  },

  async "tls-no-certificate"() {
    const manager = new Manager(tcpUrl(config.tls), options({ ...tlsOptions(null), autoConnect: false }));
    const main = manager.socket("/");
    main.connect();
    await connected(main);
    const server = await main.emitWithAck("whoami");
    const cert = manager.socket("/cert");
    cert.connect();
    const [err] = await once(cert, "connect_error");
    main.disconnect();
    return { secure: server.secure, transport: server.transport, certError: err.message };
  },

  async "tls-rogue-certificate"() {
    const socket = io(tcpUrl(config.tlsRequired), options(tlsOptions("rogue")));
    const [err] = await once(socket, "connect_error");
    socket.close();
    return { message: err.message };
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
  setTimeout(() => process.exit(0), 500).unref();
}

main().catch((err) => {
  console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
  process.exit(1);
});
