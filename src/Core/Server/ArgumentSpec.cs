using System.Reflection;
using System.Text.Json;
using SocketIO.Serialization;

namespace SocketIO;

/// <summary>What a typed handler parameter expects of its event argument.</summary>
internal sealed class ArgumentSpec
{
    public ArgumentSpec(ParameterInfo parameter, int index, NullabilityInfoContext nullability)
    {
        Index = index;
        Name = parameter.Name ?? $"arg{index}";
        HasDefault = parameter.HasDefaultValue;
        DefaultValue = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        var type = parameter.ParameterType;
        // Oblivious (non-annotated) reference types accept null, as they always have.
        AllowsNull = type.IsValueType
            ? Nullable.GetUnderlyingType(type) is not null
            : nullability.Create(parameter).WriteState != NullabilityState.NotNull;
        // JsonElement and RawValue represent any JSON value, null included.
        AcceptsJsonNull = AllowsNull || type == typeof(JsonElement) || type == typeof(RawValue);
        TypeName = HandlerArguments.DisplayName(type);
    }

    /// <summary>Zero-based position among the event arguments.</summary>
    public int Index { get; }

    public string Name { get; }

    public bool HasDefault { get; }

    public object? DefaultValue { get; }

    public bool AllowsNull { get; }

    public bool AcceptsJsonNull { get; }

    public string TypeName { get; }

    /// <summary>How the client sees this parameter: position (one-based) and name.</summary>
    public string Describe() => $"argument {Index + 1} (\"{Name}\")";
}
