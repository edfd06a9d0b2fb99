"use strict";
// What the official JS packages make of msgpack bytes: socket.io-msgpack-parser decodes them, and
// the default socket.io-parser re-encodes the decoded packet. The .NET tests feed those default-parser
// frames to the JSON parser and expect the msgpack parser to yield the same packet.
const msgpack = require("socket.io-msgpack-parser");
const defaultParser = require("socket.io-parser");

/** Decodes one msgpack packet with the official decoder; throws what it throws. */
function decodeMsgpack(buffer) {
  let decoded;
  const decoder = new msgpack.Decoder();
  decoder.on("decoded", (packet) => (decoded = packet));
  decoder.add(buffer);
  return decoded;
}

/** The default parser's frames for a packet: one text frame, then binary attachments as hex. */
function defaultFrames(packet) {
  const copy = { type: packet.type, nsp: packet.nsp };
  if (packet.data !== undefined) copy.data = packet.data;
  if (packet.id !== undefined) copy.id = packet.id;
  const [text, ...binary] = new defaultParser.Encoder().encode(copy);
  return { text, binary: binary.map((b) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString("hex")) };
}

/** Decodes and describes one packet: its keys, type, nsp, id and the default parser's frames. */
function describe(buffer) {
  try {
    const packet = decodeMsgpack(buffer);
    return {
      keys: Object.keys(packet),
      type: packet.type,
      nsp: packet.nsp,
      id: packet.id === undefined ? null : packet.id,
      frames: defaultFrames(packet),
    };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

module.exports = { msgpack, decodeMsgpack, defaultFrames, describe };
