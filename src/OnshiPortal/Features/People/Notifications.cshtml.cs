using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.People;

/// <summary>
/// メールの受信設定: which of the mails a person may turn off they get (<see cref="MailTopics"/>), per person. The
/// security mails are listed as always sent. Outcomes go to the institution's 管理者 even when all its people muted
/// them (InstitutionMail), which the page says.
/// </summary>
[Authorize]
public sealed class NotificationsModel(UserManager<PortalUser> users) : PageModel
{
    /// <summary>The topics in the order shown, with their labels and what each brings.</summary>
    public static readonly IReadOnlyList<(MailTopics Topic, string Label, string Hint)> Topics =
    [
        (MailTopics.Outcomes, "手続きの結果", "届出の受付・受理・差戻し・取下げのお知らせです。医療機関等の全員が受け取らない設定にした場合も、管理者には届きます。"),
        (MailTopics.Reminders, "期限のお知らせ", "手続きの期限が近づいたときのお知らせです。"),
        (MailTopics.Drafts, "入力途中の手続きのお知らせ", "途中保存したまま提出していない手続きがあるときに、保存した人にお知らせします。"),
        (MailTopics.News, "お知らせ", "支払基金がポータルサイトに新しいお知らせを掲載したときに、件名とリンクをお送りします。"),
        (MailTopics.Status, "障害・メンテナンスのお知らせ", "ポータルサイトに障害やメンテナンスがあるとき、その発生と復旧をお送りします。"),
    ];

    /// <summary>What always goes, whatever is chosen here.</summary>
    public static readonly IReadOnlyList<string> SecurityMails =
    [
        "パスワードの変更・再設定",
        "メールアドレスの変更",
        "2段階認証の設定の変更",
        "長期間ログインがない場合の休止の予告と休止のお知らせ",
    ];

    /// <summary>The topics ticked (their names).</summary>
    [BindProperty]
    public List<string> Wanted { get; set; } = [];

    public bool Saved { get; private set; }

    public bool IsWanted(MailTopics topic) => Wanted.Contains(topic.ToString());

    public async Task<IActionResult> OnGetAsync(bool saved = false)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Wanted = [.. Topics.Where(t => user.Wants(t.Topic)).Select(t => t.Topic.ToString())];
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var muted = MailTopics.None;
        foreach (var (topic, _, _) in Topics.Where(t => !Wanted.Contains(t.Topic.ToString())))
        {
            muted |= topic;
        }

        user.MutedMails = muted;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, PeopleStates.Conflict);
            return Page();
        }

        return Redirect("/account/notifications?saved=true");
    }
}
