/* ecograph workspace: the map of a case, edited in place. Talks only to its own server.
 * Every change goes to the server as an edit; the server checks it like `ecograph validate`,
 * saves it and answers with the new map. Text reaches the page only through textContent. */
(function () {
  'use strict';
  var PRIMARY = ['change_agent', 'client', 'target', 'action'];
  var SYSTEMS = [['change_agent', 'change agent'], ['client', 'client'], ['target', 'target'],
    ['action', 'action'], ['professional', 'professional'], ['problem_identification', 'problem identification']];
  var KINDS = ['individual', 'family', 'group', 'organization', 'community'];
  var TYPES = ['cooperation', 'agreement', 'conflict'];
  var BASES = ['culture', 'compromise', 'exchange', 'authority_redistribution', 'law'];
  var DASH = { solid: { 'line-style': 'solid' }, dashed: { 'line-style': 'dashed', 'line-dash-pattern': [8, 4] },
    dotted: { 'line-style': 'dashed', 'line-dash-pattern': [2, 4] } };
  var S = { name: null, version: null, view: null, analysis: null, asOf: null, linking: null, selected: null, fitted: false, placed: {}, dragged: {} };
  var cy = null;

  // ------------------------------------------------------------------ helpers
  function byId(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }
  function fmt(x) { return (Math.round(x * 100) / 100).toString(); }
  function slug(text, taken) {
    var base = String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
    var id = base, i = 2;
    while (taken.indexOf(id) >= 0) { id = base + '-' + i; i += 1; }
    return id;
  }
  function actors() { return S.view ? S.view.case.actors || [] : []; }
  function actorById(id) { return actors().filter(function (a) { return a.id === id; })[0]; }
  function nm(id) { var a = actorById(id); return a ? a.name : id; }
  function status(text, bad) { var s = byId('status'); s.textContent = text; s.className = bad ? 'bad' : ''; }
  function button(label, onClick, cls, id) {
    var b = el('button', label, cls); b.type = 'button'; if (id) b.id = id;
    b.addEventListener('click', onClick); return b;
  }
  function field(form, label, input) { var l = el('label', label); l.appendChild(input); form.appendChild(l); return input; }
  function input(type, value, attrs) {
    var i = document.createElement('input'); i.type = type;
    if (value !== undefined && value !== null) i.value = String(value);
    Object.keys(attrs || {}).forEach(function (k) { i.setAttribute(k, attrs[k]); });
    return i;
  }
  function dropdown(options, value, id) {
    var s = document.createElement('select'); if (id) s.id = id;
    options.forEach(function (o) {
      var opt = el('option', Array.isArray(o) ? o[1] : o); opt.value = Array.isArray(o) ? o[0] : o;
      if (opt.value === String(value)) opt.selected = true; s.appendChild(opt);
    });
    return s;
  }

  // ------------------------------------------------------------------ server
  function api(method, path, body) {
    var opts = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, status: r.status, data: data }; },
        function () { return { ok: false, status: r.status, data: { error: { message: 'the server answered ' + r.status } } }; });
    }, function () { return { ok: false, status: 0, data: { error: { message: 'the workspace server cannot be reached; is `ecograph serve` still running?' } } }; });
  }
  function q() { return S.asOf ? '?as_of=' + encodeURIComponent(S.asOf) : ''; }
  function casePath(name) { return '/api/cases/' + encodeURIComponent(name); }
  function showProblems(title, error) {
    byId('problems-title').textContent = title;
    var lines = (error.problems || []).map(function (p) {
      return '\u2022 ' + p.message + (p.expected ? ' (expected ' + p.expected + ')' : '') +
        (p.suggestion ? '; did you mean ' + p.suggestion + '?' : '') +
        // the rule in the model's words; not the field's path (actors[1].roles: programmer words)
        (p.rule ? '\n   The model\u2019s rule: ' + p.rule : '');
    });
    byId('problems-text').textContent = (lines.length ? lines.join('\n\n') : error.message || '');
    byId('problems').hidden = false;
    byId('problems-close').focus();
  }

  function edit(edits, what) {
    status('saving\u2026');
    return api('POST', casePath(S.name) + '/edits' + q(), { version: S.version, edits: edits }).then(function (r) {
      if (r.ok) { take(r.data); status('saved: ' + what); return true; }
      status('not saved', true);
      if (r.status === 409) {
        showProblems('Someone else changed this case', r.data.error);
        openCase(S.name);
      } else {
        showProblems('This change was not saved', r.data.error);
        draw(true);
      }
      return false;
    });
  }

  // Buttons that act on a case: off while no case is open (an empty folder), on with one.
  function haveCase(on) {
    ['undo', 'redo', 'files', 'add-actor', 'link', 'add-goal', 'whatif', 'present-open'].forEach(function (id) { byId(id).disabled = !on; });
    if (!on) byId('duplicate-case').disabled = true;
  }

  function take(data) {
    S.version = data.version; S.view = data; haveCase(true);
    byId('undo').disabled = !data.can_undo; byId('redo').disabled = !data.can_redo;
    loadAnalysis();  // asked for first: the server makes it while the page draws the map
    draw(); refreshSelection();
  }

  function listCases(pick) {
    return api('GET', '/api/cases').then(function (r) {
      var sel = clear(byId('case-select'));
      if (!r.ok) { status(r.data.error.message, true); return; }
      r.data.cases.forEach(function (c) {
        var o = el('option', c.name + (c.title ? ' \u2014 ' + c.title : '') + (c.problems ? ' (' + c.problems + ' problems)' : ''));
        o.value = c.name; sel.appendChild(o);
      });
      byId('new-case').disabled = byId('duplicate-case').disabled = r.data.single;
      if (r.data.user) { byId('sign-out').hidden = false; byId('sign-out').textContent = 'Sign out ' + r.data.user; }
      var name = pick || (r.data.cases[0] && r.data.cases[0].name);
      if (name) { sel.value = name; openCase(name); } else { haveCase(false); showNewCase(); }
    });
  }

  function openCase(name) {
    // the analysis is asked for at once, beside the map: the server makes it while the map is drawn
    var ask = casePath(name) + '/analysis' + q();
    S.early = { ask: ask, answer: api('GET', ask) };
    return api('GET', casePath(name) + q()).then(function (r) {
      if (!r.ok) { status('cannot open ' + name, true); showProblems('This case cannot be opened', r.data.error); return; }
      S.name = name; S.selected = null; S.fitted = false; take(r.data);
      status('opened ' + name);
    });
  }

  // ------------------------------------------------------------------ map
  function styles() {
    var st = [
      // drawn in order of z-index: the systems under the lines, the lines under the actors
      { selector: '*', style: { 'z-index-compare': 'manual' } },
      { selector: 'node.band', style: { shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-opacity': 0.45,
        'border-width': 1.5, 'border-style': 'dashed', 'border-color': '#666', 'border-opacity': 0.6, events: 'no', 'z-index': 0 } },
      { selector: 'node.region', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)', 'background-color': 'data(tint)',
        'background-opacity': 0.8, 'border-width': 2, 'border-color': 'data(ink)', 'border-opacity': 0.5, events: 'no', 'z-index': 0 } },
      // a system's name: placed where no line crosses it (placeTitles), above the lines anyway
      { selector: 'node.title', style: { width: 1, height: 1, 'background-opacity': 0, 'border-width': 0, events: 'no', 'z-index': 8,
        label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 16, 'font-weight': 'bold', color: 'data(ink)',
        'text-background-color': 'data(tint)', 'text-background-opacity': 0.9, 'text-background-padding': 2 } },
      { selector: 'node.actor', style: { width: 'mapData(power, 0, 1, 16, 40)', height: 'mapData(power, 0, 1, 16, 40)',
        'background-color': 'data(ink)', 'border-width': 2, 'border-color': '#fff', label: 'data(label)', 'font-size': 14,
        'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': 110, color: '#111',
        'text-background-color': '#fff', 'text-background-opacity': 0.8, 'text-background-padding': 2, 'z-index': 10 } },
      { selector: 'node.kind-family, node.kind-group', style: { shape: 'round-rectangle' } },
      { selector: 'node.kind-organization', style: { shape: 'rectangle' } },
      { selector: 'node.kind-community', style: { shape: 'hexagon' } },
      { selector: 'node.actor:selected, node.from', style: { 'border-width': 4, 'border-color': '#111' } },
      { selector: 'edge.rel', style: { width: 'mapData(strength, 0, 1, 3, 10)', 'curve-style': 'bezier', 'z-index': 5, opacity: 0.9 } },
      { selector: 'edge.rel[sw]', style: { 'curve-style': 'segments', 'edge-distances': 'node-position',
        'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)' } },
      { selector: 'edge.rel:selected', style: { 'underlay-color': '#111', 'underlay-opacity': 0.25, 'underlay-padding': 5 } },
      { selector: 'edge.member', style: { width: 1, 'line-color': '#9a9a9a', opacity: 0.5, 'z-index': 1 } }
    ];
    var types = S.view.map.styles.types;
    TYPES.forEach(function (t) {
      var s = { 'line-color': types[t].colour }; var d = DASH[types[t].line];
      Object.keys(d).forEach(function (k) { s[k] = d[k]; });
      st.push({ selector: 'edge.rel[type = "' + t + '"]', style: s });
    });
    return st;
  }

  function elements() {
    var m = S.view.map, out = [], sys = m.styles.systems;
    m.regions.forEach(function (r) {
      var s = sys[r.key] || sys.other;
      out.push({ group: 'nodes', classes: 'region', locked: true, grabbable: false, selectable: false,
        data: { id: 'region:' + r.key, w: r.x1 - r.x0, h: r.y1 - r.y0, tint: s.tint, ink: s.ink },
        position: { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 } });
    });
    m.regions.forEach(function (r) {  // the titles' places are the page's (placeTitles)
      var s = sys[r.key] || sys.other;
      out.push({ group: 'nodes', classes: 'title', grabbable: false, selectable: false,
        data: { id: 'title:' + r.key, region: r.key, label: r.label, ink: s.ink, tint: s.tint } });
    });
    // the bands across a border holding the actors in two systems, striped in both inks (the layout's);
    // locked nodes keep their place, so a band that moves or grows gets a new id (its extent) and is redrawn
    (m.bands || []).forEach(function (b) {
      out.push({ group: 'nodes', classes: 'band', locked: true, grabbable: false, selectable: false,
        data: { id: 'band:' + b.key + '@' + [b.x0, b.y0, b.x1, b.y1].join(','), band: b.key, w: b.x1 - b.x0, h: b.y1 - b.y0, stripes: b.stripes },
        position: { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 } });
    });
    m.actors.forEach(function (a) {
      var s = sys[a.home[0]] || sys.other;
      out.push({ group: 'nodes', classes: 'actor kind-' + a.kind, data: { id: a.id, label: a.name, power: a.power, ink: s.ink, home: a.home },
        position: { x: a.x, y: a.y } });
      a.member_of.forEach(function (g) { out.push({ group: 'edges', classes: 'member', selectable: false, data: { id: 'm:' + a.id + ':' + g, source: a.id, target: g } }); });
    });
    m.rels.forEach(function (r) {
      if (!r.state) return;
      var d = { id: 'rel:' + r.id, rel: r.id, source: r.source, target: r.target, type: r.state.type, strength: r.state.strength };
      if (r.segments) { d.sw = r.segments.w; d.sd = r.segments.d; }  // routed around other actors (the layout's)
      out.push({ group: 'edges', classes: 'rel', data: d });
    });
    return out;
  }

  // The map after a change: only what changed is touched, in one batch. An actor keeps the
  // place the label spreading gave it unless the server moved it, renamed it or changed its
  // systems; the lines are updated in place. ``reset`` draws everything again from the server's
  // positions (a refused drag puts the actor back).
  function draw(reset) {
    if (!S.view) return;
    if (!cy) {
      cy = cytoscape({ container: byId('cy'), elements: [], style: styles(), layout: { name: 'preset' },
        minZoom: 0.1, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: false });
      cy.on('tap', 'node.actor', function (e) { onActor(e.target.id()); });
      cy.on('tap', 'edge.rel', function (e) { select({ kind: 'rel', id: e.target.data('rel') }); });
      cy.on('tap', function (e) { if (e.target === cy) { S.linking = null; hint(''); select(null); } });
      cy.on('dragfree', 'node.actor', function (e) { S.dragged[e.target.id()] = true; onDrop(e.target.id(), e.target.position()); });
      cy.on('zoom', function () {
        if (cy.zoom() === S.sizedFor) return;  // the page set the view and sized the type already
        labelSize(); clearTimeout(S.spreadSoon); S.spreadSoon = setTimeout(spread, 150);
      });
      window.ecographCy = cy;  // read by the browser tests to find where an actor is drawn
    } else if (JSON.stringify(S.view.map.styles) !== S.styleKey) {
      cy.style(styles());  // only when the styles changed: restyling every element is slow
    }
    S.styleKey = JSON.stringify(S.view.map.styles);
    performance.mark('ws:draw');
    var want = elements(), whole = reset || !S.fitted, moved = whole ? true : update(want);
    if (whole) {
      cy.elements().remove();
      // a case just opened: the view and the type size first, so each element is styled once
      if (!S.fitted) { fitMap(); S.fitted = true; labelSize(); }
      cy.add(want);
      S.dragged = {};
    }
    S.placed = {};  // where the server placed each node, to tell what it moved next time
    want.forEach(function (w) { if (w.position) S.placed[w.data.id] = { x: w.position.x, y: w.position.y }; });
    // the bands' stripes are styles of their own (map_data's), set on each band node
    cy.nodes('.band').forEach(function (n) { n.style(n.data('stripes')); });
    performance.mark('ws:updated');
    if (moved) spread(); else placeTitles(false);
    performance.mark('ws:spread');
    if (S.selected && S.selected.kind === 'actor' && cy.getElementById(S.selected.id).length) cy.getElementById(S.selected.id).select();
    if (S.linking && S.linking.from) cy.getElementById(S.linking.from).addClass('from');
    document.body.setAttribute('data-version', S.version || '');
  }

  // Bring the map to ``want`` (elements()) in place; return whether any actor's place or label
  // box may have changed (the labels are then spread again).
  function update(want) {
    var ids = {}, moved = false;
    want.forEach(function (w) { ids[w.data.id] = w; });
    cy.batch(function () {
      cy.elements().forEach(function (e) {
        var w = ids[e.id()];
        if (!w || (e.isEdge() && (e.source().id() !== w.data.source || e.target().id() !== w.data.target))) {
          if (e.isNode() && e.hasClass('actor')) moved = true;
          cy.remove(e);
        }
      });
      want.forEach(function (w) {
        var e = cy.getElementById(w.data.id);
        if (!e.length || e.removed()) {
          cy.add(w); if (w.group === 'nodes') moved = true;
          return;
        }
        if (e.classes().join(' ') !== w.classes.split(' ').filter(Boolean).join(' ')) e.classes(w.classes);
        var old = e.data(), changed = Object.keys(w.data).some(function (k) { return JSON.stringify(old[k]) !== JSON.stringify(w.data[k]); });
        Object.keys(old).forEach(function (k) { if (!(k in w.data)) { e.removeData(k); changed = true; } });
        if (changed) {
          e.data(w.data);
          if (e.isNode()) moved = true;
        }
        if (e.isNode() && w.position) {
          var was = S.placed[w.data.id];
          if (!was || was.x !== w.position.x || was.y !== w.position.y || S.dragged[w.data.id]) moved = true;
        }
      });
    });
    if (moved) {  // the labels are spread again from the server's places
      cy.batch(function () { want.forEach(function (w) { if (w.position) cy.getElementById(w.data.id).position(w.position); }); });
    }
    S.dragged = {};
    return moved;
  }

  // Names stay readable at any zoom: at least LABEL_PX screen pixels (the map shrinks on a small screen).
  var LABEL_PX = 13;
  function labelSize() {
    var z = cy.zoom();
    S.sizedFor = z;
    cy.style().selector('node.actor').style('font-size', Math.max(14, LABEL_PX / z))
      .selector('node.title').style('font-size', Math.max(16, (LABEL_PX + 2) / z)).update();
  }

  // Names never on one another (labels.js): on screen only, each actor kept in its systems (an
  // actor in two stays on their border), clear of the systems' titles. Left out on large maps.
  var SPREAD_UP_TO = 150;
  function spread() {
    var actorsShown = cy.nodes('.actor');
    if (!actorsShown.length || actorsShown.length > SPREAD_UP_TO) { placeTitles(true); return; }
    var boxes = {};
    S.view.map.regions.forEach(function (r) { boxes[r.key] = { x1: r.x0 + 4, x2: r.x1 - 4, y1: r.y0 + 4, y2: r.y1 - 4 }; });
    var titles = cy.nodes('.title').map(function (t) { t.position(titleHome(t)); return t.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }); });
    window.ecographSpread(actorsShown, function (n) {
      var homes = (n.data('home') || []).map(function (k) { return boxes[k]; }).filter(Boolean);
      if (!homes.length) return null;
      return { x1: Math.min.apply(null, homes.map(function (b) { return b.x1; })), x2: Math.max.apply(null, homes.map(function (b) { return b.x2; })),
        y1: Math.min.apply(null, homes.map(function (b) { return b.y1; })), y2: Math.max.apply(null, homes.map(function (b) { return b.y2; })) };
    }, titles, 3 / cy.zoom());
    placeTitles(true);
  }

  // A system's title first goes to the top middle of its system (the actors keep clear of it);
  // when a line crosses it there, to the free place nearest along the top, then the bottom,
  // then outside the map above the top row or below the bottom row, then anywhere in the
  // system. A place that is still free is kept (titles do not jump at every edit).
  function regionOf(t) { return S.view.map.regions.filter(function (r) { return r.key === t.data('region'); })[0]; }
  function titleHome(t) {
    var r = regionOf(t), b = t.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    var h = b.y2 - b.y1, pad = 4 / cy.zoom();
    return { x: (r.x0 + r.x1) / 2, y: r.y0 + pad + h / 2 };
  }
  // A line's end on its actor's rim (the centre where Cytoscape cannot place it: NaN).
  function end(p, n) { return isFinite(p.x) && isFinite(p.y) ? p : n.position(); }
  function placeTitles(fresh) {
    var titles = cy.nodes('.title');
    if (!titles.length || !S.view.map.regions.length) return;
    var z = cy.zoom(), pad = 4 / z, rs = S.view.map.regions;
    var top = Math.min.apply(null, rs.map(function (r) { return r.y0; })), bottom = Math.max.apply(null, rs.map(function (r) { return r.y1; }));
    var lines = cy.edges().map(function (e) {
      var s = end(e.sourceEndpoint(), e.source()), t = end(e.targetEndpoint(), e.target()), mid = e.segmentPoints() || e.controlPoints() || [];
      var pts = [s].concat(mid, [t]), half = parseFloat(e.style('width')) / 2 + 2 / z;
      var xs = pts.map(function (p) { return p.x; }), ys = pts.map(function (p) { return p.y; });
      return { pts: pts, half: half, x1: Math.min.apply(null, xs) - half, x2: Math.max.apply(null, xs) + half,
        y1: Math.min.apply(null, ys) - half, y2: Math.max.apply(null, ys) + half };
    });
    var taken = cy.nodes('.actor').map(function (n) { return n.boundingBox({ includeLabels: true }); });
    function crossed(b) {
      var n = 0;
      lines.forEach(function (l) {
        if (l.x2 < b.x1 || l.x1 > b.x2 || l.y2 < b.y1 || l.y1 > b.y2) return;
        for (var i = 0; i + 1 < l.pts.length; i++) { if (segmentHits(l.pts[i], l.pts[i + 1], b, l.half)) { n += 1; return; } }
      });
      return n;
    }
    function blocked(b) { return taken.some(function (q) { return b.x1 < q.x2 && q.x1 < b.x2 && b.y1 < q.y2 && q.y1 < b.y2; }); }
    cy.batch(function () {
      titles.forEach(function (t) {
        var r = regionOf(t), b0 = t.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        var w = b0.x2 - b0.x1, h = b0.y2 - b0.y1, at = t.position();
        function box(p) { return { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - h / 2, y2: p.y + h / 2 }; }
        var cands = fresh ? [] : [{ x: at.x, y: at.y }];
        var cx = (r.x0 + r.x1) / 2, xs = [];
        for (var x = r.x0 + pad + w / 2; x <= r.x1 - pad - w / 2 + 0.01; x += Math.max(w / 10, 1)) xs.push(x);
        if (!xs.length) xs.push(cx);
        xs.push(cx);
        xs.sort(function (a, b) { return Math.abs(a - cx) - Math.abs(b - cx); });
        var rows = [r.y0 + pad + h / 2, r.y1 - pad - h / 2];
        if (r.y0 <= top + 0.5) rows.push(r.y0 - pad - h / 2);
        if (r.y1 >= bottom - 0.5) rows.push(r.y1 + pad + h / 2);
        for (var y = r.y0 + pad + h; y < r.y1 - pad - h / 2; y += h / 4) rows.push(y);
        rows.forEach(function (y) { xs.forEach(function (x) { cands.push({ x: x, y: y }); }); });
        var best = null;
        for (var i = 0; i < cands.length; i++) {
          var b = box(cands[i]);
          if (blocked(b)) continue;
          var n = crossed(b);
          if (best === null || n < best.n) best = { p: cands[i], n: n };
          if (n === 0) break;
        }
        var p = best ? best.p : cands[0] || titleHome(t);
        if (p.x !== at.x || p.y !== at.y) t.position(p);
        taken.push(box(p));
      });
    });
  }
  // Whether the segment a-b, widened by half, comes into the box b (clipped to it: Liang-Barsky).
  function segmentHits(a, b, box, half) {
    var dx = b.x - a.x, dy = b.y - a.y, lo = 0, hi = 1;
    var ps = [-dx, dx, -dy, dy], qs = [a.x - (box.x1 - half), (box.x2 + half) - a.x, a.y - (box.y1 - half), (box.y2 + half) - a.y];
    for (var k = 0; k < 4; k++) {
      if (ps[k] === 0) { if (qs[k] < 0) return false; continue; }
      var t = qs[k] / ps[k];
      if (ps[k] < 0) lo = Math.max(lo, t); else hi = Math.min(hi, t);
      if (lo > hi) return false;
    }
    return true;
  }

  // The whole map in view (the container may have changed size since the page was laid out).
  // The systems' extent is known: no element needs measuring to fit it (labels stay inside
  // their systems, labels.js).
  function fitMap() {
    cy.resize();
    var rs = S.view.map.regions, pad = 20, padY = 40;  // room for a title above or below the map
    if (!rs.length) { cy.fit(undefined, pad); return; }
    var x0 = Math.min.apply(null, rs.map(function (r) { return r.x0; })), x1 = Math.max.apply(null, rs.map(function (r) { return r.x1; }));
    var y0 = Math.min.apply(null, rs.map(function (r) { return r.y0; })), y1 = Math.max.apply(null, rs.map(function (r) { return r.y1; }));
    var w = cy.width() - 2 * pad, h = cy.height() - 2 * padY;
    var z = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), w / (x1 - x0), h / (y1 - y0)));
    cy.viewport({ zoom: z, pan: { x: pad + (w - z * (x1 - x0)) / 2 - z * x0, y: padY + (h - z * (y1 - y0)) / 2 - z * y0 } });
  }

  function regionAt(p) {
    var hit = S.view.map.regions.filter(function (r) { return r.x0 < p.x && p.x < r.x1 && r.y0 < p.y && p.y < r.y1; });
    return hit.length ? hit[0].key : null;
  }

  function onDrop(id, p) {
    var a = actorById(id), placed = S.view.map.actors.filter(function (x) { return x.id === id; })[0];
    var region = regionAt(p), edits = [];
    if (region && placed && placed.home.indexOf(region) < 0) {
      // A change agent stays the change agent when dragged (the model's rule then refuses the
      // move into another system); anyone else moves from their system to the new one.
      var roles = (a.roles || []).filter(function (r) { return (PRIMARY.indexOf(r) < 0 || r === 'change_agent') && r !== region; });
      if ((a.roles || []).indexOf('change_agent') < 0 || region === 'change_agent') roles = roles.filter(function (r) { return r !== 'change_agent'; });
      if (region !== 'other') roles.push(region);
      edits.push({ op: 'put_actor', id: id, fields: { roles: roles } });
      edit(edits.concat([{ op: 'set_position', id: id, x: p.x, y: p.y }]), a.name + ' moved to the ' + region.replace('_', ' ') + ' system');
    } else {
      edit([{ op: 'set_position', id: id, x: p.x, y: p.y }], 'position of ' + a.name);
    }
  }

  function onActor(id) {
    if (S.linking) {
      if (!S.linking.from) { S.linking.from = id; cy.getElementById(id).addClass('from'); hint('now click the other actor'); return; }
      if (S.linking.from !== id) { var from = S.linking.from; S.linking = null; hint(''); cy.nodes().removeClass('from'); select({ kind: 'newrel', source: from, target: id }); }
      return;
    }
    select({ kind: 'actor', id: id });
  }
  function hint(text) { byId('hint').textContent = text; byId('link').className = S.linking ? 'on' : ''; }

  // ------------------------------------------------------------------ side panel
  function select(what) { S.selected = what; refreshSelection(); }
  function refreshSelection() {
    var what = S.selected;
    if (!S.view) return;
    if (!what) return showCase();
    if (what.kind === 'actor') { return actorById(what.id) ? showActor(actorById(what.id)) : showCase(); }
    if (what.kind === 'newactor') return showActor(null);
    if (what.kind === 'rel' || what.kind === 'newrel') return showRel(what);
    if (what.kind === 'newcase') return showNewCase();
    if (what.kind === 'files' && window.ecographFiles) return window.ecographFiles.show();
    if (what.kind === 'newgoal') return showNewGoal();
    if (what.kind === 'whatif') return showWhatIf();
    if (what.kind === 'agreement' && window.ecographAgreements) return window.ecographAgreements.show(what.id);
    showCase();
  }
  function panel(title) { var p = clear(byId('editor')); p.appendChild(el('h2', title)); var f = el('div', null, 'form'); p.appendChild(f); return f; }

  function showActor(a) {
    var f = panel(a ? a.name : 'New actor');
    var name = field(f, 'Name', input('text', a ? a.name : '', { id: 'actor-name', placeholder: 'e.g. Mother' }));
    var kind = field(f, 'Kind', dropdown(KINDS, a ? a.kind || 'individual' : 'individual', 'actor-kind'));
    f.appendChild(el('div', 'Systems', 'muted'));
    var box = el('div', null, 'systems'); f.appendChild(box);
    var roles = a ? a.roles || [] : [];
    var checks = SYSTEMS.map(function (s) {
      var c = input('checkbox', null, { id: 'system-' + s[0] }); c.checked = roles.indexOf(s[0]) >= 0;
      var l = el('label'); l.appendChild(c); l.appendChild(document.createTextNode(' ' + s[1])); box.appendChild(l); return c;
    });
    var row = el('div', null, 'row'); f.appendChild(row);
    var power = input('number', a && a.power !== undefined ? a.power : 0.5, { min: 0, max: 1, step: 0.1, id: 'actor-power' });
    var pl = el('label', 'Power (0 no say \u2026 1 decides) '); pl.appendChild(power); row.appendChild(pl);
    var vol = dropdown([['', '\u2014'], 'voluntary', 'involuntary', 'mandated'], a ? a.voluntariness || '' : '', 'actor-voluntariness');
    var vl = el('label', 'Voluntariness (clients) '); vl.appendChild(vol); row.appendChild(vl);
    // member of one family, group or agency -- or several: every membership is shown, and kept
    var was = a && a.member_of ? a.member_of : [];
    var groups = actors().filter(function (x) { return (!a || x.id !== a.id) && ((x.kind && x.kind !== 'individual') || was.indexOf(x.id) >= 0); });
    var member = { checks: [] };
    if (groups.length) {
      f.appendChild(el('div', 'Member of', 'muted'));
      var mbox = el('div', null, 'systems members'); f.appendChild(mbox);
      member.checks = groups.map(function (g) {
        var c = input('checkbox', null, { id: 'member-' + g.id }); c.checked = was.indexOf(g.id) >= 0; c.value = g.id;
        var l = el('label'); l.appendChild(c); l.appendChild(document.createTextNode(' ' + g.name)); mbox.appendChild(l); return c;
      });
    }
    if (a) f.appendChild(el('div', 'Systems it is drawn in: ' + ((S.view.map.actors.filter(function (x) { return x.id === a.id; })[0] || { systems: [] }).systems.join(', ').replace(/_/g, ' ') || 'none'), 'muted'));
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(button(a ? 'Save' : 'Add actor', function () {
      var fields = { name: name.value.trim(), kind: kind.value,
        roles: SYSTEMS.filter(function (s, i) { return checks[i].checked; }).map(function (s) { return s[0]; }),
        power: power.value === '' ? 0.5 : Number(power.value), voluntariness: vol.value || null,
        member_of: member.checks.filter(function (c) { return c.checked; }).map(function (c) { return c.value; }) };
      if (!fields.member_of.length) fields.member_of = null;
      if (!fields.roles.length) fields.roles = null;
      if (a) { edit([{ op: 'put_actor', id: a.id, fields: fields }], a.name); return; }
      var id = slug(fields.name, actors().map(function (x) { return x.id; }));
      edit([{ op: 'put_actor', id: id, fields: fields }], 'added ' + fields.name).then(function (ok) { if (ok) select({ kind: 'newactor' }); });
    }, 'primary', 'actor-save'));
    if (a) {
      b.appendChild(button('+ Relationship from here', function () { S.linking = { from: a.id }; cy.getElementById(a.id).addClass('from'); hint('now click the other actor'); }));
      b.appendChild(button('Remove', function () { edit([{ op: 'remove_actor', id: a.id }], 'removed ' + a.name).then(function (ok) { if (ok) select(null); }); }, null, 'actor-remove'));
    }
    name.focus();
  }

  function relOf(what) {
    var rels = S.view.case.relationships || [];
    if (what.kind === 'rel') {
      var r = S.view.map.rels.filter(function (x) { return x.id === what.id; })[0];
      if (!r) return null;
      return rels.filter(function (x) { return (x.source === r.source && x.target === r.target); })[0] || null;
    }
    return rels.filter(function (x) { return (x.source === what.source && x.target === what.target) || (x.source === what.target && x.target === what.source); })[0] || null;
  }

  function showRel(what) {
    var r = relOf(what);
    var src = r ? r.source : what.source, tgt = r ? r.target : what.target;
    var f = panel(nm(src) + ' \u2014 ' + nm(tgt));
    var mapRel = r ? S.view.map.rels.filter(function (x) { return x.source === r.source && x.target === r.target; })[0] : null;
    if (mapRel) {
      f.appendChild(el('div', mapRel.state ? 'On ' + (S.asOf || 'the latest date') + ': ' + mapRel.state.type + ', strength ' + fmt(mapRel.state.strength) +
        (mapRel.state.since ? ' (since ' + mapRel.state.since + ')' : '') : 'Not present on ' + S.asOf, 'muted'));
    }
    var history = r && r.history ? r.history : [];
    if (r) {
      var rec = el('div'); f.appendChild(rec);
      rec.appendChild(el('h3', 'Record an encounter'));
      var rrow = el('div', null, 'row'); rec.appendChild(rrow);
      var date = input('date', today(), { id: 'record-date' }); var dl = el('label', 'Date '); dl.appendChild(date); rrow.appendChild(dl);
      var rs = input('number', mapRel && mapRel.state ? fmt(mapRel.state.strength) : 0.5, { min: 0, max: 1, step: 0.1, id: 'record-strength' });
      var sl = el('label', 'Strength '); sl.appendChild(rs); rrow.appendChild(sl);
      var note = field(rec, 'Note (optional)', input('text', '', { id: 'record-note' }));
      // whose view it is (both sides', or one side's own) and who writes it down
      var seen = field(rec, 'As seen by', dropdown([['', 'both sides']].concat([src, tgt].map(function (id) { return [id, nm(id) + ' only']; })), '', 'record-seen-by'));
      var by = field(rec, 'Recorded by', input('text', S.recorder || '', { id: 'record-by', placeholder: 'your name' }));
      var rmix = el('div', null, 'row'); rmix.hidden = true; var rmixIn = {};
      TYPES.forEach(function (t) { var i = input('number', 0, { min: 0, max: 1, step: 0.1, id: 'record-mix-' + t }); var l = el('label', t + ' '); l.appendChild(i); rmix.appendChild(l); rmixIn[t] = i; });
      var record = function (kind) {
        var o = { date: date.value || today(), strength: Number(rs.value || 0.5), note: note.value || null,
          perceived_by: seen.value || null, recorded_by: by.value.trim() || null };
        if (kind === 'mix') { o.mix = {}; TYPES.forEach(function (t) { if (Number(rmixIn[t].value) > 0) o.mix[t] = Number(rmixIn[t].value); }); } else o.type = kind;
        S.recorder = by.value.trim();
        edit([{ op: 'record', source: src, target: tgt, observation: o }], 'encounter recorded: ' + (kind === 'mix' ? 'a mix' : kind) + ' on ' + o.date);
      };
      var rb = el('div', null, 'buttons'); rec.appendChild(rb);
      TYPES.forEach(function (t) { rb.appendChild(button(t, function () { record(t); }, 'pill ' + t, 'record-' + t)); });
      rb.appendChild(button('a mix\u2026', function () {
        if (rmix.hidden) { rmix.hidden = false; return; }
        record('mix');
      }, 'pill none', 'record-mix'));
      rec.appendChild(rmix);
      if (history.length) {
        rec.appendChild(el('h3', 'History'));
        history.slice().sort(function (x, y) { return x.date < y.date ? -1 : 1; }).forEach(function (o) {
          rec.appendChild(el('div', o.date + ': ' + (o.type || 'mix') + ', strength ' + fmt(o.strength === undefined ? 1 : o.strength) + (o.perceived_by ? ' (as ' + nm(o.perceived_by) + ' sees it)' : '') + (o.note ? ' \u2014 ' + o.note : ''), 'item'));
        });
      }
    }
    f.appendChild(el('h3', history.length ? 'Before the first record (undated)' : 'The relationship'));
    var cur = r && r.mix ? 'mix' : (r && r.type) || 'cooperation';
    var kind = field(f, 'Type', dropdown(TYPES.concat([['mix', 'a mix (ambivalent)']]), cur, 'rel-type'));
    var mixRow = el('div', null, 'row'); f.appendChild(mixRow);
    var mix = {};
    TYPES.forEach(function (t) {
      var i = input('number', r && r.mix && r.mix[t] !== undefined ? r.mix[t] : 0, { min: 0, max: 1, step: 0.1, id: 'mix-' + t });
      var l = el('label', t + ' '); l.appendChild(i); mixRow.appendChild(l); mix[t] = i;
    });
    function showMix() { mixRow.hidden = kind.value !== 'mix'; }
    kind.addEventListener('change', showMix); showMix();
    var row = el('div', null, 'row'); f.appendChild(row);
    var strength = input('number', r && r.strength !== undefined ? r.strength : 0.6, { min: 0, max: 1, step: 0.1, id: 'rel-strength' });
    var sl2 = el('label', 'Strength (0..1) '); sl2.appendChild(strength); row.appendChild(sl2);
    var basis = field(f, 'Basis of an agreement (M. Horn)', dropdown([['', '\u2014']].concat(BASES.map(function (x) { return [x, x.replace('_', ' ')]; })), r ? r.basis || '' : '', 'rel-basis'));
    var mand = el('div', 'Mandated into it: ', 'muted'); f.appendChild(mand);
    var mchecks = [src, tgt].map(function (id) {
      var c = input('checkbox'); c.checked = !!(r && r.mandated && r.mandated.indexOf(id) >= 0);
      var l = el('label'); l.appendChild(c); l.appendChild(document.createTextNode(' ' + nm(id) + ' ')); mand.appendChild(l); return c;
    });
    // each side's own view, when it differs from the relationship as written above
    f.appendChild(el('div', 'How each side sees it, if not as above:', 'muted'));
    var views = [src, tgt].map(function (id) {
      var p = r && r.perceptions ? r.perceptions.filter(function (x) { return x.by === id; })[0] : null;
      var row2 = el('div', null, 'row'); f.appendChild(row2);
      var mixed = p && !p.type && p.mix ? [['mix', 'a mix (as written in the file)']] : [];  // kept as it is
      var t = dropdown([['', 'as above']].concat(TYPES, mixed), p ? p.type || (mixed.length ? 'mix' : '') : '', 'view-type-' + id);
      var st = input('number', p && p.strength !== undefined && p.strength !== null ? p.strength : '', { min: 0, max: 1, step: 0.1, id: 'view-strength-' + id, 'aria-label': 'strength as ' + nm(id) + ' sees it' });
      var vl = el('label', nm(id) + ' sees '); vl.appendChild(t); row2.appendChild(vl);
      var vs = el('label', 'strength '); vs.appendChild(st); row2.appendChild(vs);
      return { by: id, type: t, strength: st, was: p };
    });
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(button(r ? 'Save' : 'Add relationship', function () {
      var fields = { strength: Number(strength.value || 0.6), basis: basis.value || null,
        mandated: [src, tgt].filter(function (id, i) { return mchecks[i].checked; }) };
      if (!fields.mandated.length) fields.mandated = null;
      fields.perceptions = views.filter(function (v) { return v.type.value; }).map(function (v) {
        var p = v.type.value === 'mix' ? { by: v.by, mix: v.was.mix } : { by: v.by, type: v.type.value };
        if (v.strength.value !== '') p.strength = Number(v.strength.value);
        return p;
      });
      if (!fields.perceptions.length) fields.perceptions = null;
      if (kind.value === 'mix') { var m = {}; TYPES.forEach(function (t) { if (Number(mix[t].value) > 0) m[t] = Number(mix[t].value); }); fields.mix = m; }
      else fields.type = kind.value;
      edit([{ op: 'put_relationship', source: src, target: tgt, fields: fields }], nm(src) + ' \u2014 ' + nm(tgt)).then(function (ok) {
        if (ok && !r) select({ kind: 'newrel', source: src, target: tgt });
      });
    }, 'primary', 'rel-save'));
    if (r) b.appendChild(button('Remove', function () { edit([{ op: 'remove_relationship', source: src, target: tgt }], 'removed').then(function (ok) { if (ok) select(null); }); }, null, 'rel-remove'));
  }

  function showCase() {
    var c = S.view.case, f = panel(c.title);
    f.appendChild(el('div', actors().length + ' actors, ' + (c.relationships || []).length + ' relationships. Click an actor or a relationship to edit it.', 'muted'));
    f.appendChild(el('h3', 'Goals'));
    (c.goals || []).forEach(function (g) {
      var item = el('div', null, 'item'); f.appendChild(item);
      item.appendChild(el('div', g.description));
      (g.stances || []).forEach(function (s) {
        var line = el('div', nm(s.actor) + ': ' + (s.stance > 0 ? '+' : '') + fmt(s.stance) + (s.stance > 0 ? ' supports' : s.stance < 0 ? ' opposes' : ' indifferent') + ' ', 'reason');
        var x = button('\u00d7', function () { edit([{ op: 'set_stance', goal: g.id, actor: s.actor, stance: null }], 'stance removed'); }, 'small', 'stance-remove-' + g.id + '-' + s.actor);
        x.title = 'No stance on this goal'; line.appendChild(x); item.appendChild(line);
      });
      var row = el('div', null, 'row'); item.appendChild(row);
      var who = dropdown(actors().map(function (a) { return [a.id, a.name]; }), '', 'stance-actor-' + g.id);
      var val = input('number', 1, { min: -1, max: 1, step: 0.1, id: 'stance-value-' + g.id });
      row.appendChild(who); row.appendChild(val);
      row.appendChild(button('Set stance', function () { edit([{ op: 'set_stance', goal: g.id, actor: who.value, stance: Number(val.value) }], 'stance on ' + g.description); }, null, 'stance-set-' + g.id));
      row.appendChild(button('Remove goal', function () { edit([{ op: 'remove_goal', id: g.id }], 'goal removed'); }, null, 'goal-remove-' + g.id));
    });
    if (!(c.goals || []).length) f.appendChild(el('div', 'No goal yet: add one with + Goal.', 'muted'));
    if (window.ecographAgreements) window.ecographAgreements.list(f);  // agreements.js
  }

  function showNewGoal() {
    var f = panel('New goal');
    var d = field(f, 'What should change (one sentence)', input('text', '', { id: 'goal-description', placeholder: 'e.g. The family keeps its flat' }));
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(button('Add goal', function () {
      var ids = (S.view.case.goals || []).map(function (g) { return g.id; });
      edit([{ op: 'put_goal', id: slug(d.value, ids), fields: { description: d.value.trim() } }], 'goal added').then(function (ok) { if (ok) select(null); });
    }, 'primary', 'goal-save'));
    d.focus();
  }

  // ------------------------------------------------------------------ what-if
  // The six interventions `ecograph whatif` knows, with the fields the panel asks for:
  // [field, label, 'actor' | 'actors2' | 'goal' | 'number' | 'basis' | 'text'].
  var WHATIF = {
    add_advocate: ['Give a client an advocate', [['client', 'Client', 'actor'], ['toward', 'Toward (who holds the mandate)', 'actorlist'], ['name', 'Advocate\u2019s name (a new actor)', 'text']]],
    family_group_conference: ['Convene a family group conference', [['family', 'Family', 'actor'], ['coordinator', 'Coordinator (optional)', 'actor?']]],
    redistribute_authority: ['Redistribute authority', [['giver', 'From', 'actor'], ['receiver', 'To', 'actor'], ['amount', 'Amount of power (0..1)', 'number']]],
    conclude_agreement: ['Conclude an agreement', [['parties', 'Between', 'actors2'], ['basis', 'Basis (M. Horn)', 'basis']]],
    change_stance: ['Change a stance on a goal', [['actor', 'Actor', 'actor'], ['goal', 'Goal', 'goal'], ['stance', 'New stance (-1 \u2026 +1)', 'number']]],
    end_relationship: ['End a relationship', [['between', 'The relationship', 'rel']]]
  };
  function showWhatIf() {
    var f = panel('What if\u2026');
    var kinds = Object.keys(WHATIF);
    var kind = field(f, 'Intervention', dropdown(kinds.map(function (k) { return [k, WHATIF[k][0]]; }), S.whatifKind || kinds[0], 'whatif-kind'));
    kind.addEventListener('change', function () { S.whatifKind = kind.value; showWhatIf(); });
    var spec = WHATIF[kind.value][1], inputs = {};
    var people = actors().map(function (a) { return [a.id, a.name]; });
    // a sensible first choice for each field: a client for the client, a family for the family,
    // the change agent for "from" and "toward"; the user changes it in the menu
    var inSystem = function (key, not) {
      var hit = S.view.map.actors.filter(function (a) { return a.systems.indexOf(key) >= 0 && a.id !== not; })[0];
      return hit ? hit.id : '';
    };
    var firstFamily = (actors().filter(function (a) { return a.kind === 'family'; })[0] || {}).id || inSystem('client');
    var DEFAULT = { client: inSystem('client'), toward: inSystem('change_agent'), family: firstFamily,
      giver: inSystem('target') || inSystem('change_agent'), receiver: inSystem('client'), actor: inSystem('target') };
    spec.forEach(function (s) {
      var name = s[0], label = s[1], type = s[2];
      if (type === 'actor' || type === 'actor?' || type === 'actorlist') inputs[name] = field(f, label, dropdown((type === 'actor?' ? [['', '\u2014']] : []).concat(people), type === 'actor?' ? '' : DEFAULT[name] || '', 'whatif-' + name));
      else if (type === 'actors2') inputs[name] = [field(f, label, dropdown(people, inSystem('change_agent'), 'whatif-' + name + '-1')), field(f, 'and', dropdown(people, inSystem('target', inSystem('change_agent')) || (people.length > 1 ? people[1][0] : ''), 'whatif-' + name + '-2'))];
      else if (type === 'rel') inputs[name] = field(f, label, dropdown((S.view.case.relationships || []).map(function (r) { return [r.source + '\n' + r.target, nm(r.source) + ' \u2014 ' + nm(r.target)]; }), '', 'whatif-' + name));
      else if (type === 'goal') inputs[name] = field(f, label, dropdown((S.view.case.goals || []).map(function (g) { return [g.id, g.description]; }), '', 'whatif-' + name));
      else if (type === 'basis') inputs[name] = field(f, label, dropdown(BASES, 'exchange', 'whatif-' + name));
      else if (type === 'number') inputs[name] = field(f, label, input('number', name === 'amount' ? 0.2 : 1, { step: 0.1, id: 'whatif-' + name }));
      else inputs[name] = field(f, label, input('text', '', { id: 'whatif-' + name }));
    });
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(button('Try it', function () {
      var spec2 = {};
      spec.forEach(function (s) {
        var v = inputs[s[0]];
        if (Array.isArray(v)) spec2[s[0]] = [v[0].value, v[1].value];
        else if (s[2] === 'actorlist') spec2[s[0]] = [v.value];
        else if (s[2] === 'rel') spec2[s[0]] = v.value.split('\n');
        else if (s[2] === 'number') spec2[s[0]] = Number(v.value);
        else if (v.value) spec2[s[0]] = v.value;
      });
      var one = {}; one[kind.value] = spec2;
      api('POST', casePath(S.name) + '/whatif' + q(), { interventions: [one] }).then(function (r) {
        if (!r.ok) { showProblems('This intervention cannot be tried', r.data.error); return; }
        whatIfResult(clear(out), r.data, kind.value);
      });
    }, 'primary', 'whatif-try'));
    var out = el('div'); f.appendChild(out);
  }

  function whatIfResult(box, result, kind) {
    var w = result.whatif;
    box.appendChild(el('h3', 'Before \u2192 after, on ' + w.as_of));
    // the choice first, where it is seen without scrolling; the details below it
    var kb = el('div', null, 'buttons'); box.appendChild(kb);
    (w.overall || []).forEach(function (line) { box.appendChild(el('div', line, 'reason')); });
    // before and after side by side, pair by pair (the words of the analysis panel)
    if ((result.rows || []).length) {
      var table = el('table', null, 'whatif-table'), head = el('tr');
      ['Pair', 'Before', 'After'].forEach(function (h) { head.appendChild(el('th', h)); });
      table.appendChild(head);
      result.rows.forEach(function (r) {
        var tr = el('tr', null, 'whatif-pair'); tr.appendChild(el('td', r.pair));
        [0, 1].forEach(function (i) {
          var td = el('td'); ['conflict', 'cooperation'].forEach(function (k) {
            td.appendChild(el('div', k + ' ' + r[k][i], r[k][0] !== r[k][1] ? 'moved' : null));
          }); tr.appendChild(td);
        });
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (!(w.pairs || []).length) box.appendChild(el('div', 'No pair changes noticeably.', 'muted'));
    kb.appendChild(button('Keep it (change the case)', function () {
      edit(result.edits, 'what-if kept: ' + WHATIF[kind][0]).then(function (ok) { if (ok) select(null); });
    }, 'primary', 'whatif-keep'));
    kb.appendChild(button('Discard', function () { select(null); }, null, 'whatif-discard'));
    box.scrollIntoView({ block: 'start' });
  }

  function showNewCase() {
    var f = panel('New case');
    var name = field(f, 'File name', input('text', '', { id: 'new-case-name', placeholder: 'e.g. family-a.yaml' }));
    var tpl = field(f, 'Start from', dropdown([['blank', 'an empty case'], ['starter', 'the starter case (with explanations)']], 'blank', 'new-case-template'));
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(button('Create', function () {
      var n = name.value.trim(); if (!/\.(ya?ml|json)$/i.test(n)) n += '.yaml';
      api('POST', '/api/cases', { name: n, template: tpl.value }).then(function (r) {
        if (!r.ok) { showProblems('The case was not created', r.data.error); return; }
        listCases(n);
      });
    }, 'primary', 'new-case-create'));
    name.focus();
  }

  // ------------------------------------------------------------------ analysis
  function loadAnalysis() {
    var name = S.name, version = S.version, ask = casePath(name) + '/analysis' + q();
    var early = S.early && S.early.ask === ask ? S.early.answer : null;
    S.early = null;
    (early || api('GET', ask)).then(function (r) {
      if (name !== S.name || version !== S.version) return;
      if (early && r.ok && r.data.version !== version) { loadAnalysis(); return; }  // changed meanwhile
      var body = byId('analysis-body');
      if (!r.ok) { S.shown = null; clear(body).textContent = r.data.error.message; return; }
      S.analysis = r.data;
      performance.mark('ws:analysis');
      // the panel is written again only when its words changed (one swap, scroll kept otherwise)
      var said = JSON.stringify([r.data.plain, r.data.warnings, r.data.warnings_as_of, r.data.analysis.as_of, S.view.case.actors]);
      if (said !== S.shown) {
        var fresh = document.createDocumentFragment();
        renderAnalysis(body, fresh, r.data);
        clear(body).appendChild(fresh);
        S.shown = said;
      }
      performance.mark('ws:analysis-shown');
      document.body.setAttribute('data-analysis-version', version);
    });
  }

  function section(body, title, rows, empty) {
    body.appendChild(el('h3', title));
    if (!rows.length) { body.appendChild(el('div', empty, 'muted')); return; }
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // The words come from the server (ecograph/workspace/plain.py: the text report's words);
  // the page only lays them out.
  function renderAnalysis(panel, body, data) {
    var a = data.analysis, w = data.plain;
    panel.setAttribute('data-as-of', a.as_of || '');
    body.appendChild(el('div', 'As of ' + (a.as_of || 'the latest records'), 'muted'));
    section(body, 'Act on now', w.summary.map(function (p) {
      var d = el('div', null, 'item act'); d.appendChild(el('b', p.action));
      d.appendChild(el('div', p.reason, 'reason')); return d;
    }), 'Nothing urgent.');
    section(body, 'Where conflict is likely', w.hotspots.map(function (h) {
      var d = el('div', null, 'item hotspot');
      d.appendChild(el('span', h.current || 'no tie yet', 'pill ' + (h.current || 'none')));
      d.appendChild(document.createTextNode(' ' + h.names[0] + ' \u2014 ' + h.names[1] + ': conflict ' + h.conflict));
      d.appendChild(el('div', h.now + '; ' + h.others, 'reason'));
      h.reasons.forEach(function (r) {
        var line = el('div', '\u2022 ' + r.text, 'reason'); line.title = 'the model: \u201c' + r.quote + '\u201d'; d.appendChild(line);
      });
      return d;
    }), 'No pair is likely to be in conflict.');
    body.appendChild(el('div', w.note, 'muted note'));
    section(body, 'Tactics (M. Horn\u2019s basis)', w.tactics.map(function (t) {
      var d = el('div', t.text, 'item tactic');
      t.conditions.forEach(function (c) { d.appendChild(el('div', c, 'reason')); });
      if (t.risk) d.appendChild(el('div', 'risk: ' + t.risk, 'reason'));
      return d;
    }), 'No tactic: add a change agent and a target.');
    section(body, 'Warnings (' + data.warnings_as_of + ')', (data.warnings || []).map(function (x) {
      var d = el('div', x.kind + ': ' + x.actors.map(nm).join(' \u2014 '), 'item warning');
      d.appendChild(el('div', x.reason, 'reason')); return d;
    }), 'No warning.');
    section(body, 'Factions', w.factions.map(function (names, i) {
      return el('div', 'Faction ' + (i + 1) + ': ' + names.join(', '), 'item faction');
    }), 'One faction: no split into hostile camps.');
    section(body, 'Power gaps in hostile relationships', w.gaps.map(function (g) { return el('div', g, 'item gap'); }), 'None.');
  }

  // ------------------------------------------------------------------ controls
  function init() {
    S.asOf = today();
    byId('as-of').value = S.asOf;
    byId('as-of').addEventListener('change', function () { S.asOf = byId('as-of').value || today(); if (S.name) openCaseKeepSelection(); });
    byId('today').addEventListener('click', function () { S.asOf = today(); byId('as-of').value = S.asOf; if (S.name) openCaseKeepSelection(); });
    byId('case-select').addEventListener('change', function () { openCase(byId('case-select').value); });
    byId('new-case').addEventListener('click', function () { select({ kind: 'newcase' }); });
    byId('sign-out').addEventListener('click', function () { api('POST', '/logout').then(function () { location.href = '/login'; }); });
    byId('duplicate-case').addEventListener('click', function () {
      // the first free name: x-copy.yaml, x-copy-2.yaml, ... (never over another case);
      // a case of a database has no file extension
      var taken = Array.prototype.map.call(byId('case-select').options, function (o) { return o.value; });
      var ext = (/(\.[a-z]+)$/i.exec(S.name) || ['', ''])[1];
      var stem = S.name.slice(0, S.name.length - ext.length);
      var n = stem + '-copy' + ext;
      for (var i = 2; taken.indexOf(n) >= 0; i += 1) n = stem + '-copy-' + i + ext;
      api('POST', casePath(S.name) + '/duplicate', { name: n }).then(function (r) {
        if (!r.ok) { showProblems('The case was not duplicated', r.data.error); return; }
        listCases(n);
      });
    });
    byId('add-actor').addEventListener('click', function () { S.linking = null; hint(''); select({ kind: 'newactor' }); });
    byId('add-goal').addEventListener('click', function () { select({ kind: 'newgoal' }); });
    byId('whatif').addEventListener('click', function () { select({ kind: 'whatif' }); });
    byId('link').addEventListener('click', function () {
      S.linking = S.linking ? null : { from: null }; if (cy) cy.nodes().removeClass('from');
      hint(S.linking ? 'click the first actor' : '');
    });
    byId('undo').addEventListener('click', function () { undo('undo'); });
    byId('redo').addEventListener('click', function () { undo('redo'); });
    byId('problems-close').addEventListener('click', function () { byId('problems').hidden = true; });
    document.addEventListener('keydown', function (e) {
      if (e.target && /INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'z') { e.preventDefault(); undo('undo'); }
      if ((e.ctrlKey || e.metaKey) && e.key === 'y') { e.preventDefault(); undo('redo'); }
    });
    window.addEventListener('resize', function () { if (cy) cy.resize(); });
    listCases(null);
  }
  function openCaseKeepSelection() {
    var sel = S.selected;
    api('GET', casePath(S.name) + q()).then(function (r) { if (r.ok) { S.selected = sel; take(r.data); } });
  }
  function undo(which) {
    api('POST', casePath(S.name) + '/' + which + q(), { version: S.version }).then(function (r) {
      if (r.ok) { take(r.data); status(which === 'undo' ? 'undone' : 'redone'); return; }
      showProblems(which === 'undo' ? 'Nothing was undone' : 'Nothing was redone', r.data.error);
      if (r.status === 409) openCase(S.name);
    });
  }
  // for present mode (present.js) and the Files panel (cases-io.js): the case on screen, its
  // analysis, and the page's helpers
  window.ecographWorkspace = { state: function () { return { name: S.name, asOf: S.asOf, view: S.view, analysis: S.analysis }; }, panel: panel,
    select: select, listCases: listCases, showProblems: showProblems, status: status,
    api: api, el: el, button: button, field: field, input: input, casePath: casePath, byId: byId, clear: clear,
    edit: edit, actors: actors, nm: nm, dropdown: dropdown, slug: slug };
  init();
})();
