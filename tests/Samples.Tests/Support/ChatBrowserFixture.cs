namespace SocketIO.Samples.Tests.Support;

/// <summary>samples/Chat and one headless Chromium (launched by the first test that asks for it).</summary>
public sealed class ChatBrowserFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private ProcessHost? _host;
    private Chromium? _browser;

    public ProcessHost Host => _host ?? throw new InvalidOperationException("samples/Chat is not started.");

    public async Task<Chromium> BrowserAsync()
    {
        if (!await _launch.WaitAsync(Repo.Wait))
            throw new TimeoutException("Another test is still launching Chromium.");
        try
        {
            return _browser ??= await Chromium.LaunchAsync();
        }
        finally
        {
            _launch.Release();
        }
    }

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync("Chat");

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        if (_host is not null)
            await _host.DisposeAsync();
    }
}
