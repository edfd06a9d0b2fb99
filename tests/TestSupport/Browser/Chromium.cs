using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SocketIO.TestSupport;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (one WebSocket to the browser, flat sessions
/// for pages). Only what the tests need: open a page, wait for its load, evaluate script, size the
/// window and take a screenshot.
/// </summary>
public sealed partial class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _ws = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly StringBuilder _log = new();
    private Task _receiving = Task.CompletedTask;
    private int _lastId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The Chromium binary: $CHROMIUM, else /usr/bin/chromium or chromium/chromium-browser on the PATH; null when none.</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
            return configured;
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator) ?? [];
        foreach (var name in new[] { "chromium", "chromium-browser" })
            foreach (var dir in new[] { "/usr/bin" }.Concat(path))
                if (File.Exists(Path.Combine(dir, name)))
                    return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Starts headless Chromium with a temporary profile; <paramref name="extraArguments"/> are added to its command line.</summary>
    public static async Task<Chromium> LaunchAsync(params string[] extraArguments)
    {
        var exe = FindExecutable();
        Assert.True(exe is not null, "Chromium was not found (looked for $CHROMIUM, /usr/bin/chromium, chromium on the PATH): install the Debian package 'chromium' (./test.sh does).");
        var profile = Directory.CreateTempSubdirectory("socketio-tests-chromium-").FullName;
        var psi = new ProcessStartInfo(exe!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", .. extraArguments, "about:blank",
        ])
            psi.ArgumentList.Add(arg);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var browser = new Chromium(process, profile);
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            browser.Append(e.Data);
            if (DevToolsLine().Match(e.Data) is { Success: true } m)
                endpoint.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                browser.Append(e.Data);
        };
        process.Exited += (_, _) => endpoint.TrySetException(new InvalidOperationException($"Chromium exited before DevTools listened:\n{browser.Log}"));
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Chromium ({exe}) could not be started: {ex.Message}");
        }
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var url = await endpoint.Task.WaitAsync(Repo.Wait);
            using var cts = new CancellationTokenSource(Repo.Wait);
            await browser._ws.ConnectAsync(url, cts.Token);
            browser._receiving = browser.ReceiveLoopAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>What Chromium printed (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    private void Append(string line)
    {
        lock (_log)
            _log.AppendLine(line);
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and waits for its load event.</summary>
    public async Task<Page> OpenAsync(string url)
    {
        var target = await CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await CallAsync("Target.attachToTarget", new JsonObject
        {
            ["targetId"] = target.GetProperty("targetId").GetString(),
            ["flatten"] = true,
        });
        var page = new Page(this, attached.GetProperty("sessionId").GetString()!, target.GetProperty("targetId").GetString()!);
        await page.NavigateAsync(url);
        return page;
    }

    internal async Task<JsonElement> CallAsync(string method, JsonObject parameters, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _lastId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (sessionId is not null)
            message["sessionId"] = sessionId;
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = reply;
        if (!await _sendLock.WaitAsync(Repo.Wait))
            throw new TimeoutException($"DevTools: could not send {method} within {Repo.Wait}.");
        try
        {
            using var cts = new CancellationTokenSource(Repo.Wait);
            await _ws.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cts.Token);
        }
        finally
        {
            _sendLock.Release();
        }
        return await reply.Task.WaitAsync(Repo.Wait);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_ws.State == WebSocketState.Open)
            {
                var result = await _ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The browser went away; pending calls fail below.
        }
        foreach (var call in _calls.Values)
            call.TrySetException(new InvalidOperationException($"The DevTools connection closed.\n{Log}"));
    }

    /// <summary>Completes the call a reply answers; events are not used.</summary>
    private void Dispatch(JsonElement message)
    {
        if (!message.TryGetProperty("id", out var idElement) || !_calls.TryRemove(idElement.GetInt32(), out var call))
            return;
        if (message.TryGetProperty("error", out var error))
            call.TrySetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
        else
            call.TrySetResult(message.GetProperty("result"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_ws.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Killing the process below is enough.
        }
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        await _receiving.WaitAsync(TimeSpan.FromSeconds(15));
        _ws.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A temporary profile left behind is harmless.
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();

    /// <summary>One tab.</summary>
    public sealed class Page(Chromium browser, string sessionId, string targetId)
    {
        internal string SessionId { get; } = sessionId;

        /// <summary>
        /// Loads <paramref name="url"/> in this tab and waits for its load event. (To reload a page whose URL only
        /// differs in the fragment, go to <c>about:blank</c> first: a fragment change does not load a document.)
        /// </summary>
        public async Task NavigateAsync(string url)
        {
            // Page.navigate answers once the new document is committed; its load event is awaited in the page.
            var navigated = await browser.CallAsync("Page.navigate", new JsonObject { ["url"] = url }, SessionId);
            if (navigated.TryGetProperty("errorText", out var error))
                Assert.Fail($"Chromium could not open {url}: {error.GetString()}");
            await EvaluateAsync("""
                document.readyState === "complete" ? true : new Promise((resolve) => addEventListener("load", () => resolve(true)))
                """);
        }

        /// <summary>Closes the tab, as a user closing it would (its connections end).</summary>
        public Task CloseAsync() => browser.CallAsync("Target.closeTarget", new JsonObject { ["targetId"] = targetId });

        /// <summary>
        /// Evaluates <paramref name="expression"/> in the page, awaits it if it is a promise, and returns
        /// its value as JSON. A thrown error fails the test with the page's message.
        /// </summary>
        public async Task<JsonElement> EvaluateAsync(string expression)
        {
            var result = await browser.CallAsync("Runtime.evaluate", new JsonObject
            {
                ["expression"] = expression,
                ["awaitPromise"] = true,
                ["returnByValue"] = true,
            }, SessionId);
            if (result.TryGetProperty("exceptionDetails", out var exception))
                Assert.Fail($"The page threw: {Describe(exception)}");
            var value = result.GetProperty("result");
            return value.TryGetProperty("value", out var v) ? v.Clone() : default;
        }

        /// <summary>Sets the window size the page lays itself out in (CSS pixels, scale 1).</summary>
        public Task SetViewportAsync(int width, int height) => browser.CallAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        }, SessionId);

        /// <summary>Saves what the page shows now as a PNG file.</summary>
        public async Task ScreenshotAsync(string path) => await SaveAsync(path, await CaptureAsync());

        /// <summary>
        /// Saves the page as a PNG file once it stands still: two captures in a row are the same (transitions and chart
        /// animations are over). After <paramref name="patience"/> (default 10 s) the last capture is saved anyway.
        /// </summary>
        public async Task ScreenshotWhenStillAsync(string path, TimeSpan? patience = null)
        {
            var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(10));
            var last = await CaptureAsync();
            while (DateTime.UtcNow < deadline)
            {
                var next = await CaptureAsync();
                if (next.AsSpan().SequenceEqual(last))
                    break;
                last = next;
            }
            await SaveAsync(path, last);
        }

        private async Task<byte[]> CaptureAsync()
        {
            var shot = await browser.CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, SessionId);
            return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        }

        private static async Task SaveAsync(string path, byte[] png)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, png).WaitAsync(Repo.Wait);
        }

        private static string Describe(JsonElement exception) =>
            exception.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d)
                ? d.GetString() ?? exception.GetRawText()
                : exception.GetRawText();
    }
}
