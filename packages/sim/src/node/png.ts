/**
 * SVG → PNG with @resvg/resvg-js (Rust resvg via napi; the native binary ships in npm's
 * platform packages, so it works offline). Loaded lazily: if the platform has no binary the
 * caller gets `undefined` and writes SVG only.
 */
export async function svgToPng(svg: string): Promise<Uint8Array | undefined> {
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    const r = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    });
    return r.render().asPng();
  } catch {
    return undefined;
  }
}
