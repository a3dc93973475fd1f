/**
 * WCAG 2.x contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): the relative
 * luminance of sRGB colours and the ratio (L1 + 0.05) / (L2 + 0.05) of the lighter to the
 * darker. Colours are #rgb, #rrggbb, #rrggbbaa or rgb()/rgba(); a translucent one is
 * composited over a background first.
 */

export type RGBA = [number, number, number, number]

/** Parses a CSS colour in hex or rgb()/rgba() notation. */
export function parseColor(css: string): RGBA {
  const s = css.trim().toLowerCase()
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s)
  if (hex) {
    let h = hex[1]!
    if (h.length <= 4) h = [...h].map((c) => c + c).join('')
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16)
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1]
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s)
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3]), fn[4] === undefined ? 1 : Number(fn[4])]
  throw new Error(`not a colour in hex or rgb() notation: ${css}`)
}

/** Composites a (possibly translucent) colour over an opaque background. */
export function over(fg: string, bg: string): RGBA {
  const [r, g, b, a] = parseColor(fg)
  const [R, G, B] = parseColor(bg)
  return [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1]
}

function channel(c: number): number {
  const s = c / 255
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG 2.x relative luminance of an opaque colour. */
export function luminance(c: string | RGBA): number {
  const [r, g, b] = typeof c === 'string' ? parseColor(c) : c
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/** The contrast ratio of text (composited over bg when translucent) on an opaque bg, 1 to 21. */
export function contrast(fg: string | RGBA, bg: string | RGBA): number {
  const back = typeof bg === 'string' ? parseColor(bg) : bg
  const bgCss = `rgb(${back[0]}, ${back[1]}, ${back[2]})`
  const front = typeof fg === 'string' ? over(fg, bgCss) : fg
  const a = luminance(front)
  const b = luminance(back)
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
}
