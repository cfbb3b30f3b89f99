using OnshiPortal.Features.Procedures.Certificates;
using OnshiPortal.Features.Procedures.ServiceApplications;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Procedures;

public static class ProcedureServices
{
    /// <summary>The procedures engine: the "Procedures" configuration (forms, limits) and the procedures' own services.</summary>
    public static IServiceCollection AddProcedures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProcedureOptions>(configuration.GetSection(ProcedureOptions.Section));
        services.AddScoped<MasterAccountNotices>();
        services.AddScoped<CertificateNotices>();
        services.AddScoped<PostalLetters.PostalLetterQueue>(); // the print queue the certificate notices go to
        services.AddScoped<PostalLetters.PrintBatches>(); // its daily close into print batches
        services.AddScoped<PostalLetters.Returns.PostalReturns>(); // and the letters the post office brought back
        services.AddScheduledJob<PostalLetters.PrintBatchJob>(); // ... by the scheduler on working days
        services.AddScoped<Road.RoadQueries>();
        services.AddScoped<Reminders.DeadlineReminders>();
        services.AddScheduledJob<Reminders.DeadlineReminderJob>();
        services.AddScoped<Drafts.SavedDrafts>();
        services.AddScoped<Drafts.DraftReminders>();
        services.AddScheduledJob<Drafts.DraftReminderJob>();
        return services;
    }
}
