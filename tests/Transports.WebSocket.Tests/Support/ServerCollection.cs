namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>The tests that share one <see cref="TestServer"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TestServer>
{
    public const string Name = "server";
}

/// <summary>The tests that share one <see cref="HandoffTestServer"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HandoffServerCollection : ICollectionFixture<HandoffTestServer>
{
    public const string Name = "server with connection handoff";
}
