namespace Checkpointing.Samples.Tests;

/// <summary>Each sample runs briefly and must end with a passing verification line. One class: samples share temp folders, so they run one at a time.</summary>
public class SampleSmokeTests
{
    [Theory]
    [InlineData("--parallelism", "2", "--records", "50000", "--failures", "2")]
    [InlineData("--parallelism", "3", "--records", "50000", "--failures", "1", "--generated")]
    [InlineData("--parallelism", "2", "--records", "50000", "--failures", "1", "--s3")]
    public async Task CounterSource_recovers_and_verifies_exactly_once(params string[] args)
    {
        var (exitCode, output) = await SampleRunner.RunAsync("CounterSource", args);
        var verify = SampleRunner.VerificationLine(output);
        var records = 50_000L * int.Parse(args[1]);
        Assert.Equal($"VERIFY records committed {records}, lost 0, duplicated 0: OK", verify);
        Assert.Equal(0, exitCode);
        Assert.Contains("restart(s)", output);
    }

    [Fact]
    public async Task PartitionedCounter_rescales_without_loss_and_shows_the_pitfall()
    {
        var (exitCode, output) = await SampleRunner.RunAsync("PartitionedCounter");
        Assert.Equal("VERIFY partitions 8, records committed 3200, lost 0, duplicated 0: OK", SampleRunner.VerificationLine(output));
        Assert.Equal(0, exitCode);
        Assert.Contains("parallelism 3: Stopped", output);
        Assert.Contains("CheckpointRestoreException", output);
        Assert.Matches(@"lost [1-9]\d*, duplicated \d+|lost \d+, duplicated [1-9]\d*", output);
    }

    [Fact]
    public async Task AotRoundTrip_restores_generated_state_identically()
    {
        var (exitCode, output) = await SampleRunner.RunAsync("AotRoundTrip");
        Assert.Equal("VERIFY round trip OK", SampleRunner.VerificationLine(output));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task FilesToPostgres_commits_each_csv_line_once_through_failures_and_a_rescale()
    {
        // Starts its own private PostgreSQL server (eng/ci/install-postgres.sh installs the programs).
        var (exitCode, output) = await SampleRunner.RunAsync("FilesToPostgres", "--files", "6", "--lines", "2000");
        Assert.Equal("VERIFY rows 12000, lost 0, duplicated 0: OK", SampleRunner.VerificationLine(output));
        Assert.Equal(0, exitCode);
        Assert.Contains("Run 1 at parallelism 3: Stopped", output);
        Assert.Contains("Run 2 at parallelism 2: Finished", output);
    }

    [Fact]
    public async Task KafkaPipeline_moves_every_record_once_through_failures_and_a_rescale()
    {
        // Runs on librdkafka's in-process mock cluster: no broker needed.
        var (exitCode, output) = await SampleRunner.RunAsync("KafkaPipeline", "--records", "12000");
        Assert.Equal("VERIFY records 12000, lost 0, duplicated 0: OK", SampleRunner.VerificationLine(output));
        Assert.Equal(0, exitCode);
        Assert.Contains("Run 1 (parallelism 3): Stopped", output);
        Assert.Contains("Run 2 (parallelism 2): Finished", output);
    }

    [Fact]
    public async Task ClusterJob_recovers_from_a_SIGKILLed_silo_and_rescales_onto_a_new_one_exactly_once()
    {
        // Starts a private redis-server (eng/ci/install-redis.sh installs it) and four silo processes, all killed by the sample.
        var (exitCode, output) = await SampleRunner.RunAsync("ClusterJob");
        Assert.Equal("VERIFY partitions 12, records committed 48000, lost 0, duplicated 0: OK", SampleRunner.VerificationLine(output));
        Assert.Equal(0, exitCode);
        Assert.Matches(@"KILL silo-\d \(pid \d+\) with SIGKILL", output);
        Assert.Matches(@"Recovered .* placement silo-\d 3 subtasks, silo-\d 3 subtasks,", output);
        Assert.Matches(@"Rescaled through savepoint \S+: placement silo-\d 2 subtasks, silo-\d 2 subtasks, silo-4 2 subtasks", output);
    }
}
