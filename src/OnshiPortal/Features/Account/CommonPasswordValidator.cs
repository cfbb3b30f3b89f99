using Microsoft.AspNetCore.Identity;

namespace OnshiPortal.Features.Account;

/// <summary>Refuses a password on the shipped list of common passwords, wherever Identity checks a password.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password) =>
        Task.FromResult(CommonPasswords.Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "このパスワードはよく使われていて推測されやすいため使えません。別のパスワードを入力してください。" })
            : IdentityResult.Success);
}
