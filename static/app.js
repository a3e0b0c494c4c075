// claimdesk pages: keyboard shortcuts and in-place updates on the annotate page.
// Everything here is an enhancement: without it, links select claims and forms save verdicts.
(() => {
  "use strict";
  document.documentElement.classList.add("js");

  const dialog = document.getElementById("shortcuts");
  const toggleShortcuts = () => {
    if (!dialog) return;
    if (dialog.open) dialog.close(); else dialog.showModal();
  };
  document.querySelectorAll("[data-action=shortcuts]").forEach((button) =>
    button.addEventListener("click", toggleShortcuts));

  const root = document.querySelector(".annotate");
  if (!root) return;
  const articleId = root.dataset.articleId;
  const panel = document.getElementById("panel");
  const progress = document.getElementById("progress-text");
  const claims = () => Array.from(root.querySelectorAll(".claim"));
  let current = root.querySelector(".claim[aria-current=true]") || claims()[0] || null;

  async function loadPanel(id) {
    const response = await fetch(`/articles/${articleId}/panel?claim=${id}`, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
    });
    if (response.ok) panel.innerHTML = await response.text();
  }

  function select(claim, { fetchPanel = true } = {}) {
    if (!claim) return;
    claims().forEach((c) => c.removeAttribute("aria-current"));
    claim.setAttribute("aria-current", "true");
    current = claim;
    claim.focus({ preventScroll: true });
    claim.scrollIntoView({ block: "nearest" });
    const id = claim.dataset.claimId;
    history.replaceState(null, "", `?claim=${id}#claim-${id}`);
    if (fetchPanel) loadPanel(id);
  }

  function move(step) {
    const all = claims();
    if (all.length === 0) return;
    const index = current ? all.indexOf(current) : -1;
    const next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    select(next);
  }

  function updateClaim(reply) {
    const claim = document.getElementById(`claim-${reply.claim_id}`);
    if (!claim) return;
    claim.classList.remove("status-unreviewed", "status-sourced", "status-unsourced", "status-contradicted");
    claim.classList.add(`status-${reply.status}`);
    claim.dataset.status = reply.status;
    const badge = claim.querySelector(".badge");
    if (badge) {
      badge.textContent = `${reply.icon} ${reply.label}`;
      badge.setAttribute("aria-label", `status: ${reply.status}`);
    }
  }

  async function save(form) {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    });
    let reply;
    try {
      reply = await response.json();
    } catch {
      form.submit(); // Let the server answer with a page.
      return;
    }
    updateClaim(reply);
    if (progress) progress.textContent = `${reply.reviewed} of ${reply.total} reviewed`;
    panel.innerHTML = reply.panel_html;
    if (reply.saved) {
      const next = reply.next_claim_id
        ? document.getElementById(`claim-${reply.next_claim_id}`)
        : document.getElementById(`claim-${reply.claim_id}`);
      select(next, { fetchPanel: false });
    } else {
      const alert = panel.querySelector("[role=alert]");
      if (alert) {
        alert.tabIndex = -1;
        alert.focus();
      }
    }
  }

  function choose(status, focusSource) {
    const radio = panel.querySelector(`input[name=status][value=${status}]`);
    if (!radio) return;
    radio.checked = true;
    const target = focusSource
      ? panel.querySelector("#source-url")
      : panel.querySelector("#verdict-form button[type=submit]");
    if (target) target.focus();
  }

  root.addEventListener("click", (event) => {
    const claim = event.target.closest(".claim");
    if (!claim) return;
    event.preventDefault();
    select(claim);
  });

  panel.addEventListener("click", (event) => {
    const link = event.target.closest(".panel-nav a");
    if (!link) return;
    const id = new URL(link.href).searchParams.get("claim");
    const claim = id && document.getElementById(`claim-${id}`);
    if (!claim) return;
    event.preventDefault();
    select(claim);
  });

  panel.addEventListener("submit", (event) => {
    const form = event.target.closest("#verdict-form");
    if (!form) return;
    event.preventDefault();
    save(form);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof Element && target.matches("input, textarea, select");
    if (typing) {
      if (event.key === "Escape") {
        target.blur();
        if (current) current.focus();
      }
      return; // Enter in a field submits the form, which `save` handles.
    }
    if (dialog && dialog.open && event.key !== "?") return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "1": choose("sourced", true); break;
      case "2": choose("unsourced", false); break;
      case "3": choose("contradicted", true); break;
      case "?": toggleShortcuts(); break;
      default: return;
    }
    event.preventDefault();
  });

  if (current && location.hash) current.focus({ preventScroll: true });
})();
