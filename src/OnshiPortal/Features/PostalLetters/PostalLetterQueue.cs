using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Procedures.Certificates;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>A queued letter as the printing page lists it.</summary>
public sealed record QueuedLetter(long Id, PostalLetterKind Kind, string InstitutionCode, string InstitutionName, DateTimeOffset QueuedAt, DateTimeOffset? PrintedAt, string? PrintedBy);

/// <summary>
/// A letter's secret to seal into its row: <paramref name="SealedFor"/> is the associated data its kind prints it
/// for (a sealed value copied onto another letter does not open), <paramref name="Until"/> when it stops working.
/// </summary>
public sealed record LetterSecret(string SealedFor, string Value, DateTimeOffset Until);

/// <summary>
/// The print queue: letters are queued by the decision that needs them, in its transaction (<see cref="Queue"/>), and
/// printed once, in the print batch that takes it (<see cref="PrintBatches"/>), drawn by <see cref="Render"/>.
/// </summary>
public sealed class PostalLetterQueue(PortalDbContext db, LetterPasswordSeal seal, IOptions<CallCentreContact> callCentre)
{
    /// <summary>Japanese kept readable in the table (the call centre's and a developer's eye), as the master's history does.</summary>
    private static readonly JsonSerializerOptions DataJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// Adds the letter to the caller's unit of work: it is queued when (and only if) the caller saves and commits. A
    /// secret is sealed into the row, never written into its data.
    /// </summary>
    public PostalLetter Queue(PostalLetterKind kind, string institutionCode, object data, DateTimeOffset now, LetterSecret? secret = null)
    {
        var letter = new PostalLetter { Kind = kind, InstitutionCode = institutionCode, Data = JsonSerializer.Serialize(data, data.GetType(), DataJson), QueuedAt = now };
        if (secret is not null)
        {
            (letter.SealKeyId, letter.SealedSecret) = seal.Seal(secret.SealedFor, secret.Value);
            letter.SealedUntil = secret.Until;
        }

        db.Set<PostalLetter>().Add(letter);
        return letter;
    }

    /// <summary>The letter's secret, opened for its rendering only; null once its seal was dropped (spent or expired).</summary>
    private string? Opened(PostalLetter letter, string sealedFor) =>
        letter.SealKeyId is { } keyId && letter.SealedSecret is { } sealedSecret ? seal.Open(keyId, sealedFor, sealedSecret) : null;

    private static T DataOf<T>(PostalLetter letter) =>
        JsonSerializer.Deserialize<T>(letter.Data) ?? throw new InvalidOperationException($"Postal letter {letter.Id} has no data.");

    /// <summary>The letters waiting, oldest first, and the last ones printed.</summary>
    public async Task<(IReadOnlyList<QueuedLetter> Waiting, IReadOnlyList<QueuedLetter> Printed)> ListAsync(CancellationToken cancellationToken = default)
    {
        var waiting = await Listed(db.Set<PostalLetter>().Where(l => l.PrintedAt == null).OrderBy(l => l.Id).Take(1000), cancellationToken);
        var printed = await Listed(db.Set<PostalLetter>().Where(l => l.PrintedAt != null).OrderByDescending(l => l.Id).Take(50), cancellationToken);
        return (waiting, printed);
    }

    private Task<List<QueuedLetter>> Listed(IQueryable<PostalLetter> letters, CancellationToken cancellationToken) =>
        letters.GroupJoin(db.Institutions, l => l.InstitutionCode, i => i.Code, (l, i) => new { l, i })
            .SelectMany(x => x.i.DefaultIfEmpty(), (x, i) => new QueuedLetter(x.l.Id, x.l.Kind, x.l.InstitutionCode, i == null ? string.Empty : i.Name, x.l.QueuedAt, x.l.PrintedAt, x.l.PrintedBy))
            .ToListAsync(cancellationToken);

    /// <summary>One A4 page per letter (printed single-sided), in the queue's order.</summary>
    public byte[] Render(IEnumerable<PostalLetter> letters)
    {
        PortalFontResolver.Register();
        using var document = new PdfDocument();
        document.Info.Title = "医療機関等向けポータルサイト 郵送物";
        document.Info.Creator = "OnshiPortal";
        foreach (var letter in letters)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            using var graphics = XGraphics.FromPdfPage(page);
            switch (letter.Kind)
            {
                case PostalLetterKind.CertificateNotice:
                    (JsonSerializer.Deserialize<CertificateNoticeLetter>(letter.Data)
                        ?? throw new InvalidOperationException($"Postal letter {letter.Id} has no data.")).Draw(graphics, letter.InstitutionCode, callCentre.Value);
                    break;
                case PostalLetterKind.SuccessionGuidance:
                    (JsonSerializer.Deserialize<Filings.Succession.SuccessionGuidanceLetter>(letter.Data)
                        ?? throw new InvalidOperationException($"Postal letter {letter.Id} has no data.")).Draw(graphics, callCentre.Value);
                    break;
                case PostalLetterKind.CredentialReissue:
                    var reissue = DataOf<CredentialReissueLetter>(letter);
                    reissue.Draw(graphics, callCentre.Value, Opened(letter, reissue.LoginId));
                    break;
                case PostalLetterKind.RegistrationPin:
                    var pin = DataOf<Registration.RegistrationPinLetter>(letter);
                    pin.Draw(graphics, callCentre.Value, Opened(letter, pin.SealedFor));
                    break;
                default:
                    throw new InvalidOperationException($"Postal letter {letter.Id}: no renderer for {letter.Kind}.");
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
