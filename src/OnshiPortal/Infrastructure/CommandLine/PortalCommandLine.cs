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

    public static async Task<int> InvokeAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var console = new CommandConsole(output ?? Console.Out, error ?? Console.Error);
        var root = new RootCommand("OnshiPortal: オンライン資格確認 医療機関等向けポータルサイトの運用コマンド");
        foreach (var verb in Verbs(new CommandContext(services, console)))
        {
            root.Add(verb);
        }

        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
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

/// <summary>What every command's action needs: a scope of the app's services per run, and the console.</summary>
public sealed record CommandContext(IServiceProvider Services, CommandConsole Console)
{
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
