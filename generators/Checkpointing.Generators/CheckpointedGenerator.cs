using System.Linq;
using Checkpointing.Generators.Emitting;
using Checkpointing.Generators.Model;
using Checkpointing.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Checkpointing.Generators;

/// <summary>
/// Implements <c>ICheckpointedFunction</c> for every partial class with <c>[Checkpointed]</c> fields, and registers
/// formatters for the unit types of hand-written state. Symbols are turned into value-equatable models right away, so
/// an edit that does not change a class's model regenerates nothing. Usage errors are reported by
/// <see cref="Diagnostics.CheckpointedUsageAnalyzer"/>; for an invalid class this generator just emits nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CheckpointedGenerator : IIncrementalGenerator
{
    /// <summary>Names of the tracked pipeline steps, for incremental tests.</summary>
    public static class TrackingNames
    {
        public const string Fields = "CheckpointedFields";
        public const string Properties = "CheckpointedAutoProperties";
        public const string Registrations = "HandWrittenStateRegistrations";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // [Checkpointed] on fields. Each class is parsed once: from its first checkpointed member.
        var fromFields = context.SyntaxProvider.ForAttributeWithMetadataName(
                CheckpointedMembers.AttributeMetadataName,
                static (node, _) => node is VariableDeclaratorSyntax,
                static (ctx, ct) => ctx.TargetSymbol is IFieldSymbol field ? ParseFromFirst(field, ctx.SemanticModel.Compilation, ct) : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Fields);

        // [field: Checkpointed] on auto-properties: the attribute belongs to the backing field, which the attribute
        // index does not see. The syntax filter only keeps properties with a field-targeted attribute list (no names:
        // an alias of the attribute must be found too); the backing field's attributes are then matched as symbols.
        var fromProperties = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is PropertyDeclarationSyntax property && HasFieldTargetedAttributes(property),
                static (ctx, ct) =>
                {
                    if (ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is not IPropertySymbol property) return null;
                    var backing = property.ContainingType.GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
                    return backing is null ? null : ParseFromFirst(backing, ctx.SemanticModel.Compilation, ct);
                })
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Properties);

        var registrations = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax { BaseList: not null } and (ClassDeclarationSyntax or RecordDeclarationSyntax),
                static (ctx, ct) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is INamedTypeSymbol type
                    ? RegistrationParser.Parse(type, ctx.Node, WellKnownTypes.For(ctx.SemanticModel.Compilation), ct)
                    : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Registrations);

        context.RegisterSourceOutput(fromFields, static (spc, model) => spc.AddSource(model.HintName, SourceText.From(ClassEmitter.Emit(model), System.Text.Encoding.UTF8)));
        context.RegisterSourceOutput(fromProperties, static (spc, model) => spc.AddSource(model.HintName, SourceText.From(ClassEmitter.Emit(model), System.Text.Encoding.UTF8)));
        context.RegisterSourceOutput(registrations, static (spc, model) => spc.AddSource(model.HintName, SourceText.From(RegistrationEmitter.Emit(model), System.Text.Encoding.UTF8)));
    }

    private static ClassModel? ParseFromFirst(IFieldSymbol field, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var known = WellKnownTypes.For(compilation);
        var members = CheckpointedMembers.Of(field.ContainingType, known);
        if (members.Count == 0 || !SymbolEqualityComparer.Default.Equals(members[0].Field, field)) return null;
        return ClassParser.Parse(field.ContainingType, known, diagnostics: null, cancellationToken);
    }

    private static bool HasFieldTargetedAttributes(PropertyDeclarationSyntax property)
    {
        foreach (var list in property.AttributeLists)
            if (list.Target?.Identifier.Text == "field") return true;
        return false;
    }
}
