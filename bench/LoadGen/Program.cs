using Bench.LoadGen;

try
{
    var options = Options.Parse(args, out var extra);
    return options.Scenario switch
    {
        "connect" => await ConnectScenario.RunAsync(options),
        "echo" => await EchoScenario.RunAsync(options),
        "fanout" => await FanoutScenario.RunAsync(options),
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
