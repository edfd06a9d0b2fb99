using System.Security.Cryptography;

namespace SocketIO.Engine;

/// <summary>Generates the 20-character url-safe ids used for engine sessions and sockets.</summary>
public static class SessionId
{
    /// <summary>A new id: 15 cryptographically random bytes in url-safe base64 (20 characters).</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(20, bytes.ToArray(), static (chars, b) =>
        {
            Convert.TryToBase64Chars(b, chars, out _);
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '/') chars[i] = '_';
                else if (chars[i] == '+') chars[i] = '-';
            }
        });
    }
}
