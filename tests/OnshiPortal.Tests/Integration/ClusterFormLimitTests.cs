using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Web;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The per-address form limit holds across nodes: two apps on one database (two nodes behind the load balancer) count
/// one address's posts together, turn the post over the limit away with 429 before its body is read, and count an
/// IPv6 client by its /64.
/// </summary>
public abstract class ClusterFormLimitTests : DataTest
{
    private const string Limit = "3";

    [Fact]
    public async Task Two_nodes_on_one_database_share_one_addresss_limit()
    {
        await using var nodeA = await StartAppAsync();
        nodeA.Settings["RateLimits:PostsPerAddressPerMinute"] = Limit;
        await using var nodeB = new PortalAppFactory(nodeA.Database) { Settings = { ["RateLimits:PostsPerAddressPerMinute"] = Limit } };

        // Three posts spread over both nodes: each node alone saw fewer than its limit.
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeA, "203.0.113.7")).Response.StatusCode);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeB, "203.0.113.7")).Response.StatusCode);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeA, "203.0.113.7")).Response.StatusCode);

        // The fourth, on the node that saw one: refused, and its body never read (reading it would throw).
        var refused = await PostAsync(nodeB, "203.0.113.7", new UnreadableBody());
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 60);
        Assert.Contains("アクセスが集中しています", await new StreamReader(refused.Response.Body).ReadToEndAsync());

        // Another address is not limited by it.
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeB, "198.51.100.20")).Response.StatusCode);
        Assert.Empty(nodeA.ServerErrors.Entries);
        Assert.Empty(nodeB.ServerErrors.Entries);
    }

    [Fact]
    public async Task An_ipv6_client_is_counted_by_its_64_however_it_rotates_its_address()
    {
        await using var nodeA = await StartAppAsync();
        nodeA.Settings["RateLimits:PostsPerAddressPerMinute"] = Limit;
        for (var i = 1; i <= 3; i++)
        {
            Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeA, $"2001:db8:1:2::{i}")).Response.StatusCode);
        }

        Assert.Equal(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeA, "2001:db8:1:2:ffff:1:2:3")).Response.StatusCode);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, (await PostAsync(nodeA, "2001:db8:1:3::1")).Response.StatusCode);
    }

    [Fact]
    public async Task Counts_are_one_row_per_address_and_a_new_minute_forgets_the_one_before_last()
    {
        await using var app = await StartAppAsync();
        await using var db = app.Database.CreateContext();
        var start = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

        // 3 in one minute; at 9:01:30 half of them still count (3 × 0.5 + 1 = 2.5 ≤ 3); at 9:03 none does.
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await ClusterFormLimits.CountAsync(db, "form:ip:192.0.2.9", 3, start.AddSeconds(i), default)).Over);
        }

        Assert.True((await ClusterFormLimits.CountAsync(db, "form:ip:192.0.2.9", 3, start.AddSeconds(50), default)).Over);
        Assert.False((await ClusterFormLimits.CountAsync(db, "form:ip:192.0.2.9", 3, start.AddSeconds(105), default)).Over);
        Assert.False((await ClusterFormLimits.CountAsync(db, "form:ip:192.0.2.9", 3, start.AddMinutes(3), default)).Over);
        Assert.Equal(1, await db.Set<FormRateCounter>().CountAsync());
    }

    private static Task<HttpContext> PostAsync(PortalAppFactory node, string from, Stream? body = null) =>
        node.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            c.Request.Scheme = "https";
            c.Request.Host = new HostString("portal.example.jp");
            c.Request.Method = "POST";
            c.Request.Path = "/account/forgot";
            c.Request.ContentType = "application/x-www-form-urlencoded";
            c.Request.Body = body ?? new MemoryStream("Input.Email=a%40b.example"u8.ToArray());
        });

    /// <summary>A request body that fails the test's request if anything reads it.</summary>
    private sealed class UnreadableBody : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the body was read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("the body was read");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("the body was read");
    }
}

public sealed class ClusterFormLimitTestsOnSqlite : ClusterFormLimitTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ClusterFormLimitTestsOnPostgres : ClusterFormLimitTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
