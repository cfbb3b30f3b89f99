using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Search;

/// <summary>
/// The name search's index on SQLite: an FTS5 table of every institution's search text, split into trigrams
/// (<c>tokenize='trigram case_sensitive 1'</c>: exactly the characters, as <c>instr</c> compares them), whose rowid is
/// the institution's code read as a number. A 医療機関等コード is ten digits, so numeric order is code order: the
/// matches come out already in the result list's order, a page stops reading after its last row, and a prefecture
/// or a code prefix (the code's leading digits) is a range of rowids. Kept by triggers on <c>Institutions</c>, so
/// every writer (the import's own SQLite inserts, EF, a succession) keeps it without knowing it exists.
/// </summary>
/// <remarks>
/// A term of three characters or more is a phrase of its trigrams (consecutive positions: a substring). A term of
/// one or two characters has no trigram of its own: every trigram of the stored text that begins with it is looked
/// up in the index's vocabulary (the text is stored with two newlines after it, so that its last characters begin a
/// trigram too) and the term is their OR; when that is more than <see cref="MaxPrefixTerms"/> trigrams the term is
/// common, and the stored texts are read in code order until the page and the count are full.
/// EF's SQLite migrations rebuild a table for some column changes (a copy, a drop, a rename): a future migration
/// that rebuilds <c>Institutions</c> drops these triggers and must call <see cref="Create"/> again (the search tests
/// compare the index with the master after the migrations, so the loss cannot go unnoticed).
/// </remarks>
public static class SqliteSearchIndex
{
    public const string Table = "InstitutionSearchIndex";

    /// <summary>The FTS5 vocabulary of <see cref="Table"/>: its distinct trigrams.</summary>
    public const string Terms = "InstitutionSearchTerms";

    /// <summary>Above this many trigrams a one- or two-character term is common: reading in code order stops soon.</summary>
    public const int MaxPrefixTerms = 200;

    // The stored text: the search text and two newlines (a term never holds one: whitespace in a query is a space).
    private const string Padding = " || char(10, 10)";

    /// <summary>Creates the index, its triggers, and fills it from the master (called by the migration SearchIndexAndImportRowHash).</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in CreateStatements)
        {
            migrationBuilder.Sql(statement);
        }
    }

    /// <summary>Drops what <see cref="Create"/> made.</summary>
    public static void Drop(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in DropStatements)
        {
            migrationBuilder.Sql(statement);
        }
    }

    private const string InsertTrigger = "TR_Institutions_SearchIndex_Insert";

    private const string CreateInsertTrigger = $"""
        CREATE TRIGGER "{InsertTrigger}" AFTER INSERT ON "Institutions" BEGIN
            INSERT INTO "{Table}"(rowid, "SearchText") VALUES (CAST(new."Code" AS INTEGER), new."SearchText"{Padding});
        END
        """;

    internal static readonly string[] CreateStatements =
    [
        $"""CREATE VIRTUAL TABLE "{Table}" USING fts5("SearchText", tokenize = 'trigram case_sensitive 1')""",
        $"""CREATE VIRTUAL TABLE "{Terms}" USING fts5vocab("{Table}", 'row')""",
        $"""INSERT INTO "{Table}"(rowid, "SearchText") SELECT CAST("Code" AS INTEGER), "SearchText"{Padding} FROM "Institutions" """,
        CreateInsertTrigger,
        $"""
        CREATE TRIGGER "TR_Institutions_SearchIndex_Update" AFTER UPDATE OF "Code", "SearchText" ON "Institutions" BEGIN
            DELETE FROM "{Table}" WHERE rowid = CAST(old."Code" AS INTEGER);
            INSERT INTO "{Table}"(rowid, "SearchText") VALUES (CAST(new."Code" AS INTEGER), new."SearchText"{Padding});
        END
        """,
        $"""
        CREATE TRIGGER "TR_Institutions_SearchIndex_Delete" AFTER DELETE ON "Institutions" BEGIN
            DELETE FROM "{Table}" WHERE rowid = CAST(old."Code" AS INTEGER);
        END
        """,
    ];

    internal static readonly string[] DropStatements =
    [
        """DROP TRIGGER IF EXISTS "TR_Institutions_SearchIndex_Delete" """,
        """DROP TRIGGER IF EXISTS "TR_Institutions_SearchIndex_Update" """,
        $"""DROP TRIGGER IF EXISTS "{InsertTrigger}" """,
        $"""DROP TABLE IF EXISTS "{Terms}" """,
        $"""DROP TABLE IF EXISTS "{Table}" """,
    ];

    /// <summary>
    /// Before a large load into <c>Institutions</c> on SQLite: drops the insert trigger, so that
    /// <see cref="IndexLoadedAsync"/> indexes the new rows in one statement after them. Through the trigger, each of
    /// the load's one-row inserts is a statement that writes FTS5 (its pending terms written out and merged, in the
    /// profile, again and again): half the CPU of a first import of 250,000 rows, against a fraction of that for
    /// the same rows in one statement (docs/benchmarks.md, issue 21). Inside the import's transaction (SQLite's
    /// schema changes are transactional): a failed import leaves the trigger as it was. False, and nothing done,
    /// on other databases.
    /// </summary>
    internal static async Task<bool> SuspendForLoadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return false;
        }

        // IF EXISTS: a table rebuild by a later migration would have dropped it; the load then makes it again.
        await db.Database.ExecuteSqlRawAsync($"""DROP TRIGGER IF EXISTS "{InsertTrigger}" """, cancellationToken);
        return true;
    }

    /// <summary>
    /// After the load that <see cref="SuspendForLoadAsync"/> prepared: indexes the rows that import run made, in one
    /// statement, and makes the insert trigger again. In the same transaction as the rows, so the search never sees
    /// the master without them, nor them without their index.
    /// </summary>
    internal static async Task IndexLoadedAsync(PortalDbContext db, long importRunId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            $$"""INSERT INTO "{{Table}}"(rowid, "SearchText") SELECT CAST("Code" AS INTEGER), "SearchText"{{Padding}} FROM "Institutions" WHERE "CreatedByImportRunId" = {0}""",
            [importRunId],
            cancellationToken);
        await db.Database.ExecuteSqlRawAsync(CreateInsertTrigger, cancellationToken);
    }

    /// <summary>
    /// The codes of the institutions whose search text contains <paramref name="text"/> and that pass the other
    /// conditions, in code order, at most <paramref name="limit"/>.
    /// </summary>
    public static async Task<List<string>> CodesAsync(PortalDbContext db, string text, Filters filters, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<object>();
        string P(object value)
        {
            parameters.Add(value);
            return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }

        string match;
        if (text.EnumerateRunes().Count() >= 3)
        {
            match = $"""f."{Table}" MATCH {P(Phrase(text))}""";
        }
        else
        {
            var upper = text + char.ConvertFromUtf32(0x10FFFF);
            var trigrams = await db.Database
                .SqlQueryRaw<string>($$"""SELECT term AS "Value" FROM "{{Terms}}" WHERE term >= {0} AND term < {1} LIMIT {{MaxPrefixTerms + 1}}""", text, upper)
                .ToListAsync(cancellationToken);
            if (trigrams.Count == 0)
            {
                return [];
            }

            match = trigrams.Count <= MaxPrefixTerms
                ? $"""f."{Table}" MATCH {P(string.Join(" OR ", trigrams.Select(Phrase)))}"""
                : $"""instr(f."SearchText", {P(text)}) > 0""";
        }

        var sql = new StringBuilder($"""SELECT f.rowid AS "Value" FROM "{Table}" AS f""");
        var joins = filters.Kind is not null || filters.PhoneFrom is not null;
        if (joins)
        {
            sql.Append(""" JOIN "Institutions" AS i ON i."Code" = printf('%010d', f.rowid)""");
        }

        sql.Append(" WHERE ").Append(match);
        if (filters.RowidFrom is { } from)
        {
            sql.Append(" AND f.rowid >= ").Append(P(from));
        }

        if (filters.RowidTo is { } to)
        {
            sql.Append(" AND f.rowid < ").Append(P(to));
        }

        if (filters.Kind is { } kind)
        {
            sql.Append(""" AND i."Kind" = """).Append(P((int)kind));
        }

        if (filters.PhoneFrom is { } phoneFrom)
        {
            sql.Append(""" AND i."PhoneDigits" >= """).Append(P(phoneFrom));
            if (filters.PhoneTo is { } phoneTo)
            {
                sql.Append(""" AND i."PhoneDigits" < """).Append(P(phoneTo));
            }
        }

        sql.Append(" ORDER BY f.rowid LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        var rowids = await db.Database.SqlQueryRaw<long>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken);
        return [.. rowids.Select(r => r.ToString("D10", CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// The code conditions as a range of rowids (the code as a number), and the others checked on the master row. A
    /// prefecture has no field: it is always the code's first two digits, so always a range.
    /// </summary>
    public sealed record Filters(long? RowidFrom, long? RowidTo, InstitutionKind? Kind, string? PhoneFrom, string? PhoneTo);

    /// <summary>Codes from <paramref name="digits"/>…0 up to (not including) the next prefix: a code prefix as a rowid range.</summary>
    public static (long From, long? To) CodeRange(string digits)
    {
        var from = long.Parse(digits.PadRight(InstitutionCode.Length, '0'), CultureInfo.InvariantCulture);
        return InstitutionSearch.NextPrefix(digits) is { } next
            ? (from, long.Parse(next.PadRight(InstitutionCode.Length, '0'), CultureInfo.InvariantCulture))
            : (from, null);
    }

    /// <summary>An FTS5 phrase: the text in double quotes, a double quote in it doubled.</summary>
    private static string Phrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
