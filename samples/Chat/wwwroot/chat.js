// The chat page: the official socket.io client (global `io`) against the .NET server on the same origin.
"use strict";

const $ = (id) => document.getElementById(id);
const TYPING_IDLE_MS = 1500;
const ACK_TIMEOUT_MS = 5000;

if (typeof io === "undefined") {
  $("login-error").textContent = "The Socket.IO client (socket.io.min.js) did not load: see the server's console.";
  throw new Error("socket.io.min.js did not load");
}

// One socket, connected on demand: a refused nickname (connect_error) can be corrected and retried.
const socket = io({ autoConnect: false });
const typingNow = new Set();
const history = new Map(); // room → the message items shown while in it, kept while elsewhere
let me = "";
let room = "";
let typing = false;
let typingTimer = 0;

// --- small DOM helpers ---
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A stable colour per nickname, so that a person looks the same everywhere. */
function hue(nickname) {
  let h = 0;
  for (const c of nickname.toLowerCase()) h = (h * 31 + c.codePointAt(0)) % 360;
  return h;
}

function avatar(nickname) {
  const a = el("span", "avatar", [...nickname][0].toUpperCase());
  a.style.setProperty("--hue", hue(nickname));
  a.setAttribute("aria-hidden", "true");
  return a;
}

/** <time> with the machine-readable instant and the local hour:minute. */
function timeOf(at) {
  const date = new Date(at);
  const t = el("time", "", date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  t.dateTime = date.toISOString();
  t.title = date.toLocaleString();
  return t;
}

function append(li) {
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(li);
  if (atBottom || li.classList.contains("mine")) list.scrollTop = list.scrollHeight;
  return li;
}

function addMessage({ id, nickname, text, at }, mine) {
  const li = el("li", `message ${mine ? "mine pending" : "theirs"}`);
  const meta = el("div", "meta");
  meta.append(el("span", "nick", nickname), timeOf(at));
  const body = el("div", "text", text);
  li.append(avatar(nickname), meta, body);
  if (id !== undefined) li.dataset.id = id;
  return append(li);
}

function notice(text, at = Date.now()) {
  const li = el("li", "notice");
  li.append(timeOf(at), el("span", "text", text));
  return append(li);
}

// --- rooms and people ---
function renderRooms(rooms) {
  $("rooms").replaceChildren(...rooms.map(({ name, members }) => {
    const li = el("li", name === room ? "current" : "");
    li.dataset.room = name;
    const button = el("button");
    button.type = "button";
    button.title = `${members} ${members === 1 ? "person" : "people"} in #${name}`;
    button.append(el("span", "name", name), el("span", "members-badge", String(members)));
    button.addEventListener("click", () => joinRoom(name));
    li.append(button);
    return li;
  }));
}

function memberItem(nickname) {
  const li = el("li", "", nickname);
  li.dataset.initial = [...nickname][0].toUpperCase();
  li.style.setProperty("--hue", hue(nickname));
  return li;
}

function renderMembers(members) {
  $("members").replaceChildren(...members.map(memberItem));
  $("member-count").textContent = `· ${members.length}`;
}

function addMember(nickname) {
  const names = [...$("members").children].map((li) => li.textContent);
  if (names.includes(nickname)) return;
  renderMembers([...names, nickname].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" })));
}

function removeMember(nickname) {
  renderMembers([...$("members").children].map((li) => li.textContent).filter((n) => n !== nickname));
  typingNow.delete(nickname);
  renderTyping();
}

/** Shows another room: its own earlier messages come back, the current ones are kept for later. */
function showRoom(name, members) {
  const list = $("messages");
  if (room) history.set(room, [...list.children]);
  list.replaceChildren(...(history.get(name) ?? []));
  list.scrollTop = list.scrollHeight;
  room = name;
  $("room").textContent = name;
  document.title = `#${name} — Chat`;
  for (const li of $("rooms").children) li.classList.toggle("current", li.dataset.room === name);
  renderMembers(members);
  typingNow.clear();
  renderTyping();
}

function onRoomChange(res) {
  if (!res.ok) {
    notice(res.error);
    return;
  }
  showRoom(res.room, res.members);
  renderRooms(res.rooms);
  notice(`You are now in #${res.room}.`);
}

function joinRoom(name) {
  if (name === room) return;
  stopTyping();
  socket.emit("join", name, onRoomChange);
}

// --- typing indicator: "typing" once when typing starts, "stop typing" after a pause ---
function renderTyping() {
  const names = [...typingNow];
  $("typing").textContent = names.length === 0 ? ""
    : names.length === 1 ? `${names[0]} is typing…` : `${names.join(", ")} are typing…`;
}

function stopTyping() {
  clearTimeout(typingTimer);
  if (typing) {
    typing = false;
    socket.emit("stop typing");
  }
}

// --- joining ---
function showLogin(message) {
  $("chat").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message;
  $("nickname").focus();
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  socket.auth = { nickname: $("nickname").value };
  socket.connect();
});

socket.on("connect_error", (err) => {
  if (!$("chat").hidden) {
    setStatus("offline", "reconnecting…");
    return;
  }
  // Middleware refusals (empty, too long or taken nickname) arrive here with the server's message.
  showLogin(err.message);
});

// Two people chose the same nickname at the same moment and the other one got it.
socket.on("refused", ({ message }) => {
  socket.disconnect();
  showLogin(message);
});

function setStatus(kind, text) {
  $("status").className = `status ${kind}`;
  $("status").textContent = text;
}

socket.on("connect", () => {
  $("login").hidden = true;
  $("chat").hidden = false;
  setStatus("online", socket.io.engine.transport.name);
  socket.io.engine.once("upgrade", (t) => setStatus("online", t.name));
  $("text").focus();
});

socket.on("disconnect", (reason) => {
  setStatus("offline", "offline");
  if (reason !== "io client disconnect") notice(`Connection lost (${reason}); reconnecting…`);
});

socket.on("welcome", ({ nickname, room: lobby, members, rooms, at }) => {
  me = nickname;
  $("me").textContent = nickname;
  $("me-avatar").textContent = [...nickname][0].toUpperCase();
  $("me-avatar").style.setProperty("--hue", hue(nickname));
  room = "";
  history.clear();
  $("messages").replaceChildren();
  showRoom(lobby, members);
  renderRooms(rooms);
  notice(`Welcome, ${nickname}! You are in #${lobby}.`, at);
});

socket.on("rooms", renderRooms);

$("new-room").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("room-name").value.trim();
  if (!name) return;
  $("room-name").value = "";
  joinRoom(name);
});

$("leave").addEventListener("click", () => {
  stopTyping();
  socket.emit("leave", onRoomChange);
});

socket.on("user joined", ({ nickname, room: to, at }) => {
  notice(`${nickname} joined #${to}`, at);
  addMember(nickname);
});

// Someone switched rooms: say where they went, not that they left.
socket.on("user moved", ({ nickname, to, at }) => {
  notice(`${nickname} moved to #${to}`, at);
  removeMember(nickname);
});

socket.on("user left", ({ nickname, at }) => {
  notice(`${nickname} left`, at);
  removeMember(nickname);
});

// --- messages: the server acks each one with its id and time; the ✓ appears when it does ---
$("send").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  stopTyping();
  const li = addMessage({ nickname: me, text, at: Date.now() }, true);
  const ack = el("span", "ack", "…");
  li.querySelector(".meta").append(ack);
  socket.timeout(ACK_TIMEOUT_MS).emit("chat message", text, (err, res) => {
    li.classList.remove("pending");
    if (err || !res.ok) {
      li.classList.add("failed");
      ack.textContent = "✗ not sent";
      ack.title = err ? "no acknowledgement from the server" : res.error;
      return;
    }
    li.classList.add("acked");
    li.dataset.id = res.id;
    // The server's time, the one everyone else sees.
    li.querySelector("time").replaceWith(timeOf(res.at));
    ack.textContent = "✓";
    ack.title = "delivered";
  });
});

socket.on("chat message", (message) => {
  addMessage(message, false);
  typingNow.delete(message.nickname);
  renderTyping();
});

$("text").addEventListener("input", () => {
  if (!typing) {
    typing = true;
    socket.emit("typing");
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
});

socket.on("typing", ({ nickname }) => {
  typingNow.add(nickname);
  renderTyping();
});

socket.on("stop typing", ({ nickname }) => {
  typingNow.delete(nickname);
  renderTyping();
});
