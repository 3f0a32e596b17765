using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Checkpointing.Orleans.Tests;

/// <summary><see cref="ClusterScaling"/>: the parallelism it gives for a number of silos, and the settings it refuses where the job is registered.</summary>
public sealed class ClusterScalingTests
{
    [Theory]
    [InlineData(2, 1, 32_768, 3, 6)]
    [InlineData(2, 1, 32_768, 2, 4)]
    [InlineData(3, 4, 32_768, 1, 4)]
    [InlineData(3, 1, 7, 5, 7)]
    [InlineData(1, 1, 32_768, 0, 1)]
    [InlineData(20_000, 1, 32_768, 2, 32_768)]
    public void The_parallelism_is_subtasks_per_silo_times_active_silos_within_the_bounds(int perSilo, int min, int max, int silos, int expected) =>
        Assert.Equal(expected, new ClusterScaling { SubtasksPerSilo = perSilo, MinParallelism = min, MaxParallelism = max, SavepointDirectory = "/x" }.ParallelismFor(silos));

    [Theory]
    [InlineData(-1, 1, 10, 1, "/shared/savepoints", "SubtasksPerSilo is -1")]
    [InlineData(2, 0, 10, 1, "/shared/savepoints", "MinParallelism is 0")]
    [InlineData(2, 5, 4, 1, "/shared/savepoints", "MaxParallelism (4) is below MinParallelism (5)")]
    [InlineData(2, 1, 40_000, 1, "/shared/savepoints", "MaxParallelism is 40000")]
    [InlineData(2, 1, 10, -1, "/shared/savepoints", "SettleDelay is -00:00:01")]
    [InlineData(2, 1, 10, 1, null, "SavepointDirectory is not set")]
    [InlineData(2, 1, 10, 1, "savepoints", "SavepointDirectory 'savepoints' is not a full path")]
    public void Registering_a_job_with_scaling_that_cannot_work_says_which_setting_and_which_job(int perSilo, int min, int max, int settleSeconds, string? savepoints, string expected)
    {
        var scaling = new ClusterScaling { SubtasksPerSilo = perSilo, MinParallelism = min, MaxParallelism = max, SettleDelay = TimeSpan.FromSeconds(settleSeconds), SavepointDirectory = savepoints };

        var error = Assert.Throws<ArgumentException>(() => Host.CreateEmptyApplicationBuilder(new()).UseOrleans(silo => silo.AddCheckpointingJob("orders", () => new StreamExecutionEnvironment(), scaling)));

        Assert.Contains("ClusterScaling of job 'orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("scaling", error.ParamName);
    }

    [Fact]
    public void Fixed_is_the_default_and_needs_no_savepoint_directory()
    {
        Assert.False(ClusterScaling.Fixed.FollowsSilos);
        Assert.False(new ClusterScaling().FollowsSilos);
        var host = Host.CreateEmptyApplicationBuilder(new());
        host.UseOrleans(silo => silo
            .AddCheckpointingJob("fixed", () => new StreamExecutionEnvironment())
            .AddCheckpointingJob("also-fixed", () => new StreamExecutionEnvironment(), new ClusterScaling { SettleDelay = TimeSpan.FromSeconds(-1) }));
        Assert.Contains(host.Services, s => s.ImplementationInstance is JobRegistration { JobName: "fixed", Scaling.FollowsSilos: false });
        Assert.Contains(host.Services, s => s.ImplementationInstance is JobRegistration { JobName: "also-fixed", Scaling.FollowsSilos: false });
    }
}
