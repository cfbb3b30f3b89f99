using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Keeps the application cookie's tickets in <see cref="ServerSession"/> rows. The cookie carries a random key; the
/// row is found by the key's SHA-256. A session ends at once on every node when its row goes: at logout, when the
/// account's security stamp changes (password change or reset, second factor, role, the call centre's 全端末ログアウト),
/// or when the person ends it from /account/sessions.
/// <para>
/// A singleton (the cookie options hold one store): each call opens its own scope and context, so that the store
/// never saves what a page has pending in its own context.
/// </para>
/// </summary>
public sealed class ServerSessionStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    IOptions<IdentityOptions> identity,
    TimeProvider clock) : ITicketStore
{
    /// <summary>HttpContext.Items key: the id of the request's own session row, once retrieved or stored.</summary>
    public const string CurrentSessionItem = "onshi:session";

    // "Last used" is a display, not a lifetime: written at most once a minute per session.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly IDataProtector protector = dataProtection.CreateProtector("OnshiPortal.ServerSessions.Ticket");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await InsertAsync(IdOf(key), ticket, httpContext, cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    /// <summary>
    /// The sliding renewal, and also every sign-in over a live session (the cookie handler keeps the key): a login,
    /// Identity's RefreshSignInAsync after a password or second-factor change. The row takes the ticket's security
    /// stamp, so the session that made the change lives on while the others (older stamp) end.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = IdOf(key);
        var protectedTicket = Protect(ticket);
        var expires = ExpiryOf(ticket, now);
        var userId = UserIdOf(ticket);
        var stamp = StampOf(ticket);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var updated = await db.Set<ServerSession>().Where(s => s.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.Ticket, protectedTicket)
                .SetProperty(x => x.SecurityStamp, stamp)
                .SetProperty(x => x.ExpiresAt, expires)
                .SetProperty(x => x.LastUsedAt, now)

                // Another account signing in over this browser's session starts a session of its own.
                .SetProperty(x => x.CreatedAt, x => x.UserId == userId ? x.CreatedAt : now)
                .SetProperty(x => x.ReauthenticatedAt, x => x.UserId == userId ? x.ReauthenticatedAt : now)
                .SetProperty(x => x.UserId, userId),
            cancellationToken);
        if (updated == 0)
        {
            // Ended between this request's read and now (another tab, the call centre): a sign-in still gets its row.
            await InsertAsync(id, ticket, httpContext, cancellationToken);
        }
        else if (httpContext is not null)
        {
            httpContext.Items[CurrentSessionItem] = id;
        }
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = IdOf(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        // One round trip: the row and the account's current security stamp.
        var found = await db.Set<ServerSession>().AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new
            {
                s.Ticket,
                s.SecurityStamp,
                s.ExpiresAt,
                s.LastUsedAt,
                CurrentStamp = db.Users.Where(u => u.Id == s.UserId).Select(u => u.SecurityStamp).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        if (found.ExpiresAt <= now || found.SecurityStamp != found.CurrentStamp)
        {
            // Past its lifetime, or the account changed what the ticket vouches for: the session is over everywhere.
            await db.Set<ServerSession>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        var ticket = Unprotect(found.Ticket);
        if (ticket is null)
        {
            return null;
        }

        if (now - found.LastUsedAt >= LastUsedResolution)
        {
            await db.Set<ServerSession>().Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUsedAt, now), cancellationToken);
        }

        if (httpContext is not null)
        {
            httpContext.Items[CurrentSessionItem] = id;
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var id = IdOf(key);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Set<ServerSession>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The row id of a session key.</summary>
    public static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The id of the request's own session row, when it has one.</summary>
    public static string? CurrentId(HttpContext httpContext) => httpContext.Items[CurrentSessionItem] as string;

    private async Task InsertAsync(string id, AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new ServerSession
        {
            Id = id,
            UserId = UserIdOf(ticket),
            Ticket = Protect(ticket),
            SecurityStamp = StampOf(ticket),
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = ExpiryOf(ticket, now),
            ReauthenticatedAt = now, // a login is itself a fresh proof of the password or a code
            UserAgent = Shorten(httpContext?.Request.Headers.UserAgent.ToString(), ServerSession.MaxUserAgentLength),
            ClientAddress = Shorten(httpContext?.Connection.RemoteIpAddress?.ToString(), ServerSession.MaxClientAddressLength),
        };

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        // Expired sessions go as new ones come (indexed on ExpiresAt): the table holds live sessions only.
        await db.Set<ServerSession>().Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.Set<ServerSession>().Add(session);
        await db.SaveChangesAsync(cancellationToken);
        if (httpContext is not null)
        {
            httpContext.Items[CurrentSessionItem] = id;
        }
    }

    private string UserIdOf(AuthenticationTicket ticket) => ticket.Principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType) ?? string.Empty;

    private string? StampOf(AuthenticationTicket ticket) => ticket.Principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);

    private byte[] Protect(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private AuthenticationTicket? Unprotect(byte[] data)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(data));
        }
        catch (CryptographicException)
        {
            return null; // a key that no node has any more: as good as no session
        }
    }

    /// <summary>The ticket's sliding expiry, never past the absolute cap after the login.</summary>
    private static DateTimeOffset ExpiryOf(AuthenticationTicket ticket, DateTimeOffset now)
    {
        var sliding = ticket.Properties.ExpiresUtc ?? now + SessionLifetime.Sliding;
        var signedInAt = SessionLifetime.SignedInAtOf(ticket.Principal);
        return signedInAt is { } at && at + SessionLifetime.Absolute < sliding ? at + SessionLifetime.Absolute : sliding;
    }

    private static string? Shorten(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
