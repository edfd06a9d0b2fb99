using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Bench.LoadGen;

/// <summary>
/// A minimal RESP client for the few commands the cluster scenario reads (INFO, PUBSUB), and the bytes a
/// process received from Redis, read from the kernel's per-socket counters with <c>ss</c>.
/// Nothing here runs in the hot path.
/// </summary>
internal sealed class RedisProbe : IDisposable
{
    private readonly TcpClient _client;
    private readonly BufferedStream _stream;

    private RedisProbe(TcpClient client)
    {
        _client = client;
        _stream = new BufferedStream(client.GetStream());
    }

    /// <summary>The Redis port, for the <c>ss</c> filter.</summary>
    public int Port { get; private init; }

    /// <summary>Connects to <c>host:port</c>.</summary>
    public static RedisProbe Connect(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : endpoint;
        var port = colon > 0 ? int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture) : 6379;
        var client = new TcpClient { NoDelay = true, ReceiveTimeout = 5000, SendTimeout = 5000 };
        client.Connect(host, port);
        return new RedisProbe(client) { Port = port };
    }

    /// <summary>Sends one command and reads its reply: a string, a long, null or an array of those.</summary>
    public object? Command(params string[] args)
    {
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }

        _stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
        _stream.Flush();
        return ReadReply();
    }

    /// <summary>used_cpu_sys + used_cpu_user of the Redis server, in microseconds.</summary>
    public double CpuMicroseconds()
    {
        var info = Command("INFO", "cpu") as string ?? "";
        return 1e6 * (InfoField(info, "used_cpu_sys") + InfoField(info, "used_cpu_user"));
    }

    /// <summary>The integer a <c>PUBSUB NUMPAT</c> answers.</summary>
    public long PatternCount() => Command("PUBSUB", "NUMPAT") as long? ?? -1;

    /// <summary>Subscribers of one channel by <c>PUBSUB NUMSUB</c> or, when sharded, <c>PUBSUB SHARDNUMSUB</c>.</summary>
    public long Subscribers(string channel, bool sharded) =>
        Command("PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel) is object?[] { Length: 2 } reply && reply[1] is long count ? count : -1;

    /// <summary>
    /// The local ports of process <paramref name="pid"/>'s established TCP connections to <paramref name="port"/>:
    /// the socket inodes among its descriptors, matched in <c>/proc/PID/net/tcp</c>.
    /// </summary>
    public static HashSet<int> LocalPortsOf(int? pid, int port)
    {
        var ports = new HashSet<int>();
        if (pid is not { } id)
        {
            return ports;
        }

        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fd in Directory.EnumerateFiles($"/proc/{id}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }

            // sl local_address rem_address st ... inode (hex ip:port, state 01 = established).
            foreach (var line in File.ReadLines($"/proc/{id}/net/tcp").Concat(File.ReadLines($"/proc/{id}/net/tcp6")).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "01" && HexPort(fields[2]) == port && inodes.Contains(fields[9]))
                {
                    ports.Add(HexPort(fields[1]));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return ports;
    }

    /// <summary>
    /// Bytes received so far from port <paramref name="port"/>, by local port: the kernel's
    /// <c>tcpi_bytes_received</c> of each established connection, read with <c>ss -tin</c>. Null when
    /// <c>ss</c> is missing.
    /// </summary>
    public static Dictionary<int, long>? BytesReceivedFrom(int port)
    {
        try
        {
            var start = new ProcessStartInfo("ss") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-tinH", "state", "established", "dport", "=", $":{port}" })
            {
                start.ArgumentList.Add(arg);
            }

            using var ss = Process.Start(start);
            if (ss is null)
            {
                return null;
            }

            var output = ss.StandardOutput.ReadToEnd();
            ss.WaitForExit();
            // One line per socket (Recv-Q Send-Q local:port peer:port), then an indented line of tcp_info.
            var totals = new Dictionary<int, long>();
            int? local = null;
            foreach (var line in output.Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (!char.IsWhiteSpace(line[0]))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    local = fields.Length >= 3 && int.TryParse(fields[2].AsSpan(fields[2].LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
                    continue;
                }

                if (local is { } id && NumberAfter(line, "bytes_received:") is { } received)
                {
                    totals[id] = totals.GetValueOrDefault(id) + received;
                }
            }

            return totals;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int HexPort(string address) =>
        int.Parse(address.AsSpan(address.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static long? NumberAfter(string line, string key)
    {
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = line.AsSpan(at + key.Length);
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return length > 0 ? long.Parse(digits[..length], CultureInfo.InvariantCulture) : null;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }

    private static double InfoField(string info, string name)
    {
        foreach (var line in info.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private object? ReadReply()
    {
        var line = ReadLine();
        if (line.Length == 0)
        {
            throw new IOException("empty reply from Redis");
        }

        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                throw new IOException($"Redis: {rest}");
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = new byte[length + 2];
                _stream.ReadExactly(bytes);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadReply();
                }

                return items;
            default:
                throw new IOException($"unexpected reply from Redis: {line}");
        }
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("Redis closed the connection");
            }

            if (b == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)b);
        }
    }
}
