using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Files;

/// <summary>
/// Reads a stored file chunk by chunk (one chunk in memory at a time) through a scope of its own, and checks the
/// length and SHA-256 recorded at write time before handing out the last chunk: a download of a damaged file
/// stops short with an error instead of completing with wrong bytes.
/// </summary>
internal sealed class StoredFileStream(AsyncServiceScope scope, PortalDbContext db, StoredFile file) : Stream
{
    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] chunk = [];
    private int offset;
    private int nextNumber;
    private long loaded;
    private long position;
    private bool disposed;

    /// <summary>The completed file's row as it was when the stream was opened.</summary>
    public StoredFile File => file;

    public override bool CanRead => !disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>Known from the file's row, so that a download can say its Content-Length.</summary>
    public override long Length => file.Length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (this.offset == chunk.Length && loaded < file.Length)
        {
            Accept(db.Set<StoredFileChunk>().AsNoTracking()
                .Where(c => c.FileId == file.Id && c.Number == nextNumber)
                .Select(c => c.Data)
                .FirstOrDefault());
        }

        return Copy(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (offset == chunk.Length && loaded < file.Length)
        {
            Accept(await db.Set<StoredFileChunk>().AsNoTracking()
                .Where(c => c.FileId == file.Id && c.Number == nextNumber)
                .Select(c => c.Data)
                .FirstOrDefaultAsync(cancellationToken));
        }

        return Copy(buffer.Span);
    }

    private void Accept(byte[]? data)
    {
        if (data is null || data.Length == 0)
        {
            throw new InvalidDataException($"Stored file {file.Id}: chunk {nextNumber} is missing (the file is damaged or was deleted while being read).");
        }

        loaded += data.Length;
        if (loaded > file.Length)
        {
            throw new InvalidDataException($"Stored file {file.Id}: the chunks hold more than its recorded length of {file.Length} bytes.");
        }

        sha256.AppendData(data);
        if (loaded == file.Length)
        {
            var actual = Convert.ToHexStringLower(sha256.GetHashAndReset());
            if (!string.Equals(actual, file.Sha256, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Stored file {file.Id}: SHA-256 mismatch (recorded {file.Sha256}, read {actual}); the content is damaged.");
            }
        }

        chunk = data;
        offset = 0;
        nextNumber++;
    }

    private int Copy(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, chunk.Length - offset);
        chunk.AsSpan(offset, count).CopyTo(buffer);
        offset += count;
        position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            sha256.Dispose();
            scope.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            sha256.Dispose();
            await scope.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
