using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Features.Campaigns;

public sealed record CampaignExportResult(string Location, IReadOnlyList<ExportedFile> Files, int Letters);

/// <summary>
/// Writes a campaign's issued letters as print files: PDFs of at most N letters each in postal-code order (the order
/// the post office sorts by, for the barcode discount), a manifest per letter in UTF-8 and Shift_JIS, and SHA256SUMS,
/// into a target (a folder, or the database's file store for the back office's job) that publishes them all together
/// or none. An export taken over from a node that died keeps the files that node completed when its plan (the
/// letters and their order) is unchanged, so every letter is in the output exactly once either way.
/// </summary>
public sealed class CampaignExport(
    PortalDbContext db,
    LetterPasswordSeal seal,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    PublicAddress publicAddress,
    IOptions<CallCentreContact> callCentre,
    PortalMetrics metrics,
    TimeProvider clock)
{
    public const string ManifestUtf8 = "manifest.csv";
    public const string ManifestShiftJis = "manifest-sjis.csv";
    public const string Checksums = "SHA256SUMS";

    /// <summary>Exports into a folder (the command line).</summary>
    public async Task<CampaignExportResult> ExportAsync(
        long campaignId, string directory, int lettersPerFile, string exportedBy, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var target = new FolderExportTarget(directory);
        return await ExportAsync(campaignId, target, lettersPerFile, exportedBy, progress, cancellationToken);
    }

    public async Task<CampaignExportResult> ExportAsync(
        long campaignId, IExportTarget target, int lettersPerFile, string exportedBy, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(lettersPerFile, 1);
        using var span = PortalMetrics.Tracing.StartActivity("campaign.export");
        span?.SetTag("onshi.campaign.id", campaignId);
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
            ?? throw new CampaignNotFoundException(campaignId);
        if (campaign.State == CampaignState.Draft)
        {
            throw new CampaignStateException($"発送ID {campaignId} はまだ発行されていません。先に発行してください。");
        }

        // Every letter prints the portal's address as its QR code: none is made with one that leads nowhere.
        if (publicAddress.Problem is { } unpublished)
        {
            throw new CampaignStateException(unpublished);
        }

        var rows = await LoadAsync(campaign, cancellationToken);
        if (rows.Count == 0)
        {
            throw new CampaignStateException($"発送ID {campaignId} に印刷する送付状がありません（すべて対象外です）。");
        }

        var batches = rows.Chunk(lettersPerFile).Select((letters, i) => (Name: $"campaign-{campaignId}-{i + 1:D4}.pdf", Letters: letters)).ToList();
        try
        {
            var kept = await target.BeginAsync(PlanHash(rows, lettersPerFile), cancellationToken);
            var files = new ExportedFile[batches.Count];
            var done = batches.Where(b => kept.ContainsKey(b.Name)).Sum(b => b.Letters.Length);
            progress?.Report(new WorkProgress("送付状PDFの作成", done, rows.Count));

            // One file per core at a time: a file's letters are rendered on one thread (PDFsharp documents are not
            // shared), and files are independent.
            await Parallel.ForEachAsync(
                Enumerable.Range(0, batches.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var (name, letters) = batches[index];
                    if (kept.TryGetValue(name, out var earlier))
                    {
                        files[index] = earlier;
                        return;
                    }

                    await using (var stream = target.Create(name))
                    {
                        new LetterRenderer().Render(letters.Select(ToLetter(campaign)), stream);
                    }

                    metrics.LettersRendered(letters.Length);
                    files[index] = await AddAsync(target, name, letters.Length, token);
                    progress?.Report(new WorkProgress("送付状PDFの作成", Interlocked.Add(ref done, letters.Length), rows.Count));
                });

            var manifest = batches.SelectMany(b => b.Letters.Select((letter, i) => new ManifestLine(b.Name, (i * 2) + 1, letter))).ToList();
            var manifests = new List<ExportedFile>();
            foreach (var (name, shiftJis) in new[] { (ManifestUtf8, false), (ManifestShiftJis, true) })
            {
                if (!kept.TryGetValue(name, out var file))
                {
                    await CampaignManifest.WriteAsync(target.Create(name), manifest, shiftJis, cancellationToken);
                    file = await AddAsync(target, name, 0, cancellationToken);
                }

                manifests.Add(file);
            }

            if (!kept.ContainsKey(Checksums))
            {
                await WriteChecksumsAsync(target.Create(Checksums), [.. files, .. manifests], cancellationToken);
                await AddAsync(target, Checksums, 0, cancellationToken);
            }

            span?.SetTag("onshi.campaign.letters", rows.Count);
            await target.PublishAsync(async () =>
            {
                var now = clock.GetUtcNow();
                await db.Set<Campaign>().Where(c => c.Id == campaignId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CampaignState.Exported).SetProperty(c => c.ExportedAt, now), cancellationToken);
                audit.Record("campaign.exported", exportedBy, null, new { campaign.Id, Letters = rows.Count, Files = files.Length });
                await db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
            return new CampaignExportResult(target.Location, files, rows.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            throw new CampaignExportException(target.Location, e);
        }
    }

    /// <summary>Hashes a staged file (the print shop checks the transfer against it) and hands it to the target.</summary>
    private static async Task<ExportedFile> AddAsync(IExportTarget target, string name, int letters, CancellationToken cancellationToken)
    {
        string hash;
        long bytes;
        await using (var stream = File.OpenRead(target.PathFor(name)))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            bytes = stream.Length;
        }

        var file = new ExportedFile(name, letters, bytes, hash);
        await target.AddAsync(file, cancellationToken);
        return file;
    }

    /// <summary>What decides the output: the letters in order with what is printed of them, and the file size.</summary>
    private string PlanHash(List<ExportRow> rows, int lettersPerFile)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? text)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text ?? string.Empty));
            hash.AppendData([0]);
        }

        Add(lettersPerFile.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(mail.Value.BaseUrl);
        Add(callCentre.Value.Phone);
        Add(callCentre.Value.Hours);
        foreach (var row in rows)
        {
            Add(row.InstitutionCode);
            Add(row.LoginId);
            Add(row.SealKeyId);
            Add(row.Name);
            Add(row.PostalCode);
            Add(row.Address);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task<List<ExportRow>> LoadAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CampaignLetter>().AsNoTracking()
            .Where(l => l.CampaignId == campaign.Id && l.State == CampaignLetterState.Issued)
            .Join(db.Institutions, l => l.InstitutionCode, i => i.Code, (l, i) => new ExportRow(
                l.InstitutionCode, i.Name, i.PostalCode, i.Address, l.LoginId, l.SealKeyId, l.SealedPassword))
            .ToListAsync(cancellationToken);

        // Sorted here, not in SQL: the same order on both databases whatever their collation.
        rows.Sort((a, b) => string.CompareOrdinal(a.PostalCode, b.PostalCode) is var byPostal and not 0
            ? byPostal
            : string.CompareOrdinal(a.InstitutionCode, b.InstitutionCode));
        return rows;
    }

    private Func<ExportRow, Letter> ToLetter(Campaign campaign)
    {
        var kind = campaign.Kind.LetterKind();
        var options = mail.Value;
        return row => new Letter
        {
            PostalCode = row.PostalCode,
            Address = row.Address,
            InstitutionName = row.Name,
            InstitutionCode = row.InstitutionCode,
            LetterDate = campaign.LetterDate,
            Deadline = campaign.Deadline,
            CutoffDate = campaign.CutoffDate,
            Kind = kind,
            Sentences = campaign.Sentences,
            CallCentre = callCentre.Value,
            LoginId = row.LoginId,
            TemporaryPassword = row.LoginId is { } id && row.SealKeyId is { } keyId && row.SealedPassword is { } sealedValue
                ? seal.Open(keyId, id, sealedValue)
                : null,
            PortalLoginUrl = row.LoginId is { } loginId
                ? options.Link("/login?id=" + Uri.EscapeDataString(loginId))
                : options.Link("/"),
        };
    }

    /// <summary>SHA256SUMS of the files; the print batches of the post (PrintBatches) write theirs the same way.</summary>
    internal static async Task WriteChecksumsAsync(Stream stream, IEnumerable<ExportedFile> files, CancellationToken cancellationToken)
    {
        // The format of `sha256sum`, so that the print shop checks a transfer with `sha256sum -c SHA256SUMS`.
        await using var output = new StreamWriter(stream);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteAsync($"{file.Sha256}  {file.Name}\n"); // sha256sum's own line ending, whatever the platform
        }
    }
}

/// <summary>A letter to print, as loaded for an export: the master's current address and the sealed password.</summary>
internal sealed record ExportRow(
    string InstitutionCode, string Name, string PostalCode, string Address, string? LoginId, string? SealKeyId, byte[]? SealedPassword);

public sealed class CampaignStateException(string message) : Exception(message);

/// <summary>
/// The print files could not be written (a full disk, a folder without permission): said so in Japanese for the
/// operator, with the system's own reason kept as the inner exception for the log. Nothing was published: the files
/// written so far were temporary and are deleted.
/// </summary>
public sealed class CampaignExportException(string directory, Exception inner) : Exception(Describe(directory, inner), inner)
{
    private static string Describe(string directory, Exception inner) =>
        inner is IOException io && IsDiskFull(io)
            ? $"印刷データを書き出せませんでした。書き出し先（{directory}）のディスクの空き容量が足りません。書きかけのファイルは削除しました。空きを作ってから、もう一度実行してください。"
            : $"印刷データを書き出せませんでした（{inner.Message}）。書きかけのファイルは削除しました。書き出し先（{directory}）を確認してから、もう一度実行してください。";

    /// <summary>ENOSPC or EDQUOT on Linux (the errno is the HResult); ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 0x70 or 0x27 : e.HResult is 28 or 122;
}
