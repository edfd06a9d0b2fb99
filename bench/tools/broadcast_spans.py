#!/usr/bin/env python3
"""Per-broadcast timing of a fan-out run, read off a loopback packet capture.

LoadGen's latencies include its own time to read 1,000 messages; this measures the server alone. Capture
the server's port during `fanout N R T` (R > 0, one broadcast at a time):

    tcpdump -i lo -s 80 -B 65536 -w run.pcap "tcp port $PORT"   # started before LoadGen, stopped after it

then `broadcast_spans.py run.pcap $PORT [--skip K] [--list]`. The sender is the client that sends the most
data packets to the server; each of its packets starts a broadcast, and every data packet the server sends
to another client until the sender's next one belongs to it. Printed, over the broadcasts with at least
90 % of the usual number of packets (and no more), after skipping the first K (default 20, the warm-up at 20/s):
first and last packet out after the sender's packet, and the latency of every delivery on the wire.
The capture's timestamps are taken as each packet passes the loopback device, on the sending side.
"""
import argparse
import collections
import struct


def packets(path):
    """(time, source port, destination port, payload bytes) of each TCP/IPv4 packet in a pcap file."""
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        scale = 1e9 if magic == 0xA1B23C4D else 1e6
        link = struct.unpack("<I", header[20:24])[0]
        offset = {1: 14, 113: 16}.get(link, 0)  # Ethernet (Linux lo), Linux cooked
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            seconds, fraction, captured, _ = struct.unpack("<IIII", record)
            data = f.read(captured)
            ip = data[offset:]
            ip_header = (ip[0] & 15) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            tcp = ip[ip_header:]
            source, destination = struct.unpack(">HH", tcp[:4])
            tcp_header = (tcp[12] >> 4) * 4
            yield seconds + fraction / scale, source, destination, total - ip_header - tcp_header


def quantile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pcap")
    parser.add_argument("port", type=int)
    parser.add_argument("--skip", type=int, default=20)
    parser.add_argument("--list", action="store_true", help="print each broadcast's last-packet time (ms), in order")
    args = parser.parse_args()

    data = [p for p in packets(args.pcap) if p[3] > 0]
    sender = collections.Counter(p[1] for p in data if p[2] == args.port).most_common(1)[0][0]
    broadcasts = []  # [start, [times out]]
    for time, source, destination, _ in data:
        if source == sender and destination == args.port:
            broadcasts.append([time, []])
        elif source == args.port and destination != sender and broadcasts:
            broadcasts[-1][1].append(time)
    # The usual size of a broadcast; the sender's set-up packets and the teardown after its last one differ.
    usual = collections.Counter(len(b[1]) for b in broadcasts).most_common(1)[0][0]
    kept = [b for b in broadcasts if 0.9 * usual <= len(b[1]) <= usual][args.skip:]
    first = sorted((b[1][0] - b[0]) * 1e3 for b in kept)
    last = sorted((b[1][-1] - b[0]) * 1e3 for b in kept)
    each = sorted((t - b[0]) * 1e3 for b in kept for t in b[1])
    print(f"broadcasts {len(kept)} (of {len(broadcasts)}), {usual} deliveries each")
    print(f"first packet out (ms): p50 {quantile(first, .5):.2f}  p90 {quantile(first, .9):.2f}  max {first[-1]:.2f}")
    print(f"last packet out (ms):  p50 {quantile(last, .5):.2f}  p90 {quantile(last, .9):.2f}  "
          f"p99 {quantile(last, .99):.2f}  max {last[-1]:.2f}")
    print(f"delivery on the wire (ms): p50 {quantile(each, .5):.2f}  p99 {quantile(each, .99):.2f}  "
          f"p99.9 {quantile(each, .999):.2f}")
    if args.list:
        print(" ".join(f"{(b[1][-1] - b[0]) * 1e3:.0f}" for b in kept))


if __name__ == "__main__":
    main()
