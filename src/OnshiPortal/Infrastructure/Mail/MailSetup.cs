using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Mail;

public static class MailSetup
{
    /// <summary>
    /// The outbox, the transport (SMTP when <c>Mail:Smtp:Host</c> is set, else the pickup folder) and the worker.
    /// <paramref name="backgroundWorker"/> false (the command line) registers the worker without starting it.
    /// </summary>
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration, bool backgroundWorker)
    {
        var section = configuration.GetSection(MailOptions.Section);
        var options = section.Get<MailOptions>() ?? new MailOptions();
        services.Configure<MailOptions>(section);
        services.AddScoped<MailOutbox>();
        services.AddScoped<DeadLetters>();
        services.AddHousekeepingTask<OutboxCleanup>();
        services.AddHousekeepingTask<Reminders.SentReminderCleanup>();
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            services.AddSingleton<IMailTransport, PickupDirectoryMailTransport>();
        }
        else
        {
            services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }

        services.AddSingleton<PublicAddress>();
        services.AddSingleton<OutboxWorker>();
        if (backgroundWorker && options.Worker.Enabled)
        {
            services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        }

        return services;
    }
}
