using Checkpointing;
using Orleans.Configuration;
using PartitionedSample;

namespace ClusterSample;

/// <summary>What every process of the sample agrees on: the job's definition, the cluster's ids, and the membership settings.</summary>
public static class ClusterSetup
{
    public const string JobName = "cluster-job";
    public const string ServiceId = "checkpointing-cluster-sample";
    public const int Parallelism = 6;
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The line a source subtask prints once it emitted its first record: after a silo's death, the first such line of
    /// the new attempt is when the job produces again (where the cluster benchmark's recovery time ends).
    /// </summary>
    public const string FirstRecordLine = "FIRST RECORD";

    /// <summary>The committed output of the job: the exactly-once file sink's part files.</summary>
    public static string OutputFolder(string work) => Path.Combine(work, "output");

    /// <summary>
    /// The job every silo registers: a partitioned source with checkpointed offsets into the runtime's exactly-once file
    /// sink, checkpointed every 200 ms into a folder every silo shares (on several machines: a shared mount, or the S3
    /// storage). A job grain that reactivates on another silo resumes from the latest complete checkpoint there.
    /// </summary>
    /// <remarks><paramref name="pace"/> is the pause between rounds of records (<see cref="Pace"/> unless given; the cluster benchmark runs it at zero).</remarks>
    public static StreamExecutionEnvironment Define(string work, int partitions, long records, TimeSpan? pace = null)
    {
        var env = new StreamExecutionEnvironment
        {
            Parallelism = Parallelism,
            CheckpointStorage = new FileSystemCheckpointStorage(Path.Combine(work, "checkpoints")),
            CheckpointTimeout = TimeSpan.FromSeconds(30),
            // A silo's death is noticed by a failed call first and by membership a few seconds later: each restart is
            // cheap, so several are allowed in a row.
            RestartStrategy = RestartStrategy.FixedDelay(20, TimeSpan.FromMilliseconds(500)),
        };
        env.EnableCheckpointing(CheckpointInterval);
        env.AddSource(() => new PartitionedCounterSource(partitions, records, pace ?? Pace, () => Console.WriteLine(FirstRecordLine))).Uid("partitioned-source")
           .AddSink(() => new ExactlyOnceFileSink<PartitionOffset>(OutputFolder(work), r => $"{r.Partition},{r.Offset}")).Uid("file-sink");
        return env;
    }

    /// <summary>
    /// Fast death detection, for a demonstration on one machine: Orleans' defaults (5 s probes, 3 missed, a 60 s table
    /// refresh) are tuned for real networks and take tens of seconds to declare a killed silo dead. Here a silo that
    /// misses two 2-second probes is suspected, two votes declare it dead, and every silo rereads the membership table
    /// every 2 seconds, so a SIGKILLed silo is dead within about 5 seconds. Too tight for a loaded network: a slow
    /// silo would be declared dead too.
    /// </summary>
    public static void FastDeathDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
    }
}
