// Leadline's form pages inside WeCom: loaded after WeCom's JS-SDK (jweixin-1.2.0.js, jwxwork-1.0.0.js). Defines
// window.LeadlinePlatform.getLocation(), the phone's position in GCJ-02 from wx.getLocation({type: 'gcj02'}),
// after wx.config and wx.agentConfig with the signatures the server computes for this page
// (GET /m/jsapi/wecom?url=…, JS-SDK 签名算法, https://developer.work.weixin.qq.com/document/path/96909).
(function () {
  'use strict';
  var API = ['getLocation'];
  var configured = null;

  function signatures() {
    var url = location.href.split('#')[0];
    return fetch('/m/jsapi/wecom?url=' + encodeURIComponent(url), { credentials: 'same-origin' }).then(
      function (res) {
        if (!res.ok) throw new Error('jsapi signature: HTTP ' + res.status);
        return res.json();
      },
    );
  }

  function configure() {
    if (configured !== null) return configured;
    configured = signatures().then(function (c) {
      return new Promise(function (resolve, reject) {
        var wx = window.wx;
        if (!wx || typeof wx.config !== 'function') return reject(new Error('WeCom JS-SDK not loaded'));
        wx.error(function (e) {
          reject(new Error('wx.config: ' + JSON.stringify(e)));
        });
        // wx.config with the company's ticket, then wx.agentConfig with the app's (path/90514, path/90515).
        wx.config({
          beta: true,
          debug: false,
          appId: c.corpId,
          timestamp: c.config.timestamp,
          nonceStr: c.config.nonceStr,
          signature: c.config.signature,
          jsApiList: API,
        });
        wx.ready(function () {
          wx.agentConfig({
            corpid: c.corpId,
            agentid: c.agentId,
            timestamp: c.agentConfig.timestamp,
            nonceStr: c.agentConfig.nonceStr,
            signature: c.agentConfig.signature,
            jsApiList: API,
            success: function () {
              resolve(wx);
            },
            fail: function (e) {
              reject(new Error('wx.agentConfig: ' + JSON.stringify(e)));
            },
          });
        });
      });
    });
    configured.catch(function () {
      configured = null;
    });
    return configured;
  }

  window.LeadlinePlatform = {
    name: 'wecom',
    /** {lat, lng, accuracy (m), time (epoch ms), datum: 'gcj02'}: WeCom's getLocation with type gcj02. */
    getLocation: function () {
      return configure().then(function (wx) {
        return new Promise(function (resolve, reject) {
          wx.getLocation({
            type: 'gcj02',
            success: function (r) {
              resolve({
                lat: Number(r.latitude),
                lng: Number(r.longitude),
                accuracy: Number(r.accuracy),
                time: Date.now(),
                datum: 'gcj02',
              });
            },
            fail: function (e) {
              reject(new Error('wx.getLocation: ' + JSON.stringify(e)));
            },
            cancel: function () {
              reject(new Error('wx.getLocation: cancelled'));
            },
          });
        });
      });
    },
  };
})();
