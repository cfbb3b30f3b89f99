using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// Notes the id of every element as the page renders it, in page order, so that the error summary (drawn above
/// the form, before its fields) can list its errors in the fields' order. ModelState cannot tell: it enumerates
/// its keys sorted, and a model's declaration order need not be the page's. Fields written without
/// <c>asp-for</c> (the deferral form's) are counted too, as the summary links to ids.
/// </summary>
[HtmlTargetElement("*", Attributes = "id")]
[HtmlTargetElement("input", Attributes = "id", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("input", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class FieldOrderTagHelper : TagHelper
{
    private static readonly object ItemKey = new();

    // After the built-in tag helpers have set the id of an asp-for field.
    public override int Order => 2000;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("id", out var id) && id.Value?.ToString() is { Length: > 0 } value)
        {
            var ids = IdsInPageOrder(ViewContext.HttpContext);
            ids.TryAdd(value, (ids.Count, value));
        }
    }

    /// <summary>
    /// The ids rendered so far in this request, each with its position and its spelling. Looked up ignoring case, as
    /// ModelState keys are: an error added as "Attachments" to the entry model binding made for a parameter
    /// "attachments" keeps the key "attachments", while the field's id is "Attachments".
    /// </summary>
    public static Dictionary<string, (int Position, string Id)> IdsInPageOrder(HttpContext context)
    {
        if (context.Items[ItemKey] is not Dictionary<string, (int, string)> ids)
        {
            context.Items[ItemKey] = ids = new Dictionary<string, (int, string)>(StringComparer.OrdinalIgnoreCase);
        }

        return ids;
    }
}

/// <summary>
/// The error summary's entries, ordered when the page is written out rather than where the summary stands: Razor
/// buffers the whole page before its layout writes it, so by then every field below the summary has rendered
/// and noted its id. Errors about the whole form (no field) come first; an error whose field the page does not
/// show keeps its place after the others.
/// </summary>
public sealed class ErrorSummaryEntries(HttpContext context, IReadOnlyList<(string? FieldId, string Message)> errors) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        var ids = FieldOrderTagHelper.IdsInPageOrder(context);
        var ordered = errors
            .Select((error, index) => (error, index, field: error.FieldId is not null && ids.TryGetValue(error.FieldId, out var field) ? field : ((int Position, string Id)?)null))
            .OrderBy(e => e.error.FieldId is null ? -1 : e.field?.Position ?? int.MaxValue)
            .ThenBy(e => e.index)
            .Select(e => (FieldId: e.field?.Id ?? e.error.FieldId, e.error.Message));
        foreach (var (fieldId, message) in ordered)
        {
            writer.Write("<li>");
            if (fieldId is null)
            {
                encoder.Encode(writer, message);
            }
            else
            {
                writer.Write("<a href=\"#");
                encoder.Encode(writer, fieldId);
                writer.Write("\">");
                encoder.Encode(writer, message);
                writer.Write("</a>");
            }

            writer.Write("</li>");
        }
    }

    /// <summary>The id the built-in tag helpers give the field of a ModelState key.</summary>
    public static string? FieldIdOf(string key) => string.IsNullOrEmpty(key) ? null : TagBuilder.CreateSanitizedId(key, "_");
}
