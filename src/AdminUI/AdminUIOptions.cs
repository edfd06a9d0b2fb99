using System.Text.RegularExpressions;

namespace SocketIO.AdminUI;

/// <summary>
/// Settings of the Admin UI instrumentation, as the options of Node's <c>instrument(io, opts)</c>
/// (socketio/socket.io-admin-ui, lib/index.ts).
/// </summary>
public sealed partial class AdminUIOptions
{
    /// <summary>The namespace the UI connects to (<c>namespaceName</c>); "/admin" by default.</summary>
    public string NamespaceName { get; set; } = "/admin";

    /// <summary>
    /// The UI's login (<c>auth</c>): a user name and a bcrypt hash of the password. Null (the default) lets
    /// anyone who reaches the server connect to the admin namespace, as Node's <c>auth: false</c>; a warning
    /// is logged at start-up.
    /// </summary>
    public AdminUIBasicAuth? Auth { get; set; }

    /// <summary>When true (<c>readonly</c>), the UI can watch but its emit, join, leave and disconnect commands are ignored.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>This node's name in the UI's server list (<c>serverId</c>); the host name when null.</summary>
    public string? ServerId { get; set; }

    /// <summary>
    /// <see cref="AdminUIMode.Development"/> (the default, as Node's without <c>NODE_ENV</c>) sends every socket,
    /// room and event; <see cref="AdminUIMode.Production"/> sends only the server stats.
    /// </summary>
    public AdminUIMode Mode { get; set; } = AdminUIMode.Development;

    /// <summary>How long a login session (the id the UI stores to reconnect without a password) stays valid; one day by default.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first invalid setting, or null.</summary>
    internal string? Validate()
    {
        if (string.IsNullOrEmpty(NamespaceName) || NamespaceName.Contains(','))
            return "NamespaceName must be a namespace name such as \"/admin\".";
        if (ServerId is { Length: 0 })
            return "ServerId must not be empty (null uses the host name).";
        if (SessionLifetime <= TimeSpan.Zero)
            return "SessionLifetime must be positive.";
        if (Auth is { } auth)
        {
            if (string.IsNullOrEmpty(auth.Username))
                return "Auth.Username must not be empty.";
            if (auth.PasswordHash is null || !BcryptHash().IsMatch(auth.PasswordHash))
                return "Auth.PasswordHash must be a bcrypt hash (\"$2b$10$…\", 60 characters), e.g. from BCrypt.Net.BCrypt.HashPassword(password), not the password itself.";
        }
        return null;
    }

    [GeneratedRegex(@"^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();
}

/// <summary>The Admin UI's login: the user name and a bcrypt hash of the password (Node's <c>{type: "basic", username, password}</c>).</summary>
/// <param name="Username">The user name the UI must send.</param>
/// <param name="PasswordHash">A bcrypt hash of the password, e.g. <c>BCrypt.Net.BCrypt.HashPassword("secret")</c>.</param>
public sealed record AdminUIBasicAuth(string Username, string PasswordHash)
{
    /// <summary>Keeps the hash out of logs and debugger views.</summary>
    public override string ToString() => $"AdminUIBasicAuth {{ Username = {Username} }}";
}

/// <summary>How much the instrumentation sends to the UI.</summary>
public enum AdminUIMode
{
    /// <summary>Stats plus every socket, room change and event (Node's <c>mode: "development"</c>).</summary>
    Development,

    /// <summary>Only the server stats with aggregated counts (Node's <c>mode: "production"</c>).</summary>
    Production,
}
