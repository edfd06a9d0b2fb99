namespace SocketIO.Fuzz;

/// <summary>
/// Counts the inputs a decoder accepted (decoded at least one packet or message), so a replay can tell a
/// corpus that reaches the decoders' success paths from one the first check refuses.
/// </summary>
public static class Outcome
{
    private static long _accepted;

    /// <summary>Inputs accepted since the process started.</summary>
    public static long Accepted => Interlocked.Read(ref _accepted);

    internal static void Accept() => Interlocked.Increment(ref _accepted);
}
