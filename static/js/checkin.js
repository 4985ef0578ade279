// Check-in desk: answer each scan in place without reloading, and scan with the
// camera where the browser has BarcodeDetector. Without JavaScript the form posts
// and the page answers the same way.
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form) return;
  // Texts come from Django's JavaScript catalog (a script before this one); without it, English.
  var gettext = window.gettext || function (text) { return text; };
  var input = form.querySelector("[name=code]");
  var desk = form.querySelector("[name=desk]");
  var result = document.getElementById("scan-result");
  var busy = false;

  try {
    var saved = window.localStorage.getItem("conclave-desk");
    if (saved && desk && desk.value === "Desk 1") desk.value = saved;
    desk.addEventListener("change", function () { window.localStorage.setItem("conclave-desk", desk.value); });
  } catch (e) { /* storage may be off */ }

  function line(cls, text) {
    var p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    return p;
  }

  var shown = 0;

  function show(data) {
    // Counts the answers shown, so that tests (and people) can tell two equal verdicts apart.
    shown += 1;
    result.setAttribute("data-count", String(shown));
    result.className = "scan-result scan-" + (data.tone || "bad");
    result.setAttribute("data-outcome", data.outcome || "malformed");
    result.replaceChildren();
    result.appendChild(line("scan-headline", data.headline || gettext("Not a badge code")));
    if (data.name) result.appendChild(line("scan-name", data.name));
    if (data.message) result.appendChild(line("scan-message", data.message));
    if (data.details && data.details.length) result.appendChild(line("scan-details", data.details.join(" · ")));
    if (data.collect) result.appendChild(collectButton(data.collect));
  }

  // "Acknowledgement missing": staff record that the person signed it on paper; the answer
  // is the door check made again (now "Admit").
  function collectButton(collect) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = form.getAttribute("data-collect-label") || gettext("Signed on paper: record it and admit");
    button.addEventListener("click", function () {
      button.disabled = true;
      if (collect.offline && offlineDesk()) {
        offlineDesk().collect(collect, desk ? desk.value : "").then(show);
        return;
      }
      var body = new URLSearchParams();
      body.set("registration", collect.registration);
      body.set("session", collect.session);
      body.set("version", collect.version);
      body.set("desk", desk ? desk.value : "");
      post(form.getAttribute("data-collect-url"), body);
    });
    return button;
  }

  function post(url, body) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(show).catch(function () {
      show({ tone: "bad", headline: gettext("No answer"), message: gettext("The scan did not reach the server. Try again.") });
    });
  }

  function isExit() {
    var checked = form.querySelector("[name=direction]:checked");
    return Boolean(checked && checked.value === "out");
  }

  // Without a network, the offline desk (desk-offline.js) answers from its list's snapshot.
  function offlineDesk() {
    return window.ConclaveDesk || null;
  }

  function send(code) {
    if (busy) return;
    busy = true;
    var body = new URLSearchParams(new FormData(form));
    body.set("code", code);
    var offline = offlineDesk();
    if (offline && offline.isOffline()) {
      offline.scan(code, desk ? desk.value : "", isExit()).then(show).finally(function () {
        busy = false;
        input.value = "";
        input.focus();
      });
      return;
    }
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(show).catch(function () {
      if (offlineDesk()) return offlineDesk().scan(code, desk ? desk.value : "", isExit()).then(show);
      show({ tone: "bad", headline: gettext("No answer"), message: gettext("The scan did not reach the server. Try again.") });
    }).finally(function () {
      busy = false;
      input.value = "";
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
  });

  // Camera scanning (phones): BarcodeDetector where the browser has it.
  var button = document.getElementById("camera-button");
  var video = document.getElementById("camera-view");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !button || !video) return;
  button.hidden = false;
  var stream = null;
  var last = "";
  var lastAt = 0;
  button.addEventListener("click", function () {
    if (stream) {
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
      button.textContent = gettext("Scan with camera");
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = gettext("Stop camera");
      return video.play();
    }).then(function tick() {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length && (codes[0].rawValue !== last || now - lastAt > 4000)) {
          last = codes[0].rawValue;
          lastAt = now;
          send(last);
        }
      }).catch(function () {}).finally(function () { window.setTimeout(tick, 250); });
    }).catch(function () {
      show({ tone: "bad", headline: gettext("No camera"), message: gettext("The camera could not be opened; use the scanner or type the code.") });
    });
  });
})();
