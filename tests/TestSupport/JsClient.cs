using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIO.TestSupport;

/// <summary>
/// The official socket.io-client, running in one long-lived node process (js/client-driver.js) and driven from C#
/// by JSON lines. One process holds several client sockets, each known by a name. Every operation is awaited
/// with a timeout and fails the test with the driver's output when it runs out.
/// </summary>
public sealed partial class JsClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    private JsClient(Process process) => _process = process;

    /// <summary>What the driver printed on stderr (and any stdout line that was not a driver message).</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>Starts the driver process (node tests/TestSupport/js/client-driver.js).</summary>
    public static Task<JsClient> StartAsync()
    {
        Repo.RequireNodePackage("socket.io-client");
        var psi = ProcessHost.NewStartInfo("node");
        psi.RedirectStandardInput = true;
        psi.StandardInputEncoding = new UTF8Encoding(false);
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.ArgumentList.Add(Repo.SupportScript("client-driver.js"));
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var client = new JsClient(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) client.OnLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) client.Output.Add(e.Data); };
        process.Exited += (_, _) => client.OnExited();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node could not be started ({ex.Message}): install Node.js 18 or later.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult(client);
    }

    /// <summary>
    /// Creates client socket <paramref name="name"/> for <paramref name="url"/> (base address plus namespace, e.g.
    /// <c>http://127.0.0.1:P/admin</c>) and waits for <c>connect</c> or <c>connect_error</c>, whichever comes first. That event counts as consumed for <see cref="WaitForEventAsync(string, string, TimeSpan?)"/>.
    /// </summary>
    public async Task<JsConnectResult> ConnectAsync(string name, string url, JsConnectOptions? options = null, TimeSpan? timeout = null)
    {
        var result = await CallAsync(new JsonObject
        {
            ["op"] = "connect",
            ["name"] = name,
            ["url"] = url,
            ["options"] = options?.ToJson() ?? new JsonObject(),
            ["parser"] = options?.Parser,
        }, timeout ?? Repo.Timeout, $"connect {name} to {url}");
        // The driver reports the event before it answers: this outcome is not "next" for WaitForEventAsync any more.
        ConsumeFirst(name, e => e.Reserved && e.Name is "connect" or "connect_error");
        return result.GetProperty("connected").GetBoolean()
            ? new JsConnectResult(true, result.GetProperty("id").GetString(), result.GetProperty("recovered").GetBoolean(), null, null)
            : new JsConnectResult(false, null, false, result.GetProperty("message").GetString(), result.GetProperty("data").Clone());
    }

    /// <summary>Like <see cref="ConnectAsync"/>, failing the test on <c>connect_error</c>; returns the socket id.</summary>
    public async Task<string> ConnectOrFailAsync(string name, string url, JsConnectOptions? options = null, TimeSpan? timeout = null)
    {
        var result = await ConnectAsync(name, url, options, timeout);
        Assert.True(result.Connected, $"{name} could not connect to {url}: {result.Message} {result.Data}");
        return result.Id!;
    }

    /// <summary><c>socket.emit(event, ...args)</c> (no ack); resolves once the driver has handed it to the client.</summary>
    public Task EmitAsync(string name, string eventName, params object?[] args) =>
        CallAsync(new JsonObject { ["op"] = "emit", ["name"] = name, ["event"] = eventName, ["args"] = JsJson.ToArray(args) },
            Repo.Timeout, $"{name} emit {eventName}");

    /// <summary>
    /// <c>socket.timeout(ms).emit(event, ...args, ack)</c>: the ack's first argument. Fails the test when no ack comes
    /// within <paramref name="timeout"/> (default <see cref="Repo.Timeout"/>).
    /// </summary>
    public async Task<JsonElement> EmitWithAckAsync(string name, string eventName, object?[] args, TimeSpan? timeout = null)
    {
        var all = await EmitWithAckArgsAsync(name, eventName, args, timeout);
        return all.Length > 0 ? all[0] : default;
    }

    /// <summary>Every argument of the ack of <c>socket.timeout(ms).emit(event, ...args, ack)</c>.</summary>
    public async Task<JsonElement[]> EmitWithAckArgsAsync(string name, string eventName, object?[] args, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Repo.Timeout;
        var result = await CallAsync(new JsonObject
        {
            ["op"] = "emitWithAck",
            ["name"] = name,
            ["event"] = eventName,
            ["args"] = JsJson.ToArray(args),
            ["timeoutMs"] = (int)limit.TotalMilliseconds,
        }, limit + TimeSpan.FromSeconds(5), $"{name} emitWithAck {eventName}");
        return [.. result.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Sets how socket <paramref name="name"/> answers server→client <paramref name="eventName"/> events that ask for an ack.</summary>
    public Task AnswerAsync(string name, string eventName, JsAnswer answer) =>
        CallAsync(new JsonObject
        {
            ["op"] = "answer",
            ["name"] = name,
            ["event"] = eventName,
            ["mode"] = answer.Mode,
            ["value"] = JsJson.ToNode(answer.Value),
        }, Repo.Timeout, $"{name} answer {eventName}");

    /// <summary><c>socket.disconnect()</c>: a client-side disconnect (the server sees "client namespace disconnect").</summary>
    public Task DisconnectAsync(string name) =>
        CallAsync(new JsonObject { ["op"] = "disconnect", ["name"] = name }, Repo.Timeout, $"{name} disconnect");

    /// <summary>Disconnects socket <paramref name="name"/> without reconnection and forgets it, so the name can be used again.</summary>
    public Task CloseAsync(string name) =>
        CallAsync(new JsonObject { ["op"] = "close", ["name"] = name }, Repo.Timeout, $"{name} close");

    /// <summary>
    /// A network blip: destroys the TCP socket under the client's WebSocket (<c>engine.transport.ws._socket.destroy()</c>),
    /// so neither side gets a close frame and the client sees "transport close" and reconnects if allowed.
    /// Needs the websocket transport (a polling client has no single socket to cut).
    /// </summary>
    public Task KillTransportAsync(string name) =>
        CallAsync(new JsonObject { ["op"] = "kill", ["name"] = name }, Repo.Timeout, $"{name} kill transport");

    private async Task<JsonElement> CallAsync(JsonObject command, TimeSpan timeout, string what)
    {
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        try
        {
            if (_exited.Task.IsCompleted)
                Assert.Fail($"the client driver has exited; cannot {what}.\n{Output}");
            await _writeLock.WaitAsync(timeout);
            try
            {
                await _process.StandardInput.WriteLineAsync(command.ToJsonString().AsMemory());
                await _process.StandardInput.FlushAsync();
            }
            finally
            {
                _writeLock.Release();
            }
            var reply = await Task.WhenAny(done.Task, _exited.Task).WaitAsync(timeout);
            if (reply != done.Task)
                Assert.Fail($"the client driver exited during {what}.\n{Output}");
            var message = await done.Task;
            if (!message.GetProperty("ok").GetBoolean())
                Assert.Fail($"{what} failed in the client driver: {message.GetProperty("error").GetString()}");
            return message.GetProperty("result");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: no answer within {timeout.TotalSeconds:0.#} s.\nEvents so far:\n{string.Join('\n', AllEvents())}\nDriver output:\n{Output}");
            throw;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void OnLine(string line)
    {
        JsonElement message;
        try
        {
            message = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            Output.Add(line);
            return;
        }
        if (message.TryGetProperty("event", out var ev))
            OnEvent(ev);
        else if (message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && _pending.TryGetValue(id.GetInt64(), out var done))
            done.TrySetResult(message);
        else
            Output.Add(line);
    }

    private void OnExited()
    {
        _exited.TrySetResult();
        lock (_events)
        {
            foreach (var waiter in _waiters)
                waiter.Done.TrySetException(new InvalidOperationException($"the client driver exited.\n{Output}"));
            _waiters.Clear();
        }
    }

    /// <summary>Closes every client socket and ends the driver process.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin makes the driver disconnect its sockets and exit.
                _process.StandardInput.Close();
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(Repo.Timeout);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException)
        {
        }
        _process.Dispose();
        _writeLock.Dispose();
    }
}
