/*
 * <conclave-agenda src="https://conclave.example/summits/<slug>/schedule.json"></conclave-agenda>
 *
 * The released agenda of a Conclave summit on a partner's page, filterable by day and track.
 * Works under a strict Content-Security-Policy on both sides: no inline script or style (the
 * look comes from conclave-agenda.css next to this file, linked inside the shadow root), text
 * set with textContent only, and the schedule fetched without cookies (credentials: "omit").
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript && document.currentScript.src;
  var STYLESHEET = SCRIPT ? new URL("conclave-agenda.css", SCRIPT).href : null;
  var LABELS = {
    day: "Day",
    track: "Track",
    all: "All",
    loading: "Loading the agenda…",
    failed: "The agenda could not be loaded.",
    empty: "No sessions match.",
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function eventsOf(conference) {
    var list = [];
    conference.days.forEach(function (day) {
      Object.keys(day.rooms).forEach(function (room) {
        day.rooms[room].forEach(function (event) {
          list.push({ day: day.date, event: event });
        });
      });
    });
    list.sort(function (a, b) {
      return a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.event.id - b.event.id;
    });
    return list;
  }

  function endOf(event) {
    var parts = event.duration.split(":");
    var minutes = parseInt(event.start.slice(0, 2), 10) * 60 + parseInt(event.start.slice(3, 5), 10);
    minutes += parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
    minutes %= 24 * 60;
    return String(Math.floor(minutes / 60)).padStart(2, "0") + ":" + String(minutes % 60).padStart(2, "0");
  }

  class ConclaveAgenda extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var root = this.attachShadow({ mode: "open" });
      if (STYLESHEET) root.appendChild(el("link", { rel: "stylesheet", href: STYLESHEET }));
      this.status = el("p", { class: "status", role: "status" }, LABELS.loading);
      root.appendChild(this.status);
      this.load();
    }

    load() {
      var self = this;
      fetch(this.getAttribute("src"), { credentials: "omit", mode: "cors", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          self.render(data.schedule);
        })
        .catch(function () {
          self.status.textContent = LABELS.failed;
        });
    }

    select(name, label, values) {
      var id = "conclave-agenda-" + name;
      var wrap = el("p", { class: "filter" });
      wrap.appendChild(el("label", { for: id }, label));
      var select = el("select", { id: id, name: name });
      select.appendChild(el("option", { value: "" }, LABELS.all));
      values.forEach(function (value) {
        select.appendChild(el("option", { value: value[0] }, value[1]));
      });
      select.value = this.getAttribute(name) || "";
      select.addEventListener("change", this.filter.bind(this));
      wrap.appendChild(select);
      return { wrap: wrap, select: select };
    }

    render(schedule) {
      var conference = schedule.conference;
      var root = this.shadowRoot;
      var tz = conference.time_zone_name || "";
      var controls = el("form", { class: "filters", role: "search" });
      controls.addEventListener("submit", function (e) {
        e.preventDefault();
      });
      this.days = this.select(
        "day",
        LABELS.day,
        conference.days.map(function (d) {
          return [d.date, d.date];
        })
      );
      var tracks = (conference.tracks || []).map(function (t) {
        return [t.name, t.name];
      });
      this.tracks = this.select("track", LABELS.track, tracks);
      controls.appendChild(this.days.wrap);
      controls.appendChild(this.tracks.wrap);
      var heading = el("h2", { class: "title" }, conference.title);
      var note = el("p", { class: "zone" }, tz + " · " + schedule.version);
      this.list = el("ol", { class: "sessions" });
      this.items = eventsOf(conference).map(function (entry) {
        var event = entry.event;
        var item = el("li", { class: "session", "data-day": entry.day, "data-track": event.track || "" });
        item.appendChild(el("span", { class: "when" }, entry.day + " " + event.start + "–" + endOf(event)));
        var title = el("a", { class: "session-title", href: event.url, rel: "noopener" }, event.title);
        item.appendChild(title);
        var meta = [event.room, event.track].filter(Boolean).join(" · ");
        item.appendChild(el("span", { class: "meta" }, meta));
        if (event.persons && event.persons.length) {
          item.appendChild(
            el(
              "span",
              { class: "persons" },
              event.persons
                .map(function (p) {
                  return p.name || p.public_name;
                })
                .join(", ")
            )
          );
        }
        return item;
      });
      this.items.forEach(this.list.appendChild.bind(this.list));
      this.empty = el("p", { class: "empty", hidden: "" }, LABELS.empty);
      this.status.remove();
      [heading, note, controls, this.list, this.empty].forEach(root.appendChild.bind(root));
      this.filter();
    }

    filter() {
      var day = this.days.select.value;
      var track = this.tracks.select.value;
      var shown = 0;
      this.items.forEach(function (item) {
        var visible = (!day || item.dataset.day === day) && (!track || item.dataset.track === track);
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      this.empty.hidden = shown > 0;
    }
  }

  if (!customElements.get("conclave-agenda")) customElements.define("conclave-agenda", ConclaveAgenda);
})();
