using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Web;

// One program, two faces: with a verb (`import`, `operators`, ...) it is the operator's command line,
// without one it serves the portal. Both share the configuration, the services and the database.
var isCommand = PortalCommandLine.IsCommand(args);

// ---- Command line (the host is built when a command first needs its services, and disposed after: an import's
// read of the file is under way on the other cores by then, and help needs no host at all)
if (isCommand)
{
    return await PortalCommandLine.InvokeAsync(() => BuildPortal(args, isCommand), args);
}

// ---- HTTP pipeline (the database is migrated and seeded before it starts: Infrastructure/Data/DatabaseStartup.cs)
var app = BuildPortal(args, isCommand);
app.UsePortal();
await app.RunAsync();
return 0;

// ---- Configuration and services
static WebApplication BuildPortal(string[] args, bool isCommand)
{
    var builder = WebApplication.CreateBuilder(PortalConfiguration.BuilderOptions(isCommand ? [] : args));
    builder.Configuration.AddBuiltSettings(builder.Environment.EnvironmentName);
    builder.UseBuildAssetsOutsideDevelopment();
    if (isCommand)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration[PortalServices.CommandLineMode] = "true";
    }

    builder.AddPortal();
    return builder.Build();
}

public partial class Program;
