using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns.FollowUps;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Campaigns.Pages;

/// <summary>
/// One campaign: its parameters, the counts by prefecture, kind and reason (what the operator checks before issuing),
/// the issue and export started in the background with their progress, and the print files to download. The job and
/// the files are in the database: whichever node answers shows the same progress and serves the same files.
/// <para>
/// Separation of duties: Operators and Admins issue and export; the PDFs print every letter's temporary
/// password, so only a Printer or an Admin downloads them (an Operator gets the manifests, which hold no
/// password). Every download is audited and listed on the page.
/// </para>
/// </summary>
[Authorize(Roles = Roles.Staff)]
public sealed class DetailsModel(PortalDbContext db, CampaignJobs jobs, FileStore store, AuditTrail audit, PublicAddress publicAddress) : PageModel
{
    /// <summary>The audit action of a print file's download, and the list on the page.</summary>
    public const string DownloadedAction = "campaign.downloaded";

    /// <summary>Downloads listed on the page (newest first); the audit keeps them all.</summary>
    public const int DownloadLogLimit = 100;

    public Campaign Campaign { get; private set; } = null!;

    public CampaignCounts Counts { get; private set; } = null!;

    public CampaignJob? Job { get; private set; }

    public IReadOnlyList<CampaignExportFile> Files { get; private set; } = [];

    public string? Message { get; private set; }

    public IReadOnlyList<AuditEntry> Downloads { get; private set; } = [];

    /// <summary>The 再送 the follow-up job proposed after this campaign, while it exists.</summary>
    public long? ProposalId { get; private set; }

    /// <summary>Whether the print file holds passwords (the letters), so that only <see cref="Roles.Printing"/> may download it.</summary>
    public static bool HoldsPasswords(string fileName) => fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name an audit row of a download names.</summary>
    public static string FileOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var details = System.Text.Json.JsonDocument.Parse(entry.Details);
        return details.RootElement.TryGetProperty("File", out var file) ? file.GetString() ?? string.Empty : string.Empty;
    }

    public bool MayDownload(string fileName) => !HoldsPasswords(fileName) || Roles.MayPrint(User);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>発行する: credentials and letters for every target, in the background.</summary>
    public async Task<IActionResult> OnPostIssueAsync(long id, CancellationToken cancellationToken) =>
        await StartAsync(id, CampaignJobKind.Issue, cancellationToken);

    /// <summary>印刷データを作成する.</summary>
    public async Task<IActionResult> OnPostExportAsync(long id, CancellationToken cancellationToken) =>
        await StartAsync(id, CampaignJobKind.Export, cancellationToken);

    /// <summary>A print file of this campaign, by its name in the listing; PDFs print passwords, so each download is audited.</summary>
    public async Task<IActionResult> OnGetFileAsync(long id, string name, CancellationToken cancellationToken)
    {
        var file = await db.Set<CampaignExportFile>().AsNoTracking()
            .SingleOrDefaultAsync(f => f.CampaignId == id && f.Published && f.Name == name, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        if (!MayDownload(file.Name))
        {
            audit.Record("campaign.download-refused", User.Identity!.Name!, null, new { CampaignId = id, File = file.Name });
            await db.SaveChangesAsync(cancellationToken);
            return Forbid();
        }

        var content = await store.OpenReadAsync(file.StoredFileId, cancellationToken);
        if (content is null)
        {
            return NotFound();
        }

        audit.Record(DownloadedAction, User.Identity!.Name!, null, new { CampaignId = id, File = file.Name });
        await db.SaveChangesAsync(cancellationToken);
        return File(content, StoredExportTarget.ContentTypeOf(file.Name), file.Name);
    }

    private async Task<IActionResult> StartAsync(long id, CampaignJobKind kind, CancellationToken cancellationToken)
    {
        if (!Roles.IsOperating(User))
        {
            return Forbid();
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (kind == CampaignJobKind.Export && Campaign.State == CampaignState.Draft)
        {
            Message = "まだ発行されていません。先に発行してください。";
            return Page();
        }

        if (kind == CampaignJobKind.Export && publicAddress.Problem is { } unpublished)
        {
            Message = unpublished;
            return Page();
        }

        if (!await jobs.TryStartAsync(id, kind, User.Identity!.Name!, cancellationToken))
        {
            Message = "この発送の処理を実行中です。終わるまでお待ちください。";
            return Page();
        }

        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return false;
        }

        Campaign = campaign;
        ProposalId = campaign.FollowUpConsideredAt is null ? null : await db.Set<Campaign>().AsNoTracking()
            .Where(c => c.AfterCampaignId == id && c.CreatedBy == CampaignFollowUps.Proposer)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        Counts = await CampaignCounts.ForAsync(db, id, cancellationToken);
        Job = await jobs.LatestAsync(id, cancellationToken);
        Files = [.. (await db.Set<CampaignExportFile>().AsNoTracking().Where(f => f.CampaignId == id && f.Published).ToListAsync(cancellationToken))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];

        // The audit row's details start with the campaign's id (AuditTrail writes the anonymous object in order).
        var prefix = "{\"CampaignId\":" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
        Downloads = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == DownloadedAction && a.Details.StartsWith(prefix))
            .OrderByDescending(a => a.Id)
            .Take(DownloadLogLimit)
            .ToListAsync(cancellationToken);
        return true;
    }
}
