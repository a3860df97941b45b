/*
 * A "ready" marker for measuring what a person waits for: the time the last callback's answer
 * was painted. Every request to Dash's callback endpoint is counted while in flight; when an
 * answer has been parsed and rendered, two animation frames later `window.sgReady.lastPaint`
 * holds `performance.now()` (and only then is the request no longer counted in flight). A page (or
 * an action) is ready when nothing is in flight and the
 * last paint is followed by a quiet spell. Read by benchmarks/bench_dashboard_browser.py and the
 * browser tests; apart from loading plotly.js early on pages with charts and choosing which
 * plotly.js bundle is loaded (below) it changes nothing the dashboard does. The analysis-status
 * and Change view polls (a request once a second while exact values are computed in the
 * background) are not counted, nor the charts their answers redraw. A chart
 * drawn by plotly.js counts as in flight from its `Plotly.react` call until drawn and painted
 * (`plots` counts them), so a chart whose library is still loading is not taken for painted.
 */
(function () {
  if (window.sgReady) { return; }
  const state = { inflight: 0, requests: 0, lastPaint: 0, plots: 0, polled: 0 };
  window.sgReady = state;
  // a request stays in flight until its answer is painted: between the parsed answer and the
  // paint nothing would be in flight and a reader could take the previous paint for the last
  const markPaint = () => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
    state.lastPaint = performance.now();
    state.inflight -= 1;
  })), 0);
  // a chart stays in flight until plotly.js has drawn it: dcc.Graph calls Plotly.react once
  // the answer that created it is rendered (and plotly.js, loaded on demand, has arrived)
  let plotly;
  const wrapPlotly = (P) => {
    if (!P || typeof P.react !== 'function' || P.sgWrapped) { return P; }
    const react = P.react;
    P.react = function () {
      if (state.polled > 0) { return react.apply(this, arguments); }  // redrawn by a poll
      state.inflight += 1;
      state.plots += 1;
      let result;
      try { result = react.apply(this, arguments); } catch (error) { markPaint(); throw error; }
      Promise.resolve(result).then(markPaint, markPaint);
      return result;
    };
    P.sgWrapped = true;
    return P;
  };
  if (window.Plotly) { plotly = wrapPlotly(window.Plotly); }
  // while plotly.js is loading early (below), `window.Plotly` is a promise of it: dcc.Graph's
  // loader (`Promise.resolve(window.Plotly || load())`) then waits for it instead of loading the
  // 5 MB bundle a second time
  let pending = null;
  Object.defineProperty(window, 'Plotly', {
    configurable: true,
    get: () => plotly || pending || undefined,
    set: (value) => { plotly = wrapPlotly(value); },
  });
  // the plotly.js that dcc.Graph loads: the bundle in assets/vendor has only the trace types
  // the dashboard draws (scripts/build-plotly-bundle.sh), a third of the full bundle's 4.8 MB
  // and a fifth of its start-up work; the renderer's own choice (the full bundle) is ignored
  const me = document.currentScript && document.currentScript.src;
  const bundle = me ? new URL('vendor/plotly-dashboard.min.js', me).pathname : null;
  if (bundle) {
    Object.defineProperty(window, '_dashPlotlyJSURL', {
      configurable: true,
      get: () => bundle,
      set: () => {},
    });
  }
  // plotly.js early: a page with charts (every view but Network, which loads it only for the
  // "All organizations" scatter) fetches and compiles it while the layout and the first answers
  // are on their way, instead of after the answer that creates the first chart
  const early = (tries) => {
    if (plotly || pending || window.location.pathname.indexOf('/network') >= 0) { return; }
    const url = window._dashPlotlyJSURL;  // set by the renderer once it has started
    if (!url) { if (tries < 100) { setTimeout(() => early(tries + 1), 20); } return; }
    pending = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => { pending = null; resolve(plotly); };
      script.onerror = (error) => { pending = null; reject(error); };
      document.head.appendChild(script);
    });
    pending.catch(() => {});
  };
  early(0);
  const original = window.fetch.bind(window);
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (url.indexOf('_dash-update-component') < 0) { return original(input, init); }
    // the polls for exact values (analysis status, Change view) are not answers a person waits for
    const body = init && typeof init.body === 'string' ? init.body : '';
    if (/"(analysis|chg)-poll\.n_intervals"/.test(body)) {
      // nor are the charts its answer redraws (the exact values replacing the estimates)
      return original(input, init).then((response) => {
        const json = response.json.bind(response);
        response.json = () => json().then((value) => {
          state.polled += 1;
          setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
            state.polled -= 1;
          })), 0);
          return value;
        });
        return response;
      });
    }
    state.inflight += 1;
    state.requests += 1;
    let done = false;
    const finish = () => {
      if (!done) { done = true; markPaint(); }
    };
    return original(input, init).then((response) => {
      const json = response.json.bind(response);
      response.json = () => json().finally(finish);
      if (response.status !== 200) { finish(); }
      return response;
    }, (error) => { finish(); throw error; });
  };
}());
