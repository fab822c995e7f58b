using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;
using LiteDB;

namespace HitBot.Tests;

/// <summary>
/// Anonymous feedback stored before its chat was sealed: the first start of this version seals it, before anyone can take
/// a backup, and a reply still reaches the writer.
/// </summary>
public sealed class AnonymousFeedbackSealAtStartTests : IDisposable
{
    static readonly ChannelAddress MayaChat = new() { Channel = ChannelKind.Teams, UserId = "29:maya-chat", ConversationId = "a:maya-conversation" };
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (DirectoryNotFoundException) { }
        File.Delete(folder + ".anonymity.key");
    }

    [Fact]
    public void The_start_seals_the_chat_an_older_version_kept_in_clear()
    {
        string itemId;
        using (var before = new HitBotApp(folder: folder))
            itemId = before.Get<FeedbackInbox>().Submit("fb-1", "My site lead is never there.", anonymous: true, "maya", MayaChat, updateId: null).Id;
        // As an older HitBot kept it: the chat in clear.
        using (var raw = new LiteDatabase(new ConnectionString { Filename = Path.Combine(folder, "hitbot.db"), Connection = ConnectionType.Direct }))
        {
            var feedback = raw.GetCollection(FeedbackStore.Collection);
            var stored = feedback.FindById(itemId);
            stored[nameof(FeedbackItem.ReplyTo)] = BsonMapper.Global.ToDocument(MayaChat);
            stored.Remove(nameof(FeedbackItem.SealedReplyTo));
            stored.Remove(nameof(FeedbackItem.ReplyToKey));
            feedback.Update(stored);
        }

        using var after = new HitBotApp(folder: folder);
        var item = after.Get<FeedbackStore>().Find(itemId)!;

        Assert.Null(item.ReplyTo);
        Assert.NotNull(item.SealedReplyTo);
        Assert.Equal(MayaChat, after.Get<ReplyAddressSeal>().AddressOf(item));
    }
}
