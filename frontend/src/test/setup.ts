import { afterEach, beforeEach } from 'vitest'
import { fakeMatchMedia, resetMedia } from './media'

beforeEach(() => {
  resetMedia()
  localStorage.clear()
  window.matchMedia = fakeMatchMedia
  delete window.runtime
  delete window.go
  document.documentElement.removeAttribute('data-theme')
  document.documentElement.removeAttribute('lang')
})

afterEach(() => {
  document.body.innerHTML = ''
})
