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
    // Every label's box is measured once (Cytoscape measures text slowly) and kept as offsets
    // from its node's centre; the search below moves plain numbers, and the nodes are moved
    // once at the end (one redraw).
    var list = actors.toArray().map(function (n) {
      var b = n.boundingBox({ includeLabels: true }), p = n.position();
      return { n: n, id: n.id(), x: p.x, y: p.y, room: room(n),
        dx1: b.x1 - gap - p.x, dx2: b.x2 + gap - p.x, dy1: b.y1 - p.y, dy2: b.y2 - p.y };
    });
    function box(n) { return { x1: n.x + n.dx1, x2: n.x + n.dx2, y1: n.y + n.dy1, y2: n.y + n.dy2 }; }
    function place(n, x, y) {
      var r = n.room;
      if (r) {  // the label (without the gap) inside the room
        x = Math.max(r.x1 - (n.dx1 + gap), Math.min(r.x2 - (n.dx2 - gap), x));
        y = Math.max(r.y1 - n.dy1, Math.min(r.y2 - n.dy2, y));
      }
      n.x = x; n.y = y;
    }
    function push(n, o, other, share) {  // move n away from other by its share of the overlap o
      var p = { x: n.x, y: n.y }, q = other, axes = o[0] < o[1] ? ['x', 'y'] : ['y', 'x'];
      for (var k = 0; k < 2; k++) {
        var ax = axes[k], d = ((ax === 'x' ? o[0] : o[1]) * share + 1) * (p[ax] < q[ax] ? -1 : 1);
        var bx = n.x, by = n.y;
        place(n, p.x + (ax === 'x' ? d : 0), p.y + (ax === 'y' ? d : 0));
        if (Math.abs(n.x - bx) + Math.abs(n.y - by) > 0.5) return true;
      }
      return false;
    }
    var start = {};
    list.forEach(function (n) { start[n.id] = { x: n.x, y: n.y }; place(n, n.x, n.y); });
    function key(n) { var r = n.room; return r ? [r.x1, r.x2, r.y1, r.y2].map(Math.round).join(',') : 'free:' + n.id; }
    function area(b) { return (b.x2 - b.x1) * (b.y2 - b.y1); }
    for (var round = 0; round < 200; round++) {
      var moved = false;
      for (var i = 0; i < list.length; i++) {
        for (var f = 0; f < fixed.length; f++) {
          var of = overlap(box(list[i]), fixed[f]);
          if (of[0] > 0 && of[1] > 0 && push(list[i], of, { x: (fixed[f].x1 + fixed[f].x2) / 2, y: (fixed[f].y1 + fixed[f].y2) / 2 }, 1)) moved = true;
        }
        for (var j = i + 1; j < list.length; j++) {
          var o = overlap(box(list[i]), box(list[j]));
          if (o[0] <= 0 || o[1] <= 0) continue;
          var a = { x: list[i].x, y: list[i].y }, b = { x: list[j].x, y: list[j].y };
          if (a.x === b.x && a.y === b.y) b = { x: b.x + 1, y: b.y };
          var m1 = push(list[i], o, b, 0.5), m2 = push(list[j], overlap(box(list[i]), box(list[j])), { x: list[i].x, y: list[i].y }, 1);
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
        var r = n.room, b0 = box(n), here = { x: n.x, y: n.y }, home = start[n.id];
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
        if (best) { n.x = best.x; n.y = best.y; }
        placed.push(box(n));
      });
      var clash = group.some(function (n, i) { return group.slice(i + 1).some(function (m) { return hits(box(n), box(m)); }); });
      if (clash) shelves(group);
    });
    // The last resort: rows, each actor into the first row it fits in, in reading order (the
    // layout's), else tallest first; left to right in a row as the layout had them.
    function shelves(group) {
      var r = group[0].room;
      var orders = [
        group.slice().sort(function (m, n) { return (start[m.id].y - start[n.id].y) || (start[m.id].x - start[n.id].x); }),
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
        rows.forEach(function (row) { row.sort(function (m, n) { return start[m.id].x - start[n.id].x; }); });
        var heights = rows.map(function (row) { return Math.max.apply(null, row.map(function (n) { var b = box(n); return b.y2 - b.y1; })); });
        var total = heights.reduce(function (a, b) { return a + b; }, 0);
        if (total > r.y2 - r.y1 && k < orders.length - 1) continue;
        var spare = Math.max(0, (r.y2 - r.y1 - total) / (rows.length + 1)), y = r.y1 + spare;
        rows.forEach(function (row, i) {
          var used = row.reduce(function (a, n) { var b = box(n); return a + b.x2 - b.x1; }, 0);
          var gapX = Math.max(0, (r.x2 - r.x1 - used) / (row.length + 1)), x = r.x1 + gapX;
          row.forEach(function (n) {
            var b = box(n);
            n.x += x - b.x1; n.y += y - b.y1;
            x += b.x2 - b.x1 + gapX;
          });
          y += heights[i] + spare;
        });
        return;
      }
    }
    actors.cy().batch(function () {
      list.forEach(function (n) {
        var p = n.n.position();
        if (p.x !== n.x || p.y !== n.y) n.n.position({ x: n.x, y: n.y });
      });
    });
  };
})();
