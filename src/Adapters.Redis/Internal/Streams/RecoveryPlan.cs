namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// Which stream entries a restored session is sent: those after <see cref="From"/> that are up to <see cref="Until"/>
/// or after <see cref="After"/> (and are broadcasts of its namespace that reach its rooms).
/// </summary>
/// <remarks>
/// <para>
/// For a session a .NET node stored, the marks are those of Core's in-memory store (src/Core/Adapters/RecoveryStore.cs):
/// the client's offset <c>s</c> (or, when it sent none, the mark taken when the socket connected, <c>C</c>), the last
/// event written to the socket <c>L</c>, and the last entry its node had handled when it disconnected <c>P</c>. It needs
/// (<c>max(s, C)</c>, <c>L</c>], which a dying transport may have swallowed, and everything after <c>P</c>; entries in
/// (<c>L</c>, <c>P</c>] went by while it was connected without reaching it, so they were not for it. The client is
/// then judged by whether those entries are still in the stream, not by how old its offset is (Node refuses a quiet
/// client whose own last entry was trimmed, socket.io #4733).
/// </para>
/// <para>A session a Node node stored has no marks: Node's rule, every entry after the client's offset.</para>
/// </remarks>
internal sealed record RecoveryPlan(StreamId From, StreamId? Until, StreamId After)
{
    /// <summary>The entries to read start after this id.</summary>
    public StreamId ReadFrom => Until is { } until && until > From ? From : StreamId.Max(From, After);

    /// <summary>Whether the entry <paramref name="id"/> is one the client may have missed.</summary>
    public bool Includes(StreamId id) => id > From && ((Until is { } until && id <= until) || id > After);

    /// <summary>The plan for <paramref name="session"/> and the client's offset; null (with the reason) when there is none.</summary>
    public static RecoveryPlan? Make(StoredSession session, StreamId? sent, out string? reason)
    {
        reason = null;
        if (session.Connected is not { } connected || session.Disconnected is not { } disconnected)
        {
            if (sent is null)
            {
                reason = "the client sent no offset, and the session does not say when the socket connected";
                return null;
            }
            return new RecoveryPlan(sent, null, sent);
        }
        var from = sent is null ? connected : StreamId.Max(sent, connected);
        return new RecoveryPlan(from, session.Delivered, disconnected);
    }
}
