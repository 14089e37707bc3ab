/* ecograph workspace: the agreements (contracts) of a case -- listed in the case panel, and
 * edited in the side panel: the parties with what each gives and gets, M. Horn's basis, the
 * terms, when it runs and where it stands. Saved as one edit (put_agreement), checked by the
 * server as `ecograph validate` checks a file. Text reaches the page only through textContent. */
(function () {
  'use strict';
  var W = window.ecographWorkspace, el = W.el;
  var BASES = [['culture', 'culture (shared values)'], ['compromise', 'compromise'], ['exchange', 'exchange'],
    ['authority_redistribution', 'authority redistribution'], ['law', 'law']];
  var STATUS = ['proposed', 'concluded', 'kept', 'broken', 'ended'];

  function agreements() { var v = W.state().view; return v ? v.case.agreements || [] : []; }
  function people() { return W.actors().map(function (a) { return [a.id, a.name]; }); }
  function label(basis) { var b = BASES.filter(function (x) { return x[0] === basis; })[0]; return b ? b[1] : basis; }

  // In the case panel: one line each, and the button to add one.
  function list(f) {
    f.appendChild(el('h3', 'Agreements'));
    var all = agreements();
    all.forEach(function (a) {
      var item = el('div', null, 'item agreement');
      item.appendChild(el('div', a.parties.map(function (p) { return W.nm(p.actor); }).join(' \u2014 ')));
      item.appendChild(el('div', label(a.basis) + ', ' + (a.status || 'concluded') + (a.start ? ', from ' + a.start : '') +
        (a.end ? ' to ' + a.end : '') + (a.terms ? ': ' + a.terms : ''), 'reason'));
      item.appendChild(W.button('Edit', function () { W.select({ kind: 'agreement', id: a.id }); }, null, 'agreement-edit-' + a.id));
      f.appendChild(item);
    });
    if (!all.length) f.appendChild(el('div', 'No agreement yet.', 'muted'));
    if (W.actors().length >= 2) {
      var b = el('div', null, 'buttons'); f.appendChild(b);
      b.appendChild(W.button('+ Agreement', function () { W.select({ kind: 'agreement', id: null }); }, null, 'agreement-add'));
    }
  }

  function partyRow(box, rows, party) {
    var row = el('div', null, 'row party');
    var who = W.dropdown(people(), party ? party.actor : '', null);
    who.setAttribute('aria-label', 'Party');
    var gives = W.input('text', party ? party.gives : '', { placeholder: 'gives\u2026', 'aria-label': 'What this party gives' });
    var gets = W.input('text', party ? party.gets : '', { placeholder: 'gets\u2026', 'aria-label': 'What this party gets' });
    var out = W.button('\u00d7', function () { box.removeChild(row); rows.splice(rows.indexOf(r), 1); }, null);
    out.title = 'Not a party';
    [who, gives, gets, out].forEach(function (x) { row.appendChild(x); });
    var r = { who: who, gives: gives, gets: gets };
    rows.push(r); box.appendChild(row);
    return r;
  }

  function show(id) {
    var a = agreements().filter(function (x) { return x.id === id; })[0] || null;
    var f = W.panel(a ? 'Agreement' : 'New agreement');
    f.appendChild(el('div', 'Parties: who, what each gives and what each gets', 'muted'));
    var box = el('div', null, 'parties'); box.id = 'agreement-parties'; f.appendChild(box);
    var rows = [];
    var ids = people().map(function (p) { return p[0]; });
    (a ? a.parties : [{ actor: ids[0] }, { actor: ids[1] }]).forEach(function (p) { partyRow(box, rows, p); });
    var more = el('div', null, 'buttons'); f.appendChild(more);
    more.appendChild(W.button('+ Party', function () { partyRow(box, rows, null); }, null, 'agreement-add-party'));
    var basis = W.field(f, 'Basis (M. Horn)', W.dropdown(BASES, a ? a.basis : 'exchange', 'agreement-basis'));
    var terms = W.field(f, 'Terms: what was agreed', W.input('text', a ? a.terms : '', { id: 'agreement-terms', placeholder: 'e.g. repairs within eight weeks' }));
    var row = el('div', null, 'row'); f.appendChild(row);
    var start = W.input('date', a ? a.start : '', { id: 'agreement-start' });
    var end = W.input('date', a ? a.end : '', { id: 'agreement-end' });
    var sl = el('label', 'From '); sl.appendChild(start); row.appendChild(sl);
    var el2 = el('label', 'to '); el2.appendChild(end); row.appendChild(el2);
    var status = W.field(f, 'Where it stands', W.dropdown(STATUS, a ? a.status || 'concluded' : 'proposed', 'agreement-status'));
    var convener = W.field(f, 'Convened by (optional)', W.dropdown([['', '\u2014']].concat(people()), a ? a.convener || '' : '', 'agreement-convener'));
    var b = el('div', null, 'buttons'); f.appendChild(b);
    b.appendChild(W.button(a ? 'Save' : 'Add agreement', function () {
      var fields = {
        parties: rows.map(function (r) {
          var p = { actor: r.who.value };
          if (r.gives.value.trim()) p.gives = r.gives.value.trim();
          if (r.gets.value.trim()) p.gets = r.gets.value.trim();
          return p;
        }),
        basis: basis.value, terms: terms.value.trim() || null, start: start.value || null, end: end.value || null,
        status: status.value, convener: convener.value || null
      };
      var newId = a ? a.id : W.slug('agreement-' + fields.parties.map(function (p) { return p.actor; }).join('-'),
        agreements().map(function (x) { return x.id; }));
      W.edit([{ op: 'put_agreement', id: newId, fields: fields }], a ? 'agreement saved' : 'agreement added').then(function (ok) {
        if (ok) W.select({ kind: 'agreement', id: newId });
      });
    }, 'primary', 'agreement-save'));
    if (a) {
      b.appendChild(W.button('Remove', function () {
        W.edit([{ op: 'remove_agreement', id: a.id }], 'agreement removed').then(function (ok) { if (ok) W.select(null); });
      }, null, 'agreement-remove'));
    }
    b.appendChild(W.button('Back to the case', function () { W.select(null); }, null, 'agreement-back'));
  }

  window.ecographAgreements = { list: list, show: show };
})();
