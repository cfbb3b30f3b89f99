namespace OnshiPortal.Features.People;

/// <summary>
/// The mails a person may turn off (お知らせメールの設定). Security mails (password, e-mail address, second factor,
/// new device) are not among them: they always go, since they are how a person hears that somebody else got in.
/// </summary>
[Flags]
public enum MailTopics
{
    None = 0,

    /// <summary>手続きの結果: filed, accepted, returned, withdrawn.</summary>
    Outcomes = 1,

    /// <summary>
    /// 期限のお知らせ: reminders before a deadline (Procedures/Reminders: the deferral's deadline, the subsidy's application period), to
    /// the people InstitutionMail.RecipientsAsync(db, code, MailTopics.Reminders) finds.
    /// </summary>
    Reminders = 2,

    /// <summary>お知らせ: the operator's news circulated by mail.</summary>
    News = 4,

    /// <summary>障害・メンテナンスのお知らせ: an incident's opening and its all-clear (Status/StatusByMail); off until turned on.</summary>
    Status = 8,

    /// <summary>
    /// 入力途中の手続きのお知らせ: a draft saved and left (Procedures/Drafts/DraftReminders), to the person who saved it.
    /// On for everyone: <see cref="Account.PortalUser.MutedMails"/> is the mask of what is muted.
    /// </summary>
    Drafts = 16,
}
