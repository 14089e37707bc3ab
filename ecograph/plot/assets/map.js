/* ecograph interactive map. Reads the case from the JSON element, draws it with Cytoscape.js.
 * No network: everything is in this page. Text reaches the document only via textContent. */
(function () {
  'use strict';
  var T0 = performance.now();
  var MARKS = { scriptStart: T0 };
  var DATA = JSON.parse(document.getElementById('ecograph-data').textContent);
  MARKS.parsed = performance.now();
  var TYPES = ['cooperation', 'agreement', 'conflict'];
  var STY = DATA.styles;
  var SYSTEM_LABELS = {};
  DATA.regions.forEach(function (r) { SYSTEM_LABELS[r.key] = r.label; });

  // ------------------------------------------------------------------ helpers
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(x) { return (Math.round(x * 100) / 100).toString(); }
  function byId(id) { return document.getElementById(id); }

  var actorIndex = {}, nameOf = {};
  DATA.actors.forEach(function (a, i) { actorIndex[a.id] = i; nameOf[a.id] = a.name; });
  function nm(id) { return nameOf[id] !== undefined ? nameOf[id] : (DATA.names && DATA.names[id] !== undefined ? DATA.names[id] : id); }

  // Analysis pairs by actor and by pair, tactics and warnings: as of the date the slider stands
  // on. The server computed the one analysis at every date stop (DATA.timeline); useStop picks
  // the stop and nothing here recomputes it.
  var pairsByActor = {}, pairByKey = {}, tacticsByActor = {}, warningsNow = [], analysisDate = DATA.analysis.as_of;
  var TL = DATA.timeline;
  function pkey(a, b) { return a < b ? a + '\u0000' + b : b + '\u0000' + a; }
  function expandPair(p) {
    return { a: p.a, b: p.b, related: p.related, current: p.current, likelihood: p.likelihood, dominant: p.dominant,
      reasons: p.reasons.map(function (r) {
        var rule = TL.rules[r[0]], eff = {}; eff[r[2]] = r[3];
        return { rule: r[0], title: rule.title, quote: rule.quote, says: r[1], effect: eff };
      }) };
  }
  function indexAnalysis(pairs, tactics) {
    pairsByActor = {}; pairByKey = {}; tacticsByActor = {};
    pairs.forEach(function (p) {
      pairByKey[pkey(p.a, p.b)] = p;
      (pairsByActor[p.a] = pairsByActor[p.a] || []).push(p);
      (pairsByActor[p.b] = pairsByActor[p.b] || []).push(p);
    });
    tactics.forEach(function (t) { (tacticsByActor[t.actor] = tacticsByActor[t.actor] || []).push(t); });
  }
  indexAnalysis(DATA.analysis.pairs || [], DATA.analysis.tactics || []);
  var currentStop = null;
  function stopFor(date) {
    if (!TL) return null;
    if (!TL.moves) return TL.stops[0];
    for (var i = 0; i < TL.stops.length; i++) if (TL.stops[i].date === date) return TL.stops[i];
    return null;
  }
  function useStop(date) {
    var st = stopFor(date);
    if (!st || st === currentStop) return;
    currentStop = st;
    indexAnalysis(st.pairs.map(function (i) { return expandPair(TL.pairs[i]); }), st.tactics.map(function (i) { return TL.tactics[i]; }));
    warningsNow = st.warnings.map(function (i) { return TL.warnings[i]; });
    analysisDate = st.date;
    if (st.factions) {
      DATA.factions = st.factions;
      DATA.actors.forEach(function (a) { var f = st.factions.groups[a.id]; a.faction = f === undefined ? null : f; });
    }
  }

  // ------------------------------------------------------------------ elements
  var elements = [];
  // Region titles sit in the outer corners, where no border actor can cover them.
  var CORNER = { change_agent: ['left', 'top'], client: ['right', 'top'], action: ['left', 'bottom'], target: ['right', 'bottom'] };
  DATA.regions.forEach(function (r, i) {
    var s = STY.systems[r.key] || STY.systems.other;
    elements.push({
      group: 'nodes', data: { id: 'r' + i, w: r.x1 - r.x0, h: r.y1 - r.y0, tint: s.tint, ink: s.ink, region: r.key },
      position: { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 }, classes: 'region', locked: true, grabbable: false, selectable: false
    });
    var c = CORNER[r.key] || ['left', 'bottom'];
    var pad = Math.max(14, Math.min(r.x1 - r.x0, r.y1 - r.y0) / 60);
    elements.push({
      group: 'nodes', data: { id: 'rl' + i, label: r.label, ink: s.ink, fs: Math.max(18, Math.min(r.x1 - r.x0, r.y1 - r.y0) / 16) },
      position: { x: c[0] === 'left' ? r.x0 + pad : r.x1 - pad, y: c[1] === 'top' ? r.y0 + pad : r.y1 - pad },
      classes: 'region-label h-' + c[0] + ' v-' + c[1], locked: true, grabbable: false, selectable: false
    });
  });
  // The bands across a border that hold the actors in two systems: striped in both systems'
  // colours (the figures hatch them), drawn over the regions and under every line.
  function bandColours(key) {
    return key.split('|').map(function (k) { return (STY.systems[k] || STY.systems.other).ink; });
  }
  var bandStyles = [];
  (DATA.bands || []).forEach(function (b, i) {
    elements.push({
      group: 'nodes', data: { id: 'b' + i, w: b.x1 - b.x0, h: b.y1 - b.y0, band: b.key },
      position: { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 }, classes: 'band', locked: true, grabbable: false, selectable: false
    });
    bandStyles.push({ selector: '#b' + i, style: b.stripes });  // the two systems' inks, striped
  });
  DATA.actors.forEach(function (a, i) {
    var s = STY.systems[a.home[0]] || STY.systems.other;
    elements.push({
      group: 'nodes', data: { id: 'n' + i, label: a.name, power: a.power, ink: s.ink, kind: a.kind, faction: a.faction, idx: i },
      position: { x: a.x, y: a.y }, classes: 'actor kind-' + a.kind
    });
  });
  var many = DATA.actors.length > 1500;
  // Members are already drawn around their group; on a large map the extra lines only cost.
  // A line routed around other actors bends at the points the layout gave (segments).
  function bends(data, seg) {
    if (seg) { data.sw = seg.w; data.sd = seg.d; }
    return data;
  }
  if (!many) (DATA.members || []).forEach(function (m) {
    var i = actorIndex[m.source], g = actorIndex[m.target];
    if (i === undefined || g === undefined) return;
    elements.push({ group: 'edges', data: bends({ id: 'm' + i + '_' + g, source: 'n' + i, target: 'n' + g }, m.segments), classes: 'member' });
  });
  var INITIAL = DATA.case.as_of && DATA.dates.indexOf(DATA.case.as_of) >= 0 ? DATA.case.as_of : null;
  var shownType = [], shownStrength = [], edgeOff = [], nodeOff = [], notJoined = [];
  DATA.rels.forEach(function (r, i) {
    var s0 = stateAt(r, INITIAL);
    shownType[i] = s0 ? s0.type : 'cooperation';
    shownStrength[i] = s0 ? s0.strength : 0.5;
    edgeOff[i] = s0 === null ? 'absent' : '';
    elements.push({
      group: 'edges', data: bends({ id: 'e' + i, source: 'n' + actorIndex[r.source], target: 'n' + actorIndex[r.target], type: shownType[i], strength: shownStrength[i], idx: i }, many ? null : r.segments),
      classes: 'rel' + (s0 === null ? ' absent' : '')
    });
  });
  DATA.actors.forEach(function (a, i) { nodeOff[i] = false; });

  // Dash patterns that stay apart at every width: long dashes for agreement, round dots for conflict.
  var DASH = { solid: { 'line-style': 'solid' }, dashed: { 'line-style': 'dashed', 'line-dash-pattern': [12, 6] },
    dotted: { 'line-style': 'dashed', 'line-dash-pattern': [0.1, 7], 'line-cap': 'round' } };
  var style = [
    // Manual stacking: regions at the back, then member lines, relationships, actors on top.
    { selector: 'node, edge', style: { 'z-index-compare': 'manual' } },
    { selector: 'node.region', style: {
      shape: 'rectangle', width: 'data(w)', height: 'data(h)', 'background-color': 'data(tint)', 'background-opacity': 0.75,
      'border-width': 2, 'border-color': 'data(ink)', 'border-opacity': 0.5, events: 'no', 'z-index': 0
    } },
    { selector: 'node.band', style: {
      shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-opacity': 0.45,
      'border-width': 1.5, 'border-style': 'dashed', 'border-color': '#666', 'border-opacity': 0.6, events: 'no', 'z-index': 0
    } },
    { selector: 'node.region-label', style: {
      width: 1, height: 1, 'background-opacity': 0, 'border-width': 0, label: 'data(label)', 'font-size': 'data(fs)', 'font-weight': 'bold',
      color: 'data(ink)', events: 'no', 'z-index': 1
    } },
    { selector: 'node.region-label.h-left', style: { 'text-halign': 'right' } },
    { selector: 'node.region-label.h-right', style: { 'text-halign': 'left' } },
    { selector: 'node.region-label.v-top', style: { 'text-valign': 'bottom' } },
    { selector: 'node.region-label.v-bottom', style: { 'text-valign': 'top' } },
    { selector: 'node.actor', style: {
      width: 'mapData(power, 0, 1, 12, 36)', height: 'mapData(power, 0, 1, 12, 36)', 'background-color': 'data(ink)',
      'border-width': 1.5, 'border-color': '#ffffff', label: many ? '' : 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 2,
      'text-wrap': 'wrap', 'text-max-width': 68, 'line-height': 1.05, 'min-zoomed-font-size': many ? 9 : 0, color: '#222',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.7, 'text-background-padding': 1, 'z-index': 10
    } },
    { selector: 'node.kind-family, node.kind-group', style: { shape: 'round-rectangle' } },
    { selector: 'node.kind-organization', style: { shape: 'rectangle' } },
    { selector: 'node.kind-community', style: { shape: 'hexagon' } },
    { selector: 'edge.rel', style: {
      width: many ? 'mapData(strength, 0, 1, 0.5, 3)' : 'mapData(strength, 0, 1, 1.5, 8)',
      'curve-style': many ? 'haystack' : 'straight', 'z-index': 5, opacity: many ? 0.35 : 0.9
    } },
    { selector: 'edge.rel:selected', style: { opacity: 1 } },
    { selector: 'edge.member', style: { width: 1, 'line-color': '#9a9a9a', opacity: 0.45, 'curve-style': many ? 'haystack' : 'straight', 'z-index': 1 } },
    { selector: 'edge[sw]', style: { 'curve-style': 'segments', 'edge-distances': 'node-position',
      'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)' } },
    { selector: 'node.actor:selected', style: { 'border-width': 4, 'border-color': '#111' } },
    { selector: 'edge.rel:selected', style: { 'underlay-color': '#111', 'underlay-opacity': 0.25, 'underlay-padding': 4 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#CC79A7' } },
    // A name that would cover another name or an actor is hidden (declutter, below); the actors
    // found or clicked always show theirs, and so does every actor on request on a large map.
    { selector: 'node.actor.nolabel', style: { label: '' } },
    { selector: 'node.actor:selected, node.actor.match, node.actor.named', style: { label: 'data(label)' } },
    { selector: 'node.actor.not-joined', style: { opacity: 0.3 } },
    { selector: '.hidden, .absent', style: { display: 'none' } }
  ];
  TYPES.forEach(function (t) {
    var s = STY.types[t];
    var st = { 'line-color': s.colour };
    Object.keys(DASH[s.line]).forEach(function (k) { st[k] = DASH[s.line][k]; });
    style.push({ selector: 'edge.rel[type = "' + t + '"]', style: st });
  });

  bandStyles.forEach(function (b) { style.push(b); });

  MARKS.elements = performance.now();
  var cy = cytoscape({
    container: byId('cy'), elements: elements, style: style, layout: { name: 'preset' },
    minZoom: 0.02, maxZoom: 4, boxSelectionEnabled: false,
    textureOnViewport: many, hideEdgesOnViewport: many, pixelRatio: many ? 1 : 'auto'
  });
  MARKS.cytoscape = performance.now();
  cy.one('render', function () {
    MARKS.firstRender = performance.now();
    window.ecographTiming = MARKS;
    document.body.setAttribute('data-ready', '1');
  });

  // ------------------------------------------------------------------ header
  byId('title').textContent = DATA.case.title;
  document.title = DATA.case.title + ' \u2014 ecograph map';
  byId('subtitle').title = DATA.case.description || '';
  byId('subtitle').textContent = (DATA.case.focus ? DATA.case.focus + ': ' + DATA.actors.length + ' of ' + DATA.case.actors_in_case : DATA.actors.length) + ' actors, ' + DATA.rels.length + ' relationships' +
    (DATA.case.description ? ' \u2014 ' + DATA.case.description : '');

  // ------------------------------------------------------------------ filters
  var state = { systems: {}, types: {}, factions: {}, dateIndex: 0 };
  function checkbox(parent, name, value, label, colour, onchange) {
    var l = el('label');
    var c = el('input'); c.type = 'checkbox'; c.checked = true; c.name = name; c.value = value;
    c.addEventListener('change', function () { onchange(c.checked); });
    l.appendChild(c);
    if (colour) { var sw = el('span', null, 'swatch'); sw.style.background = colour; l.appendChild(sw); }
    l.appendChild(el('span', label));
    parent.appendChild(l);
    return c;
  }
  DATA.regions.forEach(function (r) {
    state.systems[r.key] = true;
    var n = DATA.actors.filter(function (a) { return a.home.indexOf(r.key) >= 0; }).length;
    checkbox(byId('filter-system'), 'system', r.key, r.label + ' (' + n + ')', (STY.systems[r.key] || STY.systems.other).ink,
      function (on) { state.systems[r.key] = on; applyFilters(); });
  });
  TYPES.forEach(function (t) {
    state.types[t] = true;
    checkbox(byId('filter-type'), 'type', t, t, STY.types[t].colour, function (on) { state.types[t] = on; applyFilters(); });
  });
  var FACTION_COLOURS = STY.factions;
  function factionInk(a) {
    var f = a.faction;
    return f === null || f === undefined ? '#cccccc' : FACTION_COLOURS[(f - 1) % FACTION_COLOURS.length];
  }
  function paintFactions() {
    var tc = byId('colour-faction');
    cy.batch(function () {
      cy.nodes('.actor').forEach(function (n) {
        var a = DATA.actors[n.data('idx')];
        n.data('ink', tc && tc.checked ? factionInk(a) : (STY.systems[a.home[0]] || STY.systems.other).ink);
      });
    });
  }
  var factionsShown = null;
  function buildFactionFilter() {
    if (factionsShown === DATA.factions) return;
    factionsShown = DATA.factions;
    var box = byId('filter-faction'), was = byId('colour-faction');
    var colour = was ? was.checked : false;
    while (box.firstChild) box.removeChild(box.firstChild);
    state.factions = {};
    if (DATA.factions && DATA.factions.k > 0) {
      var ks = [];
      for (var k = 1; k <= DATA.factions.k; k++) ks.push(k);  // numbered from 1, as in every view
      ks.push('none');
      ks.forEach(function (f) {
        state.factions[f] = true;
        var n = DATA.actors.filter(function (a) { return (a.faction === null ? 'none' : a.faction) === f; }).length;
        if (f === 'none' && n === 0) return;
        checkbox(box, 'faction', String(f), f === 'none' ? 'no tie (' + n + ')' : 'faction ' + f + ' (' + n + ')',
          f === 'none' ? '#cccccc' : FACTION_COLOURS[(f - 1) % FACTION_COLOURS.length], function (on) { state.factions[f] = on; applyFilters(); });
      });
      byId('faction-note').textContent = DATA.factions.note;
      var tl = el('label'), tc = el('input'); tc.type = 'checkbox'; tc.id = 'colour-faction'; tc.checked = colour;
      tc.addEventListener('change', paintFactions);
      tl.appendChild(tc); tl.appendChild(el('span', 'colour actors by faction'));
      box.appendChild(tl);
    } else {
      byId('faction-note').textContent = DATA.factions ? DATA.factions.note : 'factions not computed';
    }
    if (typeof cy !== 'undefined') paintFactions();
  }

  function actorVisible(a) {
    var sys = a.home.some(function (h) { return state.systems[h]; });
    var f = a.faction === null || a.faction === undefined ? 'none' : a.faction;
    var fac = !(DATA.factions && DATA.factions.k > 0) || state.factions[f];
    return sys && fac;
  }

  // ------------------------------------------------------------------ time
  var dates = DATA.dates;
  var slider = byId('time');
  slider.max = String(dates.length);  // position dates.length = latest state
  function dateAt(i) { return i >= dates.length ? null : dates[i]; }
  function stateAt(rel, date) {
    var cur = null;
    for (var i = 0; i < rel.steps.length; i++) {
      var s = rel.steps[i];
      if (s[0] === null || date === null || s[0] <= date) cur = s; else break;
    }
    return cur && cur[1] !== null ? { type: cur[1], strength: cur[2], mix: cur[3], since: cur[0] } : null;
  }
  var currentStates = [];

  function applyFilters() {
    var date = dateAt(state.dateIndex);
    useStop(date);
    buildFactionFilter();
    showWarnings();
    var counts = { cooperation: 0, agreement: 0, conflict: 0 };
    var visible = DATA.actors.map(actorVisible);
    cy.batch(function () {
      // Touch only what changed: a large map stays quick to filter and replay.
      DATA.actors.forEach(function (a, i) {
        // faded: not yet in the case on the slider's date (no tactic, no warning for it)
        var later = date !== null && a.joined !== null && a.joined !== undefined && a.joined > date;
        if (later !== !!notJoined[i]) {
          var nj = cy.getElementById('n' + i);
          if (later) nj.addClass('not-joined'); else nj.removeClass('not-joined');
          notJoined[i] = later;
        }
        var off = !visible[i];
        if (off !== nodeOff[i]) {
          var n = cy.getElementById('n' + i);
          if (off) n.addClass('hidden'); else n.removeClass('hidden');
          nodeOff[i] = off;
        }
      });
      DATA.rels.forEach(function (r, i) {
        var s = stateAt(r, date);
        currentStates[i] = s;
        var off = '';
        if (s === null) off = 'absent';
        else {
          var show = state.types[s.type] && visible[actorIndex[r.source]] && visible[actorIndex[r.target]];
          if (show) counts[s.type]++; else off = 'hidden';
        }
        var e = null;
        if (s !== null && (s.type !== shownType[i] || s.strength !== shownStrength[i])) {
          e = cy.getElementById('e' + i);
          e.data({ type: s.type, strength: s.strength });
          shownType[i] = s.type; shownStrength[i] = s.strength;
        }
        if (off !== edgeOff[i]) {
          e = e || cy.getElementById('e' + i);
          if (edgeOff[i]) e.removeClass(edgeOff[i]);
          if (off) e.addClass(off);
          edgeOff[i] = off;
        }
      });
      cy.edges('.member').forEach(function (e) {
        var a = e.source().data('idx'), b = e.target().data('idx');
        if (visible[a] && visible[b]) e.removeClass('hidden'); else e.addClass('hidden');
      });
    });
    if (typeof declutter === 'function' && cy.nodes('.actor').length && labelsReady) declutter();
    byId('time-label').textContent = date === null ? 'latest (all history)' : 'as of ' + date;
    byId('counts').textContent = counts.cooperation + ' cooperation \u00b7 ' + counts.agreement + ' agreement \u00b7 ' + counts.conflict + ' conflict shown';
    if (selected) showSelected();
  }
  function setDateIndex(i) { state.dateIndex = i; slider.value = String(i); applyFilters(); }
  slider.addEventListener('input', function () { setDateIndex(parseInt(slider.value, 10)); });
  var playing = null;
  byId('play').addEventListener('click', function () {
    if (playing) { clearInterval(playing); playing = null; byId('play').textContent = '\u25b6 Replay'; return; }
    var i = 0;
    byId('play').textContent = '\u25a0 Stop';
    setDateIndex(0);
    playing = setInterval(function () {
      i++;
      if (i > dates.length) { clearInterval(playing); playing = null; byId('play').textContent = '\u25b6 Replay'; return; }
      setDateIndex(i);
    }, 700);
  });
  if (dates.length === 0) { slider.disabled = true; byId('play').disabled = true; }

  // ------------------------------------------------------------------ legend
  (function legend() {
    var L = byId('legend');
    TYPES.forEach(function (t) {
      var row = el('div', null, 'legend-row');
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('width', '36'); svg.setAttribute('height', '10');
      var line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      line.setAttribute('x1', '0'); line.setAttribute('y1', '5'); line.setAttribute('x2', '36'); line.setAttribute('y2', '5');
      line.setAttribute('stroke', STY.types[t].colour); line.setAttribute('stroke-width', '3');
      if (STY.types[t].line === 'dashed') line.setAttribute('stroke-dasharray', '9 4');
      if (STY.types[t].line === 'dotted') { line.setAttribute('stroke-dasharray', '0.1 6'); line.setAttribute('stroke-linecap', 'round'); }
      svg.appendChild(line); row.appendChild(svg);
      row.appendChild(el('span', t + ' (' + STY.types[t].line + ')'));
      L.appendChild(row);
    });
    L.appendChild(el('div', 'line width = strength of the relationship', 'note'));
    L.appendChild(el('div', 'node colour = system; size = power; grey line = member of a group', 'note'));
    L.appendChild(el('div', 'shape: circle individual, rounded square family or group, square organization, hexagon community', 'note'));
    (DATA.bands || []).forEach(function (b) {
      var row = el('div', null, 'legend-row legend-band');
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('width', '36'); svg.setAttribute('height', '14');
      bandColours(b.key).concat(bandColours(b.key), bandColours(b.key)).forEach(function (c, i) {
        var stripe = document.createElementNS('http://www.w3.org/2000/svg', 'polygon');
        var x = i * 8 - 14;
        stripe.setAttribute('points', x + ',14 ' + (x + 8) + ',14 ' + (x + 22) + ',0 ' + (x + 14) + ',0');
        stripe.setAttribute('fill', c); stripe.setAttribute('fill-opacity', '0.55');
        svg.appendChild(stripe);
      });
      row.appendChild(svg);
      row.appendChild(el('span', 'striped band: in both the ' + b.label + ' systems'));
      L.appendChild(row);
    });
    if (!(DATA.bands || []).length) L.appendChild(el('div', 'an actor in two systems sits on the border between them', 'note'));
    L.appendChild(el('div', 'faded: not yet in the case on the slider\u2019s date', 'note'));
  })();

  // ------------------------------------------------------------------ details
  var selected = null;  // {kind: 'actor'|'rel', idx}
  var labelsReady = false;
  var D = byId('details-body');
  function clear() { while (D.firstChild) D.removeChild(D.firstChild); byId('details-empty').style.display = 'none'; }
  function kv(table, k, v) {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return;
    var tr = el('tr'); tr.appendChild(el('th', k)); tr.appendChild(el('td', Array.isArray(v) ? v.join(', ') : v)); table.appendChild(tr);
  }
  function likBar(lik) {
    var bar = el('div', null, 'lik');
    TYPES.forEach(function (t) {
      var s = el('span'); s.style.width = (100 * (lik[t] || 0)) + '%'; s.style.background = STY.types[t].colour;
      s.title = t + ' ' + fmt(lik[t] || 0); bar.appendChild(s);
    });
    return bar;
  }
  function scoreWord(x) {
    var w = DATA.analysis.words || { likely: 0.5, unlikely: 0.2 };
    return x >= w.likely ? 'likely' : (x < w.unlikely ? 'unlikely' : 'possible');
  }
  function pairBlock(p, self) {
    var box = el('div', null, 'pair');
    var head = el('div');
    var who = self ? 'with ' + nm(p.a === self ? p.b : p.a) : nm(p.a) + ' \u2014 ' + nm(p.b);
    head.appendChild(el('strong', who));
    head.appendChild(el('span', ' \u00b7 most likely ' + p.dominant + (p.related ? ' \u00b7 now ' + (p.current || '?') : ' \u00b7 no relationship yet')));
    box.appendChild(head);
    box.appendChild(likBar(p.likelihood));
    // scores from the model's weighted rules, in words first (docs/analysis.md), not probabilities
    box.appendChild(el('div', 'rule scores: ' + TYPES.map(function (t) { return t + ' ' + scoreWord(p.likelihood[t]) + ' ' + fmt(p.likelihood[t]); }).join(' \u00b7 '), 'nums'));
    var list = el('div', null, 'reasons');
    p.reasons.forEach(function (r) {
      var d = el('div', null, 'reason');
      // plain words in the map; the rule ids and feature names stay in the JSON
      var top = TYPES.reduce(function (b, t) { return r.effect[t] > r.effect[b] ? t : b; }, TYPES[0]);
      d.appendChild(el('span', r.title || r.rule, 'tag'));
      d.appendChild(el('q', r.quote));
      d.appendChild(el('div', (r.says || '') + (r.effect[top] > 0.005 ? ' \u2014 adds ' + fmt(r.effect[top]) + ' toward ' + top : ''), 'nums'));
      list.appendChild(d);
    });
    if (!p.reasons.length) list.appendChild(el('div', 'no rule fired: the base rates decide', 'note'));
    box.appendChild(list);
    return box;
  }
  function analysisNote(parent) {
    var moves = TL && TL.moves ? '' : ' (the analysis stays on this date when the slider moves: the case is too large to compute it at every date)';
    parent.appendChild(el('div', 'Analysis' + (analysisDate ? ' as of ' + analysisDate : ' of the latest state') + moves + ': ' + DATA.analysis.note, 'note'));
  }
  function warningBlock(w) {
    var box = el('div', null, 'warning');
    box.setAttribute('data-kind', w.kind);
    box.appendChild(el('strong', w.kind + ': ' + w.actors.map(nm).join(' \u2014 ')));
    box.appendChild(el('div', w.reason));
    box.appendChild(el('div', w.why, 'note'));
    return box;
  }
  function showWarnings() {
    var W = byId('warnings');
    if (!W) return;
    while (W.firstChild) W.removeChild(W.firstChild);
    if (!TL) { W.appendChild(el('div', 'warnings not computed', 'note')); return; }
    var day = currentStop ? currentStop.warnings_as_of : null;
    // a focused map lists the warnings about the actors it draws
    var shown = warningsNow.filter(function (w) { return w.actors.some(function (a) { return actorIndex[a] !== undefined; }); });
    W.appendChild(el('div', shown.length + ' warning' + (shown.length === 1 ? '' : 's') + (day ? ' as of ' + day : '') +
      (shown.length < warningsNow.length ? ' (' + (warningsNow.length - shown.length) + ' more about actors not drawn)' : ''), 'note'));
    shown.forEach(function (w) { W.appendChild(warningBlock(w)); });
  }

  function showActor(i) {
    var a = DATA.actors[i];
    clear();
    D.setAttribute('data-actor', a.id);
    D.appendChild(el('h3', a.name));
    var t = el('table');
    kv(t, 'id', a.id); kv(t, 'kind', a.kind);
    kv(t, 'systems', a.systems.map(function (s) { return SYSTEM_LABELS[s] || s.replace(/_/g, ' '); }));
    kv(t, 'own roles', a.roles); kv(t, 'power', fmt(a.power)); kv(t, 'voluntariness', a.voluntariness);
    kv(t, 'member of', a.member_of.map(nm));
    var members = DATA.actors.filter(function (b) { return b.member_of.indexOf(a.id) >= 0; }).map(function (b) { return b.name; });
    kv(t, 'members', members);
    if (DATA.factions && DATA.factions.k > 0) kv(t, 'faction', a.faction === null ? 'no tie' : 'faction ' + a.faction);
    Object.keys(a.attributes || {}).forEach(function (k) { kv(t, k, String(a.attributes[k])); });
    kv(t, 'notes', a.notes);
    D.appendChild(t);
    if (a.stances.length) {
      D.appendChild(el('h4', 'Stances on the goals'));
      var st = el('table');
      a.stances.forEach(function (s) { kv(st, s.goal, (s.stance > 0 ? '+' : '') + fmt(s.stance) + ' (weight ' + fmt(s.weight) + ')'); });
      D.appendChild(st);
    }
    var date = dateAt(state.dateIndex);
    var rels = [];
    DATA.rels.forEach(function (r, j) { if (r.source === a.id || r.target === a.id) rels.push(j); });
    D.appendChild(el('h4', 'Relationships ' + (date ? 'as of ' + date : '(latest)')));
    if (!rels.length) D.appendChild(el('div', 'none recorded', 'note'));
    var rt = el('table');
    rels.forEach(function (j) {
      var r = DATA.rels[j], s = stateAt(r, date);
      kv(rt, nm(r.source === a.id ? r.target : r.source), s ? s.type + ' (strength ' + fmt(s.strength) + ')' : 'not present on this date');
    });
    D.appendChild(rt);
    (tacticsByActor[a.id] || []).forEach(function (tc) {
      D.appendChild(el('h4', 'Suggested tactic for ' + nm(tc.by)));
      var box = el('div', null, 'tactic');
      box.appendChild(el('strong', tc.tactic + (tc.basis ? ' (basis: ' + tc.basis.replace(/_/g, ' ') + ')' : '')));
      if (tc.deliberate_conflict) box.appendChild(el('div', 'conflict as a deliberate tactic', 'warn'));
      if (tc.risk) box.appendChild(el('div', 'risk: ' + tc.risk, 'warn'));
      tc.conditions.forEach(function (c) { box.appendChild(el('div', '\u2022 ' + c)); });
      D.appendChild(box);
    });
    var mine = warningsNow.filter(function (w) { return w.actors.indexOf(a.id) >= 0; });
    if (mine.length) {
      D.appendChild(el('h4', 'Warnings' + (currentStop ? ' as of ' + currentStop.warnings_as_of : '')));
      mine.forEach(function (w) { D.appendChild(warningBlock(w)); });
    }
    var pairs = (pairsByActor[a.id] || []).slice().sort(function (p, q) { return q.likelihood.conflict - p.likelihood.conflict; });
    var h = el('h4', 'Likelihoods and their reasons (' + pairs.length + ' pairs, most conflict first)');
    h.id = 'reasons-heading';
    D.appendChild(h);
    analysisNote(D);
    if (!pairs.length) D.appendChild(el('div', 'The analysis assessed no pair with this actor.', 'note'));
    pairs.slice(0, 40).forEach(function (p) { D.appendChild(pairBlock(p, a.id)); });
    if (pairs.length > 40) D.appendChild(el('div', (pairs.length - 40) + ' more pairs not shown', 'note'));
  }

  function showRel(j) {
    var r = DATA.rels[j];
    clear();
    D.setAttribute('data-rel', r.id);
    D.appendChild(el('h3', nm(r.source) + ' \u2014 ' + nm(r.target)));
    var date = dateAt(state.dateIndex), s = stateAt(r, date);
    var t = el('table');
    kv(t, date ? 'as of ' + date : 'now', s ? s.type + ' (strength ' + fmt(s.strength) + ')' : 'not present on this date');
    if (s && s.mix) kv(t, 'mix', TYPES.map(function (k) { return k + ' ' + fmt(s.mix[k]); }).join(', '));
    kv(t, 'basis', r.basis ? r.basis.replace(/_/g, ' ') : null); kv(t, 'terms', r.terms);
    kv(t, 'mandated', r.mandated.map(nm)); kv(t, 'notes', r.notes);
    r.perceptions.forEach(function (p) { kv(t, 'seen by ' + nm(p.by), p.type + ' (strength ' + fmt(p.strength) + ')'); });
    D.appendChild(t);
    D.appendChild(el('h4', 'History'));
    if (!r.history.length) D.appendChild(el('div', 'no dated observations; the declared state holds', 'note'));
    else {
      var ht = el('table'), head = el('tr');
      ['date', 'type', 'strength', 'note'].forEach(function (c) { head.appendChild(el('th', c)); });
      ht.appendChild(head);
      r.history.forEach(function (o) {
        var tr = el('tr');
        tr.appendChild(el('td', o.date));
        tr.appendChild(el('td', (o.ended ? 'ended' : o.type) + (o.perceived_by ? ' (as ' + nm(o.perceived_by) + ' sees it)' : '')));
        tr.appendChild(el('td', fmt(o.strength)));
        tr.appendChild(el('td', o.note || ''));
        ht.appendChild(tr);
      });
      D.appendChild(ht);
    }
    D.appendChild(el('h4', 'Likelihoods and their reasons'));
    analysisNote(D);
    var p = pairByKey[pkey(r.source, r.target)];
    if (p) D.appendChild(pairBlock(p, null));
    else D.appendChild(el('div', 'The analysis did not assess this pair on its date (the relationship was not present).', 'note'));
  }
  function showSelected() {
    if (!selected) return;
    if (selected.kind === 'actor') showActor(selected.idx); else showRel(selected.idx);
  }
  cy.on('tap', 'node.actor', function (evt) { selected = { kind: 'actor', idx: evt.target.data('idx') }; showSelected(); });
  cy.on('tap', 'edge.rel', function (evt) { selected = { kind: 'rel', idx: evt.target.data('idx') }; showSelected(); });

  // ------------------------------------------------------------------ search
  var names = byId('names');
  if (DATA.actors.length <= 5000) {
    DATA.actors.forEach(function (a) { var o = el('option'); o.value = a.name; names.appendChild(o); });
  }
  function search(q) {
    q = q.trim().toLowerCase();
    cy.nodes('.match').removeClass('match');
    if (!q) { byId('search-result').textContent = ''; return; }
    var hits = [];
    DATA.actors.forEach(function (a, i) { if (a.name.toLowerCase().indexOf(q) >= 0 || a.id.toLowerCase() === q) hits.push(i); });
    var exact = hits.filter(function (i) { return DATA.actors[i].name.toLowerCase() === q; });
    byId('search-result').textContent = hits.length ? hits.length + ' found' : 'not found';
    if (!hits.length) return;
    var coll = cy.collection();
    hits.forEach(function (i) { coll = coll.union(cy.getElementById('n' + i)); });
    coll.addClass('match');
    var first = exact.length ? exact[0] : hits[0];
    var node = cy.getElementById('n' + first);
    if (node.hasClass('hidden')) byId('search-result').textContent += ' (hidden by a filter)';
    cy.$(':selected').unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
    selected = { kind: 'actor', idx: first };
    showSelected();
  }
  byId('search').addEventListener('change', function (e) { search(e.target.value); });
  byId('search').addEventListener('keydown', function (e) { if (e.key === 'Enter') search(e.target.value); });

  // ------------------------------------------------------------------ export, fit
  byId('export-png').addEventListener('click', function () {
    var blob = cy.png({ output: 'blob', bg: '#ffffff', full: false, scale: 2 });
    var url = URL.createObjectURL(blob);
    var a = el('a'); a.href = url; a.download = (DATA.case.id || 'map').replace(/[^A-Za-z0-9._-]+/g, '_') + '.png';
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  byId('fit').addEventListener('click', function () { cy.fit(cy.nodes('.region'), 20); });
  if (many) {
    var nl = el('label'), nc = el('input'); nc.type = 'checkbox'; nc.id = 'show-names';
    nc.addEventListener('change', function () {
      if (nc.checked) cy.nodes('.actor').addClass('named'); else cy.nodes('.actor').removeClass('named');
    });
    nl.appendChild(nc); nl.appendChild(el('span', 'show every name (slow on ' + DATA.actors.length + ' actors)'));
    byId('legend').appendChild(nl);
    byId('legend').appendChild(el('div', 'names are shown for the actors you click or find; member lines are left out on a map this large', 'note'));
  }

  // ------------------------------------------------------------------ start
  var start = dates.length;
  if (DATA.case.as_of && dates.indexOf(DATA.case.as_of) >= 0) start = dates.indexOf(DATA.case.as_of);
  MARKS.controls = performance.now();
  setDateIndex(start);
  MARKS.filtered = performance.now();
  cy.resize();
  // Names stay readable whatever the zoom: never under MIN_LABEL screen pixels (the style's).
  var MIN_LABEL = DATA.case.style === 'projector' ? 18 : 12;
  document.body.classList.add('style-' + (DATA.case.style || 'screen'));
  function labelSize() {
    var z = cy.zoom();
    cy.style().selector('node.actor').style('font-size', Math.min(48, Math.max(12, MIN_LABEL / z)))
      .selector('edge.rel').style('width', (DATA.case.style === 'projector' ? 'mapData(strength, 0, 1, 3, 12)' : (many ? 'mapData(strength, 0, 1, 0.5, 3)' : 'mapData(strength, 0, 1, 1.5, 8)'))).update();
  }
  // Names never overlap: the most powerful actors' names are placed first (ties: the order of
  // the case); a name whose box would overlap a name already placed, or another actor, is hidden
  // until the map is zoomed in far enough, or the actor is clicked or found. The count is shown.
  var hiddenNames = 0;
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  function declutter() {
    if (many) return;
    var nodes = cy.nodes('.actor').filter(function (n) { return n.visible(); });
    nodes.removeClass('nolabel');
    var order = nodes.toArray().sort(function (p, q) { return q.data('power') - p.data('power') || p.data('idx') - q.data('idx'); });
    var bodies = order.map(function (n) { return n.boundingBox({ includeLabels: false }); });
    var placed = [], hide = [];
    order.forEach(function (n, k) {
      var box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (!box || box.w === 0) return;
      var bad = placed.some(function (b) { return overlaps(box, b); }) ||
        bodies.some(function (b, j) { return j !== k && overlaps(box, b); });
      if (bad) hide.push(n); else placed.push(box);
    });
    cy.batch(function () { hide.forEach(function (n) { n.addClass('nolabel'); }); });
    hiddenNames = hide.length;
    byId('hidden-names').textContent = hide.length ? hide.length + ' name' + (hide.length === 1 ? '' : 's') +
      ' hidden where ' + (hide.length === 1 ? 'it' : 'they') + ' would overlap: zoom in, or click or search an actor' : '';
  }
  // after a zoom, once the map has been drawn at the new size (the names' sizes are known then)
  var declutterDue = false;
  cy.on('zoom', function () { labelSize(); declutterDue = true; });
  cy.on('render', function () { if (declutterDue) { declutterDue = false; declutter(); } });
  cy.fit(cy.nodes('.region'), 20);
  labelSize();
  labelsReady = true;
  declutter();
  MARKS.fitted = performance.now();
  // the tactics and warnings shown, as of the slider's date (for tests and for the console)
  function shownTactics() { var out = []; Object.keys(tacticsByActor).forEach(function (k) { out = out.concat(tacticsByActor[k]); }); return out; }
  window.ecographMap = { cy: cy, data: DATA, search: search, setDateIndex: setDateIndex, declutter: declutter,
    tactics: shownTactics, warnings: function () { return warningsNow.slice(); } };
})();
