using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Generation;

/// <summary>Awkward but legal user code: the generated code must compile without a single warning.</summary>
public class CompileCleanTests
{
    [Fact]
    public void Keywords_generic_constraints_and_awkward_member_names_compile_cleanly()
    {
        var (_, result) = GeneratorRun.Run("""
            using System;
            using System.Collections.Generic;
            using Checkpointing;

            namespace Demo.Weird
            {
                public sealed record Entry(string value, int count)
                {
                    public string? writer { get; set; }
                    public int result { get; init; }
                    public Dictionary<string, Entry>? defaults { get; set; }
                }

                public readonly struct Reading
                {
                    public Reading(double value, DateTime at) { this.value = value; this.at = at; }
                    public readonly double value;
                    public readonly DateTime at;
                }

                public partial class Processor<T, TKey> where T : class, new() where TKey : struct, IComparable<TKey>
                {
                    [Checkpointed] private long @class;
                    [Checkpointed] private string? @event;
                    [Checkpointed] private List<T> context = new();
                    [Checkpointed] private Dictionary<TKey, Entry> scalars = new();
                    [Checkpointed] private Reading? values;
                    [Checkpointed(Merge = nameof(units))] private T? info;
                    [Checkpointed] private (int, (string, T?)) nested;

                    private static T? units(IReadOnlyList<T?> all) => all.Count > 0 ? all[0] : null;

                    public int Touch() => (int)@class + (@event?.Length ?? 0) + context.Count + scalars.Count + (values is null ? 0 : 1) + (info is null ? 0 : 1) + nested.Item1;
                }
            }
            """);
        Assert.Single(result.Results.Single().GeneratedSources);
    }
}
