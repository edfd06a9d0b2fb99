using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocketIO.AdminUI.Internal;

internal sealed partial class AdminInstrumentation
{
    /// <summary>Node's message for a refused login; the UI shows its login form on exactly this text.</summary>
    public const string InvalidCredentials = "invalid credentials";

    /// <summary>
    /// The login middleware (initAuthenticationMiddleware): a known session id, or the user name and a password that
    /// matches the bcrypt hash, which creates a session (16 hex characters) for the UI to reconnect with.
    /// </summary>
    private async ValueTask AuthenticateAsync(Socket socket)
    {
        var auth = socket.Handshake.Auth;
        var basic = _options.Auth!;
        if (StringOf(auth, "sessionId") is { Length: > 0 } sessionId && await _store.ExistsAsync(sessionId).ConfigureAwait(false))
            return;
        if (StringOf(auth, "username") is { } username && StringOf(auth, "password") is { } password && Matches(basic, username, password))
        {
            var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            await _store.SaveAsync(created, _options.SessionLifetime).ConfigureAwait(false);
            _newSessions.AddOrUpdate(socket, created);
            AdminUILog.LoggedIn(_logger, username, socket.Handshake.Address);
            return;
        }
        AdminUILog.InvalidCredentials(_logger, _admin.Name, socket.Handshake.Address);
        throw new ConnectErrorException(InvalidCredentials);
    }

    private static bool Matches(AdminUIBasicAuth basic, string username, string password)
    {
        var userMatches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(username), Encoding.UTF8.GetBytes(basic.Username));
        // The hash is checked whatever the name, so that the answer takes as long for an unknown user.
        var passwordMatches = BCrypt.Net.BCrypt.Verify(password, basic.PasswordHash);
        return userMatches && passwordMatches;
    }

    private static string? StringOf(JsonElement auth, string name) =>
        auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
