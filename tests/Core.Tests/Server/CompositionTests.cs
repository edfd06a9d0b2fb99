using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO.Tests.Server;

public class CompositionTests
{
    [Fact]
    public void AddSocketIO_registers_the_server_with_configured_options()
    {
        var services = new ServiceCollection();
        var builder = services.AddSocketIO(o => o.PingInterval = TimeSpan.FromSeconds(3));
        using var provider = services.BuildServiceProvider();

        var io = provider.GetRequiredService<SocketIOServer>();

        Assert.Same(services, builder.Services);
        Assert.Equal(TimeSpan.FromSeconds(3), io.Options.PingInterval);
        Assert.IsType<JsonPacketParser>(io.Parser);
        Assert.IsType<InMemoryAdapter>(io.Sockets.Adapter);
    }

    [Fact]
    public void Invalid_option_fails_with_a_message_naming_it()
    {
        var services = new ServiceCollection();
        services.AddSocketIO(o => o.MaxHttpBufferSize = 0);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocketIOOptions>>().Value);

        Assert.Contains("MaxHttpBufferSize", ex.Message);
    }

    [Fact]
    public async Task Options_are_validated_at_start()
    {
        var services = new ServiceCollection();
        services.AddSocketIO(o => o.ConnectTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var validator = provider.GetRequiredService<IAsyncStartupValidator>();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => validator.ValidateAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("ConnectTimeout", ex.Message);
    }

    private sealed class CountingAdapterFactory : IAdapterFactory
    {
        public int Created;

        public Adapter Create(IAdapterHost host)
        {
            Created++;
            return new InMemoryAdapter(host);
        }
    }

    [Fact]
    public void Builder_swaps_the_adapter_one_instance_per_namespace()
    {
        var services = new ServiceCollection();
        services.AddSingleton<CountingAdapterFactory>();
        services.AddSocketIO().UseAdapter<CountingAdapterFactory>();
        using var provider = services.BuildServiceProvider();

        var io = provider.GetRequiredService<SocketIOServer>();
        io.Of("/a");
        io.Of("/b");

        var factory = (CountingAdapterFactory)provider.GetRequiredService<IAdapterFactory>();
        Assert.Equal(3, factory.Created);
    }
}
