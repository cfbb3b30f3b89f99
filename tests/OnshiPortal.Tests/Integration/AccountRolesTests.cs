using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The account store remembers the roles it read for its request (PortalUserStore), and forgets them on a change.</summary>
public abstract class AccountRolesTests : DataTest
{
    private const string Password = "Kusunoki-Sakura-2026";

    [Fact]
    public async Task Roles_read_again_after_a_change_in_the_same_request_show_the_change()
    {
        await using var app = await StartAppAsync();
        var (email, _) = await app.AddOperatorAsync(withAuthenticator: false);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.Equal([Roles.Operator], await users.GetRolesAsync(user));

            Assert.True((await users.AddToRoleAsync(user, Roles.Admin)).Succeeded);
            Assert.Equal([Roles.Admin, Roles.Operator], (await users.GetRolesAsync(user)).Order());

            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Operator)).Succeeded);
            Assert.Equal([Roles.Admin], await users.GetRolesAsync(user));

            // A caller that changes the list it got does not change what the store remembers.
            (await users.GetRolesAsync(user)).Clear();
            Assert.Equal([Roles.Admin], await users.GetRolesAsync(user));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.Equal([Roles.Admin], await users.GetRolesAsync((await users.FindByEmailAsync(email))!));
        }
    }

    [Fact]
    public async Task An_institutions_login_reads_its_roles_once()
    {
        await using var app = await StartAppAsync();
        var email = $"clinic-{Guid.NewGuid():N}@example.jp";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmailConfirmed = true, InstitutionCode = "1312345678", InstitutionRole = InstitutionRole.Administrator, AccountOf = "1312345678" }, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var session = new HttpSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true }));
        var (_, page) = await session.GetAsync("/login");
        using var reads = new RoleReads(app.Database);
        var (response, _) = await session.PostAsync("/login", page, new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mypage", response.Headers.Location?.OriginalString);

        // For the cookie's claims; where the login leads next (back office or not) asks the store again and gets the same.
        Assert.Equal(1, reads.Count);
    }

    /// <summary>Counts the commands on AspNetUserRoles that EF runs against one test database (tests run side by side).</summary>
    private sealed class RoleReads : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly (string? Source, string? Name) database;
        private readonly List<IDisposable> subscriptions = [];
        private int count;

        public RoleReads(TestDatabase testDatabase)
        {
            using var db = testDatabase.CreateContext();
            var connection = db.Database.GetDbConnection();
            database = (connection.DataSource, connection.Database);
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name
                && value.Value is CommandEventData { Command: var command }
                && command.CommandText.Contains("AspNetUserRoles", StringComparison.Ordinal)
                && (command.Connection?.DataSource, command.Connection?.Database) == database)
            {
                Interlocked.Increment(ref count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}

public sealed class AccountRolesTestsOnSqlite : AccountRolesTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class AccountRolesTestsOnPostgres : AccountRolesTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
