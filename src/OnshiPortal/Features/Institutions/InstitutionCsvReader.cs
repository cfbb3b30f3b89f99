using System.Collections.Concurrent;
using System.Text;
using CsvHelper;
using OnshiPortal.Infrastructure.Csv;
using static OnshiPortal.Features.Institutions.InstitutionCsvColumns;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// Reads and checks the rows of one master file. Every problem of every row is collected, so that the person who
/// made the file can fix them all at once instead of one upload per mistake.
/// </summary>
/// <remarks>
/// A large file is cut at line ends into one part a core, each read and checked by its own CsvHelper reader on its own
/// thread (a national master is 250,000 rows, and its read was the longest step of an unchanged re-import); what
/// depends on the rows before a row — a code seen earlier — is decided afterwards, in the file's order.
/// </remarks>
internal sealed class InstitutionCsvReader
{
    private const int HeaderLine = 1;

    private readonly List<InstitutionCsvRow> rows = [];
    private readonly List<CsvLineError> errors = [];
    private readonly Dictionary<string, int> firstLineOfCode = new(StringComparer.Ordinal);
    private readonly int[] fieldOf = new int[All.Count];

    /// <summary>Below this a file is read by one thread: the parts' set-up would cost more than it saves.</summary>
    private const int MinPartBytes = 1 << 20;

    // Quoting problems the readers report, from every part's thread.
    private readonly ConcurrentQueue<CsvMalformedRecord> malformed = new();
    private int headerCount;
    private int line;

    public IReadOnlyList<InstitutionCsvRow> Rows => rows;

    public IReadOnlyList<CsvLineError> Errors => errors;

    /// <param name="content">The file; UTF-8 without a BOM unless <paramref name="transcodeFrom"/> is given.</param>
    /// <param name="transcodeFrom">The file's encoding when it is not UTF-8.</param>
    /// <param name="threads">Parts read side by side: -1 one a core, 0 or 1 one (this thread reads the whole file).</param>
    public void Read(ReadOnlyMemory<byte> content, Encoding? transcodeFrom, int threads = -1)
    {
        var parts = Parts(content.Span, threads < 0 ? Environment.ProcessorCount : threads);
        using var csv = CsvReader.Create(content[..parts[0]], Options(hasHeader: true, transcodeFrom));
        line = HeaderLine;
        if (!MapHeader(csv))
        {
            return;
        }

        headerCount = csv.Headers.Count;
        var others = new Task<List<CheckedRow>>[parts.Count - 1];
        var (linesBefore, countedTo) = (0, 0); // the line ends before each part, counted once over the file
        for (var part = 1; part < parts.Count; part++)
        {
            var (from, to) = (parts[part - 1], parts[part]);
            linesBefore += content.Span[countedTo..from].Count((byte)'\n');
            countedTo = from;
            var lineOffset = linesBefore; // a part's line 1 is the line after `from`
            others[part - 1] = Task.Run(() =>
            {
                using var partReader = CsvReader.Create(content[from..to], Options(hasHeader: false, transcodeFrom));
                return ReadAll(partReader, lineOffset);
            });
        }

        var first = ReadAll(csv, 0);
        Task.WaitAll(others);

        // A quoting problem may run over a line end where a part was cut (an unclosed quote): then the parts do not
        // read as the whole file does, and it is read again by one thread, whose report is the one the person gets.
        if (others.Length > 0 && !malformed.IsEmpty)
        {
            malformed.Clear();
            Read(content, transcodeFrom, threads: 0);
            return;
        }

        foreach (var row in first.Concat(others.SelectMany(o => o.Result)))
        {
            Add(row);
        }
    }

    private CsvReaderOptions Options(bool hasHeader, Encoding? transcodeFrom) => new()
    {
        Separator = ',',
        DetectSeparatorHint = false,
        HasHeader = hasHeader,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
        OnMalformedRecord = malformed.Enqueue,
        NormalizeHeaderName = TextNormalization.Text,
        Encoding = transcodeFrom,
        // Every valid row is kept, and founders, managers, dates and chain names repeat: pooling them saved
        // about a third of the memory of 250,000 rows, and some time with it.
        PoolStrings = true,
    };

    private List<CheckedRow> ReadAll(CsvReader csv, int lineOffset)
    {
        var read = new List<CheckedRow>();
        while (csv.Read())
        {
            read.Add(ReadRow(csv, lineOffset));
        }

        return read;
    }

    /// <summary>
    /// Where the parts end: after a line end that is outside quotes (an even number of quotes before it, which a
    /// quote escaped as "" keeps), near each share of the file. One part, the whole file, when the file is small or
    /// has a bare CR: CsvHelper counts a CR alone as a line, and the parts' line numbers count LFs.
    /// </summary>
    private static List<int> Parts(ReadOnlySpan<byte> content, int count)
    {
        count = Math.Min(count, content.Length / MinPartBytes);
        if (count <= 1 || content.Count((byte)'\r') != content.Count("\r\n"u8))
        {
            return [content.Length];
        }

        var ends = new List<int>();
        var quotes = 0;
        var counted = 0;
        for (var part = 1; part < count; part++)
        {
            var at = Math.Max(content.Length / count * part, counted);
            while (at < content.Length && content[at..].IndexOf((byte)'\n') is var lineEnd and >= 0)
            {
                at += lineEnd + 1;
                quotes += content[counted..at].Count((byte)'"');
                counted = at;
                if (quotes % 2 == 0)
                {
                    ends.Add(at);
                    break;
                }
            }
        }

        if (ends.Count == 0 || ends[^1] != content.Length)
        {
            ends.Add(content.Length);
        }

        return ends;
    }

    /// <summary>Finds each column by its Japanese or English header; any header problem stops the read.</summary>
    private bool MapHeader(CsvReader csv)
    {
        var headers = csv.Headers;
        if (!malformed.IsEmpty)
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

    /// <summary>
    /// One row's fields read, normalised and checked: what needs no other row. Runs on the parts' threads, so it
    /// touches nothing but the row it returns (and the column map, fixed by the header).
    /// </summary>
    private CheckedRow ReadRow(CsvReader csv, int lineOffset)
    {
        var row = new CheckedRow(lineOffset + checked((int)csv.LineNumber));
        if (IsBlank(csv))
        {
            // Excel leaves rows of bare commas below the data; they are nothing, not a row without a code.
            row.Blank = true;
            return row;
        }

        if (csv.FieldCount != headerCount)
        {
            // With the fields shifted, checking them one by one would only report the shift ten times over.
            row.Error($"項目の数が{csv.FieldCount}個です。見出しと同じ{headerCount}個にしてください。");
            return row;
        }

        // A code that parses has no problem before it (an unreadable character in it would not parse): whether another
        // row has it is decided in the file's order (Add), and its error goes first.
        if (InstitutionCode.TryParse(Field(csv, Code, row), out var code, out var codeError))
        {
            row.Code = code.Value;
        }
        else
        {
            row.Error(codeError!);
        }

        var name = Checked(TextNormalization.Text(Field(csv, Name, row)), Name, required: true, row);
        var nameKana = Checked(TextNormalization.Kana(Field(csv, NameKana, row)), NameKana, required: false, row);
        var founder = Checked(TextNormalization.Text(Field(csv, Founder, row)), Founder, required: false, row);
        var manager = Checked(TextNormalization.Text(Field(csv, Manager, row)), Manager, required: false, row);
        var postalCode = TextNormalization.PostalCode(Field(csv, PostalCode, row), out var postalError);
        row.ErrorIfAny(postalError);

        // Required: the notice of the portal account is mailed to this address.
        var address = Checked(TextNormalization.Text(Field(csv, Address, row)), Address, required: true, row);
        var phone = TextNormalization.Phone(Field(csv, Phone, row), out var phoneError);
        row.ErrorIfAny(phoneError);
        var openedOn = ReadDate(Field(csv, OpenedOn, row), OpenedOn, row);
        var closedOn = ReadDate(Field(csv, ClosedOn, row), ClosedOn, row);
        if (openedOn is { } opened && closedOn is { } closed && closed < opened)
        {
            row.Error($"廃止日（{closed.ToString(CsvDate.Format)}）が開設日（{opened.ToString(CsvDate.Format)}）より前です。");
        }

        var predecessor = ReadPredecessor(Field(csv, PredecessorCode, row), code, row);
        var beds = ReadBeds(Field(csv, Beds, row), row);
        if (row.Errors is null)
        {
            row.Record = new InstitutionRecord(code, name, nameKana, founder, manager, postalCode, address, phone, openedOn, closedOn, predecessor, beds, HasBeds: fieldOf[Beds] >= 0);
        }

        return row;
    }

    /// <summary>A checked row, in the file's order: its quoting, its code against the rows before it, then kept or reported.</summary>
    private void Add(CheckedRow row)
    {
        line = row.Line;
        var errorsBefore = errors.Count;
        CsvMalformedRecord? quoting = null;
        while (malformed.TryPeek(out var next) && next.LineNumber <= line && malformed.TryDequeue(out next))
        {
            quoting = next; // one report a row, as the reader gives one a record
        }

        if (quoting is { } problem)
        {
            Error(QuotingProblem(problem.Reason));
        }

        if (row.Blank)
        {
            return;
        }

        // Checked even on a row with other problems, so that its duplicate further down is still reported.
        if (row.Code is { } code && !firstLineOfCode.TryAdd(code, line))
        {
            Error($"医療機関等コード「{code}」が{firstLineOfCode[code]}行目と重複しています。");
        }

        foreach (var message in row.Errors ?? [])
        {
            Error(message);
        }

        if (errors.Count == errorsBefore)
        {
            rows.Add(new InstitutionCsvRow(line, row.Record!));
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

    private string Field(CsvReader csv, int column, CheckedRow row)
    {
        if (fieldOf[column] < 0)
        {
            return string.Empty; // an optional column the file does not have
        }

        // Undoes exactly what the export added against formulas (InstitutionCsvWriter), so export → import is exact.
        var value = SpreadsheetText.Unprotect(csv.GetString(fieldOf[column]));
        if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            row.Error($"{All[column].Header}に読み取れない文字があります。文字コード（UTF-8 または Shift_JIS）をご確認ください。");
        }

        return value;
    }

    /// <summary>承継元: a well-formed code other than the row's own; it need not be in the master (it may be closed long ago).</summary>
    private static string? ReadPredecessor(string text, InstitutionCode code, CheckedRow row)
    {
        if (string.IsNullOrEmpty(InstitutionCode.NormalizeDigits(text)))
        {
            return null;
        }

        if (!InstitutionCode.TryParse(text, out var predecessor, out var error))
        {
            row.Error($"{All[PredecessorCode].Header}: {error}");
            return null;
        }

        if (predecessor.Value == code.Value)
        {
            row.Error($"{All[PredecessorCode].Header}が自身の医療機関等コードと同じです。");
            return null;
        }

        return predecessor.Value;
    }

    /// <summary>病床数: empty (none given), or a whole number from 0 to <see cref="MaxBeds"/> in digits (全角 too).</summary>
    private static int? ReadBeds(string value, CheckedRow row)
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

        row.Error($"{All[Beds].Header}「{text}」は0から{MaxBeds}までの数字で入力してください。");
        return null;
    }

    private static string Checked(string value, int column, bool required, CheckedRow row)
    {
        var header = All[column].Header;
        if (required && value.Length == 0)
        {
            row.Error($"{header}を入力してください。");
        }
        else if (value.Length > All[column].MaxLength)
        {
            row.Error($"{header}は{All[column].MaxLength}文字以内にしてください（{value.Length}文字です）。");
        }

        return value;
    }

    private static DateOnly? ReadDate(string value, int column, CheckedRow row)
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

        row.Error($"{All[column].Header}「{text}」は日付として正しくありません（例: 2024-04-01、2024/4/1、20240401）。");
        return null;
    }

    private static string QuotingProblem(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "引用符（\"）が閉じられていません。この行からファイルの終わりまでがひとつの項目になっています。",
        _ => "引用符（\"）の使い方が正しくありません。項目の中の \" は \"\" と2つ重ね、項目全体を \" で囲んでください。",
    };

    private void Error(string message) => errors.Add(new CsvLineError(line, message));

    /// <summary>What <see cref="ReadRow"/> found on one row, before the checks that need the rows before it.</summary>
    private sealed class CheckedRow(int line)
    {
        public int Line { get; } = line;

        public bool Blank { get; set; }

        /// <summary>The row's code when well-formed (then checked against the earlier rows' codes).</summary>
        public string? Code { get; set; }

        /// <summary>The row's own problems in column order; null when it has none (most rows).</summary>
        public List<string>? Errors { get; private set; }

        /// <summary>Set when the row has none of its own problems.</summary>
        public InstitutionRecord? Record { get; set; }

        public void Error(string message) => (Errors ??= []).Add(message);

        public void ErrorIfAny(string? message)
        {
            if (message is not null)
            {
                Error(message);
            }
        }
    }
}
