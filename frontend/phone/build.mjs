// Builds the phone side into internal/devserver/phone/, which Go embeds:
//   test/         the test page (sources in testpage/ and src/testpage/), served at
//                 /__wecomdev/test/ (bundles @wecom/jssdk)
//   reporter.js   /__wecomdev/reporter.js: a standalone script for any page
//   emulator.js   /__wecomdev/emulator.js: a standalone script loaded before the SDK
//   eruda.js      /__wecomdev/eruda.js: on-phone DevTools (npm eruda, pinned), loaded by the
//                 reporter when the console turns it on; nothing from a CDN
// Run through `npm run build:phone` (and `npm run build`).
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))
const out = resolve(here, '../../internal/devserver/phone')

// The test page: plain TypeScript and DOM; the SDK in its own chunk, loaded after the
// emulator when the emulator is on.
await build({
  configFile: false,
  root: resolve(here, 'testpage'),
  base: '/__wecomdev/test/',
  logLevel: 'warn',
  build: {
    outDir: resolve(out, 'test'),
    emptyOutDir: true,
    // WeCom's in-app browsers: Chromium-based XWeb on Android, WKWebView on iOS.
    target: ['es2020', 'chrome80', 'safari14'],
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
})

// The two scripts for any page: one IIFE each, no imports, fixed names.
for (const [name, entry, global] of [
  ['reporter', 'src/reporter/index.ts', 'WecomdevReporter'],
  ['emulator', 'src/emulator/index.ts', 'WecomdevEmulator'],
]) {
  await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: out,
      emptyOutDir: false,
      target: ['es2018', 'chrome64', 'safari12'],
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: resolve(here, entry), formats: ['iife'], name: global, fileName: () => `${name}.js` },
    },
  })
}

copyFileSync(resolve(here, '../node_modules/eruda/eruda.js'), resolve(out, 'eruda.js'))

// Sizes, as the report of the build.
function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}
for (const f of files(out).filter((f) => /\.(js|css|html)$/.test(f)).sort()) {
  const data = readFileSync(f)
  console.log(`phone: ${relative(out, f).padEnd(40)} ${(data.length / 1024).toFixed(1).padStart(6)} kB  gzip ${(gzipSync(data).length / 1024).toFixed(1).padStart(5)} kB`)
}
