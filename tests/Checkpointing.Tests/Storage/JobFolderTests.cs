namespace Checkpointing.Tests.Storage;

public class JobFolderTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("job:with*odd?chars")]
    public void A_job_name_never_leads_outside_the_storage_root(string jobName)
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        var path = storage.CheckpointPath(jobName, 1);
        var jobFolder = Path.GetDirectoryName(path)!;
        Assert.Equal(folder.Path, Path.GetDirectoryName(Path.GetFullPath(jobFolder)));
        Assert.Equal("chk-1", Path.GetFileName(path));
    }

    [Fact]
    public void Distinct_ordinary_job_names_get_distinct_folders()
    {
        using var folder = new TempFolder();
        var storage = new FileSystemCheckpointStorage(folder.Path);
        Assert.NotEqual(storage.CheckpointPath("orders", 1), storage.CheckpointPath("payments", 1));
    }
}
