using System.Text;

namespace Checkpointing.Generators.Emitting;

/// <summary>A small indenting text writer for generated C#: readable output without SyntaxFactory's cost.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', indent * 4).Append(text);
        builder.Append('\n');
        return this;
    }

    public SourceWriter Open(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
        return this;
    }

    public override string ToString() => builder.ToString();
}
