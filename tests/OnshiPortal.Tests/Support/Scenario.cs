using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.Operators;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>Arranges data through the application's own services, as the command line would.</summary>
public static class Scenario
{
    public static async Task<List<InstitutionRecord>> ImportGeneratedAsync(this PortalAppFactory app, int count, int seed = 7)
    {
        var records = InstitutionGenerator.Generate(count, seed).ToList();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InstitutionImporter>()
            .ImportAsync(records, new ImportRequest("test.csv", "UTF-8", Full: false, RunBy: "test"));
        return records;
    }

    /// <summary>
    /// An operator whose password is already their own (the first-login change is tested separately) and who has
    /// an authenticator app (operators must have a second factor): its key is in <see cref="Authenticators"/>, and
    /// <see cref="HttpSession.LogInAsync"/> answers the code. <paramref name="withAuthenticator"/> false gives an
    /// operator who has not set up a second factor yet.
    /// </summary>
    public static async Task<(string Email, string Password)> AddOperatorAsync(this PortalAppFactory app, string role = Roles.Operator, bool keepInitialPassword = false, bool withAuthenticator = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var email = $"op-{Guid.NewGuid():N}@onshi.example";
        var created = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().AddAsync(email, role, "試験 運用者");
        if (!keepInitialPassword)
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var user = await db.Users.FindAsync(created.User.Id);
            user!.MustChangePassword = false;
            await db.SaveChangesAsync();
        }

        if (withAuthenticator)
        {
            await Authenticators.EnrolAsync(app, email);
        }

        return (email, created.OneTimePassword);
    }

    public static string WriteCsv(IEnumerable<InstitutionRecord> records, CsvEncoding encoding = CsvEncoding.Utf8)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("onshi-csv-").FullName, "master.csv");
        using var stream = File.Create(path);
        InstitutionCsv.Write(stream, records, encoding);
        return path;
    }
}
