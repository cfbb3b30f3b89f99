using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.News.Operator;

/// <summary>
/// 関係団体の連絡先: the contact address of each association and whether it receives the weekly figures (週次集計),
/// edited together → 確認画面へ進む (only what changes) → 上記の内容で確定する. An empty address leaves the
/// association out of circulations and reports; the weekly report needs an address.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class AssociationsModel(PortalDbContext db, DraftSeal seal, AuditTrail audit, IStringLocalizer<Ui> text) : PageModel
{
    private const string Purpose = "AssociationContacts";
    private static readonly EmailAddressAttribute EmailFormat = new();

    [BindProperty]
    public List<ContactInput> Input { get; set; } = [];

    [BindProperty]
    public string? Draft { get; set; }

    public List<Association> Associations { get; private set; } = [];

    public List<Change> Changes { get; private set; } = [];

    public bool Checking { get; private set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        await LoadAsync(cancellationToken);
        Input = [.. Associations.Select(a => new ContactInput { Id = a.Id, Email = a.Email, WeeklyReport = a.WeeklyReport })];
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        var byId = Associations.ToDictionary(a => a.Id);
        Input = [.. Input.Where(i => byId.ContainsKey(i.Id))];
        for (var i = 0; i < Input.Count; i++)
        {
            var email = EmailAddresses.Fold(Input[i].Email);
            Input[i].Email = email;
            var name = byId[Input[i].Id].Name;
            if (email.Length > 256)
            {
                ModelState.AddModelError($"Input[{i}].Email", text["{0}: メールアドレスが長すぎます。", name]);
            }
            else if (email.Length > 0 && !EmailFormat.IsValid(email))
            {
                ModelState.AddModelError($"Input[{i}].Email", text["{0}: メールアドレスの形式が正しくありません。", name]);
            }
            else if (email.Length == 0 && Input[i].WeeklyReport)
            {
                ModelState.AddModelError($"Input[{i}].Email", text["{0}: 週次集計を送るには連絡先メールアドレスを入力してください。", name]);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Changes = [.. Input.Where(i => byId[i.Id].Email != i.Email || byId[i.Id].WeeklyReport != i.WeeklyReport)
            .Select(i => new Change(i.Id, byId[i.Id].Name, byId[i.Id].Email, i.Email ?? string.Empty, byId[i.Id].WeeklyReport, i.WeeklyReport))];
        if (Changes.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "変更された連絡先がありません。");
            return Page();
        }

        Draft = seal.Seal(Purpose, Bound(), Changes);
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る.</summary>
    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        var changes = seal.Open<List<Change>>(Purpose, Bound(), Draft) ?? [];
        Input = [.. Associations.Select(a => changes.FirstOrDefault(c => c.Id == a.Id) is { } change
            ? new ContactInput { Id = a.Id, Email = change.After, WeeklyReport = change.ReportAfter }
            : new ContactInput { Id = a.Id, Email = a.Email, WeeklyReport = a.WeeklyReport })];
        return Page();
    }

    /// <summary>上記の内容で確定する: all changes or none.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var changes = seal.Open<List<Change>>(Purpose, Bound(), Draft);
        if (changes is null)
        {
            await OnGetAsync(false, cancellationToken);
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return Page();
        }

        var ids = changes.Select(c => c.Id).ToList();
        var associations = await db.Set<Association>().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        foreach (var change in changes.Where(c => associations.ContainsKey(c.Id)))
        {
            var association = associations[change.Id];
            audit.Record("association.contact-changed", User.Identity!.Name!, null, new { association = association.Name, before = association.Email, after = change.After, weeklyReportBefore = association.WeeklyReport, weeklyReport = change.ReportAfter });
            association.Email = change.After;
            association.WeeklyReport = change.ReportAfter;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Redirect("/operator/news/associations?saved=true");
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Associations = await db.Set<Association>().AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);

    private string Bound() => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    public sealed class ContactInput
    {
        public int Id { get; set; }

        public string? Email { get; set; }

        public bool WeeklyReport { get; set; }
    }

    public sealed record Change(int Id, string Name, string Before, string After, bool ReportBefore, bool ReportAfter);
}
