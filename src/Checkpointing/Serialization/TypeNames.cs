using System.Text;

namespace Checkpointing.Serialization;

/// <summary>Readable C#-style type names (<c>List&lt;long&gt;</c>), stored with each state so restore errors can name both types.</summary>
internal static class TypeNames
{
    /// <summary>The name of <typeparamref name="T"/>.</summary>
    public static string Of<T>() => Cache<T>.Name;

    /// <summary>The name of <paramref name="type"/>.</summary>
    public static string Of(Type type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static class Cache<T>
    {
        public static readonly string Name = Of(typeof(T));
    }

    private static void Append(StringBuilder builder, Type type)
    {
        if (Keyword(type) is { } keyword) { builder.Append(keyword); return; }
        if (type.IsArray)
        {
            Append(builder, type.GetElementType()!);
            builder.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Append(builder, underlying);
            builder.Append('?');
            return;
        }
        if (type.IsNested && !type.IsGenericParameter)
        {
            Append(builder, type.DeclaringType!);
            builder.Append('.');
        }
        else if (!string.IsNullOrEmpty(type.Namespace) && !type.Namespace.StartsWith("System", StringComparison.Ordinal))
        {
            builder.Append(type.Namespace).Append('.');
        }
        var name = type.Name;
        var tick = name.IndexOf('`');
        builder.Append(tick < 0 ? name : name[..tick]);
        if (!type.IsGenericType) return;
        var arguments = type.GetGenericArguments();
        var own = type.IsNested ? arguments[(type.DeclaringType!.GetGenericArguments().Length)..] : arguments;
        if (own.Length == 0) return;
        builder.Append('<');
        for (var i = 0; i < own.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            Append(builder, own[i]);
        }
        builder.Append('>');
    }

    private static string? Keyword(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => null,
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        TypeCode.Char => "char",
        TypeCode.String => "string",
        _ => type == typeof(object) ? "object" : null,
    };
}
