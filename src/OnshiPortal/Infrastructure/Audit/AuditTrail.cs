using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Audit;

/// <summary>Adds audit entries to the current unit of work: they commit, or roll back, with the change they record.</summary>
public sealed class AuditTrail(PortalDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public void Record(string action, string actor, string? institutionCode, object? details = null) =>
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            ClientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "command-line",
            Action = action,
            InstitutionCode = institutionCode,
            Details = details is null ? string.Empty : JsonSerializer.Serialize(details, Json),
        });
}
