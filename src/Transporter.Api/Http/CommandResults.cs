using Transporter.Api.Migrations.Commands;

namespace Transporter.Api.Http;

/// <summary>The API's answer to a <see cref="CommandOutcome"/>.</summary>
public static class CommandResults
{
    /// <summary><paramref name="done"/> when the command was carried out, else 404, 400 or 409 with the reason.</summary>
    public static IResult From(CommandOutcome outcome, IResult done) => outcome.Status switch
    {
        CommandStatus.Done => done,
        CommandStatus.NotFound => ApiResults.Error(StatusCodes.Status404NotFound, "not found", outcome.Message!),
        CommandStatus.Conflict => ApiResults.Error(StatusCodes.Status409Conflict, "conflict", outcome.Message!),
        _ => ApiResults.BadRequest(outcome.Message!),
    };
}
