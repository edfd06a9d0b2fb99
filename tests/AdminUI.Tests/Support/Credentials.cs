namespace SocketIO.AdminUI.Tests.Support;

/// <summary>The Admin UI login of the test servers (a low bcrypt cost keeps logins fast).</summary>
public static class Credentials
{
    public const string Username = "admin";
    public const string Password = "s3cret-for-tests";

    public static readonly string PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, workFactor: 4);

    /// <summary>The auth payload of the UI's first login.</summary>
    public static object Login => new { username = Username, password = Password };
}
