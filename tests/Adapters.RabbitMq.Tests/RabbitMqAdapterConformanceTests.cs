using SocketIO.Adapters.RabbitMq.Tests.Support;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>The adapter contract on RabbitMQ: three servers in this process, one broker, an exchange per test.</summary>
public sealed class RabbitMqAdapterConformanceTests(BrokerFixture broker) : AdapterConformanceTests, IClassFixture<BrokerFixture>
{
    protected override int Nodes => 3;

    protected override IAdapterFactory CreateNode(string cluster, int node) => broker.Factory(broker.Options($"socket.io-{cluster}"));
}
