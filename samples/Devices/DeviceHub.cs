using System.Text.Json;
using SocketIO;

namespace Devices;

/// <summary>
/// The /devices namespace: middleware checks the device's token, each device joins the room of its
/// group, its telemetry is stored (and acked), and the server sends it a command that it acks.
/// </summary>
internal static class DeviceHub
{
    public static void Configure(SocketIOServer io, string token, TelemetryStore store)
    {
        var devices = io.Of("/devices");

        // auth: {"token": "...", "device": "sensor-1", "group": "greenhouse"}; a bad token gets connect_error.
        devices.Use(socket =>
        {
            var auth = socket.Handshake.Auth;
            if (auth.ValueKind != JsonValueKind.Object || !auth.TryGetProperty("token", out var given) || given.ValueKind != JsonValueKind.String || given.GetString() != token)
                throw new ConnectErrorException("invalid token");
            socket.Data["device"] = Text(auth, "device") ?? socket.Id;
            socket.Data["group"] = Text(auth, "group") ?? "default";
        });

        devices.OnConnection(socket =>
        {
            var device = (string)socket.Data["device"]!;
            var group = (string)socket.Data["group"]!;
            socket.Join($"group:{group}");
            Console.WriteLine($"device {device} connected from {socket.Handshake.Address} (group {group}, {socket.Transport})");

            socket.On("telemetry", (SocketEvent e) =>
            {
                if (e.Args.Count > 0)
                    store.Record(device, e.Args[0]);
                e.Ack("stored");
            });
            socket.On("disconnect", (string reason) => Console.WriteLine($"device {device} disconnected: {reason}"));

            _ = SendCommandAsync(socket, device, store);
        });
    }

    /// <summary>Tells a new device how often to report, and waits for its ack.</summary>
    private static async Task SendCommandAsync(Socket socket, string device, TelemetryStore store)
    {
        try
        {
            var reply = await socket.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("command", new { name = "set-interval", seconds = 10 });
            store.RecordCommandAck(device, reply.ToString());
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Console.WriteLine($"device {device} did not ack its command: {ex.Message}");
        }
    }

    private static string? Text(JsonElement auth, string name) =>
        auth.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
