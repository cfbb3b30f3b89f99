using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.News.Operator;

/// <summary>One notice for operators: its preview, state, 公開する / 公開を停止する, and its circulations.</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(NoticeBoard board, NoticeCirculation circulation, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
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
            "created" => text["お知らせを保存しました（非公開）。内容を確認して「公開する」を押してください。"].Value,
            "updated" => text["お知らせを更新しました。"].Value,
            "published" => State == NoticeState.Scheduled ? text["公開しました。掲載日から利用者に表示されます。"].Value : text["公開しました。"].Value,
            "unpublished" => text["公開を停止しました。利用者には表示されません。"].Value,
            "circulated" => Circulations.Count > 0 ? text["関係団体{0}件へ周知のメールを送信しました。", Circulations[0].Recipients].Value : null,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken cancellationToken) =>
        await board.PublishAsync(id, User.Identity!.Name!, cancellationToken) ? Redirect($"/operator/news/{id}?done=published") : NotFound();

    public async Task<IActionResult> OnPostUnpublishAsync(long id, CancellationToken cancellationToken) =>
        await board.UnpublishAsync(id, User.Identity!.Name!, cancellationToken) ? Redirect($"/operator/news/{id}?done=unpublished") : NotFound();
}
