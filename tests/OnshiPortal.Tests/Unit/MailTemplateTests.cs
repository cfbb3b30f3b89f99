using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Tests.Unit;

/// <summary>Templates are embedded resources beside an anchor type: here Unit/AccountInvitation.mail.txt and .html.</summary>
public sealed class MailTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["InstitutionName"] = "医療法人 <さくら> & 内科",
        ["Link"] = "https://portal.example/register?code=0110113719&token=a",
    };

    [Fact]
    public void Renders_the_subject_line_and_the_text_part_with_the_values_as_given()
    {
        var mail = MailTemplate.Render(typeof(MailTemplateTests), "AccountInvitation", Values);

        Assert.Equal("【医療法人 <さくら> & 内科】ポータルサイトのアカウント登録のご案内", mail.Subject);
        Assert.StartsWith("医療法人 <さくら> & 内科 ご担当者様\n", mail.TextBody);
        Assert.Contains("\nhttps://portal.example/register?code=0110113719&token=a\n", mail.TextBody);
        Assert.DoesNotContain("Subject:", mail.TextBody);
    }

    [Fact]
    public void Encodes_the_values_in_the_html_part()
    {
        var mail = MailTemplate.Render(typeof(MailTemplateTests), "AccountInvitation", Values);

        Assert.NotNull(mail.HtmlBody);
        Assert.Contains("<p>医療法人 &lt;さくら&gt; &amp; 内科 ご担当者様</p>", mail.HtmlBody);
        Assert.Contains("<a href=\"https://portal.example/register?code=0110113719&amp;token=a\">", mail.HtmlBody);
        Assert.DoesNotContain("{{", mail.HtmlBody);
    }

    [Fact]
    public void A_placeholder_without_a_value_throws()
    {
        var values = new Dictionary<string, string> { ["InstitutionName"] = "さくら内科" };

        var error = Assert.Throws<KeyNotFoundException>(() => MailTemplate.Render(typeof(MailTemplateTests), "AccountInvitation", values));
        Assert.Contains("{{Link}}", error.Message);
    }

    [Fact]
    public void An_unknown_template_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MailTemplate.Render(typeof(MailTemplateTests), "NoSuchMail", Values));
        Assert.Contains("OnshiPortal.Tests.Unit.NoSuchMail.mail.txt", error.Message);
    }

    [Fact]
    public void To_addresses_the_rendered_mail_and_links_are_absolute_from_the_base_url()
    {
        var options = new MailOptions { BaseUrl = "https://portal.example/" };
        var values = new Dictionary<string, string>(Values) { ["Link"] = options.Link("/register") };

        var mail = MailTemplate.Render(typeof(MailTemplateTests), "AccountInvitation", values).To("info@sakura.example");

        Assert.Equal("info@sakura.example", mail.To);
        Assert.Contains("\nhttps://portal.example/register\n", mail.TextBody);
    }
}
