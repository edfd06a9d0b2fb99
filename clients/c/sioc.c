/* sioc: see sioc.h. */
#include "sioc.h"

#include <string.h>

enum { STATE_NEW = 0, STATE_OPENING = 1, STATE_OPEN = 2, STATE_CLOSED = 3 };

/* The longest frame header: one byte and a 64-bit length. */
#define HEADER_MAX 9

/* ---- small helpers ---- */

static size_t cstrlen(const char *s) { return s ? strlen(s) : 0; }

static void copy_name(char *dst, const char *src, size_t len)
{
    if (len >= SIOC_MAX_NAME)
        len = SIOC_MAX_NAME - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static int is_main(const char *nsp) { return nsp == NULL || nsp[0] == '\0' || (nsp[0] == '/' && nsp[1] == '\0'); }

static sioc_namespace *find_namespace(sioc_client *c, const char *nsp)
{
    int i;
    const char *name = is_main(nsp) ? "/" : nsp;
    for (i = 0; i < SIOC_MAX_NAMESPACES; i++)
        if (c->namespaces[i].name[0] != '\0' && strcmp(c->namespaces[i].name, name) == 0)
            return &c->namespaces[i];
    return NULL;
}

static sioc_namespace *add_namespace(sioc_client *c, const char *nsp)
{
    int i;
    sioc_namespace *found = find_namespace(c, nsp);
    if (found)
        return found;
    for (i = 0; i < SIOC_MAX_NAMESPACES; i++) {
        if (c->namespaces[i].name[0] == '\0') {
            copy_name(c->namespaces[i].name, is_main(nsp) ? "/" : nsp, strlen(is_main(nsp) ? "/" : nsp));
            c->namespaces[i].connected = 0;
            c->namespaces[i].sid[0] = '\0';
            return &c->namespaces[i];
        }
    }
    return NULL;
}

/* ---- writing ---- */

/* A packet is built in tx after room for the longest header. */
typedef struct {
    sioc_client *c;
    size_t len;
    int overflow;
} builder;

static void put(builder *b, const char *s, size_t n)
{
    if (b->overflow || HEADER_MAX + b->len + n > b->c->tx_cap) {
        b->overflow = 1;
        return;
    }
    memcpy(b->c->tx + HEADER_MAX + b->len, s, n);
    b->len += n;
}

static void puts_(builder *b, const char *s) { put(b, s, cstrlen(s)); }

static void put_long(builder *b, long v)
{
    char digits[24];
    int n = 0;
    if (v < 0)
        v = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 20);
    put(b, digits + sizeof digits - n, (size_t)n);
}

/* Writes s as a JSON string, escaping what JSON requires. */
static void put_json_string(builder *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            char esc[2];
            esc[0] = '\\';
            esc[1] = (char)ch;
            put(b, esc, 2);
        } else if (ch < 0x20) {
            char esc[6];
            esc[0] = '\\';
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            put(b, esc, 6);
        } else {
            put(b, (const char *)&ch, 1);
        }
    }
    put(b, "\"", 1);
}

/* Socket.IO packet prefix: "4" (engine message), the type, then "/nsp," unless it is the main namespace. */
static void put_prefix(builder *b, char type, const char *nsp)
{
    char head[2];
    head[0] = '4';
    head[1] = type;
    put(b, head, 2);
    if (!is_main(nsp)) {
        puts_(b, nsp);
        put(b, ",", 1);
    }
}

static int write_all(sioc_client *c, const uint8_t *data, size_t len)
{
    while (len > 0) {
        long n = c->write(c->io, data, len);
        if (n <= 0)
            return SIOC_ERR_IO;
        data += n;
        len -= (size_t)n;
    }
    return SIOC_OK;
}

/* Frames the packet built so far (text) and writes it. */
static int send_built(builder *b)
{
    uint8_t *start;
    size_t header, len = b->len, i;
    if (b->overflow)
        return SIOC_ERR_NOSPACE;
    header = len < 126 ? 1 : len < 65536 ? 3 : 9;
    start = b->c->tx + HEADER_MAX - header;
    if (header == 1) {
        start[0] = (uint8_t)len;
    } else if (header == 3) {
        start[0] = 126;
        start[1] = (uint8_t)(len >> 8);
        start[2] = (uint8_t)len;
    } else {
        start[0] = 127;
        for (i = 0; i < 8; i++)
            start[1 + i] = (uint8_t)(i < 4 ? 0 : ((unsigned long)len >> (8 * (7 - i))));
    }
    return write_all(b->c, start, header + len);
}

static int send_text(sioc_client *c, const char *text)
{
    builder b;
    b.c = c;
    b.len = 0;
    b.overflow = 0;
    puts_(&b, text);
    return send_built(&b);
}

/* ---- public API: setup and sending ---- */

void sioc_init(sioc_client *c, uint8_t *rx, size_t rx_cap, uint8_t *tx, size_t tx_cap,
               sioc_read_fn read, sioc_write_fn write, void *io, const sioc_handlers *handlers, void *user)
{
    memset(c, 0, sizeof *c);
    c->rx = rx;
    c->rx_cap = rx_cap;
    c->tx = tx;
    c->tx_cap = tx_cap;
    c->read = read;
    c->write = write;
    c->io = io;
    if (handlers)
        c->handlers = *handlers;
    c->user = user;
    c->state = STATE_NEW;
}

/* The stream opens with an open packet and no data: a new session (there is no upgrade). */
int sioc_open(sioc_client *c)
{
    int rc;
    if (c->state != STATE_NEW)
        return SIOC_ERR_STATE;
    rc = send_text(c, "0");
    if (rc == SIOC_OK)
        c->state = STATE_OPENING;
    return rc;
}

int sioc_connect(sioc_client *c, const char *nsp, const char *auth_json)
{
    builder b;
    if (c->state != STATE_OPEN || !add_namespace(c, nsp))
        return SIOC_ERR_STATE;
    b.c = c;
    b.len = 0;
    b.overflow = 0;
    put_prefix(&b, '0', nsp);
    puts_(&b, auth_json);
    return send_built(&b);
}

int sioc_disconnect(sioc_client *c, const char *nsp)
{
    builder b;
    sioc_namespace *n = find_namespace(c, nsp);
    if (c->state != STATE_OPEN || !n)
        return SIOC_ERR_STATE;
    n->connected = 0;
    n->name[0] = '\0';
    b.c = c;
    b.len = 0;
    b.overflow = 0;
    put_prefix(&b, '1', nsp);
    return send_built(&b);
}

int sioc_emit(sioc_client *c, const char *nsp, const char *event, const char *args, long *ack_id)
{
    builder b;
    if (c->state != STATE_OPEN || event == NULL)
        return SIOC_ERR_STATE;
    b.c = c;
    b.len = 0;
    b.overflow = 0;
    put_prefix(&b, '2', nsp);
    if (ack_id) {
        *ack_id = c->next_ack_id++;
        put_long(&b, *ack_id);
    }
    put(&b, "[", 1);
    put_json_string(&b, event);
    if (args && args[0] != '\0') {
        put(&b, ",", 1);
        puts_(&b, args);
    }
    put(&b, "]", 1);
    return send_built(&b);
}

int sioc_ack(sioc_client *c, const char *nsp, long ack_id, const char *args)
{
    builder b;
    if (c->state != STATE_OPEN || ack_id < 0)
        return SIOC_ERR_STATE;
    b.c = c;
    b.len = 0;
    b.overflow = 0;
    put_prefix(&b, '3', nsp);
    put_long(&b, ack_id);
    put(&b, "[", 1);
    puts_(&b, args);
    put(&b, "]", 1);
    return send_built(&b);
}

int sioc_close(sioc_client *c)
{
    int rc;
    if (c->state != STATE_OPEN)
        return SIOC_ERR_STATE;
    rc = send_text(c, "1");
    c->state = STATE_CLOSED;
    return rc;
}

int sioc_is_open(const sioc_client *c) { return c->state == STATE_OPEN; }

int sioc_is_connected(const sioc_client *c, const char *nsp)
{
    int i;
    const char *name = is_main(nsp) ? "/" : nsp;
    for (i = 0; i < SIOC_MAX_NAMESPACES; i++)
        if (c->namespaces[i].connected && strcmp(c->namespaces[i].name, name) == 0)
            return 1;
    return 0;
}

/* ---- reading ---- */

/* Finds "key": in a flat JSON object and returns the position of its value, or NULL. */
static const char *json_value(const char *json, size_t len, const char *key)
{
    size_t klen = strlen(key), i;
    for (i = 0; i + klen + 3 <= len; i++) {
        if (json[i] == '"' && memcmp(json + i + 1, key, klen) == 0 && json[i + 1 + klen] == '"') {
            size_t j = i + 2 + klen;
            while (j < len && (json[j] == ' ' || json[j] == ':'))
                j++;
            return j < len ? json + j : NULL;
        }
    }
    return NULL;
}

static unsigned long json_number(const char *json, size_t len, const char *key)
{
    const char *v = json_value(json, len, key);
    unsigned long n = 0;
    while (v && v < json + len && *v >= '0' && *v <= '9')
        n = n * 10 + (unsigned long)(*v++ - '0');
    return n;
}

/* Copies the JSON string at v (a simple one: ids and names) into out. */
static void json_string(const char *v, const char *end, char *out)
{
    size_t n = 0;
    out[0] = '\0';
    if (!v || v >= end || *v != '"')
        return;
    for (v++; v < end && *v != '"' && n + 1 < SIOC_MAX_NAME; v++) {
        if (*v == '\\' && v + 1 < end)
            v++;
        out[n++] = *v;
    }
    out[n] = '\0';
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* The items of a JSON array "[a,b]" as "a,b": strips the brackets (and the name for an event). */
static void array_items(const char *data, const char *end, const char **items, size_t *items_len)
{
    const char *p = skip_space(data, end), *q = end;
    *items = p;
    *items_len = 0;
    if (p >= end || *p != '[')
        return;
    while (q > p && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\r' || q[-1] == '\t'))
        q--;
    if (q > p && q[-1] == ']')
        q--;
    p = skip_space(p + 1, q);
    *items = p;
    *items_len = (size_t)(q - p);
}

/* Handles one Socket.IO packet (the text after the engine's '4'). */
static int on_socket_packet(sioc_client *c, const char *p, const char *end)
{
    char type, nsp[SIOC_MAX_NAME];
    long id = -1;
    sioc_namespace *n;
    if (p >= end)
        return SIOC_ERR_PROTOCOL;
    type = *p++;
    if (type == '5' || type == '6')
        return SIOC_OK; /* binary events and acks are not supported: skipped (their attachments too) */
    nsp[0] = '/';
    nsp[1] = '\0';
    if (p < end && *p == '/') {
        const char *start = p;
        while (p < end && *p != ',')
            p++;
        copy_name(nsp, start, (size_t)(p - start));
        if (p < end)
            p++;
    }
    if (p < end && *p >= '0' && *p <= '9') {
        id = 0;
        while (p < end && *p >= '0' && *p <= '9')
            id = id * 10 + (*p++ - '0');
    }
    n = find_namespace(c, nsp);
    switch (type) {
    case '0': /* CONNECT: {"sid":"..."} */
        if (!n)
            return SIOC_OK;
        json_string(json_value(p, (size_t)(end - p), "sid"), end, n->sid);
        n->connected = 1;
        if (c->handlers.on_connect)
            c->handlers.on_connect(c, n->name, n->sid);
        return SIOC_OK;
    case '1': /* DISCONNECT from the server */
        if (n) {
            n->connected = 0;
            if (c->handlers.on_disconnect)
                c->handlers.on_disconnect(c, nsp);
        }
        return SIOC_OK;
    case '4': /* CONNECT_ERROR: {"message":"...","data":...} */
        if (n)
            n->connected = 0;
        if (c->handlers.on_connect_error)
            c->handlers.on_connect_error(c, nsp, p, (size_t)(end - p));
        return SIOC_OK;
    case '2': { /* EVENT: ["name", args...] */
        const char *items, *q;
        size_t items_len;
        char event[SIOC_MAX_NAME];
        array_items(p, end, &items, &items_len);
        q = items;
        json_string(q, items + items_len, event);
        if (event[0] == '\0')
            return SIOC_ERR_PROTOCOL;
        /* skip the name: a string, escapes included */
        for (q++; q < items + items_len && *q != '"'; q++)
            if (*q == '\\')
                q++;
        q = skip_space(q + 1, items + items_len);
        if (q < items + items_len && *q == ',')
            q = skip_space(q + 1, items + items_len);
        if (c->handlers.on_event)
            c->handlers.on_event(c, nsp, event, q, (size_t)(items + items_len - q), id);
        return SIOC_OK;
    }
    case '3': { /* ACK: [args...] */
        const char *items;
        size_t items_len;
        array_items(p, end, &items, &items_len);
        if (c->handlers.on_ack)
            c->handlers.on_ack(c, nsp, id, items, items_len);
        return SIOC_OK;
    }
    default:
        return SIOC_ERR_PROTOCOL;
    }
}

/* Handles one engine packet (a text frame). */
static int on_engine_packet(sioc_client *c, const char *p, size_t len)
{
    const char *end = p + len;
    switch (p[0]) {
    case '0': /* open: {"sid":...,"pingInterval":...,"pingTimeout":...,"maxPayload":...} */
        if (c->state != STATE_OPENING)
            return SIOC_ERR_PROTOCOL;
        json_string(json_value(p + 1, len - 1, "sid"), end, c->sid);
        c->ping_interval_ms = json_number(p + 1, len - 1, "pingInterval");
        c->ping_timeout_ms = json_number(p + 1, len - 1, "pingTimeout");
        c->max_payload = json_number(p + 1, len - 1, "maxPayload");
        c->last_ping_ms = c->now_ms;
        c->state = STATE_OPEN;
        if (c->handlers.on_open)
            c->handlers.on_open(c, c->sid);
        return SIOC_OK;
    case '1':
        c->state = STATE_CLOSED;
        return SIOC_ERR_CLOSED;
    case '2': /* EIO4: the server pings, the client answers at once */
        c->last_ping_ms = c->now_ms;
        return send_text(c, "3");
    case '4':
        return on_socket_packet(c, p + 1, end);
    case '6':
        return SIOC_OK;
    default:
        return SIOC_ERR_PROTOCOL;
    }
}

/* Handles every whole frame at the start of rx and keeps the rest. */
static int drain_frames(sioc_client *c)
{
    size_t pos = 0;
    int rc = SIOC_OK;
    while (rc == SIOC_OK && c->rx_len - pos >= 1) {
        const uint8_t *f = c->rx + pos;
        size_t avail = c->rx_len - pos, header, len = f[0] & 0x7F, i;
        int binary = (f[0] & 0x80) != 0;
        header = len == 126 ? 3 : len == 127 ? 9 : 1;
        if (avail < header)
            break;
        if (header == 3) {
            len = ((size_t)f[1] << 8) | f[2];
        } else if (header == 9) {
            len = 0;
            for (i = 1; i < 9; i++) {
                if (i < 5 && f[i] != 0)
                    return SIOC_ERR_NOSPACE;
                len = (len << 8) | f[i];
            }
        }
        /* As engine.io-parser's decoder: a length of 0 is an error; one beyond the buffer cannot be read here. */
        if (len == 0)
            return SIOC_ERR_PROTOCOL;
        if (header + len > c->rx_cap)
            return SIOC_ERR_NOSPACE;
        if (avail < header + len)
            break;
        if (!binary)
            rc = on_engine_packet(c, (const char *)f + header, len);
        pos += header + len;
    }
    if (pos > 0) {
        memmove(c->rx, c->rx + pos, c->rx_len - pos);
        c->rx_len -= pos;
    }
    return rc;
}

int sioc_poll(sioc_client *c, unsigned long now_ms)
{
    long n;
    int rc;
    c->now_ms = now_ms;
    if (c->state == STATE_NEW || c->state == STATE_CLOSED)
        return c->state == STATE_CLOSED ? SIOC_ERR_CLOSED : SIOC_ERR_STATE;
    if (c->rx_len == c->rx_cap)
        return SIOC_ERR_NOSPACE;
    n = c->read(c->io, c->rx + c->rx_len, c->rx_cap - c->rx_len);
    if (n < 0)
        return SIOC_ERR_IO;
    c->rx_len += (size_t)n;
    rc = drain_frames(c);
    if (rc != SIOC_OK)
        return rc;
    /* EIO4: a server silent for pingInterval + pingTimeout is gone. */
    if (c->state == STATE_OPEN && c->ping_interval_ms > 0 &&
        now_ms - c->last_ping_ms > c->ping_interval_ms + c->ping_timeout_ms)
        return SIOC_ERR_TIMEOUT;
    return SIOC_OK;
}
