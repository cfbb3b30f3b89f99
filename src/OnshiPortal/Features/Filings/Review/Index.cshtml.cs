using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Csv;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>The operator's review queue of one type: filters, each filing's age, and the filtered list as CSV.</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class IndexModel(FilingQueries queries, AuditTrail audit, PortalDbContext db, IOptions<FilingOptions> options, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    /// <summary>A page shows this many; the CSV has them all.</summary>
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public string Type { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public FilingCriteria Criteria { get; set; } = new();

    public FilingType FilingType { get; private set; }

    public IReadOnlyList<Filing> Items { get; private set; } = [];

    public int Total { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string CategoryName(string? id) => options.Value.CategoryName(id);

    public IEnumerable<SelectListItem> StateOptions =>
        Enum.GetValues<FilingState>().Select(s => new SelectListItem(text[s.Japanese()], s.ToString()));

    public IEnumerable<SelectListItem> PrefectureOptions =>
        Prefectures.All.Select(p => new SelectListItem($"{p.Code:00} {text[p.Name]}", p.Code.ToString(CultureInfo.InvariantCulture)));

    public IEnumerable<SelectListItem> KindOptions =>
        Enum.GetValues<InstitutionKind>().Select(k => new SelectListItem(text[k.Japanese()], k.ToString()));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Resolve())
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var query = queries.Queue(FilingType, Criteria);
        Total = await query.CountAsync(cancellationToken);
        Items = await query.Take(PageSize).ToListAsync(cancellationToken);
        return Page();
    }

    /// <summary>The filtered list as CSV: <c>encoding=sjis</c> for Excel in Japan (CP932), else UTF-8 with a BOM.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? encoding, CancellationToken cancellationToken)
    {
        if (!Resolve() || !ModelState.IsValid)
        {
            return NotFound();
        }

        var shiftJis = CsvEncodings.TryParse(encoding, out var parsed) && parsed == CsvEncoding.ShiftJis;
        var filings = await queries.Queue(FilingType, Criteria).ToListAsync(cancellationToken);
        var bytes = FilingCsv.Write(filings, Now, shiftJis, options.Value);
        audit.Record("filing.exported", User.Identity?.Name ?? string.Empty, null, new { type = FilingType.ToString(), rows = filings.Count, encoding = shiftJis ? "Shift_JIS" : "UTF-8", criteria = Criteria });
        await db.SaveChangesAsync(cancellationToken);
        var name = $"{FilingType.Slug()}-filings-{JapanTime.DayOf(Now):yyyyMMdd}{(shiftJis ? "-sjis" : string.Empty)}.csv";
        return File(bytes, shiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", name);
    }

    public string CsvLink(string encoding) => Url.Page("Index", "Csv", new
    {
        type = Type,
        encoding,
        Criteria.State,
        Criteria.Prefecture,
        Criteria.Kind,
        From = Criteria.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = Criteria.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }) ?? string.Empty;

    private bool Resolve()
    {
        Now = clock.GetUtcNow();
        if (FilingNames.FromSlug(Type) is not { } type)
        {
            return false;
        }

        FilingType = type;
        return true;
    }
}

/// <summary>The review queue as CSV, in the columns the operators' spreadsheet uses.</summary>
public static class FilingCsv
{
    public static byte[] Write(IEnumerable<Filing> filings, DateTimeOffset now, bool shiftJis, FilingOptions options)
    {
        // Shift_JIS cannot write every character an institution may type (e.g. some 異体字): those become 〓, the
        // customary mark for a missing glyph, rather than failing the whole export.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = shiftJis
            ? Encoding.GetEncoding(932, new EncoderReplacementFallback("〓"), DecoderFallback.ReplacementFallback)
            : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        using var output = new MemoryStream();
        using (var writer = new StreamWriter(output, encoding, leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { Separator = ',', NewLine = "\r\n" }, leaveOpen: true))
        {
            csv.WriteHeader(["受付番号", "届出", "状態", "医療機関等コード", "名称", "都道府県", "種別", "受付日時", "経過日数", "承継先コード", "経過措置の区分", "経過措置の期限"]);
            foreach (var f in filings)
            {
                csv.WriteField(f.ReceiptNumber);
                csv.WriteField(f.Type.Japanese());
                csv.WriteField(f.State.Japanese());
                csv.WriteField(f.InstitutionCode);
                csv.WriteField(SpreadsheetText.Protect(f.InstitutionName)); // typed by self-registrants: no formulas
                csv.WriteField(Prefectures.NameOf(f.Prefecture));
                csv.WriteField(f.Kind.Japanese());
                csv.WriteField(JapanTime.Compact(f.SubmittedAt));
                csv.WriteField(FilingQueries.AgeInDays(f, now).ToString(CultureInfo.InvariantCulture));
                csv.WriteField(SpreadsheetText.Protect(f.SuccessorCode));
                csv.WriteField(SpreadsheetText.Protect(options.CategoryName(f.DeferralCategory)));
                csv.WriteField(f.DeferralEndsOn is { } end ? end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty);
                csv.EndRecord();
            }

            csv.Flush();
        }

        return output.ToArray();
    }
}
