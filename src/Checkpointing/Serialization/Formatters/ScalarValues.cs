using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Checkpointing.Serialization.Formatters;

/// <summary>
/// Values that are one MessagePack scalar (no array or map inside): the primitives and strings held by MessagePack's
/// own built-in formatters. A composite of such values (a dictionary entry of <c>string</c> and <c>long</c>) cannot
/// nest, so it needs no depth step, and its value-type parts are read and written with the call their built-in
/// formatter makes (the same bytes), without an interface call: the type tests are constants per instantiation.
/// </summary>
internal static class ScalarValues
{
    /// <summary>Whether <paramref name="formatter"/> is MessagePack's built-in formatter of a primitive or a string.</summary>
    public static bool Is<T>(IMessagePackFormatter<T> formatter) => formatter is
        Int64Formatter or Int32Formatter or Int16Formatter or SByteFormatter or UInt64Formatter or UInt32Formatter or UInt16Formatter
        or ByteFormatter or DoubleFormatter or SingleFormatter or BooleanFormatter or CharFormatter or NullableStringFormatter;

    /// <summary>Reads a value that <see cref="Is{T}"/> said is a scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Read<T>(ref MessagePackReader reader, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options)
    {
        if (typeof(T) == typeof(long))
        {
            var value = reader.ReadInt64();
            return Unsafe.As<long, T>(ref value);
        }
        if (typeof(T) == typeof(int))
        {
            var value = reader.ReadInt32();
            return Unsafe.As<int, T>(ref value);
        }
        if (typeof(T) == typeof(double))
        {
            var value = reader.ReadDouble();
            return Unsafe.As<double, T>(ref value);
        }
        return formatter.Deserialize(ref reader, options);
    }

    /// <summary>Writes a value that <see cref="Is{T}"/> said is a scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write<T>(ref MessagePackWriter writer, T value, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options)
    {
        if (typeof(T) == typeof(long)) writer.Write(Unsafe.As<T, long>(ref value));
        else if (typeof(T) == typeof(int)) writer.Write(Unsafe.As<T, int>(ref value));
        else if (typeof(T) == typeof(double)) writer.Write(Unsafe.As<T, double>(ref value));
        else formatter.Serialize(ref writer, value, options);
    }
}
