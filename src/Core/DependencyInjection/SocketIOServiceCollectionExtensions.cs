using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.Adapters;
using SocketIO.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>Adds the Socket.IO server, the default JSON parser and the in-memory adapter.</summary>
    public static SocketIOBuilder AddSocketIO(this IServiceCollection services, Action<SocketIOOptions>? configure = null)
    {
        var options = services.AddOptions<SocketIOOptions>().ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIOOptions>, SocketIOOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPacketParser>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SocketIOOptions>>().Value;
            return new JsonPacketParser(new ParserOptions { MaxAttachments = o.MaxAttachments, MaxDepth = o.MaxJsonDepth, MaxNamespaceLength = o.MaxNamespaceLength });
        });
        services.TryAddSingleton<IAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton<SocketIOServer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SocketIOHostedService>());
        return new SocketIOBuilder(services);
    }
}

/// <summary>Returned by <c>AddSocketIO</c>; plug-ins add extension methods to it.</summary>
public sealed class SocketIOBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>Sets up namespaces, middleware and handlers when the server is created (usable without ASP.NET Core).</summary>
    public SocketIOBuilder Configure(Action<SocketIOServer> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton<ISocketIOServerSetup>(new DelegateServerSetup(configure));
        return this;
    }

    /// <summary>Replaces the packet parser.</summary>
    public SocketIOBuilder UseParser<TParser>() where TParser : class, IPacketParser
    {
        Services.Replace(ServiceDescriptor.Singleton<IPacketParser, TParser>());
        return this;
    }

    /// <summary>Replaces the adapter factory.</summary>
    public SocketIOBuilder UseAdapter<TFactory>() where TFactory : class, IAdapterFactory
    {
        Services.Replace(ServiceDescriptor.Singleton<IAdapterFactory, TFactory>());
        return this;
    }
}

/// <summary>Validates <see cref="SocketIOOptions"/> at start-up, naming the invalid setting.</summary>
internal sealed class SocketIOOptionsValidator : IValidateOptions<SocketIOOptions>
{
    public ValidateOptionsResult Validate(string? name, SocketIOOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail($"SocketIOOptions: {error}") : ValidateOptionsResult.Success;
}
