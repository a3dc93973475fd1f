import type { GlobalThemeOverrides } from 'naive-ui'

/** Brand green, the primary colour in both themes. */
export const BRAND = '#07C160'

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'

/** WeCom's dark-mode palette (STYLE.md item 10). */
export const DARK = {
  page: '#000000',
  card: '#1C1C1E',
  text: '#F5F5F7',
  secondary: '#8E8E93',
  line: '#38383A',
} as const

export const LIGHT = {
  page: '#F5F5F7',
  card: '#FFFFFF',
  text: '#1D1D1F',
  secondary: '#6E6E73',
  line: '#E5E5EA',
} as const

const brand = {
  primaryColor: BRAND,
  primaryColorHover: '#2AD07A',
  primaryColorPressed: '#06AD56',
  primaryColorSuppl: '#2AD07A',
}

function overrides(p: typeof DARK | typeof LIGHT): GlobalThemeOverrides {
  return {
    common: {
      ...brand,
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
  }
}

export const darkOverrides = overrides(DARK)
export const lightOverrides = overrides(LIGHT)
