// One @socket.io/redis-emitter operation, then exit. Prints {"ok":true} or {"error":"..."}.
//   node emitter.js <redisUrl> '<json>'
// where <json> is one of
//   {"op":"emit","to":["room"],"except":["room"],"event":"msg","args":[...]}
//   {"op":"serverSideEmit","event":"announce","args":[...]}
//   {"op":"socketsJoin","in":["room"],"room":"newRoom"}
//   {"op":"socketsLeave","in":["room"],"room":"oldRoom"}
//   {"op":"disconnectSockets","in":["room"],"close":true}
// Binary values are written {"$bin":"<base64>"} and sent as Buffers.
"use strict";

const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    if (typeof value.$bin === "string" && Object.keys(value).length === 1) return Buffer.from(value.$bin, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

async function main() {
  const [url, json] = process.argv.slice(2);
  const op = revive(JSON.parse(json));
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  const emitter = new Emitter(client, { key: "socket.io" }, op.nsp || "/");
  const target = (operator, rooms) => (rooms && rooms.length ? operator.in(rooms) : operator);
  switch (op.op) {
    case "emit": {
      let operator = emitter;
      if (op.to && op.to.length) operator = operator.to(op.to);
      if (op.except && op.except.length) operator = operator.except(op.except);
      operator.emit(op.event, ...(op.args || []));
      break;
    }
    case "serverSideEmit":
      emitter.serverSideEmit(op.event, ...(op.args || []));
      break;
    case "socketsJoin":
      target(emitter, op.in).socketsJoin(op.room);
      break;
    case "socketsLeave":
      target(emitter, op.in).socketsLeave(op.room);
      break;
    case "disconnectSockets":
      target(emitter, op.in).disconnectSockets(op.close === true);
      break;
    default:
      throw new Error(`unknown op ${op.op}`);
  }
  // QUIT is answered after every command sent before it, so the publish has reached Redis.
  await client.quit();
  console.log(JSON.stringify({ ok: true }));
}

main().catch((err) => {
  console.log(JSON.stringify({ error: String(err && err.message) }));
  process.exit(1);
});
