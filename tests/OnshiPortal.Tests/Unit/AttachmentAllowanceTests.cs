using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;

namespace OnshiPortal.Tests.Unit;

/// <summary>The hourly upload allowance per account (the staging itself is in Integration/AttachmentStagingTests).</summary>
public sealed class AttachmentAllowanceTests
{
    private const string Account = "account-1";

    [Fact]
    public void The_hourly_allowance_of_an_account_is_spent_by_its_uploads_only()
    {
        using var allowance = new AttachmentAllowance(Options.Create(new FilingOptions
        {
            Attachments = new AttachmentOptions { MaxUploadBytesPerAccountPerHour = 30 * 1024 * 1024 },
        }));

        Assert.True(allowance.TryReserve(Account, 10 * 1024 * 1024));
        Assert.True(allowance.TryReserve(Account, 10 * 1024 * 1024));
        Assert.False(allowance.TryReserve(Account, 11 * 1024 * 1024));
        Assert.True(allowance.TryReserve(Account, 9 * 1024 * 1024)); // a refusal took nothing
        Assert.True(allowance.TryReserve("another-account", 30 * 1024 * 1024));
    }
}
