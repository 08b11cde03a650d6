namespace Transporter.Store.Engine.Model;

/// <summary>A bucket's versioning: never configured, Enabled, or Suspended (new writes become the "null" version).</summary>
public enum VersioningState
{
    Unversioned,
    Enabled,
    Suspended,
}
