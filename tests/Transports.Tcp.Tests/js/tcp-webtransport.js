// A stand-in for the WebTransport global over a plain TCP (or TLS) socket, so that the official
// socket.io-client, with transports: ["webtransport"], speaks raw TCP: engine.io-client's own
// WebTransport transport frames the packets (engine.io-parser's createPacketEncoderStream and
// createPacketDecoderStream); this file only hands it a socket as its one bidirectional stream.
"use strict";

const net = require("net");
const tls = require("tls");

// Set to true to make the device silent: everything it would send is dropped (ping timeout tests).
let muted = false;

class TcpWebTransport {
  // options: the client's transportOptions.webtransport, e.g. { tls: { ca, cert, key, servername } }.
  constructor(url, options = {}) {
    const { hostname, port } = new URL(url);
    const host = hostname.replace(/^\[|\]$/g, "");
    this._socket = options.tls
      ? tls.connect({ host, port: Number(port), servername: "localhost", ...options.tls })
      : net.connect({ host, port: Number(port) });
    this._socket.setNoDelay(true);
    const connectEvent = options.tls ? "secureConnect" : "connect";
    // `ready` never rejects (the client does not catch it); a failure rejects `closed` instead.
    this.ready = new Promise((resolve) => this._socket.once(connectEvent, resolve));
    this.closed = new Promise((resolve, reject) => {
      let error = null;
      this._socket.once("error", (err) => (error = err));
      this._socket.once("close", () => (error ? reject(error) : resolve()));
    });
  }

  async createBidirectionalStream() {
    const socket = this._socket;
    const readable = new ReadableStream({
      start(controller) {
        // Copy each chunk: Node may hand out views of a shared pool.
        socket.on("data", (chunk) => controller.enqueue(new Uint8Array(chunk)));
        socket.once("end", () => controller.close());
        socket.once("error", (err) => controller.error(err));
      },
    });
    const writable = new WritableStream({
      write(chunk) {
        if (muted || socket.destroyed) return;
        return new Promise((resolve, reject) => socket.write(chunk, (err) => (err ? reject(err) : resolve())));
      },
      close() {
        socket.end();
      },
    });
    return { readable, writable };
  }

  // The client writes its last packets (a DISCONNECT) through a stream pipe that settles over a few
  // promise turns; end the socket after they have reached it.
  close() {
    setImmediate(() => this._socket.end());
  }
}

module.exports = {
  install() {
    globalThis.WebTransport = TcpWebTransport;
  },
  mute() {
    muted = true;
  },
};
