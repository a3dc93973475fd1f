import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { darkTheme, lightTheme } from 'naive-ui'
import { describe, expect, it } from 'vitest'
import { contrast, luminance, over, parseColor } from './contrast'
import { DARK, LIGHT, darkOverrides, lightOverrides, type Palette } from './palette'

// WCAG 2.x, 1.4.3 and 1.4.11: text 4.5:1, large text and a control's border 3:1.
const TEXT = 4.5
const BORDER = 3

/** A tone's tint behind its own text: Naive UI tints tags at 0.1 to 0.12 and the selected menu item at 0.1. */
const TINT = 0.16

const TONES = ['primary', 'info', 'success', 'warning', 'error'] as const

/** A tone at some alpha over an opaque background, as an opaque colour. */
function tint(color: string, alpha: number, bg: string): string {
  const [r, g, b] = parseColor(color)
  const [R, G, B] = over(`rgba(${r}, ${g}, ${b}, ${alpha})`, bg)
  return `rgb(${R}, ${G}, ${B})`
}

describe('the WCAG contrast ratio', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 5)
    expect(contrast('#07C160', '#07C160')).toBeCloseTo(1, 5)
  })

  it('gives the known ratios: #767676 on white 4.54:1, the old orange #f0a020 2.15:1', () => {
    expect(contrast('#767676', '#fff')).toBeCloseTo(4.54, 2)
    expect(contrast('#f0a020', '#ffffff')).toBeCloseTo(2.15, 2)
    expect(luminance('#ffffff')).toBeCloseTo(1, 5)
  })

  it('composites a translucent colour over its background first', () => {
    expect(contrast('rgba(0, 0, 0, 0)', '#ffffff')).toBeCloseTo(1, 5)
    expect(contrast('rgba(0, 0, 0, 0.5)', '#ffffff')).toBeCloseTo(contrast('#808080', '#ffffff'), 1)
  })
})

const themes: Array<[string, Palette, typeof lightOverrides, string]> = [
  ['light', LIGHT, lightOverrides, lightTheme.common.baseColor],
  ['dark', DARK, darkOverrides, darkTheme.common.baseColor],
]

describe.each(themes)('the %s theme', (_name, p, o, naiveBase) => {
  const surfaces = { page: p.page, card: p.card }

  it('has body and secondary text at 4.5:1 or more on the page and on a card', () => {
    for (const [where, bg] of Object.entries(surfaces)) {
      expect(contrast(p.text, bg), `text on ${where}`).toBeGreaterThanOrEqual(TEXT)
      expect(contrast(p.secondary, bg), `secondary text on ${where}`).toBeGreaterThanOrEqual(TEXT)
    }
  })

  it.each(TONES)('has %s text at 4.5:1 or more on the page, on a card and on its own tint', (tone) => {
    const c = p[tone].color
    for (const [where, bg] of Object.entries(surfaces)) {
      expect(contrast(c, bg), `${tone} ${c} on ${where} ${bg}`).toBeGreaterThanOrEqual(TEXT)
      expect(contrast(c, tint(c, TINT, bg)), `${tone} ${c} on its tint over ${where}`).toBeGreaterThanOrEqual(TEXT)
    }
  })

  it.each(TONES)('writes a filled %s button label at 4.5:1 or more, hovered and pressed too', (tone) => {
    expect(parseColor(p.onTone), 'the label colour Naive UI writes on a filled button').toEqual(parseColor(naiveBase))
    for (const state of ['color', 'hover', 'pressed'] as const) {
      const bg = p[tone][state]
      expect(contrast(p.onTone, bg), `${p.onTone} on ${tone} ${state} ${bg}`).toBeGreaterThanOrEqual(TEXT)
    }
  })

  it('has disabled text at 4.5:1 and disabled borders at 3:1', () => {
    const d = p.disabled
    for (const [where, bg] of Object.entries({ ...surfaces, fill: d.fill })) {
      expect(contrast(d.text, bg), `disabled text on ${where}`).toBeGreaterThanOrEqual(TEXT)
    }
    for (const [where, bg] of Object.entries(surfaces)) {
      expect(contrast(d.border, bg), `disabled border on ${where}`).toBeGreaterThanOrEqual(BORDER)
    }
  })

  it('hands these colours to Naive UI, and a disabled button keeps them at full opacity', () => {
    const common = o.common!
    for (const tone of TONES) {
      expect(common[`${tone}Color`], tone).toBe(p[tone].color)
      expect(common[`${tone}ColorHover`], tone).toBe(p[tone].hover)
      expect(common[`${tone}ColorPressed`], tone).toBe(p[tone].pressed)
    }
    expect(common.textColor3).toBe(p.secondary)
    expect(common.textColorDisabled).toBe(p.disabled.text)
    const button = o.Button as Record<string, string>
    expect(button.opacityDisabled).toBe('1')
    for (const key of ['textColorDisabled', 'textColorDisabledPrimary', 'textColorTextDisabledWarning', 'textColorGhostDisabledError']) {
      expect(button[key], key).toBe(p.disabled.text)
    }
    expect(button.colorDisabledPrimary).toBe(p.disabled.fill)
    expect(button.borderDisabledPrimary).toBe(`1px solid ${p.disabled.border}`)
  })
})

const css = readFileSync(join(__dirname, '..', 'style.css'), 'utf8')

/** The custom properties of one rule of style.css (its last block for that selector wins). */
function cssVars(selector: string): Record<string, string> {
  const vars: Record<string, string> = {}
  const re = /([^{}]+)\{([^}]*)\}/g
  for (let m = re.exec(css); m; m = re.exec(css)) {
    const sel = m[1]!.replace(/\/\*[\s\S]*?\*\//g, '').trim()
    if (sel !== selector) continue
    for (const decl of m[2]!.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
      const d = /^\s*(--[\w-]+)\s*:\s*(.+?)\s*$/.exec(decl)
      if (d) vars[d[1]!] = d[2]!
    }
  }
  return vars
}

describe("style.css's colour variables", () => {
  const light = cssVars(':root')
  const dark = { ...light, ...cssVars("html[data-theme='dark']") }

  it.each([
    ['light', light, LIGHT],
    ['dark', dark, DARK],
  ] as const)('in the %s theme are the palette’s tones, brand, label on a tone and secondary text', (_name, vars, p) => {
    expect(vars['--wd-muted']?.toLowerCase()).toBe(p.secondary.toLowerCase())
    expect(vars['--wd-brand']?.toLowerCase(), '--wd-brand is the primary tone (components write text in it)').toBe(p.primary.color.toLowerCase())
    expect(vars['--wd-on-tone']?.toLowerCase(), 'the label on a filled tone').toBe(p.onTone.toLowerCase())
    for (const tone of ['info', 'success', 'warning', 'error'] as const) {
      expect(vars[`--wd-${tone}-fg`]?.toLowerCase(), tone).toBe(p[tone].color.toLowerCase())
    }
  })

  it.each([
    ['light', light, LIGHT],
    ['dark', dark, DARK],
  ] as const)('in the %s theme give a differing run of a URL 4.5:1 or more on its highlight', (_name, vars, p) => {
    for (const bg of [p.page, p.card]) {
      const [r, g, b] = over(vars['--wd-diff-bg']!, bg)
      expect(contrast(vars['--wd-diff-fg']!, `rgb(${r}, ${g}, ${b})`)).toBeGreaterThanOrEqual(TEXT)
    }
  })
})
