using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.WebEncoders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Demo;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.Institutions.Search;
using OnshiPortal.Features.News;
using OnshiPortal.Features.Operators;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Registration;
using OnshiPortal.Features.Status;
using OnshiPortal.Features.Subsidy;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Observability;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Infrastructure.Web;

public static class PortalServices
{
    /// <summary>Set by Program.cs for the command line, which must not migrate or seed behind the operator's back.</summary>
    public const string CommandLineMode = "Portal:CommandLine";

    public static void AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var database = services.AddPortalDatabase(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        builder.AddPortalTelemetry(commandLine: builder.Configuration.GetValue<bool>(CommandLineMode));
        if (!builder.Configuration.GetValue<bool>(CommandLineMode))
        {
            services.AddHostedService<DatabaseStartup>();
        }

        services.AddPortalMail(builder.Configuration, backgroundWorker: !builder.Configuration.GetValue<bool>(CommandLineMode));
        services.AddPortalHousekeeping(builder.Configuration, backgroundWorker: !builder.Configuration.GetValue<bool>(CommandLineMode));
        services.AddPortalScheduler(builder.Configuration, backgroundWorker: !builder.Configuration.GetValue<bool>(CommandLineMode));
        services.AddPortalFiles(builder.Configuration);
        services.Configure<DemoOptions>(o => o.Seed = database.Provider == DatabaseProvider.Sqlite);
        services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));

        // Features
        services.AddScoped<InstitutionImporter>();
        services.AddScoped<InstitutionSearch>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<OperatorAccounts>();
        services.AddScoped<PasswordReset>();
        services.AddScoped<EmailChange>();
        services.AddScoped<CallCentreDesk>();
        services.Configure<CallCentreContact>(builder.Configuration.GetSection(CallCentreContact.Section));
        services.AddHousekeepingTask<OnshiPortal.Features.PostalLetters.SpentLetterSeals>();
        services.AddDashboard(backgroundJobs: !builder.Configuration.GetValue<bool>(CommandLineMode));
        services.AddScoped<SecondFactors>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(24));

        // A password change ends the account's other sessions within a minute (the cookie's security stamp is
        // checked against the database that often), not after Identity's default half hour.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = SessionLifetime.KeepSignedInAt;
        });
        services.AddActivation(builder.Configuration);
        services.AddCampaigns(builder.Configuration, backgroundJobs: !builder.Configuration.GetValue<bool>(CommandLineMode));
        services.AddNews(builder.Configuration);
        services.AddStatus();
        services.AddScoped<ActivationService>();
        services.AddSingleton<DraftSeal>();
        services.AddRegistration();
        services.AddFilings(builder.Configuration);
        services.AddProcedures(builder.Configuration);
        services.AddPeople();
        services.AddVendors();
        services.AddSubsidy(builder.Configuration);
        services.AddScoped<AuditTrail>();
        services.AddHttpContextAccessor();

        var cookiePolicy = SecurePolicy(builder);
        AddAccounts(services, cookiePolicy);

        // Keys in the database, so that every node behind the load balancer reads every other node's cookies, and
        // encrypted there with a certificate that is not (Infrastructure/Data/KeyEncryption.cs).
        services.AddDataProtection()
            .SetApplicationName("OnshiPortal")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeysAtRest(builder.Configuration, builder.Environment, builder.Configuration.GetValue<bool>(CommandLineMode));

        services.AddPortalLocalization();
        services.AddRazorPages(options =>
        {
            // Pages live beside their feature: Features/Institutions/Search.cshtml, Features/Account/Login.cshtml, ...
            options.RootDirectory = "/Features";
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new MustChangePasswordFilter()));
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new MustSetUpSecondFactorFilter()));
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new NoStoreFiles()));
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new PersonGate()));
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new InstitutionAccessFilter()));
        }).AddPortalViewLocalization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "onshi.af";
            options.Cookie.SecurePolicy = cookiePolicy;
        });
        services.AddPortalHealth(builder.Configuration);
        services.AddPortalForwardedHeaders(builder.Configuration);
        services.AddPortalRateLimits(builder.Configuration);

        // Write Japanese as characters, not as &#x...; entities: pages stay readable and a third smaller.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
    }

    private static void AddAccounts(IServiceCollection services, CookieSecurePolicy cookiePolicy)
    {
        services.AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // No lockout: it let anyone lock any account (operators' too) by typing wrong passwords, and told a
                // known address from an unknown one. Failed logins are slowed per address and per login name by the
                // database throttle (LoginThrottle) instead. Identity still counts the second step's failures itself
                // (TwoFactorAuthenticatorSignInAsync); a count it can never reach keeps it from locking.
                options.Lockout.AllowedForNewUsers = false;
                options.Lockout.MaxFailedAccessAttempts = int.MaxValue;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);

                // Length over composition (NIST SP 800-63B); the reasoning is in docs/security.md.
                // 12 user-perceived characters after NFKC, counted by PasswordRules (CommonPasswordValidator); Identity's
                // own count is of UTF-16 units before normalisation, which would refuse e.g. 「㍻」 (two characters in NFKC).
                options.Password.RequiredLength = 1;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;

                // The schema with the passkeys table (AspNetUserPasskeys); PortalDbContext says the same for migrations.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddUserStore<PortalUserStore>()
            .AddDefaultTokenProviders()

            // In place of Identity's authenticator provider: ±1 step, each code once (AuthenticatorCodes).
            .AddTokenProvider<AuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddKeyedSingleton(AuthenticatorCodes.PhoneClockKey, TimeProvider.System);
        services.AddScoped<IPasswordHasher<PortalUser>, NormalizingPasswordHasher>();
        services.AddAuthentication().AddTemporaryLogin(cookiePolicy);
        services.AddServerSessions();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "onshi.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = cookiePolicy;
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
            options.ExpireTimeSpan = SessionLifetime.Sliding;
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = SessionLifetime.ValidateAsync;
            options.Events.OnSigningIn = async context =>
            {
                await AccountLanguage.OnSigningInAsync(context);
                await PersonGate.OnSigningInAsync(context);
            };
        });
    }

    /// <summary>
    /// Secure cookies everywhere but on a developer's plain-HTTP localhost (Development, or <c>Security:SecureCookies</c>
    /// set to false for a browser test against plain-HTTP Kestrel). Antiforgery refuses to run over HTTP with
    /// Secure cookies, so the two settings go together.
    /// </summary>
    private static CookieSecurePolicy SecurePolicy(WebApplicationBuilder builder) =>
        SecureCookies(builder.Configuration, builder.Environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>Whether cookies are Secure, hence every page but the probes needs HTTPS (<see cref="HttpsOnly"/>).</summary>
    public static bool SecureCookies(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Security:SecureCookies", !environment.IsDevelopment());
}
