/* ecograph workspace: the "Files…" panel -- export, the map as PNG, the one-page summary as
 * PDF, a redacted copy, and import from CSV. Everything is made on the server by the code the
 * command line uses; the page only asks and saves what comes back. Text reaches the page only
 * through textContent. */
(function () {
  'use strict';
  var W = window.ecographWorkspace;
  var formats = null;

  var el = W.el, casePath = W.casePath, labelled = W.field;
  function byId(id) { return document.getElementById(id); }
  function textInput(id, value, placeholder, type) {
    var attrs = { id: id }; if (placeholder) attrs.placeholder = placeholder;
    return W.input(type || 'text', value, attrs);
  }
  function btn(id, label, onClick, cls) { return W.button(label, onClick, cls, id); }
  function withDate(path) { var s = W.state(); return s.asOf ? path + '?as_of=' + encodeURIComponent(s.asOf) : path; }
  function errorOf(r) {
    return r.json().then(function (d) { return d.error || { message: 'the server answered ' + r.status }; },
      function () { return { message: 'the server answered ' + r.status }; });
  }
  function post(path, body) { return W.api('POST', path, body); }
  // A new case whose name is taken: ask before replacing it.
  function postNew(path, body, what) {
    return post(path, body).then(function (r) {
      if (r.status === 409 && !body.replace && window.confirm('A case named ' + body.name + ' exists already. Replace it?')) {
        body.replace = true; return postNew(path, body, what);
      }
      // the problems as the command line words them: file, line, column, what is expected
      var e = r.data.error || {};
      if (!r.ok) { W.showProblems(what + ' was not written', e.text ? { message: e.text } : e); return null; }
      return r.data;
    });
  }

  function save(path, what) {
    W.status('making ' + what + '\u2026');
    return fetch(path, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) return errorOf(r).then(function (e) { W.status('not made: ' + what, true); W.showProblems(what + ' was not made', e); });
      var disp = r.headers.get('Content-Disposition') || '', m = /filename="([^"]+)"/.exec(disp);
      var notes = r.headers.get('X-Ecograph-Notes');
      return r.blob().then(function (blob) {
        var a = el('a'); a.href = URL.createObjectURL(blob); a.download = m ? m[1] : 'download';
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
        W.status('saved ' + a.download + (notes ? ' (note: ' + JSON.parse(notes).join('; ') + ')' : ''));
      });
    });
  }

  function base64(buffer) {
    var bytes = new Uint8Array(buffer), parts = [], step = 0x8000;
    for (var i = 0; i < bytes.length; i += step) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + step)));
    return btoa(parts.join(''));
  }
  function readUpload(input) {
    var file = input.files && input.files[0];
    if (!file) return Promise.resolve(null);
    return file.arrayBuffer().then(function (b) { return { filename: file.name, data: base64(b) }; });
  }

  function stemOf(name) { return name.replace(/\.(yaml|yml|json)$/i, ''); }

  function show() {
    var s = W.state(), f = W.panel('Files');
    byId('editor').scrollTop = 0;
    var single = byId('new-case').disabled;
    // export
    f.appendChild(el('h3', 'Export'));
    var fmt = labelled(f, 'Format', document.createElement('select')); fmt.id = 'export-format';
    (formats || []).forEach(function (x) { var o = el('option', x.name + ' \u2014 ' + x.label); o.value = x.value; fmt.appendChild(o); });
    var row = el('div', null, 'buttons'); f.appendChild(row);
    row.appendChild(btn('export-download', 'Download', function () {
      save(casePath(s.name) + '/export?to=' + encodeURIComponent(fmt.value), 'the export');
    }, 'primary'));
    // print
    f.appendChild(el('h3', 'Print'));
    f.appendChild(el('div', 'On the date shown above' + (s.asOf ? ' (' + s.asOf + ')' : '') + '.', 'muted'));
    row = el('div', null, 'buttons'); f.appendChild(row);
    row.appendChild(btn('map-png', 'Map (PNG)', function () { save(withDate(casePath(s.name) + '/figure.png'), 'the map'); }));
    row.appendChild(btn('summary-pdf', 'Summary (PDF)', function () { save(withDate(casePath(s.name) + '/summary.pdf'), 'the summary'); }));
    f.appendChild(el('div', 'The summary is one page for a case conference: the map, what to act on, the top warnings and the tactics.', 'muted'));
    if (single) {
      f.appendChild(el('div', 'Redacted copies and imports need a folder: start `ecograph serve FOLDER`.', 'muted'));
      return;
    }
    // redacted copy
    f.appendChild(el('h3', 'Redacted copy'));
    f.appendChild(el('div', 'Actors are named by their role (Social worker, Client family\u2026); notes and free text are removed; the structure stays.', 'muted'));
    var rname = labelled(f, 'New file name', textInput('redact-name', stemOf(s.name) + '-redacted.yaml'));
    var key = labelled(f, 'Key (optional, at least 16 characters: the same key gives the same pseudonyms)', textInput('redact-key', '', 'leave empty for a one-time key', 'password'));
    key.autocomplete = 'off';
    var shift = labelled(f, 'Move every date by (days)', textInput('redact-shift', '0', '', 'number'));
    var keep = labelled(f, 'Keep these attributes (comma-separated)', textInput('redact-keep', '', 'e.g. age'));
    row = el('div', null, 'buttons'); f.appendChild(row);
    row.appendChild(btn('redact-write', 'Write redacted copy', function () {
      var body = { name: rname.value.trim(), shift_days: parseInt(shift.value || '0', 10) || 0,
        keep_attributes: keep.value.split(',').map(function (x) { return x.trim(); }).filter(Boolean) };
      if (key.value) body.key = key.value;
      postNew(casePath(s.name) + '/redact', body, 'The redacted copy').then(function (d) {
        if (!d) return;
        W.status('wrote ' + d.name + (d.notes.length ? ' (note: ' + d.notes.join('; ') + ')' : ''));
        W.listCases(d.name);
      });
    }, 'primary'));
    // import
    f.appendChild(el('h3', 'Import CSV'));
    f.appendChild(el('div', 'The files `ecograph export --to csv` writes (and `ecograph import` reads): actors and relationships, the others if you have them.', 'muted'));
    var iname = labelled(f, 'New file name', textInput('import-name', '', 'e.g. family-b.yaml'));
    var iid = labelled(f, 'Case id', textInput('import-id', '', 'e.g. family-b'));
    var ititle = labelled(f, 'Title', textInput('import-title', '', 'e.g. The B family'));
    var uploads = {};
    [['actors', 'actors.csv'], ['relationships', 'relationships.csv'], ['history', 'relationship-history.csv (optional)'],
      ['goals', 'goals.csv (optional)'], ['agreements', 'agreements.csv (optional)']].forEach(function (x) {
      var i = textInput('import-' + x[0], '', '', 'file'); i.accept = '.csv,text/csv'; uploads[x[0]] = labelled(f, x[1], i);
    });
    row = el('div', null, 'buttons'); f.appendChild(row);
    row.appendChild(btn('import-csv', 'Import', function () {
      var keys = Object.keys(uploads);
      Promise.all(keys.map(function (k) { return readUpload(uploads[k]); })).then(function (got) {
        var files = {};
        keys.forEach(function (k, i) { if (got[i]) files[k] = got[i]; });
        var body = { name: iname.value.trim(), id: iid.value.trim(), title: ititle.value.trim(), files: files };
        return postNew('/api/import', body, 'The imported case');
      }).then(function (d) {
        if (!d) return;
        W.status('imported ' + d.name + ': ' + d.actors + ' actors, ' + d.relationships + ' relationships');
        W.listCases(d.name);
      });
    }, 'primary'));
  }

  window.ecographFiles = { show: show };
  var ready = fetch('/api/export-formats', { credentials: 'same-origin' }).then(function (r) { return r.json(); })
    .then(function (d) { formats = d.formats; }, function () { formats = []; });
  byId('files').addEventListener('click', function () {
    ready.then(function () { if (W.state().name) W.select({ kind: 'files' }); });
  });
})();
