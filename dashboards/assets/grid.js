/*
 * Functions the dashboard's ag-grids call by name (dash-ag-grid looks them up in
 * `dashAgGridFunctions` and `dashAgGridComponentFunctions`).
 *
 * - `sgSafeCsv(params)`: the CSV download's processCellCallback. Cells carry the raw value (not
 *   the formatted one); a text cell a spreadsheet would run as a formula (starting with = + - @,
 *   a tab or a carriage return) gets a leading apostrophe, unless it is a plain number.
 * - `Badges`: a cell renderer showing a `;`-separated list as small labelled badges.
 */
(function () {
  // the rule of stakeholder_graph/csvsafe.py (also after blanks, and full-width forms)
  const FORMULA = /^(?:[\t\r]| *[=+\-@\uff1d\uff0b\uff0d\uff20])/;
  const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  function sgSafe(value) {
    if (value === null || value === undefined) { return ''; }
    if (typeof value !== 'string') { return value; }
    if (FORMULA.test(value) && !NUMBER.test(value.trim())) { return "'" + value; }
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

/*
 * Client-side callbacks of the network view (namespace `sg`).
 * - `refit`: after the graph's elements or visibility change, resize and fit it to the view
 *   once it has a size (a graph filled while hidden would otherwise sit outside the viewport).
 */
(function () {
  function findCy(root) {
    if (!root) { return null; }
    if (root._cyreg && root._cyreg.cy) { return root._cyreg.cy; }
    for (const child of root.children) { const cy = findCy(child); if (cy) { return cy; } }
    return null;
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
  });
}());

/* `downloadPicture`: draw the server's slide figure off-screen and download it (PNG or SVG). */
(function () {
  const ns = (window.dash_clientside = window.dash_clientside || {});
  ns.sg = Object.assign(ns.sg || {}, {
    downloadPicture: function (spec) {
      if (!spec || !spec.figure || !window.Plotly) { return window.dash_clientside.no_update; }
      const layout = spec.figure.layout || {};
      window.Plotly.downloadImage(spec.figure, {
        format: spec.format, filename: spec.filename,
        width: layout.width || 1600, height: layout.height || 1000,
      }).then(() => { window.sgPictures = (window.sgPictures || 0) + 1; });
      return true;
    },
  });
}());
