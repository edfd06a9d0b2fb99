namespace SocketIO.TestSupport;

/// <summary>Waiting for a condition with a deadline, for the cases where nothing can be awaited directly.</summary>
public static class Poll
{
    /// <summary>Re-evaluates <paramref name="condition"/> every <paramref name="interval"/> (default 50 ms) until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition().WaitAsync(timeout))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}.");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>The synchronous-condition form of <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, interval);
}
