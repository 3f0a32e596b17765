using System.Collections.Immutable;

namespace Checkpointing.Generators.Tests.Execution.Functions;

/// <summary>An immutable record: positional (init-only) members of immutable types.</summary>
public sealed record Reading(string Sensor, double Value, DateTimeOffset At);

/// <summary>A class whose member can be assigned after construction: its units are serialized under the lock.</summary>
public sealed class MutableItem
{
    public string Name { get; set; } = "";
}

/// <summary>Collection fields of every capture path: copied (immutable units), kept (immutable collection), serialized under the lock (mutable units).</summary>
public sealed partial class CapturedState
{
    [Checkpointed] public List<long> Longs = [];
    [Checkpointed] public List<string> Strings = [];
    [Checkpointed] public Dictionary<string, long> Counts = [];
    [Checkpointed] public List<Reading> Readings = [];
    [Checkpointed] public long[] Array = [];
    [Checkpointed] public ImmutableList<string> Frozen = [];
    [Checkpointed] public List<MutableItem> Items = [];
}
