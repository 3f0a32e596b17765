using System.Buffers;
using System.Text.Json.Nodes;
using Checkpointing.Serialization.Layouts;
using Checkpointing.Snapshots;
using MessagePack;

namespace Checkpointing.StateProcessing;

/// <summary>
/// Units as JSON nodes, read without the job's types. MessagePack values map to their JSON counterparts (binary as
/// base64, timestamps as ISO 8601, other extensions as <c>{"$ext": code, "$data": base64}</c>, a map with keys that
/// are not all strings as a list of <c>[key, value]</c> pairs). Generated types are written positionally; where the
/// layout of a value is known — the units' own type (the first layout of the state) and a scalar field of a generated
/// type (its <c>$layouts</c> entry) — its array becomes an object keyed by the stored member names. Nested objects of
/// other generated types stay arrays: the format does not record which type a nested array is.
/// </summary>
internal static class UnitTree
{
    private const int MaxDepth = 256;

    public static IReadOnlyList<JsonNode?> Read(UnitBlock block, int count, StateShape state)
    {
        var layouts = state.Layouts.ToDictionary(l => l.TypeName, StringComparer.Ordinal);
        var root = state.Layouts.Count > 0 && SameSimpleName(state.Layouts[0].TypeName, state.TypeName) ? state.Layouts[0] : null;
        var scalars = ScalarCheck.IsScalarState(state.Name);
        var result = new JsonNode?[count];
        for (var i = 0; i < count; i++)
        {
            var reader = new MessagePackReader(block.Slice(i, 1));
            result[i] = scalars ? ScalarUnit(ref reader, layouts) : Value(ref reader, root, 0);
        }
        return result;
    }

    /// <summary>A scalar unit: its fields by name, each typed by its <c>$layouts</c> entry when it is a generated type; <c>$types</c> kept as written.</summary>
    private static JsonNode ScalarUnit(ref MessagePackReader reader, Dictionary<string, StoredLayout> layouts)
    {
        if (reader.NextMessagePackType != MessagePackType.Map) return Value(ref reader, null, 0) ?? new JsonObject();
        var count = reader.ReadMapHeader();
        var raw = new List<(string Name, ReadOnlyMemory<byte> Value)>(count);
        Dictionary<string, string>? fieldLayouts = null;
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString() ?? "";
            var value = reader.ReadRaw();
            raw.Add((name, value.First));
            if (name == Serialization.Generated.ScalarUnit.LayoutsKey)
            {
                var names = new MessagePackReader(value);
                fieldLayouts = [];
                var n = names.ReadMapHeader();
                for (var k = 0; k < n; k++) fieldLayouts[names.ReadString() ?? ""] = names.ReadString() ?? "";
            }
        }
        var result = new JsonObject();
        foreach (var (name, value) in raw)
        {
            var layout = fieldLayouts is not null && fieldLayouts.TryGetValue(name, out var layoutName) ? layouts.GetValueOrDefault(layoutName) : null;
            var field = new MessagePackReader(value);
            result[name] = Value(ref field, layout, 1);
        }
        return result;
    }

    private static JsonNode? Value(ref MessagePackReader reader, StoredLayout? layout, int depth)
    {
        if (depth > MaxDepth) throw new CheckpointFormatException($"A unit nests deeper than {MaxDepth} levels; it is not shown.");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? JsonValue.Create(reader.ReadUInt64()) : JsonValue.Create(reader.ReadInt64());
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                return double.IsFinite(number) ? JsonValue.Create(number) : JsonValue.Create(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case MessagePackType.String:
                return JsonValue.Create(reader.ReadString());
            case MessagePackType.Binary:
                return JsonValue.Create(Convert.ToBase64String(reader.ReadBytes()!.Value.ToArray()));
            case MessagePackType.Extension:
                var peek = reader.CreatePeekReader();
                if (peek.ReadExtensionFormatHeader().TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
                    return JsonValue.Create(reader.ReadDateTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                var header = reader.ReadExtensionFormatHeader();
                var data = reader.ReadRaw(header.Length).ToArray();
                return new JsonObject { ["$ext"] = (int)header.TypeCode, ["$data"] = Convert.ToBase64String(data) };
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                if (layout is not null && layout.Members.Count == length)
                {
                    var named = new JsonObject();
                    for (var i = 0; i < length; i++) named[layout.Members[i]] = Value(ref reader, null, depth + 1);
                    return named;
                }
                var array = new JsonArray();
                for (var i = 0; i < length; i++) array.Add(Value(ref reader, null, depth + 1));
                return array;
            case MessagePackType.Map:
                return Map(ref reader, depth);
            default:
                throw new CheckpointFormatException($"A unit holds a MessagePack value of unknown type (code 0x{reader.NextCode:X2}).");
        }
    }

    private static JsonNode Map(ref MessagePackReader reader, int depth)
    {
        var count = reader.ReadMapHeader();
        var pairs = new List<(JsonNode? Key, JsonNode? Value)>(count);
        var allStrings = true;
        for (var i = 0; i < count; i++)
        {
            allStrings &= reader.NextMessagePackType == MessagePackType.String;
            var key = Value(ref reader, null, depth + 1);
            pairs.Add((key, Value(ref reader, null, depth + 1)));
        }
        var keys = allStrings ? pairs.Select(p => p.Key!.GetValue<string>()).ToList() : null;
        if (keys is not null && keys.Distinct(StringComparer.Ordinal).Count() == keys.Count)
        {
            var result = new JsonObject();
            for (var i = 0; i < count; i++) result[keys[i]] = pairs[i].Value;
            return result;
        }
        var list = new JsonArray();
        foreach (var (key, value) in pairs) list.Add((JsonNode)new JsonArray(key, value));
        return list;
    }

    /// <summary>Whether a layout's full name (<c>Shop.Outer+Order`1</c>) and a unit type's readable name (<c>Order&lt;int&gt;</c>) name the same type.</summary>
    private static bool SameSimpleName(string layoutTypeName, string unitTypeName) =>
        string.Equals(Simple(layoutTypeName), Simple(unitTypeName), StringComparison.Ordinal);

    private static string Simple(string name)
    {
        var end = name.IndexOfAny(['<', '`']);
        if (end >= 0) name = name[..end];
        var start = name.LastIndexOfAny(['.', '+']);
        return start >= 0 ? name[(start + 1)..] : name;
    }
}
