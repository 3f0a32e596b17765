using MessagePack.Formatters;

namespace Checkpointing;

/// <summary>
/// Names one list state of an operator: its name (stable across versions), its redistribution mode and the
/// MessagePack formatter of its units. Create one per state, usually as a <c>static readonly</c> field.
/// </summary>
/// <typeparam name="T">The unit type.</typeparam>
public sealed class ListStateDescriptor<T>
{
    /// <summary>Creates a descriptor. Without a formatter, the one registered in <see cref="Serialization.CheckpointFormatters"/> is used.</summary>
    public ListStateDescriptor(string name, Redistribution mode = Redistribution.EvenSplit, IMessagePackFormatter<T>? formatter = null, string? typeName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Mode = mode;
        Formatter = formatter ?? Serialization.CheckpointFormatters.Get<T>();
        TypeName = typeName ?? Serialization.TypeNames.Of<T>();
    }

    /// <summary>The state name stored in checkpoints.</summary>
    public string Name { get; }

    /// <summary>How units are redistributed on restore.</summary>
    public Redistribution Mode { get; }

    /// <summary>Writes and reads one unit.</summary>
    public IMessagePackFormatter<T> Formatter { get; }

    /// <summary>The unit type's name, stored with the state so restore errors can name both types.</summary>
    public string TypeName { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Mode}, {TypeName})";
}
