using OnshiPortal.Features.News;

namespace OnshiPortal.Tests.Unit;

/// <summary>What an operator types in a notice's body can never run in a reader's browser.</summary>
public sealed class NoticeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("本文\n\n<script src=\"https://evil.example/x.js\"></script>\n\n続き")]
    [InlineData("文中の <script>alert(1)</script> スクリプト")]
    [InlineData("<SCRIPT>alert(1)</SCRIPT>")]
    public void A_script_tag_becomes_text(string markdown)
    {
        var html = NoticeMarkdown.ToSafeHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html); // shown as the text the operator typed, not dropped silently
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<div onclick=\"alert(1)\">クリック</div>")]
    [InlineData("<a href=\"https://example.jp\" onmouseover=\"alert(1)\">リンク</a>")]
    [InlineData("<svg onload=alert(1)>")]
    public void Event_handler_attributes_never_become_markup(string markdown)
    {
        var html = NoticeMarkdown.ToSafeHtml(markdown);

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]*\\son[a-z]+=", html);
    }

    [Theory]
    [InlineData("[ここをクリック](javascript:alert(1))")]
    [InlineData("[ここをクリック](JaVaScRiPt:alert(1))")]
    [InlineData("[ここをクリック](javascript&#58;alert(1))")]
    [InlineData("[ここをクリック]( javascript:alert(1) )")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[ここをクリック](vbscript:msgbox(1))")]
    [InlineData("[ここをクリック](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[ref]\n\n[ref]: javascript:alert(1)")]
    public void A_link_with_a_script_scheme_loses_its_target(string markdown)
    {
        var html = NoticeMarkdown.ToSafeHtml(markdown);

        Assert.DoesNotMatch("href=\"\\s*(javascript|vbscript|data)", html.ToLowerInvariant());
        Assert.DoesNotMatch("href=\"[^\"]*&#", html);
    }

    [Theory]
    [InlineData("[ここをクリック](javascript:alert(1))", "ここをクリック")]
    [InlineData("前の文 [**ここ**をクリック](javascript:alert(1)) 後の文", "<strong>ここ</strong>をクリック")]
    [InlineData("[ref]\n\n[ref]: javascript:alert(1)", "ref")]
    public void A_link_that_lost_its_target_is_plain_text_not_a_link(string markdown, string text)
    {
        var html = NoticeMarkdown.ToSafeHtml(markdown);

        // An <a> without href is still drawn underlined in the link colour: a link that goes nowhere.
        Assert.DoesNotContain("<a", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(text, html);
    }

    [Fact]
    public void A_safe_link_stays_a_link()
    {
        Assert.Contains("<a href=\"https://www.mhlw.go.jp/\">厚生労働省</a>", NoticeMarkdown.ToSafeHtml("[厚生労働省](https://www.mhlw.go.jp/)"));
    }

    [Theory]
    [InlineData("## 経過措置の届出\n本文", "h2")] // as the form's hint tells operators to write a heading
    [InlineData("# 概要\n本文", "h2")]
    [InlineData("#### 深い見出し\n本文", "h2")]
    public void The_first_heading_of_a_body_is_h2_right_under_the_title(string markdown, string tag)
    {
        Assert.StartsWith("<" + tag + ">", NoticeMarkdown.ToSafeHtml(markdown));
    }

    [Fact]
    public void Headings_never_skip_a_level()
    {
        var html = NoticeMarkdown.ToSafeHtml("""
            ## 対象
            本文
            #### 病院
            本文
            ###### 病床
            本文
            ### 診療所
            本文
            ## 期限
            本文
            # 問い合わせ
            本文
            """);

        var levels = System.Text.RegularExpressions.Regex.Matches(html, "<h([1-6])>").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([2, 3, 4, 3, 2, 2], levels);
    }

    [Theory]
    [InlineData("<div>\n<p>段落</p>\n</div>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<style>body { display: none; }</style>")]
    [InlineData("<!-- コメント --><form action=\"https://evil.example\"><input name=password></form>")]
    public void A_raw_html_block_is_shown_as_text(string markdown)
    {
        var html = NoticeMarkdown.ToSafeHtml(markdown);

        foreach (var tag in new[] { "<div", "<iframe", "<style", "<form", "<input", "<!--" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_shape_with_headings_under_the_page_title()
    {
        var html = NoticeMarkdown.ToSafeHtml("""
            # 概要
            オンライン資格確認の**原則義務化**について。

            ## 対象
            - 保険医療機関
            - 保険薬局

            詳しくは[厚生労働省のページ](https://www.mhlw.go.jp/)をご覧ください。問い合わせ: <mailto:info@example.jp>
            """);

        Assert.Matches("<h2[^>]*>概要</h2>", html);
        Assert.Matches("<h3[^>]*>対象</h3>", html);
        Assert.DoesNotContain("<h1", html);
        Assert.Contains("<strong>原則義務化</strong>", html);
        Assert.Contains("<li>保険医療機関</li>", html);
        Assert.Contains("<a href=\"https://www.mhlw.go.jp/\">厚生労働省のページ</a>", html);
        Assert.Contains("href=\"mailto:info@example.jp\"", html);
    }

    [Fact]
    public void A_table_keeps_no_inline_style()
    {
        var html = NoticeMarkdown.ToSafeHtml("| 区分 | 期限 |\n|:---|---:|\n| 猶予届出 | 3月31日 |");

        Assert.Contains("<table>", html);
        Assert.Contains("<td>猶予届出</td>", html);
        Assert.DoesNotContain("style=", html);
    }
}
