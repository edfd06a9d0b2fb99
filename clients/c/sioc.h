/*
 * sioc: a Socket.IO v5 / Engine.IO v4 client for microcontrollers, over the raw TCP transport of
 * SocketIO for .NET (Engine.IO's stream framing, as engine.io-parser's createPacketEncoderStream
 * writes it for WebTransport: a header byte with bit 0x80 for binary and the length below 126,
 * 126 + 2 length bytes, or 127 + 8 length bytes, then the packet).
 *
 * C99, no dependencies, no malloc: the caller gives every buffer. It runs over two callbacks, so
 * any TCP stack (BSD sockets, lwIP, a modem's AT commands, a TLS library) can carry it.
 *
 * What it does: the open handshake, answers to the server's pings (and a watchdog for a silent
 * server), connecting to namespaces with an auth object, emitting events with JSON arguments (with
 * or without an ack), and receiving events, acks for its own emits, and acking the server's events.
 * Binary attachments are not supported: binary frames are skipped.
 */
#ifndef SIOC_H
#define SIOC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Most namespaces one client tracks at once. */
#ifndef SIOC_MAX_NAMESPACES
#define SIOC_MAX_NAMESPACES 4
#endif

/* Longest namespace, socket id or event name, NUL included. */
#ifndef SIOC_MAX_NAME
#define SIOC_MAX_NAME 64
#endif

/* Results; every negative value ends the session (close the transport, then sioc_init again). */
enum {
    SIOC_OK = 0,
    SIOC_ERR_IO = -1,       /* the read or write callback failed */
    SIOC_ERR_CLOSED = -2,   /* the server ended the session */
    SIOC_ERR_PROTOCOL = -3, /* the server sent something this client cannot read */
    SIOC_ERR_NOSPACE = -4,  /* a frame does not fit the receive or transmit buffer */
    SIOC_ERR_TIMEOUT = -5,  /* no ping from the server within pingInterval + pingTimeout */
    SIOC_ERR_STATE = -6     /* not open yet, unknown namespace, or a bad argument */
};

typedef struct sioc_client sioc_client;

/* Reads up to len bytes: returns how many (> 0), 0 when none are there now, < 0 when the connection is gone. */
typedef long (*sioc_read_fn)(void *io, uint8_t *buf, size_t len);

/* Writes up to len bytes: returns how many (> 0; partial writes are retried), < 0 on failure. */
typedef long (*sioc_write_fn)(void *io, const uint8_t *buf, size_t len);

/*
 * Callbacks, any of which may be NULL. Strings are NUL-terminated; JSON text (args) is not and is
 * valid only during the call. args is the list of JSON values after the event name, without the
 * enclosing brackets ("{\"a\":1},2", or empty). ack_id is >= 0 when the server waits for an ack:
 * answer with sioc_ack. Callbacks may call sioc_emit, sioc_ack, sioc_connect and sioc_disconnect.
 */
typedef struct {
    void (*on_open)(sioc_client *c, const char *sid);
    void (*on_connect)(sioc_client *c, const char *nsp, const char *sid);
    void (*on_connect_error)(sioc_client *c, const char *nsp, const char *json, size_t json_len);
    void (*on_disconnect)(sioc_client *c, const char *nsp);
    void (*on_event)(sioc_client *c, const char *nsp, const char *event, const char *args, size_t args_len, long ack_id);
    void (*on_ack)(sioc_client *c, const char *nsp, long ack_id, const char *args, size_t args_len);
} sioc_handlers;

typedef struct {
    char name[SIOC_MAX_NAME];
    char sid[SIOC_MAX_NAME];
    int connected;
} sioc_namespace;

/* The client; its fields are read-only for the caller except user. */
struct sioc_client {
    sioc_read_fn read;
    sioc_write_fn write;
    void *io;
    sioc_handlers handlers;
    void *user; /* free for the caller */
    uint8_t *rx;
    size_t rx_cap;
    size_t rx_len;
    uint8_t *tx;
    size_t tx_cap;
    int state;
    char sid[SIOC_MAX_NAME];
    unsigned long ping_interval_ms;
    unsigned long ping_timeout_ms;
    unsigned long max_payload;
    unsigned long last_ping_ms;
    unsigned long now_ms;
    long next_ack_id;
    sioc_namespace namespaces[SIOC_MAX_NAMESPACES];
};

/*
 * Prepares a client. rx must hold the largest frame the server sends (header included); tx the
 * largest the client sends. Nothing is sent until sioc_open.
 */
void sioc_init(sioc_client *c, uint8_t *rx, size_t rx_cap, uint8_t *tx, size_t tx_cap,
               sioc_read_fn read, sioc_write_fn write, void *io, const sioc_handlers *handlers, void *user);

/* Sends the open packet on a freshly connected transport; on_open follows from sioc_poll. */
int sioc_open(sioc_client *c);

/* Connects a namespace ("/" or "/devices") with an auth JSON object, or NULL for none. */
int sioc_connect(sioc_client *c, const char *nsp, const char *auth_json);

/* Leaves a namespace. */
int sioc_disconnect(sioc_client *c, const char *nsp);

/*
 * Emits event on nsp with args, a list of JSON values without brackets ("{\"t\":21.5}", "1,\"two\"",
 * or NULL). With ack_id non-NULL the server is asked for an ack; its id is stored there and on_ack
 * reports the answer.
 */
int sioc_emit(sioc_client *c, const char *nsp, const char *event, const char *args, long *ack_id);

/* Answers the server's event ack_id with args (a list of JSON values, or NULL). */
int sioc_ack(sioc_client *c, const char *nsp, long ack_id, const char *args);

/* Ends the session politely (a close packet); then close the transport. */
int sioc_close(sioc_client *c);

/*
 * Reads what the transport has and handles every whole frame; call it often. now_ms is any
 * monotonic millisecond clock, used for the heartbeat watchdog.
 */
int sioc_poll(sioc_client *c, unsigned long now_ms);

/* True once the server's open packet has arrived. */
int sioc_is_open(const sioc_client *c);

/* True while nsp is connected. */
int sioc_is_connected(const sioc_client *c, const char *nsp);

#ifdef __cplusplus
}
#endif

#endif /* SIOC_H */
