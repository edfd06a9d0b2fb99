using Bench.LoadGen;

// Run socket continuations on the epoll thread instead of hopping to the thread pool: on the single
// CPU the load generator gets, that saves a context switch per message. Must be set before the first
// socket is created; an explicit setting in the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

try
{
    var options = Options.Parse(args, out var extra);
    return options.Scenario switch
    {
        "connect" => await ConnectScenario.RunAsync(options),
        "echo" => await EchoScenario.RunAsync(options),
        "fanout" => await FanoutScenario.RunAsync(options),
        "cluster-fanout" => await ClusterFanoutScenario.RunAsync(options),
        "polling" => await PollingScenario.RunAsync(options),
        "summarize" => Summary.Run(options.Arguments, extra),
        _ => throw new ArgumentException($"unknown scenario '{options.Scenario}'"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
