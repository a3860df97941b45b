/*
 * Functions the dashboard's ag-grids call by name (dash-ag-grid looks them up in
 * `dashAgGridFunctions` and `dashAgGridComponentFunctions`).
 *
 * - `sgSafeCsv(params)`: the CSV download's processCellCallback. Cells carry the raw value (not
 *   the formatted one); a text cell a spreadsheet would run as a formula (starting with = + - @,
 *   their full-width forms, a tab or a carriage return) gets a leading apostrophe, unless it is a
 *   plain number — the rule of stakeholder_graph/csvsafe.py, checked against it in the tests.
 * - `Badges`: a cell renderer showing a `;`-separated list as small labelled badges.
 */
(function () {
  // the same rule as stakeholder_graph/csvsafe.py (spreadsheet_safe), for the grids' downloads
  const FORMULA = /^(?:[\t\r]| *[=+\-@\uff1d\uff0b\uff0d\uff20])/;
  const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  function sgSafe(value) {
    if (value === null || value === undefined) { return ''; }
    if (typeof value !== 'string') { return value; }
    if (FORMULA.test(value) && !NUMBER.test(value)) { return "'" + value; }
    return value;
  }
  const fns = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  fns.sgSafe = sgSafe;
  fns.sgSafeCsv = function (params) { return sgSafe(params.value); };

  const comps = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  comps.Badges = function (props) {
    const React = window.React;
    const labels = (props.colDef.cellRendererParams || {}).labels || {};
    const items = String(props.value || '').split(';').map((s) => s.trim()).filter(Boolean);
    return React.createElement('span', { className: 'badges' }, items.map((item) =>
      React.createElement('span', { key: item, className: 'badge badge-' + item, title: labels[item] || item },
        labels[item] || item)));
  };
}());

/* `downloadPicture`: draw the server's slide figure off-screen and download it (PNG or SVG),
 * loading plotly.js first when no chart on the page has (the Network view has none of its own). */
(function () {
  const ns = (window.dash_clientside = window.dash_clientside || {});
  ns.sg = Object.assign(ns.sg || {}, {
    downloadPicture: function (spec) {
      if (!spec || !spec.figure) { return window.dash_clientside.no_update; }
      const layout = spec.figure.layout || {};
      // window.Plotly is a promise of plotly.js while it loads early (assets/ready.js)
      const draw = () => Promise.resolve(window.Plotly).then((Plotly) => Plotly.downloadImage(spec.figure, {
        format: spec.format, filename: spec.filename,
        width: layout.width || 1600, height: layout.height || 1000,
      })).then(() => { window.sgPictures = (window.sgPictures || 0) + 1; });
      if (window.Plotly) { draw(); return true; }
      // no chart on the page yet, so plotly.js is not loaded: load it as dcc.Graph would
      const script = document.createElement('script');
      script.src = window._dashPlotlyJSURL;
      script.onload = draw;
      document.head.appendChild(script);
      return true;
    },
  });
}());

/*
 * Client-side callbacks of the network graph (namespace `sg`), sharing one way to find it.
 * Labels that never overlap. After every zoom or pan of the network graph, labels are placed
 * greedily from the largest node down: a node keeps its label (the `label` class, styled in
 * figures/network.py) only when the label's box overlaps no label already placed, so the most
 * central organizations are named at any zoom and the others appear as one zooms in; the name of
 * any node shows on hover. `egoFit`: when the selected organization's partners fall outside the
 * card, the view moves to show all of them.
 * `refit`: after the graph's elements or visibility change, resize and fit it to the view
 *   once it has a size (a graph filled while hidden would otherwise sit outside the viewport).
 * `pickFromPanel`: a partner or ally clicked in the side panel becomes the selection, *clear*
 *   unselects; the panel's buttons appear with n_clicks 0, which is not a click (in the browser:
 *   a round trip to the server for nothing each time a panel is drawn, otherwise).
 */
(function () {
  function findCy(root) {
    if (!root) { return null; }
    if (root._cyreg && root._cyreg.cy) { return root._cyreg.cy; }
    for (const child of root.children) { const cy = findCy(child); if (cy) { return cy; } }
    return null;
  }
  let ruler = null;
  function textWidth(text, px) {
    ruler = ruler || document.createElement('canvas').getContext('2d');
    ruler.font = px + "px 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
    return ruler.measureText(text).width;
  }
  function placeLabels(cy) {
    // boxes in model coordinates: font 11 (16 for communities), at most 240 (200) wide, below
    // the node, with the 2 px outline and a little air around them
    const zoom = cy.zoom();
    const ext = cy.extent();
    const placed = [];
    const nodes = cy.nodes().filter((n) => n.visible() && n.data('name'))
      .sort((a, b) => (b.data('size') || 0) - (a.data('size') || 0));
    cy.batch(() => {
      nodes.forEach((n) => {
        const community = n.hasClass('community');
        const text = String((community && n.data('label')) || n.data('name'));
        const font = community ? 16 : 11;
        const maxW = community ? 200 : 240;
        const full = textWidth(text, font);
        const lines = community ? Math.ceil(full / maxW) : 1;
        const w = Math.min(full, maxW) + 8;
        const h = font * 1.35 * lines + 6;
        const p = n.position();
        const top = p.y + (n.data('size') || 12) / 2 + (community ? 4 : 3) - 2;
        const rect = { x1: p.x - w / 2, x2: p.x + w / 2, y1: top, y2: top + h };
        const inside = rect.x2 > ext.x1 && rect.x1 < ext.x2 && rect.y2 > ext.y1 && rect.y1 < ext.y2;
        const free = font * zoom >= 8 && placed.every((q) =>
          rect.x2 < q.x1 || rect.x1 > q.x2 || rect.y2 < q.y1 || rect.y1 > q.y2);
        if (inside && free) { placed.push(rect); n.addClass('labelled'); }
        else { n.removeClass('labelled'); }
      });
    });
    window.sgLabelled = placed.length;
  }
  function watch(cy) {
    if (cy.__sgWatched) { return; }
    cy.__sgWatched = true;
    let pending = null;
    const later = () => { clearTimeout(pending); pending = setTimeout(() => placeLabels(cy), 60); };
    cy.on('zoom pan resize add remove', later);
    cy.on('layoutstop', later);
    later();
  }
  const ns = (window.dash_clientside = window.dash_clientside || {});
  ns.sg = Object.assign(ns.sg || {}, {
    refit: function (elements, style) {
      let tries = 0;
      const fit = () => {
        const cy = findCy(document.getElementById('net-cyto'));
        const box = document.getElementById('net-cyto');
        if (!cy || !box || box.offsetWidth === 0) {
          if (tries++ < 40) { setTimeout(fit, 50); }
          return;
        }
        cy.resize();
        if (cy.elements().length) { cy.fit(undefined, 24); }
        window.sgFitted = (window.sgFitted || 0) + 1;
      };
      setTimeout(fit, 0);
      setTimeout(() => { tries = 0; fit(); }, 300);
      return (elements || []).length;
    },
    labels: function (elements, graphId) {
      // the network view's graph, or another graph named by its id (the Change view's)
      let tries = 0;
      const go = () => {
        const cy = findCy(document.getElementById(graphId || 'net-cyto'));
        if (!cy) { if (tries++ < 40) { setTimeout(go, 50); } return; }
        watch(cy);
        setTimeout(() => placeLabels(cy), 350);
      };
      go();
      return (elements || []).length;
    },
    pickFromPanel: function () {
      const dc = window.dash_clientside;
      const hit = ((dc.callback_context || {}).triggered || [])[0];
      if (!hit || !hit.value) { return dc.no_update; }
      const id = hit.prop_id.slice(0, hit.prop_id.lastIndexOf('.'));
      if (id === 'panel-clear') { return null; }
      let parsed = null;
      try { parsed = JSON.parse(id); } catch (error) { return dc.no_update; }
      return parsed && parsed.org ? parsed.org : dc.no_update;
    },
    egoFit: function (org) {
      const cy = findCy(document.getElementById('net-cyto'));
      if (!org || !cy) { return window.dash_clientside.no_update; }
      setTimeout(() => {
        const me = cy.getElementById(org);
        if (!me || me.empty()) { return; }
        const ego = me.closedNeighborhood();
        const bb = ego.renderedBoundingBox();
        const w = cy.width(), h = cy.height();
        if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > w || bb.y2 > h) {
          cy.animate({ fit: { eles: ego, padding: 60 } }, { duration: 250 });
        }
      }, 100);
      return org;
    },
  });
}());
