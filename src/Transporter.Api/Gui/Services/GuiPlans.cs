using Transporter.Api.Access;
using Transporter.Api.Gui.Auth;
using Transporter.Api.Migrations.Commands;
using Transporter.Api.Migrations.Contracts;
using Transporter.Api.Plans;
using Transporter.Core.Endpoints;
using Transporter.Core.Filters;
using Transporter.Core.Migrations;
using Transporter.Core.Plans;
using Transporter.Core.Plans.Persistence;
using Transporter.Identity;
using Transporter.Worker.Plans;

namespace Transporter.Api.Gui.Services;

/// <summary>
/// Migration plans as the signed-in user sees them, over the same repository, scanner and migration creation as the
/// plan API: create (the scan starts in the background), list, read, abort, and start a migration or sync from a plan;
/// creating, aborting and starting need the API's transporter:* actions (CreatePlan, AbortPlan, CreateMigration).
/// </summary>
public sealed class GuiPlans(PlanRepository plans, MigrationCreator creator, PlanEstimates estimates, TransporterAuthorizer authorizer,
    IServiceProvider services)
{
    /// <summary>The plan's time and cost estimate, as GET /plans/:id gives it; null for a failed or aborted plan.</summary>
    public async Task<Core.Plans.Estimates.PlanEstimate?> GetEstimateAsync(Plan plan, CancellationToken ct) =>
        plan.Status is PlanStatus.Failed or PlanStatus.Aborted ? null : await estimates.EstimateAsync(plan, ct);

    /// <exception cref="ReadRefusedException">transporter:ListPlans is not allowed.</exception>
    public async Task<IReadOnlyList<Plan>> ListAsync(Caller caller, CancellationToken ct)
    {
        await authorizer.RefuseReadAsync(caller, TransporterActions.ListPlans, TransporterResources.AllOf(TransporterResources.Plan), ct);
        return await plans.ListOwnedAsync(caller.ToOwner(), ct);
    }

    /// <exception cref="ReadRefusedException">transporter:GetPlan is not allowed on it.</exception>
    public async Task<Plan?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await authorizer.RefuseReadAsync(caller, TransporterActions.GetPlan, TransporterResources.Of(TransporterResources.Plan, id.ToString("D")), ct);
        return await plans.GetOwnedAsync(id, caller.ToOwner(), ct);
    }

    public Task<IReadOnlyList<string>> GetErrorsAsync(Guid id, CancellationToken ct) => plans.GetErrorsAsync(id, ct);

    public async Task<IReadOnlyList<AssociatedMigration>> GetMigrationsAsync(Plan plan, CancellationToken ct) =>
        (await plans.GetAssociatedMigrationsAsync([plan], ct))[plan.Id];

    /// <summary>Stores the caller's plan and wakes the scanner; the errors are "source: ..." / "destination: ..." /
    /// "filters...: ..." like a migration's.</summary>
    public async Task<(Plan? Created, IReadOnlyList<string> Errors)> CreateAsync(Caller caller, EndpointConfig source, EndpointConfig destination,
        bool sync, string syncMode, ObjectFilter? filters, CancellationToken ct)
    {
        if (await authorizer.RefusalAsync(caller, TransporterActions.CreatePlan, TransporterResources.AllOf(TransporterResources.Plan), null, ct) is { } refusal)
            return (null, [refusal]);
        var errors = new List<string>();
        errors.AddRange(source.Validate(EndpointRole.Source).Select(e => "source: " + e));
        errors.AddRange(destination.Validate(EndpointRole.Destination).Select(e => "destination: " + e));
        if (filters is not null) errors.AddRange(filters.Validate());
        if (errors.Count > 0) return (null, errors);
        var plan = new Plan
        {
            Id = Guid.NewGuid(),
            Root = caller.Root,
            UserName = caller.UserName,
            Sync = sync,
            SyncMode = sync ? syncMode : SyncMode.Simple,
            Source = source.WithoutSecrets(),
            Destination = destination.WithoutSecrets(),
            Filters = filters is { IsEmpty: false } ? filters : null,
        };
        await plans.CreateAsync(plan, new EndpointPair(source, destination), ct);
        // The embedded platform scans in this process: start now rather than at the scanner's next poll.
        services.GetService<PlanScanService>()?.Wake();
        return (plan, []);
    }

    public async Task<ActionOutcome> AbortAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await authorizer.RefusalAsync(caller, TransporterActions.AbortPlan, TransporterResources.Of(TransporterResources.Plan, id.ToString("D")), null, ct)
            is { } refusal)
            return ActionOutcome.Refused(refusal);
        if (await GetAsync(caller, id, ct) is null) return ActionOutcome.Refused("This plan does not exist (or is not yours).");
        return await plans.AbortAsync(id, ct) switch
        {
            (true, _) => ActionOutcome.Done("Plan aborted."),
            (false, var status) => ActionOutcome.Refused($"The plan has already ended ({status})."),
            null => ActionOutcome.Refused("This plan does not exist (or is not yours)."),
        };
    }

    /// <summary>A migration (regular plan) or sync (sync plan) with the plan's endpoints, skipVerify and filters, associated with it.</summary>
    public async Task<MigrationCreation> StartAsync(Caller caller, Guid id, long bandwidthLimit, bool enableStatistics, CancellationToken ct)
    {
        if (await authorizer.RefusalAsync(caller, TransporterActions.CreateMigration, TransporterResources.AllOf(TransporterResources.Migration), null, ct)
            is { } refusal)
            return new MigrationCreation(null, [refusal]);
        if (await GetAsync(caller, id, ct) is not { } plan || await plans.GetEndpointsAsync(id, ct) is not { } endpoints)
            return new MigrationCreation(null, ["This plan does not exist (or is not yours)."]);
        var request = new MigrationRequest
        {
            Source = endpoints.Source,
            Destination = endpoints.Destination,
            SkipVerify = plan.SkipVerify,
            EnableStatistics = enableStatistics,
            Filters = plan.Filters,
        };
        return await creator.CreateAsync(caller, request, plan.Sync ? MigrationKind.Sync : MigrationKind.Migration, plan.Sync ? plan.SyncMode : null,
            bandwidthLimit, ct, planId: plan.Id);
    }
}
