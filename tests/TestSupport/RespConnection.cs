using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SocketIO.TestSupport;

/// <summary>The reply Redis sent as an error (<c>-ERR …</c>).</summary>
/// <param name="message">The error text.</param>
public sealed class RedisErrorException(string message) : Exception(message);

/// <summary>
/// A minimal RESP2 connection to a local redis-server, for test set-up and inspection (PING, PUBSUB NUMSUB, MONITOR…)
/// without taking a dependency on a Redis client library.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;

    private RespConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new BufferedStream(_stream, 16 * 1024);
    }

    public static async Task<RespConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RespConnection(tcp);
    }

    /// <summary>Sends one command and reads its reply: string, long, null, or object?[] for arrays; an error reply throws <see cref="RedisErrorException"/>.</summary>
    public async Task<object?> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    public async Task SendAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append('*').Append(command.Count).Append("\r\n");
        foreach (var part in command)
            text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    public async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                throw new RedisErrorException(body);
            case ':':
                return long.Parse(body, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                if (length < 0)
                    return null;
                var bytes = new byte[length + 2];
                await ReadExactlyAsync(bytes, cancellationToken);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                    return null;
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                    items[i] = await ReadReplyAsync(cancellationToken);
                return items;
            default:
                throw new InvalidDataException($"Unexpected RESP reply: {line}");
        }
    }

    /// <summary>Reads one CRLF-terminated line (without the CRLF); throws <see cref="EndOfStreamException"/> when the connection ends.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(64);
        var one = new byte[1];
        while (true)
        {
            if (await _reader.ReadAsync(one, cancellationToken) == 0)
                throw new EndOfStreamException("redis-server closed the connection.");
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
                return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
            bytes.Add(one[0]);
        }
    }

    private async Task ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
                throw new EndOfStreamException("redis-server closed the connection.");
            read += n;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
