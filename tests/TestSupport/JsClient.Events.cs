using System.Text.Json;

namespace SocketIO.TestSupport;

/// <summary>The events the client sockets received: a log per socket, and waiting for the next one that matches.</summary>
public sealed partial class JsClient
{
    private readonly List<(JsEvent Event, bool Consumed)> _events = [];
    private readonly List<(Func<JsEvent, bool> Match, TaskCompletionSource<JsEvent> Done)> _waiters = [];

    /// <summary>Every event socket <paramref name="name"/> received so far (reserved ones included), in order.</summary>
    public IReadOnlyList<JsEvent> Events(string name)
    {
        lock (_events)
            return [.. _events.Select(e => e.Event).Where(e => e.Client == name)];
    }

    /// <summary>The events named <paramref name="eventName"/> that socket <paramref name="name"/> received so far, in order.</summary>
    public IReadOnlyList<JsEvent> Events(string name, string eventName) => [.. Events(name).Where(e => e.Name == eventName)];

    /// <summary>
    /// The next event named <paramref name="eventName"/> on socket <paramref name="name"/>: the first one not yet returned by a
    /// WaitFor call, already received or still to come. Fails the test after <paramref name="timeout"/> (default <see cref="Repo.Timeout"/>).
    /// </summary>
    public Task<JsEvent> WaitForEventAsync(string name, string eventName, TimeSpan? timeout = null) =>
        WaitForEventAsync(name, e => e.Name == eventName, $"'{eventName}'", timeout);

    /// <summary>The next event on socket <paramref name="name"/> that matches <paramref name="match"/> (see the other overload).</summary>
    public async Task<JsEvent> WaitForEventAsync(string name, Func<JsEvent, bool> match, string what, TimeSpan? timeout = null)
    {
        bool Matches(JsEvent e) => e.Client == name && match(e);
        var done = new TaskCompletionSource<JsEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_events)
        {
            for (var i = 0; i < _events.Count; i++)
            {
                if (!_events[i].Consumed && Matches(_events[i].Event))
                {
                    _events[i] = (_events[i].Event, true);
                    return _events[i].Event;
                }
            }
            _waiters.Add((Matches, done));
        }
        var limit = timeout ?? Repo.Timeout;
        try
        {
            return await done.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            lock (_events)
                _waiters.RemoveAll(w => w.Done == done);
            Assert.Fail($"{name} received no event {what} within {limit.TotalSeconds:0.#} s. It received:\n{string.Join('\n', Events(name))}\nDriver output:\n{Output}");
            throw;
        }
    }

    /// <summary>The reason of the next <c>disconnect</c> of socket <paramref name="name"/> (e.g. "io server disconnect", "transport close").</summary>
    public async Task<string> WaitForDisconnectAsync(string name, TimeSpan? timeout = null)
    {
        var ev = await WaitForEventAsync(name, e => e.Reserved && e.Name == "disconnect", "'disconnect'", timeout);
        return ev.Args[0].GetString()!;
    }

    /// <summary>
    /// Asserts that socket <paramref name="name"/> has received no event named <paramref name="eventName"/> that a WaitFor call has not
    /// consumed. Use it after a later event proves that an earlier one would have arrived by now.
    /// </summary>
    public void AssertNoPending(string name, string eventName)
    {
        lock (_events)
        {
            var pending = _events.Where(e => !e.Consumed && e.Event.Client == name && e.Event.Name == eventName).Select(e => e.Event).ToList();
            Assert.True(pending.Count == 0, $"{name} received unexpected '{eventName}': {string.Join("; ", pending)}");
        }
    }

    private void ConsumeFirst(string name, Func<JsEvent, bool> match)
    {
        lock (_events)
        {
            var index = _events.FindIndex(e => !e.Consumed && e.Event.Client == name && match(e.Event));
            if (index >= 0)
                _events[index] = (_events[index].Event, true);
        }
    }

    private IEnumerable<JsEvent> AllEvents()
    {
        lock (_events)
            return [.. _events.Select(e => e.Event)];
    }

    private void OnEvent(JsonElement ev)
    {
        var item = new JsEvent(
            ev.GetProperty("client").GetString()!,
            ev.GetProperty("name").GetString()!,
            [.. ev.GetProperty("args").EnumerateArray().Select(a => a.Clone())],
            ev.GetProperty("ack").GetBoolean(),
            ev.GetProperty("reserved").GetBoolean());
        lock (_events)
        {
            var consumed = false;
            for (var w = 0; w < _waiters.Count; w++)
            {
                if (_waiters[w].Match(item))
                {
                    _waiters[w].Done.TrySetResult(item);
                    _waiters.RemoveAt(w);
                    consumed = true;
                    break;
                }
            }
            _events.Add((item, consumed));
        }
    }
}
