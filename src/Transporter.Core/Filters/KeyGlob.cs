using System.Text;
using System.Text.RegularExpressions;

namespace Transporter.Core.Filters;

/// <summary>
/// A glob pattern on object keys, rclone's rules: <c>*</c> matches any characters but '/', <c>**</c> any characters,
/// <c>?</c> one character but '/', <c>[a-z]</c> / <c>[!a-z]</c> a character class, <c>{jpg,png}</c> alternatives,
/// <c>\x</c> the character x. A pattern starting with '/' is anchored at the start of the key; otherwise it matches
/// whole trailing path segments ("*.jpg" matches "a/b/c.jpg", "b/*.jpg" matches "a/b/c.jpg" but not "ab/c.jpg").
/// </summary>
/// <remarks>The pattern compiles to a <see cref="RegexOptions.NonBacktracking"/> regex, so a hostile pattern cannot
/// make matching slow (linear in the key's length).</remarks>
public sealed class KeyGlob
{
    /// <summary>Longest pattern accepted.</summary>
    public const int MaxLength = 1024;

    private readonly Regex _regex;

    private KeyGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    public bool Matches(string key) => _regex.IsMatch(key);

    /// <summary>The compiled pattern, or null with the reason it is not a valid glob.</summary>
    public static KeyGlob? TryCompile(string? pattern, out string? error)
    {
        error = Translate(pattern, out var regex);
        if (error is not null) return null;
        try
        {
            return new KeyGlob(pattern!, new Regex(regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException)
        {
            // A range written backwards ("[z-a]").
            error = "a character class has a range written backwards";
            return null;
        }
    }

    private static string? Translate(string? pattern, out string regex)
    {
        regex = "";
        if (string.IsNullOrEmpty(pattern)) return "a pattern must not be empty";
        if (pattern.Length > MaxLength) return $"a pattern must be at most {MaxLength} characters";
        var text = new StringBuilder(pattern.StartsWith('/') ? "^" : "(?:^|/)");
        var inAlternatives = false;
        for (var i = pattern.StartsWith('/') ? 1 : 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    text.Append(".*");
                    i++;
                    break;
                case '*':
                    text.Append("[^/]*");
                    break;
                case '?':
                    text.Append("[^/]");
                    break;
                case '[':
                    var end = ClassEnd(pattern, i);
                    if (end < 0) return $"'[' at position {i + 1} is not closed by ']'";
                    text.Append(CharacterClass(pattern[(i + 1)..end]));
                    i = end;
                    break;
                case '{' when inAlternatives:
                    return $"'{{' at position {i + 1} is inside another '{{...}}'";
                case '{':
                    inAlternatives = true;
                    text.Append("(?:");
                    break;
                case ',' when inAlternatives:
                    text.Append('|');
                    break;
                case '}' when inAlternatives:
                    inAlternatives = false;
                    text.Append(')');
                    break;
                case '}':
                    return $"'}}' at position {i + 1} closes no '{{'";
                case '\\':
                    if (i + 1 == pattern.Length) return "a pattern must not end with '\\'";
                    text.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    text.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (inAlternatives) return "'{' is not closed by '}'";
        regex = text.Append('$').ToString();
        return null;
    }

    /// <summary>The index of the ']' closing the class opened at <paramref name="open"/> (a ']' right after '[' or
    /// '[!' is a member), or -1.</summary>
    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') i++;
            else if (pattern[i] == ']') return i;
        }
        return -1;
    }

    private static string CharacterClass(string members)
    {
        var text = new StringBuilder("[");
        var first = 0;
        if (members.Length > 0 && members[0] is '!' or '^')
        {
            // A negated class never matches the separator, as '?' does not.
            text.Append("^/");
            first = 1;
        }
        for (var i = first; i < members.Length; i++)
        {
            var c = members[i];
            if (c == '\\' && i + 1 < members.Length) c = members[++i];
            else if (c == '-' && i > first && i + 1 < members.Length)
            {
                text.Append('-');
                continue;
            }
            text.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
        }
        return text.Append(']').ToString();
    }
}
