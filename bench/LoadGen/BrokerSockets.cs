using System.Diagnostics;
using System.Globalization;

namespace Bench.LoadGen;

/// <summary>
/// What the kernel knows about the nodes' connections to the broker (Redis or RabbitMQ): which local ports
/// a process holds to the broker's port (from <c>/proc</c>), and how many bytes each of them has received
/// (<c>tcpi_bytes_received</c>, read with <c>ss</c>). Nothing here runs in the hot path.
/// </summary>
internal static class BrokerSockets
{
    /// <summary>
    /// The local ports of process <paramref name="pid"/>'s established TCP connections to <paramref name="port"/>:
    /// the socket inodes among its descriptors, matched in <c>/proc/PID/net/tcp</c>.
    /// </summary>
    public static HashSet<int> LocalPortsOf(int? pid, int port)
    {
        var ports = new HashSet<int>();
        if (pid is not { } id)
        {
            return ports;
        }

        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fd in Directory.EnumerateFiles($"/proc/{id}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }

            // sl local_address rem_address st ... inode (hex ip:port, state 01 = established).
            foreach (var line in File.ReadLines($"/proc/{id}/net/tcp").Concat(File.ReadLines($"/proc/{id}/net/tcp6")).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "01" && HexPort(fields[2]) == port && inodes.Contains(fields[9]))
                {
                    ports.Add(HexPort(fields[1]));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return ports;
    }

    /// <summary>
    /// Bytes received so far from port <paramref name="port"/> (the broker), by local port: the kernel's
    /// <c>tcpi_bytes_received</c> of each established connection, read with <c>ss -tin</c>. Null when
    /// <c>ss</c> is missing.
    /// </summary>
    public static Dictionary<int, long>? BytesReceivedFrom(int port)
    {
        try
        {
            var start = new ProcessStartInfo("ss") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-tinH", "state", "established", "dport", "=", $":{port}" })
            {
                start.ArgumentList.Add(arg);
            }

            using var ss = Process.Start(start);
            if (ss is null)
            {
                return null;
            }

            var output = ss.StandardOutput.ReadToEnd();
            ss.WaitForExit();
            // One line per socket (Recv-Q Send-Q local:port peer:port), then an indented line of tcp_info.
            var totals = new Dictionary<int, long>();
            int? local = null;
            foreach (var line in output.Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (!char.IsWhiteSpace(line[0]))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    local = fields.Length >= 3 && int.TryParse(fields[2].AsSpan(fields[2].LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
                    continue;
                }

                if (local is { } id && NumberAfter(line, "bytes_received:") is { } received)
                {
                    totals[id] = totals.GetValueOrDefault(id) + received;
                }
            }

            return totals;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int HexPort(string address) =>
        int.Parse(address.AsSpan(address.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static long? NumberAfter(string line, string key)
    {
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = line.AsSpan(at + key.Length);
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return length > 0 ? long.Parse(digits[..length], CultureInfo.InvariantCulture) : null;
    }
}
