// Drives samples/Namespaces with the official Node client, one scenario per run:
//   node tests/Samples.Tests/js/namespaces.js <server url> <scenario>
// Prints one line of JSON with what the client saw; exits 1 (with {"error": …}) on failure or timeout.
"use strict";
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
// PARSER=msgpack: the server runs with AddMessagePackParser(), so the client uses socket.io-msgpack-parser.
const parser = process.env.PARSER === "msgpack" ? { parser: require("socket.io-msgpack-parser") } : {};
const WAIT_MS = 20000;
const sockets = [];

// Buffers and ArrayBuffers do not survive JSON.stringify: tag them so the test can check their type.
function describe(value) {
  if (Buffer.isBuffer(value)) return { $buffer: [...value] };
  if (value instanceof ArrayBuffer) return { $arraybuffer: [...new Uint8Array(value)] };
  if (Array.isArray(value)) return value.map(describe);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
  }
  return value;
}

// Every socket's outcome is watched from the start: "connect" may fire before the scenario awaits it.
function track(socket) {
  sockets.push(socket);
  socket.ready = connected(socket);
  return socket;
}

function open(nsp, opts = {}) {
  return track(io(url + nsp, { reconnection: false, ...parser, ...opts }));
}

// Another namespace over the same connection (multiplexing).
function sub(socket, nsp) {
  return track(socket.io.socket(nsp));
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Resolves on "connect"; a refusal resolves too, as { error: { message, data } }.
function connected(socket) {
  return withTimeout(new Promise((resolve) => {
    socket.once("connect", () => resolve({ id: socket.id }));
    socket.once("connect_error", (err) => resolve({ error: { message: err.message, data: err.data ?? null } }));
  }), `connect to ${socket.nsp}`);
}

function next(socket, event) {
  return withTimeout(new Promise((resolve) => socket.once(event, (...args) => resolve(args.map(describe)))), `"${event}" on ${socket.nsp}`);
}

function ack(socket, event, ...args) {
  return withTimeout(socket.emitWithAck(event, ...args), `the ack of "${event}" on ${socket.nsp}`).then(describe);
}

// Counts every event a socket receives, by name.
function counter(socket) {
  const counts = {};
  socket.onAny((event) => { counts[event] = (counts[event] ?? 0) + 1; });
  return counts;
}

function untilEngineCount(main, expected) {
  return withTimeout((async () => {
    for (;;) {
      const stats = await main.emitWithAck("stats");
      if (stats.clientsCount === expected) return stats;
      await new Promise((r) => setTimeout(r, 20));
    }
  })(), `clientsCount == ${expected}`);
}

const scenarios = {
  // "/" stats: engine connections, not namespace sockets (a multiplexed /orders adds none).
  async stats() {
    const main = open("/");
    const orders = sub(main, "/orders");
    await main.ready;
    await orders.ready;
    const one = await ack(main, "stats");
    const other = open("/", { forceNew: true });
    await other.ready;
    const two = await ack(main, "stats");
    other.close();
    const afterClose = await untilEngineCount(main, one.clientsCount);
    return { one, two, afterClose };
  },

  // A parent-namespace emit reaches the children on every connection, not the static /dynamic-101.
  async helloDynamic() {
    const main = open("/");
    const d1 = sub(main, "/dynamic-1");
    const d2 = sub(main, "/dynamic-2");
    const d101 = sub(main, "/dynamic-101");
    const elsewhere = open("/dynamic-7", { forceNew: true });
    const counts = {
      "/dynamic-1": counter(d1), "/dynamic-2": counter(d2), "/dynamic-101": counter(d101), "/dynamic-7": counter(elsewhere),
    };
    for (const s of [main, d1, d2, d101, elsewhere]) await s.ready;
    const helloElsewhere = next(elsewhere, "hello");
    // The ack follows the hellos on the same connection: once it is here, every hello of this connection is too.
    await ack(main, "hello-dynamic");
    await helloElsewhere;
    const hello = Object.fromEntries(Object.entries(counts).map(([nsp, c]) => [nsp, c.hello ?? 0]));
    return { hello };
  },

  async orders() {
    const a = open("/orders");
    const b = open("/orders", { forceNew: true });
    await a.ready;
    await b.ready;
    const list = await ack(a, "order:list");
    const createdForA = next(a, "order:created");
    const createdForB = next(b, "order:created");
    const created = await ack(a, "order:create", {
      item: "scanner", qty: 2, photo: Buffer.from([1, 2, 3]), meta: { tags: ["a"], thumb: Buffer.from([9]) },
    });
    const [broadcastA] = await createdForA;
    const [broadcastB] = await createdForB;
    const listAfter = await ack(a, "order:list");
    return { list, created, broadcastA, broadcastB, listAfter };
  },

  // room1 of /users and room1 of /orders are different rooms.
  async users() {
    const u = open("/users");
    const o = sub(u, "/orders");
    const otherUser = open("/users", { forceNew: true });
    await u.ready;
    await o.ready;
    await otherUser.ready;
    const inUsers = counter(u);
    const inOrders = counter(o);
    const inOtherUser = counter(otherUser);
    const users = await ack(u, "user:list");
    const otherHola = next(otherUser, "holà");
    await ack(u, "greet-room");
    await otherHola;
    // A round trip on /orders over the same connection: anything sent to it before is here now.
    await ack(o, "order:list");
    return { users, holaUsers: inUsers["holà"] ?? 0, holaOtherUser: inOtherUser["holà"] ?? 0, holaOrders: inOrders["holà"] ?? 0 };
  },

  async admin() {
    const noToken = await open("/admin", { forceNew: true }).ready;
    const badToken = await open("/admin", { forceNew: true, auth: { token: "nope" } }).ready;
    const admin = open("/admin", { forceNew: true, auth: { token: "admin-secret" } });
    const accepted = await admin.ready;
    const deleted = await ack(admin, "delete user", "bob");
    return { noToken, badToken, accepted: !accepted.error, deleted };
  },

  // The regex parent ^/\w+$ creates /acme, /team42, … but never takes /orders, which exists.
  async workspace() {
    const acme = open("/acme");
    const team = open("/team42", { forceNew: true });
    const welcomeAcme = next(acme, "workspace");
    const welcomeTeam = next(team, "workspace");
    const orders = sub(acme, "/orders");
    const inOrders = counter(orders);
    await acme.ready;
    await team.ready;
    await orders.ready;
    const [acmeName] = await welcomeAcme;
    const [teamName] = await welcomeTeam;
    await ack(orders, "order:list");
    return { acme: acmeName, team: teamName, ordersWorkspaceEvents: inOrders.workspace ?? 0 };
  },

  // The regex parents match as in JS: \w and \d are ASCII only, and $ is the end of the name.
  async asciiOnly() {
    const results = {};
    for (const nsp of ["/café", "/dynamic-\u0661\u0662", "/acme\n"]) {
      results[nsp] = await sub(open("/", { forceNew: true }), nsp).ready;
    }
    return results;
  },

  // The predicate parent accepts /tenant-x for auth.tenant == x; the child is then reused.
  async tenant() {
    const t = `t${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const wrongTenant = await open(`/tenant-${t}`, { forceNew: true, auth: { tenant: "someone-else" } }).ready;
    const noAuth = await open(`/tenant-${t}x`, { forceNew: true }).ready;
    const first = open(`/tenant-${t}`, { forceNew: true, auth: { tenant: t } });
    const firstTenant = next(first, "tenant");
    const accepted = await first.ready;
    const [tenant] = await firstTenant;
    // The predicate ran when /tenant-<t> was created; a later connection joins that child without it.
    const again = open(`/tenant-${t}`, { forceNew: true });
    const againTenant = next(again, "tenant");
    const reused = await again.ready;
    const [tenantAgain] = await againTenant;
    return { name: t, wrongTenant, noAuth, accepted: !accepted.error, tenant, reused: !reused.error, tenantAgain };
  },

  async dynamic() {
    const d5 = open("/dynamic-5");
    const welcome5 = next(d5, "welcome");
    await d5.ready;
    const [welcome] = await welcome5;
    const blocked = await open("/dynamic-6", { forceNew: true, auth: { block: true } }).ready;
    // /dynamic-101 was registered before the parent: only its own handler runs.
    const main = open("/", { forceNew: true });
    const d101 = sub(main, "/dynamic-101");
    const welcomes101 = [];
    d101.on("welcome", (w) => welcomes101.push(describe(w)));
    await main.ready;
    await d101.ready;
    await ack(main, "stats");
    return { welcome, blocked, welcomes101 };
  },

  async unknown() {
    const results = {};
    for (const nsp of ["/not-here", "/dynamic-x", "/tenant-", "/a/b"]) {
      results[nsp] = await open(nsp, { forceNew: true }).ready;
    }
    return results;
  },
};

(async () => {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario "${scenario}"; known: ${Object.keys(scenarios).join(", ")}`);
  return run();
})().then(
  (result) => {
    console.log(JSON.stringify(result));
    for (const s of sockets) s.close();
    process.exit(0);
  },
  (err) => {
    console.log(JSON.stringify({ error: String((err && err.stack) || err) }));
    for (const s of sockets) s.close();
    process.exit(1);
  },
);
