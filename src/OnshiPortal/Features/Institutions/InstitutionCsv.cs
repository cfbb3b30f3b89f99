using System.Text.Unicode;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// The institution master file: a header row, then one institution per row, in the columns
/// 医療機関等コード,名称,名称カナ,開設者,管理者,郵便番号,住所,電話番号,開設日,廃止日
/// (or code,name,name_kana,founder,manager,postal_code,address,phone,opened_on,closed_on).
/// </summary>
/// <remarks>
/// Columns are found by their header, so a file whose columns are in another order still reads; what is written
/// is always in the order above.
/// </remarks>
public static class InstitutionCsv
{
    /// <summary>The Japanese headers, in the order the columns are written.</summary>
    public static IReadOnlyList<string> Headers { get; } = Array.AsReadOnly(InstitutionCsvColumns.Headers);

    /// <summary>
    /// Reads a master file from the stream's position to its end, checking and normalising every row.
    /// The whole file is held in memory while it is read (a master file is tens of megabytes).
    /// </summary>
    public static InstitutionCsvReadResult Read(Stream stream, CsvEncoding encoding = CsvEncoding.Auto)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var content = ReadToEnd(stream);
        var hasUtf8Bom = content.Span.StartsWith(Utf8Bom);
        if (encoding == CsvEncoding.Auto)
        {
            // Excel writes Shift_JIS without a marker; text in CP932 that happens to be valid UTF-8 is
            // vanishingly rare outside pure ASCII, where both read the same.
            encoding = hasUtf8Bom || Utf8.IsValid(content.Span) ? CsvEncoding.Utf8 : CsvEncoding.ShiftJis;
        }

        var reader = new InstitutionCsvReader();
        if (encoding == CsvEncoding.ShiftJis)
        {
            reader.Read(content, ShiftJis.Lenient);
        }
        else
        {
            reader.Read(hasUtf8Bom ? content[Utf8Bom.Length..] : content, transcodeFrom: null);
        }

        return new InstitutionCsvReadResult(reader.Rows, reader.Errors, encoding.DisplayName());
    }

    /// <summary>
    /// Writes a master file: the header, then a row per record, CRLF line ends, dates as yyyy-MM-dd.
    /// UTF-8 gets a BOM so that Excel opens it as UTF-8; <see cref="CsvEncoding.Auto"/> writes UTF-8.
    /// </summary>
    /// <exception cref="ShiftJisEncodingException">
    /// A field holds a character that Shift_JIS cannot hold; what was written before it stays in the stream.
    /// </exception>
    public static void Write(Stream stream, IEnumerable<InstitutionRecord> records, CsvEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        InstitutionCsvWriter.Write(stream, records, encoding);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlyMemory<byte> ReadToEnd(Stream stream)
    {
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var start = (int)memory.Position;
            memory.Position = memory.Length;
            return buffer.AsMemory(start);
        }

        if (stream.CanSeek)
        {
            var bytes = new byte[stream.Length - stream.Position];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
