namespace SocketIO.DeviceClient.Internal;

/// <summary>Exponential backoff with jitter, as socket.io-client's reconnection delays.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, double jitter)
{
    public int Attempts { get; private set; }

    public TimeSpan Next()
    {
        var ms = initial.TotalMilliseconds * Math.Pow(2, Attempts++);
        if (jitter > 0)
        {
            var deviation = Random.Shared.NextDouble() * jitter * ms;
            ms = Random.Shared.Next(2) == 0 ? ms - deviation : ms + deviation;
        }
        return TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, max.TotalMilliseconds));
    }

    public void Reset() => Attempts = 0;
}
