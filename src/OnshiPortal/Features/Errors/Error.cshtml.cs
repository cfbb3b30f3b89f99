using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Errors;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "エラーが発生しました";

    public string Message { get; private set; } = "申し訳ございません。時間をおいて再度お試しください。";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        Response.StatusCode = status ?? StatusCodes.Status500InternalServerError;
        (Title, Message) = status switch
        {
            404 => ("ページが見つかりません", "お探しのページは移動または削除された可能性があります。アドレスをご確認ください。"),
            400 => ("リクエストを処理できません", "画面の有効期限が切れた可能性があります。前の画面に戻り、もう一度お試しください。"),
            403 => ("このページを表示する権限がありません", "ログインしているアカウントではこのページを利用できません。"),
            429 => ("アクセスが集中しています", "しばらく時間をおいてから再度お試しください。"),
            _ => (Title, Message),
        };
    }
}
