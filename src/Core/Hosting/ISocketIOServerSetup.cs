namespace SocketIO;

/// <summary>
/// Configures the server's namespaces and handlers when it is created. Registered with
/// <c>AddSocketIO().Configure(io => …)</c>; every registration runs, in order.
/// </summary>
public interface ISocketIOServerSetup
{
    /// <summary>Sets up namespaces, middleware and handlers.</summary>
    void Configure(SocketIOServer server);
}

internal sealed class DelegateServerSetup(Action<SocketIOServer> configure) : ISocketIOServerSetup
{
    public void Configure(SocketIOServer server) => configure(server);
}
