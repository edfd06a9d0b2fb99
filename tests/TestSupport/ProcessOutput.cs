using System.Text;

namespace SocketIO.TestSupport;

/// <summary>The lines a child process printed (the last 2,000), kept for failure messages.</summary>
public sealed class ProcessOutput
{
    private const int MaxLines = 2000;
    private readonly Queue<string> _lines = new();
    private int _dropped;

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
