// Draws the exact JSON HitBot sends (an Adaptive Card activity for Teams, a Block Kit message for Slack) the way each
// app shows it, for the element types HitBot uses. Built from DOM nodes, never innerHTML: update text is user input.
// Images are shown as a labelled box, not loaded: the dashboard makes no request to other hosts.
"use strict";
window.HitBotCards = (() => {
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // Slack's mrkdwn carries &, < and > as entities (protocols.md §8.3), and Slack shows the characters.
  const entities = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  // Teams reads CommonMark's backslash escapes (HitBot escapes typed brackets so they make no link): "\[" shows as "[".
  const unescape = (s) => s.replace(/\\([!-\/:-@[-`{-~])/g, "$1");

  // Inline marks of one line. Teams: **bold**, _italic_, [text](url). Slack: *bold*, _italic_, ~strike~, `code`,
  // <url|text> and <url>.
  function inline(parent, text, slack) {
    const pattern = slack
      ? /(?<code>`[^`\n]+`)|<(?<url>(?:https?|mailto):[^|>\s]+)(?:\|(?<label>[^>]+))?>|(?<bold>\*[^*\n]+\*)|(?<em>_[^_\n]+_)|(?<strike>~[^~\n]+~)/g
      : /(?<bold>\*\*[^*\n]+\*\*)|(?<em>_[^_\n]+_)|(?<!\\)\[(?<label>[^\]]+)\]\((?<url>(?:https?|mailto):[^)\s]+)\)/g;
    const words = (s) => slack ? entities(s) : unescape(s);
    const inner = (s, marker) => words(s.slice(marker, -marker));
    let last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) parent.append(words(text.slice(last, match.index)));
      const g = match.groups;
      if (g.bold) parent.append(el("strong", null, inner(g.bold, slack ? 1 : 2)));
      else if (g.em) parent.append(el("em", null, inner(g.em, 1)));
      else if (g.strike) parent.append(el("s", null, inner(g.strike, 1)));
      else if (g.code) parent.append(el("code", null, inner(g.code, 1)));
      else {
        const href = slack ? entities(g.url) : g.url;
        const a = el("a", null, g.label ? words(g.label) : href.replace(/^mailto:/, ""));
        a.href = href;
        a.target = "_blank"; a.rel = "noopener noreferrer";
        parent.append(a);
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.append(words(text.slice(last)));
  }

  // Paragraphs and bullet lists ("- " in Teams Markdown, "• " in Slack mrkdwn); in Slack also "> " quotes and ``` code.
  function markdown(parent, text, slack) {
    let list = null, code = null;
    for (const line of String(text ?? "").split(/\r\n|\r|\n/)) {
      if (slack && line.trim().startsWith("```")) {
        if (code) { code = null; continue; }
        code = el("pre"); parent.append(code); list = null;
        continue;
      }
      if (code) { code.append(entities(line) + "\n"); continue; }
      const bullet = /^\s*(?:[-*•◦])\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) { list = el("ul"); parent.append(list); }
        const li = el("li"); inline(li, bullet[1], slack); list.append(li);
        continue;
      }
      list = null;
      if (line.trim() === "") continue;
      const quote = slack ? /^> ?(.*)$/.exec(line) : null;
      const p = el(quote ? "blockquote" : "div"); inline(p, quote ? quote[1] : line, slack); parent.append(p);
    }
  }

  function imageBox(url, alt) {
    return el("div", "image-placeholder", `Image: ${alt || ""} (${url})`);
  }

  // ---- Teams ------------------------------------------------------------------------------------------------
  function teamsElement(item) {
    switch (item.type) {
      case "TextBlock": {
        const cls = ["tb"];
        if (item.size === "Large" || item.size === "ExtraLarge") cls.push("large");
        if (item.weight === "Bolder") cls.push("bolder");
        if (item.isSubtle) cls.push("subtle");
        const node = el("div", cls.join(" "));
        markdown(node, item.text, false);
        return node;
      }
      case "Image": return imageBox(item.url, item.altText);
      case "FactSet": {
        const node = el("div", "facts");
        // Teams shows a fact's backslash-escaped brackets (HitBot escapes them so typed text makes no link) as plain brackets.
        const plain = (s) => String(s ?? "").replace(/\\([\\[\]])/g, "$1");
        for (const fact of item.facts ?? []) { node.append(el("strong", null, plain(fact.title)), el("span", null, plain(fact.value))); }
        return node;
      }
      case "Container": case "Column": {
        const node = el("div");
        for (const child of item.items ?? []) node.append(teamsElement(child));
        return node;
      }
      case "ColumnSet": {
        const node = el("div", "facts");
        for (const column of item.columns ?? []) node.append(teamsElement(column));
        return node;
      }
      case "ActionSet": {
        const node = el("div");
        for (const action of item.actions ?? []) node.append(el("span", "ac-btn", action.title));
        return node;
      }
      case "Input.Text": case "Input.ChoiceSet": case "Input.Date": {
        const node = el("div", "tb");
        node.append(el("div", "tb subtle", item.label ?? item.placeholder ?? item.id));
        const input = el("input"); input.type = "text"; input.disabled = true; input.placeholder = item.placeholder ?? "";
        node.append(input);
        return node;
      }
      default: return el("div", "tb subtle", `(${item.type})`);
    }
  }

  function teams(activity, target) {
    target.replaceChildren();
    const card = activity?.attachments?.[0]?.content;
    const frame = el("div", "teams-card");
    if (!card) { frame.append(el("div", "tb", activity?.text ?? "")); target.append(frame); return; }
    for (const item of card.body ?? []) frame.append(teamsElement(item));
    const actions = el("div");
    for (const action of card.actions ?? []) actions.append(el("span", "ac-btn", action.title));
    frame.append(actions);
    target.append(frame);
    if (activity.summary) target.append(el("div", "muted small", `Notification: ${activity.summary}`));
  }

  // ---- Slack ------------------------------------------------------------------------------------------------
  const slackText = (node, obj) => obj?.type === "mrkdwn" ? markdown(node, obj.text, true) : node.append(obj?.text ?? "");

  function slackButton(button) {
    return el("span", "sk-btn" + (button.style === "primary" ? " primary" : ""), button.text?.text ?? "");
  }

  function slackBlock(block) {
    switch (block.type) {
      case "header": return el("div", "sk-header", block.text?.text ?? "");
      case "image": return imageBox(block.image_url, block.alt_text);
      case "divider": return el("hr");
      case "section": {
        const node = el("div", "sk-section");
        if (block.text) slackText(node, block.text);
        for (const field of block.fields ?? []) { const f = el("div"); slackText(f, field); node.append(f); }
        if (block.accessory?.type === "button") node.append(slackButton(block.accessory));
        return node;
      }
      case "context": {
        const node = el("div", "sk-context");
        for (const part of block.elements ?? []) { const span = el("span"); slackText(span, part); node.append(span, " "); }
        return node;
      }
      case "actions": {
        const node = el("div");
        for (const element of block.elements ?? []) node.append(element.type === "button" ? slackButton(element) : el("span", "sk-btn", element.type));
        return node;
      }
      default: return el("div", "sk-context", `(${block.type})`);
    }
  }

  function slack(message, target) {
    target.replaceChildren();
    const frame = el("div", "slack-msg");
    for (const block of message?.blocks ?? []) frame.append(slackBlock(block));
    target.append(frame);
    if (message?.text) target.append(el("div", "muted small", `Notification: ${message.text}`));
  }

  return { teams, slack };
})();
