using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The certificate that encrypts the data-protection keys in every test app and node: made once per test run (an
/// RSA key a test would take a good part of a second), in a temporary folder, never in the repository.
/// </summary>
public static class TestKeyCertificate
{
    private static readonly Lazy<string> File = new(() =>
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("onshi-dp-").FullName, "dataprotection.pfx");
        OwnerOnlyFile.WriteAtomically(path, stream => stream.Write(KeyEncryption.NewCertificate(TimeProvider.System)), overwrite: false);
        return path;
    });

    public static string Path => File.Value;
}
