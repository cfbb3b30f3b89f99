using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// One call-centre action on one institution: what it will do, the reason (required), for an e-mail change the new
/// address and the identity checklist; the button does it. Who may take which action: <see cref="CallCentreActions"/>.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class ActModel(PortalDbContext db, CallCentreDesk desk, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    public const int MaxReasonLength = 500;

    /// <summary>What the operator asks the caller (or checks by calling back) before an e-mail change.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> IdentityChecks =
    [
        ("code", "医療機関等コードを正しく答えられた"),
        ("name", "医療機関等の名称を正しく答えられた"),
        ("founder", "開設者の氏名（名称）を正しく答えられた"),
        ("callback", "マスタの電話番号へ折り返し電話をかけ、本人であることを確かめた"),
    ];

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public List<string> Checks { get; set; } = [];

    /// <summary>The person acted on (利用停止, its lifting) or chosen as 管理者 (復旧): their user id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    /// <summary>The person of <see cref="Person"/> for the actions on one person; null otherwise.</summary>
    public PersonRow? Target { get; private set; }

    /// <summary>Reissue: the NN of the newest credential when the page was shown (see <see cref="CallCentreDesk.ReissueAsync"/>).</summary>
    [BindProperty]
    public int LatestSeen { get; set; }

    public CallCentreAction Action { get; private set; }

    public InstitutionFile Case { get; private set; } = default!;

    public Institution Institution => Case.Institution;

    /// <summary>
    /// The actions that hand the institution to an e-mail address: the new login address, and a self-registration
    /// proven by the operator (only a call-back to the master's phone tells the institution from a stranger).
    /// </summary>
    public bool NeedsIdentityChecks => Action is CallCentreAction.ChangeEmail or CallCentreAction.RestoreAdministrator
        || (Action is CallCentreAction.ConfirmRegistration && Case.Registration is { InMaster: true });

    public async Task<IActionResult> OnGetAsync(string code, string action, CancellationToken cancellationToken) =>
        await LoadAsync(code, action, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(string code, string action, CancellationToken cancellationToken)
    {
        if (await LoadAsync(code, action, cancellationToken) is { } refused)
        {
            return refused;
        }

        var reason = Reason?.Trim() ?? string.Empty;
        if (reason.Length == 0)
        {
            ModelState.AddModelError(nameof(Reason), "操作の理由を入力してください（例: 送付状を紛失したとの電話）。");
        }
        else if (reason.Length > MaxReasonLength)
        {
            // Built with the limit, so in the page's language here; the other errors are looked up where they are shown.
            ModelState.AddModelError(nameof(Reason), text["操作の理由は{0}文字以内で入力してください。", MaxReasonLength]);
        }

        var email = EmailAddresses.Fold(NewEmail);
        if (Action == CallCentreAction.ChangeEmail)
        {
            if (email.Length == 0)
            {
                ModelState.AddModelError(nameof(NewEmail), "新しいメールアドレスを入力してください。");
            }
            else if (!OnshiPortal.Infrastructure.Mail.MailAddresses.IsSendable(email))
            {
                ModelState.AddModelError(nameof(NewEmail), "メールアドレスの形式が正しくありません。");
            }

        }

        if (NeedsIdentityChecks && IdentityChecks.Any(c => !Checks.Contains(c.Value)))
        {
            ModelState.AddModelError(nameof(Checks), Action switch
            {
                CallCentreAction.ChangeEmail => "本人確認の項目をすべて確かめてから変更してください。",
                CallCentreAction.RestoreAdministrator => "本人確認の項目をすべて確かめてから管理者を復旧してください。",
                _ => "本人確認の項目をすべて確かめてから確認済みにしてください。",
            });
        }

        if (Action == CallCentreAction.RestoreAdministrator && !Case.Restorable.Any(p => p.Id == Person))
        {
            ModelState.AddModelError(nameof(Person), "管理者にする職員を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = User.Identity!.Name!;
        string? refusal;
        switch (Action)
        {
            case CallCentreAction.Reissue:
                // The letter waits, sealed, for a Printer (or an Admin) on the institution's page: the operator who
                // reissues never holds the new password.
                (_, refusal) = await desk.ReissueAsync(Institution.Code, LatestSeen, actor, reason, cancellationToken);
                break;
            case CallCentreAction.Unlock:
                refusal = await desk.UnlockAsync(Institution.Code, actor, reason, cancellationToken);
                break;
            case CallCentreAction.PasswordReset:
                refusal = await desk.SendPasswordResetAsync(Institution.Code, actor, reason, cancellationToken);
                break;
            case CallCentreAction.ChangeEmail:
                var checks = IdentityChecks.Select(c => c.Value).ToList();
                if (await desk.ChangeEmailAsync(Institution.Code, email, checks, actor, reason, cancellationToken) is { } problem)
                {
                    ModelState.AddModelError(problem.Field, problem.Message);
                    return Page();
                }

                refusal = null;
                break;
            case CallCentreAction.RefuseRegistration:
                refusal = await desk.RefuseRegistrationAsync(Institution.Code, actor, reason, cancellationToken);
                break;
            case CallCentreAction.EndSessions:
                refusal = await desk.EndSessionsAsync(Institution.Code, actor, reason, cancellationToken);
                break;
            case CallCentreAction.SuspendPerson:
                refusal = await desk.SuspendPersonAsync(Institution.Code, Target!.Id, actor, reason, cancellationToken);
                break;
            case CallCentreAction.LiftPerson:
                refusal = await desk.LiftPersonAsync(Institution.Code, Target!.Id, actor, reason, cancellationToken);
                break;
            case CallCentreAction.RestoreAdministrator:
                refusal = await desk.RestoreAdministratorAsync(Institution.Code, Person!, [.. IdentityChecks.Select(c => c.Value)], actor, reason, cancellationToken);
                break;
            default:
                refusal = await desk.ConfirmRegistrationAsync(Institution.Code, NeedsIdentityChecks ? [.. IdentityChecks.Select(c => c.Value)] : [], actor, reason, cancellationToken);
                break;
        }

        if (refusal is not null)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return Redirect($"/operator/institutions/{Institution.Code}?done={Action.Slug()}");
    }

    /// <summary>Whether an action on one person applies to the person as they stand.</summary>
    public static string? WhyNot(CallCentreAction action, PersonRow? person) => action switch
    {
        CallCentreAction.SuspendPerson when person is not { State: PersonState.Active } => "利用中の職員ではありません。",
        CallCentreAction.LiftPerson when person is not { State: PersonState.Suspended or PersonState.Dormant } => "利用停止・休止中の職員ではありません。",
        _ => null,
    };

    /// <summary>Null when the page can be shown: the institution exists, the action applies, and this role may take it.</summary>
    private async Task<IActionResult?> LoadAsync(string code, string action, CancellationToken cancellationToken)
    {
        if (CallCentreActions.FromSlug(action) is not { } parsedAction || !InstitutionCode.TryParse(code, out var parsed, out _))
        {
            return NotFound();
        }

        if (!parsedAction.MayBeTakenBy(User))
        {
            return Forbid();
        }

        var file = await InstitutionFile.LoadAsync(db, parsed.Value, clock.GetUtcNow(), cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Action = parsedAction;
        Case = file;
        if (parsedAction.IsOnPerson())
        {
            Target = file.People.FirstOrDefault(p => p.Id == Person);
            if (Target is null)
            {
                return NotFound();
            }
        }

        if ((file.WhyNot(parsedAction) ?? WhyNot(parsedAction, Target)) is { } whyNot)
        {
            ModelState.AddModelError(string.Empty, whyNot);
        }

        return null;
    }
}
