/*
 * Kokka chat widget: add it to any page with one tag
 *   <script src="https://HOST/widget.js" data-language="fi" defer></script>
 * Optional attributes: data-api (API base URL, default: where this script comes from),
 * data-title, data-color (accent colour), data-topic (a knowledge topic id for context).
 *
 * Isolated in a Shadow DOM; no framework, no build step. Everything the server sends is
 * rendered as text nodes: light formatting (paragraphs, **bold**, _italic_, lists, links) is
 * parsed here and built with DOM calls, never by parsing HTML strings.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__kokkaWidget) return;
  window.__kokkaWidget = true;

  var LANGS = ["fi", "sv", "en"];
  var STORE_KEY = "kokka-widget:v1";
  var MAX_STORED = 200;
  var API = (script.getAttribute("data-api") || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var TOPIC = /^[a-z0-9_]{1,64}$/.test(script.getAttribute("data-topic") || "") ? script.getAttribute("data-topic") : null;
  var COLOR = script.getAttribute("data-color");

  var T = {
    fi: {
      title: "Rekrytointiopas", open: "(avaa chat)", close: "Sulje chat",
      input: "Kirjoita kysymys", send: "Lähetä", placeholder: "Kirjoita kysymyksesi",
      typing: "Avustaja kirjoittaa…", you: "Sinä", bot: "Avustaja", sources: "Lähteet", reviewed: "Tarkistettu",
      error: "Yhteys palvelimeen ei onnistunut.", retry: "Yritä uudelleen", reset: "Uusi keskustelu",
      download: "Lataa keskustelu", helpful: "Oliko vastauksesta apua?", up: "Hyödyllinen", down: "Ei hyödyllinen",
      comment: "Mikä vastauksessa oli vialla? (vapaaehtoinen)", sendFeedback: "Lähetä palaute",
      thanks: "Kiitos palautteesta!", feedbackError: "Palautetta ei voitu tallentaa.", language: "Kieli",
      privacyTitle: "Tietosuoja",
      privacy: "Viestisi tallennetaan palvelimelle palvelun parantamista varten enintään 180 päiväksi, ja keskustelu säilyy tässä selaimessa, kunnes aloitat uuden. Älä kirjoita henkilötunnuksia tai muita arkaluonteisia tietoja. Vastaukset ovat yleistä ohjausta, eivät viranomaisen päätöksiä.",
      welcome: "Hei! Autan kansainvälisessä rekrytoinnissa: luvat, työsopimukset, kustannukset ja Suomeen asettuminen. Kirjoita suomeksi, ruotsiksi tai englanniksi.",
      file: "Keskustelu rekrytointioppaan kanssa", newMessages: "Uusi viesti"
    },
    sv: {
      title: "Rekryteringsguide", open: "(öppna chatten)", close: "Stäng chatten",
      input: "Skriv en fråga", send: "Skicka", placeholder: "Skriv din fråga",
      typing: "Assistenten skriver…", you: "Du", bot: "Assistent", sources: "Källor", reviewed: "Granskad",
      error: "Det gick inte att nå servern.", retry: "Försök igen", reset: "Ny konversation",
      download: "Ladda ner konversationen", helpful: "Hade du nytta av svaret?", up: "Till nytta", down: "Inte till nytta",
      comment: "Vad var fel med svaret? (frivilligt)", sendFeedback: "Skicka respons",
      thanks: "Tack för responsen!", feedbackError: "Responsen kunde inte sparas.", language: "Språk",
      privacyTitle: "Dataskydd",
      privacy: "Dina meddelanden sparas på servern i högst 180 dagar för att förbättra tjänsten, och konversationen finns kvar i den här webbläsaren tills du börjar en ny. Skriv inte personbeteckningar eller andra känsliga uppgifter. Svaren är allmän vägledning, inte myndighetsbeslut.",
      welcome: "Hej! Jag hjälper till med internationell rekrytering: tillstånd, arbetsavtal, kostnader och att bosätta sig i Finland. Skriv på finska, svenska eller engelska.",
      file: "Konversation med rekryteringsguiden", newMessages: "Nytt meddelande"
    },
    en: {
      title: "Recruitment guide", open: "(open the chat)", close: "Close chat",
      input: "Type a question", send: "Send", placeholder: "Type your question",
      typing: "The assistant is typing…", you: "You", bot: "Assistant", sources: "Sources", reviewed: "Reviewed",
      error: "Could not reach the server.", retry: "Try again", reset: "New conversation",
      download: "Download conversation", helpful: "Was this answer helpful?", up: "Helpful", down: "Not helpful",
      comment: "What was wrong with the answer? (optional)", sendFeedback: "Send feedback",
      thanks: "Thank you for the feedback!", feedbackError: "The feedback could not be saved.", language: "Language",
      privacyTitle: "Privacy",
      privacy: "Your messages are stored on the server for at most 180 days to improve the service, and the conversation stays in this browser until you start a new one. Please do not type personal identity codes or other sensitive details. The answers are general guidance, not decisions of an authority.",
      welcome: "Hello! I help with international recruitment: permits, employment contracts, costs and settling in Finland. Write in Finnish, Swedish or English.",
      file: "Conversation with the recruitment guide", newMessages: "New message"
    }
  };

  // --- state -----------------------------------------------------------------------------
  function pickLanguage() {
    var attr = (script.getAttribute("data-language") || document.documentElement.lang || "").slice(0, 2).toLowerCase();
    return LANGS.indexOf(attr) >= 0 ? attr : "en";
  }

  function newSessionId() {
    var bytes = new Uint8Array(12);
    (window.crypto || {}).getRandomValues ? window.crypto.getRandomValues(bytes) : bytes.forEach(function (_, i) { bytes[i] = Math.random() * 256; });
    return "w-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return null;
  }

  var state = load() || { sessionId: newSessionId(), language: pickLanguage(), messages: [], open: false };
  if (LANGS.indexOf(state.language) < 0) state.language = pickLanguage();

  function save() {
    try {
      state.messages = state.messages.slice(-MAX_STORED);
      localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* private mode: the conversation lasts until the page closes */ }
  }

  function t(key) { return T[state.language][key]; }

  // --- DOM helpers -----------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Small inline SVG icons (no emoji: not every system has an emoji font).
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    up: "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6V3a1.5 1.5 0 0 0-.4-1L13.2 1 7.6 6.6A2 2 0 0 0 7 8v11a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z",
    down: "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6V21a1.5 1.5 0 0 0 .4 1l1.1 1 5.6-5.6A2 2 0 0 0 17 16V5a2 2 0 0 0-2-2H6a2 2 0 0 0-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z"
  };
  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, location.href);
      return ["https:", "http:", "mailto:", "tel:"].indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(text, url) {
    var href = safeUrl(url);
    if (!href) return document.createTextNode(text);
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: text });
  }

  // Inline formatting: **bold**, _italic_, [text](url), bare https:// links. Text only.
  var INLINE = /\*\*([^*]+)\*\*|(^|[\s(])_([^_]+)_(?=$|[\s).,:;!?])|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,:;!?])/g;
  function inline(text, parent) {
    var last = 0;
    text.replace(INLINE, function (match, bold, pre, italic, linkText, linkUrl, bare, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      if (bold !== undefined) parent.appendChild(el("strong", { text: bold }));
      else if (italic !== undefined) {
        parent.appendChild(document.createTextNode(pre));
        parent.appendChild(el("em", { text: italic }));
      } else if (linkText !== undefined) parent.appendChild(link(linkText, linkUrl));
      else parent.appendChild(link(bare, bare));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  function formatted(text) {
    var box = el("div", { class: "text" });
    String(text || "").split(/\n{2,}/).forEach(function (block) {
      var lines = block.split("\n").filter(function (line) { return line.trim(); });
      if (!lines.length) return;
      var isList = lines.every(function (line) { return /^\s*([-*•]|\d+\.)\s+/.test(line); });
      if (isList) {
        var ordered = /^\s*\d+\./.test(lines[0]);
        var list = el(ordered ? "ol" : "ul");
        lines.forEach(function (line) { list.appendChild(inline(line.replace(/^\s*([-*•]|\d+\.)\s+/, ""), el("li"))); });
        box.appendChild(list);
      } else {
        var p = el("p");
        lines.forEach(function (line, i) {
          if (i) p.appendChild(el("br"));
          inline(line, p);
        });
        box.appendChild(p);
      }
    });
    return box;
  }

  function formatDate(iso, lang) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return iso || "";
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    if (lang === "fi") return +parts[3] + "." + +parts[2] + "." + parts[1];
    try {
      return new Intl.DateTimeFormat(lang === "sv" ? "sv-FI" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
    } catch (e) {
      return iso;
    }
  }

  // --- the shadow DOM ----------------------------------------------------------------------
  var host = el("div", { id: "kokka-widget-host" });
  if (COLOR && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgb\([\d\s,%.]+\))$/.test(COLOR)) host.style.setProperty("--kokka-accent", COLOR);
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: API + "/widget.css" }));

  var launcher = el("button", { class: "launcher", type: "button", "data-testid": "kokka-launcher", "aria-expanded": "false", "aria-controls": "kokka-panel" });
  var launcherIcon = el("span", { class: "launcher-icon", "aria-hidden": "true" }, [icon("chat")]);
  var launcherText = el("span", { class: "launcher-text" });
  var launcherHint = el("span", { class: "sr-only" });
  launcher.appendChild(launcherIcon);
  launcher.appendChild(launcherText);
  launcher.appendChild(launcherHint);

  var titleEl = el("h2", { id: "kokka-title", class: "title" });
  var langButtons = {};
  var langGroup = el("div", { class: "langs", role: "group" });
  LANGS.forEach(function (lang) {
    // Visible "FI", accessible name "FI suomeksi": the visible text stays part of the name.
    var button = el("button", { type: "button", class: "lang", lang: lang, "data-testid": "kokka-lang-" + lang,
      onclick: function () { switchLanguage(lang); } },
      [document.createTextNode(lang.toUpperCase()), el("span", { class: "sr-only", text: " " + { fi: "suomeksi", sv: "på svenska", en: "in English" }[lang] })]);
    langButtons[lang] = button;
    langGroup.appendChild(button);
  });
  var resetButton = el("button", { type: "button", class: "tool", "data-testid": "kokka-reset", onclick: resetConversation });
  var downloadButton = el("button", { type: "button", class: "tool", "data-testid": "kokka-download", onclick: downloadConversation });
  var closeButton = el("button", { type: "button", class: "close", "data-testid": "kokka-close", text: "×", onclick: function () { setOpen(false); } });

  var notices = el("div", { class: "notices", "data-testid": "kokka-notices" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0", "data-testid": "kokka-log" });
  var typing = el("div", { class: "typing", role: "status", hidden: true, "data-testid": "kokka-typing" }, [el("span"), el("span"), el("span")]);
  var typingLabel = el("span", { class: "sr-only" });
  typing.appendChild(typingLabel);

  var input = el("textarea", { id: "kokka-input", class: "input", rows: "1", maxlength: "2000", "data-testid": "kokka-input" });
  var inputLabel = el("label", { for: "kokka-input", class: "sr-only" });
  var sendButton = el("button", { type: "submit", class: "send", "data-testid": "kokka-send" });
  var form = el("form", { class: "composer", onsubmit: function (event) { event.preventDefault(); submitInput(); } },
    [inputLabel, input, sendButton]);

  var privacySummary = el("summary");
  var privacyText = el("p");
  var privacy = el("details", { class: "privacy", "data-testid": "kokka-privacy" }, [privacySummary, privacyText]);

  var panel = el("section", { id: "kokka-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "kokka-title", hidden: true, "data-testid": "kokka-panel" }, [
    el("header", { class: "head" }, [titleEl, langGroup, el("div", { class: "tools" }, [resetButton, downloadButton, closeButton])]),
    notices, log, typing, form, privacy
  ]);
  root.appendChild(launcher);
  root.appendChild(panel);

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      setOpen(false);
    }
  });
  launcher.addEventListener("click", function () { setOpen(panel.hidden); });

  function applyTexts() {
    var title = script.getAttribute("data-title") || t("title");
    titleEl.textContent = title;
    launcherText.textContent = title;
    launcherHint.textContent = " " + t("open");
    langGroup.setAttribute("aria-label", t("language"));
    LANGS.forEach(function (lang) {
      langButtons[lang].setAttribute("aria-pressed", String(lang === state.language));
    });
    resetButton.textContent = t("reset");
    downloadButton.textContent = t("download");
    closeButton.setAttribute("aria-label", t("close"));
    inputLabel.textContent = t("input");
    input.setAttribute("placeholder", t("placeholder"));
    sendButton.textContent = t("send");
    typingLabel.textContent = t("typing");
    privacySummary.textContent = t("privacyTitle");
    privacyText.textContent = t("privacy");
    panel.setAttribute("lang", state.language);
    log.setAttribute("aria-label", t("title"));
  }

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    state.open = open;
    save();
    if (open) {
      if (!state.messages.length) addMessage({ role: "bot", kind: "welcome", text: t("welcome"), lang: state.language, buttons: [] });
      loadNotices();
      input.focus();
      log.scrollTop = log.scrollHeight;
    } else {
      launcher.focus();
    }
  }

  // --- messages ----------------------------------------------------------------------------
  function render(message, index) {
    if (message.role === "user") {
      return el("div", { class: "msg user", "data-role": "user" }, [el("span", { class: "sr-only", text: t("you") + ": " }), formattedPlain(message.text)]);
    }
    if (message.role === "error") {
      return el("div", { class: "msg error", role: "alert", "data-kind": "error" }, [
        el("p", { text: message.text }),
        el("button", { type: "button", class: "retry", "data-testid": "kokka-retry", text: T[message.lang || state.language].retry, onclick: retry })
      ]);
    }
    var node = el("div", { class: "msg bot", "data-role": "bot", "data-kind": message.kind || "answer", lang: message.lang || state.language });
    if (message.kb_id) node.setAttribute("data-kb-id", message.kb_id);
    node.appendChild(el("span", { class: "sr-only", text: t("bot") + ": " }));
    node.appendChild(formatted(message.text));
    var lang = message.lang || state.language;
    if ((message.sources && message.sources.length) || message.reviewed) {
      var meta = el("div", { class: "meta", "data-testid": "kokka-sources" });
      if (message.sources && message.sources.length) {
        meta.appendChild(el("span", { class: "meta-label", text: T[lang].sources + ": " }));
        message.sources.forEach(function (source, i) {
          if (i) meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(link(source.title, source.url));
        });
      }
      if (message.reviewed) {
        meta.appendChild(el("span", { class: "reviewed", "data-testid": "kokka-reviewed", text: " " + T[lang].reviewed + " " + formatDate(message.reviewed, lang) }));
      }
      node.appendChild(meta);
    }
    if (message.buttons && message.buttons.length) {
      var buttons = el("div", { class: "quick" });
      message.buttons.forEach(function (button) {
        buttons.appendChild(el("button", { type: "button", class: "chip", text: button.title, "data-payload": button.payload,
          onclick: function () { send(button.payload, button.title); } }));
      });
      node.appendChild(buttons);
    }
    if (message.kb_id && (message.kind === "answer" || message.kind === "form")) node.appendChild(feedback(message, index));
    return node;
  }

  function formattedPlain(text) {
    var p = el("p");
    String(text).split("\n").forEach(function (line, i) {
      if (i) p.appendChild(el("br"));
      p.appendChild(document.createTextNode(line));
    });
    return p;
  }

  function feedback(message, index) {
    var lang = message.lang || state.language;
    var box = el("div", { class: "feedback", "data-testid": "kokka-feedback" });
    if (message.rated) {
      box.appendChild(el("p", { class: "thanks", role: "status", text: T[lang].thanks }));
      return box;
    }
    var status = el("p", { class: "status", role: "status" });
    var up = el("button", { type: "button", class: "thumb", "aria-label": T[lang].up, title: T[lang].up, "data-testid": "kokka-thumb-up",
      onclick: function () { rate("up", ""); } }, [icon("up")]);
    var down = el("button", { type: "button", class: "thumb", "aria-label": T[lang].down, title: T[lang].down, "data-testid": "kokka-thumb-down",
      onclick: function () {
        commentForm.hidden = false;
        down.setAttribute("aria-expanded", "true");
        comment.focus();
      } }, [icon("down")]);
    var comment = el("textarea", { class: "comment", rows: "2", maxlength: "1000", "aria-label": T[lang].comment, placeholder: T[lang].comment, "data-testid": "kokka-comment" });
    var commentForm = el("form", { class: "comment-form", hidden: true, onsubmit: function (event) { event.preventDefault(); rate("down", comment.value); } }, [
      comment, el("button", { type: "submit", class: "send-feedback", "data-testid": "kokka-send-feedback", text: T[lang].sendFeedback })
    ]);
    function rate(rating, text) {
      fetch(API + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: state.sessionId, kb_id: message.kb_id, language: lang, rating: rating, comment: text || null })
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        state.messages[index].rated = rating;
        save();
        box.replaceWith(feedback(state.messages[index], index));
        var thanks = log.querySelectorAll(".thanks");
        if (thanks.length) thanks[thanks.length - 1].setAttribute("tabindex", "-1");
      }).catch(function () {
        status.textContent = T[lang].feedbackError;
      });
    }
    box.appendChild(el("span", { class: "ask", text: T[lang].helpful }));
    box.appendChild(up);
    box.appendChild(down);
    box.appendChild(commentForm);
    box.appendChild(status);
    return box;
  }

  function addMessage(message) {
    state.messages.push(message);
    save();
    var node = render(message, state.messages.length - 1);
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function redraw() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(function (message, index) { log.appendChild(render(message, index)); });
    log.scrollTop = log.scrollHeight;
  }

  // --- talking to the server -------------------------------------------------------------------
  var pending = false;
  var lastRequest = null;

  function submitInput() {
    var text = input.value.trim();
    if (!text || pending) return;
    input.value = "";
    send(text, text);
  }

  function send(text, shown) {
    if (pending) return;
    if (shown) addMessage({ role: "user", text: shown });
    request({ session_id: state.sessionId, text: text, language: state.language, topic: TOPIC });
  }

  function request(body) {
    pending = true;
    lastRequest = body;
    typing.hidden = false;
    sendButton.disabled = true;
    log.setAttribute("aria-busy", "true");
    fetch(API + "/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            var error = new Error(data.detail || String(response.status));
            error.retryable = response.status >= 500 || response.status === 429;
            throw error;
          }
          return data;
        });
      })
      .then(function (data) {
        if (LANGS.indexOf(data.language) >= 0 && data.language !== state.language) {
          state.language = data.language;
          applyTexts();
        }
        var first = null;
        (data.messages || []).forEach(function (m) {
          var node = addMessage({ role: "bot", kind: m.kind, kb_id: m.kb_id, lang: m.lang, text: m.text, buttons: m.buttons || [], sources: m.sources || [], reviewed: m.reviewed });
          first = first || node;
        });
        // A long answer is read from its beginning.
        if (first) log.scrollTop = Math.max(0, first.offsetTop - log.offsetTop - 8);
      })
      .catch(function (error) {
        addMessage({ role: "error", lang: state.language, text: error.retryable === false ? error.message : t("error") });
      })
      .then(function () {
        pending = false;
        typing.hidden = true;
        sendButton.disabled = false;
        log.removeAttribute("aria-busy");
      });
  }

  function retry() {
    if (!lastRequest || pending) return;
    state.messages = state.messages.filter(function (m) { return m.role !== "error"; });
    save();
    redraw();
    request(lastRequest);
    input.focus();
  }

  function switchLanguage(lang) {
    if (lang === state.language || pending) return;
    state.language = lang;
    applyTexts();
    if (state.messages.length === 1 && state.messages[0].kind === "welcome") {
      // Nothing asked yet: greet again in the chosen language; the first question carries it.
      state.messages = [];
      addMessage({ role: "bot", kind: "welcome", text: t("welcome"), lang: lang, buttons: [] });
      redraw();
      loadNotices();
      return;
    }
    save();
    loadNotices();
    send('/switch_language{"language": "' + lang + '"}', null);
  }

  function resetConversation() {
    state = { sessionId: newSessionId(), language: state.language, messages: [], open: true };
    save();
    redraw();
    addMessage({ role: "bot", kind: "welcome", text: t("welcome"), lang: state.language, buttons: [] });
    input.focus();
  }

  function downloadConversation() {
    var lines = [t("file") + " (" + new Date().toISOString().slice(0, 16).replace("T", " ") + ")", location.href, ""];
    state.messages.forEach(function (m) {
      if (m.role === "error") return;
      var who = m.role === "user" ? t("you") : t("bot");
      lines.push(who + ":");
      lines.push(String(m.text || ""));
      (m.sources || []).forEach(function (s) { lines.push("  " + T[m.lang || state.language].sources + ": " + s.title + " <" + s.url + ">"); });
      if (m.reviewed) lines.push("  " + T[m.lang || state.language].reviewed + " " + m.reviewed);
      lines.push("");
    });
    var blob = new Blob([lines.join("\r\n")], { type: "text/plain;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "kokka-conversation-" + new Date().toISOString().slice(0, 10) + ".txt" });
    root.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // --- notices (editors publish them in knowledge/notices.yml) ---------------------------------
  function loadNotices() {
    fetch(API + "/api/notices?language=" + state.language).then(function (r) { return r.ok ? r.json() : { notices: [] }; })
      .then(function (data) {
        while (notices.firstChild) notices.removeChild(notices.firstChild);
        (data.notices || []).forEach(function (n) {
          notices.appendChild(el("div", { class: "notice", role: "note", "data-testid": "kokka-notice" }, [formatted(n.text)]));
        });
      }).catch(function () { /* notices are optional */ });
  }

  // --- start -------------------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    applyTexts();
    redraw();
    if (state.open) setOpen(true);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
