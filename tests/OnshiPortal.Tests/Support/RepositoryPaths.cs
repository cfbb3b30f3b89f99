namespace OnshiPortal.Tests.Support;

/// <summary>Where the repository and its test artifacts are, found from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    public static string Screenshots => Directory.CreateDirectory(Path.Combine(Artifacts, "screenshots")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnshiPortal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OnshiPortal.slnx not found above " + AppContext.BaseDirectory);
    }
}
