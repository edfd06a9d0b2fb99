using System.Diagnostics;
using SocketIO.Fuzz;

namespace SocketIO.Fuzz.Driver;

/// <summary>
/// A coverage-less mutation fuzzer: takes corpus files, applies a few random edits (bit flips, interesting
/// bytes and lengths, inserts, deletes, duplicated blocks, splices with another file) and runs the result.
/// It is the quick check before an afl-fuzz campaign, and the fallback where afl-fuzz is not installed.
/// A finding is saved under the crashes folder, named by the exception type.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x1E, 0x7E, 0x7F, 0x80, 0xFF, (byte)'{', (byte)'[', (byte)'"', (byte)'\\', (byte)'/', (byte)',', (byte)'-', (byte)'b', (byte)'4', 0xC0, 0xD4, 0xDC, 0xDD, 0xDE, 0xDF, 0xC4, 0xC6, 0xC7, 0xD9, 0xDB, 0xED];

    public static int Run(FuzzTarget target, string corpus, long count, int seed, string crashes)
    {
        var inputs = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        if (inputs.Count == 0)
            inputs.Add([]);
        var random = new Random(seed);
        var findings = 0;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var input = Mutate(random, inputs[random.Next(inputs.Count)], inputs[random.Next(inputs.Count)]);
            try
            {
                target.Run(input);
            }
            catch (Exception ex)
            {
                findings++;
                Directory.CreateDirectory(crashes);
                var file = Path.Combine(crashes, $"{ex.GetType().Name}-{Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(input))[..12]}");
                File.WriteAllBytes(file, input);
                if (findings <= 20)
                    Console.WriteLine($"finding {file}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            }
            if ((i + 1) % 100_000 == 0)
                Console.WriteLine($"{target.Name}: {i + 1} inputs, {findings} findings, {(i + 1) / clock.Elapsed.TotalSeconds:F0}/s");
        }
        Console.WriteLine($"{target.Name}: mutate seed {seed}: {count} inputs in {clock.Elapsed.TotalSeconds:F0} s, {findings} findings");
        return findings == 0 ? 0 : 1;
    }

    private static byte[] Mutate(Random random, byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        var edits = 1 + random.Next(random.Next(2) == 0 ? 3 : 8);
        for (var e = 0; e < edits; e++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(9))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 3:
                    data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(8)));
                    break;
                case 5 when data.Count > 0:
                    var length = Math.Min(data.Count - at, 1 + random.Next(32));
                    data.InsertRange(random.Next(data.Count + 1), data.GetRange(at, length));
                    break;
                case 6 when other.Length > 0:
                    var from = random.Next(other.Length);
                    data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(64))).ToArray());
                    break;
                case 7 when data.Count > 1:
                    // A length field: big-endian 16 or 32 bits of an edge value.
                    var value = random.Next(6) switch { 0 => 0u, 1 => 125u, 2 => 126u, 3 => 0xFFFFu, 4 => 0x7FFFFFFFu, _ => 0xFFFFFFFFu };
                    var width = Math.Min(data.Count - at, random.Next(2) == 0 ? 2 : 4);
                    for (var b = 0; b < width; b++)
                        data[at + b] = (byte)(value >> (8 * (width - 1 - b)));
                    break;
                default:
                    if (data.Count > 0)
                        data[at] = (byte)(data[at] + random.Next(-3, 4));
                    break;
            }
        }
        return [.. data];
    }
}
