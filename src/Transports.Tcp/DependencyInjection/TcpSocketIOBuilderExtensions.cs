using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIO.Transports.Tcp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the raw TCP (and TLS) transport for devices to <c>services.AddSocketIO()</c>.</summary>
public static class TcpSocketIOBuilderExtensions
{
    /// <summary>
    /// Serves the Socket.IO server over raw TCP on the endpoints <paramref name="configure"/> adds with
    /// <see cref="TcpTransportOptions.Listen(System.Net.IPEndPoint, Action{TcpTlsOptions}?)"/>. Runs as a hosted
    /// service of the generic host, with or without ASP.NET Core; no other setting is needed to enable it.
    /// </summary>
    public static SocketIOBuilder AddTcpTransport(this SocketIOBuilder builder, Action<TcpTransportOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<TcpTransportOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TcpTransportOptions>, TcpTransportOptionsValidator>());
        services.TryAddSingleton<TcpTransportService>();
        services.AddHostedService(sp => sp.GetRequiredService<TcpTransportService>());
        return builder;
    }
}

/// <summary>Validates <see cref="TcpTransportOptions"/> at start-up, naming the invalid setting.</summary>
internal sealed class TcpTransportOptionsValidator : IValidateOptions<TcpTransportOptions>
{
    public ValidateOptionsResult Validate(string? name, TcpTransportOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail($"TcpTransportOptions: {error}") : ValidateOptionsResult.Success;
}
