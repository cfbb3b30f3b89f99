using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.News.Operator;

/// <summary>One notice for operators: its preview, state, 公開する / 公開を停止する, and its circulations.</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(NoticeBoard board, NoticeCirculation circulation, TimeProvider clock) : PageModel
{
    public Notice Notice { get; private set; } = default!;

    public NoticeState State { get; private set; }

    public List<Circulation> Circulations { get; private set; } = [];

    /// <summary>The message after an action, from a fixed list (nothing from the query string is echoed).</summary>
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken cancellationToken)
    {
        var notice = await board.FindAsync(id, cancellationToken);
        if (notice is null)
        {
            return NotFound();
        }

        Notice = notice;
        State = notice.StateAt(clock.GetUtcNow());
        Circulations = await circulation.HistoryAsync(id, cancellationToken);
        Done = done switch
        {
            "created" => "お知らせを保存しました（非公開）。内容を確認して「公開する」を押してください。",
            "updated" => "お知らせを更新しました。",
            "published" => State == NoticeState.Scheduled ? "公開しました。掲載日から利用者に表示されます。" : "公開しました。",
            "unpublished" => "公開を停止しました。利用者には表示されません。",
            "circulated" => Circulations.Count > 0 ? $"関係団体{Circulations[0].Recipients}件へ周知のメールを送信しました。" : null,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken cancellationToken) =>
        await board.PublishAsync(id, User.Identity!.Name!, cancellationToken) ? Redirect($"/operator/news/{id}?done=published") : NotFound();

    public async Task<IActionResult> OnPostUnpublishAsync(long id, CancellationToken cancellationToken) =>
        await board.UnpublishAsync(id, User.Identity!.Name!, cancellationToken) ? Redirect($"/operator/news/{id}?done=unpublished") : NotFound();
}
