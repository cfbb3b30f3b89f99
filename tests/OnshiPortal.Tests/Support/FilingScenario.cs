using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Support;

/// <summary>Steps of flows 3 and 4 (filings) over HTTP, shared by the filing tests.</summary>
public static partial class FilingScenario
{
    /// <summary>1 March 2023 in Japan: before the deferral deadline of the seed.</summary>
    public static readonly DateTimeOffset March2023 = new DateTimeOffset(2023, 3, 1, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    /// <summary>A cookie-keeping client of an app (e.g. one with a clock) that does not follow redirects.</summary>
    public static HttpSession Session(this WebApplicationFactory<Program> app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true }));

    /// <summary>An imported master with one activated institution; returns the master and that institution.</summary>
    public static async Task<(List<InstitutionRecord> Records, InstitutionRecord Institution)> ActivatedInstitutionAsync(this PortalAppFactory app, string email, int seed = 61)
    {
        var records = await app.ImportGeneratedAsync(20, seed);
        var institution = records.First(r => r.ClosedOn is null);
        await app.ActivateAccountAsync(institution.Code.Value, email);
        return (records, institution);
    }

    /// <summary>A valid code of the same 点数表 that the master does not have.</summary>
    public static InstitutionCode NewCodeFor(InstitutionRecord institution, IEnumerable<InstitutionRecord> records)
    {
        var taken = records.Select(r => r.Code.Value).ToHashSet();
        for (var number = 9001; ; number++)
        {
            var code = InstitutionCode.Create(institution.Code.Prefecture, institution.Code.Kind, 99, number);
            if (!taken.Contains(code.Value))
            {
                return code;
            }
        }
    }

    public static Dictionary<string, string?> SuccessionEntries(string newCode) => new()
    {
        ["Input.NewCode"] = newCode,
        ["Input.ValidFrom"] = "2023-04-01",
        ["Input.Reason"] = "incorporation",
        ["Input.ReasonOther"] = string.Empty,
        ["Input.NewName"] = "医療法人さくら会 さくら内科クリニック",
        ["Input.NewFounder"] = "医療法人さくら会 理事長 佐藤 一郎",
        ["Input.NewPostalCode"] = "１００－０００１",
        ["Input.NewAddress"] = "東京都千代田区千代田1-1 さくらビル2階",
        ["Input.ContactPerson"] = "事務長 佐藤 花子",
        ["Input.ContactPhone"] = "03-1234-5678",
    };

    /// <summary>Input page → check page; returns the check page.</summary>
    public static async Task<string> CheckSuccessionAsync(this HttpSession session, Dictionary<string, string?> entries, string query = "")
    {
        var (_, form) = await session.GetAsync("/mypage/succession" + query);
        var (response, check) = await session.PostAsync("/mypage/succession?handler=Check" + query.Replace('?', '&'), form, entries);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(check.Contains("入力内容の確認", StringComparison.Ordinal), check);
        return check;
    }

    /// <summary>上記の内容で確定する on a check page; returns the response (a redirect to the receipt when filed).</summary>
    public static Task<(HttpResponseMessage Response, string Html)> ConfirmAsync(this HttpSession session, string path, string checkHtml, string query = "") =>
        session.PostAsync(path + "?handler=Confirm" + query.Replace('?', '&'), checkHtml, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkHtml, "Draft") });

    /// <summary>The receipt number a confirm redirected to.</summary>
    public static string ReceiptOf(HttpResponseMessage confirmed)
    {
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var match = ReceiptInLocation().Match(confirmed.Headers.Location!.OriginalString);
        Assert.True(match.Success, confirmed.Headers.Location!.OriginalString);
        return match.Groups[1].Value;
    }

    /// <summary>Files a succession from the logged-in institution; returns the receipt number.</summary>
    public static async Task<string> FileSuccessionAsync(this HttpSession session, string newCode)
    {
        var check = await session.CheckSuccessionAsync(SuccessionEntries(newCode));
        return ReceiptOf((await session.ConfirmAsync("/mypage/succession", check)).Response);
    }

    public static async Task<Filing> FilingAsync(this PortalAppFactory app, string receipt)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<Filing>().Include(f => f.Events).Include(f => f.Attachments).AsNoTracking().SingleAsync(f => f.ReceiptNumber == receipt);
    }

    /// <summary>The text of a PDF as pdftotext reads it (poppler-utils, installed by tests/run.sh), white space removed.</summary>
    public static string PdfText(byte[] pdf)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("onshi-pdf-").FullName, "file.pdf");
        File.WriteAllBytes(file, pdf);
        return PdfTools.Compact(PdfTools.Run("pdftotext", "-raw", file, "-"));
    }

    /// <summary>The app at <paramref name="clock"/>'s time, with extra configuration (e.g. a deferral category added).</summary>
    public static WebApplicationFactory<Program> At(this PortalAppFactory app, ManualClock clock, IDictionary<string, string>? settings = null) =>
        app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }

            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        });

    /// <summary>A form post with files (multipart), with the antiforgery token of the page.</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> PostFilesAsync(
        this HttpSession session, string url, string pageHtml, IDictionary<string, string?> fields, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            form.Add(new StringContent(value!), key);
        }

        form.Add(new StringContent(HttpSession.TokenIn(pageHtml)), "__RequestVerificationToken");
        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "attachments", name);
        }

        var response = await session.Client.PostAsync(url, form);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A small but real PDF signature (what the store checks), with a marker to recognise it when served back.</summary>
    public static byte[] Pdf(string marker) => System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + marker + "\n%%EOF\n");

    [GeneratedRegex(@"^/mypage/filings/([A-Z]-\d{4}-\d{6})\?filed=true$")]
    private static partial Regex ReceiptInLocation();
}
