// Agenda builder: drag a session onto another room or time to move it (same length).
// Progressive enhancement only: without it, the edit form moves and resizes sessions.
(function () {
  "use strict";
  var grid = document.querySelectorAll(".agenda-grid");
  if (!grid.length || !window.fetch) return;
  // Texts come from Django's JavaScript catalog (a script before this one); without it, English.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };
  var tokenInput = document.querySelector("#grid-csrf input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var dragged = null;

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function move(session, cell, saveAnyway) {
    var fields = { room: cell.dataset.room, day: cell.dataset.day, start_time: cell.dataset.start };
    if (saveAnyway) fields.save_anyway = "on";
    post(session.dataset.moveUrl, fields).then(function (result) {
      if (result.data.ok) {
        window.location.reload();
      } else if (result.status === 409) {
        var text = interpolate(gettext("Moving “%(title)s” conflicts:"), { title: session.dataset.title }, true) +
          "\n\n- " + result.data.conflicts.join("\n- ") + "\n\n" + gettext("Save anyway?");
        if (window.confirm(text)) move(session, cell, true);
      } else {
        var errors = [];
        Object.keys(result.data.errors || {}).forEach(function (k) { errors = errors.concat(result.data.errors[k]); });
        window.alert(gettext("Not moved:") + " " + errors.join(" "));
      }
    });
  }

  document.querySelectorAll(".grid-session[draggable=true]").forEach(function (session) {
    session.addEventListener("dragstart", function (event) {
      dragged = session;
      session.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", session.id);
    });
    session.addEventListener("dragend", function () {
      session.classList.remove("dragging");
      dragged = null;
    });
  });
  document.querySelectorAll(".grid-cell").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      cell.classList.add("drop-target");
    });
    cell.addEventListener("dragleave", function () { cell.classList.remove("drop-target"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop-target");
      if (dragged) move(dragged, cell, false);
    });
  });
})();
