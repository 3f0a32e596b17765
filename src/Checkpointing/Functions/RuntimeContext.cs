using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Checkpointing;

/// <summary>Where a function instance runs: its subtask, the job, the operator.</summary>
public sealed class RuntimeContext
{
    internal RuntimeContext(string jobName, string operatorUid, int subtaskIndex, int parallelism, int attempt, ILogger logger)
    {
        JobName = jobName;
        OperatorUid = operatorUid;
        SubtaskIndex = subtaskIndex;
        Parallelism = parallelism;
        Attempt = attempt;
        Logger = logger;
    }

    /// <summary>A context for a function not (yet) run by a job.</summary>
    internal static RuntimeContext Detached { get; } = new("", "", 0, 1, 0, NullLogger.Instance);

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The operator's uid, which matches its state in checkpoints.</summary>
    public string OperatorUid { get; }

    /// <summary>This subtask's index, 0-based.</summary>
    public int SubtaskIndex { get; }

    /// <summary>How many parallel subtasks the operator has.</summary>
    public int Parallelism { get; }

    /// <summary>0 on the first run, then 1, 2, … after each restart.</summary>
    public int Attempt { get; }

    /// <summary>A logger for the function.</summary>
    public ILogger Logger { get; }
}
