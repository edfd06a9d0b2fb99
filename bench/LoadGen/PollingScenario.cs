using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bench.LoadGen;

/// <summary>
/// polling N T: N Engine.IO long-polling clients (no upgrade) in a closed loop of acked echoes.
/// Each client keeps one GET pending and sends its packets with POSTs (one in flight at a time).
/// </summary>
internal static class PollingScenario
{
    public static async Task<int> RunAsync(Options options)
    {
        if (options.Target != Target.SocketIo)
        {
            Console.Error.WriteLine("polling: only the sio target has a long-polling transport");
            return 2;
        }

        var count = options.IntArg(0, "N");
        var seconds = options.SecondsArg(1, "T");
        var probe = new ServerProbe(options.ServerPid);
        var payload = EchoScenario.MakePayload(options.PayloadBytes);
        var wire = new SocketIoWire();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var endpoint = new Uri(options.Url, "/socket.io/?EIO=4&transport=polling").ToString();

        var clients = new PollClient?[count];
        var failed = 0;
        string? firstError = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            try
            {
                var client = new PollClient(http, endpoint);
                await client.HandshakeAsync();
                clients[i] = client;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetBaseException().Message, null);
            }
        });

        var live = clients.Where(c => c is not null).Select(c => c!).ToArray();
        using var stop = new CancellationTokenSource();
        var polls = live.Select(c => c.PollLoopAsync(stop.Token)).ToArray();

        var latency = new Histogram();
        long acks = 0;
        var stalled = 0;
        var start = Clock.Now;
        var measureStart = start + Clock.FromSeconds(options.Warmup);
        var measureEnd = measureStart + Clock.FromSeconds(seconds);

        async Task EchoLoopAsync(PollClient client)
        {
            var frame = new byte[512];
            long id = 0;
            try
            {
                while (Clock.Now < measureEnd)
                {
                    id++;
                    client.PendingId = id;
                    var sentAt = Clock.Now;
                    var length = wire.WriteEcho(frame, id, sentAt, payload);
                    await client.PostAsync(frame.AsMemory(0, length));
                    if (!await client.Acked.WaitAsync(TimeSpan.FromSeconds(10)))
                    {
                        Interlocked.Increment(ref stalled);
                        return;
                    }

                    var now = Clock.Now;
                    if (now >= measureStart && now < measureEnd)
                    {
                        latency.Record(Clock.ToNanoseconds(now - sentAt));
                        Interlocked.Increment(ref acks);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref stalled);
                Interlocked.CompareExchange(ref firstError, e.GetBaseException().Message, null);
            }
        }

        var loops = live.Select(EchoLoopAsync).ToArray();
        await Clock.UntilAsync(measureStart);
        var cpuBefore = probe.CpuMicroseconds();
        var selfBefore = ServerProbe.SelfCpuMicroseconds();
        var windowStart = Clock.Now;
        await Clock.UntilAsync(measureEnd);
        var cpuAfter = probe.CpuMicroseconds();
        var selfAfter = ServerProbe.SelfCpuMicroseconds();
        var window = Clock.ToSeconds(Clock.Now - windowStart);

        await Task.WhenAll(loops);
        stop.Cancel();
        await Task.WhenAll(polls);
        await Task.WhenAll(live.Select(c => c.CloseAsync()));

        var result = new Result();
        result.Add("clients", count);
        result.Add("failed", failed);
        result.Add("stalled", stalled);
        result.Add("poll_errors", live.Sum(c => c.Errors));
        result.Add("acks", acks);
        result.Add("acks_per_sec", acks / seconds);
        result.Add("server_cpu_pct", cpuAfter - cpuBefore is { } sc ? 100 * sc / 1e6 / window : null);
        result.Add("server_cpu_us_per_ack", cpuAfter - cpuBefore is { } s && acks > 0 ? (double)s / acks : null);
        result.Add("loadgen_cpu_pct", 100 * (selfAfter - selfBefore) / 1e6 / window);
        if (firstError is not null)
        {
            result.Note("first_error", firstError);
        }

        result.Print(options, latency);
        return failed == 0 && stalled == 0 ? 0 : 1;
    }
}

/// <summary>One Engine.IO long-polling session carrying a Socket.IO connection to the main namespace.</summary>
internal sealed class PollClient
{
    private const byte RecordSeparator = 0x1e;
    private static readonly MediaTypeHeaderValue TextPlain = MediaTypeHeaderValue.Parse("text/plain;charset=UTF-8");

    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly SemaphoreSlim _postLock = new(1, 1);
    private string _sessionUrl = "";
    private int _errors;

    public PollClient(HttpClient http, string endpoint)
    {
        _http = http;
        _endpoint = endpoint;
    }

    public long PendingId;

    public SemaphoreSlim Acked { get; } = new(0);

    public int Errors => Volatile.Read(ref _errors);

    public async Task HandshakeAsync()
    {
        var open = await _http.GetByteArrayAsync(_endpoint);
        var sid = ReadSid(open) ?? throw new InvalidDataException("no sid in the Engine.IO open packet");
        _sessionUrl = _endpoint + "&sid=" + Uri.EscapeDataString(sid);
        await PostAsync("40"u8.ToArray());
        while (true)
        {
            var body = await _http.GetByteArrayAsync(_sessionUrl);
            var connected = false;
            foreach (var range in Split(body))
            {
                var packet = body.AsSpan(range);
                if (packet.StartsWith("40"u8))
                {
                    connected = true;
                }
                else if (packet.StartsWith("44"u8))
                {
                    throw new InvalidDataException("Socket.IO CONNECT refused: " + Encoding.UTF8.GetString(packet));
                }
                else if (packet.SequenceEqual("2"u8))
                {
                    await PostAsync("3"u8.ToArray());
                }
            }

            if (connected)
            {
                return;
            }
        }
    }

    public async Task PostAsync(ReadOnlyMemory<byte> body)
    {
        await _postLock.WaitAsync();
        try
        {
            using var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = TextPlain;
            using var response = await _http.PostAsync(_sessionUrl, content);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST answered {(int)response.StatusCode}");
            }
        }
        finally
        {
            _postLock.Release();
        }
    }

    public async Task PollLoopAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await _http.GetAsync(_sessionUrl, stop);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _errors);
                    return;
                }

                var body = await response.Content.ReadAsByteArrayAsync(stop);
                foreach (var range in Split(body))
                {
                    var packet = body.AsSpan(range);
                    if (packet.Length == 0)
                    {
                        continue;
                    }

                    switch (packet[0])
                    {
                        case (byte)'2':
                            await PostAsync("3"u8.ToArray());
                            break;
                        case (byte)'1':
                            return;
                        case (byte)'4' when packet.Length > 2 && packet[1] == '3' && ReadLeadingNumber(packet[2..]) == Volatile.Read(ref PendingId):
                            Acked.Release();
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    /// <summary>Ends the session with an Engine.IO close packet (best effort).</summary>
    public async Task CloseAsync()
    {
        try
        {
            await PostAsync("1"u8.ToArray());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
        }
    }

    private static List<Range> Split(byte[] body)
    {
        var ranges = new List<Range>(2);
        var start = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i == body.Length || body[i] == RecordSeparator)
            {
                ranges.Add(start..i);
                start = i + 1;
            }
        }

        return ranges;
    }

    private static string? ReadSid(byte[] open)
    {
        var text = Encoding.UTF8.GetString(open);
        var at = text.IndexOf("\"sid\":\"", StringComparison.Ordinal);
        if (!text.StartsWith('0') || at < 0)
        {
            return null;
        }

        var from = at + 7;
        var to = text.IndexOf('"', from);
        return to < 0 ? null : text[from..to];
    }

    private static long ReadLeadingNumber(ReadOnlySpan<byte> digits)
    {
        long value = 0;
        var i = 0;
        for (; i < digits.Length && (uint)(digits[i] - '0') <= 9; i++)
        {
            value = (value * 10) + (digits[i] - '0');
        }

        return i > 0 ? value : -1;
    }
}
