namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// A URL-encoded form that ASP.NET Core cannot read (a %00 in a field, which its URL decoder refuses) is the client's
/// error: 400 and the Japanese error page, not the 500 the framework answers with when model binding or the
/// antiforgery check meets it (dotnet/aspnetcore#19862; found by the form fuzz tests). The form is read here once,
/// after the rate limiter (so that a refused post is never read), and the framework reuses it. Multipart bodies are
/// left to the page: their size limits are the page's (RequestSizeLimit), and their fields are not URL-decoded.
/// </summary>
public static class UnreadableForms
{
    public static void UseUnreadableFormsAsBadRequest(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                // The error page is rendered for this same POST: it must find a form it can read.
                context.Request.Form = FormCollection.Empty;
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }

        await next();
    });
}
