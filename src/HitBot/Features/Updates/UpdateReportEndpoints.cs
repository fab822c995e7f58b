using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Features.Updates;

/// <summary>An update's delivery report as a CSV download (who, chat, state, failure class, time).</summary>
public static class UpdateReportEndpoints
{
    public static RouteGroupBuilder MapUpdateReportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/updates/{id}/deliveries.csv", Export);
        return admin;
    }

    static IResult Export(string id, UpdateStore updates, OutboxStore outbox, PeopleDirectory directory, Core.ProgramClock clock)
    {
        if (updates.Find(id) is not { } update)
            return TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound);
        var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var (edits, recalls) = UpdateFollowUps.Rows(update, outbox);
        DeliveryReportCsv.Write(outbox.ForCampaign(update.Campaign), directory, clock.Zone, writer, edits, recalls, update);
        return CsvDownload.File(writer.ToString(), $"update-{update.Id}-deliveries.csv");
    }
}
