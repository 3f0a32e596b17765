namespace Checkpointing.Package.Tests.Infrastructure;

/// <summary>Where the repository is, and which configuration this test run was built in (bin/&lt;Configuration&gt;/net10.0).</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) return dir.FullName;
        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }
}
