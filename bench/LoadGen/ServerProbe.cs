using System.Diagnostics;
using System.Globalization;

namespace Bench.LoadGen;

/// <summary>Reads a server process's resident memory and CPU time from /proc.</summary>
internal sealed class ServerProbe
{
    private static readonly Lazy<long> ClockTicksPerSecond = new(ReadClockTicks);

    private readonly int? _pid;

    public ServerProbe(int? pid) => _pid = pid;

    public bool Enabled => _pid is not null;

    /// <summary>VmRSS in kB, or null when no pid was given or the process is gone.</summary>
    public long? RssKb()
    {
        if (_pid is not { } pid)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>utime + stime of the process in microseconds, or null.</summary>
    public long? CpuMicroseconds()
    {
        if (_pid is not { } pid)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            return ticks * 1_000_000 / ClockTicksPerSecond.Value;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static double SelfCpuMicroseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;

    private static long ReadClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (getconf is not null)
            {
                var text = getconf.StandardOutput.ReadToEnd().Trim();
                getconf.WaitForExit();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
                {
                    return value;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        return 100;
    }
}
