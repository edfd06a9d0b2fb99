using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bench.LoadGen;

/// <summary>
/// summarize FILE...: reads RESULT lines, takes the median of each metric over rounds per
/// scenario and server, prints a table with ours/node and ours/raw ratios, and writes it as one JSON line.
/// </summary>
internal static class Summary
{
    private static readonly string[] ServerOrder = ["ours", "node", "raw"];

    // The first metric of each scenario is its primary figure: server CPU per operation, which does not depend on how
    // fast LoadGen itself is (throughput does, when LoadGen is near a full core). Then throughput, latency, the rest.
    private static readonly Dictionary<string, string[]> MetricsByScenario = new(StringComparer.Ordinal)
    {
        ["echo"] = ["server_cpu_us_per_ack", "acks_per_sec", "p50_us", "p99_us", "p999_us", "loadgen_cpu_pct", "loadgen_alloc_bytes_per_ack"],
        ["fanout"] = ["server_cpu_us_per_delivery", "delivered_per_sec", "broadcasts_per_sec", "p50_us", "p99_us", "lost", "loadgen_cpu_pct"],
        ["cluster-fanout"] =
        [
            "server_cpu_us_per_delivery", "delivered_per_sec", "broadcasts_per_sec", "p50_us", "p99_us", "p99_local_us", "p99_remote_us", "lost",
            "server_cpu_pct", "broker_cpu_us_per_broadcast", "broker_cpu_pct",
            "node2_broker_bytes_per_broadcast", "node3_broker_bytes_per_broadcast", "node3_bytes_share", "node3_cpu_us_per_broadcast",
            "node3_cpu_pct", "loadgen_cpu_pct",
        ],
        ["connect"] = ["server_cpu_us_per_conn", "rss_delta_per_conn_kb", "rss_per_conn_kb", "rss_baseline_kb", "connect_time_ms", "p50_us", "p99_us", "failed"],
        ["polling"] = ["server_cpu_us_per_ack", "acks_per_sec", "p50_us", "p99_us"],
    };

    public static int Run(IReadOnlyList<string> files, Dictionary<string, string> extra)
    {
        // label -> server -> metric -> values
        var data = new Dictionary<string, Dictionary<string, Dictionary<string, List<double>>>>(StringComparer.Ordinal);
        var labels = new List<string>();
        var scenarioOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var servers = new HashSet<string>(StringComparer.Ordinal);

        foreach (var file in files)
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.StartsWith("RESULT ", StringComparison.Ordinal) ? raw[7..] : raw;
                if (!line.StartsWith('{'))
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var label = root.GetProperty("label").GetString() ?? "";
                var server = root.GetProperty("server").GetString() ?? "";
                if (!data.TryGetValue(label, out var byServer))
                {
                    byServer = new(StringComparer.Ordinal);
                    data[label] = byServer;
                    labels.Add(label);
                    scenarioOf[label] = root.GetProperty("scenario").GetString() ?? "";
                }

                servers.Add(server);
                if (!byServer.TryGetValue(server, out var byMetric))
                {
                    byMetric = new(StringComparer.Ordinal);
                    byServer[server] = byMetric;
                }

                foreach (var metric in root.GetProperty("metrics").EnumerateObject())
                {
                    if (metric.Value.ValueKind != JsonValueKind.Number)
                    {
                        continue;
                    }

                    if (!byMetric.TryGetValue(metric.Name, out var values))
                    {
                        values = [];
                        byMetric[metric.Name] = values;
                    }

                    values.Add(metric.Value.GetDouble());
                }
            }
        }

        var columns = ServerOrder.Where(servers.Contains).Concat(servers.Except(ServerOrder).Order(StringComparer.Ordinal)).ToList();
        var table = new StringBuilder();
        table.AppendLine("Primary figure: the first row of each scenario, server CPU per operation (LoadGen's own speed does not move it).");
        table.Append(CultureInfo.InvariantCulture, $"{"scenario",-20} {"metric",-28}")
            .AppendJoin("", columns.Select(c => $" {c,12}"))
            .AppendLine(CultureInfo.InvariantCulture, $" {"ours/node",10} {"ours/raw",10} {"tcp/ours",10}");

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("generated_utc", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("mode", extra.GetValueOrDefault("--mode", ""));
            if (int.TryParse(extra.GetValueOrDefault("--rounds", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rounds))
            {
                json.WriteNumber("rounds", rounds);
            }

            json.WriteNumber("nproc", Environment.ProcessorCount);
            json.WriteString("statistic", "median");
            json.WriteStartArray("servers");
            foreach (var column in columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteStartArray("rows");
            foreach (var label in labels)
            {
                var metrics = MetricsByScenario.GetValueOrDefault(scenarioOf[label])
                    ?? data[label].Values.SelectMany(m => m.Keys).Distinct().ToArray();
                foreach (var metric in metrics)
                {
                    var medians = columns.ToDictionary(c => c, c => Median(data[label], c, metric));
                    if (medians.Values.All(v => v is null))
                    {
                        continue;
                    }

                    var oursNode = Ratio(medians.GetValueOrDefault("ours"), medians.GetValueOrDefault("node"));
                    var oursRaw = Ratio(medians.GetValueOrDefault("ours"), medians.GetValueOrDefault("raw"));
                    // The same server over the raw TCP transport against itself over WebSocket.
                    var tcpOurs = Ratio(medians.GetValueOrDefault("ours-tcp"), medians.GetValueOrDefault("ours"));
                    table.Append(CultureInfo.InvariantCulture, $"{label,-20} {metric,-28}")
                        .AppendJoin("", columns.Select(c => $" {Format(medians[c]),12}"))
                        .AppendLine(CultureInfo.InvariantCulture, $" {FormatRatio(oursNode),10} {FormatRatio(oursRaw),10} {FormatRatio(tcpOurs),10}");

                    json.WriteStartObject();
                    json.WriteString("scenario", label);
                    json.WriteString("metric", metric);
                    foreach (var column in columns)
                    {
                        WriteNumberOrNull(json, column, medians[column]);
                    }

                    WriteNumberOrNull(json, "ours/node", oursNode);
                    WriteNumberOrNull(json, "ours/raw", oursRaw);
                    WriteNumberOrNull(json, "tcp/ours", tcpOurs);
                    json.WriteStartObject("runs");
                    foreach (var column in columns)
                    {
                        json.WriteNumber(column, Runs(data[label], column, metric));
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var summary = Encoding.UTF8.GetString(stream.ToArray());
        Console.Write(table.ToString());
        Console.WriteLine();
        Console.WriteLine(summary);
        if (extra.TryGetValue("--out", out var output))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(output, summary + "\n");
        }

        return 0;
    }

    private static double? Median(Dictionary<string, Dictionary<string, List<double>>> byServer, string server, string metric)
    {
        if (!byServer.TryGetValue(server, out var byMetric) || !byMetric.TryGetValue(metric, out var values) || values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int Runs(Dictionary<string, Dictionary<string, List<double>>> byServer, string server, string metric) =>
        byServer.TryGetValue(server, out var byMetric) && byMetric.TryGetValue(metric, out var values) ? values.Count : 0;

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d != 0 ? n / d : null;

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Format(double? value) => value switch
    {
        null => "-",
        { } v when Math.Abs(v) >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string FormatRatio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
