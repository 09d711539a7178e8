// Leadline's form pages inside DingTalk: loaded after DingTalk's dd JSAPI (dingtalk.open.js). Its query string
// says what to do: mode=signin asks dd for a 免登 code (dd.runtime.permission.requestAuthCode, "企业内部应用免登",
// https://open.dingtalk.com/document/orgapp-server/enterprise-internal-application-logon-free), posts it to
// /m/sso/dingtalk/<token> and reloads into the form; mode=form defines window.LeadlinePlatform.getLocation() with
// dd.device.geolocation.get after dd.config ("获取当前地理位置信息(单次定位)",
// https://open.dingtalk.com/document/orgapp/obtain-current-geographic-location-information-single-positioning:
// coordinate 1 asks for 高德 coordinates, which are GCJ-02; iOS needs dd.config for it).
(function () {
  'use strict';
  var script = document.currentScript;
  var params = new URLSearchParams(script && script.src ? script.src.split('?')[1] || '' : '');
  var corpId = params.get('corpId') || '';
  var token = location.pathname.split('/').pop();

  function say(text) {
    var card = document.querySelector('.card');
    if (card) card.textContent = text;
  }

  function signIn() {
    var dd = window.dd;
    if (!dd || typeof dd.ready !== 'function') return; // not inside DingTalk: the page already says what to do
    dd.ready(function () {
      var done = function (code) {
        fetch('/m/sso/dingtalk/' + token, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: code }),
        }).then(
          function (res) {
            if (res.status === 204) return location.reload();
            return res.json().then(function (j) {
              say(j.message || 'HTTP ' + res.status);
            });
          },
          function (e) {
            say(String(e));
          },
        );
      };
      var fail = function (e) {
        say('DingTalk: ' + JSON.stringify(e));
      };
      if (dd.runtime && dd.runtime.permission && dd.runtime.permission.requestAuthCode) {
        dd.runtime.permission.requestAuthCode({
          corpId: corpId,
          onSuccess: function (r) {
            done(r.code);
          },
          onFail: fail,
        });
      } else if (typeof dd.getAuthCode === 'function') {
        // The newer unified API ("免登授权码", dingtalk-jsapi getAuthCode: {corpId} → {authCode}).
        dd.getAuthCode({
          corpId: corpId,
          success: function (r) {
            done(r.authCode || r.code);
          },
          fail: fail,
        });
      }
    });
  }

  var configured = null;
  function configure() {
    if (configured !== null) return configured;
    var url = location.href.split('#')[0];
    configured = fetch('/m/jsapi/dingtalk?url=' + encodeURIComponent(url), { credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('jsapi signature: HTTP ' + res.status);
        return res.json();
      })
      .then(function (c) {
        return new Promise(function (resolve, reject) {
          var dd = window.dd;
          if (!dd || typeof dd.config !== 'function') return reject(new Error('DingTalk JSAPI not loaded'));
          dd.config({
            agentId: c.agentId,
            corpId: c.corpId,
            timeStamp: c.timeStamp,
            nonceStr: c.nonceStr,
            signature: c.signature,
            type: 0,
            jsApiList: ['device.geolocation.get'],
          });
          dd.error(function (e) {
            reject(new Error('dd.config: ' + JSON.stringify(e)));
          });
          dd.ready(function () {
            resolve(dd);
          });
        });
      });
    configured.catch(function () {
      configured = null;
    });
    return configured;
  }

  window.LeadlinePlatform = {
    name: 'dingtalk',
    /** {lat, lng, accuracy (m), time (epoch ms), datum: 'gcj02'}: DingTalk's 高德 (GCJ-02) coordinates. */
    getLocation: function () {
      return configure().then(function (dd) {
        return new Promise(function (resolve, reject) {
          dd.device.geolocation.get({
            targetAccuracy: 200,
            coordinate: 1,
            withReGeocode: false,
            useCache: false,
            onSuccess: function (r) {
              resolve({
                lat: Number(r.latitude),
                lng: Number(r.longitude),
                accuracy: Number(r.accuracy),
                time: Date.now(),
                datum: 'gcj02',
              });
            },
            onFail: function (e) {
              reject(new Error('dd.device.geolocation.get: ' + JSON.stringify(e)));
            },
          });
        });
      });
    },
  };

  if (params.get('mode') === 'signin') signIn();
})();
