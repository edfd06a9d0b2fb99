"use strict";
// Reads msgpack packets as hex, one per line on stdin; writes one JSON description per line
// (see reference.js describe) so the .NET tests can check what the official decoder sees.
const readline = require("readline");
const { describe } = require("./reference");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() === "") return;
  process.stdout.write(JSON.stringify(describe(Buffer.from(line.trim(), "hex"))) + "\n");
});
