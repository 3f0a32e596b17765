using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Checkpointing.Analyzers.Locks;

/// <summary>
/// Calls that park the thread without releasing a Monitor: sleeping, and waiting synchronously for a task or thread.
/// (Monitor.Wait is not among them: it releases the lock while it waits.)
/// </summary>
internal static class BlockingCalls
{
    /// <summary>The display text of the blocking call, or null.</summary>
    public static string? Describe(IOperation op)
    {
        switch (op)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                var type = method.ContainingType?.OriginalDefinition?.ToDisplayString();
                return (type, method.Name) switch
                {
                    ("System.Threading.Thread", "Sleep" or "Join") => "Thread." + method.Name,
                    ("System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>", "Wait") => "Task.Wait",
                    ("System.Threading.Tasks.Task", "WaitAll" or "WaitAny") => "Task." + method.Name,
                    ("System.Runtime.CompilerServices.TaskAwaiter" or "System.Runtime.CompilerServices.TaskAwaiter<TResult>", "GetResult") => "GetAwaiter().GetResult()",
                    ("System.Threading.SpinWait", "SpinUntil") => "SpinWait.SpinUntil",
                    ("System.Threading.ManualResetEventSlim" or "System.Threading.SemaphoreSlim" or "System.Threading.CountdownEvent" or "System.Threading.WaitHandle", "Wait" or "WaitOne") => method.ContainingType!.Name + "." + method.Name,
                    _ => null,
                };
            }
            case IPropertyReferenceOperation { Property.Name: "Result" } property
                when property.Property.ContainingType?.OriginalDefinition?.ToDisplayString() == "System.Threading.Tasks.Task<TResult>":
                return "Task.Result";
            default:
                return null;
        }
    }
}
