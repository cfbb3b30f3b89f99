using System.Text;
using CsvHelper;
using OnshiPortal.Infrastructure.Csv;
using static OnshiPortal.Features.Institutions.InstitutionCsvColumns;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// Reads and checks the rows of one master file. Every problem of every row is collected, so that the person who
/// made the file can fix them all at once instead of one upload per mistake.
/// </summary>
internal sealed class InstitutionCsvReader
{
    private const int HeaderLine = 1;

    private readonly List<InstitutionCsvRow> rows = [];
    private readonly List<CsvLineError> errors = [];
    private readonly Dictionary<string, int> firstLineOfCode = new(StringComparer.Ordinal);
    private readonly int[] fieldOf = new int[All.Count];
    private CsvMalformedRecord? malformed;
    private int line;

    public IReadOnlyList<InstitutionCsvRow> Rows => rows;

    public IReadOnlyList<CsvLineError> Errors => errors;

    /// <param name="content">The file; UTF-8 without a BOM unless <paramref name="transcodeFrom"/> is given.</param>
    /// <param name="transcodeFrom">The file's encoding when it is not UTF-8.</param>
    public void Read(ReadOnlyMemory<byte> content, Encoding? transcodeFrom)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            DetectSeparatorHint = false,
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => malformed = record,
            NormalizeHeaderName = TextNormalization.Text,
            Encoding = transcodeFrom,
            // Every valid row is kept, and founders, managers, dates and chain names repeat: pooling them saved
            // about a third of the memory of 250,000 rows, and some time with it.
            PoolStrings = true,
        };

        using var csv = CsvReader.Create(content, options);
        line = HeaderLine;
        if (!MapHeader(csv))
        {
            return;
        }

        while (csv.Read())
        {
            line = checked((int)csv.LineNumber);
            ReadRow(csv);
        }
    }

    /// <summary>Finds each column by its Japanese or English header; any header problem stops the read.</summary>
    private bool MapHeader(CsvReader csv)
    {
        var headers = csv.Headers;
        if (malformed is not null)
        {
            Error("見出し行の引用符（\"）の使い方が正しくありません。");
            return false;
        }

        if (headers.Count == 0)
        {
            Error($"ファイルが空です。1行目に見出し行（{string.Join(',', Headers)}）が必要です。");
            return false;
        }

        if (headers.Any(h => h.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            Error("見出し行に読み取れない文字があります。文字コード（UTF-8 または Shift_JIS）をご確認ください。");
            return false;
        }

        if (InstitutionCode.NormalizeDigits(headers[0]) is { Length: > 0 })
        {
            Error($"見出し行がありません。1行目に見出し行（{string.Join(',', Headers)}）を入れてください。");
            return false;
        }

        var claimed = new bool[headers.Count];
        var valid = true;
        for (var column = 0; column < All.Count; column++)
        {
            if (csv.TryGetFieldIndex(All[column].Header, out var field) || csv.TryGetFieldIndex(All[column].Alias, out field))
            {
                fieldOf[column] = field;
                claimed[field] = true;
            }
            else if (All[column].Optional)
            {
                fieldOf[column] = -1;
            }
            else
            {
                Error($"見出しに「{All[column].Header}」がありません。");
                valid = false;
            }
        }

        for (var field = 0; field < headers.Count; field++)
        {
            if (!claimed[field])
            {
                Error(UnclaimedHeader(TextNormalization.Text(headers[field]), field));
                valid = false;
            }
        }

        return valid;
    }

    private static string UnclaimedHeader(string header, int field)
    {
        if (header.Length == 0)
        {
            return $"見出しの{field + 1}列目が空です。";
        }

        var same = All.FirstOrDefault(c =>
            string.Equals(c.Header, header, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(c.Alias, header, StringComparison.OrdinalIgnoreCase));
        return same is null
            ? $"見出し「{header}」は不明な項目です。使える項目は {string.Join("、", Headers)} です。"
            : $"見出し「{header}」が重複しています。「{same.Header}」の列はひとつにしてください。";
    }

    private void ReadRow(CsvReader csv)
    {
        var errorsBefore = errors.Count;
        if (malformed is { } record)
        {
            malformed = null;
            Error(QuotingProblem(record.Reason));
        }

        if (IsBlank(csv))
        {
            // Excel leaves rows of bare commas below the data; they are nothing, not a row without a code.
            return;
        }

        if (csv.FieldCount != csv.Headers.Count)
        {
            // With the fields shifted, checking them one by one would only report the shift ten times over.
            Error($"項目の数が{csv.FieldCount}個です。見出しと同じ{csv.Headers.Count}個にしてください。");
            return;
        }

        var code = ReadCode(Field(csv, Code));
        var name = Checked(TextNormalization.Text(Field(csv, Name)), Name, required: true);
        var nameKana = Checked(TextNormalization.Kana(Field(csv, NameKana)), NameKana, required: false);
        var founder = Checked(TextNormalization.Text(Field(csv, Founder)), Founder, required: false);
        var manager = Checked(TextNormalization.Text(Field(csv, Manager)), Manager, required: false);
        var postalCode = TextNormalization.PostalCode(Field(csv, PostalCode), out var postalError);
        ErrorIfAny(postalError);

        // Required: the notice of the portal account is mailed to this address.
        var address = Checked(TextNormalization.Text(Field(csv, Address)), Address, required: true);
        var phone = TextNormalization.Phone(Field(csv, Phone), out var phoneError);
        ErrorIfAny(phoneError);
        var openedOn = ReadDate(Field(csv, OpenedOn), OpenedOn);
        var closedOn = ReadDate(Field(csv, ClosedOn), ClosedOn);
        if (openedOn is { } opened && closedOn is { } closed && closed < opened)
        {
            Error($"廃止日（{closed.ToString(CsvDate.Format)}）が開設日（{opened.ToString(CsvDate.Format)}）より前です。");
        }

        var predecessor = ReadPredecessor(Field(csv, PredecessorCode), code);
        var beds = ReadBeds(Field(csv, Beds));
        if (errors.Count == errorsBefore)
        {
            rows.Add(new InstitutionCsvRow(
                line,
                new InstitutionRecord(code, name, nameKana, founder, manager, postalCode, address, phone, openedOn, closedOn, predecessor, beds, HasBeds: fieldOf[Beds] >= 0)));
        }
    }

    private static bool IsBlank(CsvReader csv)
    {
        for (var field = 0; field < csv.FieldCount; field++)
        {
            if (!csv.IsEmpty(field))
            {
                return false;
            }
        }

        return true;
    }

    private string Field(CsvReader csv, int column)
    {
        if (fieldOf[column] < 0)
        {
            return string.Empty; // an optional column the file does not have
        }

        // Undoes exactly what the export added against formulas (InstitutionCsvWriter), so export → import is exact.
        var value = SpreadsheetText.Unprotect(csv.GetString(fieldOf[column]));
        if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Error($"{All[column].Header}に読み取れない文字があります。文字コード（UTF-8 または Shift_JIS）をご確認ください。");
        }

        return value;
    }

    private InstitutionCode ReadCode(string text)
    {
        if (!InstitutionCode.TryParse(text, out var code, out var error))
        {
            Error(error!);
            return code;
        }

        // Checked even on a row with other problems, so that its duplicate further down is still reported.
        if (!firstLineOfCode.TryAdd(code.Value, line))
        {
            Error($"医療機関等コード「{code.Value}」が{firstLineOfCode[code.Value]}行目と重複しています。");
        }

        return code;
    }

    /// <summary>承継元: a well-formed code other than the row's own; it need not be in the master (it may be closed long ago).</summary>
    private string? ReadPredecessor(string text, InstitutionCode code)
    {
        if (string.IsNullOrEmpty(InstitutionCode.NormalizeDigits(text)))
        {
            return null;
        }

        if (!InstitutionCode.TryParse(text, out var predecessor, out var error))
        {
            Error($"{All[PredecessorCode].Header}: {error}");
            return null;
        }

        if (predecessor.Value == code.Value)
        {
            Error($"{All[PredecessorCode].Header}が自身の医療機関等コードと同じです。");
            return null;
        }

        return predecessor.Value;
    }

    /// <summary>病床数: empty (none given), or a whole number from 0 to <see cref="MaxBeds"/> in digits (全角 too).</summary>
    private int? ReadBeds(string value)
    {
        var text = TextNormalization.Text(value);
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length <= 4 && text.All(char.IsAsciiDigit))
        {
            return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }

        Error($"{All[Beds].Header}「{text}」は0から{MaxBeds}までの数字で入力してください。");
        return null;
    }

    private string Checked(string value, int column, bool required)
    {
        var header = All[column].Header;
        if (required && value.Length == 0)
        {
            Error($"{header}を入力してください。");
        }
        else if (value.Length > All[column].MaxLength)
        {
            Error($"{header}は{All[column].MaxLength}文字以内にしてください（{value.Length}文字です）。");
        }

        return value;
    }

    private DateOnly? ReadDate(string value, int column)
    {
        var text = TextNormalization.Text(value);
        if (text.Length == 0)
        {
            return null;
        }

        if (CsvDate.TryParse(text, out var date))
        {
            return date;
        }

        Error($"{All[column].Header}「{text}」は日付として正しくありません（例: 2024-04-01、2024/4/1、20240401）。");
        return null;
    }

    private static string QuotingProblem(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "引用符（\"）が閉じられていません。この行からファイルの終わりまでがひとつの項目になっています。",
        _ => "引用符（\"）の使い方が正しくありません。項目の中の \" は \"\" と2つ重ね、項目全体を \" で囲んでください。",
    };

    private void ErrorIfAny(string? message)
    {
        if (message is not null)
        {
            Error(message);
        }
    }

    private void Error(string message) => errors.Add(new CsvLineError(line, message));
}
