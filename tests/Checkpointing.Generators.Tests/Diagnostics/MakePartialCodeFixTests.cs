using Checkpointing.Generators.Tests.Infrastructure;

namespace Checkpointing.Generators.Tests.Diagnostics;

public class MakePartialCodeFixTests
{
    [Fact]
    public Task Adds_partial_after_the_other_modifiers() => MakePartialTest.Run("""
        public sealed class {|CKPT101:Source|}
        {
            [Checkpointed] public long Offset;
        }
        """, """
        public sealed partial class Source
        {
            [Checkpointed] public long Offset;
        }
        """);

    [Fact]
    public Task Adds_partial_to_a_class_without_modifiers_and_its_containing_type() => MakePartialTest.Run("""
        static class {|CKPT101:Outer|}
        {
            /// <summary>Keeps its comment.</summary>
            class {|CKPT101:Inner|}
            {
                [Checkpointed] public long Offset;
            }
        }
        """, """
        static partial class Outer
        {
            /// <summary>Keeps its comment.</summary>
            partial class Inner
            {
                [Checkpointed] public long Offset;
            }
        }
        """);

    [Fact]
    public Task Works_on_records() => MakePartialTest.Run("""
        public record {|CKPT101:State|}(int Id)
        {
            [Checkpointed] public long Offset;
        }
        """, """
        public partial record State(int Id)
        {
            [Checkpointed] public long Offset;
        }
        """);
}
