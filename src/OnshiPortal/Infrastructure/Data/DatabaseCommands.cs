using System.CommandLine;
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
            await context.Console.Out.WriteLineAsync(pending.Count == 0
                ? "スキーマは最新です。"
                : $"{pending.Count}件のマイグレーションを適用しました: {string.Join(", ", pending)}");
            return 0;
        }, migrateFirst: false));

        return new Command("db", "データベースの管理") { migrate };
    }
}
