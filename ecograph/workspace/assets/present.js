/* ecograph workspace: present mode, for a class. Full screen, large type, step by step, and
 * everything from the keyboard (a projector, no mouse):
 *   P (or the Present button)  start          Right / Page Down / Space  next step
 *   Left / Page Up             step back      Home                       first step
 *   4                          the four systems only (and back)
 *   Esc                        back to the workspace
 * Steps: the systems empty; the actors; cooperation; agreement; conflict; where conflict is
 * likely, one reason each (the server's plain words: ecograph/workspace/plain.py).
 * The map is the workspace's own (the four-system layout and palette); the smallest type is
 * the projector style's (--present-text in /assets/palette.css: 2.5% of the screen height). */
(function () {
  'use strict';
  var FOUR = ['change_agent', 'client', 'target', 'action'];
  var TYPES = ['cooperation', 'agreement', 'conflict'];
  var STEPS = [
    { title: 'The four systems', actors: false, types: [] },
    { title: 'Who is in each system', actors: true, types: [] },
    { title: 'Cooperation', actors: true, types: ['cooperation'] },
    { title: 'Agreement', actors: true, types: ['cooperation', 'agreement'] },
    { title: 'Conflict', actors: true, types: TYPES },
    { title: 'Where conflict is likely', actors: true, types: TYPES, likely: true }
  ];
  var MOST = 4;  // likely conflicts listed at once (the rest are counted)
  var P = { sx: 1, on: false, step: 0, four: false, cy: null, drawn: 0, full: false, data: null };

  var W = window.ecographWorkspace, byId = W.byId, el = W.el, clear = W.clear;  // the page's helpers

  // The smallest label, in screen pixels: the projector style's share of the screen height,
  // with a little to spare (the browser rounds font sizes).
  function minText() {
    var v = getComputedStyle(document.documentElement).getPropertyValue('--present-text').trim();
    var share = parseFloat(v) / 100 || 0.025;
    return Math.ceil(share * window.innerHeight * 1.1);
  }

  function build() {
    var box = el('div'); box.id = 'present'; box.hidden = true;
    box.setAttribute('role', 'dialog'); box.setAttribute('aria-label', 'Present mode');
    var head = el('div', null, 'present-head'); box.appendChild(head);
    var count = el('span', '', 'present-count'); count.id = 'present-count'; head.appendChild(count);
    var title = el('h1', ''); title.id = 'present-title'; head.appendChild(title);
    var legend = el('div', null, 'present-legend'); legend.id = 'present-legend'; head.appendChild(legend);
    var body = el('div', null, 'present-body'); box.appendChild(body);
    var map = el('div'); map.id = 'present-cy'; body.appendChild(map);
    var side = el('div'); side.id = 'present-side'; body.appendChild(side);
    var keys = el('div', '\u2192 next   \u2190 back   4 four systems only   Esc leave', 'present-keys');
    keys.id = 'present-keys'; box.appendChild(keys);
    document.body.appendChild(box);
  }

  function ws() { return W.state(); }

  function enter() {
    var st = ws();
    if (P.on || !st || !st.view) return;
    P.on = true; P.step = 0; P.data = st;
    document.body.classList.add('presenting');
    byId('present').hidden = false;
    var root = document.documentElement;
    if (root.requestFullscreen) {
      root.requestFullscreen().then(function () { P.full = true; }, function () { P.full = false; });
    }
    if (!P.cy) {
      P.cy = cytoscape({ container: byId('present-cy'), elements: [], layout: { name: 'preset' },
        userZoomingEnabled: false, userPanningEnabled: false, boxSelectionEnabled: false,
        autoungrabify: true, autounselectify: true });
      window.ecographPresent.cy = P.cy;
    }
    render();
  }

  function leave() {
    if (!P.on) return;
    P.on = false;
    byId('present').hidden = true;
    document.body.classList.remove('presenting');
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    P.full = false;
    window.dispatchEvent(new Event('resize'));  // the workspace's map takes its place again
    var b = byId('present-open'); if (b) b.focus();
  }

  function go(step) {
    P.step = Math.max(0, Math.min(STEPS.length - 1, step));
    render();
  }

  function keep(key) { return P.four ? FOUR.indexOf(key) >= 0 : true; }

  function likely() {
    var a = P.data.analysis;
    if (!a || !a.plain) return null;
    return a.plain.hotspots.filter(function (h) { return h.word === 'likely'; });
  }

  function elements(step) {
    var m = P.data.view.map, sys = m.styles.systems, out = [];
    var regions = m.regions.filter(function (r) { return keep(r.key); });
    regions.forEach(function (r) {
      var s = sys[r.key] || sys.other;
      out.push({ group: 'nodes', classes: 'region', data: { id: 'region:' + r.key, w: P.sx * (r.x1 - r.x0), h: r.y1 - r.y0,
        tint: s.tint, ink: s.ink }, position: { x: P.sx * (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 } });
    });
    regions.forEach(function (r) {  // the systems' names, drawn above the lines that cross them
      var s = sys[r.key] || sys.other;
      // the small systems' names (professional, problem identification, none) at the smallest
      // type, on two lines if need be: three side by side never run into one another
      var small = FOUR.indexOf(r.key) < 0 ? 1 : 0;
      out.push({ group: 'nodes', classes: 'title', data: { id: 'title:' + r.key, label: r.label.replace(/ system$/, '').replace(/-/g, ' '),
        ink: s.ink, tint: s.tint, small: small, maxw: P.sx * (r.x1 - r.x0) * 0.92 },
        position: { x: P.sx * (r.x0 + r.x1) / 2, y: r.y0 } });
    });
    var shown = {}, involved = null;
    if (step.likely) {  // only the pairs where conflict is likely keep their names and lines
      involved = {};
      (likely() || []).slice(0, MOST).forEach(function (h) { involved[h.a] = involved[h.b] = true; });
    }
    if (step.actors) {
      m.actors.forEach(function (a) {
        if (!a.home.some(keep)) return;
        var s = sys[a.home[0]] || sys.other;
        shown[a.id] = true;
        out.push({ group: 'nodes', classes: 'actor kind-' + a.kind + (involved && !involved[a.id] ? ' quiet' : ''), data: { id: a.id, label: a.name, power: a.power, ink: s.ink,
          home: a.home.filter(keep)[0] || a.home[0] }, position: { x: P.sx * a.x, y: a.y } });
      });
    }
    m.rels.forEach(function (r) {
      if (!r.state || step.types.indexOf(r.state.type) < 0 || !shown[r.source] || !shown[r.target] || step.likely) return;
      var d = { id: 'rel:' + r.id, source: r.source, target: r.target, type: r.state.type, strength: r.state.strength };
      if (r.segments) { d.sw = r.segments.w; d.sd = r.segments.d; }  // routed around other actors (the layout's)
      out.push({ group: 'edges', classes: r.segments ? 'rel bent' : 'rel', data: d });
    });
    if (step.likely) {
      (likely() || []).slice(0, MOST).forEach(function (h, i) {
        if (!shown[h.a] || !shown[h.b]) return;
        out.push({ group: 'edges', classes: 'likely', data: { id: 'likely:' + i, source: h.a, target: h.b, label: String(i + 1) } });
      });
    }
    return out;
  }

  // Sizes in screen pixels, turned into map units at the current zoom: the type stays large
  // whatever the size of the case.
  function styles(z, px) {
    var types = P.data.view.map.styles.types;
    var line = function (e) { return (4 + 8 * (e.data('strength') || 0.5)) / z; };
    var st = [
      // drawn in order of z-index: the systems under the lines, the lines under the actors
      { selector: '*', style: { 'z-index-compare': 'manual' } },
      { selector: 'node.region', style: { 'z-index': 0, shape: 'rectangle', width: 'data(w)', height: 'data(h)', 'background-color': 'data(tint)',
        'background-opacity': 0.9, 'border-width': 3 / z, 'border-color': 'data(ink)' } },
      { selector: 'node.title', style: { 'z-index': 8, width: 1 / z, height: 1 / z, 'background-opacity': 0, 'border-width': 0,
        label: 'data(label)', 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 0.3 * px / z,
        'font-size': function (n) { return (n.data('small') ? 1 : 1.3) * px / z; }, 'font-weight': 'bold', color: 'data(ink)', 'text-transform': 'uppercase',
        'text-wrap': 'wrap', 'text-max-width': function (n) { return n.data('maxw'); },
        'text-background-color': 'data(tint)', 'text-background-opacity': 1, 'text-background-padding': 2 / z } },
      { selector: 'node.actor', style: { width: function (n) { return (16 + 22 * (n.data('power') || 0.5)) / z; },
        height: function (n) { return (16 + 22 * (n.data('power') || 0.5)) / z; },
        'background-color': 'data(ink)', 'border-width': 3 / z, 'border-color': '#fff', label: 'data(label)',
        'font-size': px / z, 'font-weight': 'bold', 'text-valign': 'bottom', 'text-margin-y': 4 / z, 'text-wrap': 'wrap',
        'text-max-width': 9 * px / z, color: '#111', 'text-background-color': '#fff', 'text-background-opacity': 0.85,
        'text-background-padding': 2 / z, 'z-index': 10 } },
      { selector: 'node.kind-family, node.kind-group', style: { shape: 'round-rectangle' } },
      { selector: 'node.kind-organization', style: { shape: 'rectangle' } },
      { selector: 'node.kind-community', style: { shape: 'hexagon' } },
      { selector: 'edge.rel', style: { width: line, 'curve-style': 'bezier', 'z-index': 5 } },
      { selector: 'node.actor.quiet', style: { label: '', opacity: 0.35 } },
      { selector: 'edge.likely', style: { width: 10 / z, 'line-color': types.conflict.colour, 'line-style': 'dashed',
        'line-dash-pattern': [14 / z, 8 / z], 'curve-style': 'bezier', 'z-index': 6, label: 'data(label)',
        'font-size': 1.2 * px / z, 'font-weight': 'bold', color: '#fff', 'text-background-color': types.conflict.colour,
        'text-background-opacity': 1, 'text-background-shape': 'round-rectangle', 'text-background-padding': 5 / z } },
      // every line routed around the actors it does not join, the likely conflicts too (route())
      { selector: 'edge.bent', style: { 'curve-style': 'segments', 'edge-distances': 'node-position',
        'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)' } }
    ];
    TYPES.forEach(function (t) {
      var s = { 'line-color': types[t].colour };
      if (types[t].line === 'dashed') { s['line-style'] = 'dashed'; s['line-dash-pattern'] = [24 / z, 10 / z]; }
      if (types[t].line === 'dotted') { s['line-style'] = 'dashed'; s['line-dash-pattern'] = [6 / z, 8 / z]; s['line-cap'] = 'round'; }
      st.push({ selector: 'edge.rel[type = "' + t + '"]', style: s });
    });
    return st;
  }

  // Names must not sit on one another: each stays in its system, below the system's title
  // (labels.js, shared with the workspace's map).
  function spread(cy) {
    var rooms = {}, z = cy.zoom(), px = minText(), margin = 0.3 * px / z;
    cy.nodes('.region').forEach(function (r) {
      var b = r.boundingBox({ includeLabels: false }), key = r.id().slice(7);
      var title = (FOUR.indexOf(key) < 0 ? 3.0 : 2.2) * px / z;  // below the name (two lines in a small system)
      rooms[key] = { x1: b.x1 + margin, x2: b.x2 - margin, y1: b.y1 + title, y2: Math.max(b.y1 + title, b.y2 - margin) };
    });
    window.ecographSpread(cy.nodes('.actor'), function (n) { return rooms[n.data('home')] || null; }, [], 0.25 * px / z);
  }

  // The layout's systems are square; a screen is wider. Widen the map to the room there is
  // (never narrower, at most twice as wide): more room for large names side by side.
  function stretch(cy, px) {
    var rs = P.data.view.map.regions.filter(function (r) { return keep(r.key); });
    var w = Math.max.apply(null, rs.map(function (r) { return r.x1; })) - Math.min.apply(null, rs.map(function (r) { return r.x0; }));
    var h = Math.max.apply(null, rs.map(function (r) { return r.y1; })) - Math.min.apply(null, rs.map(function (r) { return r.y0; }));
    var room = (cy.width() - 2 * px) / (cy.height() - 2 * px);
    return Math.max(1, Math.min(2, room / (w / h)));
  }

  function render() {
    var step = STEPS[P.step], cy = P.cy;
    byId('present-title').textContent = step.title;
    byId('present-count').textContent = (P.step + 1) + ' / ' + STEPS.length + (P.four ? ' \u00b7 four systems only' : '');
    side(step); legend(step);
    cy.resize();
    var px = minText();
    P.sx = stretch(cy, px);
    cy.batch(function () { cy.elements().remove(); cy.add(elements(step)); });
    fit(cy, px);
    cy.style(styles(cy.zoom(), px));
    spread(cy);
    P.drawn += 1;
    document.body.setAttribute('data-present-step', String(P.step));
    route(cy, P.drawn);
  }

  // Present mode draws the map wider and moves actors apart for its large names, so the lines
  // the server routed for the layout's places may cross an actor here. The server routes every
  // line shown again, for the places drawn (ecograph/workspace/routing.py: the figures' router);
  // until it answers, the lines keep the layout's routes. A clearance: the actor's radius and
  // border, half the widest line (6 px), and a margin.
  function route(cy, drawn) {
    var lines = cy.edges('.rel, .likely'), z = cy.zoom();
    function done() { document.body.setAttribute('data-present-routed', String(drawn)); }
    if (!lines.length) { done(); return; }
    var actors = cy.nodes('.actor').map(function (n) {
      var half = n.width() / 2 + 1.5 / z;  // the node and its white border
      return { id: n.id(), x: n.position('x'), y: n.position('y'), half: half, clear: half + 10 / z };
    });
    var pairs = lines.map(function (e) { return [e.data('source'), e.data('target')]; });
    W.api('POST', W.casePath(P.data.name) + '/routes', { actors: actors, lines: pairs }).then(function (r) {
      if (!r.ok || drawn !== P.drawn || !P.on) return;
      cy.batch(function () {
        lines.forEach(function (e, i) {
          var seg = r.data.segments[i];
          if (seg) { e.data({ sw: seg.w, sd: seg.d }); e.addClass('bent'); } else e.removeClass('bent');
        });
      });
      done();
    });
  }

  // The systems fill the screen (their own extent: labels are sized from the zoom, not before).
  function fit(cy, px) {
    var rs = P.data.view.map.regions.filter(function (r) { return keep(r.key); });
    var x0 = P.sx * Math.min.apply(null, rs.map(function (r) { return r.x0; })), x1 = P.sx * Math.max.apply(null, rs.map(function (r) { return r.x1; }));
    var y0 = Math.min.apply(null, rs.map(function (r) { return r.y0; })), y1 = Math.max.apply(null, rs.map(function (r) { return r.y1; }));
    var pad = px, w = cy.width() - 2 * pad, h = cy.height() - 2 * pad;
    var z = Math.min(w / (x1 - x0), h / (y1 - y0));
    cy.viewport({ zoom: z, pan: { x: pad + (w - z * (x1 - x0)) / 2 - z * x0, y: pad + (h - z * (y1 - y0)) / 2 - z * y0 } });
  }

  function side(step) {
    var box = clear(byId('present-side')), types = P.data.view.map.styles.types;
    box.hidden = !step.likely;
    if (step.likely) {
      var hot = likely();
      if (hot === null) { box.appendChild(el('p', 'The analysis is not ready yet.', 'muted')); return; }
      if (!hot.length) { box.appendChild(el('p', 'No pair is likely to be in conflict.', 'muted')); return; }
      hot.slice(0, MOST).forEach(function (h, i) {
        var d = el('div', null, 'conflict');
        var head = el('div', null, 'who');
        head.appendChild(el('span', String(i + 1), 'num'));
        head.appendChild(document.createTextNode(h.names[0] + ' \u2014 ' + h.names[1]));
        d.appendChild(head);
        d.appendChild(el('div', 'conflict ' + h.conflict, 'score'));
        if (h.main) d.appendChild(el('div', h.main.says, 'why'));
        box.appendChild(d);
      });
      if (hot.length > MOST) box.appendChild(el('p', 'and ' + (hot.length - MOST) + ' more (see the Analysis panel)', 'muted'));
      box.appendChild(el('p', 'Scores from the model\u2019s weighted rules', 'muted'));
      return;
    }
  }

  // The line of each type shown so far, beside the title.
  function legend(step) {
    var box = clear(byId('present-legend')), types = P.data.view.map.styles.types;
    if (step.likely) return;
    step.types.forEach(function (t) {
      var row = el('span', null, 'key');
      var sample = el('span', null, 'line ' + types[t].line); sample.style.borderColor = types[t].colour;
      row.appendChild(sample); row.appendChild(el('span', t)); box.appendChild(row);
    });
  }

  function onKey(e) {
    var t = e.target;
    if (!P.on) {
      if ((e.key === 'p' || e.key === 'P') && !e.ctrlKey && !e.metaKey && !e.altKey &&
          !(t && /INPUT|SELECT|TEXTAREA/.test(t.tagName)) && byId('problems').hidden) {
        e.preventDefault(); enter();
      }
      return;
    }
    var k = e.key, handled = true;
    if (k === 'ArrowRight' || k === 'PageDown' || k === ' ' || k === 'Enter') go(P.step + 1);
    else if (k === 'ArrowLeft' || k === 'PageUp' || k === 'Backspace') go(P.step - 1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(STEPS.length - 1);
    else if (k === '4' || k === 'f' || k === 'F') { P.four = !P.four; render(); }
    else if (k === 'Escape') leave();
    else handled = false;
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  }

  build();
  window.ecographPresent = { cy: null, step: function () { return P.step; }, steps: STEPS.length,
    get drawn() { return P.drawn; }, enter: enter, leave: leave };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('fullscreenchange', function () {
    // Esc in full screen is the browser's: it ends full screen, and with it present mode
    if (!document.fullscreenElement && P.on && P.full) leave();
  });
  window.addEventListener('resize', function () { if (P.on) render(); });
  var open = byId('present-open');
  if (open) open.addEventListener('click', function () { enter(); });
})();
