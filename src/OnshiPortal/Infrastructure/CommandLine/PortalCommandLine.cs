using System.CommandLine;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Operators;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.CommandLine;

/// <summary>
/// The operator's command line (<c>onshi VERB ...</c>): the same program as the portal, on the same configuration
/// and database. Each feature contributes its verbs.
/// </summary>
public static class PortalCommandLine
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?", "--version"];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Verbs(null!).Any(v => v.Name == args[0]) || HelpFlags.Contains(args[0]));

    /// <summary>Runs <c>onshi ARGS</c> on services that are already there (a test's app).</summary>
    public static Task<int> InvokeAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        InvokeAsync(new CommandContext(() => services, ConsoleOf(output, error)), args);

    /// <summary>
    /// Runs <c>onshi ARGS</c> with the host built when the command first asks for a service, not before: parsing and
    /// the action start at once (an import begins to read its file while the host is built), help and a mistyped
    /// option need no host. The host, if built, is disposed when the command is done.
    /// </summary>
    public static async Task<int> InvokeAsync(Func<IHost> buildHost, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var host = new Lazy<IHost>(buildHost);
        try
        {
            return await InvokeAsync(new CommandContext(() => host.Value.Services, ConsoleOf(output, error)), args);
        }
        finally
        {
            if (host.IsValueCreated)
            {
                if (host.Value is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
                else
                {
                    host.Value.Dispose();
                }
            }
        }
    }

    private static CommandConsole ConsoleOf(TextWriter? output, TextWriter? error) =>
        new(output ?? System.Console.Out, error ?? System.Console.Error);

    private static async Task<int> InvokeAsync(CommandContext context, string[] args)
    {
        var root = new RootCommand("OnshiPortal: オンライン資格確認 医療機関等向けポータルサイトの運用コマンド");
        foreach (var verb in Verbs(context))
        {
            root.Add(verb);
        }

        var configuration = new InvocationConfiguration { Output = context.Console.Out, Error = context.Console.Error };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private static IEnumerable<Command> Verbs(CommandContext context) =>
    [
        DatabaseCommands.Create(context),
        InstitutionCommands.Create(context),
        OperatorCommands.Create(context),
        CredentialCommands.Create(context),
        CampaignCommands.Create(context),
        Features.Subsidy.Payments.PaymentCommands.Create(context),
        Scheduling.SchedulerCommands.Create(context),
        Features.PostalLetters.PostCommands.Create(context),
    ];
}

/// <summary>Where a command writes: standard output and error, or a test's writers.</summary>
public sealed record CommandConsole(TextWriter Out, TextWriter Error);

/// <summary>
/// What every command's action needs: a scope of the app's services per run, and the console. The services are asked
/// for on first use: the command line's host is built then, once, whichever thread asks first
/// (<see cref="PortalCommandLine.InvokeAsync(Func{IHost}, string[], TextWriter?, TextWriter?)"/> holds it).
/// </summary>
public sealed class CommandContext(Func<IServiceProvider> services, CommandConsole console)
{
    public IServiceProvider Services => services();

    public CommandConsole Console { get; } = console;

    /// <param name="migrateFirst">
    /// With the embedded SQLite default the schema is brought up to date first, as the portal does on start, so that
    /// a command on a fresh folder works; on PostgreSQL that is `db migrate`'s job alone.
    /// </param>
    /// <param name="credentialKey">
    /// False for a command that never hashes or seals a temporary credential (the master's import): it does not read
    /// and decrypt the key ring it would not use, a third of a second of an import's start.
    /// </param>
    public async Task<int> RunAsync(Func<IServiceProvider, Task<int>> action, bool migrateFirst = true, bool credentialKey = true)
    {
        await using var scope = Services.CreateAsyncScope();
        try
        {
            if (migrateFirst && scope.ServiceProvider.GetRequiredService<DatabaseOptions>().ShouldMigrateOnStart)
            {
                // Only when a migration is pending: EF's own check compares the whole model with the snapshot, which was
                // a sixth of an `institutions import` of 250,000 rows. `db migrate` still runs that check.
                await scope.ServiceProvider.GetRequiredService<PortalDbContext>().MigrateIfBehindAsync();
            }

            if (migrateFirst && credentialKey)
            {
                // As a node does on start (DatabaseStartup): the credential key made outside the command's transactions.
                scope.ServiceProvider.GetRequiredService<CredentialKeyRing>().TryPrepare();
            }

            return await action(scope.ServiceProvider);
        }
        catch (CommandFailedException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}

/// <summary>A failure the operator can act on: its message is printed alone, without a stack trace.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
