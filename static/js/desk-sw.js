// The check-in desk's service worker: once the desk has been loaded, it reloads and works
// without a network. The desk page: network first (fresh when online), the last copy
// when not. Static files: the cached copy. Snapshots and uploads are never cached here (the
// desk page keeps its own snapshot). Served from the desk's path so its scope is the desk.
// The JavaScript catalog (/i18n/<language>/catalog.js, the desk's texts) is kept like the page:
// fresh when online, the last copy when not.
"use strict";
var CACHE = "conclave-desk-v1";
var PAGE_TIMEOUT_MS = 4000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache" && Array.isArray(data.urls)) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(data.urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(url, response);
        }).catch(function () {});
      }));
    }).then(function () {
      if (event.source) event.source.postMessage({ type: "cached" });
    }));
  } else if (data.type === "erase") {
    event.waitUntil(caches.delete(CACHE));
  }
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || cache.match(request, { ignoreSearch: true });
    });
  });
}

function page(request) {
  var network = fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
  var slow = new Promise(function (resolve, reject) {
    setTimeout(function () { reject(new Error("slow network")); }, PAGE_TIMEOUT_MS);
  });
  return Promise.race([network, slow]).catch(function () {
    return fromCache(request).then(function (hit) { return hit || network; });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Only the desk itself (any ?list=&desk=) is kept: not the figures, lists or search pages.
    if (url.pathname !== new URL(self.registration.scope).pathname || url.searchParams.has("q")) return;
    event.respondWith(page(request));
  } else if (/^\/i18n\/[^/]+\/catalog\.js$/.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromCache(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  }
});
