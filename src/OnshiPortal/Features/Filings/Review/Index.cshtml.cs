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
using OnshiPortal.Features.Procedures;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Csv;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>
/// The operator's review queue, one for every procedure: filters (procedure, state, prefecture, kind, age, dates),
/// each filing's age, the filings in 受付 to select for one bulk 受理 (Bulk), and the filtered list as CSV.
/// <c>/operator/filings/{slug}</c> is the same page with the procedure chosen.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class IndexModel(FilingQueries queries, AuditTrail audit, PortalDbContext db, IOptions<FilingOptions> options, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    /// <summary>A page shows this many (and one bulk 受理 takes at most as many); the CSV has them all.</summary>
    public const int PageSize = 200;

    /// <summary>The procedure's slug in the path, or empty for every procedure.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public FilingCriteria Criteria { get; set; } = new();

    /// <summary>The procedure the page is about (from the path or the filter), null for all of them.</summary>
    public FilingType? FilingType => Criteria.Procedure;

    public IReadOnlyList<Filing> Items { get; private set; } = [];

    public int Total { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string Title => FilingType is { } type ? text["{0}の審査", text[type.Japanese()].Value] : text["届出・申請の審査"];

    public string CategoryName(string? id) => options.Value.CategoryName(id);

    public IEnumerable<SelectListItem> ProcedureOptions =>
        ProcedureCatalog.All.Select(p => new SelectListItem(text[p.Name], p.Type.ToString()));

    public IEnumerable<SelectListItem> StateOptions =>
        Enum.GetValues<FilingState>().Select(s => new SelectListItem(text[s.Japanese()], s.ToString()));

    public IEnumerable<SelectListItem> PrefectureOptions =>
        Prefectures.All.Select(p => new SelectListItem($"{p.Code:00} {text[p.Name]}", p.Code.ToString(CultureInfo.InvariantCulture)));

    public IEnumerable<SelectListItem> KindOptions =>
        Enum.GetValues<InstitutionKind>().Select(k => new SelectListItem(text[k.Japanese()], k.ToString()));

    /// <summary>Whether a row may be ticked for the bulk 受理 (see <see cref="BulkModel.Refusal"/>).</summary>
    public static bool Selectable(Filing filing) => BulkModel.Refusal(filing) is null;

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

        var query = queries.Queue(Criteria, Now);
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
        var filings = await queries.Queue(Criteria, Now).ToListAsync(cancellationToken);
        var bytes = FilingCsv.Write(filings, Now, shiftJis, options.Value);
        audit.Record("filing.exported", User.Identity?.Name ?? string.Empty, null, new { type = FilingType?.ToString() ?? "all", rows = filings.Count, encoding = shiftJis ? "Shift_JIS" : "UTF-8", criteria = Criteria });
        await db.SaveChangesAsync(cancellationToken);
        var name = $"{FilingType?.Slug() ?? "all"}-filings-{JapanTime.DayOf(Now):yyyyMMdd}{(shiftJis ? "-sjis" : string.Empty)}.csv";
        return File(bytes, shiftJis ? "text/csv; charset=shift_jis" : "text/csv; charset=utf-8", name);
    }

    public string CsvLink(string encoding) => Url.Page("Index", "Csv", new
    {
        type = Type,
        encoding,
        Criteria.Procedure,
        Criteria.State,
        Criteria.Prefecture,
        Criteria.Kind,
        Criteria.WaitingDays,
        From = Criteria.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = Criteria.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }) ?? string.Empty;

    /// <summary>The path's procedure, when there is one, is the procedure filter (the path wins over the query).</summary>
    private bool Resolve()
    {
        Now = clock.GetUtcNow();
        if (string.IsNullOrEmpty(Type))
        {
            return true;
        }

        if (FilingNames.FromSlug(Type) is not { } type)
        {
            return false;
        }

        Criteria.Procedure = type;
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
            csv.WriteHeader(["受付番号", "届出", "状態", "医療機関等コード", "名称", "都道府県", "種別", "受付日時", "経過日数", "承継先コード", "経過措置の区分", "経過措置の期限", "数量", "運用開始日"]);
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

                // Readers ordered, terminals planned or the terminal's number, as the procedure counts (Filing.Quantity).
                csv.WriteField(f.Quantity?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(f.EffectiveOn is { } effective ? effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty);
                csv.EndRecord();
            }

            csv.Flush();
        }

        return output.ToArray();
    }
}
