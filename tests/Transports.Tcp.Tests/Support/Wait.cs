namespace SocketIO.Transports.Tcp.Tests.Support;

/// <summary>Test timeouts, and polling for a condition with a deadline instead of sleeping.</summary>
internal static class Wait
{
    /// <summary>The timeout of every awaited call in these tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <see cref="Timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}");
            await Task.Delay(10);
        }
    }
}
