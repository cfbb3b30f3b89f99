using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using OnshiPortal.Features.People;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// No institution page forgets the gate: every page under /mypage says which right it needs
/// (<see cref="InstitutionPageAttribute"/>), or is one of the few that read nothing of an institution.
/// </summary>
public sealed class InstitutionPagesTests
{
    /// <summary>Pages under /mypage that show no institution's data: the succession's guidance.</summary>
    private static readonly string[] Public = ["/mypage/succession/about", "/mypage/succession/example"];

    [Fact]
    public void Every_page_under_mypage_names_the_right_it_needs()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Select(t => (Type: t, Route: t.GetCustomAttributes<RazorCompiledItemMetadataAttribute>().FirstOrDefault(a => a.Key == "RouteTemplate")?.Value))
            .Where(p => p.Route is not null && p.Route.StartsWith("/mypage", StringComparison.Ordinal) && !Public.Contains(p.Route))
            .ToList();
        Assert.NotEmpty(pages);
        foreach (var (view, route) in pages)
        {
            var model = view.GetProperty("Model")?.PropertyType;
            Assert.True(model is not null && typeof(PageModel).IsAssignableFrom(model), $"{route} has no page model");
            var handlers = model!.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.Name.StartsWith("On", StringComparison.Ordinal));
            Assert.True(
                model.GetCustomAttribute<InstitutionPageAttribute>() is not null || handlers.All(h => h.GetCustomAttribute<InstitutionPageAttribute>() is not null),
                $"{route} ({model.Name}) does not say which right it needs");
        }
    }
}
