using Microsoft.AspNetCore.Identity;

namespace OnshiPortal.Features.Account;

/// <summary>Identity's messages, in the Japanese the pages speak.</summary>
public sealed class JapaneseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"パスワードは{length}文字以上で入力してください。" };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"パスワードには{uniqueChars}種類以上の文字を使ってください。" };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "現在のパスワードが正しくありません。" };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = "このメールアドレスは使用できません。" };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = "このメールアドレスは使用できません。" };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "メールアドレスの形式が正しくありません。" };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = "メールアドレスの形式が正しくありません。" };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = "処理できませんでした。時間をおいて再度お試しください。" };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = "ほかの操作と重なりました。もう一度お試しください。" };
}
