using System.Globalization;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Activation;

/// <summary>The two mails of activation; their Japanese text is in the .mail.txt / .mail.html files beside this one.</summary>
public static class ActivationMails
{
    /// <summary>The one-time link that proves the new address (valid 24 hours).</summary>
    public static OutgoingMail Link(Institution institution, ActivationRequest request, string link) =>
        MailTemplate.Render(typeof(ActivationMails), "ActivationLink", new Dictionary<string, string>
        {
            ["InstitutionName"] = institution.Name,
            ["InstitutionCode"] = institution.Code,
            ["Email"] = request.Email,
            ["Link"] = link,
            ["ExpiresAt"] = Wareki.DateTime(request.ExpiresAt),
        }).To(request.Email);

    /// <summary>アカウント登録完了のご案内.</summary>
    public static OutgoingMail Completed(Institution institution, ActivationRequest request, string loginUrl) =>
        MailTemplate.Render(typeof(ActivationMails), "ActivationCompleted", new Dictionary<string, string>
        {
            ["InstitutionName"] = institution.Name,
            ["InstitutionCode"] = institution.Code,
            ["Email"] = request.Email,
            ["LoginUrl"] = loginUrl,
        }).To(request.Email);
}
