using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Web;

// One program, two faces: with a verb (`import`, `operators`, ...) it is the operator's command line,
// without one it serves the portal. Both share the configuration, the services and the database.
var isCommand = PortalCommandLine.IsCommand(args);

// ---- Configuration and services
var builder = WebApplication.CreateBuilder(PortalConfiguration.BuilderOptions(isCommand ? [] : args));
builder.Configuration.AddBuiltSettings(builder.Environment.EnvironmentName);
builder.UseBuildAssetsOutsideDevelopment();
if (isCommand)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration[PortalServices.CommandLineMode] = "true";
}

builder.AddPortal();
var app = builder.Build();

// ---- Command line
if (isCommand)
{
    return await PortalCommandLine.InvokeAsync(app.Services, args);
}

// ---- HTTP pipeline (the database is migrated and seeded before it starts: Infrastructure/Data/DatabaseStartup.cs)
app.UsePortal();
await app.RunAsync();
return 0;

public partial class Program;
