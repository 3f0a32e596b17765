using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Parsing;

/// <summary>How the generator names a type: in generated code, in messages, in file names and in generated identifiers.</summary>
internal static class SymbolNames
{
    private static readonly SymbolDisplayFormat FullName = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat ShortName = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>The short name for messages (<c>List&lt;int&gt;</c>).</summary>
    public static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(ShortName);

    /// <summary>
    /// The name generated code uses, fully qualified and without nullable annotations, so the composed formatter
    /// types always agree.
    /// </summary>
    public static string Qualified(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(FullName);

    /// <summary><c>System.Collections.Generic.List`1</c>: namespace, containing types and metadata name.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var t = type.ContainingType; t is not null; t = t.ContainingType) name = t.MetadataName + "+" + name;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    /// <summary>The name of a user type's generated formatter class, unique within the generated file.</summary>
    public static string UserTypeId(INamedTypeSymbol type)
    {
        var builder = new System.Text.StringBuilder("Formatter_");
        foreach (var c in Qualified(type).Replace("global::", ""))
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        return builder.ToString();
    }
}
