using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Pages;

/// <summary>
/// One campaign: its parameters, the counts by prefecture, kind and reason (what the operator checks before issuing),
/// the issue and export started in the background with their progress, and the print files to download.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(PortalDbContext db, CampaignJobs jobs, AuditTrail audit) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public CampaignCounts Counts { get; private set; } = null!;

    public CampaignJobStatus? Job { get; private set; }

    public IReadOnlyList<FileInfo> Files { get; private set; } = [];

    public string? Message { get; private set; }

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
        var folder = new DirectoryInfo(jobs.StorageOf(id));
        var file = folder.Exists ? folder.GetFiles().FirstOrDefault(f => f.Name == name && !f.Name.StartsWith('.')) : null;
        if (file is null)
        {
            return NotFound();
        }

        audit.Record("campaign.downloaded", User.Identity!.Name!, null, new { CampaignId = id, File = file.Name });
        await db.SaveChangesAsync(cancellationToken);
        var type = file.Extension switch
        {
            ".pdf" => "application/pdf",
            ".csv" => "text/csv",
            _ => "text/plain",
        };
        return PhysicalFile(file.FullName, type, file.Name);
    }

    private async Task<IActionResult> StartAsync(long id, CampaignJobKind kind, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (kind == CampaignJobKind.Export && Campaign.State == CampaignState.Draft)
        {
            Message = "まだ発行されていません。先に発行してください。";
            return Page();
        }

        if (!jobs.TryStart(id, kind, User.Identity!.Name!))
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
        Counts = await CampaignCounts.ForAsync(db, id, cancellationToken);
        Job = jobs.StatusOf(id);
        var folder = new DirectoryInfo(jobs.StorageOf(id));
        Files = folder.Exists ? [.. folder.GetFiles().Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal)] : [];
        return true;
    }
}
