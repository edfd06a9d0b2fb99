using System.Text;

namespace SocketIO.TestSupport;

/// <summary>The lines a child process printed (the last 2,000), kept for failure messages.</summary>
public sealed class ProcessOutput
{
    private const int MaxLines = 2000;
    private readonly Queue<string> _lines = new();
    private int _dropped;

    /// <summary>How many lines the process has printed so far, dropped ones included.</summary>
    public int Count
    {
        get
        {
            lock (_lines)
                return _lines.Count + _dropped;
        }
    }

    /// <summary>The kept lines printed after the first <paramref name="count"/> (see <see cref="Count"/>).</summary>
    public IReadOnlyList<string> Since(int count)
    {
        lock (_lines)
            return [.. _lines.Skip(Math.Max(0, count - _dropped))];
    }

    /// <summary>Adds one line.</summary>
    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    /// <summary>Everything kept so far, one line each.</summary>
    public override string ToString()
    {
        lock (_lines)
        {
            var text = new StringBuilder();
            if (_dropped > 0)
                text.AppendLine($"[{_dropped} earlier lines dropped]");
            foreach (var line in _lines)
                text.AppendLine(line);
            return text.ToString();
        }
    }
}
