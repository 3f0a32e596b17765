using MessagePack;

namespace Checkpointing.Generators.Tests.Execution.Functions;

// User types reachable from checkpointed fields. None has a serializer attribute: the generator writes their formatters.

public enum Color { Red, Green, Blue }

public enum Huge : ulong { Small = 1, Max = ulong.MaxValue }

public sealed record Address(string Street, int Number);

public sealed record Person(string Name, int Age, Address? Home)
{
    public List<string> Tags { get; init; } = [];
}

public struct Point
{
    public int X;
    public int Y;
}

public readonly record struct Money(decimal Amount, string Currency);

public class Mutable
{
    public string? Name { get; set; }
    public Dictionary<string, List<int>>? Scores { get; set; }
    internal Color Shade { get; set; } = Color.Blue;
}

public sealed record Tree(string Label, List<Tree> Children);

public sealed record Box<T>(T Value, List<T> More);

[MessagePackObject]
public class AttributedThing
{
    [Key(0)] public int A { get; set; }
    [Key(1)] public string? B { get; set; }
}

/// <summary>Required members and constructor defaults: a missing member gets the parameter's default.</summary>
public sealed class Settings(string name, int retries = 3, Color color = Color.Green)
{
    public string Name { get; } = name;
    public int Retries { get; } = retries;
    public Color Color { get; } = color;
    public required string Owner { get; set; }
    public required List<int> Ports { get; init; }
}

public sealed record SettingsV0(string Name);
