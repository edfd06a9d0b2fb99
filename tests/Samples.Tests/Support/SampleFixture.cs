namespace SocketIO.Samples.Tests.Support;

/// <summary>One sample process shared by the tests of a class.</summary>
public abstract class SampleFixture(string sample, IReadOnlyDictionary<string, string>? environment = null) : IAsyncLifetime
{
    private ProcessHost? _host;

    public ProcessHost Host => _host ?? throw new InvalidOperationException($"samples/{sample} is not started.");

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync(sample, environment);

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }
}

/// <summary>samples/Namespaces.</summary>
public sealed class NamespacesSample() : SampleFixture("Namespaces");

/// <summary>samples/Namespaces with PARSER=msgpack.</summary>
public sealed class NamespacesMessagePackSample() : SampleFixture("Namespaces", new Dictionary<string, string> { ["PARSER"] = "msgpack" });

/// <summary>samples/Chat.</summary>
public sealed class ChatSample() : SampleFixture("Chat");
