// claimdesk pages: keyboard shortcuts and in-place updates on the annotate page.
// Everything here is an enhancement: without it, links select claims and forms save verdicts.
//
// The rule this script keeps: a key acts on the claim that was highlighted when it was
// pressed. While the panel of the highlighted claim is loading (or a verdict is being sent),
// keys are held in order, shown as held, and replayed once the panel is there; requests go
// out one after another, so a panel never shows a claim older than a verdict just sent.
(() => {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-js-only]").forEach((el) => el.removeAttribute("hidden"));

  const dialog = document.getElementById("shortcuts");
  const toggleShortcuts = () => {
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  };
  document.querySelectorAll("[data-action=shortcuts]").forEach((button) =>
    button.addEventListener("click", toggleShortcuts));

  // Character counters on every field with a limit (the limit itself is the field's maxlength).
  const counted = new WeakSet();
  function countCharacters(scope) {
    scope.querySelectorAll("[data-counter]").forEach((field) => {
      if (counted.has(field)) return;
      counted.add(field);
      const counter = document.getElementById(field.dataset.counter);
      if (!counter) return;
      const max = Number(field.getAttribute("maxlength"));
      const update = () => {
        const used = field.value.length;
        counter.textContent = `${used.toLocaleString("en")} / ${max.toLocaleString("en")}`;
        counter.classList.toggle("near-limit", used > max * 0.9);
      };
      field.addEventListener("input", update);
      update();
    });
  }
  countCharacters(document);

  // Human times: "3 min ago", with the exact time on hover (the server wrote both already;
  // this keeps them current on a page left open).
  function refreshTimes() {
    const now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach((el) => {
      const then = Date.parse(el.getAttribute("datetime"));
      if (Number.isNaN(then)) return;
      el.textContent = relativeTime(now - then) || el.textContent;
    });
  }
  function relativeTime(ms) {
    const s = Math.round(ms / 1000);
    if (s < 0) return "";
    if (s < 45) return "just now";
    const m = Math.round(s / 60);
    if (m < 60) return `${m} min ago`;
    const h = Math.round(m / 60);
    if (h < 24) return `${h} h ago`;
    const d = Math.round(h / 24);
    if (d < 30) return d === 1 ? "yesterday" : `${d} days ago`;
    return "";
  }
  setInterval(refreshTimes, 30000);

  const root = document.querySelector(".annotate");
  if (!root) return;
  const articleId = root.dataset.articleId;
  const panel = document.getElementById("panel-body");
  const panelStatus = document.getElementById("panel-status");
  const notices = document.getElementById("notices");
  const progress = document.getElementById("progress-text");
  const claims = () => Array.from(root.querySelectorAll(".claim"));
  const claimById = (id) => document.getElementById(`claim-${id}`);
  let current = root.querySelector(".claim[aria-current=true]");

  // ---- Drafts: what was typed and not yet confirmed saved, kept in this browser. ----
  // Drafts belong to the person who typed them: another account signed in on this browser
  // never sees (or saves under its own name) what someone else typed.
  const reviewer = root.dataset.reviewer || "";
  // Claims this reviewer has reviewed blind, waiting for another reviewer: not theirs to do.
  for (const id of (root.dataset.reviewedBlind || "").split(" ").filter(Boolean)) {
    const claim = document.getElementById(`claim-${id}`);
    if (claim) claim.dataset.mine = "waiting";
  }
  const draftKey = (claimId) =>
    `claimdesk:draft:${encodeURIComponent(reviewer)}:${articleId}:${claimId}`;
  function readForm(form) {
    const data = new FormData(form);
    return {
      status: data.get("status") || "",
      url: data.getAll("url"),
      citation: data.getAll("citation"),
      note: data.get("note") || "",
      version: Number(data.get("version")),
    };
  }
  function keepDraft(claimId, draft) {
    try { localStorage.setItem(draftKey(claimId), JSON.stringify(draft)); } catch { /* full or off */ }
  }
  function dropDraft(claimId) {
    try { localStorage.removeItem(draftKey(claimId)); } catch { /* off */ }
  }
  function draftFor(claimId) {
    try { return JSON.parse(localStorage.getItem(draftKey(claimId)) || "null"); } catch { return null; }
  }
  function fillForm(form, draft) {
    const radio = form.querySelector(`input[name=status][value="${draft.status}"]`);
    if (radio) radio.checked = true;
    const urls = form.querySelectorAll("input[name=url]");
    const citations = form.querySelectorAll("input[name=citation]");
    urls.forEach((input, i) => { input.value = draft.url[i] || ""; });
    citations.forEach((input, i) => { input.value = draft.citation[i] || ""; });
    const note = form.querySelector("textarea[name=note]");
    if (note) note.value = draft.note;
    form.querySelectorAll("[data-counter]").forEach((f) => f.dispatchEvent(new Event("input")));
  }

  // ---- The panel: which claim it shows, and whether it is ready for keys. ----
  let shownId = panel.querySelector(".panel-inner")?.dataset.claimId || null;
  let loading = null; // {id, generation} while a panel is on its way
  let generation = 0;
  let saving = 0; // verdicts sent and not yet answered
  const held = []; // keys and clicks waiting for the panel, in the order they came

  const ready = () => loading === null && held.length === 0;

  function showStatus() {
    const parts = [];
    if (loading) {
      const claim = claimById(loading.id);
      parts.push(`Loading claim ${claim ? claimPosition(claim) : ""}…`);
    }
    if (held.length) parts.push(`${held.length} key${held.length === 1 ? "" : "s"} held until it is ready`);
    if (saving) parts.push(`saving ${saving} verdict${saving === 1 ? "" : "s"}…`);
    panelStatus.textContent = parts.join(" · ");
    panelStatus.hidden = parts.length === 0;
    root.dataset.pending = String(saving + (loading ? 1 : 0) + held.length);
    panel.toggleAttribute("inert", loading !== null);
    panel.setAttribute("aria-busy", loading ? "true" : "false");
    panel.classList.toggle("loading", loading !== null);
  }

  const claimPosition = (claim) => claims().indexOf(claim) + 1;

  // Requests go out one after another: a panel asked for after a verdict shows that verdict.
  let line = Promise.resolve();
  function inLine(task) {
    const run = line.then(task, task);
    line = run.catch(() => {});
    return run;
  }

  async function fetchPanel(query) {
    const response = await fetch(`/articles/${articleId}/panel?${query}`, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.type === "opaqueredirect" || response.status === 401) throw new SignedOut();
    if (!response.ok) throw new Error(`the panel could not be loaded (${response.status})`);
    return response.text();
  }

  class SignedOut extends Error {}

  function placePanel(html, claimId) {
    panel.innerHTML = html;
    shownId = claimId;
    countCharacters(panel);
    const form = panel.querySelector("#verdict-form");
    const draft = claimId && draftFor(claimId);
    if (form && draft && !panel.querySelector(".alert, .notice")) {
      fillForm(form, draft);
      const version = Number(form.elements.version.value);
      const note = document.createElement("p");
      note.className = "notice restored";
      note.setAttribute("role", "status");
      note.textContent = draft.version && draft.version < version
        ? "Your unsaved verdict is filled in below. The claim changed since you typed it: check the newer verdict above, then press Enter to save yours."
        : "Your unsaved verdict is filled in below: press Enter to save it.";
      form.prepend(note);
      form.querySelector("button[type=submit]")?.focus({ preventScroll: true });
    }
  }

  // Shows the panel of `claim` (or the summary when `claim` is null) once it arrives.
  function loadPanel(claim, pending, shown) {
    const id = claim ? claim.dataset.claimId : null;
    const mine = { id, generation: ++generation };
    loading = mine;
    showStatus();
    const request = pending || inLine(() => fetchPanel(id ? `claim=${id}` : "done=1"));
    request.then((html) => {
      if (loading !== mine) return; // Another claim was chosen meanwhile.
      placePanel(html, id);
      loading = null;
      showStatus();
      if (shown) shown();
      drain();
    }, (error) => {
      if (loading !== mine) return;
      loading = null;
      held.length = 0;
      showStatus();
      shownId = null;
      const why = error instanceof SignedOut
        ? "your session ended"
        : error.message || "claimdesk could not be reached";
      panel.replaceChildren(Object.assign(document.createElement("p"), {
        className: "empty",
        textContent: `This panel could not be loaded: ${why}. Choose the claim again to retry.`,
      }));
      if (error instanceof SignedOut) notify(signedOutMessage(), "session", id);
    });
  }

  function select(claim, { pending = null, shown = null } = {}) {
    claims().forEach((c) => c.removeAttribute("aria-current"));
    current = claim;
    if (claim) {
      claim.setAttribute("aria-current", "true");
      claim.focus({ preventScroll: true });
      claim.scrollIntoView({ block: "nearest" });
      const id = claim.dataset.claimId;
      history.replaceState(null, "", `?claim=${id}#claim-${id}`);
    } else {
      history.replaceState(null, "", "?done=1");
    }
    // On a narrow screen the panel sits under the text: a claim chosen there brings it into
    // view (also when its panel is already the one shown).
    if (claim && window.matchMedia("(max-width: 860px)").matches && !pending) {
      document.getElementById("panel").scrollIntoView({ block: "start" });
    }
    if (claim && !pending && !loading && shownId === claim.dataset.claimId) return;
    loadPanel(claim, pending, shown);
  }

  function move(step) {
    const all = claims();
    if (all.length === 0) return;
    const index = current ? all.indexOf(current) : -1;
    const next = index < 0 && step > 0 ? all[0]
      : all[Math.min(all.length - 1, Math.max(0, index + step))];
    select(next);
  }

  function nextUnreviewed(from) {
    const all = claims();
    const start = all.indexOf(from);
    for (let step = 1; step <= all.length; step += 1) {
      const claim = all[(start + step) % all.length];
      if (claim !== from && claim.dataset.status === "unreviewed" && !claim.classList.contains("saving")
          && claim.dataset.mine !== "waiting") {
        return claim;
      }
    }
    return null;
  }

  function paint(claim, status, icon, label) {
    claim.classList.remove("status-unreviewed", "status-sourced", "status-unsourced", "status-contradicted", "status-dismissed");
    claim.classList.add(`status-${status}`);
    claim.dataset.status = status;
    const badge = claim.querySelector(".badge");
    if (badge) {
      badge.textContent = `${icon} ${label}`;
      badge.setAttribute("aria-label", `status: ${status}`);
    }
  }

  // ---- Notices about verdicts that could not be saved: never silent, never lost. ----
  function signedOutMessage() {
    return "Your session ended, so nothing more can be saved yet. What you typed is kept in this browser: ";
  }
  function notify(text, kind = "error", claimId = null) {
    // One "session ended" notice is enough, however many requests met it.
    if (kind === "session" && notices.querySelector(".alert.session")) return;
    const item = document.createElement("div");
    item.className = `alert ${kind}`;
    item.setAttribute("role", "alert");
    item.append(text);
    if (kind === "session") {
      const link = document.createElement("a");
      const back = claimId ? `/articles/${articleId}?claim=${claimId}` : location.pathname + location.search;
      link.href = `/login?reason=expired&next=${encodeURIComponent(back)}`;
      link.textContent = "sign in again";
      item.append(link, " and it will be ready to save.");
    } else if (claimId) {
      const link = document.createElement("a");
      link.href = `?claim=${claimId}#claim-${claimId}`;
      link.dataset.claimId = claimId;
      link.textContent = "Review it";
      item.append(" ", link);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "dismiss";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => item.remove());
    item.append(" ", close);
    notices.append(item);
  }

  notices.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-claim-id]");
    if (!link) return;
    const claim = claimById(link.dataset.claimId);
    if (!claim) return;
    event.preventDefault();
    link.closest(".alert")?.remove();
    act({ select: claim });
  });

  // Client-side checks of what the server would refuse, so a fast reviewer learns at once.
  // Returns what to say and which field to fix, or null.
  function problemWith(form) {
    const status = form.querySelector("input[name=status]:checked")?.value;
    if (!status) {
      return ["Choose Sourced (1), Unsourced (2) or Contradicted (3).", form.querySelector("input[name=status]")];
    }
    const urls = Array.from(form.querySelectorAll("input[name=url]"));
    const bad = urls.find((u) => !u.checkValidity());
    if (bad) return ["The source URL must be a full web address, such as https://example.org/report.", bad];
    const hasSource = urls.some((u) => u.value.trim()) ||
      Array.from(form.querySelectorAll("input[name=citation]")).some((c) => c.value.trim());
    if (status !== "unsourced" && !hasSource) {
      return [`A ${status} verdict needs a source: give a URL or a citation.`, urls[0]];
    }
    return null;
  }

  // Once the panel shows a refused verdict, its message takes focus (read out, and keys
  // typed next go to the claim whose panel it is).
  function focusAlert() {
    const alert = panel.querySelector("[role=alert]");
    if (alert) {
      alert.tabIndex = -1;
      alert.focus();
    }
  }

  // The message is announced; focus goes to the field to fix, so typing goes on there.
  function showProblem(form, [message, field]) {
    let alert = form.querySelector(".alert.client");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert client";
      alert.id = "form-problem";
      alert.setAttribute("role", "alert");
      form.prepend(alert);
    }
    alert.textContent = message;
    if (field) {
      field.setAttribute("aria-describedby", "form-problem");
      field.focus();
    }
  }

  function save(form) {
    const claim = claimById(form.elements.claim.value);
    if (!claim) return;
    const problem = problemWith(form);
    if (problem) {
      showProblem(form, problem);
      return;
    }
    const claimId = claim.dataset.claimId;
    const draft = readForm(form);
    keepDraft(claimId, draft);
    const body = new URLSearchParams(new FormData(form));
    const next = nextUnreviewed(claim);
    const nextPanelFor = next ? next.dataset.claimId : "done";
    const nextQuery = next ? `claim=${nextPanelFor}` : "done=1";
    body.set("next", nextPanelFor);
    claim.classList.add("saving");
    saving += 1;
    showStatus();
    const sent = inLine(async () => {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json" },
        body,
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.type === "opaqueredirect" || response.status === 401) throw new SignedOut();
      let reply;
      try {
        reply = await response.json();
      } catch {
        throw new Error(`claimdesk answered ${response.status}`);
      }
      return reply;
    });
    const settled = sent.then((reply) => {
      saving -= 1;
      claim.classList.remove("saving");
      paint(claim, reply.status, reply.icon, reply.label);
      if (progress) progress.textContent = `${reply.reviewed} of ${reply.total} reviewed`;
      if (reply.saved) {
        dropDraft(claimId);
        claim.classList.remove("not-saved");
        // A blind review: the claim keeps its status until another reviewer's, but it no
        // longer waits for this reviewer.
        if (reply.waiting) claim.dataset.mine = "waiting";
        // A recorded verdict answers the revision that changed the claim's words.
        claim.querySelector(".badge.recheck")?.remove();
      } else if (current === next && held.length === 0 && !(next && draftFor(next.dataset.claimId))) {
        // Nothing typed for the next claim yet: go back and show why, in the claim's panel
        // (what was typed is in its form again).
        select(claim, { pending: Promise.resolve(reply.panel_html), shown: focusAlert });
      } else {
        claim.classList.add("not-saved");
        notify(`Claim ${claimPosition(claim)} was not saved: ${reply.message}`, "error", claimId);
      }
      showStatus();
      return reply;
    }, (error) => {
      saving -= 1;
      claim.classList.remove("saving");
      claim.classList.add("not-saved");
      showStatus();
      if (error instanceof SignedOut) {
        notify(signedOutMessage(), "session", claimId);
      } else {
        notify(`Claim ${claimPosition(claim)} was not saved (${error.message || "claimdesk could not be reached"}); what you typed is kept.`, "error", claimId);
      }
      throw error;
    });
    // The next panel comes with the answer when the verdict was saved; otherwise on its own.
    const fetchNext = () => inLine(() => fetchPanel(nextQuery));
    const nextPanel = settled.then(
      (reply) => (reply.panel_for === nextPanelFor ? reply.panel_html : fetchNext()),
      fetchNext,
    );
    select(next, { pending: nextPanel });
  }

  // Picks a status and moves to what it needs next: the source, the note (a dismissal says
  // why), or the save button.
  function choose(status, focus) {
    const radio = panel.querySelector(`input[name=status][value=${status}]`);
    if (!radio) return;
    radio.checked = true;
    const target = focus === true
      ? panel.querySelector("#source-url")
      : focus === "note"
        ? panel.querySelector("#note")
        : panel.querySelector("#verdict-form button[type=submit]");
    if (target) {
      target.focus();
      if (target.select) target.select(); // Typing replaces an earlier source.
    }
  }

  function submitVerdict() {
    const form = panel.querySelector("#verdict-form");
    if (form) save(form);
  }

  const isTextField = (el) => el instanceof Element && (
    el.matches("textarea, select") ||
    (el.matches("input") && !["radio", "checkbox", "button", "submit", "reset", "file", "hidden"].includes(el.type)));

  // One key, with focus where it is now. Returns whether the key was used.
  function shortcut(key) {
    const active = document.activeElement;
    if (dialog && dialog.open) {
      if (key === "?") { toggleShortcuts(); return true; }
      return false;
    }
    switch (key) {
      case "j": move(1); return true;
      case "k": move(-1); return true;
      case "1": choose("sourced", true); return true;
      case "2": choose("unsourced", false); return true;
      case "3": choose("contradicted", true); return true;
      case "d": choose("dismissed", "note"); return true;
      case "c": {
        const box = panel.querySelector("#comment-body");
        if (!box) return false;
        box.focus();
        return true;
      }
      case "?": toggleShortcuts(); return true;
      case "Enter":
        // On another claim (reached with Tab), Enter selects it; on the highlighted claim or
        // in the form, it saves.
        if (active && active.matches(".claim") && active !== current) {
          act({ select: active });
          return true;
        }
        if (active && (active.closest("#verdict-form") || active === current)) {
          submitVerdict();
          return true;
        }
        return false;
      default: return false;
    }
  }

  // Replays a held key as the browser would have handled it.
  function replay(key) {
    const field = document.activeElement;
    if (!isTextField(field)) {
      shortcut(key);
      return;
    }
    if (key === "Escape") {
      field.blur();
      if (current) current.focus();
    } else if (key === "Enter") {
      if (field.matches("textarea")) insert(field, "\n");
      else if (field.form && field.form.id === "verdict-form") save(field.form);
      else field.form?.requestSubmit();
    } else if (key === "Backspace") {
      const start = field.selectionStart;
      const end = field.selectionEnd;
      if (start === null || field.matches("select")) field.value = field.value.slice(0, -1);
      else if (start === end && start > 0) field.setRangeText("", start - 1, end, "end");
      else field.setRangeText("", start, end, "end");
      field.dispatchEvent(new Event("input", { bubbles: true }));
    } else if (key === "Tab") {
      const fields = Array.from(field.form?.querySelectorAll("input:not([type=hidden]):not([type=radio]), textarea, button") || []);
      const after = fields[fields.indexOf(field) + 1];
      if (after) after.focus();
    } else if (key.length === 1) {
      insert(field, key);
    }
  }

  function insert(field, text) {
    if (typeof field.setRangeText === "function" && field.selectionStart !== null) {
      field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
    } else {
      field.value += text; // type=url fields expose no selection.
    }
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function drain() {
    while (loading === null && held.length > 0) {
      const action = held.shift();
      if (action.select) select(action.select);
      else replay(action.key);
    }
    showStatus();
  }

  // Acts now when the panel is ready; otherwise holds the action behind those already held.
  function act(action) {
    if (ready()) {
      if (action.select) select(action.select);
      return;
    }
    // Moving on from a panel nobody has typed into yet needs no waiting.
    if (held.length === 0 && (action.select || action.key === "j" || action.key === "k")) {
      if (action.select) select(action.select);
      else move(action.key === "j" ? 1 : -1);
      return;
    }
    held.push(action);
    showStatus();
  }

  const HELD_KEYS = new Set(["Enter", "Escape", "Backspace", "Tab"]);

  // Capture phase: the decision to hold a key is made before anything else sees it.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const key = event.key;
    if (!ready()) {
      if (key.length !== 1 && !HELD_KEYS.has(key)) return;
      if (dialog && dialog.open && key !== "?") return;
      event.preventDefault();
      event.stopPropagation();
      if (held.length === 0 && (key === "j" || key === "k") && !isTextField(document.activeElement)) {
        move(key === "j" ? 1 : -1);
        return;
      }
      held.push({ key });
      showStatus();
      return;
    }
    const target = event.target;
    if (isTextField(target)) {
      if (key === "Escape") {
        target.blur();
        if (current) current.focus();
        event.preventDefault();
      }
      return; // Enter in a field submits the form, which `save` handles.
    }
    if (shortcut(key)) event.preventDefault();
  }, true);

  root.addEventListener("click", (event) => {
    const claim = event.target.closest(".claim");
    if (!claim) return;
    event.preventDefault();
    act({ select: claim });
  });

  panel.addEventListener("click", (event) => {
    const link = event.target.closest(".panel-nav a, a.first-claim");
    if (!link) return;
    const id = new URL(link.href).searchParams.get("claim");
    const claim = id && claimById(id);
    if (!claim) return;
    event.preventDefault();
    act({ select: claim });
  });

  panel.addEventListener("submit", (event) => {
    const form = event.target.closest("#verdict-form");
    if (!form) return;
    event.preventDefault();
    if (ready()) save(form);
  });

  // Every keystroke in the form is kept until the verdict is saved.
  panel.addEventListener("input", (event) => {
    const form = event.target.closest("#verdict-form");
    if (form && event.isTrusted) keepDraft(form.elements.claim.value, readForm(form));
  });
  panel.addEventListener("change", (event) => {
    const form = event.target.closest("#verdict-form");
    if (form && event.isTrusted) keepDraft(form.elements.claim.value, readForm(form));
  });

  window.addEventListener("beforeunload", (event) => {
    if (saving > 0) event.preventDefault();
  });

  // Verdicts typed earlier and never saved (a session that ended, a closed tab): say so.
  const unsaved = claims().filter((c) => draftFor(c.dataset.claimId) && c.dataset.claimId !== shownId);
  if (unsaved.length) {
    notify(`${unsaved.length} unsaved verdict${unsaved.length === 1 ? " is" : "s are"} kept in this browser, on claim ${unsaved.map(claimPosition).join(", ")}.`,
      "notice", unsaved[0].dataset.claimId);
  }
  if (shownId) placePanel(panel.innerHTML, shownId);
  if (current && location.hash) current.focus({ preventScroll: true });
  showStatus();
})();
