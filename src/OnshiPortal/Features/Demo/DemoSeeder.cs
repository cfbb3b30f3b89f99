using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.Operators;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Demo;

/// <summary>
/// Fills an empty database with synthetic institutions and one operator, so that a fresh checkout shows a
/// working portal. The operator's password is written once to the console, never to the log.
/// </summary>
public sealed class DemoSeeder(PortalDbContext db, InstitutionImporter importer, OperatorAccounts operators, TemporaryCredentials credentials, IOptions<DemoOptions> options)
{
    public const int Seed = 20230201;

    public async Task SeedIfEmptyAsync(TextWriter console)
    {
        if (await db.Institutions.AnyAsync() || await db.Users.AnyAsync())
        {
            return;
        }

        var demo = options.Value;
        var records = InstitutionGenerator.Generate(demo.Institutions, Seed).ToList();
        await importer.ImportAsync(records, new ImportRequest("demo", "generated", Full: false, RunBy: "demo"));
        var added = await operators.AddAsync(demo.OperatorEmail, Roles.Admin, "デモ運用者");

        // One letter's login, so that activation (flow 1) can be tried at once.
        var letter = records.First(r => r.ClosedOn is null);
        var issued = await credentials.IssueAsync(letter.Code.Value, "demo");
        await db.SaveChangesAsync();

        await console.WriteLineAsync($"""

            ==== OnshiPortal demo data ====
            {records.Count} synthetic institutions were created.
            Operator login (shown once; you will be asked to choose your own password):
              e-mail:   {added.User.Email}
              password: {added.OneTimePassword}
            A direct-mail letter's temporary login for {letter.Name} ({letter.Code.Value}), for activation:
              仮ID:       {issued.LoginId}
              仮パスワード: {issued.Password}
            Mails are written to data/mail/ as .eml files.
            ===============================

            """);
    }
}
