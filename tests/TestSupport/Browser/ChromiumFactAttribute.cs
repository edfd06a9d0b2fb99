namespace SocketIO.TestSupport;

/// <summary>
/// A test that needs Chromium. Without Chromium it is skipped on a developer machine, but under CI
/// (CI set) it runs and fails with a message saying how to install it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.FindExecutable() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Skip = "Chromium is not installed (apt-get install chromium, or ./test.sh as root); CI=true makes this a failure.";
    }
}
