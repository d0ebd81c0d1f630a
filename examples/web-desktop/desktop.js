// Acme Agent Web — a third party's web agent desktop, in plain browser JavaScript (no build step),
// written from flowcert's README alone: "Wire format, for third parties" (one JSON envelope per
// WebSocket text frame, requests numbered by referenceId and answered with EventAck or EventError).
// It imports nothing of flowcert's.
//
// The page is opened with ?server=<the Interaction Server's ws:// URL>&participant=<its name>.
// With ?presence=stale it has a flaw on purpose: it draws each channel's presence from the first
// status event only, so a change reported later never shows (flowcert.stale.sut.yaml).
(function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var server = query.get('server');
  var myName = query.get('participant') || 'Acme Agent Web';
  var stalePresence = query.get('presence') === 'stale';

  var socket = null;
  var lastRef = 100;
  var waiting = {}; // referenceId -> callback(answer)
  var offer = null; // { ticket, id, channel }
  var drawn = {}; // channel -> true once its presence was drawn (the stale flaw reads this)

  function el(sel) { return document.querySelector(sel); }

  function setWaiting() {
    document.body.classList.toggle('waiting', Object.keys(waiting).length > 0);
  }

  function ask(message, attributes, then) {
    if (!socket || socket.readyState !== 1) { notice('not connected: ' + message + ' not sent'); return; }
    var ref = ++lastRef;
    waiting[ref] = then || function () {};
    setWaiting();
    socket.send(JSON.stringify({ protocol: 'InteractionManagement', message: message, referenceId: ref, attributes: attributes }));
  }

  function ok(answer) { return answer.message === 'EventAck'; }

  function notice(text) {
    var li = document.createElement('li');
    li.textContent = text;
    el('.problems').appendChild(li);
  }

  function refused(what, answer) {
    var a = answer.attributes || {};
    notice(what + ' refused: ' + (a.ErrorCode !== undefined ? a.ErrorCode + ' ' : '') + (a.ErrorDescription || a.ErrorMessage || ''));
  }

  // ---- channels and presence --------------------------------------------------------------------

  function channelRow(channel) {
    var row = el('.channel[data-channel="' + channel + '"]');
    if (row) return row;
    row = document.createElement('div');
    row.className = 'channel';
    row.setAttribute('data-channel', channel);
    row.innerHTML = '<span class="name"></span> <span class="presence">—</span>' +
      ' <button class="go-ready">Ready</button> <button class="go-away">Not Ready</button>';
    row.querySelector('.name').textContent = channel;
    row.querySelector('.go-ready').onclick = function () {
      ask('RequestCancelNotReadyForMedia', { MediaTypeName: channel }, function (a) { if (!ok(a)) refused('ready for ' + channel, a); });
    };
    row.querySelector('.go-away').onclick = function () {
      ask('RequestNotReadyForMedia', { MediaTypeName: channel }, function (a) { if (!ok(a)) refused('not ready for ' + channel, a); });
    };
    el('.channels').appendChild(row);
    return row;
  }

  function drawPresence(states) {
    Object.keys(states).forEach(function (channel) {
      if (stalePresence && drawn[channel]) return; // the flaw
      drawn[channel] = true;
      var v = states[channel];
      channelRow(channel).querySelector('.presence').textContent = v === 1 ? 'Ready' : v === 0 ? 'Not Ready' : 'State ' + v;
    });
  }

  // ---- sign in and out ----------------------------------------------------------------------------

  el('.sign-in').onclick = function () {
    var channels = Array.prototype.map.call(document.querySelectorAll('input[name=channel]:checked'), function (c) { return c.value; });
    var list = {};
    channels.forEach(function (c) { list[c] = 1; });
    var user = el('#user-id').value;
    ask('RequestAgentLogin', { TenantId: 101, AgentId: user, PlaceId: el('#station').value, MediaList: list }, function (a) {
      if (!ok(a)) return refused('sign in', a);
      el('.who').textContent = user;
      channels.forEach(channelRow);
      el('#sign-in-card').hidden = true;
      el('.session-bar').hidden = false;
    });
  };

  el('.sign-out').onclick = function () {
    ask('RequestAgentLogout', {}, function (a) {
      if (!ok(a)) return refused('sign out', a);
      el('.session-bar').hidden = true;
      el('#sign-in-card').hidden = false;
    });
  };

  // ---- work offers (EventInvite) ------------------------------------------------------------------

  function showOffer() {
    el('.offer-card').hidden = !offer;
    if (offer) el('.offer-text').textContent = offer.channel + ' item ' + offer.id;
  }

  function answerOffer(take) {
    if (!offer) return;
    var o = offer;
    var attrs = { TicketId: o.ticket, InteractionId: o.id };
    var note = el('.decline-note').value;
    if (!take && note) attrs.Reason = { ReasonDescription: note };
    offer = null;
    el('.decline-note').value = '';
    showOffer();
    ask(take ? 'RequestAccept' : 'RequestReject', attrs, function (a) { if (!ok(a)) refused((take ? 'take ' : 'decline ') + o.id, a); });
  }
  el('.take').onclick = function () { answerOffer(true); };
  el('.decline').onclick = function () { answerOffer(false); };

  // ---- the connection -----------------------------------------------------------------------------

  function onFrame(text) {
    var m;
    try { m = JSON.parse(text); } catch (e) { notice('unreadable frame'); return; }
    if (m.referenceId !== undefined && waiting[m.referenceId] && (m.message === 'EventAck' || m.message === 'EventError')) {
      var then = waiting[m.referenceId];
      delete waiting[m.referenceId];
      setWaiting();
      then(m);
      return;
    }
    var a = m.attributes || {};
    if (m.message === 'EventInvite') {
      var ixn = a.Interaction || {};
      offer = { ticket: a.TicketId, id: ixn.InteractionId, channel: ixn.InteractionMediatype || '?' };
      showOffer();
    } else if (m.message === 'EventRevoked') {
      if (offer && a.Interaction && a.Interaction.InteractionId === offer.id) { offer = null; showOffer(); }
    } else if (m.message === 'EventCurrentAgentStatus') {
      drawPresence(a.MediaStateList || {});
    } else if (m.message === 'EventError') {
      refused('the server', m);
    }
  }

  if (!server) { notice('no ?server= in the address'); return; }
  socket = new WebSocket(server);
  socket.onopen = function () {
    ask('RequestRegisterClient', { ClientName: myName, ClientType: 'AgentApplication' }, function (a) {
      if (!ok(a)) return refused('register', a);
      el('#link').textContent = 'online';
      el('#link').setAttribute('data-up', 'yes');
    });
  };
  socket.onmessage = function (e) { onFrame(String(e.data)); };
  socket.onclose = function () { el('#link').textContent = 'offline'; el('#link').setAttribute('data-up', 'no'); };
})();
