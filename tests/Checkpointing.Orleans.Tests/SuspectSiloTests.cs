using Checkpointing.Execution;
using Checkpointing.Orleans.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Checkpointing.Orleans.Tests;

/// <summary>
/// A SIGKILLed silo is unreachable at once but declared dead by membership only after its probes fail, and a restart
/// can come first. A silo whose call failed as unreachable is a suspect: the attempt running there fails with its
/// calls to it abandoned, the next attempt leaves it out although membership still lists it as active, and it comes
/// back once it answers a probe. (An in-process silo that is killed is declared dead at once, so the failed call is
/// injected here; the multi-process test kills a real process.)
/// </summary>
public sealed class SuspectSiloTests
{
    [Fact]
    public async Task A_silo_whose_call_failed_as_unreachable_is_left_out_of_placement_until_it_answers_a_probe()
    {
        using var folder = new TempDirectory();
        var job = Jobs.Define("suspects", folder.Path, 6, 100, new JobProbe(), parallelism: 6);
        await using var cluster = new TestClusterBuilder(3).AddSiloBuilderConfigurator<Jobs>().Build();
        await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var primary = (InProcessSiloHandle)cluster.Primary!;
        var membership = primary.SiloHost.Services.GetRequiredService<IClusterMembershipService>();
        var grains = primary.SiloHost.Services.GetRequiredService<IGrainFactory>();
        await using var workers = new ClusterWorkers(job.Name, 1, primary.SiloAddress, membership, grains, NullLogger.Instance);
        var settings = job.Environment().Freeze(job.Name);
        var events = new RecordingEvents();
        var suspect = cluster.Silos.First(s => s != cluster.Primary).SiloAddress;

        var first = workers.Create(settings, 0, events, NullLogger.Instance);
        Assert.Equal(3, first.Count);
        workers.Suspect(suspect, new SiloUnavailableException("injected: the connection to the silo was refused"));

        // The attempt on the suspect fails, and a call to it ends at once instead of waiting on the silo.
        Assert.Contains(events.Failures, e => e.Message.Contains(suspect.ToString(), StringComparison.Ordinal));
        var onSuspect = first.Cast<RemoteWorker>().Single(w => w.Silo == suspect.ToParsableString());
        await Assert.ThrowsAsync<RemoteSubtaskException>(() => onSuspect.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        // Membership still lists it as active; the next attempt leaves it out.
        Assert.Equal(SiloStatus.Active, membership.CurrentSnapshot.GetSiloStatus(suspect));
        var second = workers.Create(settings, 1, events, NullLogger.Instance);
        Assert.Equal(2, second.Count);
        Assert.DoesNotContain(second.Cast<RemoteWorker>(), w => w.Silo == suspect.ToParsableString());

        // The silo is alive: it answers a probe and takes part again.
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            while (workers.IsSuspect(suspect)) await Task.Delay(100, limit.Token);
        Assert.Equal(3, workers.Create(settings, 2, events, NullLogger.Instance).Count);

        // A worker's own error answer says nothing about its silo's reachability.
        workers.Suspect(suspect, new InvalidOperationException("the worker does not run that attempt"));
        Assert.False(workers.IsSuspect(suspect));
    }

    private sealed class RecordingEvents : IWorkerEvents
    {
        private readonly List<Exception> failures = [];

        public IReadOnlyList<Exception> Failures
        {
            get
            {
                lock (failures) return [.. failures];
            }
        }

        public void SubtaskFinished(SubtaskId subtask)
        {
        }

        public void SubtaskFailed(SubtaskId subtask, Exception error) => WorkerFailed(error);

        public void SubtaskEmitsWithoutLock(SubtaskId subtask, string sourceUid)
        {
        }

        public void WorkerFailed(Exception error)
        {
            lock (failures) failures.Add(error);
        }
    }
}
