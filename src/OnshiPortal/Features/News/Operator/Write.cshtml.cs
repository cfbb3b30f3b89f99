using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.News.Operator;

/// <summary>
/// お知らせの作成・編集: title, category, publish date, Markdown body and PDFs → 確認画面へ進む (the notice as
/// readers will see it) → 上記の内容で確定する. Saving does not publish: a new notice is 非公開 until 公開する.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class WriteModel(NoticeBoard board, NoticeFiles files, DraftSeal seal, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    private const string EntriesPurpose = "NoticeWrite";
    private const string FilesPurpose = "NoticeWriteFiles";

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public NoticeInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Uploads { get; set; } = [];

    /// <summary>Keys of the listed files whose 削除 box is ticked.</summary>
    [BindProperty]
    public List<string> Remove { get; set; } = [];

    /// <summary>The files listed on the form (sealed), so that uploads survive a form with errors and the back button.</summary>
    [BindProperty]
    public string? FileList { get; set; }

    /// <summary>The checked entries (sealed), on the check page.</summary>
    [BindProperty]
    public string? Draft { get; set; }

    public List<NoticeCategory> Categories { get; private set; } = [];

    public List<NoticeFileEntry> Files { get; private set; } = [];

    public bool Checking { get; private set; }

    public NoticeView? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Categories = await board.CategoriesAsync(cancellationToken);
        if (Id is { } id)
        {
            var notice = await board.FindAsync(id, cancellationToken);
            if (notice is null)
            {
                return NotFound();
            }

            Input = NoticeInput.From(notice.Title, notice.CategoryId, notice.Body, notice.PublishAt);
            Files = [.. notice.Attachments.OrderBy(a => a.Id).Select(a => new NoticeFileEntry(a.Id, null, a.FileName, a.Size))];
        }
        else
        {
            Input.PublishDate = JapanTime.ToJapan(clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        FileList = SealFiles();
        return Page();
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        Categories = await board.CategoriesAsync(cancellationToken);
        var previous = seal.Open<List<NoticeFileEntry>>(FilesPurpose, Bound(), FileList);
        if (previous is null && Id is { } id)
        {
            var notice = await board.FindAsync(id, cancellationToken);
            if (notice is null)
            {
                return NotFound();
            }

            previous = [.. notice.Attachments.OrderBy(a => a.Id).Select(a => new NoticeFileEntry(a.Id, null, a.FileName, a.Size))];
        }

        Files = [.. (previous ?? []).Where(f => !Remove.Contains(f.Key))];
        ModelState.Clear();

        var uploads = Uploads.Where(u => u.Length > 0 || !string.IsNullOrEmpty(u.FileName)).ToList();
        if (Files.Count + uploads.Count > files.MaxFiles)
        {
            ModelState.AddModelError(nameof(Uploads), text["添付できるファイルは{0}件までです。", files.MaxFiles]);
        }
        else
        {
            foreach (var upload in uploads)
            {
                var (entry, error) = await files.StageAsync(upload, cancellationToken);
                if (entry is null)
                {
                    ModelState.AddModelError(nameof(Uploads), error!);
                }
                else
                {
                    Files.Add(entry);
                }
            }
        }

        var entries = Validate();
        FileList = SealFiles();
        if (entries is null)
        {
            return Page();
        }

        Draft = seal.Seal(EntriesPurpose, Bound(), entries);
        Preview = PreviewOf(entries);
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る.</summary>
    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        Categories = await board.CategoriesAsync(cancellationToken);
        ModelState.Clear();
        var entries = seal.Open<NoticeEntries>(EntriesPurpose, Bound(), Draft);
        if (entries is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return await OnGetAsync(cancellationToken);
        }

        Input = NoticeInput.From(entries.Title, entries.CategoryId, entries.Body, entries.PublishAt);
        Files = entries.Files;
        FileList = SealFiles();
        Draft = null;
        return Page();
    }

    /// <summary>上記の内容で確定する.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var entries = seal.Open<NoticeEntries>(EntriesPurpose, Bound(), Draft);
        if (entries is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return await OnGetAsync(cancellationToken);
        }

        var (id, refusal) = await board.SaveAsync(Id, entries, User.Identity!.Name!, cancellationToken);
        if (id is null)
        {
            Categories = await board.CategoriesAsync(cancellationToken);
            Input = NoticeInput.From(entries.Title, entries.CategoryId, entries.Body, entries.PublishAt);
            Files = [.. entries.Files.Where(f => f.StagedId is null)];
            FileList = SealFiles();
            ModelState.AddModelError(string.Empty, refusal!);
            return Page();
        }

        return Redirect($"/operator/news/{id}?done={(Id is null ? "created" : "updated")}");
    }

    private NoticeView PreviewOf(NoticeEntries entries) => new(
        entries.Title,
        Categories.First(c => c.Id == entries.CategoryId).Name,
        entries.PublishAt,
        entries.Body,
        [.. entries.Files.Select(f => new NoticeViewFile(f.FileName, f.Size, f.AttachmentId is { } a ? $"/news/{Id}/files/{a}" : null))]);

    /// <summary>Drafts are the operator's own, for this notice.</summary>
    private string Bound() => $"{User.FindFirstValue(ClaimTypes.NameIdentifier)}:{Id?.ToString(CultureInfo.InvariantCulture) ?? "new"}";

    private string SealFiles() => seal.Seal(FilesPurpose, Bound(), Files);

    /// <summary>Normalises and checks the fields; null with the errors in ModelState when something is wrong.</summary>
    private NoticeEntries? Validate()
    {
        Input.Title = (Input.Title ?? string.Empty).Trim();
        Input.Body = (Input.Body ?? string.Empty).ReplaceLineEndings("\n").TrimEnd();
        TryValidateModel(Input, nameof(Input));

        if (Input.CategoryId is { } category && Categories.All(c => c.Id != category))
        {
            ModelState.AddModelError("Input.CategoryId", "分類を選択してください。");
        }

        DateOnly date = default;
        var dateText = TextNormalization.Nfkc(Input.PublishDate ?? string.Empty).Trim();
        if (dateText.Length > 0 && !DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "yyyy/M/d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            ModelState.AddModelError("Input.PublishDate", "掲載日は「2026-04-01」の形で入力してください。");
        }

        var time = TimeOnly.MinValue;
        var timeText = TextNormalization.Nfkc(Input.PublishTime ?? string.Empty).Trim();
        if (timeText.Length > 0 && !TimeOnly.TryParseExact(timeText, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            ModelState.AddModelError("Input.PublishTime", "掲載時刻は「09:00」の形で入力してください。");
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        Input.PublishDate = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.PublishTime = time.ToString("HH:mm", CultureInfo.InvariantCulture);
        return new NoticeEntries(Input.Title, Input.CategoryId!.Value, Input.Body, JapanTime.At(date, time), Files);
    }

    public sealed class NoticeInput
    {
        [Required(ErrorMessage = "件名を入力してください。")]
        [StringLength(200, ErrorMessage = "件名は200文字以内で入力してください。")]
        public string Title { get; set; } = string.Empty;

        [Required(ErrorMessage = "分類を選択してください。")]
        public int? CategoryId { get; set; }

        [Required(ErrorMessage = "掲載日を入力してください。")]
        public string PublishDate { get; set; } = string.Empty;

        public string? PublishTime { get; set; }

        [Required(ErrorMessage = "本文を入力してください。")]
        [StringLength(20000, ErrorMessage = "本文は20,000文字以内で入力してください。")]
        public string Body { get; set; } = string.Empty;

        public static NoticeInput From(string title, int categoryId, string body, DateTimeOffset publishAt)
        {
            var local = JapanTime.ToJapan(publishAt);
            return new NoticeInput
            {
                Title = title,
                CategoryId = categoryId,
                Body = body,
                PublishDate = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                PublishTime = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            };
        }
    }
}
