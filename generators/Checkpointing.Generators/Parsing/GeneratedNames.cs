using System.Text;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>
/// Names of the files and classes generated for one user type. They start from the type's CLR metadata name
/// (<c>Ns.Outer+Inner`1</c>), in which nesting (<c>+</c>) differs from a namespace (<c>.</c>): class <c>B</c> nested in
/// class <c>A</c> and class <c>B</c> in namespace <c>A</c> get different names, where joining both with dots gave one.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>A hint name such as <c>Ns.Outer+Inner.g.cs</c> or <c>Outer+Window`1.Registration.g.cs</c>.</summary>
    public static string HintName(INamedTypeSymbol type, string suffix = ".g.cs") => SymbolNames.MetadataName(type) + suffix;

    /// <summary>
    /// The metadata name as part of an identifier: letters and digits kept, a nesting <c>+</c> becomes <c>__</c>, any
    /// other character (<c>.</c>, <c>`</c>) <c>_</c> — <c>Ns_Outer__Inner</c>, <c>A_B</c> for namespace <c>A</c>, <c>A__B</c> for nesting.
    /// </summary>
    public static string Identifier(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        foreach (var c in SymbolNames.MetadataName(type))
            builder.Append(char.IsLetterOrDigit(c) ? c.ToString() : c == '+' ? "__" : "_");
        return builder.ToString();
    }
}
