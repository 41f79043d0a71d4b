// The chat page. Everything from the server (article text, answers, notes) is put in the page with
// textContent, never parsed as HTML: article text is data, and a <script> in an article stays text.
"use strict";

const $ = (id) => document.getElementById(id);
const articles = new Map(); // id -> {title, outlet, published}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function headers(extra = {}) {
  const key = $("api-key").value.trim();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function errorText(response) {
  try {
    const body = await response.json();
    return body.error + (body.details ? `: ${body.details.join("; ")}` : "");
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

// -- citations ---------------------------------------------------------------------------------
function showCitation(citation) {
  const article = articles.get(citation.article_id) || {};
  $("details-hint").hidden = true;
  $("citation").hidden = false;
  $("citation-quote").textContent = citation.quote;
  $("citation-article").textContent = article.title ? `${article.title} (${citation.article_id})` : citation.article_id;
  $("citation-outlet").textContent = article.outlet || "unknown";
  $("citation-published").textContent = article.published || "unknown";
  $("citation-sentence").textContent = citation.sentence_id;
  $("citation-support").textContent = `${citation.support.toFixed(2)} (P(supported): how strongly this source supports the sentence, 0-1)`;
}

// Numbers citations by first use within one answer, as the chat API does.
function citationNumbers() {
  const seen = new Map();
  return (citation) => {
    if (!seen.has(citation.sentence_id)) seen.set(citation.sentence_id, seen.size + 1);
    return seen.get(citation.sentence_id);
  };
}

function renderSentence(sentence, number) {
  const span = el("span", `sentence ${sentence.verified ? "verified" : "unverified"}`);
  if (!sentence.verified) {
    span.append(el("span", "badge", "unverified"));
    span.title = sentence.note || "not supported by the cited sources";
  }
  span.append(el("span", "text", sentence.text));
  for (const citation of sentence.citations) {
    const button = el("button", "cite", `[${number(citation)}]`);
    button.type = "button";
    button.title = citation.quote;
    button.addEventListener("click", () => showCitation(citation));
    span.append(button);
  }
  span.append(" ");
  return span;
}

function renderResult(container, result) {
  container.replaceChildren();
  const number = citationNumbers();
  if (result.abstained) container.append(el("p", "abstain", result.answer));
  const body = el("p", "sentences");
  for (const sentence of result.sentences) body.append(renderSentence(sentence, number));
  if (result.sentences.length) container.append(body);
  const timings = Object.entries(result.timings || {}).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ");
  container.append(el("p", "meta", `${result.model} · ${result.prompt_version}${timings ? ` · ${timings} ms` : ""}`
    + (result.cached ? " · cached" : "")));
}

// -- asking, streamed ----------------------------------------------------------------------------
async function* serverSentEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      yield { event, data: data ? JSON.parse(data) : null };
    }
  }
}

async function ask(question) {
  const turn = el("article", "turn");
  turn.append(el("p", "question", question));
  const answer = el("div", "answer");
  const draft = el("p", "draft");
  draft.append(el("span", "badge", "draft, not yet checked"), el("span", "draft-text"));
  const checked = el("p", "sentences");
  answer.append(draft, checked);
  turn.append(answer);
  $("log").append(turn);
  turn.scrollIntoView({ block: "end" });

  const response = await fetch("/v1/ask", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify({ question, stream: true }),
  });
  if (!response.ok) {
    answer.replaceChildren(el("p", "error", await errorText(response)));
    return;
  }
  const number = citationNumbers();
  for await (const { event, data } of serverSentEvents(response)) {
    if (event === "token") draft.lastChild.textContent += data.text;
    else if (event === "sentence") checked.append(renderSentence(data, number));
    else if (event === "result") renderResult(answer, data);
    else if (event === "error") answer.replaceChildren(el("p", "error", data.error));
  }
}

// -- articles and summaries ---------------------------------------------------------------------
async function loadArticles() {
  const response = await fetch("/v1/articles", { headers: headers() });
  if (!response.ok) {
    $("article-list").replaceChildren(el("li", "error", await errorText(response)));
    return;
  }
  const list = $("article-list");
  list.replaceChildren();
  for (const a of await response.json()) {
    articles.set(a.id, a);
    const button = el("button", "article");
    button.type = "button";
    button.dataset.id = a.id;
    button.append(el("span", "title", a.title || a.id), el("span", "byline", [a.outlet, a.published].filter(Boolean).join(", ")));
    button.addEventListener("click", () => summarize(a));
    const item = el("li");
    item.append(button);
    list.append(item);
  }
}

async function summarize(article) {
  const turn = el("article", "turn summary");
  turn.append(el("p", "question", `Summary: ${article.title || article.id}`));
  const answer = el("div", "answer");
  answer.append(el("p", "pending", "Writing the summary (cached summaries come back at once)…"));
  turn.append(answer);
  $("log").append(turn);
  turn.scrollIntoView({ block: "end" });
  const response = await fetch(`/v1/articles/${encodeURIComponent(article.id)}/summary`, { headers: headers() });
  if (!response.ok) {
    answer.replaceChildren(el("p", "error", await errorText(response)));
    return;
  }
  renderResult(answer, await response.json());
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question) return;
    $("question").value = "";
    $("ask-button").disabled = true;
    try {
      await ask(question);
    } catch (e) {
      $("log").append(el("p", "error", `The request failed: ${e.message}`));
    } finally {
      $("ask-button").disabled = false;
    }
  });
  $("api-key").addEventListener("change", loadArticles);
  loadArticles();
});
