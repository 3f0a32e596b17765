using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

// Tuples as MessagePack arrays of their items (the standard resolver's layout). Arity 1 to 7: an eighth item
// would be a nested "Rest" tuple, which the generator reports as unsupported instead.

/// <summary><c>ValueTuple</c> of 1 item(s).</summary>
public sealed class ValueTupleFormatter<T1>(IMessagePackFormatter<T1> f1) : IMessagePackFormatter<ValueTuple<T1>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(1);
        f1.Serialize(ref writer, value.Item1, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 1);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            return new ValueTuple<T1>(item1);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 1 item(s).</summary>
public sealed class TupleFormatter<T1>(IMessagePackFormatter<T1> f1) : IMessagePackFormatter<Tuple<T1>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(1);
        f1.Serialize(ref writer, value.Item1, options);
    }

    /// <inheritdoc />
    public Tuple<T1> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 1);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            return new Tuple<T1>(item1);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 2 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2) : IMessagePackFormatter<ValueTuple<T1, T2>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 2);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2>(item1, item2);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 2 item(s).</summary>
public sealed class TupleFormatter<T1, T2>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2) : IMessagePackFormatter<Tuple<T1, T2>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(2);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 2);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            return new Tuple<T1, T2>(item1, item2);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 3 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2, T3>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3) : IMessagePackFormatter<ValueTuple<T1, T2, T3>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(3);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 3);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2, T3>(item1, item2, item3);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 3 item(s).</summary>
public sealed class TupleFormatter<T1, T2, T3>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3) : IMessagePackFormatter<Tuple<T1, T2, T3>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2, T3> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(3);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2, T3> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 3);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            return new Tuple<T1, T2, T3>(item1, item2, item3);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 4 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2, T3, T4>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(4);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 4);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2, T3, T4>(item1, item2, item3, item4);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 4 item(s).</summary>
public sealed class TupleFormatter<T1, T2, T3, T4>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4) : IMessagePackFormatter<Tuple<T1, T2, T3, T4>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2, T3, T4> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(4);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2, T3, T4> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 4);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            return new Tuple<T1, T2, T3, T4>(item1, item2, item3, item4);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 5 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(5);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 5);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2, T3, T4, T5>(item1, item2, item3, item4, item5);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 5 item(s).</summary>
public sealed class TupleFormatter<T1, T2, T3, T4, T5>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5) : IMessagePackFormatter<Tuple<T1, T2, T3, T4, T5>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2, T3, T4, T5> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(5);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2, T3, T4, T5> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 5);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            return new Tuple<T1, T2, T3, T4, T5>(item1, item2, item3, item4, item5);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 6 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5, IMessagePackFormatter<T6> f6) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(6);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
        f6.Serialize(ref writer, value.Item6, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5, T6> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 6);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            var item6 = f6.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2, T3, T4, T5, T6>(item1, item2, item3, item4, item5, item6);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 6 item(s).</summary>
public sealed class TupleFormatter<T1, T2, T3, T4, T5, T6>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5, IMessagePackFormatter<T6> f6) : IMessagePackFormatter<Tuple<T1, T2, T3, T4, T5, T6>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2, T3, T4, T5, T6> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(6);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
        f6.Serialize(ref writer, value.Item6, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2, T3, T4, T5, T6> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 6);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            var item6 = f6.Deserialize(ref reader, options);
            return new Tuple<T1, T2, T3, T4, T5, T6>(item1, item2, item3, item4, item5, item6);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>ValueTuple</c> of 7 item(s).</summary>
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5, IMessagePackFormatter<T6> f6, IMessagePackFormatter<T7> f7) : IMessagePackFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7> value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(7);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
        f6.Serialize(ref writer, value.Item6, options);
        f7.Serialize(ref writer, value.Item7, options);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5, T6, T7> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        TupleReading.Header(ref reader, 7);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            var item6 = f6.Deserialize(ref reader, options);
            var item7 = f7.Deserialize(ref reader, options);
            return new ValueTuple<T1, T2, T3, T4, T5, T6, T7>(item1, item2, item3, item4, item5, item6, item7);
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary><c>Tuple</c> of 7 item(s).</summary>
public sealed class TupleFormatter<T1, T2, T3, T4, T5, T6, T7>(IMessagePackFormatter<T1> f1, IMessagePackFormatter<T2> f2, IMessagePackFormatter<T3> f3, IMessagePackFormatter<T4> f4, IMessagePackFormatter<T5> f5, IMessagePackFormatter<T6> f6, IMessagePackFormatter<T7> f7) : IMessagePackFormatter<Tuple<T1, T2, T3, T4, T5, T6, T7>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, Tuple<T1, T2, T3, T4, T5, T6, T7> value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.WriteArrayHeader(7);
        f1.Serialize(ref writer, value.Item1, options);
        f2.Serialize(ref writer, value.Item2, options);
        f3.Serialize(ref writer, value.Item3, options);
        f4.Serialize(ref writer, value.Item4, options);
        f5.Serialize(ref writer, value.Item5, options);
        f6.Serialize(ref writer, value.Item6, options);
        f7.Serialize(ref writer, value.Item7, options);
    }

    /// <inheritdoc />
    public Tuple<T1, T2, T3, T4, T5, T6, T7> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        TupleReading.Header(ref reader, 7);
        options.Security.DepthStep(ref reader);
        try
        {
            var item1 = f1.Deserialize(ref reader, options);
            var item2 = f2.Deserialize(ref reader, options);
            var item3 = f3.Deserialize(ref reader, options);
            var item4 = f4.Deserialize(ref reader, options);
            var item5 = f5.Deserialize(ref reader, options);
            var item6 = f6.Deserialize(ref reader, options);
            var item7 = f7.Deserialize(ref reader, options);
            return new Tuple<T1, T2, T3, T4, T5, T6, T7>(item1, item2, item3, item4, item5, item6, item7);
        }
        finally
        {
            reader.Depth--;
        }
    }
}
