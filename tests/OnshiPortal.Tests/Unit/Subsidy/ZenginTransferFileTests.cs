using System.Text;
using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class ZenginTransferFileTests
{
    private static readonly DateOnly Day = new(2026, 12, 25);

    private static ZenginPayer Payer => SubsidyRules.Table().Payer;

    private static ZenginTransfer Transfer(string holder, long amount, string reference, string bank = "0005", string branch = "001", string type = "1", string number = "1234567")
    {
        var account = BankAccount.Create(bank, branch, type, number, holder, out var errors);
        Assert.Empty(errors);
        return ZenginTransfer.To(account!, amount, reference);
    }

    private static List<ZenginTransfer> Transfers() =>
    [
        Transfer("医療法人社団　さくらかい", 1_200_000, "2026000001", "0005", "123", "1", "0012345"),
        Transfer("ヤマダ　タロウ", 1, "2026000002", "9900", "019", "普通", "1"),
        Transfer("カブシキガイシャ　ヴィクトリア", 9_999_999_999, "2026000003", "0009", "999", "当座", "9999999"),
        Transfer("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフベ", 75_000, "", "0001", "001", "1", "7654321"),
        new ZenginTransfer("0001", "002", DepositType.Ordinary, "0000001", "ｻﾄｳ ﾊﾅｺ", 300_000, "12", "99", "ﾐｽﾞﾎ", "ﾎﾝﾃﾝ"),
    ];

    [Theory]
    [InlineData(ZenginLineEnding.CrLf, 122)]
    [InlineData(ZenginLineEnding.None, 120)]
    public void The_file_reads_back_field_by_field(ZenginLineEnding lineEnding, int lineLength)
    {
        var transfers = Transfers();

        var bytes = ZenginTransferFile.Write(Payer, Day, transfers, lineEnding);

        Assert.Equal((transfers.Count + 3) * lineLength, bytes.Length);
        for (var at = 0; at < bytes.Length; at += lineLength)
        {
            Assert.All(bytes.AsSpan(at, 120).ToArray(), b => Assert.True(b is >= 0x20 and < 0x7F or >= 0xA1 and <= 0xDF, $"byte {b:X2}"));
            if (lineEnding == ZenginLineEnding.CrLf)
            {
                Assert.Equal("\r\n"u8.ToArray(), bytes.AsSpan(at + 120, 2).ToArray());
            }
        }

        // The first bytes of each record, as the bank's program reads them.
        Assert.Equal("1210"u8.ToArray(), bytes.AsSpan(0, 4).ToArray());
        Assert.Equal((byte)'8', bytes[(transfers.Count + 1) * lineLength]);
        Assert.Equal((byte)'9', bytes[(transfers.Count + 2) * lineLength]);

        var file = ZenginTransferFile.Parse(bytes);

        Assert.Equal(lineEnding, file.LineEnding);
        Assert.Equal(
            new ZenginHeader("21", "0", "1234567890", "ｻﾝﾌﾟﾙ ｷｷﾝ", "1225", "0999", "ｻﾝﾌﾟﾙ", "001", "ﾎﾝﾃﾝ", "1", "1234567"),
            file.Header);
        Assert.Equal(transfers.Count, file.Data.Count);
        for (var i = 0; i < transfers.Count; i++)
        {
            var sent = transfers[i];
            var read = file.Data[i];
            Assert.Equal(i + 2, read.RecordNumber);
            Assert.Equal(sent.BankCode, read.BankCode);
            Assert.Equal(sent.BankName, read.BankName);
            Assert.Equal(sent.BranchCode, read.BranchCode);
            Assert.Equal(sent.BranchName, read.BranchName);
            Assert.Equal("0000", read.ClearingHouse);
            Assert.Equal(((int)sent.DepositType).ToString(System.Globalization.CultureInfo.InvariantCulture), read.DepositType);
            Assert.Equal(sent.AccountNumber, read.AccountNumber);
            Assert.Equal(sent.HolderName, read.HolderName);
            Assert.Equal(sent.Amount, read.Amount);
            Assert.Equal("0", read.NewCode);
            Assert.Equal(sent.CustomerCode1.PadLeft(10, '0'), read.CustomerCode1);
            Assert.Equal(sent.CustomerCode2.PadLeft(10, '0'), read.CustomerCode2);
            Assert.Equal("7", read.TransferKind);
            Assert.Equal(" ", read.EdiFlag);
        }

        Assert.Equal(new ZenginTrailer(transfers.Count, transfers.Sum(t => t.Amount)), file.Trailer);
        Assert.Equal("ｲ)ｻｸﾗｶｲ", file.Data[0].HolderName);
        Assert.Equal(30, file.Data[3].HolderName.Length);
        Assert.Equal("ｶ)ｳﾞｲｸﾄﾘｱ", file.Data[2].HolderName);
        Assert.Equal("0000001", file.Data[1].AccountNumber);
    }

    [Fact]
    public void A_record_has_its_fields_at_the_standard_positions()
    {
        var bytes = ZenginTransferFile.Write(Payer, Day, [Transfer("ヤマダ　タロウ", 123_456, "2026000042", "0005", "123", "2", "7654321")], ZenginLineEnding.None);
        var text = ZenginTransferFile.ShiftJis().GetString(bytes);
        var header = text[..120];
        var data = text[120..240];
        var trailer = text[240..360];
        var end = text[360..480];

        Assert.Equal("1" + "21" + "0" + "1234567890" + "ｻﾝﾌﾟﾙ ｷｷﾝ".PadRight(40) + "1225" + "0999" + "ｻﾝﾌﾟﾙ".PadRight(15) + "001" + "ﾎﾝﾃﾝ".PadRight(15) + "1" + "1234567" + new string(' ', 17), header);
        Assert.Equal("2" + "0005" + new string(' ', 15) + "123" + new string(' ', 15) + "0000" + "2" + "7654321" + "ﾔﾏﾀﾞ ﾀﾛｳ".PadRight(30) + "0000123456" + "0" + "2026000042" + "0000000000" + "7" + " " + new string(' ', 7), data);
        Assert.Equal("8" + "000001" + "000000123456" + new string(' ', 101), trailer);
        Assert.Equal("9" + new string(' ', 119), end);
    }

    [Theory]
    [InlineData(0L, "1件目: 振込金額が0円です。1円以上でなければなりません。")]
    [InlineData(-5L, "1件目: 振込金額が-5円です。1円以上でなければなりません。")]
    [InlineData(10_000_000_000L, "1件目: 振込金額 10,000,000,000円は10桁（9,999,999,999円）を超えます。")]
    public void An_amount_the_record_cannot_carry_is_refused(long amount, string message)
    {
        var failure = Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Payer, Day, [Transfer("ヤマダ", amount, "1")]));
        Assert.Equal(message, failure.Message);
    }

    [Theory]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "000", "1234567", "12345678901", "2件目: 顧客コード1「12345678901」は10桁までの半角数字でなければなりません。")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "00", "1234567", "1", "2件目: 支店コード「00」は3桁の半角数字でなければなりません。")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "000", "12345678", "1", "2件目: 口座番号「12345678」は7桁までの半角数字でなければなりません。")]
    [InlineData("山田", "000", "1234567", "1", "2件目: 受取人名「山田」は全銀の文字（半角カナ・英大文字・数字・記号）で30文字以内でなければなりません。")]
    [InlineData("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏ", "000", "1234567", "1", "2件目: 受取人名「ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏ」は全銀の文字（半角カナ・英大文字・数字・記号）で30文字以内でなければなりません。")]
    [InlineData(" ", "000", "1234567", "1", "2件目: 受取人名がありません。")]
    public void A_transfer_the_bank_would_refuse_is_refused_with_its_number(string holder, string branch, string number, string reference, string message)
    {
        List<ZenginTransfer> transfers = [Transfer("ヤマダ", 1, "1"), new("0005", branch, DepositType.Ordinary, number, holder, 1, reference)];
        var failure = Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Payer, Day, transfers));
        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public void Nine_thousand_nine_hundred_ninety_nine_transfers_fit_in_a_file_and_one_more_does_not()
    {
        var transfers = Enumerable.Range(1, 9_999)
            .Select(i => new ZenginTransfer("0005", "001", DepositType.Ordinary, i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture), "ﾔﾏﾀﾞ ﾀﾛｳ", 1_000_000 + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        var file = ZenginTransferFile.Parse(ZenginTransferFile.Write(Payer, Day, transfers, maxTransfers: 9_999));

        Assert.Equal(9_999, file.Trailer.Count);
        Assert.Equal(transfers.Sum(t => t.Amount), file.Trailer.Total);
        Assert.Equal(transfers.Select(t => t.Amount), file.Data.Select(d => d.Amount));
        Assert.Equal(10_000, file.Data[^1].RecordNumber);

        transfers.Add(transfers[0]);
        var failure = Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Payer, Day, transfers, maxTransfers: 9_999));
        Assert.Equal("振込が10,000件あります。1つのファイルには9,999件までしか入りません。", failure.Message);
    }

    [Fact]
    public void A_total_over_twelve_digits_is_refused_and_none_is_nothing_to_write()
    {
        var hundred = Enumerable.Repeat(new ZenginTransfer("0005", "001", DepositType.Ordinary, "1", "ﾔﾏﾀﾞ", ZenginTransferFile.MaxAmount, "1"), 100).ToList();
        Assert.Equal(999_999_999_900, ZenginTransferFile.Parse(ZenginTransferFile.Write(Payer, Day, hundred)).Trailer.Total);

        hundred.Add(hundred[0]);
        Assert.Equal("合計金額が12桁（999,999,999,999円）を超えます（101件目まで）。", Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Payer, Day, hundred)).Message);
        Assert.Equal("振込が1件もありません。", Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Write(Payer, Day, [])).Message);
    }

    /// <summary>A good file of 2 transfers (records 1 header, 2–3 data, 4 trailer, 5 end), broken one way each row.</summary>
    [Theory]
    [InlineData("type code", "1件目のレコード: 種別コード（2桁目）「11」は 21 のどれかでなければなりません。")]
    [InlineData("code division", "1件目のレコード: コード区分（4桁目）「1」は 0 のどれかでなければなりません。")]
    [InlineData("transfer date", "1件目のレコード: 振込指定日「1332」は月日（MMDD）ではありません。")]
    [InlineData("deposit type", "2件目のレコード: 預金種目（43桁目）「3」は 1・2・4・9 のどれかでなければなりません。")]
    [InlineData("amount letters", "3件目のレコード: 振込金額（81桁目から10桁）「00000002X0」が数字ではありません。")]
    [InlineData("amount zero", "2件目のレコード: 振込金額が0円です。")]
    [InlineData("new code", "2件目のレコード: 新規コード（91桁目）「5」は 0・1・2 のどれかでなければなりません。")]
    [InlineData("transfer kind", "3件目のレコード: 振込指定区分（112桁目）「1」は 7・8・空白 のどれかでなければなりません。")]
    [InlineData("dummy", "3件目のレコード: ダミー（114桁目から7桁）が空白ではありません。")]
    [InlineData("count", "4件目のレコード: 合計件数 3 がデータ・レコードの数 2 と合いません。")]
    [InlineData("total", "4件目のレコード: 合計金額 301円 がデータ・レコードの振込金額の計 300円 と合いません。")]
    [InlineData("short record", "3件目のレコード: レコードの長さが 119 バイトです。120バイトでなければなりません。")]
    [InlineData("no end", "4件目のレコード: ファイルが途中で終わっています（エンド・レコード（9）のはずです）。")]
    [InlineData("data first", "1件目のレコード: データ区分「2」はここに来られません（最初はヘッダー・レコード（1）です）。")]
    [InlineData("after end", "6件目のレコード: エンド・レコードの後にレコードがあります。")]
    [InlineData("kanji", "2件目のレコード: 全角文字があります。全銀のレコードは半角文字だけです。")]
    [InlineData("lower case", "2件目のレコード: 受取人名（51桁目から30桁）「ﾔﾏﾀﾞ taro」に全銀で使えない文字があります。")]
    [InlineData("no separator, odd length", "ファイルの長さ 599 バイトが120バイトの倍数ではありません（5件目のレコードが 119 バイトです）。")]
    public void A_wrong_file_is_refused_with_the_record_number(string fault, string message)
    {
        var lines = Lines(ZenginTransferFile.Write(Payer, Day, [Transfer("ヤマダ　タロウ", 100, "1"), Transfer("サトウ", 200, "2")]));
        var none = false;
        switch (fault)
        {
            case "type code": Put(lines, 0, 1, "11"); break;
            case "code division": Put(lines, 0, 3, "1"); break;
            case "transfer date": Put(lines, 0, 54, "1332"); break;
            case "deposit type": Put(lines, 1, 42, "3"); break;
            case "amount letters": Put(lines, 2, 88, "X"); break;
            case "amount zero": Put(lines, 1, 80, "0000000000"); break;
            case "new code": Put(lines, 1, 90, "5"); break;
            case "transfer kind": Put(lines, 2, 111, "1"); break;
            case "dummy": Put(lines, 2, 115, "X"); break;
            case "count": Put(lines, 3, 1, "000003"); break;
            case "total": Put(lines, 3, 7, "000000000301"); break;
            case "short record": lines[2] = lines[2][..119]; break;
            case "no end": lines.RemoveAt(4); break;
            case "data first": lines.RemoveAt(0); break;
            case "after end": lines.Add(lines[4]); break;
            case "kanji": lines[1] = [.. lines[1][..50], .. Encoding.GetEncoding(932).GetBytes("山"), .. lines[1][52..]]; break;
            case "lower case": Put(lines, 1, 55, "taro"); break;
            case "no separator, odd length": lines[4] = lines[4][..119]; none = true; break;
        }

        var bytes = none ? lines.SelectMany(l => l).ToArray() : lines.SelectMany(l => l.Concat("\r\n"u8.ToArray())).ToArray();
        var failure = Assert.Throws<ZenginFormatException>(() => ZenginTransferFile.Parse(bytes));
        Assert.Equal(message, failure.Message);
    }

    private static List<byte[]> Lines(byte[] file)
    {
        var lines = new List<byte[]>();
        for (var at = 0; at < file.Length; at += 122)
        {
            lines.Add(file.AsSpan(at, 120).ToArray());
        }

        return lines;
    }

    private static void Put(List<byte[]> lines, int record, int offset, string ascii) =>
        Encoding.ASCII.GetBytes(ascii).CopyTo(lines[record], offset);
}
