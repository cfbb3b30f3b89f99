using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Tests.Unit;

/// <summary>The one rule for an address the portal mails: what a clinic can type, and the slips it must not get past.</summary>
public sealed class MailAddressesTests
{
    [Theory]
    [InlineData("clinic@example.jp")]
    [InlineData("jimu.tanaka+portal@clinic.example.co.jp")]
    [InlineData("info@例え.jp")]
    public void A_real_address_is_sendable(string address) => Assert.True(MailAddresses.IsSendable(address));

    [Theory]
    [InlineData("clinic@example")] // the .jp left off: the activation link would go nowhere
    [InlineData("clinic@.example.jp")]
    [InlineData("clinic@example..jp")]
    [InlineData("clinic@example.jp.")]
    [InlineData("clinic@")]
    [InlineData("@example.jp")]
    [InlineData("clinic example@example.jp")]
    [InlineData("Clinic <clinic@example.jp>")]
    [InlineData("0110113719@01")] // a temporary ID is a login, not a mailbox
    [InlineData("")]
    public void A_slip_is_not_sendable(string address) => Assert.False(MailAddresses.IsSendable(address));
}
