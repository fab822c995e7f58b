using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;

namespace HitBot.Core.Feedback;

/// <summary>
/// The chat an anonymous item came from, kept sealed under the anonymity key (AES-GCM, a key derived from it), as
/// anonymous survey answers are keyed: the file alone, or a backup of it, no longer says whose chat wrote what. HitBot
/// opens it only to deliver a reply. A keyed hash of the chat (<see cref="KeyOf(ChannelAddress)"/>) recognises the
/// writer's second press of a button and finds their items when they are erased.
/// </summary>
/// <remarks>
/// Without the key file this database was used with (moved or restored without it), a sealed chat cannot be opened:
/// replies to those items are refused as having no chat to answer in, as for a writer who was erased.
/// </remarks>
public sealed class ReplyAddressSeal(AnonymityKey anonymityKey)
{
    static readonly byte[] Purpose = Encoding.UTF8.GetBytes("hitbot: feedback reply address");
    const int NonceBytes = 12;
    const int TagBytes = 16;

    /// <summary>
    /// The item as it is stored: an anonymous one's chat sealed, without the name and Entra id Teams sent with the message
    /// (an item stored before HitBot dropped them loses them as it is sealed at the start); any other's as it was.
    /// </summary>
    public FeedbackItem Sealed(FeedbackItem item) => item is { Anonymous: true, ReplyTo: { } to }
        ? item with { ReplyTo = null, SealedReplyTo = Seal(to with { DisplayName = null, AadObjectId = null }), ReplyToKey = KeyOf(to) }
        : item;

    /// <summary>The chat a reply goes to: in clear for a named item or an offer, opened for an anonymous one; null when there is none or it cannot be opened.</summary>
    public ChannelAddress? AddressOf(FeedbackItem item) => item.ReplyTo ?? (item.SealedReplyTo is { } box ? Open(box) : null);

    /// <summary>True when <paramref name="from"/> is the chat the item came from.</summary>
    public bool CameFrom(FeedbackItem item, ChannelAddress from) =>
        item.ReplyTo is { } to ? to.PersonKey() == from.PersonKey() : item.ReplyToKey is { } key && key == KeyOf(from);

    public string KeyOf(ChannelAddress address) => KeyOfChat(address.PersonKey());

    /// <summary>The keyed hash of a chat given by its <see cref="ChannelAddress.PersonKey"/> (an erasure's chat keys).</summary>
    public string KeyOfChat(string personKey) => anonymityKey.Keyed("feedback reply address\n" + personKey);

    string Seal(ChannelAddress address)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(address);
        var box = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = box.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(), TagBytes);
        aes.Encrypt(nonce, plain, box.AsSpan(NonceBytes, plain.Length), box.AsSpan(NonceBytes + plain.Length));
        return Convert.ToBase64String(box);
    }

    ChannelAddress? Open(string sealedAddress)
    {
        try
        {
            var box = Convert.FromBase64String(sealedAddress);
            if (box.Length <= NonceBytes + TagBytes) return null;
            var plain = new byte[box.Length - NonceBytes - TagBytes];
            using var aes = new AesGcm(Key(), TagBytes);
            aes.Decrypt(box.AsSpan(0, NonceBytes), box.AsSpan(NonceBytes, plain.Length), box.AsSpan(NonceBytes + plain.Length), plain);
            return JsonSerializer.Deserialize<ChannelAddress>(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            // Another key (the file moved without its key) or a damaged value: there is no chat to answer in.
            return null;
        }
    }

    byte[] Key() => HKDF.DeriveKey(HashAlgorithmName.SHA256, anonymityKey.Value, 32, info: Purpose);
}
