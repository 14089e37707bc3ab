/* ecograph workspace: names that never sit on one another, on the workspace's map and in
 * present mode. The four-system layout (the server's) places actors for small labels; large
 * type on a small screen needs more room. This moves actors on screen only (the case file keeps
 * its positions): apart along the shorter way, each kept inside its room (its system), clear
 * of fixed boxes (the systems' titles); an actor jammed in a full corner takes the nearest free
 * place in its room. If pushing jams, the room is packed again, largest label first. */
(function () {
  'use strict';

  function overlap(p, q) { return [Math.min(p.x2, q.x2) - Math.max(p.x1, q.x1), Math.min(p.y2, q.y2) - Math.max(p.y1, q.y1)]; }
  function hits(p, q) { var o = overlap(p, q); return o[0] > 0 && o[1] > 0; }

  /**
   * Move ``actors`` (a Cytoscape collection) until no two labels overlap.
   * room(node) -> {x1, x2, y1, y2} or null: where the node and its label must stay;
   * fixed: boxes no label may cover; gap: the space kept between labels (map units).
   */
  window.ecographSpread = function (actors, room, fixed, gap) {
    var list = actors.toArray();
    function box(n) { var b = n.boundingBox({ includeLabels: true }); return { x1: b.x1 - gap, x2: b.x2 + gap, y1: b.y1, y2: b.y2 }; }
    function place(n, x, y) {
      var r = room(n), b = n.boundingBox({ includeLabels: true }), p = n.position();
      if (r) {
        x = Math.max(r.x1 + (p.x - b.x1), Math.min(r.x2 - (b.x2 - p.x), x));
        y = Math.max(r.y1 + (p.y - b.y1), Math.min(r.y2 - (b.y2 - p.y), y));
      }
      n.position({ x: x, y: y });
    }
    function push(n, o, other, share) {  // move n away from other by its share of the overlap o
      var p = n.position(), q = other, axes = o[0] < o[1] ? ['x', 'y'] : ['y', 'x'];
      for (var k = 0; k < 2; k++) {
        var ax = axes[k], d = ((ax === 'x' ? o[0] : o[1]) * share + 1) * (p[ax] < q[ax] ? -1 : 1);
        var before = n.position();
        place(n, p.x + (ax === 'x' ? d : 0), p.y + (ax === 'y' ? d : 0));
        var after = n.position();
        if (Math.abs(after.x - before.x) + Math.abs(after.y - before.y) > 0.5) return true;
      }
      return false;
    }
    var start = {};
    list.forEach(function (n) { start[n.id()] = { x: n.position('x'), y: n.position('y') }; place(n, n.position('x'), n.position('y')); });
    function key(n) { var r = room(n); return r ? [r.x1, r.x2, r.y1, r.y2].map(Math.round).join(',') : 'free:' + n.id(); }
    function area(b) { return (b.x2 - b.x1) * (b.y2 - b.y1); }
    for (var round = 0; round < 200; round++) {
      var moved = false;
      for (var i = 0; i < list.length; i++) {
        fixed.forEach(function (f) {
          var o = overlap(box(list[i]), f);
          if (o[0] > 0 && o[1] > 0 && push(list[i], o, { x: (f.x1 + f.x2) / 2, y: (f.y1 + f.y2) / 2 }, 1)) moved = true;
        });
        for (var j = i + 1; j < list.length; j++) {
          var o = overlap(box(list[i]), box(list[j]));
          if (o[0] <= 0 || o[1] <= 0) continue;
          var a = list[i].position(), b = list[j].position();
          if (a.x === b.x && a.y === b.y) b = { x: b.x + 1, y: b.y };
          var m1 = push(list[i], o, b, 0.5), m2 = push(list[j], overlap(box(list[i]), box(list[j])), list[i].position(), 1);
          moved = moved || m1 || m2;
        }
      }
      if (!moved) break;
    }
    // A jam: pushing left labels on one another. Then every actor of a jammed room is placed
    // again, the largest label first, at the free place nearest to where the layout put it.
    var jammed = {};
    list.forEach(function (n, i) {
      for (var j = i + 1; j < list.length; j++) {
        if (hits(box(n), box(list[j]))) { jammed[key(n)] = true; jammed[key(list[j])] = true; }
      }
    });
    Object.keys(jammed).forEach(function (k) {
      var group = list.filter(function (n) { return key(n) === k; });
      var placed = list.filter(function (n) { return key(n) !== k; }).map(box).concat(fixed);
      group.sort(function (m, n) { return area(box(n)) - area(box(m)); });
      group.forEach(function (n) {
        var r = room(n), b0 = box(n), here = n.position(), home = start[n.id()];
        if (!r) { placed.push(b0); return; }
        var step = Math.max(1, (b0.y2 - b0.y1) / 6), best = null;
        for (var y = r.y1 + (here.y - b0.y1); y <= r.y2 - (b0.y2 - here.y) + 0.01; y += step) {
          for (var x = r.x1 + (here.x - b0.x1); x <= r.x2 - (b0.x2 - here.x) + 0.01; x += step) {
            var d = (x - home.x) * (x - home.x) + (y - home.y) * (y - home.y);
            if (best !== null && d >= best.d) continue;
            var b = { x1: b0.x1 + x - here.x, x2: b0.x2 + x - here.x, y1: b0.y1 + y - here.y, y2: b0.y2 + y - here.y };
            if (!placed.some(function (q) { return hits(b, q); })) best = { x: x, y: y, d: d };
          }
        }
        if (best) n.position({ x: best.x, y: best.y });
        placed.push(box(n));
      });
      var clash = group.some(function (n, i) { return group.slice(i + 1).some(function (m) { return hits(box(n), box(m)); }); });
      if (clash) shelves(group);
    });
    // The last resort: rows, each actor into the first row it fits in, in reading order (the
    // layout's), else tallest first; left to right in a row as the layout had them.
    function shelves(group) {
      var r = room(group[0]);
      var orders = [
        group.slice().sort(function (m, n) { return (start[m.id()].y - start[n.id()].y) || (start[m.id()].x - start[n.id()].x); }),
        group.slice().sort(function (m, n) { var a = box(m), b = box(n); return (b.y2 - b.y1) - (a.y2 - a.y1); })
      ];
      for (var k = 0; k < orders.length; k++) {
        var rows = [], widths = [];
        orders[k].forEach(function (n) {  // into the first row it fits in
          var w = box(n).x2 - box(n).x1, i = 0;
          while (i < rows.length && widths[i] + w > r.x2 - r.x1) i += 1;
          if (i === rows.length) { rows.push([]); widths.push(0); }
          rows[i].push(n); widths[i] += w;
        });
        rows.forEach(function (row) { row.sort(function (m, n) { return start[m.id()].x - start[n.id()].x; }); });
        var heights = rows.map(function (row) { return Math.max.apply(null, row.map(function (n) { var b = box(n); return b.y2 - b.y1; })); });
        var total = heights.reduce(function (a, b) { return a + b; }, 0);
        if (total > r.y2 - r.y1 && k < orders.length - 1) continue;
        var spare = Math.max(0, (r.y2 - r.y1 - total) / (rows.length + 1)), y = r.y1 + spare;
        rows.forEach(function (row, i) {
          var used = row.reduce(function (a, n) { var b = box(n); return a + b.x2 - b.x1; }, 0);
          var gapX = Math.max(0, (r.x2 - r.x1 - used) / (row.length + 1)), x = r.x1 + gapX;
          row.forEach(function (n) {
            var b = box(n), p = n.position();
            n.position({ x: p.x + (x - b.x1), y: p.y + (y - b.y1) });
            x += b.x2 - b.x1 + gapX;
          });
          y += heights[i] + spare;
        });
        return;
      }
    }
  };
})();
