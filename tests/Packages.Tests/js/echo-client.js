// The official Node client against the consumer app:
//   node tests/Packages.Tests/js/echo-client.js <server url>      (PARSER=msgpack: socket.io-msgpack-parser)
// Connects with the client's defaults (polling, then the upgrade to WebSocket), waits for the
// upgrade, sends "echo" with an ack, and prints one line of JSON; exits 1 on failure or timeout.
"use strict";
const { io } = require("socket.io-client");

const url = process.argv[2];
const WAIT_MS = 20000;
const options = { forceNew: true, reconnection: false };
if (process.env.PARSER === "msgpack") options.parser = require("socket.io-msgpack-parser");

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const socket = io(url, options);
let first;
socket.io.once("open", () => { first = socket.io.engine.transport.name; });

(async () => {
  await within(new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  }), "connect");
  await within(new Promise((resolve) => {
    const check = () => (socket.io.engine.transport.name === "websocket" ? resolve() : setTimeout(check, 20));
    check();
  }), "the upgrade to websocket");
  const reply = await within(socket.timeout(WAIT_MS).emitWithAck("echo", "hi"), "the echo ack");
  return { first, transport: socket.io.engine.transport.name, reply };
})().then(
  (result) => {
    console.log(JSON.stringify(result));
    socket.close();
    process.exit(0);
  },
  (err) => {
    console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
    socket.close();
    process.exit(1);
  },
);
