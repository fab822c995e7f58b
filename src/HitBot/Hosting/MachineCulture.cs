using System.Globalization;

namespace HitBot.Hosting;

/// <summary>
/// The server's language and region are not the program's. Left to them, a Turkish or German machine showed "1.000
/// characters" where a US one shows "1,000", sorted names by its own rules, and LiteDB named the indexes it builds from
/// a lambda by them ("SeriesId" became "Seriesd" on a Turkish machine). Every thread that does not set its own culture
/// uses the invariant one instead, so people read the same text on every machine and in a container without ICU.
/// Times are in the program's zone (HitBot:Program:TimeZone), never the machine's.
/// </summary>
static class MachineCulture
{
    /// <summary>Called first in Program.cs, before any text is made or the database is opened.</summary>
    public static void Ignore()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
    }
}
