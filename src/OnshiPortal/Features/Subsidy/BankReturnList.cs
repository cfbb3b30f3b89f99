using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace OnshiPortal.Features.Subsidy;

/// <summary>One 振込 the bank could not make (振込不能) or took back (組戻し): the claim by its 顧客コード1, and why.</summary>
public sealed record BankReturn(int Line, string CustomerCode, string Reason);

/// <summary>
/// The bank's list of returned transfers, as CSV (UTF-8, with or without a BOM, or Shift_JIS as banks write it), with
/// a header row naming at least 顧客コード1 and 理由 (also 顧客コード, 不能事由, 振込不能事由, CustomerCode, Reason);
/// other columns (金額, 受取人名, …) are read past. All or nothing: one wrong line and nothing is returned, with every
/// fault and its line number, so a half-imported list never puts half the claims back to 差戻し.
/// </summary>
public static class BankReturnList
{
    private static readonly string[] CodeHeaders = ["顧客コード1", "顧客コード", "CustomerCode"];
    private static readonly string[] ReasonHeaders = ["理由", "不能事由", "振込不能事由", "Reason"];
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The returns, or null and the faults (Japanese, each with its line).</summary>
    public static IReadOnlyList<BankReturn>? Read(ReadOnlyMemory<byte> content, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        errors = found;
        Encoding? transcodeFrom = null;
        if (content.Span.StartsWith(Utf8Bom))
        {
            content = content[Utf8Bom.Length..];
        }
        else if (!Utf8.IsValid(content.Span))
        {
            transcodeFrom = ZenginTransferFile.ShiftJis();
        }

        var options = new CsvReaderOptions
        {
            Separator = ',',
            DetectSeparatorHint = false,
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            NormalizeHeaderName = h => h.Normalize(NormalizationForm.FormKC).Trim(),
            Encoding = transcodeFrom,
        };

        using var csv = CsvReader.Create(content, options);
        if (csv.Headers.Count == 0)
        {
            found.Add("1行目: ファイルが空です。見出し行（顧客コード1,理由）が必要です。");
            return null;
        }

        var codeField = Field(csv, CodeHeaders);
        var reasonField = Field(csv, ReasonHeaders);
        if (codeField < 0)
        {
            found.Add("1行目: 見出しに「顧客コード1」がありません。");
        }

        if (reasonField < 0)
        {
            found.Add("1行目: 見出しに「理由」がありません。");
        }

        if (found.Count > 0)
        {
            return null;
        }

        var returns = new List<BankReturn>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = checked((int)csv.LineNumber);
            var code = Text(csv, codeField).Normalize(NormalizationForm.FormKC);
            var reason = Text(csv, reasonField);
            if (code.Length == 0 || code.Length > 10 || !code.All(char.IsAsciiDigit))
            {
                found.Add(code.Length == 0
                    ? $"{line}行目: 顧客コード1がありません。"
                    : $"{line}行目: 顧客コード1「{code}」は10桁までの数字でなければなりません。");
                continue;
            }

            code = code.PadLeft(10, '0');
            if (reason.Length == 0)
            {
                found.Add($"{line}行目: 顧客コード1 {code} の理由がありません。");
                continue;
            }

            if (reason.Length > 200)
            {
                found.Add($"{line}行目: 理由が200文字を超えています。");
                continue;
            }

            if (!lineOf.TryAdd(code, line))
            {
                found.Add($"{line}行目: 顧客コード1 {code} は{lineOf[code]}行目にもあります。");
                continue;
            }

            returns.Add(new BankReturn(line, code, reason));
        }

        if (found.Count == 0 && returns.Count == 0)
        {
            found.Add("2行目: 組戻し・振込不能の行が1つもありません。");
        }

        return found.Count == 0 ? returns : null;
    }

    private static int Field(CsvReader csv, string[] headers)
    {
        foreach (var header in headers)
        {
            if (csv.TryGetFieldIndex(header, out var field))
            {
                return field;
            }
        }

        return -1;
    }

    private static string Text(CsvReader csv, int field) =>
        field < csv.FieldCount ? csv.GetString(field).Trim() : string.Empty;
}
