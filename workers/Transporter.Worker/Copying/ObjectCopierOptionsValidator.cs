using Microsoft.Extensions.Options;

namespace Transporter.Worker.Copying;

/// <summary>Stops the host at start-up with every problem of the copier's settings named.</summary>
internal sealed class ObjectCopierOptionsValidator : IValidateOptions<ObjectCopierOptions>
{
    public ValidateOptionsResult Validate(string? name, ObjectCopierOptions options) =>
        options.Validate() is { Count: > 0 } errors
            ? ValidateOptionsResult.Fail(errors.Select(e => $"{ObjectCopierOptions.Section}: {e}"))
            : ValidateOptionsResult.Success;
}
