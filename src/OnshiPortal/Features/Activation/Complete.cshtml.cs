using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The link in the mail. Opening it changes nothing (mail filters open links on their own); the button does.
/// </summary>
[AllowAnonymous]
public sealed class CompleteModel(ActivationService activation, IOptions<FilingOptions> filings, TimeProvider clock) : PageModel
{
    public OpenProcedures Procedures => OpenProcedures.Today(filings.Value, clock);

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string InstitutionName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public CompletionResult? Result { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (request, institution) = string.IsNullOrEmpty(Token) ? (null, null) : await activation.FindAsync(Token, cancellationToken);
        if (request is null || institution is null)
        {
            Describe(CompletionResult.UnknownLink);
            return;
        }

        if (request.CompletedAt is not null)
        {
            Describe(CompletionResult.AlreadyCompleted);
            return;
        }

        if (request.ExpiresAt <= clock.GetUtcNow())
        {
            Describe(CompletionResult.Expired);
            return;
        }

        InstitutionName = institution.Name;
        Email = request.Email;
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        var (request, institution) = string.IsNullOrEmpty(Token) ? (null, null) : await activation.FindAsync(Token, cancellationToken);
        var result = request is null ? CompletionResult.UnknownLink : await activation.CompleteAsync(Token!, cancellationToken);
        InstitutionName = institution?.Name ?? string.Empty;
        Describe(result);
        if (result == CompletionResult.Completed)
        {
            // A temporary session in this browser has nothing left to do.
            await HttpContext.SignOutAsync(TemporaryLogin.Scheme);
        }
    }

    private void Describe(CompletionResult result)
    {
        Result = result;
        Problem = result switch
        {
            CompletionResult.Completed => null,
            CompletionResult.Expired => "URLの有効期限（24時間）が切れています。仮ID・仮パスワードでログインし、確認メールを再送信してください。",
            CompletionResult.AlreadyCompleted => "このURLの登録はすでに完了しています。登録したメールアドレスでログインしてください。",
            CompletionResult.CredentialNoLongerValid => "この仮IDはすでに使用されたか、再発行により使えなくなっています。",
            CompletionResult.EmailTaken => "このメールアドレスは使用できません。仮ID・仮パスワードでログインし、別のメールアドレスで登録し直してください。",
            _ => "このURLは無効です。メールに記載のURLを、途中で切れないようにすべて開いてください。",
        };
    }
}
