// The mobile form page's one script (issue 20), served from our own origin. Progressive enhancement: without it
// the form still submits, only without a position. The position comes from the messenger's JSAPI when the page's
// platform script defines window.LeadlinePlatform (WeCom getLocation, DingTalk device.geolocation.get), else
// from the browser; the server converts WGS-84 to GCJ-02 before storing it.
'use strict';

(function () {
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (_m, k) {
      return vars[k] === undefined ? '' : String(vars[k]);
    });
  }

  function browserPosition() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) {
        reject(new Error('geolocation unavailable'));
        return;
      }
      navigator.geolocation.getCurrentPosition(
        function (p) {
          resolve({
            lat: p.coords.latitude,
            lng: p.coords.longitude,
            accuracy: typeof p.coords.accuracy === 'number' ? p.coords.accuracy : null,
            time: Math.round(p.timestamp || Date.now()),
            datum: 'wgs84',
          });
        },
        function (err) {
          reject(new Error(err && err.message ? err.message : 'denied'));
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
      );
    });
  }

  function position() {
    var platform = window.LeadlinePlatform;
    if (platform && typeof platform.getLocation === 'function')
      return Promise.resolve(platform.getLocation());
    return browserPosition();
  }

  function setupPlace(box) {
    var name = box.getAttribute('data-place');
    var button = box.querySelector('[data-place-button]');
    var status = box.querySelector('[data-place-status]');
    var part = function (p) {
      return box.querySelector('input[name="' + name + '.' + p + '"]');
    };
    status.textContent = box.getAttribute('data-none');
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      status.textContent = box.getAttribute('data-asking');
      position()
        .then(function (p) {
          if (!p || !isFinite(p.lat) || !isFinite(p.lng)) throw new Error('no position');
          var datum = p.datum === 'gcj02' ? 'gcj02' : 'wgs84';
          var time = isFinite(p.time) ? Math.round(p.time) : Date.now();
          part('lat').value = String(p.lat);
          part('lng').value = String(p.lng);
          part('accuracy').value = p.accuracy === null || p.accuracy === undefined ? '' : String(p.accuracy);
          part('time').value = String(time);
          part('datum').value = datum;
          var lang = document.documentElement.lang || undefined;
          status.textContent = fill(box.getAttribute('data-got'), {
            accuracy: p.accuracy === null || p.accuracy === undefined ? '?' : Math.round(p.accuracy),
            time: new Date(time).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }),
          });
        })
        .catch(function (err) {
          status.textContent = fill(box.getAttribute('data-denied'), { reason: err.message || 'denied' });
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  function setupForm(form) {
    var sending = form.getAttribute('data-sending');
    form.addEventListener('submit', function () {
      var submit = form.querySelector('button[type="submit"]');
      if (!submit) return;
      // One submission per tap: the link is single-use anyway, this spares the rep a "used" page.
      setTimeout(function () {
        submit.disabled = true;
        if (sending) submit.textContent = sending;
      }, 0);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-place]'), setupPlace);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-sending]'), setupForm);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
