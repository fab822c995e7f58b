using HitBot.Core.Storage;

namespace HitBot.Core.Erasure;

/// <summary>The erasures under way (<see cref="ErasureUnderWay"/>): a handful at most, none once they are finished.</summary>
public sealed class ErasureStore(HitBotDb db)
{
    public const string Collection = "erasures";

    LiteDB.ILiteCollection<ErasureUnderWay> Records => db.Collection<ErasureUnderWay>(Collection);

    public void Save(ErasureUnderWay record) => Records.Upsert(record);

    public ErasureUnderWay? Find(string personId) => Records.FindById(personId);

    public List<ErasureUnderWay> All() => [.. Records.FindAll()];

    public bool Delete(string personId) => Records.Delete(personId);
}
