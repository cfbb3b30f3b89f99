using System.Text;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Csv;

namespace OnshiPortal.Tests.Unit;

public sealed class InstitutionCsvTests
{
    private const string Header = "医療機関等コード,名称,名称カナ,開設者,管理者,郵便番号,住所,電話番号,開設日,廃止日";
    private const string EnglishHeader = "code,name,name_kana,founder,manager,postal_code,address,phone,opened_on,closed_on";

    static InstitutionCsvTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding ShiftJis => Encoding.GetEncoding(932);

    [Fact]
    public void Utf8_with_a_bom_is_detected()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(File(Row(1), Row(2)))).ToArray();
        var result = Read(bytes);
        AssertNoErrors(result);
        Assert.Equal("UTF-8", result.EncodingName);
        Assert.Equal([Code(1), Code(2)], result.Rows.Select(r => r.Record.Code.Value));
        Assert.Equal("佐藤内科クリニック", result.Rows[0].Record.Name);
    }

    [Fact]
    public void Utf8_without_a_bom_is_detected()
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(1))));
        AssertNoErrors(result);
        Assert.Equal("UTF-8", result.EncodingName);
        Assert.Equal("東京都千代田区千代田1-1-1", result.Rows[0].Record.Address);
    }

    [Fact]
    public void Shift_jis_is_detected()
    {
        var result = Read(ShiftJis.GetBytes(File(Row(1), Row(2, name: "①さくら薬局"))));
        AssertNoErrors(result);
        Assert.Equal("Shift_JIS", result.EncodingName);
        Assert.Equal("1さくら薬局", result.Rows[1].Record.Name);
        Assert.Equal("サトウナイカクリニック", result.Rows[0].Record.NameKana);
    }

    [Fact]
    public void A_forced_encoding_is_used_as_given()
    {
        var sjis = ShiftJis.GetBytes(File(Row(1)));
        var forcedRight = Read(sjis, CsvEncoding.ShiftJis);
        AssertNoErrors(forcedRight);
        Assert.Equal("Shift_JIS", forcedRight.EncodingName);

        var forcedWrong = Read(sjis, CsvEncoding.Utf8);
        Assert.Equal("UTF-8", forcedWrong.EncodingName);
        Assert.Empty(forcedWrong.Rows);
        AssertError(forcedWrong, 1, "読み取れない文字");

        var dataOnlyWrong = Read(ShiftJis.GetBytes(EnglishHeader + "\r\n" + Row(1)), CsvEncoding.Utf8);
        Assert.Empty(dataOnlyWrong.Rows);
        AssertError(dataOnlyWrong, 2, "読み取れない文字");

        var utf8AsSjis = Read(Encoding.UTF8.GetBytes(File(Row(1))), CsvEncoding.ShiftJis);
        Assert.NotEmpty(utf8AsSjis.Errors);
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var text = Header + "\r\n" +
            Row(1, name: "\"佐藤内科, 分院\"") + "\r\n" +
            Row(2, name: "\"\"\"さくら\"\"薬局\"", address: "\"東京都千代田区\r\n千代田1-1-1\"") + "\r\n" +
            Row(3) + "\r\n" +
            Row(4, postal: "123") + "\r\n";
        var result = Read(Encoding.UTF8.GetBytes(text));

        Assert.Equal("佐藤内科, 分院", result.Rows[0].Record.Name);
        Assert.Equal("\"さくら\"薬局", result.Rows[1].Record.Name);
        Assert.Equal("東京都千代田区 千代田1-1-1", result.Rows[1].Record.Address);
        Assert.Equal([2, 3, 5], result.Rows.Select(r => r.Line));
        var error = Assert.Single(result.Errors);
        Assert.Equal(6, error.Line);
        Assert.StartsWith("6行目: 郵便番号", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_and_lf_line_ends_read_the_same()
    {
        var lf = Read(Encoding.UTF8.GetBytes(File(Row(1), Row(2), Row(3)).Replace("\r\n", "\n", StringComparison.Ordinal)));
        var crlf = Read(Encoding.UTF8.GetBytes(File(Row(1), Row(2), Row(3))));
        AssertNoErrors(lf);
        AssertNoErrors(crlf);
        Assert.Equal(crlf.Rows, lf.Rows);
        Assert.Equal([2, 3, 4], lf.Rows.Select(r => r.Line));
    }

    [Fact]
    public void English_headers_are_accepted()
    {
        var text = EnglishHeader + "\r\n" + Row(1) + "\r\n";
        var result = Read(Encoding.UTF8.GetBytes(text));
        AssertNoErrors(result);
        Assert.Equal(Code(1), result.Rows[0].Record.Code.Value);
    }

    [Fact]
    public void Columns_are_found_by_header_in_any_order()
    {
        var text = "名称,医療機関等コード,名称カナ,開設者,管理者,郵便番号,住所,電話番号,開設日,廃止日\r\n" +
            $"佐藤内科クリニック,{Code(1)},サトウナイカクリニック,佐藤 一郎,佐藤 一郎,100-0001,東京都千代田区千代田1-1-1,03-1234-5678,2001-04-01,\r\n";
        var result = Read(Encoding.UTF8.GetBytes(text));
        AssertNoErrors(result);
        Assert.Equal(Code(1), result.Rows[0].Record.Code.Value);
    }

    [Fact]
    public void Every_field_is_normalised()
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(
            1,
            name: "  佐藤　内科  ",
            kana: "さとう ﾅｲｶ",
            postal: "〒１００－０００１",
            phone: "０３ー１２３４ー５６７８",
            opened: "2001/4/1",
            closed: "20240331"))));
        AssertNoErrors(result);
        var record = result.Rows[0].Record;
        Assert.Equal("佐藤 内科", record.Name);
        Assert.Equal("サトウ ナイカ", record.NameKana);
        Assert.Equal("1000001", record.PostalCode);
        Assert.Equal("03-1234-5678", record.Phone);
        Assert.Equal(new DateOnly(2001, 4, 1), record.OpenedOn);
        Assert.Equal(new DateOnly(2024, 3, 31), record.ClosedOn);
    }

    [Theory]
    [InlineData("2024-04-01")]
    [InlineData("2024/04/01")]
    [InlineData("2024/4/1")]
    [InlineData("20240401")]
    [InlineData("２０２４－０４－０１")]
    public void Dates_are_read_in_the_usual_forms(string date)
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(1, opened: date))));
        AssertNoErrors(result);
        Assert.Equal(new DateOnly(2024, 4, 1), result.Rows[0].Record.OpenedOn);
    }

    [Fact]
    public void Every_kind_of_bad_row_is_reported_with_its_line()
    {
        var longName = new string('あ', 201);
        var result = Read(Encoding.UTF8.GetBytes(File(
            Row(1) + ",余分な項目",                                // 2: field count
            Row(2, code: WrongCheckDigit(Code(2))),                // 3: check digit
            Row(3, name: ""),                                      // 4: name missing
            Row(4, opened: "2024-02-30"),                          // 5: not a date
            Row(5, opened: "2024-04-01", closed: "2024-03-31"),    // 6: closed before opened
            Row(6, postal: "100-00"),                              // 7: postal code
            Row(7, phone: "03-1234"),                              // 8: phone
            Row(8, name: longName),                                // 9: too long
            Row(9, address: ""),                                   // 10: address missing
            Row(1),                                                // 11: fine: line 2 was not read, so no duplicate
            Row(10, kana: new string('ア', 201), opened: "昨日"),  // 12: two problems
            Row(11)))); // 13: fine

        Assert.Equal([11, 13], result.Rows.Select(r => r.Line));
        AssertError(result, 2, "項目の数が11個");
        AssertError(result, 3, "検証番号");
        AssertError(result, 4, "名称を入力してください");
        AssertError(result, 5, "開設日「2024-02-30」は日付として正しくありません");
        AssertError(result, 6, "廃止日（2024-03-31）が開設日（2024-04-01）より前");
        AssertError(result, 7, "郵便番号「100-00」");
        AssertError(result, 8, "電話番号は市外局番から10桁または11桁");
        AssertError(result, 9, "名称は200文字以内");
        AssertError(result, 10, "住所を入力してください");
        AssertError(result, 12, "名称カナは200文字以内");
        AssertError(result, 12, "開設日「昨日」");
        Assert.DoesNotContain(result.Errors, e => e.Line is 11 or 13);
        Assert.Equal(11, result.Errors.Count);
    }

    [Fact]
    public void A_duplicate_code_names_the_line_it_first_appeared_on()
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(1), Row(2), Row(1, name: "別の名前"), Row(2))));
        Assert.Equal([2, 3], result.Rows.Select(r => r.Line));
        AssertError(result, 4, $"医療機関等コード「{Code(1)}」が2行目と重複");
        AssertError(result, 5, $"医療機関等コード「{Code(2)}」が3行目と重複");
        Assert.Equal("4行目: 医療機関等コード「" + Code(1) + "」が2行目と重複しています。", result.Errors[0].ToString());
    }

    [Fact]
    public void A_file_without_a_header_is_refused_on_line_1()
    {
        var result = Read(Encoding.UTF8.GetBytes(Row(1) + "\r\n" + Row(2) + "\r\n"));
        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("見出し行がありません", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_missing_and_repeated_headers_are_reported_on_line_1()
    {
        var text = "医療機関等コード,名称,名称カナ,開設者,管理者,郵便番号,住所,FAX,開設日,廃止日,name\r\n" + Row(1) + ",,\r\n";
        var result = Read(Encoding.UTF8.GetBytes(text));
        Assert.Empty(result.Rows);
        Assert.All(result.Errors, e => Assert.Equal(1, e.Line));
        AssertError(result, 1, "見出しに「電話番号」がありません");
        AssertError(result, 1, "見出し「FAX」は不明な項目です");
        AssertError(result, 1, "見出し「name」が重複しています");
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var result = Read([]);
        AssertError(result, 1, "ファイルが空です");
    }

    [Fact]
    public void Empty_lines_and_rows_of_bare_commas_are_skipped()
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(1), "", ",,,,,,,,,", Row(2), ",,,,,,,,,")));
        AssertNoErrors(result);
        Assert.Equal([2, 5], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public void An_unclosed_quote_is_reported()
    {
        var result = Read(Encoding.UTF8.GetBytes(File(Row(1), Row(2, name: "\"佐藤内科"), Row(3))));
        Assert.Equal([2], result.Rows.Select(r => r.Line));
        AssertError(result, 3, "引用符");
    }

    [Theory]
    [InlineData(CsvEncoding.Utf8)]
    [InlineData(CsvEncoding.ShiftJis)]
    public void Writing_and_reading_back_gives_the_same_records(CsvEncoding encoding)
    {
        InstitutionRecord[] records =
        [
            new(InstitutionCode.Parse(Code(1)), "佐藤内科, 分院", "サトウナイカ ブンイン", "佐藤 一郎", "佐藤 花子", "1000001",
                "東京都千代田区千代田1-1-1 \"本館\"", "03-1234-5678", new DateOnly(1999, 12, 31), null, Beds: 19),
            new(InstitutionCode.Parse(Code(2)), "さくら薬局 髙島屋店", "サクラヤッキョク タカシマヤテン", "株式会社さくらファーマ", "鈴木 誠",
                "5300001", "大阪府大阪市北区梅田1-2-3", "", null, null, Beds: 0),
            new(InstitutionCode.Parse(Code(3)), "-", "", "", "", "0600001", "北海道札幌市中央区北1条西2-1", "011-123-4567",
                new DateOnly(1970, 1, 1), new DateOnly(2025, 3, 31)),
        ];
        using var stream = new MemoryStream();
        InstitutionCsv.Write(stream, records, encoding);
        var bytes = stream.ToArray();

        var result = Read(bytes);
        AssertNoErrors(result);
        Assert.Equal(records, result.Rows.Select(r => r.Record));
        Assert.Equal(encoding == CsvEncoding.ShiftJis ? "Shift_JIS" : "UTF-8", result.EncodingName);
        Assert.Equal(encoding == CsvEncoding.Utf8, bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]));
        var text = (encoding == CsvEncoding.ShiftJis ? ShiftJis : Encoding.UTF8).GetString(bytes).TrimStart('\uFEFF');
        Assert.StartsWith(Header + ",承継元医療機関等コード,病床数\r\n", text, StringComparison.Ordinal);
        Assert.Equal(4, text.Split("\r\n").Length - 1);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Contains(",1999-12-31,,,19\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",,,,0\r\n", text, StringComparison.Ordinal);
    }

    /// <summary>Values that start like a formula, or like the protection of one, and near misses.</summary>
    private static readonly string[] Tricky =
    [
        "=1+2", "+81", "-", "--", "-1", "@SUM(A1)", "'", "''", "'=", "'-", "'a", "a'", "=", "@", "+", "'''=x",
        "＝全角", "－", "'＝", "a=b", "佐藤'", "=HYPERLINK(\"http://evil.example\",\"x\")", "-東京都千代田区", "'-03-1234",
    ];

    [Fact]
    public void Formula_protection_undoes_exactly_what_it_added()
    {
        foreach (var value in Tricky.Concat(["", "佐藤内科", "\t=1", "\r=1", "'\t"]))
        {
            var protectedValue = SpreadsheetText.Protect(value);
            Assert.Equal(value, SpreadsheetText.Unprotect(protectedValue));
            Assert.False(protectedValue.Length > 0 && "=+-@\t\r＝＋－＠".Contains(protectedValue[0], StringComparison.Ordinal), protectedValue);
        }

        // Two values never protect to the same cell.
        var all = Tricky.Concat(Tricky.Select(t => "'" + t)).Concat(Tricky.Select(t => "''" + t)).Distinct().ToList();
        Assert.Equal(all.Count, all.Select(SpreadsheetText.Protect).Distinct().Count());
    }

    [Theory]
    [InlineData(CsvEncoding.Utf8)]
    [InlineData(CsvEncoding.ShiftJis)]
    public void Export_then_import_keeps_values_that_look_like_formulas_and_writes_none(CsvEncoding encoding)
    {
        // As the master holds them: already normalised (the import makes full-width signs ASCII).
        var records = Tricky.Where(v => v.Normalize(NormalizationForm.FormKC) == v).Select((value, i) => new InstitutionRecord(
            InstitutionCode.Parse(Code(i + 1)), value, "", value, value, "1000001", value, "", null, null)).ToList();
        using var stream = new MemoryStream();
        InstitutionCsv.Write(stream, records, encoding);
        var bytes = stream.ToArray();

        var result = Read(bytes);
        AssertNoErrors(result);
        Assert.Equal(records, result.Rows.Select(r => r.Record));

        // No cell of the file starts like a formula.
        var text = (encoding == CsvEncoding.ShiftJis ? ShiftJis : Encoding.UTF8).GetString(bytes).TrimStart('\uFEFF');
        foreach (var cell in text.Split("\r\n").SelectMany(l => l.Split(',')).Select(c => c.TrimStart('"')))
        {
            Assert.False(cell.Length > 0 && "=+-@＝＋－＠".Contains(cell[0], StringComparison.Ordinal), cell);
        }
    }

    [Theory]
    [InlineData("名称", "𠮷野家", "𠮷")]
    [InlineData("管理者", "佐藤 😀", "😀")]
    public void Shift_jis_refuses_a_character_it_cannot_hold(string column, string value, string character)
    {
        var record = new InstitutionRecord(
            InstitutionCode.Parse(Code(1)),
            column == "名称" ? value : "佐藤内科",
            "サトウナイカ",
            "佐藤 一郎",
            column == "管理者" ? value : "佐藤 一郎",
            "1000001",
            "東京都千代田区千代田1-1-1",
            "03-1234-5678",
            null,
            null);
        using var stream = new MemoryStream();

        var exception = Assert.Throws<ShiftJisEncodingException>(() => InstitutionCsv.Write(stream, [record], CsvEncoding.ShiftJis));
        Assert.Equal(Code(1), exception.InstitutionCode);
        Assert.Equal(column, exception.Column);
        Assert.Equal(character, exception.Character);
        Assert.Contains(Code(1), exception.Message, StringComparison.Ordinal);
        Assert.Contains($"「{column}」", exception.Message, StringComparison.Ordinal);

        using var utf8 = new MemoryStream();
        InstitutionCsv.Write(utf8, [record], CsvEncoding.Utf8);
        Assert.Equal(record, Assert.Single(Read(utf8.ToArray()).Rows).Record);
    }

    [Theory]
    [InlineData("auto", CsvEncoding.Auto)]
    [InlineData("utf8", CsvEncoding.Utf8)]
    [InlineData("UTF-8", CsvEncoding.Utf8)]
    [InlineData("sjis", CsvEncoding.ShiftJis)]
    [InlineData("Shift_JIS", CsvEncoding.ShiftJis)]
    public void Encoding_names_parse(string name, CsvEncoding expected)
    {
        Assert.Equal(expected, CsvEncodings.Parse(name));
    }

    [Fact]
    public void An_unknown_encoding_name_is_refused()
    {
        Assert.False(CsvEncodings.TryParse("euc-jp", out _));
        Assert.Throws<FormatException>(() => CsvEncodings.Parse("euc-jp"));
    }

    private static string Code(int number) => InstitutionCode.Create(13, InstitutionKind.Medical, 1, number).Value;

    /// <summary>Codes for more rows than one district holds.</summary>
    private static string ManyCode(int number) => InstitutionCode.Create(13, InstitutionKind.Medical, number / 10_000, number % 10_000).Value;

    private static string WrongCheckDigit(string code) => code[..9] + (char)('0' + (code[9] - '0' + 1) % 10);

    [Fact]
    public void The_predecessor_column_is_optional_and_checked_when_present()
    {
        var predecessor = InstitutionGenerator.Generate(1, seed: 3).Single().Code.Value;
        var text = Header + ",承継元医療機関等コード\r\n" +
            Row(1) + "," + predecessor + "\r\n" +     // 2: fine
            Row(2) + ",\r\n" +                       // 3: fine, none
            Row(3) + ",0110113710\r\n" +             // 4: wrong check digit
            Row(4) + "," + Code(4) + "\r\n";          // 5: its own code

        var result = Read(Encoding.UTF8.GetBytes(text));

        Assert.Equal([2, 3], result.Rows.Select(r => r.Line));
        Assert.Equal([predecessor, null], result.Rows.Select(r => r.Record.PredecessorCode));
        AssertError(result, 4, "承継元医療機関等コード: ");
        AssertError(result, 4, "検証番号");
        AssertError(result, 5, "承継元医療機関等コードが自身の医療機関等コードと同じです。");

        // A file without the column (every master before succession data) reads as before.
        Assert.Empty(Read(Encoding.UTF8.GetBytes(File(Row(1)))).Errors);
    }

    [Fact]
    public void The_beds_column_is_optional_and_checked_when_present()
    {
        var text = "code,name,name_kana,founder,manager,postal_code,address,phone,opened_on,closed_on,beds\r\n" +
            Row(1) + ",250\r\n" +   // 2: a hospital
            Row(2) + ",\r\n" +      // 3: none given
            Row(3) + ",１９\r\n" +   // 4: full-width digits, a clinic with beds
            Row(4) + ",0\r\n" +     // 5: no beds
            Row(5) + ",10000\r\n" + // 6: too many
            Row(6) + ",-1\r\n" +    // 7: negative
            Row(7) + ",多数\r\n" +   // 8: not a number
            Row(8) + ",12.5\r\n";   // 9: not whole

        var result = Read(Encoding.UTF8.GetBytes(text));

        Assert.Equal([2, 3, 4, 5], result.Rows.Select(r => r.Line));
        Assert.Equal([250, null, 19, 0], result.Rows.Select(r => r.Record.Beds));
        Assert.All(result.Rows, r => Assert.True(r.Record.HasBeds));
        foreach (var (line, value) in new[] { (6, "10000"), (7, "-1"), (8, "多数"), (9, "12.5") })
        {
            AssertError(result, line, $"病床数「{value}」は0から9999までの数字で入力してください。");
        }

        Assert.Equal(4, result.Errors.Count);

        // The Japanese header too; a file without the column says nothing about beds (the import keeps the master's).
        var japanese = Read(Encoding.UTF8.GetBytes(Header + ",病床数\r\n" + Row(1) + ",600\r\n"));
        AssertNoErrors(japanese);
        Assert.Equal(600, japanese.Rows.Single().Record.Beds);
        var without = Read(Encoding.UTF8.GetBytes(File(Row(1))));
        AssertNoErrors(without);
        Assert.Null(without.Rows.Single().Record.Beds);
        Assert.False(without.Rows.Single().Record.HasBeds);
    }

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("shift_jis", false)]
    [InlineData("utf-8", true)]
    [InlineData("shift_jis", true)]
    public void A_file_read_in_parts_on_several_threads_reads_as_one_thread_reads_it(string encodingName, bool quotingProblems)
    {
        // Large enough for four parts, with problems that depend on the rows before them (duplicate codes thousands
        // of lines apart, records over two lines that shift every later line, quoted line ends where a part could be
        // cut). Quoting problems make the parts give way to one thread: the same result either way.
        var lines = new List<string>();
        for (var i = 1; i <= 30_000; i++)
        {
            lines.Add(i switch
            {
                _ when i % 997 == 0 => Row(i, code: ManyCode(i % 3_000 + 1)),
                _ when i % 1_499 == 0 => Row(i, code: ManyCode(i), name: "\"佐藤\r\n内科\""),
                _ when i % 1_777 == 0 => ",,,,,,,,,",
                _ when quotingProblems && i % 2_003 == 0 => Row(i, code: ManyCode(i), name: "佐\"藤"),
                _ when quotingProblems && i % 2_011 == 0 => Row(i, code: ManyCode(i), name: "\"佐藤\"内科"),
                _ when i % 1_111 == 0 => Row(i, code: ManyCode(i), opened: "2001-13-01"),
                _ when i % 1_303 == 0 => string.Join(',', ManyCode(i), "佐藤内科"),
                _ when i % 1_901 == 0 => Row(i, code: WrongCheckDigit(ManyCode(i))),
                _ when i % 2_500 == 0 => "",
                _ when i % 2_707 == 0 => Row(i, code: ManyCode(i), name: ""),
                _ => Row(i, code: ManyCode(i)),
            });
        }

        var encoding = encodingName == "utf-8" ? new UTF8Encoding(false) : ShiftJis;
        var content = encoding.GetBytes(File([.. lines]));
        var transcode = encodingName == "utf-8" ? null : ShiftJis;
        var oneThread = new InstitutionCsvReader();
        oneThread.Read(content, transcode, threads: 0);
        var workers = new InstitutionCsvReader();
        workers.Read(content, transcode, threads: 4);

        Assert.Equal(oneThread.Rows, workers.Rows);
        Assert.Equal(oneThread.Errors, workers.Errors);
        Assert.InRange(oneThread.Rows.Count, 25_000, 30_000);
        foreach (var problem in new[] { "重複しています", "項目の数", "日付として", "検証番号", "名称を入力" })
        {
            Assert.Contains(oneThread.Errors, e => e.Message.Contains(problem, StringComparison.Ordinal));
        }

        Assert.Equal(quotingProblems, oneThread.Errors.Any(e => e.Message.Contains("引用符", StringComparison.Ordinal)));

        // The line of a row after the two-line records is the file's: row 29,999 (no problem) follows 20 of them.
        Assert.Equal(ManyCode(29_999), oneThread.Rows.Single(r => r.Line == 29_999 + 1 + 30_000 / 1_499).Record.Code.Value);
    }

    private static string Row(
        int number,
        string name = "佐藤内科クリニック",
        string kana = "サトウナイカクリニック",
        string founder = "佐藤 一郎",
        string manager = "佐藤 一郎",
        string postal = "100-0001",
        string address = "東京都千代田区千代田1-1-1",
        string phone = "03-1234-5678",
        string opened = "2001-04-01",
        string closed = "",
        string? code = null) =>
        string.Join(',', code ?? Code(number), name, kana, founder, manager, postal, address, phone, opened, closed);

    private static string File(params string[] rows) => Header + "\r\n" + string.Concat(rows.Select(r => r + "\r\n"));

    private static InstitutionCsvReadResult Read(byte[] bytes, CsvEncoding encoding = CsvEncoding.Auto) =>
        InstitutionCsv.Read(new MemoryStream(bytes), encoding);

    private static void AssertNoErrors(InstitutionCsvReadResult result) =>
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors));

    private static void AssertError(InstitutionCsvReadResult result, int line, string text) =>
        Assert.True(
            result.Errors.Any(e => e.Line == line && e.Message.Contains(text, StringComparison.Ordinal)),
            $"expected on line {line}: {text}{Environment.NewLine}got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
}
