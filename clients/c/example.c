/*
 * A device over sioc: connects to a Socket.IO server's raw TCP transport, joins a namespace with a
 * token, sends one telemetry event (with an ack), answers the server's "command" event with an ack,
 * then leaves. POSIX sockets carry it here; on a microcontroller only the two callbacks change.
 *
 * Usage: sioc-example HOST PORT [NAMESPACE] [TOKEN] [DEVICE_ID]
 * Exit: 0 once the telemetry was acked and a command answered, 1 on error or after 15 s.
 */
#define _POSIX_C_SOURCE 200112L

#include "sioc.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* All the memory the client uses: fixed, given by the caller. */
static uint8_t rx_buffer[8192];
static uint8_t tx_buffer[1024];

typedef struct {
    const char *nsp;
    const char *token;
    const char *device;
    long telemetry_ack;
    int telemetry_done;
    int command_done;
    int failed;
} device_state;

static long sock_read(void *io, uint8_t *buf, size_t len)
{
    int fd = *(int *)io;
    struct pollfd p;
    ssize_t n;
    p.fd = fd;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 50) <= 0)
        return 0; /* nothing yet */
    n = recv(fd, buf, len, 0);
    if (n == 0)
        return -1; /* the server ended the stream */
    if (n < 0)
        return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
    return (long)n;
}

static long sock_write(void *io, const uint8_t *buf, size_t len)
{
    ssize_t n = send(*(int *)io, buf, len, 0);
    return n < 0 ? -1 : (long)n;
}

static unsigned long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long)t.tv_sec * 1000UL + (unsigned long)(t.tv_nsec / 1000000L);
}

static void on_open(sioc_client *c, const char *sid)
{
    device_state *d = (device_state *)c->user;
    char auth[128];
    printf("open sid=%s pingInterval=%lu\n", sid, c->ping_interval_ms);
    snprintf(auth, sizeof auth, "{\"token\":\"%s\",\"device\":\"%s\"}", d->token, d->device);
    if (sioc_connect(c, d->nsp, auth) != SIOC_OK)
        d->failed = 1;
}

static void on_connect(sioc_client *c, const char *nsp, const char *sid)
{
    device_state *d = (device_state *)c->user;
    char telemetry[128];
    printf("connected %s sid=%s\n", nsp, sid);
    snprintf(telemetry, sizeof telemetry, "{\"device\":\"%s\",\"temperature\":21.5,\"humidity\":40}", d->device);
    if (sioc_emit(c, nsp, "telemetry", telemetry, &d->telemetry_ack) != SIOC_OK)
        d->failed = 1;
}

static void on_connect_error(sioc_client *c, const char *nsp, const char *json, size_t len)
{
    device_state *d = (device_state *)c->user;
    printf("connect_error %s %.*s\n", nsp, (int)len, json);
    d->failed = 1;
}

static void on_event(sioc_client *c, const char *nsp, const char *event, const char *args, size_t len, long ack_id)
{
    device_state *d = (device_state *)c->user;
    printf("event %s %s [%.*s]\n", nsp, event, (int)len, args);
    if (strcmp(event, "command") == 0) {
        if (ack_id >= 0 && sioc_ack(c, nsp, ack_id, "\"done\"") != SIOC_OK)
            d->failed = 1;
        d->command_done = 1;
    }
}

static void on_ack(sioc_client *c, const char *nsp, long ack_id, const char *args, size_t len)
{
    device_state *d = (device_state *)c->user;
    printf("ack %s %ld [%.*s]\n", nsp, ack_id, (int)len, args);
    if (ack_id == d->telemetry_ack)
        d->telemetry_done = 1;
}

static int dial(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return -1;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int main(int argc, char **argv)
{
    sioc_client client;
    sioc_handlers handlers;
    device_state state;
    unsigned long deadline;
    int fd, rc = SIOC_OK;

    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST PORT [NAMESPACE] [TOKEN] [DEVICE_ID]\n", argv[0]);
        return 1;
    }
    memset(&state, 0, sizeof state);
    state.nsp = argc > 3 ? argv[3] : "/devices";
    state.token = argc > 4 ? argv[4] : "device-token";
    state.device = argc > 5 ? argv[5] : "sensor-1";
    state.telemetry_ack = -1;

    fd = dial(argv[1], argv[2]);
    if (fd < 0) {
        fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
        return 1;
    }
    memset(&handlers, 0, sizeof handlers);
    handlers.on_open = on_open;
    handlers.on_connect = on_connect;
    handlers.on_connect_error = on_connect_error;
    handlers.on_event = on_event;
    handlers.on_ack = on_ack;
    sioc_init(&client, rx_buffer, sizeof rx_buffer, tx_buffer, sizeof tx_buffer, sock_read, sock_write, &fd, &handlers, &state);

    rc = sioc_open(&client);
    deadline = now_ms() + 15000UL;
    while (rc == SIOC_OK && !state.failed && !(state.telemetry_done && state.command_done) && now_ms() < deadline)
        rc = sioc_poll(&client, now_ms());

    if (rc == SIOC_OK && !state.failed && state.telemetry_done && state.command_done) {
        sioc_disconnect(&client, state.nsp);
        sioc_close(&client);
        close(fd);
        printf("done\n");
        return 0;
    }
    fprintf(stderr, "failed: rc=%d failed=%d telemetry=%d command=%d\n", rc, state.failed, state.telemetry_done, state.command_done);
    close(fd);
    return 1;
}
