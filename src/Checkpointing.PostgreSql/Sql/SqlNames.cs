using System.Text;

namespace Checkpointing.PostgreSql;

/// <summary>
/// Identifiers and literals as SQL text. Values never go through here: they travel as parameters or binary COPY
/// fields. Names of tables and columns cannot be parameters, so they are quoted (every <c>"</c> doubled), which makes
/// any string a name and never SQL.
/// </summary>
internal static class SqlNames
{
    /// <summary><paramref name="name"/> as a quoted identifier: <c>"a""b"</c> for <c>a"b</c>.</summary>
    public static string Quote(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException($"The SQL name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character, which PostgreSQL does not allow in names.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A table name, schema-qualified when <paramref name="schema"/> is given: <c>"s"."t"</c>.</summary>
    public static string Table(string? schema, string table) => schema is null ? Quote(table) : Quote(schema) + "." + Quote(table);

    /// <summary>
    /// A string literal for the few statements PostgreSQL takes no parameters in (<c>PREPARE TRANSACTION 'gid'</c>):
    /// every <c>'</c> doubled, standard-conforming strings assumed (the default since PostgreSQL 9.1).
    /// </summary>
    public static string Literal(string value)
    {
        if (value.Contains('\\', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"'{value}' may not be used as a literal here: it contains a backslash or NUL.", nameof(value));
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quoted names joined by commas.</summary>
    public static string List(IEnumerable<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(Quote(name));
        }
        return text.ToString();
    }
}
