using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Csv;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>A print batch as the printing page lists it.</summary>
public sealed record PrintBatchSummary(long Id, DateTimeOffset ClosedAt, string ClosedBy, int Letters, DateTimeOffset? WrittenAt);

/// <summary>One file of a print batch.</summary>
public sealed record PrintBatchFile(string Name, byte[] Bytes);

/// <summary>
/// The daily close of the print queue (issue 22): every letter queued and not yet printed goes into exactly one
/// <see cref="PrintBatch"/>, chosen and marked in one transaction before any file is written (<see cref="CloseAsync"/>);
/// the batch's files are then made from what the database holds of it (<see cref="FilesAsync"/>), so writing them
/// again after a kill makes the same set: a PDF per kind in postal-code order, the manifest in UTF-8 and Shift_JIS
/// (the campaign export's <see cref="CampaignManifest"/>), SHA256SUMS, and a cover sheet with the counts per kind.
/// </summary>
public sealed class PrintBatches(PortalDbContext db, PostalLetterQueue queue, AuditTrail audit, TimeProvider clock)
{
    public const string Cover = "00-cover.pdf";

    private static readonly string[] ManifestHeaders = ["ファイル", "ページ", "郵送物", "郵送物ID", "医療機関等コード", "名称", "郵便番号"];

    /// <summary>The folder of a batch under the command's <c>--out</c>.</summary>
    public static string FolderName(long batchId) => string.Create(CultureInfo.InvariantCulture, $"batch-{batchId:D6}");

    public static string PdfName(PostalLetterKind kind) => $"{(int)kind:D2}-{kind}.pdf";

    /// <summary>
    /// Closes the queue: a new batch holding every letter waiting, or null when none is. The batch's row and its
    /// letters' marks are one transaction: of two closes at once, each letter is taken by one.
    /// </summary>
    public async Task<long?> CloseAsync(string actor, CancellationToken cancellationToken = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var by = actor.Length <= 256 ? actor : actor[..256];
            var batch = new PrintBatch { ClosedAt = now, ClosedBy = by };
            db.Add(batch);
            await db.SaveChangesAsync(cancellationToken);
            var taken = await db.Set<PostalLetter>().Where(l => l.BatchId == null && l.PrintedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.BatchId, batch.Id).SetProperty(l => l.PrintedAt, now).SetProperty(l => l.PrintedBy, by), cancellationToken);
            if (taken == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (long?)null;
            }

            batch.Letters = taken;
            audit.Record("postal-batch.closed", actor, null, new { batchId = batch.Id, letters = taken });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch.Id;
        });
    }

    public async Task<IReadOnlyList<PrintBatchSummary>> ListAsync(int count, CancellationToken cancellationToken = default) =>
        await db.Set<PrintBatch>().AsNoTracking().OrderByDescending(b => b.Id).Take(count)
            .Select(b => new PrintBatchSummary(b.Id, b.ClosedAt, b.ClosedBy, b.Letters, b.WrittenAt)).ToListAsync(cancellationToken);

    /// <summary>The batches closed whose files were never written out nor downloaded, oldest first.</summary>
    public async Task<IReadOnlyList<long>> UnwrittenAsync(CancellationToken cancellationToken = default) =>
        await db.Set<PrintBatch>().AsNoTracking().Where(b => b.WrittenAt == null).OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(cancellationToken);

    /// <summary>The batch's files, made from what the database holds of it; null when there is no such batch.</summary>
    public async Task<IReadOnlyList<PrintBatchFile>?> FilesAsync(long batchId, CancellationToken cancellationToken = default)
    {
        var batch = await db.Set<PrintBatch>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var letters = (await db.Set<PostalLetter>().AsNoTracking().Where(l => l.BatchId == batchId).ToListAsync(cancellationToken))
            .Select(l => (Letter: l, Address: Addressee.Of(l)))
            .ToList();

        // Sorted here, not in SQL: the same order on both databases whatever their collation (as the campaign's export).
        letters.Sort((a, b) => a.Letter.Kind.CompareTo(b.Letter.Kind) is var byKind and not 0 ? byKind
            : string.CompareOrdinal(a.Address.PostalCode, b.Address.PostalCode) is var byPostal and not 0 ? byPostal
            : a.Letter.Id.CompareTo(b.Letter.Id));
        var files = new List<PrintBatchFile>();
        var manifest = new List<IReadOnlyList<string>>();
        var counts = new List<(PostalLetterKind Kind, string File, int Letters)>();
        foreach (var kind in letters.GroupBy(l => l.Letter.Kind))
        {
            var name = PdfName(kind.Key);
            files.Add(new PrintBatchFile(name, queue.Render(kind.Select(l => l.Letter))));
            counts.Add((kind.Key, name, kind.Count()));
            manifest.AddRange(kind.Select((l, i) => (IReadOnlyList<string>)
            [
                name,
                (i + 1).ToString(CultureInfo.InvariantCulture), // one page per letter
                kind.Key.Japanese(),
                l.Letter.Id.ToString(CultureInfo.InvariantCulture),
                l.Letter.InstitutionCode,
                SpreadsheetText.Protect(l.Address.InstitutionName),
                SpreadsheetText.Protect(l.Address.PostalCode),
            ]));
        }

        files.Insert(0, new PrintBatchFile(Cover, CoverSheet(batch, counts)));
        foreach (var (name, shiftJis) in new[] { (CampaignExport.ManifestUtf8, false), (CampaignExport.ManifestShiftJis, true) })
        {
            var stream = new MemoryStream();
            await CampaignManifest.WriteAsync(stream, ManifestHeaders, manifest, shiftJis, cancellationToken);
            files.Add(new PrintBatchFile(name, stream.ToArray()));
        }

        var sums = new MemoryStream();
        await CampaignExport.WriteChecksumsAsync(
            sums, files.Select(f => new ExportedFile(f.Name, 0, f.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(f.Bytes)))), cancellationToken);
        files.Add(new PrintBatchFile(CampaignExport.Checksums, sums.ToArray()));
        return files;
    }

    /// <summary>
    /// Writes the batch's files into <c>DIRECTORY/batch-NNNNNN</c>, owner-only, published together (the campaign
    /// export's staged folder): a rerun after a kill rewrites the same names, never leaves half a file under one.
    /// </summary>
    public async Task<string> WriteAsync(long batchId, string directory, string actor, CancellationToken cancellationToken = default)
    {
        var files = await FilesAsync(batchId, cancellationToken) ?? throw new InvalidOperationException($"Print batch {batchId} does not exist.");
        await using var target = new FolderExportTarget(Path.Combine(directory, FolderName(batchId)));
        await target.BeginAsync(string.Empty, cancellationToken);
        foreach (var file in files)
        {
            await using var stream = target.Create(file.Name);
            await stream.WriteAsync(file.Bytes, cancellationToken);
        }

        await target.PublishAsync(() => RecordAsync(batchId, "postal-batch.written", actor, cancellationToken), cancellationToken);
        return target.Location;
    }

    /// <summary>The batch's files as one ZIP, for the printing page; null when there is no such batch.</summary>
    public async Task<byte[]?> ZipAsync(long batchId, string actor, CancellationToken cancellationToken = default)
    {
        if (await FilesAsync(batchId, cancellationToken) is not { } files)
        {
            return null;
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = zip.CreateEntry(FolderName(batchId) + "/" + file.Name, CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(file.Bytes, cancellationToken);
            }
        }

        await RecordAsync(batchId, "postal-batch.downloaded", actor, cancellationToken);
        return output.ToArray();
    }

    private async Task RecordAsync(long batchId, string action, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Set<PrintBatch>().Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.WrittenAt, now), cancellationToken);
        audit.Record(action, actor, null, new { batchId });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The sheet on top of the pile: the batch, when and by whom it was closed, and how many letters of each kind.</summary>
    private static byte[] CoverSheet(PrintBatch batch, IReadOnlyList<(PostalLetterKind Kind, string File, int Letters)> counts)
    {
        PortalFontResolver.Register();
        using var document = new PdfDocument();
        document.Info.Title = $"郵送物 印刷バッチ {batch.Id} 表紙";
        document.Info.Creator = "OnshiPortal";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            static double Mm(double mm) => mm * 72 / 25.4;
            new PdfText(graphics, 16).Line($"郵送物 印刷バッチ {batch.Id}", Mm(105), Mm(30), bold: true, align: XStringAlignment.Center);
            var text = new PdfText(graphics, 11);
            var y = Mm(50);
            text.Line($"締め日時：{Wareki.DateTime(batch.ClosedAt)}", Mm(25), y);
            text.Line($"締めた担当者：{batch.ClosedBy}", Mm(25), y += text.LineHeight);
            y += text.LineHeight * 2;
            text.Line("郵送物", Mm(25), y, bold: true);
            text.Line("ファイル", Mm(95), y, bold: true);
            text.Line("通数", Mm(185), y, bold: true, align: XStringAlignment.Far);
            foreach (var (kind, file, letters) in counts)
            {
                y += text.LineHeight;
                text.Line(kind.Japanese(), Mm(25), y);
                text.Line(file, Mm(95), y);
                text.Line(string.Create(CultureInfo.InvariantCulture, $"{letters:N0}通"), Mm(185), y, align: XStringAlignment.Far);
            }

            y += text.LineHeight * 1.5;
            graphics.DrawLine(new XPen(XColors.Black, 0.8), Mm(25), y, Mm(185), y);
            text.Line("合計", Mm(25), y + Mm(2), bold: true);
            text.Line(string.Create(CultureInfo.InvariantCulture, $"{counts.Sum(c => c.Letters):N0}通"), Mm(185), y + Mm(2), bold: true, align: XStringAlignment.Far);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>What every kind's data holds of its addressee (CertificateNoticeLetter and the others share the names).</summary>
    private sealed record Addressee(string PostalCode, string InstitutionName)
    {
        public static Addressee Of(PostalLetter letter)
        {
            using var json = JsonDocument.Parse(letter.Data);
            string Text(string name) => json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            return new Addressee(Text("PostalCode"), Text("InstitutionName"));
        }
    }
}
