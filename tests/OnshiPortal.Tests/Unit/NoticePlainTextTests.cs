using OnshiPortal.Features.News;

namespace OnshiPortal.Tests.Unit;

public sealed class NoticePlainTextTests
{
    [Fact]
    public void Headings_lists_emphasis_and_links_read_as_plain_text()
    {
        var text = NoticePlainText.From("# 概要\n\n**重要:** [手順書](https://example.jp/a)を参照。\n\n1. 申請\n2. 確認\n\n- 医科\n- 薬局\n\n---\n\nhttps://example.jp/b");

        Assert.Equal(
            "■ 概要\n\n重要: 手順書（https://example.jp/a）を参照。\n\n1. 申請\n2. 確認\n\n・医科\n・薬局\n\n――――――――――\n\nhttps://example.jp/b",
            text);
    }

    [Fact]
    public void A_link_to_a_script_keeps_only_its_text()
    {
        var text = NoticePlainText.From("[ここ](javascript:alert(1)) を押す");
        Assert.Equal("ここ を押す", text);
        Assert.DoesNotContain("javascript", text);
    }

    [Fact]
    public void Table_rows_keep_their_cells_apart() =>
        Assert.Equal("│ 種別 │ 件数 │\n│ 医科 │ 3 │", NoticePlainText.From("| 種別 | 件数 |\n|---|---|\n| 医科 | 3 |"));

    [Fact]
    public void Typed_html_stays_text() =>
        Assert.Equal("<script>x</script>", NoticePlainText.From("<script>x</script>"));
}
