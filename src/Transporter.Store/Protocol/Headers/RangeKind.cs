namespace Transporter.Store.Protocol.Headers;

/// <summary>Whether a Range header applies: absent or ignored (whole object), a range to send, or 416.</summary>
internal enum RangeKind
{
    None,
    Satisfiable,
    Unsatisfiable,
}
