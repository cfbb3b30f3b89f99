namespace OnshiPortal.Infrastructure.Web;

public static class PortalConfiguration
{
    /// <summary>
    /// The program runs from the repository root (<c>dotnet run --project src/OnshiPortal</c>), so the current folder,
    /// where <c>data/</c> lives, is not where appsettings.json was built to. Read the built copy first, so that the
    /// content root's copy (when there is one), environment variables and arguments still win.
    /// </summary>
    public static void AddBuiltSettings(this ConfigurationManager configuration, string environmentName)
    {
        var contentRoot = Path.GetFullPath(((IConfiguration)configuration)[WebHostDefaults.ContentRootKey] ?? Directory.GetCurrentDirectory());
        var baseDirectory = Path.GetFullPath(AppContext.BaseDirectory);
        if (string.Equals(contentRoot.TrimEnd('/'), baseDirectory.TrimEnd('/'), StringComparison.Ordinal))
        {
            return;
        }

        var built = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(baseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(baseDirectory, $"appsettings.{environmentName}.json"), optional: true)
            .Build();
        var sources = (IList<IConfigurationSource>)((IConfigurationBuilder)configuration).Sources;
        sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = built.AsEnumerable().Where(kv => kv.Value is not null),
        });
    }
}
