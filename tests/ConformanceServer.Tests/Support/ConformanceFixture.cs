namespace SocketIO.ConformanceServer.Tests.Support;

/// <summary>One server process shared by the tests of a class.</summary>
public abstract class ConformanceFixture(string? parser, bool handoff = false) : IAsyncLifetime
{
    private ConformanceHost? _host;

    public ConformanceHost Host => _host ?? throw new InvalidOperationException("The conformance server is not started.");

    /// <summary>The PARSER the server runs with (null: the default parser).</summary>
    public string? Parser => parser;

    /// <summary>True when the server's WebSockets own their connections (SOCKETIO_CONNECTION_HANDOFF=1).</summary>
    public bool Handoff => handoff;

    public async Task InitializeAsync() => _host = await ConformanceHost.StartAsync(parser, handoff);

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

/// <summary>The server with the default parser and SOCKETIO_CONNECTION_HANDOFF=1.</summary>
public sealed class HandoffConformanceServer() : ConformanceFixture(null, handoff: true);
