// Small progressive enhancements: every page works without this script.
"use strict";

// Live status of queued actions: poll until each one finishes, then update its row.
function watchActions() {
  document.querySelectorAll("tr[data-action-status]").forEach(function (row) {
    var badge = row.querySelector('[data-field="status"]');
    if (!badge || (badge.textContent !== "queued" && badge.textContent !== "running")) return;
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      fetch(row.getAttribute("data-action-status"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (a) {
          if (!a) return;
          badge.textContent = a.status;
          badge.className = "badge " + (a.status === "succeeded" ? "ok" : a.status === "failed" ? "bad" : "warn");
          var parts = [a.outcome, a.statusCode ? "HTTP " + a.statusCode : null, a.detail].filter(Boolean);
          row.querySelector('[data-field="detail"]').textContent = parts.join(" · ");
          if (a.status !== "queued" && a.status !== "running") clearInterval(timer);
        });
      if (tries > 120) clearInterval(timer);
    }, 1000);
  });
}

// Resource paths are checked as they are typed.
function validatePaths() {
  document.querySelectorAll("input[data-validate-path]").forEach(function (input) {
    var status = input.parentElement.querySelector("[data-path-status]");
    var pending;
    input.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var value = input.value.trim();
        if (!value) { status.textContent = ""; return; }
        fetch("/console/resources/validate?path=" + encodeURIComponent(value), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (v) {
            if (!v) return;
            status.textContent = v.valid ? "✓ valid path" : "✗ " + v.reason;
            input.setAttribute("aria-invalid", v.valid ? "false" : "true");
          });
      }, 300);
    });
  });
}

// Ask before a destructive form is sent.
function confirmForms() {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
}

// Move focus to the error summary so keyboard and screen reader users land on it.
function focusErrors() {
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary) summary.focus();
}

document.addEventListener("DOMContentLoaded", function () {
  watchActions();
  validatePaths();
  confirmForms();
  focusErrors();
});
