// The chat page: the official socket.io client (global `io`) against the .NET server on the same origin.
"use strict";

const $ = (id) => document.getElementById(id);
const TYPING_IDLE_MS = 1500;

if (typeof io === "undefined") {
  document.getElementById("login-error").textContent =
    "The Socket.IO client (socket.io.min.js) did not load: see the server's console.";
  throw new Error("socket.io.min.js did not load");
}

// One socket, connected on demand: a refused nickname (connect_error) can be corrected and retried.
const socket = io({ autoConnect: false });
const typingNow = new Set();
let typing = false;
let typingTimer = 0;

function addItem(className, ...parts) {
  const li = document.createElement("li");
  li.className = className;
  li.append(...parts);
  const list = $("messages");
  list.append(li);
  list.scrollTop = list.scrollHeight;
  return li;
}

function span(className, text) {
  const s = document.createElement("span");
  s.className = className;
  s.textContent = text;
  return s;
}

function notice(text) {
  addItem("notice", text);
}

function showRoom(room, members) {
  $("room").textContent = room;
  const list = $("members");
  list.replaceChildren(...members.map((m) => {
    const li = document.createElement("li");
    li.textContent = m;
    return li;
  }));
  typingNow.clear();
  renderTyping();
}

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
$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  socket.auth = { nickname: $("nickname").value };
  socket.connect();
});

socket.on("connect_error", (err) => {
  // Middleware refusals (empty or too long nickname) arrive here with the server's message.
  $("login-error").textContent = err.message;
  $("status").textContent = "disconnected";
});

socket.on("connect", () => {
  $("login").hidden = true;
  $("chat").hidden = false;
  $("status").textContent = `connected (${socket.io.engine.transport.name})`;
  socket.io.engine.once("upgrade", (t) => { $("status").textContent = `connected (${t.name})`; });
  $("text").focus();
});

socket.on("disconnect", (reason) => {
  $("status").textContent = `disconnected: ${reason}`;
});

socket.on("welcome", ({ nickname, room, members }) => {
  $("me").textContent = nickname;
  showRoom(room, members);
  notice(`Welcome, ${nickname}! You are in the ${room}.`);
});

// --- rooms ---
function onRoomChange(res) {
  if (!res.ok) {
    notice(res.error);
    return;
  }
  showRoom(res.room, res.members);
  notice(`You are now in ${res.room}.`);
}

$("rooms").addEventListener("submit", (e) => {
  e.preventDefault();
  stopTyping();
  socket.emit("join", $("room-name").value, onRoomChange);
  $("room-name").value = "";
});

$("leave").addEventListener("click", () => {
  stopTyping();
  socket.emit("leave", onRoomChange);
});

socket.on("user joined", ({ nickname }) => {
  notice(`${nickname} joined.`);
  const li = document.createElement("li");
  li.textContent = nickname;
  $("members").append(li);
});

socket.on("user left", ({ nickname }) => {
  notice(`${nickname} left.`);
  const gone = [...$("members").children].find((li) => li.textContent === nickname);
  gone?.remove();
  typingNow.delete(nickname);
  renderTyping();
});

// --- messages: the server acks each one; the ✓ appears when it does ---
$("send").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  stopTyping();
  const ack = span("ack", "…");
  const li = addItem("mine pending", span("nick", $("me").textContent), span("text", text), ack);
  socket.timeout(5000).emit("chat message", text, (err, res) => {
    li.classList.remove("pending");
    if (err || !res.ok) {
      li.classList.add("failed");
      ack.textContent = "✗";
      ack.title = err ? "no acknowledgement from the server" : res.error;
      return;
    }
    li.classList.add("acked");
    li.dataset.id = res.id;
    ack.textContent = "✓";
    ack.title = `delivered at ${new Date(res.at).toLocaleTimeString()}`;
  });
});

socket.on("chat message", ({ id, nickname, text }) => {
  const li = addItem("theirs", span("nick", nickname), span("text", text));
  li.dataset.id = id;
  typingNow.delete(nickname);
  renderTyping();
});

// --- typing indicator: "typing" once when typing starts, "stop typing" after a pause ---
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
