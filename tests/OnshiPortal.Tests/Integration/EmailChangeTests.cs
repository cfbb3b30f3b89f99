using Microsoft.EntityFrameworkCore;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>A logged-in account changes its e-mail: proven by a link to the new address, told to the old one.</summary>
public abstract class EmailChangeTests : DataTest
{
    [Fact]
    public async Task The_new_address_becomes_the_login_only_through_its_link_and_the_old_address_is_told()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        var (_, wrong) = await session.SubmitAsync("/account/email", Form("new@example.jp", "new@example.jp", "not-my-password"));
        Assert.Contains("現在のパスワードが正しくありません。", wrong);
        var (_, mismatch) = await session.SubmitAsync("/account/email", Form("new@example.jp", "other@example.jp", password));
        Assert.Contains("確認用のメールアドレスが一致しません。", mismatch);
        Assert.Empty(await app.MailsToAsync("new@example.jp"));

        var (_, sent) = await session.SubmitAsync("/account/email", Form("ｎｅｗ@example.jp", "new@example.jp", password));
        Assert.Contains("確認のメールを送信しました", sent);
        Assert.Contains(await app.MailsToAsync(email), m => m.Subject.Contains("メールアドレス変更のお知らせ", StringComparison.Ordinal));
        var link = Mails.PathIn(Assert.Single(await app.MailsToAsync("new@example.jp")), "/account/email/confirm");

        // Not yet: the old address is still the login.
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(email, password, "/operator");

        var confirm = new HttpSession(app.CreateBrowserLikeClient());
        var (_, page) = await confirm.GetAsync(link);
        Assert.Contains("変更を確定する", page);
        var fields = new Dictionary<string, string?>
        {
            ["user"] = HttpSession.HiddenValue(page, "user"),
            ["email"] = HttpSession.HiddenValue(page, "email"),
            ["token"] = HttpSession.HiddenValue(page, "token"),
        };
        var (_, done) = await confirm.PostAsync("/account/email/confirm", page, fields);
        Assert.Contains("メールアドレスを変更しました", done);
        var (_, again) = await confirm.PostAsync("/account/email/confirm", page, fields);
        Assert.Contains("このURLは無効か、有効期限が切れています", again);

        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("new@example.jp", password, "/operator");
        var (_, refused) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", refused);
        Assert.Equal(2, (await app.MailsToAsync(email)).Count); // asked, then done
    }

    private static Dictionary<string, string> Form(string newEmail, string confirm, string password) => new()
    {
        ["Input.NewEmail"] = newEmail,
        ["Input.ConfirmEmail"] = confirm,
        ["Input.CurrentPassword"] = password,
    };
}

public sealed class EmailChangeTestsOnSqlite : EmailChangeTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class EmailChangeTestsOnPostgres : EmailChangeTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
