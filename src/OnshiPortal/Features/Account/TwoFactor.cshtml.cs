using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>
/// 2段階認証の設定: the authenticator app (enabled on its own page), recovery codes, passkeys. An operator without a
/// second factor is sent here by <see cref="MustSetUpSecondFactorFilter"/> and may not remove their last one.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    SecondFactors factors,
    AuditTrail audit,
    ServerSessions sessions,
    MailOutbox outbox,
    TimeProvider clock,
    PortalDbContext db,
    IStringLocalizer<Ui> text) : PageModel
{
    public PortalUser Account { get; private set; } = default!;

    public bool AuthenticatorEnabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    public bool BackOffice { get; private set; }

    /// <summary>An operator who must set up a factor before anything else.</summary>
    public bool Required => User.HasClaim(PortalClaimsPrincipalFactory.MustSetUpSecondFactorClaim, "true");

    /// <summary>Shown once, right after they were made; only their hashes are kept.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    public string? Status { get; private set; }

    [BindProperty]
    [Display(Name = "パスキーの名前")]
    [Required(ErrorMessage = "パスキーの名前を入力してください。")]
    [StringLength(64, ErrorMessage = "パスキーの名前は64文字以内で入力してください。")]
    public string? PasskeyName { get; set; }

    /// <summary>The JSON of navigator.credentials.create(), filled in by wwwroot/js/passkeys.js.</summary>
    [BindProperty]
    public string? PasskeyCredential { get; set; }

    public static string IdOf(UserPasskeyInfo passkey) => Base64Url.EncodeToString(passkey.CredentialId);

    public async Task<IActionResult> OnGetAsync()
    {
        ModelState.Clear();
        return await ShowAsync();
    }

    /// <summary>Creation options for the browser's passkey ceremony (JSON), with the challenge kept in Identity's cookie.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email ?? user.UserName!,
            DisplayName = string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.UserName! : user.DisplayName,
        });
        return Content(options, "application/json");
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(user);
        }

        if (string.IsNullOrEmpty(PasskeyCredential))
        {
            ModelState.AddModelError(nameof(PasskeyName), "パスキーを作成できませんでした。お使いのブラウザーが対応しているかご確認のうえ、もう一度お試しください。");
            return await ShowAsync(user);
        }

        var attestation = await AttestAsync(PasskeyCredential);
        if (attestation is not { Succeeded: true } || attestation.UserEntity.Id != user.Id)
        {
            audit.Record("2fa.failed", user.Email!, user.InstitutionCode, new { method = "passkey-registration", reason = attestation?.Failure?.Message ?? "no ceremony" });
            await db.SaveChangesAsync();
            ModelState.AddModelError(nameof(PasskeyName), "パスキーを登録できませんでした。もう一度お試しください。");
            return await ShowAsync(user);
        }

        var passkey = attestation.Passkey;
        passkey.Name = PasskeyName!.Trim();
        var result = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(PasskeyName), "パスキーを登録できませんでした。もう一度お試しください。");
            return await ShowAsync(user);
        }

        await users.UpdateSecurityStampAsync(user);
        audit.Record("2fa.passkey.added", user.Email!, user.InstitutionCode, new { name = passkey.Name });
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        Status = text["パスキー「{0}」を登録しました。", passkey.Name];
        PasskeyName = null;
        return await ShowAsync(user, signedInAgain: true);
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(string id)
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await NotRecentlyAuthenticatedAsync() is { } reauthenticate)
        {
            return reauthenticate;
        }

        var passkeys = await users.GetPasskeysAsync(user);
        var passkey = passkeys.FirstOrDefault(p => IdOf(p) == id);
        if (passkey is null)
        {
            return await ShowAsync(user);
        }

        if (await factors.IsBackOfficeAsync(user) && !await users.GetTwoFactorEnabledAsync(user) && passkeys.Count == 1)
        {
            ModelState.AddModelError(string.Empty, "業務用アカウントは2段階認証が必須のため、最後のパスキーは削除できません。先に別のパスキーか認証アプリを登録してください。");
            return await ShowAsync(user);
        }

        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await users.UpdateSecurityStampAsync(user);
        audit.Record("2fa.passkey.removed", user.Email!, user.InstitutionCode, new { name = passkey.Name });
        outbox.Enqueue(AccountMails.SecondFactorChanged(user, text["パスキー「{0}」の削除", passkey.Name ?? string.Empty], clock.GetUtcNow()));
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        Status = text["パスキー「{0}」を削除しました。", passkey.Name ?? string.Empty];
        return await ShowAsync(user, signedInAgain: true);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return await ShowAsync(user);
        }

        if (await NotRecentlyAuthenticatedAsync() is { } reauthenticate)
        {
            return reauthenticate;
        }

        NewRecoveryCodes = await factors.NewRecoveryCodesAsync(user);
        audit.Record("2fa.recovery-codes.generated", user.Email!, user.InstitutionCode, new { count = NewRecoveryCodes.Count });
        outbox.Enqueue(AccountMails.SecondFactorChanged(user, text["リカバリーコードの再発行（以前のリカバリーコードは使えなくなりました）"], clock.GetUtcNow()));
        await db.SaveChangesAsync();
        Status = text["新しいリカバリーコードを発行しました。以前のリカバリーコードは使えなくなりました。"];
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return await ShowAsync(user);
        }

        if (await NotRecentlyAuthenticatedAsync() is { } reauthenticate)
        {
            return reauthenticate;
        }

        if (await factors.IsBackOfficeAsync(user) && (await users.GetPasskeysAsync(user)).Count == 0)
        {
            ModelState.AddModelError(string.Empty, "業務用アカウントは2段階認証が必須のため、認証アプリを無効にできません。先にパスキーを登録してください。");
            return await ShowAsync(user);
        }

        await factors.DisableAuthenticatorAsync(user);
        await signIn.ForgetTwoFactorClientAsync();
        audit.Record("2fa.disabled", user.Email!, user.InstitutionCode);
        outbox.Enqueue(AccountMails.SecondFactorChanged(user, text["認証アプリによる2段階認証の無効化"], clock.GetUtcNow()));
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        Status = text["認証アプリによる2段階認証を無効にしました。"];
        return await ShowAsync(user, signedInAgain: true);
    }

    /// <summary>
    /// Null when the session proved the password or a code within five minutes; else the way to the
    /// re-authentication page, which brings the person back here to press the button again.
    /// </summary>
    private async Task<IActionResult?> NotRecentlyAuthenticatedAsync() =>
        await sessions.RecentlyAuthenticatedAsync(HttpContext)
            ? null
            : LocalRedirect("/account/reauthenticate?returnUrl=" + Uri.EscapeDataString("/account/two-factor"));

    private async Task<PasskeyAttestationResult?> AttestAsync(string credentialJson)
    {
        try
        {
            return await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
        {
            // No ceremony under way (the options were never asked for, or the cookie expired), or not JSON at all.
            return null;
        }
    }

    private async Task<IActionResult> ShowAsync(PortalUser? user = null, bool signedInAgain = false)
    {
        user ??= await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Account = user;
        AuthenticatorEnabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = AuthenticatorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        Passkeys = (await users.GetPasskeysAsync(user)).ToList();
        BackOffice = await factors.IsBackOfficeAsync(user);
        if (signedInAgain)
        {
            // This request still carries the old principal; the page must show what the new cookie says.
            HttpContext.User = await signIn.CreateUserPrincipalAsync(user);
        }

        return Page();
    }
}
