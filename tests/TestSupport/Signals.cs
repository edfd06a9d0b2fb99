using System.Runtime.InteropServices;

namespace SocketIO.TestSupport;

/// <summary>POSIX signals for child processes (.NET only sends SIGKILL by itself); Linux numbering.</summary>
internal static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Send(int pid, int signal)
    {
        // The numbers above are Linux's.
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("These test processes are signalled on Linux only.");
        return Kill(pid, signal) == 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
