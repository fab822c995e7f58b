using HitBot.Core.Storage;

namespace HitBot.Bench;

/// <summary>The size of the host's LiteDB file once its log is written into it, so growth is measured in the data file alone.</summary>
static class BenchFile
{
    public static long Size(BenchHost host)
    {
        var db = host.Get<HitBotDb>();
        db.Checkpoint();
        return new FileInfo(db.FilePath).Length;
    }
}
