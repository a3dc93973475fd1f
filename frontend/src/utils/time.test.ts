import { describe, expect, it } from 'vitest'
import { formatClock, formatDateTime, formatDuration, formatRelative } from './time'

describe('formatDuration', () => {
  it.each([
    [420, '0.42 ms'],
    [0, '0.00 ms'],
    [3_140, '3.1 ms'],
    [250_400, '250 ms'],
    [2_500_000, '2.5 s'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('formats %d µs as %s', (us, text) => {
    expect(formatDuration(us)).toBe(text)
  })
})

describe('formatClock and formatDateTime', () => {
  it('show the local time with milliseconds', () => {
    const iso = new Date(2025, 0, 2, 3, 4, 5, 67).toISOString()
    expect(formatClock(iso, 'en-US')).toBe('03:04:05.067')
    expect(formatDateTime(iso, 'en-US')).toMatch(/^1\/2\/2025, 0?3:04:05\.067$/)
  })

  it('show a dash for a time they cannot read', () => {
    expect(formatClock('', 'en-US')).toBe('—')
    expect(formatClock('not a time', 'zh-CN')).toBe('—')
    expect(formatDateTime('', 'en-US')).toBe('—')
  })
})

describe('formatRelative', () => {
  const now = 1_700_000_000_000
  it.each([
    [now - 12 * 60_000, 'en-US', '12 minutes ago'],
    [now + 2 * 3_600_000 + 5_000, 'en-US', 'in 2 hours'],
    [now - 30_000, 'en-US', '30 seconds ago'],
    [now - 3 * 86_400_000, 'en-US', '3 days ago'],
    [now - 12 * 60_000, 'zh-CN', '12分钟前'],
    [now + 2 * 3_600_000, 'zh-CN', '2小时后'],
  ])('says %d in %s as %s', (ms, locale, text) => {
    expect(formatRelative(ms, now, locale)).toBe(text)
  })

  it('shows a dash for no time', () => {
    expect(formatRelative(0, now, 'en-US')).toBe('—')
  })
})
