using System.Text.Json.Serialization;
using MessagePack;

namespace Checkpointing.Benchmarks.State;

// The four state shapes of the serializer comparison, three times over: plain types for the generator
// ([Checkpointed] fields of partial classes), [MessagePackObject] types for MessagePack's standard resolver, and
// the plain types again for System.Text.Json (source-generated context). Every variant holds the same values.

/// <summary>A small record: one unit of the "list of small records" shape.</summary>
public sealed record Trade(long Id, string Symbol, double Price, int Quantity);

/// <summary>The nested object graph: a portfolio with an owner, positions, lots and limits.</summary>
public sealed class Portfolio
{
    public string Name { get; set; } = "";
    public Owner Owner { get; set; } = new();
    public List<Position> Positions { get; set; } = [];
    public Dictionary<string, double> Limits { get; set; } = [];
}

public sealed class Owner
{
    public string Name { get; set; } = "";
    public Address Address { get; set; } = new("", "", "");
}

public sealed record Address(string Street, string City, string Country);

public sealed class Position
{
    public string Symbol { get; set; } = "";
    public long Quantity { get; set; }
    public double Cost { get; set; }
    public List<Lot> Lots { get; set; } = [];
}

public sealed record Lot(long Id, double Price, int Quantity, long AcquiredAt);

// ---- Generated: the state classes whose SnapshotState/RestoreState the generator writes. ----

public sealed partial class LongListState
{
    [Checkpointed] public List<long> Values;

    public LongListState() => Values = [];

    public LongListState(List<long> values) => Values = values;
}

public sealed partial class CountsState
{
    [Checkpointed] public Dictionary<string, long> Counts;

    public CountsState() => Counts = [];

    public CountsState(Dictionary<string, long> counts) => Counts = counts;
}

public sealed partial class TradesState
{
    [Checkpointed] public List<Trade> Trades;

    public TradesState() => Trades = [];

    public TradesState(List<Trade> trades) => Trades = trades;
}

public sealed partial class PortfolioState
{
    [Checkpointed] public Portfolio? Portfolio;

    public PortfolioState() { }

    public PortfolioState(Portfolio portfolio) => Portfolio = portfolio;
}

// ---- MessagePack: equivalent [MessagePackObject] types, integer keys (MessagePack's recommended, fastest layout). ----

[MessagePackObject]
public sealed class LongListMp
{
    [Key(0)] public List<long> Values { get; set; } = [];
}

[MessagePackObject]
public sealed class CountsMp
{
    [Key(0)] public Dictionary<string, long> Counts { get; set; } = [];
}

[MessagePackObject]
public sealed class TradeMp
{
    [Key(0)] public long Id { get; set; }
    [Key(1)] public string Symbol { get; set; } = "";
    [Key(2)] public double Price { get; set; }
    [Key(3)] public int Quantity { get; set; }
}

[MessagePackObject]
public sealed class TradesMp
{
    [Key(0)] public List<TradeMp> Trades { get; set; } = [];
}

[MessagePackObject]
public sealed class PortfolioMp
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public OwnerMp Owner { get; set; } = new();
    [Key(2)] public List<PositionMp> Positions { get; set; } = [];
    [Key(3)] public Dictionary<string, double> Limits { get; set; } = [];
}

[MessagePackObject]
public sealed class OwnerMp
{
    [Key(0)] public string Name { get; set; } = "";
    [Key(1)] public AddressMp Address { get; set; } = new();
}

[MessagePackObject]
public sealed class AddressMp
{
    [Key(0)] public string Street { get; set; } = "";
    [Key(1)] public string City { get; set; } = "";
    [Key(2)] public string Country { get; set; } = "";
}

[MessagePackObject]
public sealed class PositionMp
{
    [Key(0)] public string Symbol { get; set; } = "";
    [Key(1)] public long Quantity { get; set; }
    [Key(2)] public double Cost { get; set; }
    [Key(3)] public List<LotMp> Lots { get; set; } = [];
}

[MessagePackObject]
public sealed class LotMp
{
    [Key(0)] public long Id { get; set; }
    [Key(1)] public double Price { get; set; }
    [Key(2)] public int Quantity { get; set; }
    [Key(3)] public long AcquiredAt { get; set; }
}

// ---- MessagePack with string keys: the same map-keyed-by-member-name layout the generator writes. ----

[MessagePackObject(keyAsPropertyName: true)]
public sealed class TradeMpNamed
{
    public long Id { get; set; }
    public string Symbol { get; set; } = "";
    public double Price { get; set; }
    public int Quantity { get; set; }
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class TradesMpNamed
{
    public List<TradeMpNamed> Trades { get; set; } = [];
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class PortfolioMpNamed
{
    public string Name { get; set; } = "";
    public OwnerMpNamed Owner { get; set; } = new();
    public List<PositionMpNamed> Positions { get; set; } = [];
    public Dictionary<string, double> Limits { get; set; } = [];
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class OwnerMpNamed
{
    public string Name { get; set; } = "";
    public AddressMpNamed Address { get; set; } = new();
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class AddressMpNamed
{
    public string Street { get; set; } = "";
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class PositionMpNamed
{
    public string Symbol { get; set; } = "";
    public long Quantity { get; set; }
    public double Cost { get; set; }
    public List<LotMpNamed> Lots { get; set; } = [];
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class LotMpNamed
{
    public long Id { get; set; }
    public double Price { get; set; }
    public int Quantity { get; set; }
    public long AcquiredAt { get; set; }
}

// ---- System.Text.Json: the plain types, through a source-generated context (its fastest mode). ----

public sealed class LongListJson
{
    public List<long> Values { get; set; } = [];
}

public sealed class CountsJson
{
    public Dictionary<string, long> Counts { get; set; } = [];
}

public sealed class TradesJson
{
    public List<Trade> Trades { get; set; } = [];
}

[JsonSerializable(typeof(LongListJson))]
[JsonSerializable(typeof(CountsJson))]
[JsonSerializable(typeof(TradesJson))]
[JsonSerializable(typeof(Portfolio))]
public sealed partial class BenchJsonContext : JsonSerializerContext;

/// <summary>Deterministic test data for every shape and every variant.</summary>
public static class ShapeData
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "ORCL", "IBM", "SAP"];

    public static List<long> Longs(int count)
    {
        var list = new List<long>(count);
        // Values of every MessagePack integer width, like real offsets and counters.
        for (var i = 0; i < count; i++) list.Add((long)i * 7919 % 5_000_000_000L);
        return list;
    }

    public static Dictionary<string, long> Counts(int count)
    {
        var map = new Dictionary<string, long>(count);
        for (var i = 0; i < count; i++) map["key-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)] = i * 31L;
        return map;
    }

    public static List<Trade> Trades(int count)
    {
        var list = new List<Trade>(count);
        for (var i = 0; i < count; i++) list.Add(new Trade(i, Symbols[i % Symbols.Length], 100 + i % 1000 * 0.25, i % 500));
        return list;
    }

    public static List<TradeMp> TradesMp(IEnumerable<Trade> trades) =>
        [.. trades.Select(t => new TradeMp { Id = t.Id, Symbol = t.Symbol, Price = t.Price, Quantity = t.Quantity })];

    public static List<TradeMpNamed> TradesMpNamed(IEnumerable<Trade> trades) =>
        [.. trades.Select(t => new TradeMpNamed { Id = t.Id, Symbol = t.Symbol, Price = t.Price, Quantity = t.Quantity })];

    public static Portfolio Portfolio(int positions, int lotsPerPosition)
    {
        var p = new Portfolio
        {
            Name = "Global Macro Fund",
            Owner = new Owner { Name = "Ada Lovelace", Address = new Address("12 St James's Square", "London", "UK") },
        };
        for (var i = 0; i < positions; i++)
        {
            var position = new Position { Symbol = Symbols[i % Symbols.Length] + "." + i, Quantity = i * 10L, Cost = i * 1.5 };
            for (var l = 0; l < lotsPerPosition; l++)
                position.Lots.Add(new Lot(i * 1000L + l, 50 + l * 0.5, l + 1, 1_700_000_000_000L + i * 60_000L + l));
            p.Positions.Add(position);
            p.Limits["limit-" + i] = i * 0.01;
        }
        return p;
    }

    public static PortfolioMp PortfolioMp(Portfolio p) => new()
    {
        Name = p.Name,
        Owner = new OwnerMp { Name = p.Owner.Name, Address = new AddressMp { Street = p.Owner.Address.Street, City = p.Owner.Address.City, Country = p.Owner.Address.Country } },
        Positions = [.. p.Positions.Select(x => new PositionMp
        {
            Symbol = x.Symbol, Quantity = x.Quantity, Cost = x.Cost,
            Lots = [.. x.Lots.Select(l => new LotMp { Id = l.Id, Price = l.Price, Quantity = l.Quantity, AcquiredAt = l.AcquiredAt })],
        })],
        Limits = new Dictionary<string, double>(p.Limits),
    };

    public static PortfolioMpNamed PortfolioMpNamed(Portfolio p) => new()
    {
        Name = p.Name,
        Owner = new OwnerMpNamed { Name = p.Owner.Name, Address = new AddressMpNamed { Street = p.Owner.Address.Street, City = p.Owner.Address.City, Country = p.Owner.Address.Country } },
        Positions = [.. p.Positions.Select(x => new PositionMpNamed
        {
            Symbol = x.Symbol, Quantity = x.Quantity, Cost = x.Cost,
            Lots = [.. x.Lots.Select(l => new LotMpNamed { Id = l.Id, Price = l.Price, Quantity = l.Quantity, AcquiredAt = l.AcquiredAt })],
        })],
        Limits = new Dictionary<string, double>(p.Limits),
    };
}
