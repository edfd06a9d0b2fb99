// A socket.io adapter over RabbitMQ, written from docs/rabbitmq.md alone: a ClusterAdapterWithHeartbeat
// (socket.io-adapter 2.5) whose messages travel as notepack msgpack through one durable direct exchange, with
// one exclusive server-named queue per process. The interop tests run it beside the .NET adapter.
//
//   const rabbit = createAdapter("amqp://127.0.0.1:5672", { log });
//   await rabbit.ready;                        // connected, exchange and queue declared, consuming
//   new Server(httpServer, { adapter: rabbit.adapter });
//   ...
//   await rabbit.quit();                       // after io.close()
"use strict";

const amqp = require("amqplib");
const { encode, decode } = require("notepack.io");
const { ClusterAdapterWithHeartbeat, MessageType } = require("socket.io-adapter");

const MAX_KEY_BYTES = 255; // AMQP short string
const RECONNECT_DELAY_MS = 1000;

function createAdapter(url, opts = {}) {
  const exchange = opts.exchange ?? "socket.io";
  const prefix = opts.channelPrefix ?? "socket.io";
  const log = opts.log ?? (() => {});
  const adapters = new Set(); // started adapters: their keys are bound on the current queue
  const routes = new Map(); // routing key -> { adapter, isResponse }
  let connection = null;
  let channel = null; // null while disconnected
  let queue = null;
  let quitting = false;

  const namespaceKey = (nsp) => `${prefix}#${nsp}#`;
  const responseKey = (nsp, uid) => `${prefix}#${nsp}#${uid}#`;

  async function bind(ch, q, adapter) {
    await ch.bindQueue(q, exchange, adapter.key);
    await ch.bindQueue(q, exchange, adapter.responseKey);
  }

  // Connect, declare the exchange and a new server-named queue, bind every started namespace, then consume.
  async function connect() {
    const conn = await amqp.connect(url);
    conn.on("error", (err) => log("amqp error:", err.message));
    conn.on("close", () => {
      channel = null;
      if (quitting) return;
      log("amqp connection lost; reconnecting");
      setTimeout(reconnect, RECONNECT_DELAY_MS);
    });
    connection = conn;
    const ch = await conn.createChannel();
    ch.on("error", (err) => log("amqp channel error:", err.message));
    await ch.assertExchange(exchange, "direct", { durable: true, autoDelete: false });
    const q = (await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false })).queue;
    for (const adapter of adapters) await bind(ch, q, adapter);
    await ch.consume(q, onDelivery, { noAck: true });
    queue = q;
    channel = ch;
  }

  // After an outage: a new queue with every key bound, then each namespace announces itself again (same uid).
  async function reconnect() {
    if (quitting) return;
    connection = null;
    try {
      await connect();
    } catch (err) {
      log("amqp reconnection failed:", err.message);
      if (connection) connection.close().catch(() => {}); // its close event schedules the next try
      else setTimeout(reconnect, RECONNECT_DELAY_MS);
      connection = null;
      return;
    }
    log("amqp reconnected");
    for (const adapter of adapters) adapter.publish({ type: MessageType.INITIAL_HEARTBEAT });
  }

  function onDelivery(msg) {
    if (!msg) return; // the broker cancelled the consumer
    const route = routes.get(msg.fields.routingKey);
    if (!route) return;
    try {
      const message = decode(msg.content);
      // Responses on this node's own key go to response handling; onMessage passes stray responses on too.
      if (route.isResponse) route.adapter.onResponse(message);
      else route.adapter.onMessage(message);
    } catch (err) {
      log(`dropped a message on ${msg.fields.routingKey}:`, err.message);
    }
  }

  function publish(key, message) {
    if (!channel) throw new Error("RabbitMQ is unreachable");
    channel.publish(exchange, key, encode(message), { contentType: "application/msgpack", deliveryMode: 1 });
  }

  class RabbitMqAdapter extends ClusterAdapterWithHeartbeat {
    constructor(nsp) {
      super(nsp, opts);
      this.key = namespaceKey(nsp.name);
      this.responseKey = responseKey(nsp.name, this.uid);
      this.local = Buffer.byteLength(this.responseKey) > MAX_KEY_BYTES;
      if (this.local) log(`namespace ${nsp.name} stays local: its routing key is longer than ${MAX_KEY_BYTES} bytes`);
    }

    // Start order: bind both keys, then INITIAL_HEARTBEAT (super.init), so that the peers' replies find the queue.
    async init() {
      if (this.local) return;
      routes.set(this.key, { adapter: this, isResponse: false });
      routes.set(this.responseKey, { adapter: this, isResponse: true });
      adapters.add(this);
      if (channel) await bind(channel, queue, this); // while disconnected, reconnect() binds it
      super.init();
    }

    async doPublish(message) {
      if (!this.local) publish(this.key, message);
      return ""; // no offsets
    }

    async doPublishResponse(requesterUid, response) {
      if (this.local) return;
      const key = responseKey(this.nsp.name, requesterUid);
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new Error("response key too long");
      publish(key, response);
    }

    async close() {
      super.close(); // ADAPTER_CLOSE
      if (this.local) return;
      adapters.delete(this);
      routes.delete(this.key);
      routes.delete(this.responseKey);
      if (!channel) return;
      await Promise.allSettled([
        channel.unbindQueue(queue, exchange, this.key),
        channel.unbindQueue(queue, exchange, this.responseKey),
      ]);
    }
  }

  return {
    adapter: RabbitMqAdapter,
    ready: connect(),
    async quit() {
      quitting = true;
      // Closing the channel first flushes what it published (ADAPTER_CLOSE) before the connection goes.
      if (channel) await channel.close().catch(() => {});
      if (connection) await connection.close().catch(() => {});
    },
  };
}

module.exports = { createAdapter };
