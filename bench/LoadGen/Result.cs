using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bench.LoadGen;

/// <summary>The numbers of one run, printed as a readable line and as one <c>RESULT {json}</c> line.</summary>
internal sealed class Result
{
    private readonly List<(string Key, double? Value)> _metrics = [];
    private readonly List<(string Key, string Value)> _notes = [];

    public void Add(string key, double? value) => _metrics.Add((key, value));

    public void Note(string key, string value) => _notes.Add((key, value));

    public void Print(Options options, Histogram? latency = null)
    {
        if (latency is not null)
        {
            // An empty histogram has no latency, not a latency of zero.
            var empty = latency.Count == 0;
            Add("p50_us", empty ? null : Micros(latency.ValueAt(0.50)));
            Add("p99_us", empty ? null : Micros(latency.ValueAt(0.99)));
            Add("p999_us", empty ? null : Micros(latency.ValueAt(0.999)));
            Add("max_us", empty ? null : Micros(latency.Max));
        }

        var human = new StringBuilder();
        human.Append(CultureInfo.InvariantCulture, $"[{options.ServerName}/{options.TargetName}] {options.Label}:");
        foreach (var (key, value) in _metrics)
        {
            human.Append(' ').Append(key).Append('=').Append(Format(value));
        }

        foreach (var (key, value) in _notes)
        {
            human.Append(' ').Append(key).Append("=\"").Append(value).Append('"');
        }

        Console.WriteLine(human.ToString());

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("scenario", options.Scenario);
            json.WriteString("label", options.Label);
            json.WriteString("target", options.TargetName);
            json.WriteString("server", options.ServerName);
            json.WriteStartArray("args");
            foreach (var arg in options.Arguments)
            {
                json.WriteStringValue(arg);
            }

            json.WriteEndArray();
            json.WriteStartObject("metrics");
            foreach (var (key, value) in _metrics)
            {
                if (value is { } v && double.IsFinite(v))
                {
                    json.WriteNumber(key, Math.Round(v, 3));
                }
                else
                {
                    json.WriteNull(key);
                }
            }

            json.WriteEndObject();
            foreach (var (key, value) in _notes)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        Console.WriteLine("RESULT " + Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static double Micros(long nanoseconds) => nanoseconds / 1000.0;

    private static string Format(double? value) => value switch
    {
        null => "n/a",
        { } v when Math.Abs(v) >= 100 || v == Math.Floor(v) => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
