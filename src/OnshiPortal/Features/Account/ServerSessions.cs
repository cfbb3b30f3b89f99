using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>An account's live sessions, as the sessions page shows them.</summary>
public sealed record SessionView(string Id, string Device, string? ClientAddress, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, bool Current);

/// <summary>What the pages and the call centre do with an account's sessions (rows of <see cref="ServerSessionStore"/>).</summary>
public sealed class ServerSessions(PortalDbContext db, TimeProvider clock)
{
    /// <summary>How long a password or code typed again counts as recent for a change of the account's protection.</summary>
    public static readonly TimeSpan ReauthenticationWindow = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<SessionView>> ListAsync(string userId, string? currentId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<ServerSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.ExpiresAt > now)
            .Select(s => new { s.Id, s.UserAgent, s.ClientAddress, s.CreatedAt, s.LastUsedAt })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new SessionView(r.Id, UserAgents.Describe(r.UserAgent), r.ClientAddress, r.CreatedAt, r.LastUsedAt, r.Id == currentId))
            .OrderByDescending(s => s.Current).ThenByDescending(s => s.LastUsedAt)];
    }

    /// <summary>Ends one session of the account (never another account's, whatever id is posted).</summary>
    public Task<int> EndAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        db.Set<ServerSession>().Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Ends every session of the account but <paramref name="keepId"/> (the person's own, or none).</summary>
    public Task<int> EndAllAsync(string userId, string? keepId = null, CancellationToken cancellationToken = default) =>
        db.Set<ServerSession>().Where(s => s.UserId == userId && s.Id != keepId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Whether the request's session proved the password or a code within the last five minutes.</summary>
    public async Task<bool> RecentlyAuthenticatedAsync(HttpContext httpContext, CancellationToken cancellationToken = default)
    {
        var id = ServerSessionStore.CurrentId(httpContext);
        if (id is null)
        {
            return false;
        }

        var since = clock.GetUtcNow() - ReauthenticationWindow;
        return await db.Set<ServerSession>().AnyAsync(s => s.Id == id && s.ReauthenticatedAt != null && s.ReauthenticatedAt >= since, cancellationToken);
    }

    /// <summary>The person typed the password or a code again in this session.</summary>
    public async Task MarkReauthenticatedAsync(HttpContext httpContext, CancellationToken cancellationToken = default)
    {
        var id = ServerSessionStore.CurrentId(httpContext);
        var now = clock.GetUtcNow();
        if (id is not null)
        {
            await db.Set<ServerSession>().Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReauthenticatedAt, now), cancellationToken);
        }
    }
}

public static class ServerSessionServices
{
    /// <summary>Sessions on the server for the application cookie <c>onshi.auth</c>.</summary>
    public static void AddServerSessions(this IServiceCollection services)
    {
        services.AddSingleton<ServerSessionStore>();
        services.AddScoped<ServerSessions>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ServerSessionStore>((options, store) => options.SessionStore = store);
    }
}
