using System.Collections.Immutable;

namespace Checkpointing.Generators.Tests.Execution.Functions;

/// <summary>One checkpointed scalar of every supported kind; all travel in one <c>$scalars</c> unit.</summary>
public sealed partial class AllScalars
{
    [Checkpointed] public bool Bool;
    [Checkpointed] public byte Byte;
    [Checkpointed] public sbyte SByte;
    [Checkpointed] public short Short;
    [Checkpointed] public ushort UShort;
    [Checkpointed] public int Int;
    [Checkpointed] public uint UInt;
    [Checkpointed] public long Long;
    [Checkpointed] public ulong ULong;
    [Checkpointed] public float Float;
    [Checkpointed] public double Double;
    [Checkpointed] public char Char;
    [Checkpointed] public decimal Decimal;
    [Checkpointed] public string? String = "initial";
    [Checkpointed] public Guid Guid;
    [Checkpointed] public DateTime LocalTime;
    [Checkpointed] public DateTime UtcTime;
    [Checkpointed] public DateTime UnspecifiedTime;
    [Checkpointed] public DateTimeOffset Offset;
    [Checkpointed] public TimeSpan Span;
    [Checkpointed] public DateOnly Date;
    [Checkpointed] public TimeOnly Time;
    [Checkpointed] public Color Color;
    [Checkpointed] public Huge Huge;
    [Checkpointed] public int? MaybeInt;
    [Checkpointed] public Color? MaybeColor;
    [Checkpointed] public byte[]? Bytes;
    [Checkpointed] public ReadOnlyMemory<byte> Memory;
    [Checkpointed] public (int Count, string? Name) Pair;
    [Checkpointed] public (int, long, string, Color, double, bool, char) Seven;
    [Checkpointed] public Tuple<int, string>? Tuple;
    [Checkpointed] public KeyValuePair<string, int> Entry;
    [Checkpointed] public Person? Person;
    [Checkpointed] public Point Point;
    [Checkpointed] public Point? MaybePoint;
    [Checkpointed] public Money Money;
    [Checkpointed] public Mutable? Mutable;
    [Checkpointed] public Tree? Tree;
    [Checkpointed] public Box<Person>? Box;
    [Checkpointed] public AttributedThing? Attributed;
    [Checkpointed] public ImmutableArray<int>[]? ArrayOfImmutable;
    [Checkpointed] public System.Numerics.BigInteger Big;
    [Checkpointed] public Uri? Uri;
    [Checkpointed] public Version? Version;
}
