using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Filings.Succession;

/// <summary>
/// What accepting a succession does, inside the acceptance's transaction: the account and every person of the
/// institution move to the new code with their e-mails, passwords and roles, and its vendors' delegations with them; the old institution becomes 承継済 with a link to the new one; both codes' histories say so.
/// A new code the master does not know yet is entered from the filing, as the import would enter it.
/// </summary>
public sealed class SuccessionTransfer(PortalDbContext db, AuditTrail audit, PendingRegistrations pendingRegistrations, PostalLetterQueue letters, IOptions<MailOptions> mail)
{
    /// <returns>The Japanese reason the move is refused, or null when done.</returns>
    public async Task<string?> MoveAsync(Filing filing, string operatorLogin, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var entries = JsonSerializer.Deserialize<SuccessionEntries>(filing.Entries)!;
        var newCode = InstitutionCode.Parse(entries.NewCode);
        var refusal = await SuccessionRules.RefusalAsync(db, filing.InstitutionCode, newCode, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var people = await db.Users.PeopleOf(filing.InstitutionCode).ToListAsync(cancellationToken);
        if (people.Count == 0)
        {
            return "この医療機関等コードのアカウントは、すでにほかのコードに移っています。";
        }

        // A self-registration of the new code that nobody proved gives way to the account that moves there.
        await pendingRegistrations.GiveWayAsync(newCode.Value, PendingRegistrations.SuccessionReason, operatorLogin, cancellationToken);
        var old = await db.Institutions.FirstOrDefaultAsync(i => i.Code == filing.InstitutionCode, cancellationToken);
        if (old is not null)
        {
            db.InstitutionRevisions.Add(new InstitutionRevision
            {
                InstitutionCode = old.Code,
                Kind = RevisionKind.Succeeded,
                ChangedAt = now,
                ChangedBy = operatorLogin,
                Changes = InstitutionMapping.ToJson(new Dictionary<string, string?[]>
                {
                    [nameof(Institution.Status)] = [old.Status.ToString(), nameof(InstitutionStatus.Succeeded)],
                    [nameof(Institution.SuccessorCode)] = [old.SuccessorCode, newCode.Value],
                }),
            });
            old.Status = InstitutionStatus.Succeeded;
            old.SuccessorCode = newCode.Value;
            old.UpdatedAt = now;
        }

        var successor = await db.Institutions.FirstOrDefaultAsync(i => i.Code == newCode.Value, cancellationToken);
        if (successor is null)
        {
            successor = new Institution
            {
                Code = newCode.Value,
                Prefecture = newCode.Prefecture,
                Kind = newCode.Kind,
                Name = entries.NewName,
                Founder = entries.NewFounder,
                PostalCode = entries.NewPostalCode,
                Address = entries.NewAddress,
                SearchText = InstitutionMapping.SearchTextOf(entries.NewName, string.Empty),
                OpenedOn = entries.ValidFrom,
                Status = InstitutionStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Institutions.Add(successor);
        }

        db.InstitutionRevisions.Add(new InstitutionRevision
        {
            InstitutionCode = newCode.Value,
            Kind = RevisionKind.SucceededFrom,
            ChangedAt = now,
            ChangedBy = operatorLogin,
            Changes = InstitutionMapping.ToJson(new Dictionary<string, string?[]> { [nameof(Institution.PredecessorCode)] = [successor.PredecessorCode, filing.InstitutionCode] }),
        });

        // The same link the master's 承継元 column makes: the accepted filing is the authority until the master says so too.
        successor.PredecessorCode = filing.InstitutionCode;
        successor.ImportRowHash = null; // the master's fingerprint no longer tells its fields: the next import compares them

        // The e-mails and the password hashes stay as they are: the same logins now open the new code.
        foreach (var person in people)
        {
            person.InstitutionCode = newCode.Value;
            if (person.AccountOf is not null)
            {
                person.AccountOf = newCode.Value;
                person.DisplayName = successor.Name;

                // The account of record, made on its own day, counts for the new code now (InstitutionSteps).
                successor.AccountCreatedOn = JapanTime.DayOf(person.CreatedAt);
                old?.AccountCreatedOn = null;
            }
        }

        await CarryProceduresAsync(filing, newCode, successor.Name, operatorLogin, now, cancellationToken);
        await db.Set<Vendors.VendorDelegation>().Where(d => d.InstitutionCode == filing.InstitutionCode)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.InstitutionCode, newCode.Value), cancellationToken);

        // An invitation to the old code would add a person to an institution that has none left.
        await db.Set<Invitation>().Where(i => i.InstitutionCode == filing.InstitutionCode && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);

        // One account per code: a letter's temporary login for the new code would make a second one.
        await db.Set<TemporaryCredential>()
            .Where(c => c.InstitutionCode == newCode.Value && c.UsedAt == null && c.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        await LetterProgress.RegisteredAsync(db, newCode.Value, now, cancellationToken);
        var moved = people.Select(p => p.Email).ToList();
        QueueGuidance(filing, entries, successor, now);
        audit.Record("succession.account-moved", operatorLogin, filing.InstitutionCode, new { filing.ReceiptNumber, from = filing.InstitutionCode, to = newCode.Value, account = people.FirstOrDefault(p => p.AccountOf is not null)?.Email, people = moved });
        audit.Record("succession.account-received", operatorLogin, newCode.Value, new { filing.ReceiptNumber, from = filing.InstitutionCode, account = people.FirstOrDefault(p => p.AccountOf is not null)?.Email, people = moved });
        return null;
    }

    /// <summary>
    /// The guidance the acceptance mail promises, to the new code's address (the master's, or the filing's when the
    /// master has none yet), queued in this transaction: no acceptance without its letter, no letter without it.
    /// </summary>
    private void QueueGuidance(Filing filing, SuccessionEntries entries, Institution successor, DateTimeOffset now)
    {
        var (postalCode, address) = successor.PostalCode.Length == 7 && successor.Address.Length > 0
            ? (successor.PostalCode, successor.Address)
            : (entries.NewPostalCode, entries.NewAddress);
        letters.Queue(
            PostalLetterKind.SuccessionGuidance,
            successor.Code,
            new SuccessionGuidanceLetter(successor.Name, postalCode, address, filing.InstitutionCode, successor.Code, entries.ValidFrom, filing.ReceiptNumber, JapanTime.DayOf(now), mail.Value.Link("/mypage")),
            now);
    }

    /// <summary>
    /// The road travels with the account: the 利用申請, the card reader orders and the 運用開始日 become the new
    /// code's, in the state they are in, each with a line in its history. The electronic certificates do not: a
    /// certificate is bound to the code it was issued for, so the new code asks for its own (the road says so).
    /// </summary>
    private async Task CarryProceduresAsync(Filing succession, InstitutionCode newCode, string newName, string operatorLogin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var carried = await db.Set<Filing>()
            .Where(f => f.InstitutionCode == succession.InstitutionCode && CarriedProcedures.Contains(f.Type))
            .ToListAsync(cancellationToken);
        foreach (var road in carried)
        {
            var reason = $"承継（受付番号 {succession.ReceiptNumber}）により、医療機関等コード {road.InstitutionCode} から {newCode.Value} に引き継ぎました。";
            road.InstitutionCode = newCode.Value;
            road.Prefecture = newCode.Prefecture;
            road.Kind = newCode.Kind;
            road.InstitutionName = newName;
            road.OpenKey = road.OpenKey is null ? null : Procedures.ProcedureCatalog.Of(road.Type).OpenKey(newCode.Value, road.Quantity);
            db.Set<FilingEvent>().Add(new FilingEvent { FilingId = road.Id, At = now, Actor = operatorLogin, ByOperator = true, From = road.State, To = road.State, Reason = reason });
        }

        if (carried.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            await Procedures.Road.RoadMilestones.RecomputeAsync(db, [succession.InstitutionCode, newCode.Value], cancellationToken);
            audit.Record("succession.procedures-carried", operatorLogin, newCode.Value, new { succession.ReceiptNumber, from = succession.InstitutionCode, filings = carried.Select(f => f.ReceiptNumber) });
        }
    }

    private static readonly FilingType[] CarriedProcedures = [FilingType.ServiceApplication, FilingType.CardReaderOrder, FilingType.OperationStart];
}
