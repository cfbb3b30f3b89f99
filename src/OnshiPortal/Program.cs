using OnshiPortal.Features.Demo;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;

// One program, two faces: with a verb (`import`, `operators`, ...) it is the operator's command line,
// without one it serves the portal. Both share the configuration, the services and the database.
var isCommand = PortalCommandLine.IsCommand(args);

// ---- Configuration and services
var builder = WebApplication.CreateBuilder(isCommand ? [] : args);
builder.Configuration.AddBuiltSettings(builder.Environment.EnvironmentName);
if (isCommand)
{
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.AddPortal();
var app = builder.Build();

// ---- Command line
if (isCommand)
{
    return await PortalCommandLine.InvokeAsync(app.Services, args);
}

// ---- Database: migrated on start only for the embedded default (or when told to); demo data when empty
await app.PrepareDatabaseAsync();

// ---- HTTP pipeline
app.UsePortal();
await app.RunAsync();
return 0;

public partial class Program;
