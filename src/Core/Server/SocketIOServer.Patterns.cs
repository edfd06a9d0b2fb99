using System.Buffers;

namespace SocketIO;

public sealed partial class SocketIOServer
{
    // Characters that mean something in a regex and hardly ever appear in a namespace name.
    private static readonly SearchValues<char> PatternChars = SearchValues.Create("^$\\*+?()[]{}|");

    /// <summary>Node also takes such a name literally, but a .NET developer may expect a pattern: say so in the log.</summary>
    private void WarnIfPattern(string name)
    {
        if (name.AsSpan().ContainsAny(PatternChars))
            Log.NamespaceLooksLikeRegex(name);
    }
}
