using System.Globalization;
using System.Text;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// The 全銀協 総合振込 file (種別コード 21): fixed-length records of 120 bytes in Shift_JIS with JIS half-width カナ
/// (コード区分 0), a header (データ区分 1), one data record (2) per 振込, a trailer (8) with 合計件数 and 合計金額,
/// and an end record (9). Numeric fields (N) are right-aligned and zero-padded, text fields (C) left-aligned and
/// space-padded, as the 全銀協's layout says. Records are followed by CRLF or by nothing
/// (<see cref="ZenginLineEnding"/>); <see cref="Parse"/> reads both.
/// <para>
/// Data record: データ区分 N1, 被仕向銀行番号 N4, 被仕向銀行名 C15, 被仕向支店番号 N3, 被仕向支店名 C15, 手形交換所番号 N4
/// (unused: 0000), 預金種目 N1, 口座番号 N7, 受取人名 C30, 振込金額 N10, 新規コード N1 (0), 顧客コード1 N10, 顧客コード2
/// N10, 振込指定区分 N1 (7 電信), 識別表示 C1 (blank: the customer codes, not EDI), ダミー C7.
/// </para>
/// </summary>
public static class ZenginTransferFile
{
    public const int RecordLength = 120;

    /// <summary>The trailer's 合計件数 has 6 digits.</summary>
    public const int MaxCount = 999_999;

    /// <summary>The data record's 振込金額 has 10 digits.</summary>
    public const long MaxAmount = 9_999_999_999;

    /// <summary>The trailer's 合計金額 has 12 digits.</summary>
    public const long MaxTotal = 999_999_999_999;

    /// <summary>
    /// The file for <paramref name="transfers"/> from <paramref name="payer"/> on <paramref name="transferDate"/>
    /// (振込指定日, written MMDD). Refuses, naming the transfer (1-based), anything the bank would refuse: a code
    /// that is not all digits or too long, a name the 全銀 set lacks or too long, an amount of 0 or over 10 digits,
    /// more transfers than <paramref name="maxTransfers"/> or a total over 12 digits.
    /// </summary>
    public static byte[] Write(ZenginPayer payer, DateOnly transferDate, IReadOnlyList<ZenginTransfer> transfers, ZenginLineEnding lineEnding = ZenginLineEnding.CrLf, int maxTransfers = MaxCount)
    {
        if (transfers.Count == 0)
        {
            throw new ZenginFormatException("振込が1件もありません。");
        }

        if (transfers.Count > Math.Min(maxTransfers, MaxCount))
        {
            throw new ZenginFormatException($"振込が{transfers.Count:#,0}件あります。1つのファイルには{Math.Min(maxTransfers, MaxCount):#,0}件までしか入りません。");
        }

        var records = new List<string>(transfers.Count + 3) { Header(payer, transferDate) };
        long total = 0;
        for (var i = 0; i < transfers.Count; i++)
        {
            records.Add(Data(transfers[i], i + 1));
            total += transfers[i].Amount;
            if (total > MaxTotal)
            {
                throw new ZenginFormatException($"合計金額が12桁（{MaxTotal:#,0}円）を超えます（{i + 1}件目まで）。");
            }
        }

        records.Add(new StringBuilder(RecordLength).Append('8').Append(N(transfers.Count, 6)).Append(N(total, 12)).Append(' ', 101).ToString());
        records.Add(new StringBuilder(RecordLength).Append('9').Append(' ', 119).ToString());

        var encoding = ShiftJis();
        var separator = lineEnding == ZenginLineEnding.CrLf ? "\r\n"u8.ToArray() : [];
        using var output = new MemoryStream(records.Count * (RecordLength + separator.Length));
        foreach (var record in records)
        {
            var bytes = encoding.GetBytes(record);
            if (bytes.Length != RecordLength)
            {
                throw new InvalidOperationException($"A 全銀 record came out {bytes.Length} bytes long: {record}");
            }

            output.Write(bytes);
            output.Write(separator);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Reads a 総合振込 file back into typed records, checking every field: record lengths, the order header –
    /// data – trailer – end, the codes (種別 21, コード区分 0, 預金種目, 新規コード, 振込指定区分), that numeric fields
    /// are digits and text fields 全銀 characters, and the trailer's 合計件数 and 合計金額 against the data. Refuses
    /// with the record number (1-based) at the first fault.
    /// </summary>
    public static ZenginTransferFileContent Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw new ZenginFormatException("ファイルが空です。");
        }

        if (bytes[^1] == 0x1A)
        {
            bytes = bytes[..^1]; // an MS-DOS end-of-file mark
        }

        var lineEnding = bytes.Length > RecordLength && bytes[RecordLength] == '\r' ? ZenginLineEnding.CrLf : ZenginLineEnding.None;
        var records = Split(bytes, lineEnding);
        var encoding = ShiftJis();

        ZenginHeader? header = null;
        ZenginTrailer? trailer = null;
        var data = new List<ZenginData>();
        var ended = false;
        for (var i = 0; i < records.Count; i++)
        {
            var number = i + 1;
            var record = Decode(encoding, records[i], number);
            if (ended)
            {
                throw Fault(number, "エンド・レコードの後にレコードがあります。");
            }

            switch (record[0])
            {
                case '1' when i == 0:
                    header = ReadHeader(record, number);
                    break;
                case '2' when header is not null && trailer is null:
                    data.Add(ReadData(record, number));
                    break;
                case '8' when header is not null && trailer is null:
                    trailer = ReadTrailer(record, number, data);
                    break;
                case '9' when trailer is not null:
                    Blank(record, 1, 119, number, "ダミー");
                    ended = true;
                    break;
                default:
                    throw Fault(number, $"データ区分「{record[0]}」はここに来られません（{Expected(header, trailer)}）。");
            }
        }

        if (!ended)
        {
            throw Fault(records.Count, $"ファイルが途中で終わっています（{Expected(header, trailer)}）。");
        }

        return new ZenginTransferFileContent(header!, data, trailer!, lineEnding);
    }

    private static string Expected(ZenginHeader? header, ZenginTrailer? trailer) =>
        header is null ? "最初はヘッダー・レコード（1）です" : trailer is null ? "データ・レコード（2）かトレーラ・レコード（8）のはずです" : "エンド・レコード（9）のはずです";

    private static string Header(ZenginPayer payer, DateOnly transferDate)
    {
        var record = new StringBuilder(RecordLength)
            .Append('1').Append("21").Append('0')
            .Append(Digits(payer.RequesterCode, 10, "振込依頼人コード", null))
            .Append(Text(payer.RequesterName, 40, "振込依頼人名", null, required: true))
            .Append(transferDate.ToString("MMdd", CultureInfo.InvariantCulture))
            .Append(Digits(payer.BankCode, 4, "仕向銀行番号", null, exact: true))
            .Append(Text(payer.BankName, 15, "仕向銀行名", null, required: false))
            .Append(Digits(payer.BranchCode, 3, "仕向支店番号", null, exact: true))
            .Append(Text(payer.BranchName, 15, "仕向支店名", null, required: false))
            .Append(payer.DepositType.Code())
            .Append(Digits(payer.AccountNumber, 7, "依頼人の口座番号", null))
            .Append(' ', 17);
        return record.ToString();
    }

    private static string Data(ZenginTransfer transfer, int index)
    {
        if (transfer.Amount <= 0)
        {
            throw new ZenginFormatException($"{index}件目: 振込金額が{transfer.Amount:#,0}円です。1円以上でなければなりません。");
        }

        if (transfer.Amount > MaxAmount)
        {
            throw new ZenginFormatException($"{index}件目: 振込金額 {transfer.Amount:#,0}円は10桁（{MaxAmount:#,0}円）を超えます。");
        }

        var record = new StringBuilder(RecordLength)
            .Append('2')
            .Append(Digits(transfer.BankCode, 4, "金融機関コード", index, exact: true))
            .Append(Text(transfer.BankName, 15, "金融機関名", index, required: false))
            .Append(Digits(transfer.BranchCode, 3, "支店コード", index, exact: true))
            .Append(Text(transfer.BranchName, 15, "支店名", index, required: false))
            .Append("0000")
            .Append(transfer.DepositType.Code())
            .Append(Digits(transfer.AccountNumber, 7, "口座番号", index))
            .Append(Text(transfer.HolderName, 30, "受取人名", index, required: true))
            .Append(N(transfer.Amount, 10))
            .Append('0')
            .Append(Digits(transfer.CustomerCode1, 10, "顧客コード1", index, allowEmpty: true))
            .Append(Digits(transfer.CustomerCode2, 10, "顧客コード2", index, allowEmpty: true))
            .Append('7')
            .Append(' ')
            .Append(' ', 7);
        return record.ToString();
    }

    private static string N(long value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    private static string Digits(string? value, int width, string label, int? index, bool exact = false, bool allowEmpty = false)
    {
        var text = value ?? string.Empty;
        if ((text.Length == 0 && !allowEmpty) || text.Length > width || (exact && text.Length != width) || !text.All(char.IsAsciiDigit))
        {
            throw new ZenginFormatException($"{Where(index)}{label}「{text}」は{width}桁{(exact ? string.Empty : "まで")}の半角数字でなければなりません。");
        }

        return text.PadLeft(width, '0');
    }

    private static string Text(string? value, int width, string label, int? index, bool required)
    {
        var text = value ?? string.Empty;
        if (required && text.Trim().Length == 0)
        {
            throw new ZenginFormatException($"{Where(index)}{label}がありません。");
        }

        if (text.Length > width || !ZenginKana.IsSendable(text))
        {
            throw new ZenginFormatException($"{Where(index)}{label}「{text}」は全銀の文字（半角カナ・英大文字・数字・記号）で{width}文字以内でなければなりません。");
        }

        return text.PadRight(width, ' ');
    }

    private static string Where(int? index) => index is { } i ? $"{i}件目: " : "振込依頼人: ";

    private static List<byte[]> Split(ReadOnlySpan<byte> bytes, ZenginLineEnding lineEnding)
    {
        var records = new List<byte[]>();
        if (lineEnding == ZenginLineEnding.None)
        {
            if (bytes.Length % RecordLength != 0)
            {
                throw new ZenginFormatException($"ファイルの長さ {bytes.Length:#,0} バイトが120バイトの倍数ではありません（{bytes.Length / RecordLength + 1}件目のレコードが {bytes.Length % RecordLength} バイトです）。");
            }

            for (var at = 0; at < bytes.Length; at += RecordLength)
            {
                records.Add(bytes.Slice(at, RecordLength).ToArray());
            }

            return records;
        }

        var rest = bytes;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            if (line.Length != RecordLength)
            {
                throw Fault(records.Count + 1, $"レコードの長さが {line.Length} バイトです。120バイトでなければなりません。");
            }

            records.Add(line.ToArray());
            rest = end < 0 ? [] : rest[(end + 2)..];
        }

        return records;
    }

    private static string Decode(Encoding encoding, byte[] bytes, int number)
    {
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fault(number, "Shift_JIS として読めないバイトがあります。");
        }

        if (text.Length != RecordLength)
        {
            throw Fault(number, "全角文字があります。全銀のレコードは半角文字だけです。");
        }

        return text;
    }

    private static ZenginHeader ReadHeader(string record, int number)
    {
        var typeCode = Code(record, 1, 2, number, "種別コード", "21");
        var codeDivision = Code(record, 3, 1, number, "コード区分", "0");
        var header = new ZenginHeader(
            typeCode,
            codeDivision,
            Numeric(record, 4, 10, number, "振込依頼人コード"),
            TextField(record, 14, 40, number, "振込依頼人名", required: true),
            Numeric(record, 54, 4, number, "振込指定日"),
            Numeric(record, 58, 4, number, "仕向銀行番号"),
            TextField(record, 62, 15, number, "仕向銀行名", required: false),
            Numeric(record, 77, 3, number, "仕向支店番号"),
            TextField(record, 80, 15, number, "仕向支店名", required: false),
            Code(record, 95, 1, number, "預金種目", "1", "2", "9"),
            Numeric(record, 96, 7, number, "口座番号"));
        Blank(record, 103, 17, number, "ダミー");
        if (!DateOnly.TryParseExact("2000" + header.TransferDate, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw Fault(number, $"振込指定日「{header.TransferDate}」は月日（MMDD）ではありません。");
        }

        return header;
    }

    private static ZenginData ReadData(string record, int number)
    {
        var ediFlag = Code(record, 112, 1, number, "識別表示", " ", "Y");
        var data = new ZenginData(
            number,
            Numeric(record, 1, 4, number, "被仕向銀行番号"),
            TextField(record, 5, 15, number, "被仕向銀行名", required: false),
            Numeric(record, 20, 3, number, "被仕向支店番号"),
            TextField(record, 23, 15, number, "被仕向支店名", required: false),
            record.Substring(38, 4).Trim().Length == 0 ? record.Substring(38, 4) : Numeric(record, 38, 4, number, "手形交換所番号"),
            Code(record, 42, 1, number, "預金種目", "1", "2", "4", "9"),
            Numeric(record, 43, 7, number, "口座番号"),
            TextField(record, 50, 30, number, "受取人名", required: true),
            long.Parse(Numeric(record, 80, 10, number, "振込金額"), CultureInfo.InvariantCulture),
            Code(record, 90, 1, number, "新規コード", "0", "1", "2"),
            ediFlag == "Y" ? TextField(record, 91, 10, number, "EDI情報", required: false) : Numeric(record, 91, 10, number, "顧客コード1"),
            ediFlag == "Y" ? TextField(record, 101, 10, number, "EDI情報", required: false) : Numeric(record, 101, 10, number, "顧客コード2"),
            Code(record, 111, 1, number, "振込指定区分", "7", "8", " "),
            ediFlag);
        Blank(record, 113, 7, number, "ダミー");
        if (data.Amount == 0)
        {
            throw Fault(number, "振込金額が0円です。");
        }

        return data;
    }

    private static ZenginTrailer ReadTrailer(string record, int number, List<ZenginData> data)
    {
        var count = int.Parse(Numeric(record, 1, 6, number, "合計件数"), CultureInfo.InvariantCulture);
        var total = long.Parse(Numeric(record, 7, 12, number, "合計金額"), CultureInfo.InvariantCulture);
        Blank(record, 19, 101, number, "ダミー");
        if (data.Count == 0)
        {
            throw Fault(number, "データ・レコードが1件もありません。");
        }

        if (count != data.Count)
        {
            throw Fault(number, $"合計件数 {count:#,0} がデータ・レコードの数 {data.Count:#,0} と合いません。");
        }

        var sum = data.Sum(d => d.Amount);
        if (total != sum)
        {
            throw Fault(number, $"合計金額 {total:#,0}円 がデータ・レコードの振込金額の計 {sum:#,0}円 と合いません。");
        }

        return new ZenginTrailer(count, total);
    }

    private static string Numeric(string record, int start, int length, int number, string label)
    {
        var value = record.Substring(start, length);
        if (!value.All(char.IsAsciiDigit))
        {
            throw Fault(number, $"{label}（{start + 1}桁目から{length}桁）「{value}」が数字ではありません。");
        }

        return value;
    }

    private static string Code(string record, int start, int length, int number, string label, params string[] allowed)
    {
        var value = record.Substring(start, length);
        if (!allowed.Contains(value))
        {
            throw Fault(number, $"{label}（{start + 1}桁目）「{value}」は {string.Join("・", allowed.Select(a => a.Trim().Length == 0 ? "空白" : a))} のどれかでなければなりません。");
        }

        return value;
    }

    private static string TextField(string record, int start, int length, int number, string label, bool required)
    {
        var value = record.Substring(start, length);
        if (!ZenginKana.IsSendable(value))
        {
            throw Fault(number, $"{label}（{start + 1}桁目から{length}桁）「{value.TrimEnd()}」に全銀で使えない文字があります。");
        }

        if (required && value.Trim().Length == 0)
        {
            throw Fault(number, $"{label}がありません。");
        }

        return value.TrimEnd(' ');
    }

    private static void Blank(string record, int start, int length, int number, string label)
    {
        if (record.AsSpan(start, length).ContainsAnyExcept(' '))
        {
            throw Fault(number, $"{label}（{start + 1}桁目から{length}桁）が空白ではありません。");
        }
    }

    private static ZenginFormatException Fault(int number, string reason) => new($"{number}件目のレコード: {reason}");

    /// <summary>CP932 that refuses what it cannot encode or decode (no silent "?" in a bank file).</summary>
    public static Encoding ShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
