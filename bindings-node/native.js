'use strict'
// Loads the compiled addon for this platform (`forumpay.<platform>-<arch>[-<abi>].node`, written by
// `napi build --platform`). Kept apart from the facade so that both `index.js` and `testing.js`
// share one loaded copy.

const { existsSync } = require('node:fs')
const { join } = require('node:path')

/** `gnu` or `musl` on Linux, nothing elsewhere. */
function linuxAbi () {
  if (process.platform !== 'linux') return ''
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null
  const glibc = report && report.header && report.header.glibcVersionRuntime
  return glibc ? '-gnu' : '-musl'
}

/** The platform suffix napi-rs uses in file names. */
function platformSuffix () {
  if (process.platform === 'win32') return `win32-${process.arch}-msvc`
  if (process.platform === 'darwin') return `darwin-${process.arch}`
  return `${process.platform}-${process.arch}${linuxAbi()}`
}

function load () {
  const file = join(__dirname, `forumpay.${platformSuffix()}.node`)
  if (!existsSync(file)) {
    throw new Error(
      `forumpay: no native addon for ${platformSuffix()} (looked for ${file}); ` +
        'build it with `npm run build` in the package folder'
    )
  }
  return require(file)
}

module.exports = load()
