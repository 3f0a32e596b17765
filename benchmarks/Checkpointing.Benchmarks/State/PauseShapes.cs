using MessagePack;

namespace Checkpointing.Benchmarks.State;

/// <summary>
/// The state shapes of the lock-pause benchmark: four whose units are immutable (the generated snapshot copies the
/// collection under the lock and serializes after it) and one whose units can change (serialized under the lock).
/// </summary>
public enum PauseShape
{
    Longs,
    Strings,
    Counts,
    Records,
    MutableRecords,
}

/// <summary>A trade whose members can be assigned: the generator cannot prove it immutable.</summary>
public sealed class MutableTrade
{
    public long Id { get; set; }
    public string Symbol { get; set; } = "";
    public double Price { get; set; }
    public int Quantity { get; set; }
}

/// <summary>A source holding one collection of <see cref="PauseShape"/> state and emitting nothing (its Run is never started).</summary>
public abstract class PauseShapeSource : RichParallelSourceFunction<long>
{
    public override void Run(ISourceContext<long> ctx) { }

    public override void Cancel() { }

    /// <summary>The state's units, to serialize the same values with MessagePack.</summary>
    public abstract int SerializeWithMessagePack();

    /// <summary>A source of <paramref name="shape"/> holding units <c>[start, end)</c> of the shape's data.</summary>
    public static PauseShapeSource Create(PauseShape shape, int start, int end) => shape switch
    {
        PauseShape.Longs => new LongUnits { Units = ShapeData.Longs(end)[start..] },
        PauseShape.Strings => new StringUnits { Units = [.. ShapeData.Trades(end)[start..].Select(t => $"{t.Symbol}-{t.Id}")] },
        PauseShape.Counts => new CountUnits { Units = ShapeData.Counts(end).Skip(start).ToDictionary() },
        PauseShape.Records => new TradeUnits { Units = ShapeData.Trades(end)[start..] },
        PauseShape.MutableRecords => new MutableTradeUnits { Units = [.. ShapeData.Trades(end)[start..].Select(t => new MutableTrade { Id = t.Id, Symbol = t.Symbol, Price = t.Price, Quantity = t.Quantity })] },
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}

public sealed partial class LongUnits : PauseShapeSource
{
    [Checkpointed] public List<long> Units = [];

    public override int SerializeWithMessagePack() => MessagePackSerializer.Serialize(Units, MessagePackSerializerOptions.Standard).Length;
}

public sealed partial class StringUnits : PauseShapeSource
{
    [Checkpointed] public List<string> Units = [];

    public override int SerializeWithMessagePack() => MessagePackSerializer.Serialize(Units, MessagePackSerializerOptions.Standard).Length;
}

public sealed partial class CountUnits : PauseShapeSource
{
    [Checkpointed] public Dictionary<string, long> Units = [];

    public override int SerializeWithMessagePack() => MessagePackSerializer.Serialize(Units, MessagePackSerializerOptions.Standard).Length;
}

public sealed partial class TradeUnits : PauseShapeSource
{
    [Checkpointed] public List<Trade> Units = [];
    private List<TradeMp>? mp;

    public override int SerializeWithMessagePack() => MessagePackSerializer.Serialize(mp ??= ShapeData.TradesMp(Units), MessagePackSerializerOptions.Standard).Length;
}

public sealed partial class MutableTradeUnits : PauseShapeSource
{
    [Checkpointed] public List<MutableTrade> Units = [];
    private List<TradeMp>? mp;

    public override int SerializeWithMessagePack() =>
        MessagePackSerializer.Serialize(mp ??= [.. Units.Select(t => new TradeMp { Id = t.Id, Symbol = t.Symbol, Price = t.Price, Quantity = t.Quantity })], MessagePackSerializerOptions.Standard).Length;
}
