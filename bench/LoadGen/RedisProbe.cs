using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Bench.LoadGen;

/// <summary>
/// A minimal RESP client for the few commands the cluster scenario reads (INFO, PUBSUB).
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

    /// <summary>The Redis port.</summary>
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
