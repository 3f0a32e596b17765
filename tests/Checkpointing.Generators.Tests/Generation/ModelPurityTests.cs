using System.Collections;
using System.Reflection;
using Checkpointing.Generators.Model;
using Checkpointing.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>
/// The incremental model must hold only values: a symbol, syntax node, location or compilation kept in it would pin a
/// whole compilation in memory and break caching.
/// </summary>
public class ModelPurityTests
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData)];

    [Fact]
    public void Model_types_declare_no_roslyn_object_members()
    {
        var modelTypes = typeof(CheckpointedGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ClassModel).Namespace && !t.IsEnum).ToList();
        Assert.Contains(typeof(ClassModel), modelTypes);
        foreach (var type in modelTypes)
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Assert.False(Forbidden.Any(f => f.IsAssignableFrom(field.FieldType)), $"{type.Name}.{field.Name} is a {field.FieldType.Name}");
    }

    [Fact]
    public void Produced_models_hold_no_symbol_or_compilation_at_any_depth()
    {
        var (_, result) = GeneratorRun.Run(BaselineCases.Counter, BaselineCases.Hierarchy, BaselineCases.NestedGeneric, BaselineCases.HandWritten);
        var outputs = result.Results.Single().TrackedSteps
            .Where(s => s.Key is CheckpointedGenerator.TrackingNames.Fields or CheckpointedGenerator.TrackingNames.Properties or CheckpointedGenerator.TrackingNames.Registrations)
            .SelectMany(s => s.Value).SelectMany(r => r.Outputs).Select(o => o.Value).ToList();
        Assert.Contains(outputs, o => o is ClassModel);
        Assert.Contains(outputs, o => o is RegistrationModel);

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var output in outputs) Walk(output, "model", visited);
        Assert.True(visited.Count > 20, "the walk should have visited the nested model");
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(Forbidden.Any(f => f.IsInstanceOfType(value)), $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) Walk(item, $"{path}[{i++}]", visited);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.GetValue(value), $"{path}.{field.Name}", visited);
    }
}
