using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Search;

/// <summary>What the call centre types: any of these, combined with AND.</summary>
public sealed class InstitutionSearchCriteria
{
    /// <summary>Full or leading part of the 医療機関等コード; full-width digits and hyphens are fine.</summary>
    public string? Code { get; set; }

    /// <summary>Part of the name or of its kana reading.</summary>
    public string? Name { get; set; }

    /// <summary>Full or leading part of the phone number.</summary>
    public string? Phone { get; set; }

    public int? Prefecture { get; set; }

    public InstitutionKind? Kind { get; set; }

    public int Page { get; set; } = 1;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Code) && string.IsNullOrWhiteSpace(Name)
        && string.IsNullOrWhiteSpace(Phone) && Prefecture is null && Kind is null;
}

public sealed record InstitutionSummary(string Code, string Name, string NameKana, InstitutionKind Kind, int Prefecture, string Address, string Phone, InstitutionStatus Status);

public sealed record InstitutionSearchResult(IReadOnlyList<InstitutionSummary> Items, int Total, bool TotalIsAtLeast, int Page, int PageCount);

/// <summary>The operator's institution search. Code and phone are prefix ranges on an index; never a scan for a code.</summary>
public sealed class InstitutionSearch(PortalDbContext db)
{
    public const int PageSize = 20;

    /// <summary>One row of a result list, as the search and the misheard-code suggestions show it.</summary>
    public static readonly Expression<Func<Institution, InstitutionSummary>> Summary =
        i => new InstitutionSummary(i.Code, i.Name, i.NameKana, i.Kind, i.Prefecture, i.Address, i.Phone, i.Status);

    /// <summary>
    /// Counting stops here: the count is exact up to it and "N件以上" above it (a vague search over 250,000 rows needs
    /// a narrower query, not an exact total), and no search reads more than this many matches, however common its word.
    /// </summary>
    public const int CountLimit = 1_000;

    /// <summary>Field name → Japanese error, for what cannot be searched as typed.</summary>
    public static Dictionary<string, string> Validate(InstitutionSearchCriteria criteria)
    {
        var errors = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(criteria.Code) && string.IsNullOrEmpty(InstitutionCode.NormalizeDigits(criteria.Code)))
        {
            errors[nameof(criteria.Code)] = "医療機関等コードは数字で入力してください（全角も可）。";
        }
        else if (InstitutionCode.NormalizeDigits(criteria.Code) is { Length: > InstitutionCode.Length })
        {
            errors[nameof(criteria.Code)] = "医療機関等コードは10桁以内で入力してください。";
        }

        if (!string.IsNullOrWhiteSpace(criteria.Phone) && string.IsNullOrEmpty(PhoneDigits(criteria.Phone)))
        {
            errors[nameof(criteria.Phone)] = "電話番号は数字で入力してください（ハイフンは省略可）。";
        }

        if (criteria.Prefecture is not null and (< 1 or > 47))
        {
            errors[nameof(criteria.Prefecture)] = "都道府県を一覧から選んでください。";
        }

        return errors;
    }

    public async Task<InstitutionSearchResult> SearchAsync(InstitutionSearchCriteria criteria, CancellationToken cancellationToken = default)
    {
        // At most the count's limit and one more: one more says "at least", and no match past it is read.
        var codes = await CodesAsync(criteria, CountLimit + 1, cancellationToken);
        var total = Math.Min(codes.Count, CountLimit);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(criteria.Page, 1, pageCount);
        var pageCodes = codes.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var items = await db.Institutions.AsNoTracking()
            .Where(i => pageCodes.Contains(i.Code))
            .OrderBy(i => i.Code)
            .Select(Summary)
            .ToListAsync(cancellationToken);
        return new InstitutionSearchResult(items, total, codes.Count > CountLimit, page, pageCount);
    }

    /// <summary>
    /// The codes of the first <paramref name="limit"/> matches in code order. Only the codes travel; the page's rows
    /// come by key. Every plan reads matches in code order and stops at the limit, so a common word costs no more
    /// than a rare one: the count is exact up to <see cref="CountLimit"/> and "at least" above it.
    /// </summary>
    private async Task<List<string>> CodesAsync(InstitutionSearchCriteria criteria, int limit, CancellationToken cancellationToken)
    {
        var code = InstitutionCode.NormalizeDigits(criteria.Code);
        var phone = PhoneDigits(criteria.Phone);
        var text = string.IsNullOrWhiteSpace(criteria.Name) ? string.Empty : TextNormalization.Kana(criteria.Name);

        if (text.Length > 0 && db.Database.IsSqlite())
        {
            // The trigram index (SqliteSearchIndex): the code's conditions as a range of its rowids, the rest on the row.
            long? from = null, to = null;
            void Within((long From, long? To) range)
            {
                from = from is null ? range.From : Math.Max(from.Value, range.From);
                to = (to, range.To) switch
                {
                    (null, var t) => t,
                    (var t, null) => t,
                    ({ } a, { } b) => Math.Min(a, b),
                };
            }

            if (!string.IsNullOrEmpty(code))
            {
                Within(SqliteSearchIndex.CodeRange(code));
            }

            if (CodePrefixOf(criteria) is { } implied)
            {
                Within(SqliteSearchIndex.CodeRange(implied));
            }

            // A prefecture (and its kind) is wholly the rowid range: the row is read only for a kind alone or a phone.
            var filters = new SqliteSearchIndex.Filters(from, to, criteria.Prefecture is null ? criteria.Kind : null,
                string.IsNullOrEmpty(phone) ? null : phone, string.IsNullOrEmpty(phone) ? null : NextPrefix(phone));
            return await SqliteSearchIndex.CodesAsync(db, text, filters, limit, cancellationToken);
        }

        var query = db.Institutions.AsNoTracking();
        if (!string.IsNullOrEmpty(code))
        {
            query = code.Length == InstitutionCode.Length
                ? query.Where(i => i.Code == code)
                : CodeStartsWith(query, code);
        }

        if (!string.IsNullOrEmpty(phone))
        {
            query = PhoneStartsWith(query, phone);
        }

        if (text.Length > 0)
        {
            // The same normalisation as the stored text: hiragana finds the katakana reading, ｶﾅ finds カナ. PostgreSQL
            // chooses between the trigram index (few matches, then sorted) and the key's order with a filter (many
            // matches: the limit stops it soon).
            var pattern = "%" + EscapeLike(text) + "%";
            query = query.Where(i => EF.Functions.Like(i.SearchText, pattern, "\\"));
        }

        if (CodePrefixOf(criteria) is { } impliedPrefix)
        {
            // The same rows as a range of the key, read in code order from the first of the prefecture until the
            // limit. The prefecture (and kind) are wholly that range, as on SQLite, so they are not checked again on
            // the row: a name in a prefecture is then an index-only walk of (Code, SearchText).
            query = CodeStartsWith(query, impliedPrefix);
        }
        else
        {
            if (criteria.Prefecture is { } prefectureCode)
            {
                query = query.Where(i => i.Prefecture == prefectureCode);
            }

            if (criteria.Kind is { } kind)
            {
                query = query.Where(i => i.Kind == kind);
            }
        }

        return await query.OrderBy(i => i.Code).Select(i => i.Code).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The code's leading digits a prefecture (and kind) imply: a 医療機関等コード begins with its 都道府県番号 and
    /// 点数表番号, from which the master's Prefecture and Kind are taken (InstitutionMapping, SuccessionTransfer).
    /// Searched as a range of the key besides the conditions themselves, it lets the plan read in code order and stop.
    /// </summary>
    internal static string? CodePrefixOf(InstitutionSearchCriteria criteria) =>
        criteria.Prefecture is { } prefecture and >= 1 and <= 99
            ? prefecture.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
                + (criteria.Kind is { } kind ? ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)
            : null;

    private static string PhoneDigits(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? string.Empty : TextNormalization.PhoneDigits(TextNormalization.Nfkc(phone));

    // "Starts with" as a range on the index (prefix ≤ value < next prefix): both SQLite and PostgreSQL answer it
    // with an index seek, where LIKE under SQLite's case-insensitive default would scan.
    private static IQueryable<Institution> CodeStartsWith(IQueryable<Institution> query, string digits) =>
        NextPrefix(digits) is { } upper
            ? query.Where(i => string.Compare(i.Code, digits) >= 0 && string.Compare(i.Code, upper) < 0)
            : query.Where(i => string.Compare(i.Code, digits) >= 0);

    private static IQueryable<Institution> PhoneStartsWith(IQueryable<Institution> query, string digits) =>
        NextPrefix(digits) is { } upper
            ? query.Where(i => string.Compare(i.PhoneDigits, digits) >= 0 && string.Compare(i.PhoneDigits, upper) < 0)
            : query.Where(i => string.Compare(i.PhoneDigits, digits) >= 0);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>The smallest digit string greater than every string starting with <paramref name="digits"/>; null for all nines.</summary>
    internal static string? NextPrefix(string digits)
    {
        var chars = digits.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }

        return null;
    }
}
