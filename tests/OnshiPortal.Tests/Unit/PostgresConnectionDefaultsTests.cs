using Npgsql;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Unit;

public class PostgresConnectionDefaultsTests
{
    [Fact]
    public void What_the_connection_string_leaves_unsaid_gets_the_portals_defaults()
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseSetup.PreparePostgres("Host=db.example;Database=onshi;Username=portal"));

        Assert.Equal(DatabaseSetup.PostgresConnectTimeoutSeconds, prepared.Timeout);
        Assert.True(prepared.NoResetOnClose);
        Assert.Equal(DatabaseSetup.PostgresAutoPreparedStatements, prepared.MaxAutoPrepare);
        Assert.Equal("db.example", prepared.Host);
        Assert.Equal("onshi", prepared.Database);
    }

    [Theory]
    [InlineData("Host=db;Timeout=12;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;timeout=12;NoResetOnClose=false;MaxAutoPrepare=0")]
    public void What_the_connection_string_says_wins(string given)
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseSetup.PreparePostgres(given));

        Assert.Equal(12, prepared.Timeout);
        Assert.False(prepared.NoResetOnClose);
        Assert.Equal(0, prepared.MaxAutoPrepare);
    }
}
