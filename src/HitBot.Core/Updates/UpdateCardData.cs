namespace HitBot.Core.Updates;

/// <summary>The data of "Helpful" and "Not helpful" under an update.</summary>
public sealed record UpdateReactionData(string Update, string Reaction);

/// <summary>The data of the compose card's "Send to N people", "Send me a test" and "Cancel": which draft.</summary>
public sealed record UpdateDraftData(string Update);

/// <summary>The data of the compose form's "Check audience": the form's token, which makes the draft's id (one draft per form).</summary>
public sealed record UpdateComposeData(string Token);
