using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>パスワードをお忘れの方: a one-time link to the account's address, over HTTP.</summary>
public abstract class PasswordResetTests : DataTest
{
    private const string Answer = "登録されている場合は、パスワード再設定のご案内を送信しました";

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_page_and_the_same_work()
    {
        await using var app = await StartAppAsync();
        var (email, _) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        async Task<(HttpStatusCode Status, string Main, int Mails, int Audits)> AskAsync(string address)
        {
            await using var before = app.Database.CreateContext();
            var (mails, audits) = (await before.Set<OnshiPortal.Infrastructure.Mail.OutboxMessage>().CountAsync(), await before.Set<OnshiPortal.Infrastructure.Audit.AuditEntry>().CountAsync());
            var (response, html) = await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = address });
            await using var after = app.Database.CreateContext();
            var main = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
            return (response.StatusCode, main, await after.Set<OnshiPortal.Infrastructure.Mail.OutboxMessage>().CountAsync() - mails, await after.Set<OnshiPortal.Infrastructure.Audit.AuditEntry>().CountAsync() - audits);
        }

        var known = await AskAsync(email);
        var unknown = await AskAsync("nobody@example.jp");

        // The same page, and the same writes: one mail queued through the outbox and one audit entry each.
        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(StripToken(known.Main), StripToken(unknown.Main));
        Assert.Equal((1, 1), (known.Mails, known.Audits));
        Assert.Equal((1, 1), (unknown.Mails, unknown.Audits));
    }

    private static string StripToken(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", string.Empty);

    [Fact]
    public async Task The_link_sets_a_new_password_once_and_the_answer_never_tells_who_has_an_account()
    {
        await using var app = await StartAppAsync();
        var (email, oldPassword) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        var (_, unknown) = await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.jp" });
        var (_, known) = await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.True(unknown.Contains(Answer, StringComparison.Ordinal), unknown[unknown.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.Contains(Answer, known);
        var none = Assert.Single(await app.MailsToAsync("nobody@example.jp")); // the same work: a mail either way
        Assert.Contains("登録されたアカウントはありません", none.TextBody);
        Assert.DoesNotContain("/account/reset", none.TextBody);
        var mail = Assert.Single(await app.MailsToAsync(email));
        var link = Mails.PathIn(mail, "/account/reset");

        var (page, form) = await session.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = new Dictionary<string, string?>
        {
            ["user"] = HttpSession.HiddenValue(form, "user"),
            ["Token"] = HttpSession.HiddenValue(form, "Token"),
            ["NewPassword"] = "short",
            ["ConfirmPassword"] = "short",
        };
        var (_, tooShort) = await session.PostAsync("/account/reset", form, fields);
        Assert.Contains("12文字以上", tooShort);

        fields["NewPassword"] = fields["ConfirmPassword"] = "aki-no-sora-wa-takaku-sumu";
        var (_, done) = await session.PostAsync("/account/reset", form, fields);
        Assert.Contains("パスワードを再設定しました", done);
        Assert.Contains(await app.MailsToAsync(email), m => m.Subject.Contains("パスワード変更のお知らせ", StringComparison.Ordinal));

        var (_, again) = await session.PostAsync("/account/reset", form, fields);
        Assert.Contains("このURLは無効か、有効期限が切れています", again);

        var (_, refused) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = oldPassword });
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", refused);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(email, "aki-no-sora-wa-takaku-sumu", "/operator");
    }

    [Fact]
    public async Task A_forged_token_changes_nothing()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        await using var db = app.Database.CreateContext();
        var userId = (await db.Users.SingleAsync()).Id;
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, form) = await session.GetAsync($"/account/reset?user={userId}&token=forged");
        var (_, html) = await session.PostAsync("/account/reset", form, new Dictionary<string, string?>
        {
            ["user"] = userId,
            ["Token"] = "forged",
            ["NewPassword"] = "aki-no-sora-wa-takaku-sumu",
            ["ConfirmPassword"] = "aki-no-sora-wa-takaku-sumu",
        });
        Assert.Contains("このURLは無効か、有効期限が切れています", html);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(email, password, "/operator");
    }
}

public sealed class PasswordResetTestsOnSqlite : PasswordResetTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PasswordResetTestsOnPostgres : PasswordResetTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
