using Microsoft.Extensions.Options;
using MimeKit;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// The embedded default: each mail becomes <c>{timestamp}-{id}.eml</c> in <c>Mail:PickupDirectory</c>, for a
/// developer to open or a local relay to pick up.
/// </summary>
public sealed class PickupDirectoryMailTransport(IOptions<MailOptions> options, TimeProvider clock) : IMailTransport
{
    public string Folder => Path.GetFullPath(options.Value.PickupDirectory);

    public async Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Directory.CreateDirectory(Folder).FullName;
        var name = $"{clock.GetUtcNow():yyyyMMdd'T'HHmmssfff'Z'}-{outboxId}.eml";

        // Written under a name no reader takes (a dot file, not .eml), flushed to disk, then renamed: a rename
        // within a folder is atomic, so a reader sees the whole file or none.
        var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await message.WriteToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path.Combine(folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // nothing left behind after a failure; a no-op after the rename
        }
    }
}
