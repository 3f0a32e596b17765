using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Checkpointing.Benchmarks.State;
using MessagePack;

namespace Checkpointing.Benchmarks.Benchmarks;

// Issue 7, benchmark 2 — one snapshot and one restore of the same state:
//  - Generated: the [Checkpointed] class's generated SnapshotState/RestoreState through CheckpointHarness (the same
//    serializers, byte format and restore path as a real checkpoint; no files);
//  - MessagePack (baseline): MessagePackSerializer on equivalent [MessagePackObject] types, standard resolver,
//    integer keys; for user types also with string keys (the layout the generator writes: a map keyed by member name);
//  - SystemTextJson: JsonSerializer with a source-generated context.
// Each method serializes to bytes and deserializes a new object from them, and returns what it restored.

internal sealed class SerializerConfig : ManualConfig
{
    public SerializerConfig()
    {
        if (!Settings.Dry) AddJob(Jobs.Serializer);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}

/// <summary>List&lt;long&gt; of 1M elements (dry: 1k).</summary>
[Config(typeof(SerializerConfig))]
public class ListOfLongSerializers
{
    public static readonly int Count = Settings.Pick(1_000_000, 1_000);

    private LongListState generated = null!;
    private LongListMp messagePack = null!;
    private LongListJson json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var values = ShapeData.Longs(Count);
        generated = new LongListState(values);
        messagePack = new LongListMp { Values = [.. values] };
        json = new LongListJson { Values = [.. values] };
    }

    [Benchmark(Baseline = true)]
    public int MessagePack()
    {
        var bytes = MessagePackSerializer.Serialize(messagePack, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<LongListMp>(bytes, MessagePackSerializerOptions.Standard).Values.Count;
    }

    [Benchmark]
    public int Generated()
    {
        var snapshot = CheckpointHarness.Snapshot([generated]);
        return CheckpointHarness.Restore(snapshot, 1, () => new LongListState())[0].Values.Count;
    }

    [Benchmark]
    public int SystemTextJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, BenchJsonContext.Default.LongListJson);
        return JsonSerializer.Deserialize(bytes, BenchJsonContext.Default.LongListJson)!.Values.Count;
    }
}

/// <summary>Dictionary&lt;string,long&gt; of 100k entries (dry: 1k).</summary>
[Config(typeof(SerializerConfig))]
public class DictionarySerializers
{
    public static readonly int Count = Settings.Pick(100_000, 1_000);

    private CountsState generated = null!;
    private CountsMp messagePack = null!;
    private CountsJson json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var counts = ShapeData.Counts(Count);
        generated = new CountsState(counts);
        messagePack = new CountsMp { Counts = new Dictionary<string, long>(counts) };
        json = new CountsJson { Counts = new Dictionary<string, long>(counts) };
    }

    [Benchmark(Baseline = true)]
    public int MessagePack()
    {
        var bytes = MessagePackSerializer.Serialize(messagePack, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<CountsMp>(bytes, MessagePackSerializerOptions.Standard).Counts.Count;
    }

    [Benchmark]
    public int Generated()
    {
        var snapshot = CheckpointHarness.Snapshot([generated]);
        return CheckpointHarness.Restore(snapshot, 1, () => new CountsState())[0].Counts.Count;
    }

    [Benchmark]
    public int SystemTextJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, BenchJsonContext.Default.CountsJson);
        return JsonSerializer.Deserialize(bytes, BenchJsonContext.Default.CountsJson)!.Counts.Count;
    }
}

/// <summary>A list of 100k small records (dry: 1k): id, symbol, price, quantity.</summary>
[Config(typeof(SerializerConfig))]
public class RecordListSerializers
{
    public static readonly int Count = Settings.Pick(100_000, 1_000);

    private TradesState generated = null!;
    private TradesMp messagePack = null!;
    private TradesMpNamed messagePackNamed = null!;
    private TradesJson json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trades = ShapeData.Trades(Count);
        generated = new TradesState(trades);
        messagePack = new TradesMp { Trades = ShapeData.TradesMp(trades) };
        messagePackNamed = new TradesMpNamed { Trades = ShapeData.TradesMpNamed(trades) };
        json = new TradesJson { Trades = [.. trades] };
    }

    [Benchmark(Baseline = true)]
    public int MessagePack()
    {
        var bytes = MessagePackSerializer.Serialize(messagePack, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<TradesMp>(bytes, MessagePackSerializerOptions.Standard).Trades.Count;
    }

    [Benchmark]
    public int MessagePackStringKeys()
    {
        var bytes = MessagePackSerializer.Serialize(messagePackNamed, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<TradesMpNamed>(bytes, MessagePackSerializerOptions.Standard).Trades.Count;
    }

    [Benchmark]
    public int Generated()
    {
        var snapshot = CheckpointHarness.Snapshot([generated]);
        return CheckpointHarness.Restore(snapshot, 1, () => new TradesState())[0].Trades.Count;
    }

    [Benchmark]
    public int SystemTextJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, BenchJsonContext.Default.TradesJson);
        return JsonSerializer.Deserialize(bytes, BenchJsonContext.Default.TradesJson)!.Trades.Count;
    }
}

/// <summary>One nested user object graph (one scalar field): owner, address, 1,000 positions of 5 lots each, 1,000 limits (dry: 10 × 2).</summary>
[Config(typeof(SerializerConfig))]
public class ObjectGraphSerializers
{
    public static readonly int Positions = Settings.Pick(1_000, 10);
    public static readonly int LotsPerPosition = Settings.Pick(5, 2);

    private PortfolioState generated = null!;
    private PortfolioMp messagePack = null!;
    private PortfolioMpNamed messagePackNamed = null!;
    private Portfolio json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var portfolio = ShapeData.Portfolio(Positions, LotsPerPosition);
        generated = new PortfolioState(portfolio);
        messagePack = ShapeData.PortfolioMp(portfolio);
        messagePackNamed = ShapeData.PortfolioMpNamed(portfolio);
        json = portfolio;
    }

    [Benchmark(Baseline = true)]
    public int MessagePack()
    {
        var bytes = MessagePackSerializer.Serialize(messagePack, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<PortfolioMp>(bytes, MessagePackSerializerOptions.Standard).Positions.Count;
    }

    [Benchmark]
    public int MessagePackStringKeys()
    {
        var bytes = MessagePackSerializer.Serialize(messagePackNamed, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<PortfolioMpNamed>(bytes, MessagePackSerializerOptions.Standard).Positions.Count;
    }

    [Benchmark]
    public int Generated()
    {
        var snapshot = CheckpointHarness.Snapshot([generated]);
        return CheckpointHarness.Restore(snapshot, 1, () => new PortfolioState())[0].Portfolio!.Positions.Count;
    }

    [Benchmark]
    public int SystemTextJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json, BenchJsonContext.Default.Portfolio);
        return JsonSerializer.Deserialize(bytes, BenchJsonContext.Default.Portfolio)!.Positions.Count;
    }
}

/// <summary>
/// Issue 7, benchmark 3 — cold start: the first snapshot and restore in a fresh process (one process launch per
/// measurement, exactly one invocation), generated formatters against MessagePack's dynamic resolver, which emits
/// its formatters with Reflection.Emit on first use. The object graph is built inside the method from plain data
/// prepared in setup, so neither side's serializer is touched before the measured call.
/// </summary>
[Config(typeof(Config))]
public class ColdStartBenchmarks
{
    private Portfolio portfolio = null!;
    private PortfolioMp messagePack = null!;

    [GlobalSetup]
    public void Setup()
    {
        portfolio = ShapeData.Portfolio(20, 3);
        messagePack = ShapeData.PortfolioMp(portfolio);
    }

    [Benchmark(Baseline = true)]
    public int MessagePackDynamic()
    {
        var bytes = MessagePackSerializer.Serialize(messagePack, MessagePackSerializerOptions.Standard);
        return MessagePackSerializer.Deserialize<PortfolioMp>(bytes, MessagePackSerializerOptions.Standard).Positions.Count;
    }

    [Benchmark]
    public int Generated()
    {
        var snapshot = CheckpointHarness.Snapshot([new PortfolioState(portfolio)]);
        return CheckpointHarness.Restore(snapshot, 1, () => new PortfolioState())[0].Portfolio!.Positions.Count;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            if (!Settings.Dry) AddJob(Jobs.ColdStart);
        }
    }
}
