using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>The subject and the two parts of a rendered template; <see cref="To"/> addresses it.</summary>
public sealed record MailContent(string Subject, string TextBody, string? HtmlBody, string? Template = null)
{
    public OutgoingMail To(string address, IReadOnlyList<MailAttachment>? attachments = null) => new(address, Subject, TextBody, HtmlBody, Template, attachments);
}

/// <summary>
/// Mail templates beside their feature: <c>NAME.mail.txt</c> (first line <c>Subject: ...</c>, then the plain
/// text) and optionally <c>NAME.mail.html</c>, embedded resources of the anchor's assembly in the anchor's
/// namespace (the folder, as the csproj embeds them). <c>{{Key}}</c> is replaced by the value of Key, HTML-encoded
/// in the HTML part; <c>{{{Key}}}</c> puts the value in as it is, only for HTML its caller has already made safe (a
/// notice's sanitised body). A placeholder without a value throws, so that no mail goes out with a hole in it.
/// </summary>
public static partial class MailTemplate
{
    private const string SubjectPrefix = "Subject:";

    private static readonly ConcurrentDictionary<(Assembly, string), string?> Resources = new();

    public static MailContent Render(Type anchor, string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(values);
        // A mail sent while a request is answered in English (the person chose it with the header's switch) uses the
        // NAME.en.mail.* pair when the feature has one. A background job has no request and mails in Japanese.
        var prefix = $"{anchor.Namespace}.{name}.mail";
        if (Languages.IsEnglish && Load(anchor.Assembly, $"{anchor.Namespace}.{name}.{Languages.English}.mail.txt") is not null)
        {
            prefix = $"{anchor.Namespace}.{name}.{Languages.English}.mail";
        }

        var text = Load(anchor.Assembly, prefix + ".txt")
            ?? throw new InvalidOperationException($"Mail template {prefix}.txt is not an embedded resource of {anchor.Assembly.GetName().Name}.");
        var html = Load(anchor.Assembly, prefix + ".html");

        var (subject, body) = SplitSubject(text, prefix);
        return new MailContent(
            Fill(subject, values, encode: false).Trim(),
            Fill(body, values, encode: false),
            html is null ? null : Fill(html, values, encode: true),
            $"{anchor.Namespace?[(anchor.Namespace.LastIndexOf('.') + 1)..]}/{name}");
    }

    private static (string Subject, string Body) SplitSubject(string text, string prefix)
    {
        text = text.ReplaceLineEndings("\n");
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? text : text[..end];
        if (!first.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Mail template {prefix}.txt must start with a line '{SubjectPrefix} ...'.");
        }

        // One blank line between the subject and the body is the layout, not part of the body.
        var body = end < 0 ? string.Empty : text[(end + 1)..];
        return (first[SubjectPrefix.Length..], body.StartsWith('\n') ? body[1..] : body);
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values, bool encode) =>
        Placeholder().Replace(template, match =>
        {
            var raw = match.Groups["raw"].Success;
            var key = raw ? match.Groups["raw"].Value : match.Groups["key"].Value;
            if (!values.TryGetValue(key, out var value))
            {
                throw new KeyNotFoundException($"No value for the mail template placeholder {match.Value}.");
            }

            return encode && !raw ? WebUtility.HtmlEncode(value) : value;
        });

    private static string? Load(Assembly assembly, string resource) => Resources.GetOrAdd((assembly, resource), key =>
    {
        using var stream = key.Item1.GetManifestResourceStream(key.Item2);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [GeneratedRegex(@"\{\{\{\s*(?<raw>[A-Za-z0-9_]+)\s*\}\}\}|\{\{\s*(?<key>[A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
