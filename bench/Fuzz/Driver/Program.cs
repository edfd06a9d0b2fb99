using SharpFuzz;
using SocketIO.Fuzz;
using SocketIO.Fuzz.Driver;

// SocketIO.Fuzz <target>                              one input from stdin; under afl-fuzz, SharpFuzz's out-of-process fork server
// SocketIO.Fuzz replay <target> <file or dir>...      every file through the target; exit 1 on a finding
// SocketIO.Fuzz mutate <target> <corpus> <count> [seed] [crashes-dir]   coverage-less mutation of the corpus
// SocketIO.Fuzz list                                  the targets
if (args is ["list"])
{
    foreach (var t in FuzzTargets.All)
        Console.WriteLine($"{t.Name,-18} {t.Decoder}");
    return 0;
}
if (args is ["replay", var replayTarget, .. var paths] && paths.Length > 0)
    return Replay.Run(FuzzTargets.Get(replayTarget), paths);
if (args is ["mutate", var mutateTarget, var corpus, var count, .. var rest])
{
    var seed = rest.Length > 0 ? int.Parse(rest[0]) : Environment.TickCount;
    var crashes = rest.Length > 1 ? rest[1] : Path.Combine("findings", mutateTarget, "mutate-crashes");
    return Mutator.Run(FuzzTargets.Get(mutateTarget), corpus, long.Parse(count), seed, crashes);
}
if (args is [var name])
{
    var target = FuzzTargets.Get(name);
    Action<Stream> run = stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target.Run(memory.GetBuffer().AsSpan(0, (int)memory.Length));
    };
    // Out of process survives a hang or a process-killing fault; in process (SHARPFUZZ_IN_PROCESS=1) is faster.
    if (Environment.GetEnvironmentVariable("SHARPFUZZ_IN_PROCESS") == "1")
        Fuzzer.Run(run);
    else
        Fuzzer.OutOfProcess.Run(run);
    return 0;
}
Console.Error.WriteLine("usage: SocketIO.Fuzz <target> | replay <target> <paths...> | mutate <target> <corpus> <count> [seed] [crashes] | list");
return 2;
