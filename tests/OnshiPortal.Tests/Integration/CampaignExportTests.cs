using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The command line from targeting to print files, read back as the print shop and the institutions would: the
/// files, the manifest, the checksums, and in the PDFs each letter's text, credential and QR code.
/// </summary>
public abstract class CampaignExportTests : DataTest
{
    private readonly string folder = Directory.CreateTempSubdirectory("onshi-export-").FullName;

    [Fact]
    public async Task Create_issue_and_export_write_sorted_print_files_a_manifest_and_checksums()
    {
        await using var app = await StartAppAsync();
        var records = Records(7);
        await app.ImportAsync(records);

        var create = await app.RunCommandAsync(
            "campaign", "create", "--kind", "unregistered", "--cutoff", "2023-01-15", "--letter-date", "2023-02-03",
            "--name", "令和5年2月 再発送");
        Assert.True(create.ExitCode == 0, create.Error + create.Output);
        Assert.Contains("対象: 7件", create.Output);
        var id = create.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^[0-9]+$", id);

        var issue = await app.RunCommandAsync("campaign", "issue", id);
        Assert.True(issue.ExitCode == 0, issue.Error + issue.Output);
        Assert.Contains("7件を発行しました", issue.Output);

        var export = await app.RunCommandAsync("campaign", "export", id, "--out", folder, "--per-file", "3");
        Assert.True(export.ExitCode == 0, export.Error + export.Output);

        // Three files of at most three letters, the manifests, the checksums; nothing temporary left.
        var pdfs = new[] { $"campaign-{id}-0001.pdf", $"campaign-{id}-0002.pdf", $"campaign-{id}-0003.pdf" };
        Assert.Equal(
            pdfs.Concat([CampaignExport.Checksums, CampaignExport.ManifestShiftJis, CampaignExport.ManifestUtf8]).Order(StringComparer.Ordinal),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([6, 6, 2], pdfs.Select(f => PdfTools.PageCount(Path.Combine(folder, f))));

        // The manifest: one line per letter in postal-code order, never a password; the Shift_JIS copy says the same.
        var manifest = await File.ReadAllLinesAsync(Path.Combine(folder, CampaignExport.ManifestUtf8), TestContext.Current.CancellationToken);
        Assert.Equal("ファイル,ページ,医療機関等コード,名称,郵便番号,仮ID", manifest[0].TrimStart('\uFEFF'));
        var lines = manifest.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(7, lines.Count);
        Assert.Equal(records.Select(r => r.PostalCode).Order(StringComparer.Ordinal), lines.Select(l => l[4]));
        Assert.Equal(["1", "3", "5", "1", "3", "5", "1"], lines.Select(l => l[1]));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var shiftJis = await File.ReadAllLinesAsync(Path.Combine(folder, CampaignExport.ManifestShiftJis), Encoding.GetEncoding(932), TestContext.Current.CancellationToken);
        Assert.Equal(manifest.Select(l => l.TrimStart('\uFEFF')), shiftJis);

        // SHA256SUMS as `sha256sum -c` reads it.
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(folder, CampaignExport.Checksums), TestContext.Current.CancellationToken))
        {
            var (hash, name) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, name), TestContext.Current.CancellationToken))));
        }

        Assert.Equal("OK", PdfTools.Run("sh", "-c", $"cd '{folder}' && sha256sum --quiet -c SHA256SUMS && echo OK").Trim());

        // Each letter: on its page, its name, its login ID and its own password; the QR code opens the login with the ID.
        var passwords = await PasswordsAsync(app, long.Parse(id));
        foreach (var line in lines)
        {
            var (file, page, code, loginId) = (Path.Combine(folder, line[0]), int.Parse(line[1]), line[2], line[5]);
            var front = PdfTools.Compact(PdfTools.Pages(file)[page - 1]);
            Assert.Contains(PdfTools.Compact(records.Single(r => r.Code.Value == code).Name + " 御中"), front);
            Assert.Contains(loginId, front);
            Assert.Contains(passwords[loginId], front);
            Assert.DoesNotContain(passwords[loginId], string.Join(",", manifest));
            Assert.Equal($"http://localhost:5080/login?id={Uri.EscapeDataString(loginId)}", PdfTools.DecodeQr(file, page, folder));
        }
    }

    [Fact]
    public async Task The_letters_print_the_campaign_s_dated_sentences_and_bad_ones_are_refused_changing_nothing()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(2));
        string[] create = ["campaign", "create", "--kind", "unregistered", "--cutoff", "2023-01-15", "--letter-date", "2023-02-03", "--name", "令和9年 ご案内"];

        var empty = await app.RunCommandAsync([.. create, "--transition-sentence", " \n "]);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("経過措置の文を入力してください。", empty.Error);
        var tooLong = await app.RunCommandAsync([.. create, "--enforcement-sentence", new string('あ', 201)]);
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("施行の文は200文字以内にしてください（いま201文字）。", tooLong.Error);
        var unpaired = await app.RunCommandAsync([.. create, "--transition-sentence", "また、**令和9年3月31日時点で"]);
        Assert.Equal(1, unpaired.ExitCode);
        Assert.Contains("経過措置の文の太字の指定（**）が閉じていません", unpaired.Error);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Empty(await db.Set<Campaign>().ToListAsync(TestContext.Current.CancellationToken));
        }

        const string Enforcement = "オンライン資格確認の導入は、令和5年4月1日から原則として義務となっています。";
        const string Transition = "また、**令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。**";
        var created = await app.RunCommandAsync([.. create, "--enforcement-sentence", Enforcement, "--transition-sentence", Transition]);
        Assert.True(created.ExitCode == 0, created.Error + created.Output);
        Assert.Contains($"送付状の経過措置の文: {Transition}", created.Output);
        var id = created.Output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Equal(0, (await app.RunCommandAsync("campaign", "issue", id)).ExitCode);
        var export = await app.RunCommandAsync("campaign", "export", id, "--out", folder);
        Assert.True(export.ExitCode == 0, export.Error + export.Output);

        var front = PdfTools.Compact(PdfTools.Pages(Path.Combine(folder, $"campaign-{id}-0001.pdf"))[0]);
        Assert.Contains(PdfTools.Compact(Enforcement), front);
        Assert.Contains("令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。", front);
        Assert.DoesNotContain("令和4年度末時点", front);
        Assert.DoesNotContain("より施行されます", front);
    }

    [Fact]
    public async Task A_draft_is_not_exported_and_an_unknown_kind_or_date_is_refused_with_the_reason()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(2));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        var draft = await app.RunCommandAsync("campaign", "export", campaign.Id.ToString(), "--out", folder);
        Assert.Equal(1, draft.ExitCode);
        Assert.Contains("まだ発行されていません", draft.Error);
        Assert.Empty(Directory.GetFiles(folder));

        var kind = await app.RunCommandAsync("campaign", "create", "--kind", "everyone", "--cutoff", "2023-01-15", "--letter-date", "2023-02-03", "--name", "x");
        Assert.Equal(1, kind.ExitCode);
        Assert.Contains("--kind「everyone」は不明です", kind.Error);

        var date = await app.RunCommandAsync("campaign", "create", "--kind", "unregistered", "--cutoff", "2023-02-30", "--letter-date", "2023-02-03", "--name", "x");
        Assert.Equal(1, date.ExitCode);
        Assert.Contains("--cutoff「2023-02-30」は日付として正しくありません", date.Error);

        var unknown = await app.RunCommandAsync("campaign", "issue", "999");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("発送ID 999 は見つかりません", unknown.Error);
    }

    private static async Task<Dictionary<string, string>> PasswordsAsync(PortalAppFactory app, long campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seal = scope.ServiceProvider.GetRequiredService<LetterPasswordSeal>();
        await using var db = app.Database.CreateContext();
        return await db.Set<CampaignLetter>().Where(l => l.CampaignId == campaignId && l.LoginId != null)
            .ToDictionaryAsync(l => l.LoginId!, l => seal.Open(l.SealKeyId!, l.LoginId!, l.SealedPassword!));
    }
}

public sealed class CampaignExportTestsOnSqlite : CampaignExportTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignExportTestsOnPostgres : CampaignExportTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
