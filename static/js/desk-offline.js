// The offline desk. While online it keeps a snapshot of its check-in list (keyed hashes of
// badge secrets, names, what the rules need) and refreshes it every minute. Without a network
// it answers each scan from the snapshot, with the online wording, and queues it with an id
// made here and its time; back online it uploads the queue in order. checkin.js asks it
// through window.ConclaveDesk. Texts come from the page's data attributes (translated there).
(function () {
  "use strict";
  var status = document.getElementById("offline-status");
  if (!status) return;
  var form = document.getElementById("scan-form");
  var data = status.dataset;
  var slug = data.summit;
  var listId = parseInt(data.list, 10);
  var SNAPSHOT = "conclave-snapshot:" + slug + ":" + listId;
  var QUEUE = "conclave-queue:" + slug + ":" + listId;
  var SINCE = "conclave-offline-since:" + slug;
  var REFRESH_MS = 60000;
  var RETRY_MS = 5000;
  var BATCH = 200;

  var snapshot = null;
  var index = new Map();
  var revoked = new Map();
  var entered = new Map();   // hash -> {time, desk, inside} of scans made here and not yet sent
  var acknowledged = new Set(); // hashes whose acknowledgement was signed on paper here
  var hmacKey = null;
  var queue = [];
  var offline = !navigator.onLine;
  var syncing = false;
  var signedOut = false;     // a snapshot fetched after "Sign out" must not be stored again

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function clock(date) {
    var zone = snapshot ? snapshot.tz : undefined;
    try {
      return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(date);
    } catch (e) {
      return date.toTimeString().slice(0, 5);
    }
  }

  function render() {
    var state = offline ? "offline" : (syncing ? "syncing" : (snapshot ? "ready" : "loading"));
    status.setAttribute("data-state", state);
    status.setAttribute("data-queued", String(queue.length));
    var text;
    if (state === "offline") {
      text = snapshot ? fill(data.textOffline, { time: read(SINCE) || clock(new Date()), count: queue.length }) : data.textNosnapshot;
    } else if (state === "syncing") {
      text = fill(data.textSyncing, { count: queue.length });
    } else if (state === "ready") {
      text = queue.length ? fill(data.textWaiting, { count: queue.length }) : data.textReady;
    } else {
      text = data.textLoading;
    }
    status.textContent = text;
    status.className = "offline-status offline-" + state;
  }

  // ------------------------------------------------------------ the snapshot

  function erase() {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("conclave-snapshot:") === 0) window.localStorage.removeItem(key);
      });
    } catch (e) { /* storage off */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "erase" });
    }
  }

  function use(snap) {
    if (!snap || snap.list !== listId || String(snap.user) !== data.user || new Date(snap.expires) <= new Date()) {
      return Promise.resolve(false);
    }
    var keyBytes = new Uint8Array(snap.key.match(/../g).map(function (h) { return parseInt(h, 16); }));
    return window.crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]).then(function (key) {
      hmacKey = key;
      snapshot = snap;
      index = new Map(snap.badges.map(function (b) { return [b[0], b]; }));
      revoked = new Map(snap.revoked);
      return true;
    });
  }

  function refresh() {
    return fetch(data.snapshotUrl, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 404) { erase(); snapshot = null; return null; }
        if (!response.ok) throw new Error("snapshot " + response.status);
        return response.json();
      })
      .then(function (snap) {
        if (!snap || signedOut) return;
        snap.user = data.user;
        write(SNAPSHOT, snap);
        return use(snap).then(function () { online(); });
      })
      .catch(function () { goOffline(); })
      .finally(render);
  }

  function hash(code) {
    var bytes = new TextEncoder().encode(code);
    return window.crypto.subtle.sign("HMAC", hmacKey, bytes).then(function (signature) {
      var hex = Array.prototype.map.call(new Uint8Array(signature), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      return hex.slice(0, snapshot.hash_hex);
    });
  }

  // ------------------------------------------------------------ answering without a network

  function answer(outcome, values, badge) {
    var text = snapshot.texts.outcomes[outcome];
    return {
      outcome: outcome,
      tone: text.tone,
      ok: text.tone === "ok",
      headline: text.headline,
      message: fill(text.message, values || {}),
      name: badge ? badge[1] : "",
      details: badge ? [badge[2], badge[3]].filter(Boolean) : [],
      offline: true
    };
  }

  function normalize(raw) {
    var code = String(raw || "").replace(/\s+/g, "").replace(/-/g, "");
    return /^[A-Za-z0-9]{1,64}$/.test(code) ? code.toUpperCase() : null;
  }

  // Where the person stands at this list: entered here and not yet sent, else the snapshot's
  // counted entry (or, at lists that track exits, the last entry or exit and "in"/"out").
  function presence(h, badge) {
    if (entered.has(h)) return entered.get(h);
    return badge[5] ? { time: badge[5], desk: badge[6], inside: badge[7] !== "out" } : null;
  }

  function verdict(code, now, desk, exit) {
    if (!code) return Promise.resolve(answer("malformed"));
    return hash(code).then(function (h) {
      if (revoked.has(h)) return answer("revoked", { time: revoked.get(h) });
      var badge = index.get(h);
      if (!badge) return answer("unknown");
      var before = presence(h, badge);
      if (exit) {
        // An exit passes whenever the badge is valid; the list's entry rules do not apply.
        if (badge[4] === "not_approved") return answer(badge[4], {}, badge);
        if (!before || !before.inside) return answer("not_inside", {}, badge);
        entered.set(h, { time: clock(now), desk: desk, inside: false });
        return answer("exited", { time: clock(now) }, badge);
      }
      var deny = badge[4] === "acknowledgement_missing" && acknowledged.has(h) ? "" : badge[4];
      if (deny) return withCollect(answer(deny, {}, badge), deny, code);
      if ((snapshot.opens && now < new Date(snapshot.opens)) || (snapshot.closes && now >= new Date(snapshot.closes))) {
        return answer("outside_window", {}, badge);
      }
      if (before && !snapshot.reentry && (before.inside || !snapshot.exits)) {
        return answer(snapshot.amber, { time: before.time, desk: before.desk ? fill(snapshot.texts.by, { desk: before.desk }) : "" }, badge);
      }
      entered.set(h, { time: clock(now), desk: desk, inside: true });
      return answer(snapshot.green, { time: clock(now) }, badge);
    });
  }

  // "Acknowledgement missing" at a door: the desk may record one signed on paper, offline too.
  function withCollect(result, deny, code) {
    if (deny === "acknowledgement_missing" && snapshot.acknowledgement) {
      result.collect = { offline: true, code: code, version: snapshot.acknowledgement.version };
    }
    return result;
  }

  function newId() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function enqueue(scan) {
    queue.push(scan);
    write(QUEUE, queue);
    render();
  }

  function scanOffline(raw, desk, exit) {
    goOffline();
    if (!snapshot) {
      return Promise.resolve({ outcome: "no_snapshot", tone: "bad", headline: data.textNosnapshot, message: "" });
    }
    var now = new Date();
    var code = normalize(raw);
    return verdict(code, now, desk, exit).then(function (result) {
      if (code) {
        var scan = { id: newId(), code: code, at: now.toISOString(), desk: desk, outcome: result.outcome };
        if (exit) scan.exit = true;
        enqueue(scan);
      }
      render();
      return result;
    });
  }

  // The person read and signed the door's acknowledgement on paper: queue the acceptance with
  // a scan that now passes, as the online button records it and checks the door again.
  function collectOffline(collect, desk) {
    if (!snapshot || !snapshot.acknowledgement || collect.version !== snapshot.acknowledgement.version) {
      return Promise.resolve(answer("acknowledgement_missing"));
    }
    return hash(collect.code).then(function (h) {
      acknowledged.add(h);
      var now = new Date();
      return verdict(collect.code, now, desk, false).then(function (result) {
        enqueue({ id: newId(), code: collect.code, at: now.toISOString(), desk: desk, outcome: result.outcome, acknowledgement: collect.version });
        result.details = (result.details || []).concat([snapshot.texts.paper]);
        return result;
      });
    });
  }

  // ------------------------------------------------------------ back online: the upload

  function token() {
    var field = form && form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function sync() {
    if (syncing || !queue.length) return Promise.resolve();
    syncing = true;
    render();
    var batch = queue.slice(0, BATCH);
    return fetch(data.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token() },
      body: JSON.stringify({ list: listId, scans: batch })
    }).then(function (response) {
      if (!response.ok) throw new Error("sync " + response.status);
      return response.json();
    }).then(function () {
      var sent = new Set(batch.map(function (s) { return s.id; }));
      queue = queue.filter(function (s) { return !sent.has(s.id); });
      write(QUEUE, queue);
      syncing = false;
      if (queue.length) return sync();
      entered.clear();
      acknowledged.clear();
      return refresh();
    }).catch(function () {
      syncing = false;
    }).finally(render);
  }

  function online() {
    if (offline) {
      offline = false;
      try { window.localStorage.removeItem(SINCE); } catch (e) { /* storage off */ }
    }
    if (queue.length) sync();
  }

  function goOffline() {
    if (!offline) {
      offline = true;
      if (!read(SINCE)) write(SINCE, clock(new Date()));
    }
    render();
  }

  // ------------------------------------------------------------ start

  queue = read(QUEUE) || [];
  window.ConclaveDesk = {
    isOffline: function () { return offline || !navigator.onLine; },
    scan: scanOffline,
    collect: collectOffline
  };

  use(read(SNAPSHOT)).then(function () {
    // Scans queued before a reload still count as entered at this desk.
    var pending = queue.filter(function (s) { return snapshot && (s.outcome === snapshot.green || s.outcome === "exited"); });
    return Promise.all(pending.map(function (s) {
      return hash(s.code).then(function (h) {
        entered.set(h, { time: clock(new Date(s.at)), desk: s.desk, inside: !s.exit });
        if (s.acknowledgement) acknowledged.add(h);
      });
    }));
  }).finally(function () {
    if (navigator.onLine) refresh(); else goOffline();
    render();
  });

  window.addEventListener("offline", goOffline);
  window.addEventListener("online", function () { sync().then(refresh); });
  window.setInterval(function () { if (offline) refresh(); }, RETRY_MS);
  window.setInterval(function () { if (!offline) sync().then(refresh); }, REFRESH_MS);

  // A reprint at this desk revokes a secret: fetch the snapshot until it lists one more revoked
  // secret (the reprint's answer is a download, so nothing says when it is stored; a fixed delay
  // was too short on a slow machine).
  var REPRINT_TRIES = 20;
  function refreshAfterReprint(before, tries) {
    return refresh().then(function () {
      if (signedOut || tries <= 1 || (snapshot && snapshot.revoked.length > before)) return;
      return new Promise(function (resolve) { window.setTimeout(resolve, 1000); }).then(function () {
        return refreshAfterReprint(before, tries - 1);
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || "";
    if (action.indexOf("/reprint/") !== -1) refreshAfterReprint(snapshot ? snapshot.revoked.length : 0, REPRINT_TRIES);
    if (action.indexOf("logout") !== -1) { signedOut = true; erase(); }
  });

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "cached") status.setAttribute("data-cached", "true");
    });
    navigator.serviceWorker.register(data.workerUrl, { scope: data.workerScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [window.location.href];
      document.querySelectorAll("link[rel=stylesheet], script[src], link[rel=manifest], link[rel=icon]").forEach(function (el) {
        urls.push(el.href || el.src);
      });
      registration.active.postMessage({ type: "cache", urls: urls });
    }).catch(function () { /* the desk still works online */ });
  }
})();
