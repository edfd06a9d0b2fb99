namespace Bench.LoadGen;

/// <summary>The end of a fan-out run: waiting for the copies still on their way.</summary>
internal static class Drain
{
    /// <summary>
    /// Waits until <paramref name="delivered"/> reaches <paramref name="expected"/>, or no new delivery arrived for
    /// <paramref name="graceSeconds"/>, or max(10 s, <paramref name="runSeconds"/>) passed.
    /// </summary>
    public static async Task UntilDeliveredAsync(Func<long> delivered, long expected, double graceSeconds, double runSeconds)
    {
        var lastCount = -1L;
        var lastProgress = Clock.Now;
        var hardStop = Clock.Now + Clock.FromSeconds(Math.Max(10, runSeconds));
        while (delivered() < expected)
        {
            await Task.Delay(20);
            var now = Clock.Now;
            var count = delivered();
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = now;
            }
            else if (now - lastProgress > Clock.FromSeconds(graceSeconds))
            {
                break;
            }

            if (now > hardStop)
            {
                break;
            }
        }
    }
}
