using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Fuzz;

/// <summary>
/// Every form of the portal bound with hostile values, through the real pipeline: each field of the form as the page
/// names it gets generated text, posted with the page's antiforgery token. No answer is a 5xx, and nothing is
/// written in part: the tables that only a complete, valid submission changes stay as they were, and every
/// registration link has its mail (issue 14, "Fuzzing"; <see cref="FuzzInputs.Posts"/> posts per form).
/// </summary>
public abstract partial class FormFuzzTests : DataTest
{
    [Fact]
    public async Task Hostile_values_in_every_form_get_no_5xx_and_write_nothing_in_part()
    {
        await using var app = await StartAppAsync();
        app.Settings["RateLimits:PostsPerAddressPerMinute"] = "1000000";
        app.Settings["RateLimits:UploadPostsPerAddressPerMinute"] = "1000000";
        app.Settings["Filings:Deferral:Deadline"] = "2099-12-31"; // the form open, whatever today is
        var (records, institution) = await app.ActivatedInstitutionAsync("fuzz-clinic@example.jp", seed: 149);
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync(Roles.Admin);

        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        await clinic.LogInAsync("fuzz-clinic@example.jp", ActivationScenario.NewPassword, "/mypage");
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var registering = new HttpSession(app.CreateBrowserLikeClient());
        var registrationForm = await RegistrationScenario.OpenFormAsync(app, registering, "fuzz-register@example.jp");
        var token = RegistrationScenario.TokenOf(registrationForm);
        var letter = await app.ReissueAsync(records.First(r => r.ClosedOn is null && r.Code != institution.Code).Code.Value);
        var activating = new HttpSession(app.CreateBrowserLikeClient());
        await activating.TemporaryLogInAsync(letter.LoginId, letter.Password);

        var before = await CountsAsync(app);
        var forms = new (HttpSession Session, string Page, string Post)[]
        {
            (anonymous, "/login", "/login"),
            (anonymous, "/register", "/register"),
            (anonymous, "/account/forgot", "/account/forgot"),
            (registering, $"/register/form?token={Uri.EscapeDataString(token)}", $"/register/form?handler=Check&token={Uri.EscapeDataString(token)}"),
            (registering, $"/register/form?token={Uri.EscapeDataString(token)}", $"/register/form?handler=Lookup&token={Uri.EscapeDataString(token)}"),
            (activating, "/activation?edit=true", "/activation?handler=Check"),
            (clinic, "/account/password", "/account/password"),
            (clinic, "/account/email", "/account/email"),
            (clinic, "/mypage/succession", "/mypage/succession?handler=Check"),
            (clinic, "/mypage/deferral", "/mypage/deferral?handler=Check"),
            (clinic, "/mypage/vendors", "/mypage/vendors"),
            (desk, "/operator/news/write", "/operator/news/write"),
            (desk, "/operator/news/associations", "/operator/news/associations"),
            (desk, $"/operator/institutions/{institution.Code.Value}/password-reset", $"/operator/institutions/{institution.Code.Value}/password-reset"),
        };

        var values = FuzzInputs.Samples(FuzzInputs.HostileText, FuzzInputs.Posts * 4);
        var posted = 0;
        foreach (var (session, pagePath, postPath) in forms)
        {
            var (page, html) = await session.GetAsync(pagePath);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{pagePath}: {page.StatusCode}");
            var fields = FieldNames(html);
            Assert.True(fields.Count > 0, $"{pagePath} has no form fields");
            for (var n = 0; n < FuzzInputs.Posts; n++)
            {
                var form = fields.Select((name, i) => new KeyValuePair<string, string>(name, values[((n * 7) + (i * 13)) % values.Count])).ToList();
                var (response, _) = await session.PostFormAsync(postPath, html, form);
                Assert.True((int)response.StatusCode < 500, $"{postPath} answered {(int)response.StatusCode} to {string.Join("&", form.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"))}\n{app.ServerErrors.Last}");
                posted++;
            }
        }

        Assert.Equal(forms.Length * FuzzInputs.Posts, posted);
        Assert.Equal(before, await CountsAsync(app));
        await using var db = app.Database.CreateContext();
        var links = await db.Set<RegistrationLink>().Select(l => l.Email).ToListAsync(TestContext.Current.CancellationToken);
        var mailed = await db.Set<OutboxMessage>().Select(m => m.To).ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(links, email => Assert.Contains(email, mailed));
    }

    /// <summary>The names of a page's form fields (not the token: a post without it is refused before binding).</summary>
    private static List<string> FieldNames(string html) =>
        [.. FieldPattern().Matches(html).Select(m => m.Groups[1].Value).Where(n => n != "__RequestVerificationToken").Distinct()];

    /// <summary>
    /// Rows that no fuzzed form may add: accounts, filings and credentials need entries no generator guesses (a
    /// password, a letter, a valid date in the period), so any change here would be a write that got past the checks.
    /// (A notice draft or a registration link may be a valid submission and is not counted.)
    /// </summary>
    private static async Task<string> CountsAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        return string.Join(", ",
            $"users {await db.Users.CountAsync()}",
            $"institutions {await db.Institutions.CountAsync()}",
            $"filings {await db.Set<Filing>().CountAsync()}",
            $"self-registrations {await db.Set<SelfRegistration>().CountAsync()}",
            $"credentials {await db.Set<TemporaryCredential>().CountAsync()}",
            $"invitations {await db.Set<OnshiPortal.Features.People.Invitation>().CountAsync()}",
            $"delegations {await db.Set<OnshiPortal.Features.Vendors.VendorDelegation>().CountAsync()}");
    }

    [GeneratedRegex("<(?:input|textarea|select)[^>]*\\sname=\"([^\"]+)\"")]
    private static partial Regex FieldPattern();
}

public sealed class FormFuzzTestsOnSqlite : FormFuzzTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class FormFuzzTestsOnPostgres : FormFuzzTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
