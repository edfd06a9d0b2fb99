namespace SocketIO.Protocol;

/// <summary>Limits applied by packet decoders.</summary>
public sealed class ParserOptions
{
    /// <summary>Most binary attachments one packet may announce (socket.io-parser default 10).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>Deepest nesting accepted in a JSON payload.</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>Longest namespace name accepted.</summary>
    public int MaxNamespaceLength { get; set; } = 256;
}
