namespace SocketIO.Fuzz;

/// <summary>Feeds one input to a decoder and checks what must hold for every input.</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>
/// One fuzz target: a decoder entry point plus its oracle. The decoder's own refusal (its documented
/// exception) is a normal outcome and is caught inside the action; anything that escapes
/// <see cref="Run"/> is a finding: an unexpected exception, a broken invariant (<see cref="FuzzFailure"/>),
/// or more allocation than the input and the configured limits can explain.
/// </summary>
public sealed class FuzzTarget(string name, string decoder, FuzzAction action)
{
    // Every target runs with the default limits (maxHttpBufferSize/maxPayload 1e6): a decoder may allocate
    // a few times its limit whatever the input, plus a constant factor of the input; never more.
    private const long FixedAllocationBudget = 8L << 20;
    private const long AllocationPerInputByte = 64;

    private int _warm;

    /// <summary>The name used on the command line and as the corpus folder.</summary>
    public string Name => name;

    /// <summary>What the target drives, in a few words.</summary>
    public string Decoder => decoder;

    /// <summary>The most bytes one input of <paramref name="length"/> bytes may cause to be allocated.</summary>
    public static long AllocationBudget(int length) => FixedAllocationBudget + AllocationPerInputByte * length;

    /// <summary>Runs one input; throws on a finding.</summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        // The first call in a process pays for static initialization; an empty input does that here.
        if (Interlocked.Exchange(ref _warm, 1) == 0)
            action([]);
        var before = GC.GetTotalAllocatedBytes(precise: false);
        action(input);
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        if (allocated > AllocationBudget(input.Length))
            throw new FuzzFailure($"{name}: {allocated} bytes allocated for a {input.Length}-byte input (budget {AllocationBudget(input.Length)})");
    }

    /// <inheritdoc />
    public override string ToString() => name;
}

/// <summary>An invariant of a decoder did not hold for an input.</summary>
public sealed class FuzzFailure(string message) : Exception(message)
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
            throw new FuzzFailure(what);
    }
}
