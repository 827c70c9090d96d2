extension HTMLReport {
    /// Inline stylesheet: system fonts, a fluid grid that becomes one column on a phone, tables
    /// that scroll sideways instead of overflowing.
    static let css = """
    :root { color-scheme: light; --ok: #08754f; --bad: #b3261e; --muted: #5f6368; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #202124; background: #f6f7f9; }
    main { max-width: 1180px; margin: 0 auto; padding: 16px; }
    header h1 { margin: 0 0 4px; font-size: 1.6em; }
    .lede { margin: 0 0 4px; } .meta { margin: 2px 0; color: var(--muted); font-size: 0.92em; }
    h2 { font-size: 1.15em; margin: 28px 0 10px; border-bottom: 1px solid #dadce0; padding-bottom: 4px; }
    h3 { font-size: 1em; margin: 18px 0 8px; }
    section { margin-bottom: 8px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(148px, 1fr)); gap: 10px; margin-top: 14px; }
    .card { background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 10px 12px; border-top: 4px solid #0072B2; }
    .card.ok { border-top-color: var(--ok); } .card.bad { border-top-color: var(--bad); }
    .card .label { color: var(--muted); font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.03em; }
    .card .value { font-size: 1.7em; font-weight: 600; }
    .card .detail { color: var(--muted); font-size: 0.85em; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 12px; }
    @media (max-width: 560px) { .grid { grid-template-columns: 1fr; } main { padding: 8px; } .grid { grid-template-columns: minmax(0, 1fr); } }
    figure { margin: 0; background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 8px; }
    figcaption { font-size: 0.9em; margin-bottom: 4px; }
    svg.chart { width: 100%; height: auto; display: block; background: #fff; }
    section > svg.chart, .grid > svg.chart { border: 1px solid #dadce0; border-radius: 8px; margin-bottom: 10px; }
    svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #3c4043; }
    svg text.title { font-size: 13px; font-weight: 600; fill: #202124; }
    svg text.tick { font-size: 10px; fill: #5f6368; } svg text.small { font-size: 9px; }
    svg text.legend { font-size: 11px; } svg text.ref { font-size: 10px; fill: #444; }
    svg text.empty { font-style: italic; fill: #999; } svg text.node { font-size: 10px; fill: #174ea6; }
    .scroll { overflow-x: auto; }
    /* On a phone, charts keep a legible size and scroll sideways instead of shrinking. */
    .wide > svg.chart { min-width: 760px; }
    figure.route > svg.chart, .grid .scroll > svg.chart { min-width: 480px; }
    .wide > svg.chart, .grid .scroll > svg.chart { border: 1px solid #dadce0; border-radius: 8px; margin-bottom: 10px; }
    table { border-collapse: collapse; background: #fff; margin: 8px 0; font-size: 0.9em; min-width: 100%; }
    th, td { border-bottom: 1px solid #e8eaed; padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: #f1f3f4; font-weight: 600; }
    td.ok { color: var(--ok); font-weight: 600; } td.bad { color: var(--bad); font-weight: 700; }
    code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 8px; }
    .tile { display: flex; gap: 8px; align-items: center; background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 6px 8px; }
    .tile svg.dot { width: 48px; height: 48px; flex: none; }
    .tile .cmd { font-weight: 600; } .tile .small { color: var(--muted); font-size: 0.82em; }
    .circuit.ok { color: var(--ok); } .circuit.bad { color: var(--bad); font-weight: 600; }
    .note { color: var(--muted); font-size: 0.9em; }
    nav.toc { margin: 12px 0 4px; font-size: 0.92em; } nav.toc p { margin: 2px 0; } nav.toc .small { color: var(--muted); font-size: 0.86em; }
    .swatch { display: inline-block; width: 12px; height: 10px; vertical-align: baseline; }
    .swatch.fault { background: rgba(213, 94, 0, 0.25); border: 1px solid #D55E00; }
    footer { margin-top: 28px; color: var(--muted); font-size: 0.85em; }

    """
}
