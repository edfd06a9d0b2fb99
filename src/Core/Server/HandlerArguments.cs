using System.Text.Json;

namespace SocketIO;

/// <summary>An event argument that does not fit its handler parameter; the handler is not called.</summary>
internal sealed class InvalidArgumentException(string problem) : Exception(problem);

/// <summary>Reads and checks typed handler arguments: a missing, null or mistyped value is refused, never defaulted.</summary>
internal static class HandlerArguments
{
    /// <summary>Argument <see cref="ArgumentSpec.Index"/> of the event as <typeparamref name="T"/>, or <see cref="InvalidArgumentException"/>.</summary>
    public static T Read<T>(SocketEvent e, ArgumentSpec spec)
    {
        var args = e.Args;
        if (spec.Index >= args.Count)
        {
            if (spec.HasDefault)
                return spec.DefaultValue is T value ? value : default!;
            if (spec.AllowsNull)
                return default!;
            throw new InvalidArgumentException($"{spec.Describe()} is missing; expected {spec.TypeName}");
        }
        // Checked on the argument's raw JSON: no document is built unless the parameter asks for one (JsonElement, RawValue).
        var kind = args.KindOf(spec.Index);
        if (kind == JsonValueKind.Null && !spec.AcceptsJsonNull)
            throw new InvalidArgumentException($"{spec.Describe()} expects {spec.TypeName} but got null");
        try
        {
            return args.Get<T>(spec.Index)!;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new InvalidArgumentException($"{spec.Describe()} expects {spec.TypeName} but got {Describe(kind)}");
        }
    }

    /// <summary>When the client asked for an ack, answers <c>{"error": "…"}</c> so it does not wait in vain; then logs the refusal.</summary>
    public static void Reject(SocketEvent e, InvalidArgumentException error)
    {
        if (e.HasAck)
            e.Ack(new Dictionary<string, string> { ["error"] = $"Event \"{e.Name}\" was not handled: {error.Message}" });
        // Logged within the connection's allowance; a client that keeps at it is closed (after its ack).
        ClientFaults.InvalidArgument(e.Socket, e.Name, error.Message);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    /// <summary>A type as C# code names it: <c>int</c>, <c>string?</c>, <c>List&lt;Order&gt;</c>.</summary>
    public static string DisplayName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return DisplayName(inner) + "?";
        if (type.IsArray)
            return DisplayName(type.GetElementType()!) + "[]";
        if (Keywords.TryGetValue(type, out var keyword))
            return keyword;
        if (!type.IsGenericType)
            return type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{(tick < 0 ? name : name[..tick])}<{string.Join(", ", type.GetGenericArguments().Select(DisplayName))}>";
    }

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(int)] = "int",
        [typeof(long)] = "long",
        [typeof(short)] = "short",
        [typeof(byte)] = "byte",
        [typeof(uint)] = "uint",
        [typeof(ulong)] = "ulong",
        [typeof(ushort)] = "ushort",
        [typeof(sbyte)] = "sbyte",
        [typeof(double)] = "double",
        [typeof(float)] = "float",
        [typeof(decimal)] = "decimal",
        [typeof(bool)] = "bool",
        [typeof(string)] = "string",
        [typeof(char)] = "char",
        [typeof(object)] = "object",
    };
}
