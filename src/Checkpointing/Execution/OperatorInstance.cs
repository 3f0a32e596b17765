using Checkpointing.Snapshots;

namespace Checkpointing.Execution;

/// <summary>One function instance in a subtask's chain, with the roles the runtime calls it in.</summary>
internal sealed class OperatorInstance(string uid, object function)
{
    public string Uid { get; } = uid;
    public object Function { get; } = function;
    public ICheckpointedFunction? State { get; } = FunctionState.Of(function);
    public ICheckpointListener? Listener { get; } = function as ICheckpointListener;
    public RichFunction? Rich { get; } = function as RichFunction;
}
