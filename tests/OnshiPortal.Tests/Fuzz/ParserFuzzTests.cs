using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.News;

namespace OnshiPortal.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of what reads input from strangers: no input throws, and what comes out keeps its
/// promise (issue 14, "Fuzzing"). <see cref="FuzzInputs.Runs"/> inputs each.
/// </summary>
public sealed class ParserFuzzTests
{
    [Fact]
    public void Fuzz_inputs_give_as_many_samples_as_asked() =>
        Assert.Equal(17, FuzzInputs.Samples(FuzzInputs.HostileText, 17).Count);

    [Fact]
    public void The_code_parser_never_throws_and_accepts_only_ten_digits_with_the_right_check_digit() =>
        Prop.ForAll(FuzzInputs.HostileTextArb, input =>
        {
            if (!InstitutionCode.TryParse(input, out var code, out var error))
            {
                return !string.IsNullOrEmpty(error);
            }

            var value = code.Value;
            return value.Length == 10 && value.All(char.IsAsciiDigit)
                && InstitutionCode.CheckDigit(value.AsSpan(0, 9)) == value[9] - '0'
                && InstitutionCode.Parse(value).Value == value;
        }).Check(FuzzInputs.Config);

    [Fact]
    public void Every_valid_code_parses_back_from_its_full_width_and_hyphenated_forms() =>
        Prop.ForAll(
            Arb.From(
                from prefecture in Gen.Choose(1, 47)
                from kind in Gen.Elements(InstitutionKind.Medical, InstitutionKind.Dental, InstitutionKind.Pharmacy)
                from district in Gen.Choose(0, 99)
                from number in Gen.Choose(0, 9999)
                select InstitutionCode.Create(prefecture, kind, district, number)),
            code =>
            {
                var wide = new string([.. code.Value.Select(c => (char)(c - '0' + '０'))]);
                var hyphenated = $"{code.Value[..2]}－{code.Value[2..]}";
                return InstitutionCode.Parse(wide) == code && InstitutionCode.TryParse(hyphenated, out var parsed, out _) && parsed == code;
            }).Check(FuzzInputs.Config);

    [Fact]
    public void The_master_csv_reader_never_throws_and_every_error_names_a_line_of_the_file() =>
        Prop.ForAll(Arb.From(Gen.OneOf(FuzzInputs.HostileText.Select(t => Encoding.UTF8.GetBytes(Header + t)), FuzzInputs.Bytes)), content =>
        {
            var reader = new InstitutionCsvReader();
            reader.Read(content, transcodeFrom: null);
            var text = Encoding.UTF8.GetString(content);
            var lines = 2 + text.Count(c => c is '\n' or '\r');
            return reader.Errors.All(e => e.Line >= 1 && e.Line <= lines + 1 && !string.IsNullOrWhiteSpace(e.Message))
                && (reader.Errors.Count > 0 || reader.Rows.All(r => InstitutionCode.TryParse(r.Record.Code.Value, out _, out _)));
        }).Check(FuzzInputs.Config);

    [Fact]
    public void The_markdown_of_a_notice_never_throws_and_never_lets_script_through() =>
        Prop.ForAll(Arb.From(Gen.OneOf(FuzzInputs.HostileText, MarkdownLike)), markdown =>
        {
            var html = NoticeMarkdown.ToSafeHtml(markdown);
            Assert.Null(UnsafeIn(html));
            return true;
        }).Check(FuzzInputs.Config);

    [Fact]
    public void Upload_sniffing_never_throws_and_names_a_type_only_behind_its_signature() =>
        Prop.ForAll(Arb.From(FuzzInputs.Bytes), bytes =>
        {
            var type = AttachmentStore.Detect(bytes);
            return type switch
            {
                null => !bytes.AsSpan().StartsWith("%PDF-"u8) && !bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
                "application/pdf" => bytes.AsSpan().StartsWith("%PDF-"u8),
                "image/jpeg" => bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
                "image/png" => bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]),
                _ => false,
            };
        }).Check(FuzzInputs.Config);

    /// <summary>What in a notice's HTML could run script or leave the allowed tags, or null.</summary>
    private static string? UnsafeIn(string html)
    {
        foreach (var tag in Regex.Matches(html, "<[a-zA-Z][^>]*>").Select(m => m.Value))
        {
            if (!Regex.IsMatch(tag, "^<(p|br|strong|em|del|code|pre|blockquote|ul|ol|li|a|hr|h[2-6]|table|thead|tbody|tr|th|td)[\\s>/]", RegexOptions.IgnoreCase)
                || Regex.IsMatch(tag, "\\son\\w+\\s*=", RegexOptions.IgnoreCase))
            {
                return $"tag {tag} in {html}";
            }
        }

        foreach (var href in Regex.Matches(html, "<a [^>]*href=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()))
        {
            if (href.Contains(':', StringComparison.Ordinal) && !Regex.IsMatch(href, "^(https?|mailto):", RegexOptions.IgnoreCase))
            {
                return $"link {href} in {html}";
            }
        }

        return null;
    }

    private const string Header = "医療機関等コード,名称,名称カナ,開設者,管理者,郵便番号,住所,電話番号,開設日,廃止日\n";

    /// <summary>Markdown's own syntax mixed with the dangerous: links, images, raw HTML, headings, tables.</summary>
    private static Gen<string> MarkdownLike =>
        Gen.Elements(
                "# ", "## ", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "![i](http://e/x.png)", "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">y</a>", "| a | b |\n|---|---|\n| 1 | 2 |", "**太字**", "`code`",
                "\n\n", "> 引用", "- 項目", "1. 番号", "<iframe src=x>", "[x](data:text/html,<script>)", "&#106;avascript:", "<https://example.jp>")
            .ArrayOf().Select(parts => string.Concat(parts));
}
