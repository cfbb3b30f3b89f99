using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace OnshiPortal.Infrastructure.Localization;

/// <summary>
/// A field's error in the page's language. Data annotation messages are translated by MVC already; the messages a
/// page model adds itself (<c>ModelState.AddModelError</c>, in Japanese) are looked up here, as the error summary
/// does, so that an English page does not show a Japanese error beside a field.
/// </summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class LocalizedValidationMessageTagHelper(IStringLocalizer<Ui> text) : TagHelper
{
    // After the built-in ValidationMessageTagHelper has written the message.
    public override int Order => 1000;

    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression For { get; set; } = default!;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!Languages.IsEnglish)
        {
            return;
        }

        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
        {
            output.Content.SetContent(text[entry.Errors[0].ErrorMessage]);
        }
    }
}
