using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// Growing delays after failed logins, per client address and per login ID (<see cref="ThrottleRules"/>), kept in
/// the database so that they hold across web nodes. An attempt it refuses must not be checked or counted: see
/// <see cref="CredentialLogin"/>.
/// </summary>
public sealed class LoginThrottle(PortalDbContext db, TimeProvider clock)
{
    public Task<ThrottleDecision> CheckAsync(string clientAddress, string loginId, CancellationToken cancellationToken = default) =>
        CheckKeysAsync(AddressKey(clientAddress), CredentialKey(loginId), cancellationToken);

    /// <summary>
    /// The same for a portal account's login (password, second-factor code, recovery code): by address and by the
    /// address typed, known or not, so that an answer never depends on whether the account exists.
    /// </summary>
    public Task<ThrottleDecision> CheckAccountAsync(string clientAddress, string email, CancellationToken cancellationToken = default) =>
        CheckKeysAsync(AddressKey(clientAddress), AccountKey(email), cancellationToken);

    public async Task RecordAccountFailureAsync(string clientAddress, string email, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await CountFailureAsync(AddressKey(clientAddress), ThrottleRules.AddressDelay, now, cancellationToken);
        await CountFailureAsync(AccountKey(email), ThrottleRules.CredentialDelay, now, cancellationToken);
    }

    public async Task RecordAccountSuccessAsync(string clientAddress, string email, CancellationToken cancellationToken = default)
    {
        string[] keys = [AddressKey(clientAddress), AccountKey(email)];
        await db.Set<LoginThrottleEntry>().Where(e => keys.Contains(e.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>An account's login name as a key: its SHA-256, so the table holds no e-mail address.</summary>
    public static string AccountKey(string email) =>
        "account:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));

    private async Task<ThrottleDecision> CheckKeysAsync(string addressKey, string subjectKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        string[] keys = [addressKey, subjectKey];
        var blocks = await db.Set<LoginThrottleEntry>().AsNoTracking()
            .Where(e => keys.Contains(e.Key) && e.BlockedUntil != null)
            .Select(e => e.BlockedUntil!.Value)
            .ToListAsync(cancellationToken);
        var until = blocks.Where(b => b > now).DefaultIfEmpty(now).Max();
        return until > now ? ThrottleDecision.Refuse((int)Math.Ceiling((until - now).TotalSeconds)) : ThrottleDecision.Allow;
    }

    public async Task RecordFailureAsync(string clientAddress, string loginId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await CountFailureAsync(AddressKey(clientAddress), ThrottleRules.AddressDelay, now, cancellationToken);
        await CountFailureAsync(CredentialKey(loginId), ThrottleRules.CredentialDelay, now, cancellationToken);
    }

    /// <summary>The right password: the address and the login ID start again from zero.</summary>
    public async Task RecordSuccessAsync(string clientAddress, string loginId, CancellationToken cancellationToken = default)
    {
        string[] keys = [AddressKey(clientAddress), CredentialKey(loginId)];
        await db.Set<LoginThrottleEntry>().Where(e => keys.Contains(e.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// An IPv6 client is counted by its /64, the block one subscriber gets: counted by full address, one home
    /// could try 2^64 addresses.
    /// </summary>
    public static string AddressKey(string clientAddress)
    {
        if (IPAddress.TryParse(clientAddress, out var address))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                var bytes = address.GetAddressBytes();
                Array.Clear(bytes, 8, 8);
                return "ip:" + new IPAddress(bytes) + "/64";
            }

            return "ip:" + address;
        }

        return Truncate("ip:" + clientAddress);
    }

    /// <summary>Typed as the person typed it, normalised as verification does, so '＠' and '@' are one ID.</summary>
    public static string CredentialKey(string loginId) => Truncate("credential:" + LoginId.Normalize(loginId));

    // Nothing longer than a real login ID is one; cutting a stranger's long input keeps it a valid key.
    private static string Truncate(string key) => key.Length <= LoginThrottleEntry.MaxKeyLength ? key : key[..LoginThrottleEntry.MaxKeyLength];

    /// <summary>
    /// Counts in the database itself (an UPDATE of Failures + 1), so that a flood spread over nodes loses no count,
    /// then sets the delay the new count earns.
    /// </summary>
    private async Task CountFailureAsync(string key, Func<int, TimeSpan> delayFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entries = db.Set<LoginThrottleEntry>();
        var forgotten = now - ThrottleRules.ForgetAfter;
        if (!await IncrementAsync())
        {
            await InsertIfAbsentAsync(key, forgotten, cancellationToken);
            await IncrementAsync();
        }

        var failures = await entries.AsNoTracking().Where(e => e.Key == key).Select(e => e.Failures).SingleAsync(cancellationToken);
        var delay = delayFor(failures);
        if (delay > TimeSpan.Zero)
        {
            var until = now + delay;
            await entries.Where(e => e.Key == key).ExecuteUpdateAsync(s => s.SetProperty(e => e.BlockedUntil, until), cancellationToken);
        }

        async Task<bool> IncrementAsync() => await entries.Where(e => e.Key == key).ExecuteUpdateAsync(
            s => s.SetProperty(e => e.Failures, e => e.UpdatedAt < forgotten ? 1 : e.Failures + 1).SetProperty(e => e.UpdatedAt, now),
            cancellationToken) == 1;
    }

    /// <summary>An empty entry (as good as forgotten), unless another request made it first.</summary>
    private async Task InsertIfAbsentAsync(string key, DateTimeOffset forgotten, CancellationToken cancellationToken)
    {
        var entry = db.Set<LoginThrottleEntry>().Add(new LoginThrottleEntry { Key = key, UpdatedAt = forgotten });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node inserted it between our UPDATE and INSERT: its row is the one to count on.
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }
}
