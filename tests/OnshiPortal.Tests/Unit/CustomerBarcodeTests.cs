using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Tests.Unit;

public sealed class CustomerBarcodeTests
{
    /// <summary>
    /// Japan Post's worked example (郵便番号・バーコードマニュアル p17.html and p21.html,
    /// https://www.post.japanpost.jp/zipcode/zipmanual/p21.html): 〒100-0013 霞が関1丁目3番2号 郵便プラザ503室 is
    /// 1000013 1-3-2-503, padded with four CC4, and its check digit is 9.
    /// </summary>
    [Fact]
    public void Japan_post_worked_example()
    {
        var characters = CustomerBarcode.Encode("1000013", "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室");

        string[] expected =
        [
            "1", "0", "0", "0", "0", "1", "3",
            "1", "-", "3", "-", "2", "-", "5", "0", "3", "CC4", "CC4", "CC4", "CC4",
            "9",
        ];
        Assert.Equal(expected, characters);
    }

    /// <summary>
    /// Japan Post's sample addresses for checking an extraction program (バーコードに必要な文字情報の抜き出し法,
    /// https://www.post.japanpost.jp/zipcode/zipmanual/p17.html ff.; the table as quoted at https://ssit.jp/tech-016/).
    /// </summary>
    [Theory]
    [InlineData("千葉市稲毛区緑町3丁目30-8 郵便ビル403号", "3-30-8-403")]
    [InlineData("秋田県大仙市堀見内 南田茂木 添60-1", "60-1")]
    [InlineData("東京都台東区台東5-6-3 ABCビル10F", "5-6-3-10")]
    [InlineData("北海道札幌市東区北六条東4丁目 郵便センター6号館", "4-6")]
    [InlineData("北海道札幌市東区北六条東8丁目 郵便センター10号館", "8-10")]
    [InlineData("山梨県韮崎市龍岡町下條南割 韮崎400", "400")]
    [InlineData("千葉県鎌ケ谷市右京塚 東3丁目-20-5 郵便・A&bコーポB604号", "3-20-5B604")]
    [InlineData("東京都青梅市河辺町十一丁目六番地一号 郵便タワー601", "11-6-1-601")]
    public void Extracts_japan_post_samples(string address, string expected)
    {
        Assert.Equal(expected, AddressNumber.Extract(address));
    }

    [Theory]
    [InlineData("東京都港区芝公園三丁目5番8号", "3-5-8")]
    [InlineData("大阪府大阪市北区梅田二丁目四番九号", "2-4-9")]
    [InlineData("愛知県名古屋市中区大須一丁目二十五番二十八号", "1-25-28")]
    [InlineData("京都府京都市下京区烏丸通七条下る東塩小路町百一番地", "101")]
    [InlineData("北海道札幌市中央区南一条西１０丁目４番地", "10-4")]
    [InlineData("福岡県福岡市博多区博多駅前２－１－１", "2-1-1")]
    [InlineData("千葉県千葉市中央区市場町1の1", "1-1")]
    [InlineData("三重県四日市市諏訪町", "")]
    public void Extracts_kanji_and_full_width_numbers(string address, string expected)
    {
        Assert.Equal(expected, AddressNumber.Extract(address));
    }

    [Theory]
    [InlineData("一〇一", 101)]
    [InlineData("十", 10)]
    [InlineData("二十五", 25)]
    [InlineData("百一", 101)]
    [InlineData("千二百三十四", 1234)]
    public void Reads_kanji_numbers(string kanji, int expected)
    {
        Assert.True(AddressNumber.TryParseKanji(kanji, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_letter_is_a_control_code_and_a_digit()
    {
        var characters = CustomerBarcode.Encode("2730102", "千葉県鎌ケ谷市右京塚 東3丁目-20-5 郵便・A&bコーポB604号");

        Assert.Equal(["3", "-", "2", "0", "-", "5", "CC1", "1", "6", "0", "4", "CC4", "CC4"], characters.Skip(7).Take(13));
        Assert.Equal(["CC3", "5"], CustomerBarcode.Encode("1000001", "1丁目Z").Skip(8).Take(2)); // Z = CC3 5
        Assert.Equal(["CC2", "9"], CustomerBarcode.Encode("1000001", "1丁目T").Skip(8).Take(2)); // T = CC2 9
    }

    [Fact]
    public void Address_numbers_beyond_thirteen_characters_are_cut_but_a_last_control_code_stays()
    {
        var cut = CustomerBarcode.Encode("1500043", "東京都渋谷区道玄坂2丁目11-1 郵便タワー2211045");
        Assert.Equal("2-11-1-221104".Select(c => c.ToString()), cut.Skip(7).Take(13));

        // 12 characters, then a letter: only its control code fits as the 13th.
        var letter = CustomerBarcode.Encode("1000001", "1-2-3-456789B");
        Assert.Equal("CC1", letter[19]);
        Assert.Equal(21, letter.Count);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("9", "-")] // 10 is the hyphen
    [InlineData("1", "CC8")] // 18 is CC8
    [InlineData("CC4", "5")]
    public void The_check_character_completes_a_multiple_of_19(string data, string check)
    {
        Assert.Equal(check, CustomerBarcode.CheckCharacter([data]));
    }

    [Theory]
    [InlineData("1000013", "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室")]
    [InlineData("2630023", "千葉市稲毛区緑町3丁目30-8 郵便ビル403号")]
    [InlineData("1980036", "東京都青梅市河辺町十一丁目六番地一号 郵便タワー601")]
    [InlineData("０６０－０９０６", "北海道札幌市東区北六条東4丁目 郵便センター6号館")]
    public void Every_code_sums_to_a_multiple_of_19(string postalCode, string address)
    {
        string[] order = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "CC1", "CC2", "CC3", "CC4", "CC5", "CC6", "CC7", "CC8"];
        var characters = CustomerBarcode.Encode(postalCode, address);

        Assert.Equal(21, characters.Count);
        Assert.Equal(0, characters.Sum(c => Array.IndexOf(order, c)) % 19);
    }

    [Fact]
    public void Bars_are_start_characters_check_and_stop()
    {
        var bars = CustomerBarcode.Bars("1000013", "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室");

        Assert.Equal(2 + (21 * 3) + 2, bars.Count);
        Assert.Equal([BarcodeBar.Full, BarcodeBar.Descender], bars.Take(2)); // start
        Assert.Equal([BarcodeBar.Descender, BarcodeBar.Full], bars.TakeLast(2)); // stop
        Assert.Equal([BarcodeBar.Full, BarcodeBar.Full, BarcodeBar.Timing], bars.Skip(2).Take(3)); // "1"
        Assert.Equal([BarcodeBar.Full, BarcodeBar.Timing, BarcodeBar.Timing], bars.Skip(5).Take(3)); // "0"
        Assert.Equal([BarcodeBar.Timing, BarcodeBar.Full, BarcodeBar.Full], bars.SkipLast(2).TakeLast(3)); // check "9"
    }

    [Fact]
    public void A_postal_code_has_seven_digits()
    {
        Assert.Throws<ArgumentException>(() => CustomerBarcode.Encode("100001", "1丁目"));
        Assert.Throws<ArgumentException>(() => CustomerBarcode.Encode("10000AB", "1丁目"));
    }
}
