using Microsoft.AspNetCore.Html;

namespace OnshiPortal.Features.Campaigns.Pages;

/// <summary>A letter's **bold** markup as HTML, so that the check page shows a sentence as the letter prints it.</summary>
public static class LetterMarkup
{
    public static IHtmlContent ToHtml(string text)
    {
        var builder = new HtmlContentBuilder();
        var parts = text.Split("**");
        for (var i = 0; i < parts.Length; i++)
        {
            // Odd parts lie between a pair of ** (the service refuses an unpaired one).
            if (i % 2 == 1)
            {
                builder.AppendHtml("<strong>").Append(parts[i]).AppendHtml("</strong>");
            }
            else
            {
                builder.Append(parts[i]);
            }
        }

        return builder;
    }
}
