using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Files in the database (Infrastructure/Files): streamed in chunks, checked, atomic for readers, on both databases.</summary>
public abstract class FileStoreTests : DataTest
{
    private const int Chunk = FileStore.ChunkSize;

    [Fact]
    public async Task A_file_of_many_chunks_is_written_and_read_a_chunk_at_a_time_and_comes_back_identical()
    {
        await using var app = await StartAppAsync();
        var store = app.Services.GetRequiredService<FileStore>();
        var length = (20L * Chunk) + 12_345;
        var expectedHash = await HashOfAsync(new GeneratedStream(length, seed: 1));

        // While the source is still being read, earlier chunks are already committed (the store does not gather the
        // file in memory) and the file is invisible to readers (not completed).
        var committedWhileWriting = -1;
        StoredFileInfo? visibleWhileWriting = null;
        var checkedWhileWriting = false;
        var source = new GeneratedStream(length, seed: 1)
        {
            OnRead = position =>
            {
                if (position >= 10L * Chunk && !checkedWhileWriting)
                {
                    checkedWhileWriting = true;
                    using var db = app.Database.CreateContext();
                    var writing = db.Set<StoredFile>().Single(f => f.Area == "test");
                    committedWhileWriting = db.Set<StoredFileChunk>().Count(c => c.FileId == writing.Id);
                    visibleWhileWriting = store.FindAsync(writing.Id).GetAwaiter().GetResult();
                }
            },
        };

        var saved = await store.SaveAsync("test", "大きなファイル.bin", "application/octet-stream", source);

        Assert.True(checkedWhileWriting);
        Assert.InRange(committedWhileWriting, 9, 10);
        Assert.Null(visibleWhileWriting);
        Assert.Equal(length, saved.Length);
        Assert.Equal(Convert.ToHexStringLower(expectedHash), saved.Sha256);
        Assert.Equal(saved, await store.FindAsync(saved.Id));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(21, await db.Set<StoredFileChunk>().CountAsync(c => c.FileId == saved.Id));
            Assert.True(await db.Set<StoredFileChunk>().Where(c => c.FileId == saved.Id).AllAsync(c => c.Data.Length <= Chunk));
        }

        await using (var read = (await store.OpenReadAsync(saved.Id))!)
        {
            Assert.Equal(length, read.Length);
            Assert.Equal(expectedHash, await HashOfAsync(read));
        }

        await store.DeleteAsync(saved.Id);
        Assert.Null(await store.FindAsync(saved.Id));
        Assert.Null(await store.OpenReadAsync(saved.Id));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<StoredFileChunk>().CountAsync(c => c.FileId == saved.Id));
        }
    }

    [Fact]
    public async Task A_tampered_chunk_fails_the_read_before_the_last_bytes_are_handed_out()
    {
        await using var app = await StartAppAsync();
        var store = app.Services.GetRequiredService<FileStore>();
        var saved = await store.SaveAsync("test", "a.bin", "application/octet-stream", new GeneratedStream((3L * Chunk) + 10, seed: 2));

        // Opened and partly read before the damage: chunks are fetched as they are needed, so it is still found.
        await using var read = (await store.OpenReadAsync(saved.Id))!;
        var head = new byte[1000];
        await read.ReadExactlyAsync(head);
        await using (var db = app.Database.CreateContext())
        {
            var chunk = await db.Set<StoredFileChunk>().SingleAsync(c => c.FileId == saved.Id && c.Number == 2);
            chunk.Data[12345] ^= 0x01;
            db.Entry(chunk).Property(c => c.Data).IsModified = true;
            await db.SaveChangesAsync();
        }

        var handedOut = (long)head.Length;
        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            var buffer = new byte[8192];
            int n;
            while ((n = await read.ReadAsync(buffer)) > 0)
            {
                handedOut += n;
            }
        });
        Assert.Contains("SHA-256", failure.Message, StringComparison.Ordinal);
        Assert.True(handedOut < saved.Length, "the damaged file must never be handed out whole");

        // A chunk gone is as loud.
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<StoredFileChunk>().Where(c => c.FileId == saved.Id && c.Number == 1).ExecuteDeleteAsync();
        }

        await using var again = (await store.OpenReadAsync(saved.Id))!;
        await Assert.ThrowsAsync<InvalidDataException>(() => again.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task An_interrupted_write_is_never_visible_and_is_cleaned_up()
    {
        await using var app = await StartAppAsync();
        var store = app.Services.GetRequiredService<FileStore>();

        // A source that fails mid-file: the store removes what it wrote.
        var failing = new GeneratedStream(5L * Chunk, seed: 3) { OnRead = position => { if (position >= 2L * Chunk) { throw new IOException("client went away"); } } };
        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync("test", "broken.bin", "application/octet-stream", failing));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<StoredFile>().CountAsync());
            Assert.Equal(0, await db.Set<StoredFileChunk>().CountAsync());
        }

        // A node killed mid-write leaves an incomplete row with chunks behind: readers never see it; housekeeping
        // removes it once it is older than any write takes, and leaves a recent one (perhaps still being written).
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var killed = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await using (var db = app.Database.CreateContext())
        {
            db.Add(new StoredFile { Id = killed, Area = "test", Name = "killed.bin", ContentType = "application/octet-stream", CreatedAt = now.AddHours(-7) });
            db.Add(new StoredFile { Id = recent, Area = "test", Name = "recent.bin", ContentType = "application/octet-stream", CreatedAt = now.AddMinutes(-5) });
            db.Add(new StoredFileChunk { FileId = killed, Number = 0, Data = new byte[Chunk] });
            db.Add(new StoredFileChunk { FileId = killed, Number = 1, Data = new byte[Chunk] });
            db.Add(new StoredFileChunk { FileId = recent, Number = 0, Data = new byte[10] });
            await db.SaveChangesAsync();
        }

        var complete = await store.SaveAsync("test", "complete.bin", "application/octet-stream", new GeneratedStream(100, seed: 4));
        Assert.Null(await store.FindAsync(killed));
        Assert.Null(await store.OpenReadAsync(killed));

        var done = await app.Services.GetRequiredService<HousekeepingWorker>().RunOnceAsync(default);
        Assert.Equal(1, done["abandoned file writes"]);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(new[] { complete.Id, recent }.Order(), (await db.Set<StoredFile>().Select(f => f.Id).ToListAsync()).Order());
            Assert.Equal(0, await db.Set<StoredFileChunk>().CountAsync(c => c.FileId == killed));
        }
    }

    [Fact]
    public async Task Several_threads_save_at_once_and_each_file_is_whole()
    {
        await using var app = await StartAppAsync();
        var store = app.Services.GetRequiredService<FileStore>();
        var saves = Enumerable.Range(10, 6)
            .Select(seed => Task.Run(() => store.SaveAsync("test", $"{seed}.bin", "application/octet-stream", new GeneratedStream((2L * Chunk) + seed, seed))))
            .ToList();
        var saved = await Task.WhenAll(saves);

        Assert.Equal(6, saved.Select(s => s.Id).Distinct().Count());
        foreach (var (file, seed) in saved.Zip(Enumerable.Range(10, 6)))
        {
            Assert.Equal((2L * Chunk) + seed, file.Length);
            await using var read = (await store.OpenReadAsync(file.Id))!;
            Assert.Equal(await HashOfAsync(new GeneratedStream((2L * Chunk) + seed, seed)), await HashOfAsync(read));
        }
    }

    [Fact]
    public async Task An_empty_file_and_a_small_one_round_trip()
    {
        await using var app = await StartAppAsync();
        var store = app.Services.GetRequiredService<FileStore>();
        var empty = await store.SaveAsync("test", "empty.txt", "text/plain", new MemoryStream());
        Assert.Equal(0, empty.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())), empty.Sha256);
        await using (var read = (await store.OpenReadAsync(empty.Id))!)
        {
            Assert.Equal(0, await read.ReadAsync(new byte[10]));
        }

        var small = await store.SaveAsync("test", "small.txt", "text/plain", new MemoryStream("こんにちは"u8.ToArray()));
        await using var smallRead = (await store.OpenReadAsync(small.Id))!;
        using var copy = new MemoryStream();
        await smallRead.CopyToAsync(copy);
        Assert.Equal("こんにちは"u8.ToArray(), copy.ToArray());
        Assert.Null(await store.FindAsync(Guid.NewGuid()));
    }

    private static async Task<byte[]> HashOfAsync(Stream stream) => await SHA256.HashDataAsync(stream);

    /// <summary>Deterministic pseudo-random content of a given length, made as it is read (never held whole).</summary>
    private sealed class GeneratedStream(long length, int seed) : Stream
    {
        private readonly Random random = new(seed);
        private long position;

        /// <summary>Called with the position before each read.</summary>
        public Action<long>? OnRead { get; init; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            OnRead?.Invoke(position);

            // Odd-sized reads, as a network stream gives them: the store must gather its chunks itself.
            var count = (int)Math.Min(Math.Min(buffer.Length, 70_001), length - position);
            random.NextBytes(buffer[..count]);
            position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class FileStoreTestsOnSqlite : FileStoreTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class FileStoreTestsOnPostgres : FileStoreTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
