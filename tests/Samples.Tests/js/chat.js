// Drives samples/Chat with the official Node client, one scenario per run:
//   node tests/Samples.Tests/js/chat.js <server url> <scenario>
// Prints one line of JSON with what the clients saw; exits 1 (with {"error": …}) on failure or timeout.
"use strict";
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
const WAIT_MS = 20000;
const sockets = [];

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A chat user: its socket, a log of every event it received, and its "welcome" (or refusal).
function user(nickname) {
  const socket = io(url, { forceNew: true, reconnection: false, auth: nickname === undefined ? undefined : { nickname } });
  sockets.push(socket);
  const log = [];
  socket.onAny((event, ...args) => log.push([event, ...args]));
  const ready = withTimeout(new Promise((resolve) => {
    socket.once("welcome", (w) => resolve(w));
    socket.once("connect_error", (err) => resolve({ error: { message: err.message, data: err.data ?? null } }));
  }), `the welcome of ${nickname}`);
  return { socket, log, ready, received: (event) => log.filter(([e]) => e === event).map(([, arg]) => arg) };
}

function next(u, event) {
  return withTimeout(new Promise((resolve) => u.socket.once(event, resolve)), `"${event}"`);
}

function ack(u, event, ...args) {
  return withTimeout(u.socket.emitWithAck(event, ...args), `the ack of "${event}"`);
}

const scenarios = {
  // A client that floods wrongly typed messages (a number where the text goes): the server logs a few
  // warnings and then closes the connection (SocketIOOptions.MaxInvalidEventsPerMinute).
  async flood() {
    const u = user("flooder");
    await u.ready;
    const closed = next(u, "disconnect");
    for (let i = 0; i < 20000; i++) u.socket.emit("chat message", 12345);
    const reason = await closed;
    return { reason };
  },

  async refused() {
    const result = {};
    for (const [name, nickname] of [["missing", undefined], ["empty", ""], ["blank", "   "], ["tooLong", "x".repeat(21)]]) {
      result[name] = await user(nickname).ready;
    }
    result.longest = await user("y".repeat(20)).ready;
    return result;
  },

  async duplicates() {
    const ada = user("ada-dup");
    await ada.ready;
    const same = await user("ada-dup").ready;
    const otherCase = await user("ADA-DUP").ready;
    const gone = next(ada, "disconnect");
    ada.socket.close();
    await gone;
    // The server frees the name when it sees the disconnect; poll until it has.
    let again;
    for (let i = 0; i < 50; i++) {
      again = await user("ada-dup").ready;
      if (!again.error) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { same, otherCase, again };
  },

  async roomList() {
    const ann = user("ann-list");
    const welcome = await ann.ready;
    const listed = next(ann, "rooms");
    const joined = await ack(ann, "join", "  Blue Team ");
    const afterJoin = await listed;
    const emptied = next(ann, "rooms");
    await ack(ann, "leave");
    const afterLeave = await emptied;
    return { welcome, joined, afterJoin, afterLeave };
  },

  async rooms() {
    const ada = user("ada");
    const bob = user("bob");
    const cy = user("cy");
    const welcome = await ada.ready;
    await bob.ready;
    await cy.ready;

    const adaJoined = await ack(ada, "join", "room-x");
    const bobArrives = next(ada, "user joined");
    const bobJoined = await ack(bob, "join", "room-x");
    const arrival = await bobArrives;

    // typing goes to the room except the sender.
    const typingSeen = next(bob, "typing");
    ada.socket.emit("typing");
    const typing = await typingSeen;
    const stopSeen = next(bob, "stop typing");
    ada.socket.emit("stop typing");
    const stop = await stopSeen;

    const messageSeen = next(bob, "chat message");
    const sent = await ack(ada, "chat message", "hello room-x");
    const message = await messageSeen;
    const rejected = await ack(ada, "chat message", "   ");

    // Round trips (joining the room one is in changes nothing): whatever was sent to them before is here now.
    await ack(ada, "join", "room-x");
    await ack(cy, "join", "lobby");

    // Switching rooms is a move, told to the room left behind with where the user went.
    const bobMoves = next(ada, "user moved");
    const backInLobby = await ack(bob, "leave");
    const departure = await bobMoves;

    // Closing the connection is leaving.
    const bobLeaves = next(cy, "user left");
    bob.socket.close();
    const left = await bobLeaves;

    return {
      welcome, adaJoined, bobJoined, arrival, typing, stop, sent, message, rejected, backInLobby, departure, left,
      adaMoves: ada.received("user moved").length, adaLefts: ada.received("user left").length,
      adaGot: { typing: ada.received("typing").length, messages: ada.received("chat message").length },
      cyGot: { typing: cy.received("typing").length, messages: cy.received("chat message").length },
    };
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
