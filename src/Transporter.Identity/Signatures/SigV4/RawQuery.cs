namespace Transporter.Identity.Signatures.SigV4;

/// <summary>A query string split into its parameters, names and values still percent-encoded as sent.</summary>
internal sealed class RawQuery
{
    public static readonly RawQuery Empty = new([]);

    private RawQuery(Parameter[] parameters) => Parameters = parameters;

    public Parameter[] Parameters { get; }

    public static RawQuery Parse(string query)
    {
        if (query.Length == 0) return Empty;
        var count = 1;
        foreach (var c in query) if (c == '&') count++;
        var parameters = new List<Parameter>(count);
        var start = 0;
        while (start <= query.Length)
        {
            var end = query.IndexOf('&', start);
            if (end < 0) end = query.Length;
            if (end > start)
            {
                var eq = query.IndexOf('=', start, end - start);
                parameters.Add(eq < 0
                    ? new Parameter(query[start..end], "", false)
                    : new Parameter(query[start..eq], query[(eq + 1)..end], true));
            }
            start = end + 1;
        }
        return new RawQuery([.. parameters]);
    }

    /// <summary>The decoded value of the first parameter named <paramref name="name"/> (names compared as sent).</summary>
    public string? Get(string name)
    {
        foreach (var p in Parameters)
            if (string.Equals(p.RawName, name, StringComparison.Ordinal)) return AwsUriEncoding.Decode(p.RawValue);
        return null;
    }

    public bool Contains(string name)
    {
        foreach (var p in Parameters)
            if (string.Equals(p.RawName, name, StringComparison.Ordinal)) return true;
        return false;
    }

    internal readonly record struct Parameter(string RawName, string RawValue, bool HasEquals);
}
