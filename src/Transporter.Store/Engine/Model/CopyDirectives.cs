namespace Transporter.Store.Engine.Model;

/// <summary>How a copy takes the source's attributes: copied (null) or replaced by the given ones.</summary>
/// <param name="ReplaceHeaders">x-amz-metadata-directive: REPLACE with these headers; null = COPY.</param>
/// <param name="ReplaceTags">x-amz-tagging-directive: REPLACE with these tags; null = COPY.</param>
public sealed record CopyDirectives(ObjectHeaders? ReplaceHeaders, TagSet? ReplaceTags);
