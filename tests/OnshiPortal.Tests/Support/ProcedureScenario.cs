using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>The procedures of the road, filed over HTTP on the engine's form, decided by the operator's service.</summary>
public static class ProcedureScenario
{
    public const string Reviewer = "reviewer@shiharai.example.jp";

    public static Dictionary<string, string?> ServiceApplication(int terminals = 2, string plannedMonth = "2027-04") => new()
    {
        ["Values[lineType]"] = "光回線（フレッツ光等のIP-VPN接続）",
        ["Values[customerId]"] = "CAF1234567890",
        ["Values[plannedMonth]"] = plannedMonth,
        ["Values[terminals]"] = terminals.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Values[vendorName]"] = "株式会社オンライン資格システムズ",
        ["Values[vendorContact]"] = "山田 次郎",
        ["Values[vendorPhone]"] = "03-5555-0101",
        ["Values[vendorEmail]"] = "support@vendor.example.jp",
    };

    public static Dictionary<string, string?> CardReaders(int quantity) => new()
    {
        ["Values[quantity]"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Values[deliveryName]"] = "さくら内科クリニック",
        ["Values[postalCode]"] = "100-0001",
        ["Values[address]"] = "東京都千代田区千代田1-1",
        ["Values[recipient]"] = "事務長 佐藤 花子",
        ["Values[phone]"] = "03-1234-5678",
    };

    public static Dictionary<string, string?> Certificate(int terminal, string place = "受付1") => new()
    {
        ["Values[terminal]"] = terminal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Values[terminalName]"] = place,
    };

    public static Dictionary<string, string?> OperationStart(string date) => new() { ["Values[startDate]"] = date };

    /// <summary>The form, then its check page; returns the check page's HTML (or the form again with its errors).</summary>
    public static async Task<(bool Checking, string Html)> CheckProcedureAsync(this HttpSession session, string slug, Dictionary<string, string?> values)
    {
        var (opened, form) = await session.GetAsync($"/mypage/procedures/{slug}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var (response, html) = await session.PostAsync($"/mypage/procedures/{slug}?handler=Check", form, values);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (html.Contains("上記の内容で確定する", StringComparison.Ordinal), html);
    }

    /// <summary>Files a procedure from the logged-in institution; returns the receipt number.</summary>
    public static async Task<string> FileProcedureAsync(this HttpSession session, string slug, Dictionary<string, string?> values)
    {
        var (checking, check) = await session.CheckProcedureAsync(slug, values);
        Assert.True(checking, check);
        return FilingScenario.ReceiptOf((await session.ConfirmAsync($"/mypage/procedures/{slug}", check)).Response);
    }

    /// <summary>受理 by the operator's service; fails the test on a refusal.</summary>
    public static async Task AcceptAsync(this WebApplicationFactory<Program> app, string receipt)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = await IdOfAsync(scope.ServiceProvider, receipt);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<FilingService>().AcceptAsync(id, Reviewer));
    }

    /// <summary>A step after 受理 by the operator (発送済, 発行済); returns the refusal, null when done.</summary>
    public static async Task<string?> FulfilAsync(this WebApplicationFactory<Program> app, string receipt, FilingState to, string? note = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var id = await IdOfAsync(scope.ServiceProvider, receipt);
        return await scope.ServiceProvider.GetRequiredService<FilingService>().FulfilAsync(id, to, Reviewer, null, note);
    }

    /// <summary>File and accept a 利用申請 with <paramref name="terminals"/> terminals; returns its receipt.</summary>
    public static async Task<string> AcceptedServiceApplicationAsync(this WebApplicationFactory<Program> app, HttpSession session, int terminals = 2)
    {
        var receipt = await session.FileProcedureAsync("service-application", ServiceApplication(terminals));
        await app.AcceptAsync(receipt);
        return receipt;
    }

    /// <summary>A check post with files under each document's field (multipart), with the page's antiforgery token.</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> PostDocumentsAsync(
        this HttpSession session, string url, string pageHtml, IDictionary<string, string?> fields, params (string Document, string Name, byte[] Content)[] files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            content.Add(new StringContent(value!), key);
        }

        content.Add(new StringContent(HttpSession.TokenIn(pageHtml)), "__RequestVerificationToken");
        if (pageHtml.Contains("name=\"Draft\"", StringComparison.Ordinal))
        {
            content.Add(new StringContent(HttpSession.HiddenValue(pageHtml, "Draft")), "Draft");
        }

        foreach (var (document, name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            content.Add(file, "Documents." + document, name);
        }

        var response = await session.Client.PostAsync(url, content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static Task<long> IdOfAsync(IServiceProvider services, string receipt) =>
        services.GetRequiredService<PortalDbContext>().Set<Filing>().Where(f => f.ReceiptNumber == receipt).Select(f => f.Id).SingleAsync();
}
