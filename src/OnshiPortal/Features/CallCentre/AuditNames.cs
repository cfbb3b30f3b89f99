namespace OnshiPortal.Features.CallCentre;

/// <summary>Japanese names of the audit actions an institution's trail holds; an unknown one shows as stored.</summary>
public static class AuditNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["activation.requested"] = "アカウント登録の申込み（確認メール送信）",
        ["activation.link-resent"] = "アカウント登録の確認メール再送信",
        ["activation.completed"] = "アカウント登録の完了",
        ["callcentre.credential-reissued"] = "コールセンター: 仮IDの再発行",
        ["callcentre.account-unlocked"] = "コールセンター: ロック解除",
        ["callcentre.sessions-ended"] = "コールセンター: 全端末からのログアウト",
        ["callcentre.password-reset-sent"] = "コールセンター: パスワード再設定メール送信",
        ["callcentre.email-change-sent"] = "コールセンター: メールアドレス変更の確認メール送信",
        ["callcentre.registration-confirmed"] = "コールセンター: 自己登録の確認",
        ["callcentre.administrator-restored"] = "コールセンター: 管理者の復旧（本人確認済み）",
        ["people.invited"] = "職員の招待（招待メール送信）",
        ["people.invitation-revoked"] = "職員への招待の取消し",
        ["people.joined"] = "招待された職員の登録",
        ["people.role-changed"] = "職員の権限の変更",
        ["people.removed"] = "職員の削除",
        ["person.suspended"] = "職員の利用停止",
        ["person.reactivated"] = "職員の利用停止・休止の解除",
        ["person.inactivity-warned"] = "長期間ログインなし: 休止の予告メール",
        ["person.dormant"] = "長期間ログインなし: 休止",
        ["email.change-requested"] = "メールアドレス変更の申込み",
        ["email.changed"] = "メールアドレスの変更",
        ["master-account.issued"] = "マスタアカウントの発行（利用申請の受理）",
        ["master-account.downloaded"] = "マスタアカウント通知のダウンロード",
        ["postal-letter.printed"] = "郵送物の印刷",
        ["login.failed"] = "ログイン失敗",
        ["login.locked-out"] = "ログイン失敗によるロック",
        ["login.succeeded"] = "ログイン",
        ["login.password-accepted"] = "パスワード確認（2段階目待ち）",
        ["password.changed"] = "パスワード変更",
        ["password.reset"] = "パスワード再設定",
        ["password.reset-requested"] = "パスワード再設定メールの申込み",
        ["registration.completed"] = "アカウント登録（自己登録）",
        ["registration.pin-requested"] = "自己登録: 確認コードの郵送の請求",
        ["succession.account-moved"] = "承継: アカウントの移行（旧コード）",
        ["succession.account-received"] = "承継: アカウントの移行（新コード）",
        ["succession.guidance-printed"] = "承継: ご案内の印刷",
        ["temporary-login"] = "仮IDでのログイン",
        ["vendor.invited"] = "ベンダーへの委任（案内メール送信）",
        ["vendor.invitation-revoked"] = "ベンダーへの招待の取消し",
        ["vendor.accepted"] = "ベンダーによる委任の受け入れ",
        ["vendor.renewed"] = "ベンダーへの委任の期限更新",
        ["vendor.revoked"] = "ベンダーへの委任の取消し",
    };

    /// <summary>Every name, for the check that each has its English (EnglishResourceTests).</summary>
    internal static IEnumerable<string> All => Names.Values;

    public static string Japanese(string action) =>
        Names.TryGetValue(action, out var name) ? name
        : action.StartsWith("filing.", StringComparison.Ordinal) ? "届出: " + action["filing.".Length..]
        : action;
}
