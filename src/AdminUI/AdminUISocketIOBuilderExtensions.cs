using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.AdminUI;
using SocketIO.AdminUI.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the server side of the Socket.IO Admin UI.</summary>
public static class AdminUISocketIOBuilderExtensions
{
    /// <summary>
    /// Makes the official Socket.IO Admin UI (<c>@socket.io/admin-ui</c> 0.5, hosted at https://admin.socket.io)
    /// show and drive this server, as Node's <c>instrument(io, opts)</c>: the admin namespace with its login,
    /// server stats every 2 s, and in development mode every socket, room and event. Stats and events travel
    /// through the adapter, so a UI connected to any node of a cluster sees every node. The UI runs in the
    /// browser on another origin: the HTTP transport needs CORS with credentials for it (README, "Admin UI").
    /// </summary>
    public static SocketIOBuilder AddAdminUI(this SocketIOBuilder builder, Action<AdminUIOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AdminUIOptions>();
        if (configure is not null)
            options.Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(AdminUIRuntime)))
            return builder;
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminUIOptions>, AdminUIOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAdminUISessionStore, InMemoryAdminUISessionStore>();
        services.AddSingleton<AdminUIRuntime>();
        // First of the server's setups: the admin listeners come before the application's own connection
        // handlers on every namespace, as Node's instrument() prepends its "connection" listener.
        services.Insert(0, ServiceDescriptor.Singleton<ISocketIOServerSetup>(sp => sp.GetRequiredService<AdminUIRuntime>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AdminUIRuntime>());
        return builder;
    }
}

/// <summary>Validates <see cref="AdminUIOptions"/> at start-up, naming the invalid setting.</summary>
internal sealed class AdminUIOptionsValidator : IValidateOptions<AdminUIOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminUIOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail($"AdminUIOptions: {error}") : ValidateOptionsResult.Success;
}
