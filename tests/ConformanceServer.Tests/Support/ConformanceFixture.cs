namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>One server process shared by the tests of a class.</summary>
public abstract class ConformanceFixture(string? parser) : IAsyncLifetime
{
    private ConformanceHost? _host;

    public ConformanceHost Host => _host ?? throw new InvalidOperationException("The conformance server is not started.");

    /// <summary>The PARSER the server runs with (null: the default parser).</summary>
    public string? Parser => parser;

    public async Task InitializeAsync() => _host = await ConformanceHost.StartAsync(parser);

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
    }
}

/// <summary>The server with the default parser.</summary>
public sealed class JsonConformanceServer() : ConformanceFixture(null);

/// <summary>The server with PARSER=msgpack.</summary>
public sealed class MessagePackConformanceServer() : ConformanceFixture("msgpack");
