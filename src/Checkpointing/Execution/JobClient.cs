using Checkpointing.Execution;

namespace Checkpointing;

/// <summary>A running job: take savepoints, stop or cancel it, await its end.</summary>
public sealed class JobClient
{
    private readonly JobRunner runner;

    internal JobClient(JobRunner runner, Task<JobResult> completion)
    {
        this.runner = runner;
        Completion = completion;
    }

    /// <summary>The job's name.</summary>
    public string JobName => runner.JobName;

    /// <summary>The id of the latest completed checkpoint or savepoint, 0 if none yet.</summary>
    public long LatestCheckpointId => runner.LatestCheckpointId;

    /// <summary>The parallelism of the attempt that runs now, waiting while one starts or restarts; null once the job has ended (see <see cref="JobRunner.RunningParallelismAsync"/>).</summary>
    internal Task<int?> RunningParallelismAsync(CancellationToken cancellationToken) => runner.RunningParallelismAsync(cancellationToken);

    /// <summary>Completes with the result when the job ends; faults only when it failed beyond its restart strategy.</summary>
    public Task<JobResult> Completion { get; }

    /// <summary>Takes a savepoint into a new folder inside <paramref name="directory"/> (created if missing) and returns its path. The job keeps running.</summary>
    public Task<string> TriggerSavepointAsync(string directory) => runner.SavepointAsync(directory, stop: false);

    /// <summary>
    /// Takes a savepoint, then stops the job: records emitted after the savepoint's snapshot are not passed on, so a
    /// job restored from it continues exactly where the savepoint left off. Returns the savepoint's path.
    /// </summary>
    public async Task<string> StopWithSavepointAsync(string directory)
    {
        var path = await runner.SavepointAsync(directory, stop: true).ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        return path;
    }

    /// <summary>Cancels the job (no final checkpoint) and waits until it has ended.</summary>
    public async Task CancelAsync()
    {
        runner.Cancel();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch
        {
            // The job's own failure is reported by Completion; cancelling only waits for the end.
        }
    }
}
