using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A passkey authenticator in C#, written from the WebAuthn Level 3 spec: one ES256 (ECDSA P-256) credential,
/// attestation "none", user present and verified. It answers the JSON options the portal makes with the JSON a
/// browser's PublicKeyCredential.toJSON() would give, so the server side is tested without a browser.
/// </summary>
public sealed class SoftwareAuthenticator(string origin) : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] credentialId = RandomNumberGenerator.GetBytes(32);
    private byte[] userHandle = [];
    private uint signCount;

    public string CredentialId => B64(credentialId);

    /// <summary>navigator.credentials.create(): the attestation for the creation options.</summary>
    public string Create(string creationOptionsJson)
    {
        using var options = JsonDocument.Parse(creationOptionsJson);
        var root = options.RootElement;
        var rpId = root.GetProperty("rp").GetProperty("id").GetString()!;
        userHandle = FromB64(root.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", root.GetProperty("challenge").GetString()!);

        var parameters = key.ExportParameters(includePrivateParameters: false);
        var coseKey = new Cbor().Map(5)
            .Int(1).Int(2)      // kty: EC2
            .Int(3).Int(-7)     // alg: ES256
            .Int(-1).Int(1)     // crv: P-256
            .Int(-2).Bytes(parameters.Q.X!)
            .Int(-3).Bytes(parameters.Q.Y!)
            .ToArray();
        var idLength = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(idLength, (ushort)credentialId.Length);
        byte[] authenticatorData = [.. AuthenticatorData(rpId, flags: 0x45), .. new byte[16], .. idLength, .. credentialId, .. coseKey]; // UP, UV, AT; AAGUID zero
        var attestationObject = new Cbor().Map(3)
            .Text("fmt").Text("none")
            .Text("attStmt").Map(0)
            .Text("authData").Bytes(authenticatorData)
            .ToArray();

        return JsonSerializer.Serialize(new
        {
            id = CredentialId,
            rawId = CredentialId,
            type = "public-key",
            authenticatorAttachment = "platform",
            response = new
            {
                clientDataJSON = B64(clientData),
                attestationObject = B64(attestationObject),
                transports = new[] { "internal" },
            },
            clientExtensionResults = new { },
        });
    }

    /// <summary>navigator.credentials.get(): the assertion for the request options, signed with the credential's key.</summary>
    public string Get(string requestOptionsJson)
    {
        using var options = JsonDocument.Parse(requestOptionsJson);
        var root = options.RootElement;
        var clientData = ClientData("webauthn.get", root.GetProperty("challenge").GetString()!);
        var authenticatorData = AuthenticatorData(root.GetProperty("rpId").GetString()!, flags: 0x05); // UP, UV
        byte[] signed = [.. authenticatorData, .. SHA256.HashData(clientData)];
        var signature = key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id = CredentialId,
            rawId = CredentialId,
            type = "public-key",
            authenticatorAttachment = "platform",
            response = new
            {
                clientDataJSON = B64(clientData),
                authenticatorData = B64(authenticatorData),
                signature = B64(signature),
                userHandle = B64(userHandle),
            },
            clientExtensionResults = new { },
        });
    }

    public void Dispose() => key.Dispose();

    private byte[] ClientData(string type, string challenge) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = type,
        ["challenge"] = challenge,
        ["origin"] = origin,
        ["crossOrigin"] = false,
    });

    private byte[] AuthenticatorData(string rpId, byte flags)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, ++signCount);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. counter];
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    /// <summary>The few CBOR items (RFC 8949) an attestation needs: integers, byte and text strings, maps.</summary>
    private sealed class Cbor
    {
        private readonly List<byte> bytes = [];

        public Cbor Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public Cbor Bytes(byte[] value)
        {
            Head(2, (ulong)value.Length);
            bytes.AddRange(value);
            return this;
        }

        public Cbor Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            Head(3, (ulong)utf8.Length);
            bytes.AddRange(utf8);
            return this;
        }

        public Cbor Map(int pairs) => Head(5, (ulong)pairs);

        public byte[] ToArray() => [.. bytes];

        private Cbor Head(int major, ulong value)
        {
            var type = (byte)(major << 5);
            if (value < 24)
            {
                bytes.Add((byte)(type | (byte)value));
            }
            else if (value <= byte.MaxValue)
            {
                bytes.Add((byte)(type | 24));
                bytes.Add((byte)value);
            }
            else
            {
                bytes.Add((byte)(type | 25));
                bytes.Add((byte)(value >> 8));
                bytes.Add((byte)value);
            }

            return this;
        }
    }
}
