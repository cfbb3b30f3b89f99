using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Errors;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    /// <summary>What a client is told to wait before trying again while the database is unreachable.</summary>
    public const int RetryAfterSeconds = 30;

    public string Title { get; private set; } = "エラーが発生しました";

    public string Message { get; private set; } = "申し訳ございません。時間をおいて再度お試しください。";

    /// <summary>The request's id (its <c>X-Request-Id</c>, the TraceId of its log lines), for support to find what happened.</summary>
    public string RequestId { get; private set; } = string.Empty;

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        RequestId = PortalPipeline.RequestIdOf(HttpContext);
        if (status is null && DatabaseErrors.IsUnavailable(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error))
        {
            // Not the application's fault and over by itself (a database restart or fail-over): 503 tells the load
            // balancer and the monitoring so, and the person to try again shortly.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Title = "ただいまご利用いただけません";
            Message = "システムに一時的な障害が発生しています。しばらく時間をおいてから再度お試しください。";
            return;
        }

        Response.StatusCode = status ?? StatusCodes.Status500InternalServerError;
        if (HttpContext.Items.ContainsKey(HttpsOnly.RefusedItem))
        {
            Title = "暗号化されていない接続では利用できません";
            Message = "このサイトは https:// で始まるアドレスでのみご利用いただけます。アドレスを https:// に変えて、もう一度お試しください。";
            return;
        }

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
