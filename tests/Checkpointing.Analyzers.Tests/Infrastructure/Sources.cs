namespace Checkpointing.Analyzers.Tests.Infrastructure;

/// <summary>Source templates shared by the tests.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Concurrent;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Checkpointing;

        """;

    /// <summary>A source with one field of every shape the mutation tests need; <paramref name="body"/> is Run's body.</summary>
    public static string InRun(string body, string members = "") => $$"""
        public struct Point { public int X; public void Move() { X++; } public readonly int Peek() => X; public int Look() => X; }
        public sealed class Box { public int Value; public int Prop { get; set; } }
        public record Pos(long Offset, int Partition);
        public static class PointExtensions { public static void Bump(this ref Point p) => p.X++; public static int Read(this in Point p) => p.X; }

        public sealed partial class Source : RichParallelSourceFunction<long>
        {
            [Checkpointed] private long offset;
            [Checkpointed] private int count;
            [Checkpointed] private string? name;
            [Checkpointed] private List<long> items = new();
            [Checkpointed] private Dictionary<string, long> map = new();
            [Checkpointed] private ConcurrentDictionary<string, long> concurrent = new();
            [Checkpointed] private HashSet<long> set = new();
            [Checkpointed] private Queue<long> queue = new();
            [Checkpointed] private long[] array = new long[4];
            [Checkpointed] private Point point;
            [Checkpointed] private Box box = new();
            [Checkpointed] private Pos pos = new(0, 0);
            [Checkpointed] private (long A, long B) pair;
            private long notState;
            private volatile bool running = true;

            public override void Run(ISourceContext<long> ctx)
            {
                {{body}}
            }

            public override void Cancel() => running = false;

            private ref long OffsetRef() => ref offset;
            private static void SetOut(out long value) => value = 1;
            private static void ReadIn(in long value) { }
            private static void ReadRefReadonly(ref readonly long value) { }
            {{members}}
        }
        """;

    /// <summary>A bare partial source class with two checkpointed fields; <paramref name="members"/> supplies Run, Cancel and the rest.</summary>
    public static string Class(string members, string bases = "RichParallelSourceFunction<long>") => $$"""
        public sealed partial class Fn : {{bases}}
        {
            [Checkpointed] private long offset;
            [Checkpointed] private List<long> items = new();
            private volatile bool running = true;

            {{members}}
        }
        """;

    public const string EmptyRunAndCancel = "public override void Run(ISourceContext<long> ctx) { } public override void Cancel() { running = false; }";
}
