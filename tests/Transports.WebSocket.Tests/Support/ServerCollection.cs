namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>The tests that share one <see cref="TestServer"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TestServer>
{
    public const string Name = "server";
}
