namespace Checkpointing.Tool.Output;

/// <summary>Reports progress on the caller's thread, synchronously (<see cref="Progress{T}"/> would post it elsewhere, after the work ended).</summary>
internal sealed class ProgressCallback<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
