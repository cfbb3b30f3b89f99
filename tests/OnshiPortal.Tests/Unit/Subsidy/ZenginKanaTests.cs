using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class ZenginKanaTests
{
    [Theory]
    [InlineData("ヤマダ　タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("  ヤマダ　　 タロウ  ", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("サトウ　キョウコ", "ｻﾄｳ ｷﾖｳｺ")]
    [InlineData("キッカワ　ショウ", "ｷﾂｶﾜ ｼﾖｳ")]
    [InlineData("ヴィクトリア　ファーマシー", "ｳﾞｲｸﾄﾘｱ ﾌｱ-ﾏｼ-")]
    [InlineData("ゔぃくとりあ", "ｳﾞｲｸﾄﾘｱ")]
    [InlineData("ｷｬﾝﾍﾞﾙ", "ｷﾔﾝﾍﾞﾙ")]
    [InlineData("ヶヵ", "ｹｶ")]
    [InlineData("ポプラ薬局", null)]
    [InlineData("ＡＢＣ　ファーマシー１２３", "ABC ﾌｱ-ﾏｼ-123")]
    [InlineData("abc pharmacy", "ABC PHARMACY")]
    [InlineData("エム・アール", null)]
    [InlineData("エム．アール", "ｴﾑ.ｱ-ﾙ")]
    [InlineData("ヤマダ（タロウ）", "ﾔﾏﾀﾞ(ﾀﾛｳ)")]
    [InlineData("ヤマダ／サトウ", "ﾔﾏﾀﾞ/ｻﾄｳ")]
    [InlineData("カブシキガイシャ　ヤマダ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞｼｮｳｼﾞ", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ")]
    [InlineData("ヤマダショウジ　カブシキガイシャ", "ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ")]
    [InlineData("株式会社　ヤマダ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("ヤマダ株式会社", "ﾔﾏﾀﾞ(ｶ")]
    [InlineData("ヤマダ株式会社　シンジュクエイギョウショ", "ﾔﾏﾀﾞ(ｶ)ｼﾝｼﾞﾕｸｴｲｷﾞﾖｳｼﾖ")]
    [InlineData("㈱ヤマダ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("（株）ヤマダ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("ｶ)ﾔﾏﾀﾞ", "ｶ)ﾔﾏﾀﾞ")]
    [InlineData("医療法人社団　さくらかい", "ｲ)ｻｸﾗｶｲ")]
    [InlineData("医療法人社団　さくら会", null)]
    [InlineData("いりょうほうじんしゃだん さくらかい", "ｲ)ｻｸﾗｶｲ")]
    [InlineData("医療法人　ヤマダナイカ", "ｲ)ﾔﾏﾀﾞﾅｲｶ")]
    [InlineData("社会医療法人　アオバ", "ｲ)ｱｵﾊﾞ")]
    [InlineData("有限会社　ヤマダヤッキョク", "ﾕ)ﾔﾏﾀﾞﾔﾂｷﾖｸ")]
    [InlineData("社会福祉法人　ひかり", "ﾌｸ)ﾋｶﾘ")]
    [InlineData("合同会社　ミライ", "ﾄﾞ)ﾐﾗｲ")]
    [InlineData("一般社団法人　ミドリカイ", "ｼﾔ)ﾐﾄﾞﾘｶｲ")]
    [InlineData("公益財団法人　ケンコウザイダン", "ｻﾞｲ)ｹﾝｺｳｻﾞｲﾀﾞﾝ")]
    [InlineData("学校法人　サクラガクエン", "ｶﾞｸ)ｻｸﾗｶﾞｸｴﾝ")]
    [InlineData("ヤマダ　ハナコ　￥", "ﾔﾏﾀﾞ ﾊﾅｺ \\")]
    [InlineData("「ヤマダ」", "｢ﾔﾏﾀﾞ｣")]
    [InlineData("ヲカダ", "ｵｶﾀﾞ")]
    [InlineData("カ゛ク", "ｶﾞｸ")]
    [InlineData("ヤマダ－タロウ", "ﾔﾏﾀﾞ-ﾀﾛｳ")]
    [InlineData("ﾌｧｰﾏｼｰ", "ﾌｱ-ﾏｼ-")]
    [InlineData("シーエム−ケー", "ｼ-ｴﾑ-ｹ-")]
    [InlineData("株式会社", "ｶ)")]
    [InlineData("ヤマダ 株式会社 ", "ﾔﾏﾀﾞ(ｶ")]
    [InlineData("サクラカイ　社会福祉法人　ひかりえん", "ｻｸﾗｶｲ(ﾌｸ)ﾋｶﾘｴﾝ")]
    public void Names_become_what_banks_accept(string input, string? expected)
    {
        var value = ZenginKana.Normalize(input, out var error);

        Assert.Equal(expected, value);
        Assert.Equal(expected is null, error is not null);
    }

    [Theory]
    [InlineData("ヤマダ　太郎", "5文字目「太」、6文字目「郎」")]
    [InlineData("ポプラ薬局", "4文字目「薬」、5文字目「局」")]
    [InlineData("エム・アール", "3文字目「・」")]
    [InlineData("ヤマダ&サトウ", "4文字目「&」")]
    [InlineData("ヤマダ😀タロウ", "4文字目「😀」")]
    [InlineData("ヷイン", "1文字目「ヷ」")]
    [InlineData("ヤマダ【タロウ】", "4文字目「【」、8文字目「】」")]
    [InlineData("医療法人社団　櫻会", "8文字目「櫻」、9文字目「会」")]
    [InlineData("医療法人社団　さくら会", "11文字目「会」")]
    [InlineData("ヤマダ株式会社ヤマダ医院", "11文字目「医」、12文字目「院」")]
    public void A_character_that_cannot_be_sent_is_refused_with_its_position(string input, string expected)
    {
        Assert.Null(ZenginKana.Normalize(input, out var error));
        Assert.Contains(expected, error);
        Assert.StartsWith("口座名義に振込で使えない文字があります", error);
    }

    [Fact]
    public void Thirty_half_width_characters_pass_and_thirty_one_are_refused()
    {
        // ﾀﾞ counts two: the mark is a character of its own.
        Assert.Equal("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾞ", ZenginKana.Normalize("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフベ", out _));

        Assert.Null(ZenginKana.Normalize("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマ", out var error));
        Assert.Contains("半角30文字以内", error);
        Assert.Contains("31文字", error);
        Assert.Null(ZenginKana.Normalize("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘガ", out var voiced));
        Assert.Contains("31文字", voiced);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void An_empty_name_is_refused(string? input)
    {
        Assert.Null(ZenginKana.Normalize(input, out var error));
        Assert.Equal("口座名義を入力してください。", error);
    }

    [Theory]
    [InlineData("医療法人社団　さくらかい")]
    [InlineData("ヤマダ株式会社　シンジュクエイギョウショ")]
    [InlineData("ヴィクトリア　ファーマシー")]
    [InlineData("ＡＢＣ　ファーマシー１２３")]
    public void Normalising_twice_changes_nothing(string input)
    {
        var once = ZenginKana.Normalize(input, out _)!;
        Assert.Equal(once, ZenginKana.Normalize(once, out _));
        Assert.True(ZenginKana.IsSendable(once));
    }

    [Fact]
    public void Every_allowed_character_is_one_byte_in_shift_jis()
    {
        var bytes = ZenginTransferFile.ShiftJis().GetBytes(ZenginKana.Allowed);
        Assert.Equal(ZenginKana.Allowed.Length, bytes.Length);
    }
}
