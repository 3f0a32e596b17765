using Checkpointing.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Checkpointing.Generators.Emitting;

/// <summary>Fully qualified names the generated code uses, and literal helpers.</summary>
internal static class Names
{
    public const string Formatters = "global::Checkpointing.Serialization.Formatters";
    public const string Generated = "global::Checkpointing.Serialization.Generated";
    public const string Layouts = "global::Checkpointing.Serialization.Layouts";
    public const string IFormatter = "global::MessagePack.Formatters.IMessagePackFormatter";
    public const string Writer = "global::MessagePack.MessagePackWriter";
    public const string Reader = "global::MessagePack.MessagePackReader";
    public const string Options = "global::MessagePack.MessagePackSerializerOptions";
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Checkpointing.Generators\", \"0.1.0\")]";
    public const string NeverBrowsable = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>An identifier usable in code even when it is a keyword (<c>@class</c>).</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The runtime's enum member; a value the enum does not define falls back to its default, as the runtime does.</summary>
    public static string Mode(Redistribution mode) => "global::Checkpointing.Redistribution." + mode switch
    {
        Redistribution.Union => nameof(Redistribution.Union),
        Redistribution.Broadcast => nameof(Redistribution.Broadcast),
        _ => nameof(Redistribution.EvenSplit),
    };
}
