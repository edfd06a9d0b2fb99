using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>Invalid settings are refused with a message that names them, before anything connects.</summary>
public sealed class RabbitMqOptionsTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "empty exchange", "Exchange must not be empty" },
        { "empty prefix", "ChannelPrefix must not be empty" },
        { "zero interval", "HeartbeatInterval must be positive" },
        { "timeout not above interval", "HeartbeatTimeout (00:00:05) must be longer than HeartbeatInterval (00:00:05)" },
        { "zero requests timeout", "RequestsTimeout must be positive" },
        { "zero queue length", "MaxQueueLength must be positive or null" },
        { "zero message size", "MaxMessageSize must be positive" },
        { "http uri", "ConnectionUri must be an amqp:// or amqps:// address" },
        { "factory without recovery", "ConnectionFactory.AutomaticRecoveryEnabled is false" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_setting_is_refused_with_its_name(string setting, string message)
    {
        var options = new RabbitMqAdapterOptions { ConnectionUri = new Uri("amqp://127.0.0.1") };
        switch (setting)
        {
            case "empty exchange": options.Exchange = ""; break;
            case "empty prefix": options.ChannelPrefix = ""; break;
            case "zero interval": options.HeartbeatInterval = TimeSpan.Zero; break;
            case "timeout not above interval": options.HeartbeatTimeout = options.HeartbeatInterval; break;
            case "zero requests timeout": options.RequestsTimeout = TimeSpan.Zero; break;
            case "zero queue length": options.MaxQueueLength = 0; break;
            case "zero message size": options.MaxMessageSize = 0; break;
            case "http uri": options.ConnectionUri = new Uri("http://127.0.0.1"); break;
            case "factory without recovery": options.ConnectionFactory = new ConnectionFactory { AutomaticRecoveryEnabled = false }; break;
        }
        var error = Assert.Throws<ArgumentException>(() => new RabbitMqAdapterFactory(options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_defaults_are_those_of_the_format()
    {
        var options = new RabbitMqAdapterOptions();
        Assert.Equal("socket.io", options.Exchange);
        Assert.Equal("socket.io", options.ChannelPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestsTimeout);
        Assert.Null(options.MaxQueueLength);
    }

    [Fact]
    public async Task A_host_without_any_broker_configured_fails_to_start_with_a_clear_message()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIO().AddRabbitMqAdapter(o => o.Exchange = "app");
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Repo.Timeout));
        Assert.Contains("no broker is configured", error.Message);
    }

    [Fact]
    public async Task Invalid_settings_fail_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIO().AddRabbitMqAdapter(o =>
        {
            o.ConnectionUri = new Uri("amqp://127.0.0.1");
            o.HeartbeatTimeout = TimeSpan.FromSeconds(1);
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Repo.Timeout));
        Assert.Contains("RabbitMqAdapterOptions: HeartbeatTimeout", error.Message);
    }
}
