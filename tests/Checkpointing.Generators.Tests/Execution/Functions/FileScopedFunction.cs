namespace Checkpointing.Generators.Tests.Execution.Functions.FileScoped;

/// <summary>In a file-scoped namespace (the other functions use block namespaces).</summary>
public sealed partial class FileScopedFunction
{
    [Checkpointed] public int Value;
    [Checkpointed] public Queue<string> Work = new();
}
