using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.Operators;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Demo;

/// <summary>
/// Fills an empty database with synthetic institutions and one operator, so that a fresh checkout shows a
/// working portal. The operator's password is written once to the console, never to the log.
/// </summary>
public sealed class DemoSeeder(PortalDbContext db, InstitutionImporter importer, OperatorAccounts operators, IOptions<DemoOptions> options)
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

        await console.WriteLineAsync($"""

            ==== OnshiPortal demo data ====
            {records.Count} synthetic institutions were created.
            Operator login (shown once; you will be asked to choose your own password):
              e-mail:   {added.User.Email}
              password: {added.OneTimePassword}
            ===============================

            """);
    }
}
