using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// <c>onshi credentials keys</c>: which credential keys outstanding letters still need, so that an operator rotating
/// the key knows when the old one may go (docs/operations.md, "Rotate the temporary-credential key"). A letter's
/// sealed password is sealed with the key its credential is hashed with, so one count answers for both.
/// </summary>
public static class CredentialKeyReport
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("keys", """
            仮パスワードの鍵ごとに、まだ使える仮ID（未使用・未失効・有効期限内）の件数と最後の有効期限を表示します。
            件数が 0 で「現在の鍵」でない鍵は、設定から削除できます。
            """);
        command.SetAction((_, cancellationToken) => context.RunAsync(async services =>
        {
            var keys = services.GetRequiredService<CredentialKeyRing>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            // Grouped here, not in SQL: SQLite keeps the times as ticks behind a converter that MAX() does not honour.
            var usable = (await services.GetRequiredService<PortalDbContext>().Set<TemporaryCredential>().AsNoTracking()
                    .Where(c => c.UsedAt == null && c.RevokedAt == null && c.ExpiresAt > now)
                    .Select(c => new { c.KeyId, c.ExpiresAt })
                    .ToListAsync(cancellationToken))
                .GroupBy(c => c.KeyId, StringComparer.Ordinal)
                .Select(g => new { KeyId = g.Key, Count = g.Count(), LastExpiry = g.Max(c => c.ExpiresAt) })
                .ToList();

            await context.Console.Out.WriteLineAsync("鍵ID\t使用可能な仮ID\t最後の有効期限\t状態");
            foreach (var id in keys.ConfiguredKeyIds.Union(usable.Select(u => u.KeyId)).Order(StringComparer.Ordinal))
            {
                var row = usable.SingleOrDefault(u => u.KeyId == id);
                var state = id == keys.CurrentKeyId ? "現在の鍵"
                    : !keys.HasKey(id) ? "未設定（この鍵の仮IDはログインできません）"
                    : row is null ? "削除できます"
                    : "旧鍵（有効期限まで残してください）";
                await context.Console.Out.WriteLineAsync(
                    $"{id}\t{row?.Count ?? 0}\t{(row is null ? "-" : row.LastExpiry.ToJapan().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}\t{state}");
            }

            return usable.Any(u => !keys.HasKey(u.KeyId)) ? 2 : 0;
        }));
        return command;
    }
}
