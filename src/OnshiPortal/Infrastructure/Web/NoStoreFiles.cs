using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// Every file a page hands out (filing attachments and 控え, campaign letters and manifests, review and dashboard
/// CSVs, the reissue letter) holds personal data or passwords: no browser, proxy or shared workstation may keep a
/// copy (ASVS 8.2.1). One filter on every page, so that a new download cannot forget it. Public news PDFs get it
/// too; they are small and rarely fetched twice.
/// </summary>
public sealed class NoStoreFiles : IResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is FileResult)
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache"; // HTTP/1.0 caches and proxies that do not know no-store
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
