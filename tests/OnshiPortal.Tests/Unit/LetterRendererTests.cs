using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// Renders a batch and reads it back the way a print shop and a phone would: pdftotext for the text (poppler-utils)
/// and zbarimg on a 300 dpi raster of the front for the QR code (zbar-tools); tests/run.sh installs both.
/// </summary>
public sealed class LetterRendererTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("onshi-letters-").FullName;

    private static readonly Letter[] Batch =
    [
        Unregistered("0110113719", "札幌テスト内科クリニック", "0600001", "北海道札幌市中央区北一条西2丁目1番地", "pa4K7m2Q9x0"),
        new Letter
        {
            PostalCode = "1000013",
            Address = "東京都千代田区霞が関1丁目3番2号 郵便プラザ503室",
            InstitutionName = "医療法人社団 霞が関新設歯科医院",
            InstitutionCode = "1331234567",
            LetterDate = new DateOnly(2023, 2, 3),
            Deadline = new DateOnly(2023, 3, 31),
            CutoffDate = new DateOnly(2023, 1, 15),
            Kind = LetterKind.NewOrSuccession,
            Sentences = LetterSentences.Seed,
            CallCentre = new CallCentreContact(),
            PortalLoginUrl = "https://portal.example/login?id=1331234567",
        },
        Unregistered("2741234567", "青梅河辺薬局", "1980036", "東京都青梅市河辺町十一丁目六番地一号 郵便タワー601", "pa9Zq3Wv7n1"),
    ];

    private static Letter Unregistered(string code, string name, string postalCode, string address, string password) => new()
    {
        PostalCode = postalCode,
        Address = address,
        InstitutionName = name,
        InstitutionCode = code,
        LetterDate = new DateOnly(2023, 2, 3),
        Deadline = new DateOnly(2023, 3, 31),
        CutoffDate = new DateOnly(2023, 1, 15),
        Kind = LetterKind.Unregistered,
        Sentences = LetterSentences.Seed,
        CallCentre = new CallCentreContact(),
        LoginId = $"{code}@01",
        TemporaryPassword = password,
        PortalLoginUrl = $"https://portal.example/login?id={code}@01",
    };

    [Fact]
    public void Two_pages_per_letter_with_the_japanese_text_extractable()
    {
        var pdf = RenderBatch();

        var text = PdfTools.Run("pdftotext", "-layout", pdf, "-");
        Assert.Equal(2 * Batch.Length, text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Count(p => p.Trim().Length > 0));
        Assert.Equal(2 * Batch.Length, PdfTools.PageCount(pdf));

        var pages = text.Split('\f');
        var raw = PdfTools.Run("pdftotext", "-raw", pdf, "-").Split('\f');
        for (var i = 0; i < Batch.Length; i++)
        {
            var letter = Batch[i];
            var front = PdfTools.Compact(pages[2 * i]);
            var back = PdfTools.Compact(pages[(2 * i) + 1]);
            Assert.Contains(PdfTools.Compact($"{letter.InstitutionName} 御中"), front);
            Assert.Contains("〒" + letter.PostalCode[..3] + "-" + letter.PostalCode[3..], front);
            // An address that wraps in the window shares its lines with the senders in a layout; read it in stream order.
            Assert.Contains(PdfTools.Compact(letter.Address), PdfTools.Compact(raw[2 * i]));
            Assert.Contains("令和5年2月3日", front);
            Assert.Contains("遅くとも令和5年3月31日までに", front);
            Assert.Contains("令和5年1月15日時点", front);
            Assert.Contains("厚生労働省", front);
            Assert.Contains("社会保険診療報酬支払基金", front);
            Assert.Contains(letter.PortalLoginUrl, front);
            Assert.Contains("①検索サイト等で「医療機関等ポータル」と検索", back);
            Assert.Contains(PdfTools.Compact("☎：0800-0804583（通話無料）月曜日～金曜日 8:00～18:00 土曜日 8:00～16:00（いずれも祝日を除く）"), back);
            Assert.Contains(PdfTools.Compact(LetterSentences.Seed.Enforcement), front);
            if (letter.Kind == LetterKind.Unregistered)
            {
                Assert.Contains("仮メールアドレス" + letter.LoginId, front);
                Assert.Contains("仮パスワード" + letter.TemporaryPassword, front);
                Assert.Contains("⑥変更内容が反映されているか", back);
            }
            else
            {
                Assert.Contains("アカウント登録または承継手続きのご案内について", front);
                Assert.Contains("の承継手続きをお願いいたします。", PdfTools.Compact(raw[2 * i]));
                Assert.DoesNotContain("仮パスワード", front);
                Assert.Contains("承継手続き方法", back);
            }
        }
    }

    [Fact]
    public void The_qr_code_of_each_front_is_the_login_url_without_the_password()
    {
        var pdf = RenderBatch();
        for (var i = 0; i < Batch.Length; i++)
        {
            var decoded = PdfTools.DecodeQr(pdf, (2 * i) + 1, folder);

            Assert.Equal(Batch[i].PortalLoginUrl, decoded);
            if (Batch[i].TemporaryPassword is { } password)
            {
                Assert.DoesNotContain(password, decoded, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_font_is_embedded_as_a_subset_so_a_print_shop_needs_no_fonts_of_its_own()
    {
        var fonts = PdfTools.Fonts(RenderBatch());

        Assert.NotEmpty(fonts);
        Assert.All(fonts, font =>
        {
            Assert.True(font.Embedded, $"{font.Name} is not embedded");
            Assert.Matches("^[A-Z]{6}\\+BIZ UDGothic", font.Name); // a subset (the six-letter tag) of the shipped font
        });
    }

    [Fact]
    public void The_address_block_lies_inside_the_window_of_a_長3_envelope_and_nothing_else_shows_through()
    {
        // The window of the folded sheet in points from the top left: 20 mm from the left, 13 mm from the top, 90 × 45 mm
        // (LetterFront documents the geometry); the address keeps clear of its edges.
        static double Mm(double mm) => mm * 72 / 25.4;
        var (left, top, right, bottom) = (Mm(20), Mm(13), Mm(110), Mm(58));
        var pdf = RenderBatch();

        for (var i = 0; i < Batch.Length; i++)
        {
            var letter = Batch[i];
            var words = PdfTools.Words(pdf, (2 * i) + 1);
            var inWindow = words.Where(w => w.XMax > left && w.XMin < right && w.YMax > top && w.YMin < bottom).ToList();
            var shown = PdfTools.Compact(string.Concat(inWindow.Select(w => w.Text)));

            Assert.Equal(PdfTools.Compact($"〒{letter.PostalCode[..3]}-{letter.PostalCode[3..]}{letter.Address}{letter.InstitutionName}御中"), shown);
            Assert.All(inWindow, w => Assert.True(
                w.XMin >= left + Mm(2) && w.XMax <= right - Mm(2) && w.YMin >= top + Mm(2) && w.YMax <= bottom - Mm(2),
                $"「{w.Text}」 at ({w.XMin:0.0}, {w.YMin:0.0})–({w.XMax:0.0}, {w.YMax:0.0}) pt is not clear inside the window"));
        }
    }

    [Fact]
    public void The_campaign_s_sentences_and_the_configured_call_centre_are_printed_instead_of_the_seed_s()
    {
        var sentences = new LetterSentences(
            "オンライン資格確認の導入は、令和5年4月1日から原則として義務となっています。",
            "また、**令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は届出を行うことにより、一定期間、導入の義務が猶予されます。**");
        var contact = new CallCentreContact { Phone = "0120-000-111", Hours = "平日 9:00～17:00（年末年始を除く）" };
        var path = Path.Combine(folder, "sentences.pdf");
        File.WriteAllBytes(path, new LetterRenderer().Render([Batch[0] with { Sentences = sentences, CallCentre = contact }, Batch[1] with { Sentences = sentences, CallCentre = contact }]));

        var pages = PdfTools.Pages(path).Select(PdfTools.Compact).ToArray();
        foreach (var front in new[] { pages[0], pages[2] })
        {
            Assert.Contains(PdfTools.Compact(sentences.Enforcement), front);
            Assert.Contains("令和9年3月31日時点でやむを得ない事情", front);
            Assert.DoesNotContain("令和4年度末時点", front);
            Assert.DoesNotContain("より施行されます", front);
        }

        Assert.Contains(PdfTools.Compact("☎：0120-000-111（通話無料）平日 9:00～17:00（年末年始を除く）"), pages[1]);
        Assert.DoesNotContain("0800-0804583", pages[1] + pages[3]);
        Assert.Contains("コールセンター（0120-000-111）へご連絡ください", pages[3]);
    }

    [Fact]
    public void Sentences_of_the_longest_length_allowed_still_fit_the_front_of_either_kind()
    {
        // The widest characters at the longest length the campaign accepts: a letter of such a campaign must print.
        var sentences = new LetterSentences(new string('漢', LetterSentences.MaxEnforcementLength), new string('漢', LetterSentences.MaxTransitionLength));

        var pdf = new LetterRenderer().Render([Batch[0] with { Sentences = sentences }, Batch[1] with { Sentences = sentences }]);

        Assert.NotEmpty(pdf);
    }

    [Fact]
    public void A_password_in_the_url_is_refused()
    {
        var leaky = Batch[0] with { PortalLoginUrl = $"https://portal.example/login?id=x&pw={Batch[0].TemporaryPassword}" };

        Assert.Throws<ArgumentException>(() => new LetterRenderer().Render([leaky]));
    }

    private string RenderBatch()
    {
        var path = Path.Combine(folder, "letters.pdf");
        using (var file = File.Create(path))
        {
            new LetterRenderer().Render(Batch, file);
        }

        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
