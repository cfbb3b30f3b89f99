using System.CommandLine;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.CommandLine;

namespace OnshiPortal.Infrastructure.Data;

/// <summary><c>onshi db migrate</c>: the deployment step that creates or upgrades the schema.</summary>
public static class DatabaseCommands
{
    public static Command Create(CommandContext context)
    {
        var migrate = new Command("migrate", "データベースのスキーマを作成・更新します（PostgreSQL ではデプロイ時に実行）。");
        migrate.SetAction((_, cancellationToken) => context.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.MigrateAsync(cancellationToken);
            EnsureDataProtectionKey(services);
            await context.Console.Out.WriteLineAsync(pending.Count == 0
                ? "スキーマは最新です。"
                : $"{pending.Count}件のマイグレーションを適用しました: {string.Join(", ", pending)}");
            return 0;
        }, migrateFirst: false));

        return new Command("db", "データベースの管理") { migrate };
    }

    /// <summary>
    /// Makes the first data-protection key here, once, before any node starts: nodes starting together on an empty
    /// key table would each make their own and, after the first minutes, refuse each other's cookies until the key
    /// ring's daily refresh. Later keys are made ahead of expiry by whichever node comes first, and shared.
    /// </summary>
    private static void EnsureDataProtectionKey(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ExpirationDate > DateTimeOffset.UtcNow.AddDays(7)))
        {
            var now = DateTimeOffset.UtcNow;
            keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        }
    }
}
