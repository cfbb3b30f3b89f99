using System.Globalization;
using System.Text;
using CsvHelper;
using OnshiPortal.Infrastructure.Csv;
using static OnshiPortal.Features.Institutions.InstitutionCsvColumns;

namespace OnshiPortal.Features.Institutions;

internal static class InstitutionCsvWriter
{
    public static void Write(Stream stream, IEnumerable<InstitutionRecord> records, CsvEncoding encoding)
    {
        var options = new CsvWriterOptions
        {
            Separator = ',',
            NewLine = "\r\n",
            // Formulas are neutralised by SpreadsheetText (below), which the reader undoes exactly; CsvHelper's own
            // escaping has no inverse for a value that already starts with its escape character.
            Injection = CsvInjection.None,
            WriteByteOrderMark = encoding != CsvEncoding.ShiftJis,
        };

        if (encoding == CsvEncoding.ShiftJis)
        {
            using var text = new StreamWriter(stream, ShiftJis.Strict, bufferSize: 1 << 16, leaveOpen: true);
            using var csv = CsvWriter.Create(text, options, leaveOpen: true);
            WriteRows(csv, records, shiftJis: true);
            csv.Flush();
        }
        else
        {
            using var csv = CsvWriter.Create(stream, options, leaveOpen: true);
            WriteRows(csv, records, shiftJis: false);
            csv.Flush();
        }
    }

    private static void WriteRows(CsvWriter csv, IEnumerable<InstitutionRecord> records, bool shiftJis)
    {
        csv.WriteHeader(Headers);
        foreach (var record in records)
        {
            var code = record.Code.Value;
            Field(csv, code, Code, code, shiftJis);
            Field(csv, code, Name, record.Name, shiftJis);
            Field(csv, code, NameKana, record.NameKana, shiftJis);
            Field(csv, code, Founder, record.Founder, shiftJis);
            Field(csv, code, Manager, record.Manager, shiftJis);
            Field(csv, code, PostalCode, record.PostalCode, shiftJis);
            Field(csv, code, Address, record.Address, shiftJis);
            Field(csv, code, Phone, record.Phone, shiftJis);
            Field(csv, code, OpenedOn, Date(record.OpenedOn), shiftJis);
            Field(csv, code, ClosedOn, Date(record.ClosedOn), shiftJis);
            Field(csv, code, PredecessorCode, record.PredecessorCode, shiftJis);
            Field(csv, code, Beds, record.Beds?.ToString(System.Globalization.CultureInfo.InvariantCulture), shiftJis);
            csv.EndRecord();
        }
    }

    private static void Field(CsvWriter csv, string code, int column, string? value, bool shiftJis)
    {
        if (shiftJis && value is not null && !Ascii.IsValid(value))
        {
            EnsureShiftJis(code, column, value);
        }

        csv.WriteField(SpreadsheetText.Protect(value));
    }

    /// <summary>Fails before the field is written, naming what to fix, rather than letting the encoder throw later.</summary>
    private static void EnsureShiftJis(string code, int column, string value)
    {
        try
        {
            ShiftJis.Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            var character = e.CharUnknownHigh != '\0'
                ? new string([e.CharUnknownHigh, e.CharUnknownLow])
                : e.CharUnknown.ToString();
            throw new ShiftJisEncodingException(code, All[column].Header, character, e);
        }
    }

    private static string Date(DateOnly? date) =>
        date?.ToString(CsvDate.Format, CultureInfo.InvariantCulture) ?? string.Empty;
}
