import type { GlobalThemeOverrides } from 'naive-ui'

/** Brand green, the primary colour in the dark theme and of the logo. */
export const BRAND = '#07C160'

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'

/**
 * A palette: the surfaces and text of WeCom's dark-mode guide (STYLE.md item 10) and its
 * light counterpart, the tones of state (primary, info, success, warning, error) and of a
 * disabled control. Each tone is used as text on `page` and `card` and behind the
 * `onTone` text of a filled button, so every one keeps WCAG 2.x contrast: 4.5:1 for text,
 * 3:1 for a disabled control's border (theme/contrast.test.ts measures them all).
 * style.css repeats `secondary` and the tones as --wd-muted and --wd-<tone>-fg for the
 * scoped styles of components (the same test holds them equal).
 */
export interface Palette {
  page: string
  card: string
  text: string
  secondary: string
  line: string
  /** Text on a filled tone (a primary button's label). */
  onTone: string
  primary: Tone
  info: Tone
  success: Tone
  warning: Tone
  error: Tone
  disabled: { text: string; fill: string; border: string }
}

export interface Tone {
  color: string
  hover: string
  pressed: string
}

/**
 * WeCom's dark-mode palette. The tones are light enough for text on black and carry black
 * labels when filled (Naive UI's dark buttons write on them with the base colour, black).
 */
export const DARK: Palette = {
  page: '#000000',
  card: '#1C1C1E',
  text: '#F5F5F7',
  secondary: '#8E8E93',
  line: '#38383A',
  onTone: '#000000',
  primary: { color: BRAND, hover: '#2AD07A', pressed: '#06AD56' },
  info: { color: '#70C0E8', hover: '#8ACFF0', pressed: '#66AFD3' },
  success: { color: BRAND, hover: '#2AD07A', pressed: '#06AD56' },
  warning: { color: '#F2C97D', hover: '#F5D599', pressed: '#E6C260' },
  // #E88080 (Naive UI's) gave an error tag on a hovered table row 4.4:1 (axe, issue 15).
  error: { color: '#EC8E8E', hover: '#F09C9C', pressed: '#E57272' },
  disabled: { text: '#98989D', fill: '#2C2C2E', border: '#6E6E73' },
}

/**
 * The light palette. Brand green (#07C160) and the usual orange (#F0A020) give 2.4:1 and
 * 2.15:1 on white: too faint for text, and for the white label of a filled button. Every
 * tone here is the darker shade of the same hue that reads at 4.5:1 or more on the page,
 * and on its own tint (a tag, the selected menu item).
 */
export const LIGHT: Palette = {
  page: '#F5F5F7',
  card: '#FFFFFF',
  text: '#1D1D1F',
  secondary: '#6E6E73',
  line: '#E5E5EA',
  onTone: '#FFFFFF',
  primary: { color: '#056B35', hover: '#067A3D', pressed: '#04592C' },
  info: { color: '#145AAD', hover: '#1765C1', pressed: '#104B91' },
  success: { color: '#056B35', hover: '#067A3D', pressed: '#04592C' },
  warning: { color: '#8A5100', hover: '#9A5B00', pressed: '#744400' },
  error: { color: '#B0223A', hover: '#C4283C', pressed: '#921C30' },
  disabled: { text: '#636366', fill: '#F0F0F2', border: '#86868B' },
}

const TONES = ['primary', 'info', 'success', 'warning', 'error'] as const

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The common colours of each tone, as Naive UI names them (primaryColor, warningColorHover, …). */
function toneColors(p: Palette): Record<string, string> {
  const out: Record<string, string> = {}
  for (const tone of TONES) {
    const t = p[tone]
    out[`${tone}Color`] = t.color
    out[`${tone}ColorHover`] = t.hover
    out[`${tone}ColorPressed`] = t.pressed
    out[`${tone}ColorSuppl`] = t.hover
  }
  return out
}

/**
 * A disabled button keeps its shape, turns grey and stays readable. Naive UI's own
 * disabled state only lowers the opacity (0.5 light, 0.38 dark), which left a disabled
 * primary button at 1.95:1 in dark mode.
 */
function disabledButton(p: Palette): Record<string, string> {
  const d = p.disabled
  const out: Record<string, string> = {
    opacityDisabled: '1',
    colorDisabled: d.fill,
    textColorDisabled: d.text,
    textColorTextDisabled: d.text,
    textColorGhostDisabled: d.text,
    borderDisabled: `1px solid ${d.border}`,
  }
  for (const tone of TONES) {
    const T = cap(tone)
    out[`colorDisabled${T}`] = d.fill
    out[`textColorDisabled${T}`] = d.text
    out[`textColorTextDisabled${T}`] = d.text
    out[`textColorGhostDisabled${T}`] = d.text
    out[`borderDisabled${T}`] = `1px solid ${d.border}`
  }
  return out
}

function overrides(p: Palette): GlobalThemeOverrides {
  return {
    common: {
      ...toneColors(p),
      fontFamily: FONT_FAMILY,
      bodyColor: p.page,
      cardColor: p.card,
      modalColor: p.card,
      popoverColor: p.card,
      tableColor: p.card,
      textColorBase: p.text,
      textColor1: p.text,
      textColor2: p.text,
      textColor3: p.secondary,
      textColorDisabled: p.disabled.text,
      borderColor: p.line,
      dividerColor: p.line,
    },
    Layout: {
      color: p.page,
      siderColor: p.card,
      siderBorderColor: p.line,
    },
    Card: {
      color: p.card,
      borderColor: p.line,
    },
    Button: disabledButton(p),
  }
}

export const darkOverrides = overrides(DARK)
export const lightOverrides = overrides(LIGHT)
