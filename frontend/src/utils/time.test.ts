import { describe, expect, it } from 'vitest'
import { formatClock, formatDateTime, formatDuration } from './time'

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
