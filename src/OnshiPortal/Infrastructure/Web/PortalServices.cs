using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Demo;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.Institutions.Search;
using OnshiPortal.Features.Operators;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Web;

public static class PortalServices
{
    public static void AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var database = services.AddPortalDatabase(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.Configure<DemoOptions>(o => o.Seed = database.Provider == DatabaseProvider.Sqlite);
        services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));

        // Features
        services.AddScoped<InstitutionImporter>();
        services.AddScoped<InstitutionSearch>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<OperatorAccounts>();

        AddAccounts(services, builder.Environment);

        // Keys in the database, so that every node behind the load balancer reads every other node's cookies.
        services.AddDataProtection()
            .SetApplicationName("OnshiPortal")
            .PersistKeysToDbContext<PortalDbContext>();

        services.AddRazorPages(options =>
        {
            // Pages live beside their feature: Features/Institutions/Search.cshtml, Features/Account/Login.cshtml, ...
            options.RootDirectory = "/Features";
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new MustChangePasswordFilter()));
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "onshi.af";
            options.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
        });
        services.AddHealthChecks();
    }

    private static void AddAccounts(IServiceCollection services, IWebHostEnvironment environment)
    {
        services.AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);

                // Length over composition (NIST SP 800-63B); the reasoning is in docs/security.md.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "onshi.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = SecurePolicy(environment);
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
    }

    /// <summary>Secure cookies everywhere but on a developer's plain-HTTP localhost.</summary>
    private static CookieSecurePolicy SecurePolicy(IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
